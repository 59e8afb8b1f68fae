"""Giving memory back to the system.

C libraries (the language detector's tables, JSON from the network) free their memory into
the C allocator, which keeps it for later; glibc's `malloc_trim` returns what is free to the
system after a burst of work, and `map_large_blocks` has large blocks returned as they are
freed. Elsewhere both are no-ops.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

_M_TRIM_THRESHOLD = -1  # glibc's mallopt parameters
_M_MMAP_THRESHOLD = -3
LARGE_BLOCK = 128 * 1024  # glibc's own starting thresholds


def _libc_function(name: str) -> Any:
    """glibc's function `name` from the process's own symbols (libc is among them); None on
    other systems and C libraries (musl has neither `malloc_trim` nor these `mallopt` knobs)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None


class MemoryReturner:
    """Calls glibc's `malloc_trim` (about 1 ms). It looks the function up once: every
    `ctypes.CDLL` makes a class of its own, cyclic garbage for the full collection."""

    def __init__(self) -> None:
        self._trim: Any = None
        self._missing = False

    def __call__(self) -> None:
        """Release the C allocator's free memory to the system."""
        if self._missing:
            return
        if self._trim is None:
            self._trim = _libc_function("malloc_trim")
            if self._trim is None:
                self._missing = True
                return
        self._trim(0)


@functools.cache
def map_large_blocks() -> bool:
    """Have glibc map every block of `LARGE_BLOCK` bytes or more on its own (unmapped when
    freed) and give back what a heap has free at its top beyond that (once per process);
    whether it could.

    glibc starts there but raises both thresholds with each mapped block freed (to its size,
    and twice that): after a model's first token, its per-token blocks (llama.cpp's sampler
    candidates, 3 MB for Gemma's vocabulary) came from the heaps of the threads that
    generated, and each heap kept up to twice that free and resident. Fixed thresholds end
    that adjustment (`MALLOC_MMAP_THRESHOLD_` in the environment does the same). `fedtui`
    sets them as it starts (four streaming panes kept about 3 MB less from minute 10 on),
    and a model as it loads (for a process that is not `fedtui`'s command)."""
    mallopt = _libc_function("mallopt")
    if mallopt is None:
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, LARGE_BLOCK) and mallopt(_M_TRIM_THRESHOLD, LARGE_BLOCK))
