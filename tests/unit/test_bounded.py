"""Per-post caches in memory keep a bounded number of entries; memory goes back to the
system; helpers make no garbage."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from fedtui.core.bounded import POST_CACHE_LIMIT, Recent
from fedtui.memory import MemoryReturner
from tests.glibc_heap import ON_GLIBC


def test_recent_keeps_the_last_set_keys() -> None:
    cache: Recent[str, int] = Recent(3)
    for number in range(5):
        cache[str(number)] = number
    assert list(cache) == ["2", "3", "4"]
    cache["2"] = 20  # set again: the newest
    cache["5"] = 5
    assert list(cache.items()) == [("4", 4), ("2", 20), ("5", 5)]
    assert cache.get("3") is None


def test_the_default_bound_holds_four_full_panes() -> None:
    assert POST_CACHE_LIMIT >= 4 * 2000
    cache: Recent[int, None] = Recent()
    for number in range(POST_CACHE_LIMIT + 10):
        cache[number] = None
    assert len(cache) == POST_CACHE_LIMIT and 10 in cache and 9 not in cache


def test_an_entry_costs_no_more_than_a_dicts() -> None:
    """The caches hold an entry per post all day: an OrderedDict's links took 88 bytes an
    entry, a dict's slot 35 (the keys themselves are made before counting)."""
    keys = [str(113_000_000_000_000_000 + n * 7919) for n in range(3000)]
    tracemalloc.start()
    try:
        cache: Recent[str, None] = Recent()
        for key in keys:
            cache[key] = None
        per_entry = tracemalloc.get_traced_memory()[0] / len(keys)
    finally:
        tracemalloc.stop()
    assert per_entry < 50, f"{per_entry:.0f} bytes an entry"


def test_returning_memory_again_leaves_no_cyclic_garbage() -> None:
    import ctypes

    give_back = MemoryReturner()
    give_back()  # looks malloc_trim up once
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for _ in range(20):
            give_back()
        gc.collect()
        libraries = [o for o in gc.garbage if isinstance(o, ctypes.CDLL)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert libraries == []  # other threads' garbage may be there; no library handle


@pytest.mark.skipif(not ON_GLIBC, reason="glibc's mallopt and mallinfo2")
def test_freed_large_blocks_go_back_to_the_system_once_asked() -> None:
    """In a fresh process (the setting is the whole process's): with glibc's default, 1 MB
    blocks freed after a 4 MB one stay in its heap; after `map_large_blocks`, they don't."""
    probe = ("from fedtui.memory import map_large_blocks\n"
             "from tests.glibc_heap import kept_free_after_large_blocks as kept\n"
             "print(kept() >> 10, map_large_blocks(), kept() >> 10)")
    before, asked, after = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True,
    ).stdout.split()
    assert asked == "True"
    assert int(after) < 1024, f"{after} KiB kept once asked"
    assert int(before) - int(after) >= 1024, f"the default kept {before} KiB: no difference"


@pytest.mark.skipif(not ON_GLIBC, reason="glibc's mallopt and mallinfo2")
def test_the_fedtui_command_keeps_no_freed_large_block(tmp_path: Path) -> None:
    """Through the real entry point, in a process of its own: after `fedtui model list`,
    1 MB blocks freed after a 4 MB one are no longer kept in glibc's heaps."""
    probe = ("from fedtui.cli import main\n"
             "from tests.glibc_heap import kept_free_after_large_blocks as kept\n"
             "main(['model', 'list'])\n"
             "print(kept() >> 20)")
    folders = {f"XDG_{kind}_HOME": str(tmp_path / kind) for kind in ("CONFIG", "DATA", "STATE",
                                                                       "CACHE")}
    kept = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, env={**os.environ, **folders}).stdout.split()[-1]
    assert int(kept) < 1, f"{kept} MB kept"
