"""Long posts shown folded: which posts might fold at all (a cheap bound on the HTML), how
many lines a folded one keeps, and the line that ends it."""

from __future__ import annotations

import re

from fedtui.core.render import HTML_TAG

FOLD_LINES = 12  # a post's text longer than this many lines on screen shows folded
FOLD_MIN_HIDDEN = 3  # folding that would hide fewer lines than this is not worth a line
FOLD_NARROWEST = 20  # cells: no pane is narrower (the home screen's are 40)


_LINE_TAGS = re.compile(r"<(?:br|p|div|li|pre|blockquote|h[1-6]|tr|dt|hr|figcaption)\b", re.I)


def could_fold(html: str, limit: int = FOLD_LINES) -> bool:
    """Whether a post's HTML might be more than `limit` lines on screen at some width down
    to FOLD_NARROWEST: a cheap upper bound (a wrapped line holds at least a third of a row
    of cells, wide characters counted twice; a shorter one ends at a line-breaking tag or a
    newline, and a block tag may add a blank line too; an ellipsis adds a character)."""
    text = HTML_TAG.sub("", html)
    characters = len(text) + html.count("ellipsis")
    breaks = 2 * len(_LINE_TAGS.findall(html)) + text.count("\n")
    bound = 3 * characters // FOLD_NARROWEST + breaks
    return bound > limit


def fold_at(line_count: int, limit: int = FOLD_LINES) -> int | None:
    """How many of a text's `line_count` lines on screen to show folded (the last line
    says how many more there are), or None when it is shown whole."""
    keep = max(1, limit - 1)
    return keep if line_count - keep >= FOLD_MIN_HIDDEN else None


def more_lines(hidden: int, show_key: str = "s") -> str:
    """The line that ends a folded post (`show_key`: the key that unfolds it)."""
    return f"… {hidden} more line{'s' if hidden != 1 else ''} — press {show_key} to show"
