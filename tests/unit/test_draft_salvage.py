"""Drafts come back from a damaged file: one bad page of the drafts file or of the cache
costs no draft whose own bytes are intact; the notice says how many and where the file went.
Real SQLite files, damaged on disk, then the real `build_context`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fedtui import paths
from fedtui.cli import build_context
from fedtui.config import default_config
from fedtui.store.db import Database
from fedtui.store.draft_file import open_drafts
from fedtui.store.drafts import SavedDraft, _encode, _stamp
from fedtui.store.salvage import salvage_drafts

PAGE = 4096


def write_drafts(count: int, long_one: bool = False) -> list[SavedDraft]:
    store, _ = open_drafts()
    assert store is not None
    drafts = []
    for n in range(count):
        text = f"draft number {n}: " + "words that matter " * 30
        if long_one and n == count // 2:
            text = "a long post " * 900  # ~11 kB: two overflow pages
        drafts.append(store.save(SavedDraft(account_key="alice@example", text=text)))
    store.db.close()
    with sqlite3.connect(paths.drafts_path()) as conn:  # fold the WAL into the file
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return drafts


def pages_of(path: Path, name: str) -> list[int]:
    with sqlite3.connect(path) as conn:
        found = [r[0] for r in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (name,))]
    conn.close()
    return found


def damage(path: Path, page: int, at: int = 0, length: int = 16) -> None:
    data = bytearray(path.read_bytes())
    start = (page - 1) * PAGE + at
    data[start:start + length] = b"\xa5" * length
    path.write_bytes(bytes(data))


def aside_files(pattern: str) -> list[Path]:
    return [p for p in paths.data_dir().glob(pattern) if not p.name.endswith(("-wal", "-shm"))]


def started_texts() -> tuple[list[str], list[str]]:
    context = build_context(default_config({}), None)
    assert context.drafts is not None
    texts = [d.text for d in context.drafts.unfinished("alice@example")]
    return sorted(texts), context.notices


def test_a_damaged_page_of_drafts_loses_no_draft() -> None:
    drafts = write_drafts(30)
    leaves = pages_of(paths.drafts_path(), "drafts")
    assert len(leaves) > 3
    damage(paths.drafts_path(), leaves[1])  # the page header: SQLite cannot read the page
    texts, notices = started_texts()
    assert texts == sorted(d.text for d in drafts)
    aside = aside_files("drafts.db.corrupt-*")
    assert len(aside) == 1
    assert any(f"30 drafts recovered from the damaged drafts file (moved aside to {aside[0]})."
               in n for n in notices), notices


@pytest.mark.parametrize("where", ["index", "schema"])
def test_a_damaged_index_or_schema_page_loses_no_draft(where: str) -> None:
    drafts = write_drafts(20, long_one=True)
    page = pages_of(paths.drafts_path(), "drafts_by_account")[0] if where == "index" else 1
    damage(paths.drafts_path(), page, at=100 if page == 1 else 0)
    texts, notices = started_texts()
    assert texts == sorted(d.text for d in drafts)
    assert any("20 drafts recovered" in n for n in notices), notices


def test_a_page_whose_bytes_are_gone_is_counted_honestly() -> None:
    drafts = write_drafts(30)
    leaves = pages_of(paths.drafts_path(), "drafts")
    damage(paths.drafts_path(), leaves[0], length=PAGE)  # the whole page: its drafts are gone
    result = salvage_drafts(paths.drafts_path())
    lost = 30 - len(result.rows)
    assert 0 < lost < 30 and result.unreadable == lost
    texts, notices = started_texts()
    assert len(texts) == 30 - lost and set(texts) <= {d.text for d in drafts}
    assert any(f"{30 - lost} drafts recovered" in n and f"{lost} could not be read." in n
               for n in notices), notices


def legacy_cache_with_drafts(count: int) -> list[SavedDraft]:
    """A cache database as an older fedtui left it: drafts in its `drafts` table, and
    enough cached posts that most of the file is theirs."""
    drafts = [SavedDraft(account_key="alice@example", text=f"old draft {n} " * 20)
              for n in range(count)]
    with Database(paths.db_path()) as db, db.transaction() as conn:
        conn.executemany("INSERT INTO pane_items VALUES ('alice@example', 'home', ?, "
                         "'status', ?)", [(n, "{\"x\": \"" + "p" * 900 + "\"}")
                                          for n in range(200)])
        conn.executemany("INSERT INTO drafts VALUES (?, ?, ?, NULL, ?)",
                         [(d.id, d.account_key, _stamp(d.updated_at), _encode(d))
                          for d in drafts])
    with sqlite3.connect(paths.db_path()) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return drafts


def test_one_bad_page_of_the_cache_keeps_an_older_fedtuis_drafts() -> None:
    drafts = legacy_cache_with_drafts(5)
    damage(paths.db_path(), pages_of(paths.db_path(), "pane_items")[3])
    texts, notices = started_texts()
    assert texts == sorted(d.text for d in drafts)
    aside = aside_files("fedtui.db.corrupt-*")
    assert len(aside) == 1
    assert any(n.startswith("The local cache was corrupt") and
               f"5 drafts recovered from the damaged cache (moved aside to {aside[0]})." in n
               for n in notices), notices
    with Database(paths.db_path()) as db, db.transaction() as conn:  # moved, not copied
        assert conn.execute("SELECT count(*) FROM drafts").fetchone()[0] == 0


def test_a_damaged_page_of_the_cache_no_longer_touches_drafts() -> None:
    drafts = write_drafts(3)
    legacy_cache_with_drafts(0)
    damage(paths.db_path(), pages_of(paths.db_path(), "pane_items")[0])
    texts, notices = started_texts()
    assert texts == sorted(d.text for d in drafts)
    assert any(n.startswith("The local cache was corrupt") for n in notices)
    assert not any("drafts" in n for n in notices), notices
