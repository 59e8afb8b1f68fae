"""Live events handed from a feed's thread to the UI thread in batches.

The feed's thread only appends and never waits for the UI; the first event of a batch
wakes the UI (once), which takes everything that arrived by then in one go: a burst costs
one list update per frame, not one per post. Nothing is lost or taken twice. `LiveBeat`
gives every pane's batch the same moment, and lets the panes draw the waiting posts' cards
a little at a time before it, so that the beat itself only puts them in.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

E = TypeVar("E")


class StreamInbox(Generic[E]):
    """Events in arrival order; `wake` is called (from the feed's thread) when a batch
    starts, and must not block."""

    def __init__(self, wake: Callable[[], object]) -> None:
        self._wake = wake
        self._lock = threading.Lock()
        self._events: list[E] = []
        self._seen = 0  # how many of the events the UI has looked at (`unseen`)
        self._woken = False

    def put(self, event: E) -> None:
        """From any thread: keep `event`; wake the UI if this starts a batch."""
        with self._lock:
            self._events.append(event)
            first, self._woken = not self._woken, True
        if first:
            self._wake()

    def take(self) -> list[E]:
        """On the UI thread: every event that arrived since the last take, in order."""
        with self._lock:
            events, self._events = self._events, []
            self._seen, self._woken = 0, False
        return events

    def unseen(self) -> list[E]:
        """On the UI thread: the events that arrived since the last look (`unseen` or
        `take`), in order; they stay for `take`."""
        with self._lock:
            events, self._seen = self._events[self._seen:], len(self._events)
        return events


class LiveBeat:
    """When the panes take their waiting live events: all of them on one beat, so a post
    streamed into four panes costs one screen update, not four at four moments.

    The first request after a quiet spell waits one frame (the other panes' streams bring
    the same post within milliseconds); beats are at least `interval` s apart, and more
    while taking the events costs more than `1/share` of the UI thread. The reader's keys
    go first: a beat waits while keys come (one in the last `KEYS_FIRST` s), but at most
    `MOST_DELAY` s past its time.

    Until the beat, every `AHEAD_EVERY` s, the panes that asked with an `ahead` get
    `AHEAD_SLICE` s between them to prepare (draw the cards of the posts waiting): a key
    that comes meanwhile waits that long at most, where the whole beat would have made it
    wait for every pane's drawing."""

    FRAME = 1 / 60
    KEYS_FIRST = 0.1
    MOST_DELAY = 0.4
    AHEAD_EVERY = 1 / 60
    AHEAD_SLICE = 0.002

    def __init__(self, set_timer: Callable[[float, Callable[[], None]], object], *,
                 interval: float = 0.2, share: float = 4.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._set_timer = set_timer
        self.interval = interval
        self.share = share
        self._clock = clock
        self._waiting: dict[object, Callable[[], None]] = {}  # the panes' `take`, in order
        self._ahead: dict[object, Callable[[Callable[[], bool]], None]] = {}  # their `ahead`
        self._ahead_set = False  # a slice for the `ahead`s is on the timer
        self._due = False
        self._late_since: float | None = None  # when the waiting beat was due
        self._input_at = -self.KEYS_FIRST  # when the reader last pressed a key
        self._last = -interval  # when the last beat started
        self._cost = 0.0  # what it cost (seconds)

    def request(self, key: object, take: Callable[[], None],
                ahead: Callable[[Callable[[], bool]], None] | None = None) -> None:
        """On the UI thread: call `take` on the next beat (once, however often asked), and
        until then `ahead` now and then, with a test of whether its slice has time left."""
        self._waiting[key] = take
        if ahead is not None:
            self._ahead[key] = ahead
            if not self._ahead_set:
                self._ahead_set = True
                self._set_timer(self.AHEAD_EVERY, self._slice_ahead)
        if not self._due:
            self._due = True
            gap = max(self.interval, self.share * self._cost)
            self._set_timer(max(self.FRAME, gap - (self._clock() - self._last)), self._beat)

    def _slice_ahead(self) -> None:
        """One slice of preparing for the beat, shared by the panes in turn."""
        self._ahead_set = False
        if not self._ahead:
            return
        until = self._clock() + self.AHEAD_SLICE

        def in_time() -> bool:
            return self._clock() < until

        for key, ahead in list(self._ahead.items()):
            if not in_time():
                break
            del self._ahead[key]  # next slice: after the others (each goes first in turn)
            self._ahead[key] = ahead
            ahead(in_time)
        self._ahead_set = True
        self._set_timer(self.AHEAD_EVERY, self._slice_ahead)

    def input_seen(self) -> None:
        """A key (or click) arrived: the next beat lets its repaint go first."""
        self._input_at = self._clock()

    def _beat(self) -> None:
        now = self._clock()
        if self._late_since is None:
            self._late_since = now
        typing = now - self._input_at
        if typing < self.KEYS_FIRST and now - self._late_since < self.MOST_DELAY:
            self._set_timer(self.KEYS_FIRST - typing, self._beat)
            return
        self._due, self._late_since = False, None
        self._last = now
        waiting, self._waiting, self._ahead = self._waiting, {}, {}
        for take in waiting.values():
            take()
        self._cost = self._clock() - self._last
