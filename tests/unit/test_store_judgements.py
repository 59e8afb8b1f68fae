"""The local model's filter judgements on disk: round trip, misses on edit or another
description, failures not kept, bounded size, unreadable rows are misses."""

from __future__ import annotations

from pathlib import Path

from fedtui.core.local_filters import Judgement
from fedtui.store.db import Database
from fedtui.store.judgements import JudgementStore

KEY = ("https://example.social/@zoe/1", "None", "crypto giveaways")


def test_round_trip_and_misses(tmp_path: Path) -> None:
    store = JudgementStore(Database(tmp_path / "db.sqlite"))
    store.put(KEY, Judgement(2 / 3, 3))
    assert store.get(KEY) == Judgement(2 / 3, 3)
    assert store.get((KEY[0], "2026-01-01T00:00:00+00:00", KEY[2])) is None  # edited
    assert store.get((KEY[0], KEY[1], "politics")) is None
    assert JudgementStore(Database(tmp_path / "db.sqlite")).get(KEY) == Judgement(2 / 3, 3)


def test_a_failure_is_not_kept(tmp_path: Path) -> None:
    store = JudgementStore(Database(tmp_path / "db.sqlite"))
    store.put(KEY, Judgement(0.0, 0, "the model answered neither yes nor no"))
    assert store.get(KEY) is None


def test_the_oldest_leave_beyond_the_limit(tmp_path: Path) -> None:
    store = JudgementStore(Database(tmp_path / "db.sqlite"), max_rows=3)
    for number in range(5):
        store.put((str(number), "", "d"), Judgement(1.0, 3))
    assert [store.get((str(n), "", "d")) is not None for n in range(5)] == [
        False, False, True, True, True]


def test_an_unreadable_row_is_a_miss(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite")
    store = JudgementStore(db)
    store.put(KEY, Judgement(1.0, 3))
    with db.transaction() as conn:
        conn.execute("UPDATE filter_judgements SET score = 'yes'")
    assert store.get(KEY) is None
