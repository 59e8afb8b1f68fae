"""Live events handed from a feed's thread to the UI thread in batches.

The feed's thread only appends and never waits for the UI; the first event of a batch
wakes the UI (once), which takes everything that arrived by then in one go: a burst costs
one list update per frame, not one per post. Nothing is lost or taken twice. `LiveBeat`
gives every pane's batch the same moment.
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
            self._woken = False
        return events


class LiveBeat:
    """When the panes take their waiting live events: all of them on one beat, so a post
    streamed into four panes costs one screen update, not four at four moments.

    The first request after a quiet spell waits one frame (the other panes' streams bring
    the same post within milliseconds); beats are at least `interval` s apart, and more
    while taking the events costs more than `1/share` of the UI thread. The reader's keys
    go first: a beat waits while keys come (one in the last `KEYS_FIRST` s), but at most
    `MOST_DELAY` s past its time."""

    FRAME = 1 / 60
    KEYS_FIRST = 0.1
    MOST_DELAY = 0.4

    def __init__(self, set_timer: Callable[[float, Callable[[], None]], object], *,
                 interval: float = 0.2, share: float = 4.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._set_timer = set_timer
        self.interval = interval
        self.share = share
        self._clock = clock
        self._waiting: dict[object, Callable[[], None]] = {}  # the panes' `take`, in order
        self._due = False
        self._late_since: float | None = None  # when the waiting beat was due
        self._input_at = -self.KEYS_FIRST  # when the reader last pressed a key
        self._last = -interval  # when the last beat started
        self._cost = 0.0  # what it cost (seconds)

    def request(self, key: object, take: Callable[[], None]) -> None:
        """On the UI thread: call `take` on the next beat (once, however often asked)."""
        self._waiting[key] = take
        if not self._due:
            self._due = True
            gap = max(self.interval, self.share * self._cost)
            self._set_timer(max(self.FRAME, gap - (self._clock() - self._last)), self._beat)

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
        waiting, self._waiting = self._waiting, {}
        for take in waiting.values():
            take()
        self._cost = self._clock() - self._last
