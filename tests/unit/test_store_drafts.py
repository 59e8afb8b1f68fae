"""fedtui.store.drafts: drafts survive crashes (kill -9), keep their idempotency key."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from fedtui.core.compose import MediaDraft, PollDraft, PostDraft
from fedtui.store.db import MIGRATIONS, Database
from fedtui.store.drafts import DraftStore, SavedDraft

ROOT = Path(__file__).resolve().parents[2]


def test_round_trip_of_every_field(tmp_path: Path) -> None:
    with Database(tmp_path / "c.db") as db:
        store = DraftStore(db)
        draft = SavedDraft(
            account_key="bob@example", kind="reply", target_status_id="42",
            text="héllo 🇫🇷 @alice", spoiler_text="cw", visibility="private", language="fr",
            poll=PollDraft(("a", "b"), expires_in=600, multiple=True, hide_totals=True),
            media=(MediaDraft("/tmp/cat.png", "a cat", "m1"), MediaDraft("/tmp/dog.png")),
            sensitive=True, scheduled_at=datetime(2030, 5, 1, 12, tzinfo=UTC), quote_id="7",
        )
        saved = store.save(draft)
        loaded = store.get(draft.id)
        assert loaded == saved
        assert loaded is not None and loaded.idempotency_key == draft.idempotency_key
        post = loaded.to_post_draft()
        assert post == PostDraft(
            text="héllo 🇫🇷 @alice", spoiler_text="cw", visibility="private", language="fr",
            in_reply_to_id="42", quote_id="7", poll=draft.poll, media_ids=("m1",),
            sensitive=True, scheduled_at=draft.scheduled_at)


def test_unfinished_newest_first_per_account_and_delete(tmp_path: Path) -> None:
    with Database(tmp_path / "c.db") as db:
        store = DraftStore(db)
        first = store.save(SavedDraft(account_key="a", text="one"))
        second = store.save(SavedDraft(account_key="a", text="two"))
        store.save(SavedDraft(account_key="b", text="other account"))
        assert [d.text for d in store.unfinished("a")] == ["two", "one"]
        store.save(replace(first, text="one, edited"))
        assert [d.text for d in store.unfinished("a")] == ["one, edited", "two"]
        store.delete(second.id)
        assert [d.id for d in store.unfinished("a")] == [first.id]
        assert store.get(second.id) is None


def test_mark_failed_keeps_text_and_key(tmp_path: Path) -> None:
    with Database(tmp_path / "c.db") as db:
        store = DraftStore(db)
        draft = store.save(SavedDraft(account_key="a", text="important"))
        failed = store.mark_failed(draft.id, "example.org did not answer within 20 s.")
        assert failed is not None
        assert failed.last_error == "example.org did not answer within 20 s."
        assert failed.text == "important"
        assert failed.idempotency_key == draft.idempotency_key


def test_from_post_draft_makes_fresh_ids() -> None:
    a = SavedDraft.from_post_draft("k", PostDraft(text="x", in_reply_to_id="9"), kind="reply")
    b = SavedDraft.from_post_draft("k", PostDraft(text="x"))
    assert a.id != b.id and a.idempotency_key != b.idempotency_key
    assert a.target_status_id == "9" and a.to_post_draft().in_reply_to_id == "9"
    assert b.to_post_draft().in_reply_to_id is None


def test_unreadable_rows_are_skipped(tmp_path: Path) -> None:
    with Database(tmp_path / "c.db") as db:
        store = DraftStore(db)
        good = store.save(SavedDraft(account_key="a", text="fine"))
        with db.transaction() as conn:
            conn.execute("INSERT INTO drafts VALUES ('x', 'a', '2099-01-01', NULL, '{oops')")
            conn.execute("INSERT INTO drafts VALUES ('y', 'a', '2099-01-01', NULL, '[1]')")
        assert [d.id for d in store.unfinished("a")] == [good.id]


def test_migration_is_appended(tmp_path: Path) -> None:
    with Database(tmp_path / "c.db") as db, db.transaction() as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert {"pane_items", "layouts", "drafts"} <= tables
        assert db.version == len(MIGRATIONS)


def test_a_draft_survives_kill_9(tmp_path: Path) -> None:
    """A process saves a draft, says so, and is SIGKILLed: the draft is there afterwards."""
    path = tmp_path / "c.db"
    script = textwrap.dedent(f"""
        import time
        from dataclasses import replace
        from pathlib import Path
        from fedtui.store.db import Database
        from fedtui.store.drafts import DraftStore, SavedDraft
        store = DraftStore(Database(Path({str(path)!r})))
        draft = SavedDraft(account_key="bob", text="typed before the crash ✍️")
        for n in range(1, 4):  # a few keystrokes
            draft = store.save(replace(draft, text=draft.text + "!" * n))
        print(draft.id, draft.idempotency_key, flush=True)
        time.sleep(60)  # never closes the database: killed here
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            text=True, env=env)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().split()
        assert len(line) == 2, "the child did not report its draft"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    draft_id, key = line
    with Database(path) as db:
        found = DraftStore(db).get(draft_id)
    assert found is not None
    assert found.text == "typed before the crash ✍️" + "!" + "!!" + "!!!"
    assert found.idempotency_key == key
