"""A list's card (an id and its drawn `Content`) and the rendered lines a list keeps."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.cache import LRUCache
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style


class Card:
    """One entry: its id, what it shows, and its height at the last width it was measured
    for. A card's content never changes: a redrawn post is a new card."""

    __slots__ = ("_measured", "content", "id")

    def __init__(self, id: str, content: Content) -> None:
        self.id = id
        self.content = content
        self._measured: tuple[int, int] | None = None  # (width, height)

    def height(self, rules: RulesMap, width: int) -> int:
        """Lines of the card's content at `width` cells."""
        if self._measured is None or self._measured[0] != width:
            self._measured = (width, self.content.get_height(rules, width))
        return self._measured[1]


Render = Callable[[Card, Style, int], list[Strip]]


class RenderedCards:
    """The rendered lines of the cards drawn last, by style and width, for at most `size`
    cards; a card that leaves the list takes its lines with it."""

    def __init__(self, size: int) -> None:
        self._kept: LRUCache[Card, dict[tuple[Style, int], list[Strip]]] = LRUCache(size)

    def lines(self, card: Card, style: Style, width: int, render: Render) -> list[Strip]:
        """The card's lines, rendered by `render` if they are not kept."""
        kept = self._kept.get(card)
        if kept is None:
            kept = self._kept[card] = {}
        strips = kept.get((style, width))
        if strips is None:
            strips = kept[style, width] = render(card, style, width)
        return strips

    def forget(self, cards: Iterable[Card]) -> None:
        for card in cards:
            self._kept.discard(card)
