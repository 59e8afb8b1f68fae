"""One pane's items, newest first and unique by id, with the reader's position.

Every change returns a `TimelineDiff` so the UI can update only what changed. New items
that arrive above the focused item while the user reads do not move the focus; they are
counted in `unread_above` until the reader scrolls up to them or calls
`mark_read_to_top`. At most `max_items` are kept: loading newer items trims the oldest,
loading older items trims the newest. With `keep_pushed_out` set, the oldest items trimmed
wait in `take_pushed_out` (the pane keeps them on disk, to read them back).
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Generic, Protocol, TypeVar, cast

from fedtui.core.model import Notification, Status

DEFAULT_MAX_ITEMS = 2000


class Identified(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=Identified)


def id_key(item_id: str) -> tuple[int, str]:
    """Sort key of a Mastodon id: numeric order for digit strings of any length."""
    return (len(item_id), item_id)


def status_ids(item: object) -> tuple[str, ...]:
    """Ids of the statuses an item shows: itself and what it boosts, or a notification's."""
    if isinstance(item, Status):
        return (item.id,) if item.reblog is None else (item.id, item.reblog.id)
    if isinstance(item, Notification):
        return (item.status.id,) if item.status is not None else ()
    return (str(getattr(item, "id", "")),)


@dataclass(frozen=True, slots=True)
class TimelineDiff:
    """Ids affected by one change, each in display order (newest first).

    `inserted`: new items above the previous oldest one (usually at the top; find their
    position with `TimelineState.index_of`); `appended`: new items below it; `reordered`:
    items that were there before are in another order now (a fresh ranking).
    """

    inserted: tuple[str, ...] = ()
    appended: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    reordered: bool = False

    def __bool__(self) -> bool:
        return bool(self.inserted or self.appended or self.removed or self.replaced
                    or self.reordered)

    def __add__(self, later: TimelineDiff) -> TimelineDiff:
        """This change followed by `later`, as one (each id once, in its latest role)."""
        gone = set(later.removed)

        def keep(*groups: tuple[str, ...], drop: set[str]) -> tuple[str, ...]:
            return tuple(dict.fromkeys(i for group in groups for i in group if i not in drop))

        added = set(self.inserted) | set(self.appended)
        return TimelineDiff(
            inserted=keep(self.inserted, later.inserted, drop=gone),
            appended=keep(self.appended, later.appended, drop=gone | set(later.inserted)),
            removed=keep(self.removed, later.removed, drop=set(later.inserted)
                         | set(later.appended)),
            replaced=keep(self.replaced, later.replaced, drop=gone | added
                          | set(later.inserted) | set(later.appended)),
            reordered=self.reordered or later.reordered)


