"""Reading glibc's malloc from tests (Linux with glibc only: `ON_GLIBC`)."""

from __future__ import annotations

import ctypes
import functools
import platform

ON_GLIBC = platform.libc_ver()[0] == "glibc"


class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


@functools.cache
def _libc() -> ctypes.CDLL:
    """The C library, typed once (each `ctypes.CDLL` would be cyclic garbage of its own)."""
    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = MallInfo2
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    return libc


def mallinfo() -> MallInfo2:
    return _libc().mallinfo2()  # type: ignore[no-any-return]


def heap_in_use() -> int:
    """Bytes glibc's malloc has handed out and not had back (llama.cpp's and Python's), in
    its heaps and in blocks mapped on their own."""
    info = mallinfo()
    return int(info.uordblks + info.hblkhd)


def kept_free_after_large_blocks() -> int:
    """Bytes more that glibc's heaps keep free once a 4 MB block and then three 1 MB blocks
    were allocated and freed (a model's tokens do the like): glibc's default raises its thresholds
    on the first free, and the 1 MB blocks then come from a heap that keeps them."""
    libc = _libc()
    free_before = mallinfo().fordblks
    libc.free(libc.malloc(4 << 20))
    blocks = [libc.malloc(1 << 20) for _ in range(3)]
    for block in blocks:
        libc.free(block)
    return int(mallinfo().fordblks - free_before)
