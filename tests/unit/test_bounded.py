"""Per-post caches in memory keep a bounded number of entries; helpers make no garbage."""

from __future__ import annotations

import gc

from fedtui.core.bounded import POST_CACHE_LIMIT, Recent
from fedtui.memory import MemoryReturner


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
