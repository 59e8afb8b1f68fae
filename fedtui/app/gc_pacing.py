"""Full garbage collections on time and after input, never in the middle of a key burst.

Cyclic garbage that reached the oldest generation waits for a full collection: workers'
tasks, closures, and (until `fedtui.ui.strip_divide` mended it) every line Textual draws
whole, hundreds per streamed post. CPython's automatic ones would hit key presses (50-110
ms), so they are off; `tick` runs one in a pause of the input when there is work (see
`QuietCollector.due`). The start-up heap is frozen out of all but the first.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass

NEVER = 1_000_000_000  # a generation-2 threshold that automatic collection never reaches


@dataclass(frozen=True, slots=True)
class Pacing:
    """When full collections run (seconds, and batches promoted by the young generations).

    Garbage waiting for a collection holds memory the allocator rarely gets back, so the
    high-water mark follows how much of it piles up: four panes streaming 1,200 posts in
    10 minutes peaked at 79 MB collecting every 5 batches or 10 s, 85 MB every 30 batches
    or 30 s, and the collections were shorter (median 25 ms against 87: less to find)."""

    idle: float = 2.0
    gap: float = 0.5
    interval: float = 10.0
    promoted: int = 5


class QuietCollector:
    """Paces full collections; `longest_pause` is the longest one it ran (seconds)."""

    def __init__(self, pacing: Pacing | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.pacing = pacing or Pacing()
        self._clock = clock
        self._last_input = self._last_full = clock()
        self._saved: tuple[int, int, int] | None = None
        self._dirty = False
        self._frozen = False
        self.collections = 0
        self.longest_pause = 0.0

    def start(self) -> None:
        self._saved = gc.get_threshold()
        gc.set_threshold(self._saved[0], self._saved[1], NEVER)

    def stop(self) -> None:
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None
        if self._frozen:  # the frozen heap is collectable again (another App may follow)
            self._frozen = False
            gc.unfreeze()

    def input_seen(self) -> None:
        self._last_input = self._clock()
        self._dirty = True

    def due(self) -> bool:
        """After `idle` s without input, once `interval` s passed or the young generations
        promoted `promoted` batches (five times sooner after input); four times overdue,
        after a `gap`; twenty times overdue (keys held down for minutes), now."""
        pacing, now = self.pacing, self._clock()
        promoted = gc.get_count()[2]  # young collections since the last full one
        if not (self._dirty or promoted):
            return False
        waited = max((now - self._last_full) / pacing.interval, promoted / pacing.promoted)
        quiet = now - self._last_input
        if waited >= 20:
            return True
        if waited >= 4:
            return quiet >= pacing.gap
        return quiet >= pacing.idle and (waited >= 1 or (self._dirty and waited >= 0.2))

    def tick(self) -> bool:
        """Call every second or so: runs a full collection when `due`; True if it ran."""
        if not self.due():
            return False
        started = time.perf_counter()
        gc.collect()
        if not self._frozen:  # the start-up heap stays: later collections skip it
            self._frozen = True
            gc.freeze()
        self.longest_pause = max(self.longest_pause, time.perf_counter() - started)
        self._dirty = False
        self._last_full = self._clock()
        self.collections += 1
        return True
