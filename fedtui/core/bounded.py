"""A mapping that keeps only its most recently set keys, for per-post caches in memory."""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

#: Entries kept per post cache: four panes at the largest cap `timeline.max_posts` allows
#: (4 x 2,500 posts).
POST_CACHE_LIMIT = 10_000


class Recent(dict[K, V]):
    """A dict of at most `limit` entries: setting a key beyond it drops the oldest set.

    A plain dict keeps the order keys were set in; an OrderedDict would take 54 bytes more
    an entry (its links), which for the per-post caches is paid for every post all day."""

    def __init__(self, limit: int = POST_CACHE_LIMIT) -> None:
        super().__init__()
        self.limit = max(1, limit)

    def __setitem__(self, key: K, value: V) -> None:
        self.pop(key, None)  # set again: the newest
        super().__setitem__(key, value)
        while len(self) > self.limit:
            del self[next(iter(self))]
