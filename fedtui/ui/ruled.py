"""A rule down the left of a block of a card (a thread's depth, a translation)."""

from __future__ import annotations

from textual.content import Content


def ruled(content: Content, rule: Content, width: int | None) -> Content:
    """`content` with `rule` in front of each line: of each line on screen when `width` (the
    cells available) is known, else of each paragraph (its wrapped lines then go without)."""
    if width is not None and width > rule.cell_length + 1:
        lines = content.wrap(width - rule.cell_length)
    else:
        lines = content.split("\n")
    return Content("\n").join(rule + line for line in lines)
