"""Drafts come back from a damaged file: one bad page of the drafts file or of the cache
costs no draft whose own bytes are intact; the notice says how many and where the file went.
Real SQLite files, damaged on disk, then the real `build_context`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
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
ROOT = Path(__file__).resolve().parents[2]


def write_drafts(count: int, long_one: bool = False) -> list[SavedDraft]:
    store, _ = open_drafts()
    assert store is not None
    drafts = []
    for n in range(count):
        text = f"draft number {n}: " + "words that matter " * 30
        if long_one and n == count // 2:
            text = "a long post " * 900  # ~11 kB: two overflow pages
        drafts.append(store.save(SavedDraft(account_key="alice@example", text=text)))
    store.close()
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


CHILD = textwrap.dedent("""
    import time
    from dataclasses import replace
    from fedtui.store.draft_file import open_drafts
    from fedtui.store.drafts import SavedDraft
    store, _ = open_drafts()
    drafts = [store.save(SavedDraft(account_key="alice@example", text=f"older {n} " * 40))
              for n in range(10)]
    with store.db.transaction() as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.save(replace(drafts[0], text="the newest words, only in the WAL"))
    print("saved", flush=True)
    time.sleep(120)  # killed here: the WAL is never folded into the file
""")


def test_the_newest_version_in_the_wal_is_the_one_recovered(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True,
                            env=env)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "saved"
    finally:
        proc.kill()
        proc.wait(10)
    assert Path(f"{paths.drafts_path()}-wal").stat().st_size > 0
    copy = tmp_path / "copy.db"  # read as found: nothing folds the WAL into the file
    for suffix in ("", "-wal"):
        Path(f"{copy}{suffix}").write_bytes(Path(f"{paths.drafts_path()}{suffix}").read_bytes())
    damage(copy, 1, at=100)
    found = {row[4] for row in salvage_drafts(copy).rows}
    assert any("the newest words, only in the WAL" in body for body in found)
    assert not any("older 0 " in body for body in found) and len(found) == 10

    damage(paths.drafts_path(), 1, at=100)  # the schema page: SQLite cannot read the file
    texts, notices = started_texts()
    assert "the newest words, only in the WAL" in texts
    assert not any(t.startswith("older 0 ") for t in texts)
    assert len(texts) == 10
    assert any("10 drafts recovered" in n for n in notices), notices


def test_an_older_fedtuis_drafts_move_out_of_the_cache() -> None:
    drafts = legacy_cache_with_drafts(3)
    texts, notices = started_texts()
    assert texts == sorted(d.text for d in drafts)
    assert notices == []
    with Database(paths.db_path()) as db, db.transaction() as conn:
        assert conn.execute("SELECT count(*) FROM drafts").fetchone()[0] == 0
    texts, _ = started_texts()  # once moved, they are not moved again
    assert texts == sorted(d.text for d in drafts)
