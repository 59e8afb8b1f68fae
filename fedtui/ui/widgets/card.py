"""A list's card (an id and its drawn `Content`) and what a list keeps of its cards."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable

from textual.cache import LRUCache
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style


class Card:
    """One entry: its id, what it shows, and its height at the last width it was measured
    for. A post drawn anew (an edit, a content warning shown) is a new card.

    A card that can draw its content again (`PostCard`) lets it go while it is far from
    the screen (`let_go`): it keeps its height, and draws the content the same way when
    next asked (only its times may read later), then measures it again."""

    __slots__ = ("_content", "_measured", "id")

    def __init__(self, id: str, content: Content) -> None:
        self.id = id
        self._content: Content | None = content
        self._measured: tuple[int, int] | None = None  # (width, height)

    @property
    def content(self) -> Content:
        if self._content is None:
            self._content = self._draw_again()
            self._measured = None  # drawn again: its height is measured again when asked
        return self._content

    @property
    def holds_content(self) -> bool:
        """Whether the content is held now (not let go)."""
        return self._content is not None

    def _draw_again(self) -> Content:
        raise NotImplementedError  # a plain card never lets its content go

    def let_go(self) -> None:
        """Drop the drawn content if the card can draw it again (a plain card keeps it)."""

    def measured_at(self, width: int) -> bool:
        """Whether the card's height at `width` is known."""
        return self._measured is not None and self._measured[0] == width

    def height(self, rules: RulesMap, width: int) -> int:
        """Lines of the card's content at `width` cells."""
        if self._measured is None or self._measured[0] != width:
            self._measured = (width, self.content.get_height(rules, width))
        return self._measured[1]


Render = Callable[[Card, Style, int], list[Strip]]


class KeptCards:
    """What a list keeps of its cards besides their heights: the rendered lines (by style
    and width) of the `rendered` cards shown last, and the content of the `drawn` cards
    measured or shown last; the others let their content go. A card that leaves the list
    takes both with it."""

    def __init__(self, rendered: int, drawn: int) -> None:
        self._lines: LRUCache[Card, dict[tuple[Style, int], list[Strip]]] = LRUCache(rendered)
        self._drawn = drawn
        self._held: OrderedDict[Card, None] = OrderedDict()

    def _hold(self, card: Card) -> None:
        self._held[card] = None
        self._held.move_to_end(card)
        while len(self._held) > self._drawn:
            self._held.popitem(last=False)[0].let_go()

    def height(self, card: Card, rules: RulesMap, width: int) -> int:
        """The card's height at `width` (measured, and its content held, if not known)."""
        if not card.measured_at(width):
            self._hold(card)
        return card.height(rules, width)

    def lines(self, card: Card, style: Style, width: int, render: Render) -> list[Strip]:
        """The card's lines, rendered by `render` (its content held) if they are not kept."""
        kept = self._lines.get(card)
        if kept is None:
            kept = self._lines[card] = {}
        strips = kept.get((style, width))
        if strips is None:
            self._hold(card)
            strips = kept[style, width] = render(card, style, width)
        return strips

    def forget(self, cards: Iterable[Card]) -> None:
        for card in cards:
            self._lines.discard(card)
            self._held.pop(card, None)
