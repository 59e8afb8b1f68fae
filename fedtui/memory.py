"""Giving memory back to the system after a burst of work.

C libraries (the language detector's tables, JSON from the network) free their memory into
the C allocator, which keeps it for later; glibc's `malloc_trim` returns what is free to the
system. Elsewhere this is a no-op.
"""

from __future__ import annotations

import contextlib
import sys


def return_free_memory() -> None:
    """Release the C allocator's free memory to the system (glibc only; about 1 ms)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # musl and others: no malloc_trim
        ctypes.CDLL(None).malloc_trim(0)  # the process's own symbols: libc is among them