class PostList(Generic[T]):
    """Posts in display order, unique by id, indexed by id: what a pane and a thread share."""

    def __init__(self) -> None:
        self._items: list[T] = []
        self._by_id: dict[str, T] = {}

    @property
    def items(self) -> tuple[T, ...]:
        return tuple(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._by_id

    def get(self, item_id: str) -> T | None:
        return self._by_id.get(item_id)

    def update(self, status: Status) -> TimelineDiff:
        """A status changed (edit, counts, poll): replace it wherever it is shown."""
        replaced = []
        for index, item in enumerate(self._items):
            fresh = refreshed(item, status)
            if fresh is not None:
                self._items[index] = fresh
                self._by_id[item.id] = fresh
                replaced.append(item.id)
        return TimelineDiff(replaced=tuple(replaced))


class TimelineState(PostList[T]):
    """Items newest first, unique by id, indexed by id; at most `max_items`."""

    def __init__(self, max_items: int = DEFAULT_MAX_ITEMS) -> None:
        super().__init__()
        self.max_items = max(1, max_items)
        self._focus_id: str | None = None
        self._unread: set[str] = set()
        #: Newer posts than the newest kept were dropped (older ones loaded at the cap, or
        #: newer ones streamed while the reader was at the bottom): the top of the list is
        #: not the newest until the first page is loaded again.
        self.newer_cut = False
        #: How many items below the reader's stay in memory with it (a screenful, set by
        #: the pane): newer items that would push them out at the cap are dropped instead.
        self.kept_below_focus = 0
        #: The newest items the reader has not seen that left memory (those dropped so,
        #: and unread ones older items pushed out), until the first page is loaded again.
        self.newer_waiting = 0
        #: Collect the oldest items the cap pushes out, for `take_pushed_out`.
        self.keep_pushed_out = False
        self._pushed_out: list[T] = []

    # reading

    def index_of(self, item_id: str) -> int | None:
        """Position of an item (0 is the newest), or None."""
        if item_id not in self._by_id:
            return None
        return next(i for i, item in enumerate(self._items) if item.id == item_id)

    @property
    def newest_id(self) -> str | None:
        return self._items[0].id if self._items else None

    @property
    def oldest_id(self) -> str | None:
        return self._items[-1].id if self._items else None

    # reading position

    @property
    def focus_id(self) -> str | None:
        """The item the reader is on; None when nothing is focused."""
        return self._focus_id

    @focus_id.setter
    def focus_id(self, item_id: str | None) -> None:
        self._focus_id = item_id if item_id in self._by_id else None
        if self._focus_id is None:
            self._unread.clear()
        else:
            self._unread = self._still_unread(self._focus_id)

    def _still_unread(self, focus_id: str) -> set[str]:
        """The unread items that are still above the reader, on `focus_id` now."""
        focus = id_key(focus_id)
        return {i for i in self._unread if id_key(i) > focus}

    @property
    def unread_above(self) -> int:
        """How many items arrived above the focused one since the reader was there."""
        return len(self._unread)

    @property
    def unread_ids(self) -> frozenset[str]:
        """The items counted in `unread_above`."""
        return frozenset(self._unread)

    def take_pushed_out(self) -> list[T]:
        """The oldest items the cap pushed out since the last call, newest first."""
        taken, self._pushed_out = self._pushed_out, []
        return taken

    def mark_read_to_top(self) -> None:
        """The reader jumped to the newest item: focus it, nothing is unread."""
        self._unread.clear()
        self._focus_id = self.newest_id

    # changes

    def replace_all(self, items: Iterable[T]) -> TimelineDiff:
        """Replace everything with the server's answer (a fresh first page)."""
        old = {item.id: item for item in self._items}
        bottom = self._bottom()
        self._items, self._by_id = [], {}
        self.newer_cut, self.newer_waiting = False, 0
        merged = self._merge(items, trim_oldest=True, known=old, bottom=bottom)
        removed = tuple(i for i in old if i not in self._by_id)
        replaced = tuple(i.id for i in self._items if i.id in old)
        self._forget(removed)
        reordered = replaced != tuple(i for i in old if i in self._by_id)
        return replace(merged, removed=merged.removed + removed, replaced=replaced,
                       reordered=reordered)

    def prepend_newer(self, items: Iterable[T]) -> TimelineDiff:
        """Add newer items (a newer page, a streamed post); known ids are ignored. At the
        cap the oldest leave, unless the reader is among them (or `kept_below_focus` above
        them): then the newest do, and wait on the server (`newer_cut`). While newer ones
        than the top wait there, items above the top wait with them (in memory they would
        sit above a gap)."""
        if self.newer_cut and self._items:
            top, items = id_key(self._items[0].id), list(items)
            above = {item.id for item in items if id_key(item.id) > top}
            self.newer_waiting += len(above)
            items = [item for item in items if item.id not in above]
        return self._merge(items, trim_oldest=True, spare_reader=True)

    def append_older(self, items: Iterable[T]) -> TimelineDiff:
        """Add older items (the next page down); known ids are ignored. At the cap the
        newest leave, and wait on the server (`newer_cut`; the unread ones counted in
        `newer_waiting`)."""
        return self._merge(items, trim_oldest=False)

    def remove(self, status_id: str) -> TimelineDiff:
        """A status was deleted: drop it, boosts of it and notifications about it."""
        gone = tuple(item.id for item in self._items if status_id in status_ids(item))
        return self._drop(gone)

    def discard(self, item_id: str) -> TimelineDiff:
        """Drop one item by its own id (a dismissed notification, an undone boost)."""
        return self._drop((item_id,) if item_id in self._by_id else ())

    # internals

    def _bottom(self) -> tuple[int, str] | None:
        return id_key(self._items[-1].id) if self._items else None

    def _merge(self, items: Iterable[T], *, trim_oldest: bool, known: dict[str, T] | None = None,
               bottom: tuple[int, str] | None = None, spare_reader: bool = False,
               ) -> TimelineDiff:
        new: dict[str, T] = {}
        for item in items:
            if item.id and item.id not in self._by_id:
                new[item.id] = item
        if not new:
            return TimelineDiff()
        bottom = self._bottom() if known is None else bottom
        fresh = sorted(new.values(), key=lambda item: id_key(item.id), reverse=True)
        self._items = self._merged(fresh)
        self._by_id.update(new)
        trimmed = self._trim(trim_oldest, spare_reader, unseen=new)
        skip = set(trimmed) | set(known or ())
        added = [item.id for item in fresh if item.id not in skip]
        if bottom is None:
            inserted, appended = (added, []) if trim_oldest else ([], added)
        else:
            inserted = [i for i in added if id_key(i) > bottom]
            appended = [i for i in added if id_key(i) < bottom]
        if self._focus_id is not None:
            focus = id_key(self._focus_id)
            self._unread.update(i for i in added if id_key(i) > focus)
        return TimelineDiff(inserted=tuple(inserted), appended=tuple(appended),
                            removed=tuple(i for i in trimmed if i not in new))

    def _merged(self, fresh: list[T]) -> list[T]:
        """The items with `fresh` (newest first) in their places: put before or after them
        when all are newer or older (a streamed post, the next page down: no walk over the
        items), merged otherwise."""
        items = self._items
        if not items or id_key(fresh[-1].id) > id_key(items[0].id):
            return fresh + items
        if id_key(fresh[0].id) < id_key(items[-1].id):
            return items + fresh
        return list(heapq.merge(items, fresh, key=lambda item: id_key(item.id), reverse=True))

    def _trim(self, oldest: bool, spare_reader: bool = False,
              unseen: Container[str] = ()) -> tuple[str, ...]:
        """Cut the items past the cap, the oldest or the newest; newest ones the reader has
        not seen (`unseen`, the change's new ones, or unread) are counted waiting."""
        excess = len(self._items) - self.max_items
        if excess <= 0:
            return ()
        if oldest and spare_reader and self._focus_id is not None:
            focus = self.index_of(self._focus_id)
            oldest = focus is None or focus + self.kept_below_focus < len(self._items) - excess
        if oldest:
            cut, self._items = self._items[-excess:], self._items[:-excess]
            if self.keep_pushed_out:
                self._pushed_out = cut + self._pushed_out
        else:
            cut, self._items = self._items[:excess], self._items[excess:]
            self.newer_cut = True
            self.newer_waiting += sum(1 for item in cut
                                      if item.id in unseen or item.id in self._unread)
        ids = tuple(item.id for item in cut)
        for item_id in ids:
            del self._by_id[item_id]
        self._forget(ids)
        return ids

    def _drop(self, ids: tuple[str, ...]) -> TimelineDiff:
        if not ids:
            return TimelineDiff()
        gone = set(ids)
        self._items = [item for item in self._items if item.id not in gone]
        for item_id in ids:
            del self._by_id[item_id]
        self._forget(ids)
        return TimelineDiff(removed=ids)

    def _forget(self, ids: Iterable[str]) -> None:
        """Keep the reading position valid after items left."""
        ids = set(ids)
        self._unread -= ids
        if self._focus_id in ids:
            focus = id_key(self._focus_id)
            below = (item.id for item in self._items if id_key(item.id) < focus)
            self.focus_id = next(below, self.oldest_id)


class RankedState(TimelineState[T]):
    """A pane's items in the order given (a ranking, best first), not by id. A new ranking
    may move every item, so its diff names them all as inserted: the list is drawn again.
    Items that arrive later are `place`d by their score among the ranked ones; "unread"
    means placed above the reader."""

    def __init__(self, max_items: int = DEFAULT_MAX_ITEMS) -> None:
        super().__init__(max_items)
        self.scores: dict[str, float] = {}  # by item id; an item without one ranks last

    def rank(self, items: Iterable[T], scores: Mapping[str, float]) -> TimelineDiff:
        """A new ranking, best first, and its scores."""
        self.scores = dict(scores)
        return self.replace_all(items)

    def place(self, scored: Iterable[tuple[T, float]]) -> TimelineDiff:
        """New items at their place by score (after the items of an equal score); past
        `max_items` the lowest ranked leave. Known ids are ignored."""
        placed: list[str] = []
        for item, value in scored:
            if not item.id or item.id in self._by_id:
                continue
            index = bisect_right(self._items, -value, key=self._rank_key)
            self._items.insert(index, item)
            self._by_id[item.id] = item
            self.scores[item.id] = value
            placed.append(item.id)
        focus = self.index_of(self._focus_id) if self._focus_id is not None else None
        if focus is not None:
            self._unread.update(i for i in placed if (self.index_of(i) or 0) < focus)
        trimmed = set(self._trim(True))
        for item_id in trimmed:
            self.scores.pop(item_id, None)
        return TimelineDiff(inserted=tuple(i for i in placed if i not in trimmed),
                            removed=tuple(i for i in trimmed if i not in placed))

    def _rank_key(self, item: T) -> float:
        return -self.scores.get(item.id, -math.inf)

    def _still_unread(self, focus_id: str) -> set[str]:
        """Above the reader in the ranking (ids say nothing of the order here)."""
        focus = self.index_of(focus_id) or 0
        return {i for i in self._unread if (self.index_of(i) or 0) < focus}

    def _merge(self, items: Iterable[T], *, trim_oldest: bool, known: dict[str, T] | None = None,
               bottom: tuple[int, str] | None = None, spare_reader: bool = False,
               ) -> TimelineDiff:
        new: dict[str, T] = {}
        for item in items:
            if item.id and item.id not in self._by_id:
                new.setdefault(item.id, item)
        if not new:
            return TimelineDiff()
        fresh = list(new.values())
        self._items = fresh + self._items if trim_oldest else self._items + fresh
        self._by_id.update(new)
        trimmed = self._trim(trim_oldest, spare_reader, unseen=new)
        cut = set(trimmed)
        return TimelineDiff(inserted=tuple(i for i in new if i not in cut),
                            removed=tuple(i for i in trimmed if i not in new))


def refreshed(item: T, status: Status) -> T | None:
    """`item` showing the new version of `status`, or None when it does not show it: the
    status itself, a boost of it, a notification about it or about a boost of it."""
    if isinstance(item, Notification):
        shown = item.status
        if shown is None:
            return None
        fresh = refreshed(shown, status)
        return cast(T, replace(item, status=fresh)) if fresh is not None else None
    if isinstance(item, Status):
        if item.id == status.id:
            return cast(T, status)
        if item.reblog is not None and item.reblog.id == status.id:
            return cast(T, replace(item, reblog=status))
    return None
