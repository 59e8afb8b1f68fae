"""fedtui.store.draft_writer: every change is committed off the caller's thread, the newest
wins, acknowledgements name the revision, and a forgotten draft is never written again."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest

from fedtui.store.draft_file import open_drafts
from fedtui.store.draft_writer import DraftWriter
from fedtui.store.drafts import DraftStore, SavedDraft


@pytest.fixture
def store() -> DraftStore:
    found, _ = open_drafts()
    assert found is not None
    return found


class Acks:
    def __init__(self) -> None:
        self.kept: list[int] = []
        self.failed: list[str] = []
        self.changed = threading.Condition()

    def on_kept(self, revision: int) -> None:
        with self.changed:
            self.kept.append(revision)
            self.changed.notify_all()

    def on_failed(self, reason: str) -> None:
        with self.changed:
            self.failed.append(reason)
            self.changed.notify_all()

    def wait_for(self, revision: int) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: revision in self.kept, 30)


def test_each_change_is_committed_and_acknowledged_newest_last(store: DraftStore) -> None:
    acks = Acks()
    writer = DraftWriter(store, acks.on_kept, acks.on_failed)
    draft = SavedDraft(account_key="a")
    for revision in range(1, 51):
        draft = replace(draft, text=draft.text + "x")
        writer.put(draft, revision)
    acks.wait_for(50)
    assert acks.failed == []
    assert acks.kept == sorted(acks.kept) and acks.kept[-1] == 50  # some folded together
    assert writer.written == 50
    assert [d.text for d in store.unfinished("a")] == ["x" * 50]


def test_forget_wins_over_a_pending_write(store: DraftStore) -> None:
    acks = Acks()
    writer = DraftWriter(store, acks.on_kept, acks.on_failed)
    draft = SavedDraft(account_key="a", text="sent")
    for revision in range(1, 200):
        writer.put(replace(draft, text=f"sent {revision}"), revision)
    writer.forget(draft.id)
    writer.put(replace(draft, text="too late"), 500)  # ignored: the writer is closed
    assert store.unfinished("a") == []
    assert store.get(draft.id) is None


def test_close_keeps_the_last_word_and_flush_writes_on_the_callers_thread(
        store: DraftStore) -> None:
    acks = Acks()
    writer = DraftWriter(store, acks.on_kept, acks.on_failed)
    draft = SavedDraft(account_key="a", text="first")
    writer.put(draft, 1)
    writer.flush()
    assert store.get(draft.id) is not None
    writer.close(keep=replace(draft, text="last word"))
    assert [d.text for d in store.unfinished("a")] == ["last word"]


def test_a_failed_write_is_reported_and_the_next_change_tries_again(
        store: DraftStore, tmp_path: Path) -> None:
    acks = Acks()
    writer = DraftWriter(store, acks.on_kept, acks.on_failed)
    store.elsewhere = None  # no other place: the failure reaches the editor
    with store.db.transaction() as conn:
        conn.execute("PRAGMA max_page_count = 1")  # smaller than the file: writes fail
    writer.put(SavedDraft(account_key="a", text="x" * 5000), 1)
    with acks.changed:
        assert acks.changed.wait_for(lambda: bool(acks.failed), 30)
    assert "full" in acks.failed[0]
    with store.db.transaction() as conn:
        conn.execute("PRAGMA max_page_count = 1000000")
    writer.put(SavedDraft(account_key="a", text="fits now"), 2)
    acks.wait_for(2)
    assert [d.text for d in store.unfinished("a")] == ["fits now"]
