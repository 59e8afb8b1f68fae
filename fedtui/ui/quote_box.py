"""The quoted post inside a card: a box with its author and a short excerpt, or one line
that says why it is not shown. The excerpt comes from `fedtui.core.quoted` (sanitised)."""

from __future__ import annotations

from textual.content import Content

from fedtui.core.model import Quote
from fedtui.core.quoted import QUOTE_LINES, quote_excerpt, unavailable


def quote_box(quote: Quote, show_all: bool, when: str, width: int | None,
              keys: tuple[str, str] = ("s", "i")) -> Content:
    """The box: `when` is the quoted post's time as the card shows times; `width` the
    cells for the box, when known (its lines are wrapped to it, the excerpt cut to
    QUOTE_LINES lines), else one line per part; `keys`: those that show the quoted post's
    hidden part and open it."""
    found = quote_excerpt(quote, show_all, keys[0])
    opens_it = f"{keys[1]} opens it"
    opens = unavailable(quote) is None
    if not found.shown:
        return Content.assemble(("❝ ", "$accent"), (found.note, "italic $text-muted"),
                                (f" · {opens_it}" if opens else "", "$text-muted"))
    head = Content.assemble(("❝ ", "$accent"), (found.author, "bold"), " ",
                            (f"@{found.acct}", "$text-muted"),
                            (f" · {when} · {opens_it}" if when else f" · {opens_it}",
                             "$text-muted"))
    parts: list[tuple[Content, int]] = [(head, 2)]
    if found.note:
        parts.append((Content.styled(found.note, "bold $warning"), 2))
    if found.text:
        parts.append((Content(found.text), QUOTE_LINES))
    parts.extend((Content.styled(line, "$text-muted"), 1) for line in found.media)
    inner = width - 2 if width is not None and width > 6 else None
    lines: list[Content] = []
    for part, most in parts:
        lines.extend(_cut(part, inner, most))
    return _framed(lines)


def _cut(part: Content, width: int | None, most: int) -> list[Content]:
    """`part` wrapped to `width`, at most `most` lines (the last one ends with "…")."""
    if width is None:
        return [part]
    lines = part.wrap(width)
    if len(lines) <= most:
        return lines
    kept = lines[:most]
    last = kept[-1].rstrip()
    kept[-1] = (last if last.cell_length < width else last.truncate(width - 1)) + "…"
    return kept


def _framed(lines: list[Content]) -> Content:
    """`╭` before the first line, `│` before the middle ones, `╰` before the last."""
    framed = []
    for index, line in enumerate(lines):
        corner = "╭ " if index == 0 else "╰ " if index == len(lines) - 1 else "│ "
        framed.append(Content.styled(corner, "$text-muted") + line)
    return Content("\n").join(framed)
