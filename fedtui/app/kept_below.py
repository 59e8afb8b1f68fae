"""The posts the panes' caps push out of memory, kept on disk in order, read back on demand.

The UI thread hands pushed-out posts over and returns at once; one thread of this service
writes them, in the order they were handed, so a read (from a pane's worker) always sees
every post handed before it. The first job clears what an earlier run kept (one that did not
end cleanly), and `close` clears it at the end: a pane reads back only what it pushed out
itself. Nothing here is fatal: a failed write (`StoreError`)
costs the disk copy only, and a failed read leaves the pane to ask the server, which has the
same posts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from fedtui.core.timeline import id_key
from fedtui.errors import StoreError

if TYPE_CHECKING:
    from fedtui.core.model import Item, Status
    from fedtui.core.panes import PaneSpec
    from fedtui.store.older import OlderPosts

R = TypeVar("R")


class KeptBelow:
    """`OlderPosts` behind one writer thread; panes are named by their `PaneSpec`."""

    def __init__(self, store: OlderPosts, owner: Callable[[PaneSpec], str]) -> None:
        self.store = store
        self.owner = owner
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kept-below")
        self._later(store.clear_all)

    def keep(self, spec: PaneSpec, items: Sequence[Item]) -> None:
        """Store `items` (pushed out of `spec`'s pane, newest first) soon."""
        if items:
            self._later(self.store.keep, self.owner(spec), spec.key, tuple(items))

    def clear(self, spec: PaneSpec) -> None:
        """The pane starts again from the server's newest page: forget what it kept."""
        self._later(self.store.clear, self.owner(spec), spec.key)

    def forget_status(self, spec: PaneSpec, status_id: str) -> None:
        """A status was deleted: it, boosts of it and notifications about it go."""
        self._later(self.store.forget_status, self.owner(spec), status_id)

    def update_status(self, spec: PaneSpec, status: Status) -> None:
        """A status was edited: what was kept of it, boosts of it and notifications about
        it show the new version."""
        self._later(self.store.update_status, self.owner(spec), status)

    def below(self, spec: PaneSpec, item_id: str, limit: int) -> list[Item]:
        """Up to `limit` kept posts of the pane older than `item_id`, newest first, after
        every write handed before (blocking: call it from a worker). [] when none or the
        store failed."""
        read = self._later(self.store.below, self.owner(spec), spec.key, item_id, limit)
        try:
            return read.result() if read is not None else []
        except StoreError:
            return []

    def close(self) -> None:
        """The run ends: what was kept goes (it was for this run), then the thread stops;
        later calls do nothing."""
        self._later(self.store.clear_all)
        self._thread.shutdown(wait=True)

    def _later(self, job: Callable[..., R], *args: object) -> Future[R] | None:
        try:
            return self._thread.submit(job, *args)
        except RuntimeError:  # closed: the app is exiting
            return None


class PaneBelow:
    """What lies below a pane's oldest post in memory: the posts its cap pushed out (kept on
    disk, read back first), then the server's pages from `cursor`."""

    def __init__(self, spec: PaneSpec, kept: Callable[[], KeptBelow | None]) -> None:
        self.spec = spec
        self._kept = kept  # built on the first post pushed out (nothing at start-up)
        self.waiting = False  # posts this pane pushed out wait below its oldest
        self.cursor: object | None = None  # the server's next older page
        self.exhausted = False  # the server has nothing older
        self.loading = False
        self.generation = 0  # one more with each fresh page: older loads begun before it end
        #: The oldest post read back from disk: it may have joined a row above (a part of a
        #: notification group), so the next read goes on below it, not below the oldest row.
        self._read_to: str | None = None

    def next_load(self, oldest_id: str | None) -> tuple[object | None, str | None, int] | None:
        """What scrolling past the end loads: the server's cursor, the id to read kept
        posts below when some wait, and this `generation` (a load that comes back in
        another one is dropped); None when a load runs or nothing is left. The load is
        running from here until `loaded`."""
        read_to = self._read_to
        if read_to is not None and (oldest_id is None or id_key(read_to) < id_key(oldest_id)):
            oldest_id = read_to
        kept_below = oldest_id if self.waiting else None
        if self.loading or (kept_below is None and (self.exhausted or self.cursor is None)):
            return None
        self.loading = True
        return self.cursor, kept_below, self.generation

    def loaded(self, older: object | None = None, *, more: bool = False) -> None:
        """A load ended: the server's next cursor `older`, or `more` (read back from disk,
        or failed) keeps the cursor as it is."""
        self.loading = False
        if not more:
            self.continue_at(older)

    def continue_at(self, cursor: object | None) -> None:
        """The server's pages go on from `cursor` (None: it has nothing older)."""
        self.cursor = cursor
        self.exhausted = cursor is None

    def fresh(self, older: object | None) -> None:
        """The pane holds the server's newest page afresh: what is below it comes from the
        server, not from what was kept (there may be a gap between them)."""
        if self.waiting and (kept := self._kept()) is not None:
            kept.clear(self.spec)
        self.waiting = self.loading = False
        self.generation += 1
        self._read_to = None
        self.continue_at(older)

    def keep(self, items: Sequence[Item]) -> None:
        """The cap pushed `items` out (newest first)."""
        if items and (kept := self._kept()) is not None:
            kept.keep(self.spec, items)
            self.waiting, self._read_to = True, None  # they are above what was read back

    def read_back(self, items: Sequence[Item]) -> None:
        """`items` (newest first) were read back from disk: the next read is below them."""
        if items:
            self._read_to = items[-1].id

    def forget_status(self, status_id: str) -> None:
        """A deleted status never comes back from what was kept."""
        if self.waiting and (kept := self._kept()) is not None:
            kept.forget_status(self.spec, status_id)

    def update_status(self, status: Status) -> None:
        """An edited status comes back from what was kept as it is now."""
        if self.waiting and (kept := self._kept()) is not None:
            kept.update_status(self.spec, status)

    def kept_below(self, item_id: str, limit: int) -> list[Item]:
        """Up to `limit` kept posts older than `item_id` (blocking: from a worker)."""
        kept = self._kept()
        return kept.below(self.spec, item_id, limit) if kept is not None else []
