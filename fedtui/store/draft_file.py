"""Opening the drafts file: where drafts are kept, and what happens when that fails.

Drafts live in `paths.drafts_path()`, a file of their own in the data folder. When it cannot
be written (a read-only or full disk, a data folder that is not a folder), the first of
`paths.draft_fallbacks()` that can be written stands in, the notice says where, and the
drafts of the usual file are copied in so they are still offered. The next start that can
write the usual file merges the stand-in back (drafts deleted meanwhile stay deleted) and
removes it. When nothing can be written there is no store, and the notice says so.

A damaged drafts file is moved aside and every draft still readable in it is copied into
the fresh one (`fedtui.store.salvage`); the same happens for drafts an older fedtui kept in
the cache database, which then move here.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing, suppress
from functools import partial
from pathlib import Path
from typing import IO

from fedtui import paths
from fedtui.errors import StoreError
from fedtui.store.db import Database
from fedtui.store.drafts import DraftStore, decodable
from fedtui.store.salvage import COLUMNS, Row, salvage_drafts

DRAFT_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE drafts (
            id TEXT PRIMARY KEY,
            account_key TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            last_error TEXT,
            body TEXT NOT NULL
        )""",
        "CREATE INDEX drafts_by_account ON drafts (account_key, updated_at)",
    ),
    ("CREATE TABLE forgotten (id TEXT PRIMARY KEY)",),  # deleted while standing in
)
RESET_NOTICE = "The drafts file was damaged and has been replaced."


def salvager(what: str, *, always: bool = True) -> Callable[[Path, sqlite3.Connection],
                                                             str | None]:
    """A `Database` salvage callback copying the readable drafts of a damaged file into the
    fresh one; its sentence names `what` was damaged (said even for none when `always`)."""
    def salvage(aside: Path, conn: sqlite3.Connection) -> str | None:
        try:
            found = salvage_drafts(aside)
            rows = [row for row in found.rows if decodable(row)]
            with conn:
                conn.executemany(f"INSERT OR REPLACE INTO drafts ({COLUMNS}) "
                                 "VALUES (?, ?, ?, ?, ?)", rows)
        except (sqlite3.Error, OSError):
            return f"No drafts could be recovered from the damaged {what} (moved aside to " \
                   f"{aside})."
        lost = (found.unreadable or 0) + len(found.rows) - len(rows)
        if not rows and not lost and not always:
            return None
        count = f"{len(rows)} draft{'' if len(rows) == 1 else 's'}"
        text = f"{count} recovered from the damaged {what} (moved aside to {aside})."
        if lost:
            text += f" {lost} could not be read."
        return text

    return salvage


def open_drafts(cache: Database | None = None) -> tuple[DraftStore | None, list[str]]:
    """The draft store (None when no place can be written) and sentences for the user.

    Drafts an older fedtui kept in `cache` are moved into the store.
    """
    usual = paths.drafts_path()
    places = [(usual, ""), *((folder / usual.name, how) for folder, how in
                             paths.draft_fallbacks())]
    notices: list[str] = []
    problem: StoreError | None = None
    for chosen, (path, _how) in enumerate(places):  # the first that opens
        try:
            store = _open(path, stand_in=chosen > 0)
        except StoreError as err:
            problem = problem or err
            continue
        break
    else:
        notices.append(f"Drafts cannot be kept on this computer: {problem} What you write "
                       "is lost if fedtui closes before it is sent.")
        return None, notices
    if store.db.notice:
        notices.append(store.db.notice)
    if chosen:
        store.where = f"{path.parent}{places[chosen][1]}"
        notices.append(f"Drafts are kept in {store.where} for now: {problem}")
    for index, (other, _how) in enumerate(places):
        if index == chosen or not other.exists() or (index > chosen and _in_use(other)):
            continue  # a stand-in another running fedtui writes is left to it
        rows, forgotten = _read(other)
        try:
            added = store.merge(rows, forgotten)
        except StoreError:
            continue
        if index > chosen:  # a stand-in of an earlier start: its drafts are home again
            _remove(other)
            if added:
                notices.append(f"{added} draft{'' if added == 1 else 's'} kept in "
                               f"{other.parent} while {usual.parent} could not be written "
                               f"{'is' if added == 1 else 'are'} back with the others.")
    if cache is not None:
        _adopt(cache, store)
    store.elsewhere = partial(_move_on, places[chosen + 1:])
    store.held = _hold(path)
    return store, notices


