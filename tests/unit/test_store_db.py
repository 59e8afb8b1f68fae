"""fedtui.store.db: migrations, owner-only file, WAL, threads, corrupt-file recovery."""

from __future__ import annotations

import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from fedtui import paths
from fedtui.errors import StoreError
from fedtui.store.db import CORRUPT_NOTICE, MIGRATIONS, Database


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_default_location_owner_only_and_migrated() -> None:
    with Database() as db:
        assert db.path == paths.db_path()
        assert db.version == len(MIGRATIONS)
        assert db.notice is None
        with db.transaction() as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert {"pane_items", "layouts"} <= tables
    assert mode(paths.db_path()) == 0o600
    assert mode(paths.data_dir()) == 0o700


def test_wal_files_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Database(path) as db, db.transaction() as conn:
        conn.execute("INSERT INTO layouts VALUES ('a', '[]')")
    for extra in tmp_path.glob("c.db*"):
        assert mode(extra) == 0o600, extra


def test_loose_permissions_are_tightened(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    Database(path).close()
    path.chmod(0o644)
    Database(path).close()
    assert mode(path) == 0o600


def test_migrations_run_in_order_once(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    first = (("CREATE TABLE t (a TEXT)",),)
    with Database(path, migrations=first) as db:
        assert db.version == 1
        with db.transaction() as conn:
            conn.execute("INSERT INTO t VALUES ('kept')")
    more = (*first, ("ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x'",), ("CREATE TABLE u (c)",))
    with Database(path, migrations=more) as db:
        assert db.version == 3
        with db.transaction() as conn:
            assert conn.execute("SELECT a, b FROM t").fetchall() == [("kept", "x")]
    with Database(path, migrations=more) as db:  # nothing left to do
        assert db.version == 3


def test_failed_migration_rolls_back(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    Database(path, migrations=(("CREATE TABLE t (a)",),)).close()
    broken = (("CREATE TABLE t (a)",), ("CREATE TABLE u (x)", "THIS IS NOT SQL"))
    with pytest.raises(StoreError):
        Database(path, migrations=broken)
    with Database(path, migrations=(("CREATE TABLE t (a)",),)) as db, db.transaction() as conn:
        assert db.version == 1
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "u" not in names


def test_newer_schema_is_refused_not_destroyed(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Database(path) as db, db.transaction() as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    with pytest.raises(StoreError, match="newer fedtui"):
        Database(path)
    assert path.exists()
    assert not list(tmp_path.glob("*.corrupt-*"))


@pytest.mark.parametrize(
    "garbage",
    [b"this is not a database at all\n" * 100, b"SQLite format 3\x00" + b"\xff" * 4000],
)
def test_corrupt_file_is_moved_aside_and_replaced(tmp_path: Path, garbage: bytes) -> None:
    path = tmp_path / "c.db"
    path.write_bytes(garbage)
    with Database(path) as db:
        assert db.notice is not None and db.notice.startswith(CORRUPT_NOTICE)
        assert db.version == len(MIGRATIONS)
    aside = list(tmp_path.glob("c.db.corrupt-*"))
    assert len(aside) == 1
    assert db.moved_aside == aside[0] and f"moved aside to {aside[0]}." in db.notice
    assert aside[0].read_bytes() == garbage
    assert "nothing on your server was affected" in CORRUPT_NOTICE
    assert mode(path) == 0o600


def test_malformed_pages_are_detected(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Database(path) as db, db.transaction() as conn:
        conn.executemany(
            "INSERT INTO layouts VALUES (?, ?)", [(str(i), "x" * 500) for i in range(200)]
        )
    with sqlite3.connect(path) as conn:  # fold the WAL into the main file
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    for offset in range(4096 + 8, len(data), 4096):  # scribble over every page but the first
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    with Database(path) as db:
        assert db.notice is not None and db.notice.startswith(CORRUPT_NOTICE)
        with db.transaction() as conn:
            assert conn.execute("SELECT count(*) FROM layouts").fetchone()[0] == 0
    assert list(tmp_path.glob("c.db.corrupt-*"))


def test_corruption_found_later_resets_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    db = Database(path)
    with pytest.raises(StoreError, match="corrupt and has been reset"), db.transaction():
        raise sqlite3.DatabaseError("database disk image is malformed")
    assert db.notice == f"{CORRUPT_NOTICE} The damaged file was moved aside to {db.moved_aside}."
    assert db.version == len(MIGRATIONS)
    db.close()


def test_other_database_errors_become_store_errors(tmp_path: Path) -> None:
    with Database(tmp_path / "c.db") as db:
        with pytest.raises(StoreError, match="failed"), db.transaction() as conn:
            conn.execute("SELECT * FROM no_such_table")
        assert db.notice is None


def test_unopenable_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="could not be opened"):
        Database(blocker / "c.db")


def test_threads_share_the_database(tmp_path: Path) -> None:
    db = Database(tmp_path / "c.db")
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(50):
                with db.transaction() as conn:
                    conn.execute("INSERT INTO layouts VALUES (?, '[]')", (f"{n}-{i}",))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with db.transaction() as conn:
        assert conn.execute("SELECT count(*) FROM layouts").fetchone()[0] == 400
    db.close()
