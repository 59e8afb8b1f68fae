"""Translations on disk: round trip, misses on edit or model change, bounded size."""

from __future__ import annotations

from pathlib import Path

from fedtui.core.translation_result import Confidence, StatusTranslation, Translation
from fedtui.store.db import Database
from fedtui.store.translations import TranslationStore


def result(text: str = "Good morning") -> StatusTranslation:
    content = Translation(text, "de", "en", "gemma3-270m", Confidence.HIGH, 1)
    alt = Translation("A cat", "de", "en", "gemma3-270m", Confidence.LOW, 2, message="short")
    return StatusTranslation(content, None, (content,), (("m1", alt),))


def test_round_trip_and_misses(tmp_path: Path) -> None:
    store = TranslationStore(Database(tmp_path / "db.sqlite"))
    key = ("1", "", "gemma3-270m", "en")
    store.put(key, result())
    assert store.get(key) == result()
    assert store.get(("1", "2026-01-01T00:00:00+00:00", "gemma3-270m", "en")) is None
    assert store.get(("1", "", "other-model", "en")) is None
    reopened = TranslationStore(Database(tmp_path / "db.sqlite"))
    assert reopened.get(key) == result()


def test_oldest_rows_are_dropped_beyond_the_limit(tmp_path: Path) -> None:
    store = TranslationStore(Database(tmp_path / "db.sqlite"), max_rows=3)
    for number in range(5):
        store.put((str(number), "", "m", "en"), result(f"text {number}"))
    assert store.get(("0", "", "m", "en")) is None
    assert store.get(("4", "", "m", "en")) == result("text 4")


def test_an_unreadable_row_is_a_miss(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite")
    store = TranslationStore(db)
    store.put(("1", "", "m", "en"), result())
    with db.transaction() as conn:
        conn.execute("UPDATE translations SET body = '{not json'")
    assert store.get(("1", "", "m", "en")) is None
