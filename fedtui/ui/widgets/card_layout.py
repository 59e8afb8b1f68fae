"""A list's cards in order and where each one begins, and what a frame of the list draws
from (no drawing: `CardList` draws them).

Each card's first line is measured from the heights the cards keep, once per width, and
found again only after cards move or change; a card id's position is indexed on demand.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from textual.style import Style

from fedtui.ui.widgets.card import Card


@dataclass(slots=True)
class Frame:
    """What a frame of a list draws from, read once as it begins (Textual then asks for
    each line in turn)."""

    tops: list[int]
    width: int
    look_up: Callable[..., Style]  # the list's style of some component classes
    top: int = 0  # the list's line at the top of the view
    highlighted: int | None = None
    hovered: int | None = None
    styles: dict[tuple[str, ...], Style] = field(default_factory=dict)  # by component classes

    def style(self, *classes: str) -> Style:
        """The style of these component classes, looked up once a frame."""
        if (style := self.styles.get(classes)) is None:
            style = self.styles[classes] = self.look_up(*classes)
        return style


class CardLayout:
    """The cards of a list, their positions by id, and each card's first line (a rule line
    under each card: a card's lines run from its top to the next card's top less one).
    `cards` is read as it is and changed through `set`, `insert`, `remove` and `replace`."""

    def __init__(self) -> None:
        self.cards: list[Card] = []
        self._positions: dict[str, int] | None = None  # card id -> index (None: to build)
        self._tops: list[int] | None = None  # first line of each card (None: to measure)
        self.width = 0  # the content width the tops were measured for
        self.region_width = 0  # the list's width then

    def index_of(self, card_id: str) -> int | None:
        """The position of the card with this id, or None."""
        if self._positions is None:
            self._positions = {card.id: index for index, card in enumerate(self.cards)}
        return self._positions.get(card_id)

    @property
    def measured(self) -> bool:
        """Whether the tops are measured (for the width in `region_width`)."""
        return self._tops is not None

    def set(self, cards: list[Card]) -> list[Card]:
        """Put these cards in place of all; the cards there before."""
        old, self.cards = self.cards, cards
        self.changed()
        return old

    def insert(self, index: int, cards: Sequence[Card]) -> None:
        """Put these cards before the one at `index`."""
        self.cards[index:index] = cards
        self.changed()

    def replace(self, index: int, card: Card) -> Card:
        """Put `card` in place of the one at `index` (the tops stay: its caller checks
        the height); the card it replaces."""
        old, self.cards[index] = self.cards[index], card
        if old.id != card.id:
            self._positions = None
        return old

    def remove(self, card_ids: Collection[str]) -> list[Card]:
        """Take the cards with these ids out; the cards taken out."""
        gone = [card for card in self.cards if card.id in card_ids]
        if gone:
            self.cards = [card for card in self.cards if card.id not in card_ids]
            self.changed()
        return gone

    def successor(self, index: int, card_ids: Collection[str]) -> Card | None:
        """The card that takes the place of the one at `index` once the cards with these
        ids go: the next one left, else the last one left."""
        left = (card for card in self.cards[index:] if card.id not in card_ids)
        before = (card for card in reversed(self.cards[:index]) if card.id not in card_ids)
        return next(left, None) or next(before, None)

    def changed(self) -> None:
        """Cards moved, came or went: find their positions and lines again when asked."""
        self._positions = None
        self._tops = None

    def tops_at(self, region_width: int) -> list[int] | None:
        """The tops measured for a list this wide, or None if they are to measure."""
        return self._tops if region_width == self.region_width else None

    def measure(self, width: int, region_width: int, height: Callable[[Card], int]) -> list[int]:
        """Each card's first line (and the end of the last card's rule), from the height
        of each card's content at `width` cells."""
        self.width, self.region_width = width, region_width
        # from the last card up: the first ones are measured last, and stay held drawn
        heights = [height(card) + 1 for card in reversed(self.cards)]
        self._tops = [0, *accumulate(reversed(heights))]
        return self._tops

    def unmeasured(self) -> list[int]:
        """Tops for a list not laid out yet: every card at line 0, measured on resize."""
        self._tops = None
        return [0] * (len(self.cards) + 1)

    def card_at(self, tops: Sequence[int], line: int) -> int | None:
        """The index of the card drawn on this line (its rule included), or None."""
        index = bisect_right(tops, line) - 1
        return index if 0 <= index < len(self.cards) else None

    def place(self, tops: Sequence[int], line: int) -> tuple[int, int, int] | None:
        """The card drawn on this line: its index, the line's offset in the card and the
        card's height (an offset equal to the height: its rule); None below the last."""
        if (index := self.card_at(tops, line)) is None:
            return None
        top, height = self.lines_of(tops, index)
        return index, line - top, height

    def visible(self, tops: Sequence[int], top: int, height: int) -> range:
        """The indexes of the cards on a view of `height` lines from line `top`."""
        if (first := self.card_at(tops, top)) is None:
            return range(0)
        last = self.card_at(tops, top + max(height - 1, 0))
        return range(first, (last if last is not None else len(self.cards) - 1) + 1)

    def ahead(self, index: int, heading: int, shown: range) -> list[tuple[int, bool]]:
        """The cards a move from `index` the way `heading` says (1: down, -1: up) will
        show, each with whether it will be highlighted: the next card, and the card past
        the view that way."""
        if not shown:
            return []
        past_view = shown.stop if heading > 0 else shown.start - 1
        return [(ahead, highlighted) for ahead, highlighted
                in ((index + heading, True), (past_view, False)) if 0 <= ahead < len(self.cards)]

    @staticmethod
    def lines_of(tops: Sequence[int], index: int) -> tuple[int, int]:
        """The first line of a card and its height (without its rule)."""
        return tops[index], tops[index + 1] - tops[index] - 1

    def lines_above(self, tops: Sequence[int], card_ids: Collection[str], line: int) -> int:
        """How many lines the cards with these ids take above `line` (rules included)."""
        return sum(tops[index + 1] - tops[index] for index, card in enumerate(self.cards)
                   if card.id in card_ids and tops[index + 1] <= line)
