"""Summaries and catch-up positions kept on disk: a restart (a new store and service over
the same folder) finds them, an edit misses them, a damaged file is said, moved aside and
started afresh without touching the cache."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fedtui.app.summarise import Helpers, Source, Summaries, open_summaries
from fedtui.core.summary import Point, Reader, Summary
from fedtui.store.summaries import SummaryStore, summaries_path
from tests.unit.test_summarise_service import THREAD, Model, source, status


def test_a_summary_and_a_catchup_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "summaries.db"
    model = Model("nothing useful")
    helpers = Helpers(runner=model, model_name="m")
    first = Summaries(store=SummaryStore(path))
    made = first.summary(source(), Reader(), helpers)
    first.remember_catchup("alice@host", "home", "120")
    assert first.store is not None
    first.store.close()
    calls = model.calls

    again = Summaries(store=SummaryStore(path))  # the next start
    assert again.summary(source(), Reader(), helpers) == made and model.calls == calls
    assert again.last_catchup("alice@host", "home") == "120"
    assert again.last_catchup("alice@host", "notifications") is None
    assert again.last_catchup("bob@host", "home") is None
    edited = (*THREAD[:3], status("4", "bob", "Then we sing at 11 unless it rains.", "2",
                                  edited="2026-05-02T10:00:00Z"))
    again.summary(source(edited), Reader(), helpers)
    assert model.calls > calls  # an edited post is summarised again
    assert again.cached(Source("thread", THREAD, root_id="1"), Helpers()) is None  # no model


def test_a_damaged_file_is_said_moved_aside_and_started_afresh() -> None:
    path = summaries_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    summaries = open_summaries()
    said = summaries.notices()
    assert len(said) == 1 and "damaged" in said[0] and ".corrupt-" in said[0]
    assert summaries.notices() == []  # said once
    assert list(path.parent.glob("summaries.db.corrupt-*"))
    made = summaries.summary(source(), Reader())
    assert made.points and open_summaries().cached(source(), Helpers()) == made
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"summaries", "catchups"} <= tables


def test_a_store_that_fails_later_leaves_the_session_its_summaries(tmp_path: Path) -> None:
    store = SummaryStore(tmp_path / "summaries.db")
    summaries = Summaries(store=store)
    store.close()
    (tmp_path / "summaries.db").write_bytes(b"garbage" * 1000)  # damaged while running
    made = summaries.summary(source(), Reader())
    assert summaries.cached(source(), Helpers()) == made  # this session keeps it
    summaries.remember_catchup("a", "home", "7")
    assert summaries.last_catchup("a", "home") == "7"
    said = summaries.notices()
    assert said and all("damaged" in line or "this session only" in line for line in said)


def test_an_unreadable_row_counts_as_nothing_kept(tmp_path: Path) -> None:
    store = SummaryStore(tmp_path / "summaries.db")
    store.put("k", Summary("extractive", (Point("@a", "hi there", ("1",)),)))
    assert store.get("k") is not None
    with store.db.transaction() as conn:
        conn.execute("UPDATE summaries SET body = ?", ('{"points": [{"cites": []}]}',))
    assert store.get("k") is None
