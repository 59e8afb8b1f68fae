"""The rendered card of each post a list shows, kept until the post or its view changes.

No Textual logic here beyond holding `Card`s: the list asks for a card, and says which
cards went out of date (an edit, a new language badge, the minute tick). Out-of-date cards
are drawn again only when they are on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from textual.content import Content

from fedtui.core.model import Item, Notification
from fedtui.core.timefmt import relative_time
from fedtui.core.timeline import status_ids
from fedtui.ui.widgets.card import Card


class PostCard(Card):
    """The card of a post: its content, let go while far from the screen, is drawn again
    from the same post (its times read right as of then; a changed post is a new card)."""

    __slots__ = ("_draw", "_item")

    def __init__(self, item: Item, content: Content, draw: Callable[[Item], Content]) -> None:
        super().__init__(item.id, content)
        self._item = item
        self._draw = draw

    def _draw_again(self) -> Content:
        return self._draw(self._item)

    def let_go(self) -> None:
        self._content = None


class Cards:
    """One `Card` per post id, and for each status id the other posts whose cards show it
(boosts of it, notifications about it; a post's own card is not written down).

    Each card remembers the time it was drawn for. The minute tick marks every card
    "unsure" at once (no walk over the list); a card's times are compared only when it is
    on screen, and it is drawn again only if they read otherwise now."""

    def __init__(self, draw: Callable[[Item], Content], clock: Callable[[], datetime]) -> None:
        self._draw = draw
        self._clock = clock
        self._cards: dict[str, Card] = {}
        self._showing: dict[str, set[str]] = {}  # status id -> ids of other cards showing it
        self._drawn_at: dict[str, datetime] = {}
        self._ticked = clock()
        self.stale: set[str] = set()  # ids of cards to draw again when next on screen
        self._unsure: set[str] = set()  # ids of cards whose times may read otherwise
        # cards drawn before their posts were in the list's source, and the posts they show
        self._ahead: dict[str, tuple[Card, Item]] = {}

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._cards

    @property
    def behind(self) -> bool:
        """Whether some card may be out of date."""
        return bool(self.stale or self._unsure)

    def _drawing(self, item: Item) -> Content:
        self._drawn_at[item.id] = self._clock()
        self.stale.discard(item.id)
        self._unsure.discard(item.id)
        return self._draw(item)

    def _new_card(self, item: Item) -> Card:
        return PostCard(item, self._drawing(item), self._draw)

    def card(self, item: Item) -> Card:
        """The card of `item`, drawn on first use, and again if it was drawn ahead from
        another version of the post (an edit, new counts, streamed before the beat)."""
        card = self._cards.get(item.id)
        if card is None:
            card = self._cards[item.id] = self._new_card(item)
            for status_id in status_ids(item):
                if status_id != item.id:  # a post's card shows its own id untold
                    self._showing.setdefault(status_id, set()).add(item.id)
        elif (ahead := self._ahead.get(item.id)) is not None and ahead[0] is card \
                and ahead[1] != item:
            card = self.redraw(item)
        return card

    def ahead(self, item: Item) -> Card:
        """The card of a post not in the list's source yet (a live post waiting for the
        next beat), drawn now; it goes with `unused_ahead` if it is not put in then."""
        card = self.card(item)
        self._ahead[item.id] = (card, item)
        return card

    def unused_ahead(self, on_list: Callable[[Card], bool]) -> list[Card]:
        """Drop the cards drawn ahead that the list does not show (their posts deleted, or
        hidden, in the same batch, or drawn again since); those cards."""
        unused = [card for card, _ in self._ahead.values() if not on_list(card)]
        self._ahead = {}
        self.drop(card.id for card in unused if self._cards.get(card.id) is card)
        return unused

    def redraw(self, item: Item) -> Card:
        """A new drawing of `item`, for the card already in the list."""
        card = self._cards[item.id] = self._new_card(item)
        return card

    def tick(self) -> None:
        """A minute went by: any card's "3m" may now read "4m"."""
        self._ticked = self._clock()
        self._unsure = set(self._cards)

    def out_of_date(self, item: Item) -> bool:
        """Whether the card of `item` must be drawn again: it changed, or its times read
        otherwise at the last tick than when it was drawn."""
        if item.id in self.stale:
            return True
        if item.id not in self._unsure:
            return False
        self._unsure.discard(item.id)
        drawn = self._drawn_at.get(item.id)
        if drawn is None or not time_moved(item, drawn, self._ticked):
            self._drawn_at[item.id] = self._ticked  # it reads right as of the tick
            return False
        return True

    def forget(self, item_ids: Iterable[str]) -> None:
        """These posts changed: their cards are drawn again when next needed."""
        for item_id in item_ids:
            self._cards.pop(item_id, None)
            self.stale.discard(item_id)
            self._unsure.discard(item_id)

    def drop(self, item_ids: Iterable[str]) -> None:
        """These posts left the list: their cards go."""
        gone = set(item_ids)
        for item_id in gone:
            self._cards.pop(item_id, None)
            self._drawn_at.pop(item_id, None)
        self.stale -= gone
        self._unsure -= gone
        for status_id in [s for s, ids in self._showing.items() if ids & gone]:
            if not (kept := self._showing[status_id] - gone):
                del self._showing[status_id]
            else:
                self._showing[status_id] = kept

    def keep_only(self, item_ids: set[str]) -> None:
        """Drop the cards of posts no longer shown."""
        self._cards = {key: card for key, card in self._cards.items() if key in item_ids}
        self._drawn_at = {key: at for key, at in self._drawn_at.items() if key in item_ids}
        self.stale &= item_ids
        self._unsure &= item_ids
        self._showing = {status_id: kept for status_id, ids in self._showing.items()
                         if (kept := ids & item_ids)}

    def showing(self, status_ids: Iterable[str]) -> set[str]:
        """Ids of the posts whose cards show any of these statuses (boosts included)."""
        found: set[str] = set()
        for status_id in status_ids:
            found |= self._showing.get(status_id, set())
            found.add(status_id)
        return found & self._cards.keys()


def time_moved(item: Item, then: datetime, now: datetime) -> bool:
    """Whether a card drawn at `then` says another time at `now` (a poll's too)."""
    status = item.status if isinstance(item, Notification) else item
    status = status.shown if status is not None else None
    if status is not None and status.poll is not None:
        return True
    moment = item.created_at if isinstance(item, Notification) else (
        status.created_at if status is not None else None)
    return moment is not None and relative_time(moment, then) != relative_time(moment, now)
