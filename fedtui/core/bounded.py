"""A mapping that keeps only its most recently set keys, for per-post caches in memory."""

from __future__ import annotations

from collections import OrderedDict
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

#: Entries kept per post cache: four panes at the largest cap `timeline.max_posts` allows
#: (4 x 2,500 posts).
POST_CACHE_LIMIT = 10_000


class Recent(OrderedDict[K, V]):
    """A dict of at most `limit` entries: setting a key beyond it drops the oldest set."""

    def __init__(self, limit: int = POST_CACHE_LIMIT) -> None:
        super().__init__()
        self.limit = max(1, limit)

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)