def _move_on(places: list[tuple[Path, str]], store: DraftStore, err: StoreError) -> bool:
    """Move `store` to the first of `places` that can be written, with its drafts (a
    full disk still reads); False when none can."""
    for path, how in places:
        if path == store.db.path:
            continue
        try:
            other = _open(path, stand_in=True)
        except StoreError:
            continue
        with suppress(StoreError):  # unreadable ones stay where they are, merged back later
            other.merge(store.rows())
        store.close()  # the old file, and its in-use mark
        store.db, store.stand_in, store.held = other.db, True, _hold(path)
        store.where = f"{path.parent}{how}"
        store.moved = f"Drafts are now kept in {store.where}: {err}"
        return True
    return False


def _open(path: Path, *, stand_in: bool) -> DraftStore:
    if stand_in:
        _check_private(path.parent)
    db = Database(path, migrations=DRAFT_MIGRATIONS, name="drafts file",
                  reset_notice=RESET_NOTICE, salvage=salvager("drafts file"))
    store = DraftStore(db, stand_in=stand_in)
    if stand_in:  # the usual place is checked later (`DraftStore.check_soon`)
        try:
            store.probe()
        except StoreError:
            db.close()
            raise
    return store


def _check_private(folder: Path) -> None:
    """A stand-in folder that exists must be the user's own (shared temporary folders):
    not a link, not someone else's; too open a mode is tightened."""
    if not hasattr(os, "getuid"):
        return
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return  # the Database makes it, owner-only
    except OSError as err:
        raise StoreError(f"The folder {folder} cannot be used: {err.strerror}.") from None
    if os.path.islink(folder) or info.st_uid != os.getuid():
        raise StoreError(f"The folder {folder} belongs to someone else.")
    if info.st_mode & 0o077:
        try:
            os.chmod(folder, 0o700)
        except OSError as err:
            raise StoreError(f"The folder {folder} cannot be made private: "
                             f"{err.strerror}.") from None


def _hold(path: Path) -> IO[bytes] | None:
    """A shared lock on `<path>.lock`, held while this process uses the drafts file there
    (POSIX; elsewhere None)."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        handle = open(f"{path}.lock", "ab")  # noqa: SIM115 - open while the store is
        os.chmod(handle.fileno(), 0o600)
        fcntl.flock(handle, fcntl.LOCK_SH)
    except OSError:
        return None
    return handle


def _in_use(path: Path) -> bool:
    """True while another process holds the lock of the drafts file at `path`."""
    try:
        import fcntl
    except ImportError:
        return False
    try:
        with open(f"{path}.lock", "rb") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return False


def _read(path: Path) -> tuple[list[Row], set[str]]:
    """The drafts of another drafts file and the ids it forgot, read without writing."""
    forgotten: set[str] = set()
    for query in ("mode=ro", "immutable=1"):
        with suppress(sqlite3.Error):
            with closing(sqlite3.connect(f"{path.as_uri()}?{query}", uri=True)) as conn:
                forgotten = {r[0] for r in conn.execute("SELECT id FROM forgotten")}
            break
    try:
        rows = list(salvage_drafts(path).rows)
    except OSError:
        rows = []
    return rows, forgotten


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        with suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def _adopt(cache: Database, store: DraftStore) -> None:
    """Move the drafts an older fedtui kept in the cache database into the store."""
    try:
        with cache.transaction() as conn:
            rows = [tuple(r) for r in conn.execute(f"SELECT {COLUMNS} FROM drafts")]
        if not rows:
            return
        store.merge(rows)
        with cache.transaction() as conn:
            conn.executemany("DELETE FROM drafts WHERE id = ?", [(r[0],) for r in rows])
    except StoreError:
        return  # they stay in the cache and are moved at the next start
