"""Giving memory back to the system.

C libraries (the language detector's tables, JSON from the network) free their memory into
the C allocator, which keeps it for later; glibc's `malloc_trim` returns what is free to the
system after a burst of work, and `map_large_blocks` has large blocks returned as they are
freed; `release_mapped_file` lets a mapped file's pages leave the process until they are
read again. Elsewhere all three are no-ops.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any

_M_TRIM_THRESHOLD = -1  # glibc's mallopt parameters
_M_MMAP_THRESHOLD = -3
_MADV_DONTNEED = 4  # Linux's madvise advice
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


def release_mapped_file(path: Path) -> int:
    """Drop this process's resident pages of every mapping of the file at `path` (Linux's
    `madvise(MADV_DONTNEED)`); the bytes advised, 0 where it cannot. The file is unchanged:
    a page read again comes back from the system's page cache (a minor fault).

    After llama.cpp loads a model, on a CPU where it copies weights into its repacked buffer
    (most x86 CPUs without AMX), the mapped originals it read stay resident although they
    are never read again: 10.7 of the embedded model's 235 MB."""
    madvise = _libc_function("madvise")
    if madvise is None:
        return 0
    import ctypes

    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    target = str(path.resolve())
    advised = 0
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            ranges = [line.split(maxsplit=5) for line in maps]
    except OSError:
        return 0
    for fields in ranges:
        if len(fields) == 6 and fields[5].rstrip("\n") == target:
            start, end = (int(bound, 16) for bound in fields[0].split("-"))
            if madvise(start, end - start, _MADV_DONTNEED) == 0:
                advised += end - start
    return advised
