"""Giving memory back to the system after a burst of work.

C libraries (the language detector's tables, JSON from the network) free their memory into
the C allocator, which keeps it for later; glibc's `malloc_trim` returns what is free to the
system. Elsewhere this is a no-op.
"""

from __future__ import annotations

import sys
from typing import Any


class MemoryReturner:
    """Calls glibc's `malloc_trim` (about 1 ms). It looks the function up once: every
    `ctypes.CDLL` makes a class of its own, cyclic garbage for the full collection."""

    def __init__(self) -> None:
        self._trim: Any = None
        self._missing = not sys.platform.startswith("linux")

    def __call__(self) -> None:
        """Release the C allocator's free memory to the system."""
        if self._missing:
            return
        if self._trim is None:
            import ctypes

            try:  # the process's own symbols: libc is among them
                self._trim = ctypes.CDLL(None).malloc_trim
            except (OSError, AttributeError):  # musl and others: no malloc_trim
                self._missing = True
                return
        self._trim(0)
