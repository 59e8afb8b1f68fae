"""Saving one draft as it is typed, without the typing ever waiting for the disk.

The editor hands every change to `DraftWriter.put` (a snapshot and its revision number);
a thread of the writer commits the newest snapshot, so changes made while a write runs are
folded into the next one. Each commit is reported with `on_kept(revision)`, each failure
with `on_failed(reason)` (both called on the writer's thread). A kill -9 loses at most the
change being committed. `forget` deletes the draft with no write left to bring it back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from fedtui.errors import FedtuiError
from fedtui.store.drafts import DraftStore, SavedDraft


class DraftWriter:
    """The save thread of one open editor."""

    def __init__(self, store: DraftStore, on_kept: Callable[[int], object],
                 on_failed: Callable[[str], object]) -> None:
        self.store = store
        self.on_kept = on_kept
        self.on_failed = on_failed
        self._wake = threading.Condition()
        self._io = threading.Lock()  # held while the store is written
        self._pending: tuple[SavedDraft, int] | None = None
        self._closed = False
        self._thread: threading.Thread | None = None
        self.written = 0  # the newest revision committed

    def put(self, draft: SavedDraft, revision: int) -> None:
        """Save `draft` (revision `revision`) soon; returns at once."""
        with self._wake:
            if self._closed:
                return
            self._pending = (draft, revision)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="draft-writer",
                                                daemon=True)
                self._thread.start()
            self._wake.notify()

    def flush(self) -> None:
        """Commit what is pending now, on this thread (closing the app)."""
        self._write_pending()

    def close(self, keep: SavedDraft | None = None) -> None:
        """Stop; with `keep`, commit it as the last word."""
        with self._wake:
            self._closed = True
            self._pending = None
            self._wake.notify()
        if keep is not None:
            with self._io:
                self.store.save(keep)

    def forget(self, draft_id: str) -> None:
        """Stop and delete the draft (sent or discarded): nothing pending writes it again."""
        with self._wake:
            self._closed = True
            self._pending = None
            self._wake.notify()
        with self._io:
            self.store.delete(draft_id)

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._pending is None and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
            self._write_pending()

    def _write_pending(self) -> None:
        with self._io:
            with self._wake:
                taken, self._pending = self._pending, None
            if taken is None:
                return
            draft, revision = taken
            try:
                self.store.save(draft)
            except FedtuiError as err:
                self.on_failed(str(err))
                return
            self.written = max(self.written, revision)
        self.on_kept(revision)
