"""Live events handed from a feed's thread to the UI thread in batches.

The feed's thread only appends and never waits for the UI; the first event of a batch
wakes the UI (once), which takes everything that arrived by then in one go: a burst costs
one list update per frame, not one per post. Nothing is lost or taken twice.
"""

from __future__ import annotations

import threading
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
