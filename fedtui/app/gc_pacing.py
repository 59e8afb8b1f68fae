"""Full garbage collections when the reader pauses, not in the middle of a key press.

Textual keeps many small rendered objects alive; CPython's automatic full collections
over them take 50-110 ms on a 2-core machine, every dozen key presses (benchmarks/scroll.py).
Young generations still collect automatically; the full one runs after a quiet moment.
"""

from __future__ import annotations

import gc
import time

NEVER = 1_000_000_000  # a generation-2 threshold that automatic collection never reaches


class QuietCollector:
    def __init__(self, idle_seconds: float = 2.0) -> None:
        self.idle_seconds = idle_seconds
        self._last_input = time.monotonic()
        self._saved: tuple[int, int, int] | None = None
        self._dirty = False

    def start(self) -> None:
        self._saved = gc.get_threshold()
        gc.set_threshold(self._saved[0], self._saved[1], NEVER)

    def stop(self) -> None:
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def input_seen(self) -> None:
        self._last_input = time.monotonic()
        self._dirty = True

    def tick(self) -> None:
        """Call every second or so: collects once after each burst of input."""
        if self._dirty and time.monotonic() - self._last_input >= self.idle_seconds:
            self._dirty = False
            gc.collect()
