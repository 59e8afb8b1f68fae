"""The local SQLite cache database: migrations, owner-only file, corruption recovery.

One connection is shared by all threads behind a lock (`Database.transaction()`), so UI
worker threads may call the cache freely. The file is created with mode 0o600 in a 0o700
folder, in WAL mode with `secure_delete` on. A file that is not a database or is malformed
is moved aside to `<name>.corrupt-<timestamp>` and a fresh one is created; `notice` then
holds the sentence the app should show (with where the damaged file went). A `salvage`
callback may copy what is still readable from the moved-aside file into the fresh one.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from fedtui import paths
from fedtui.errors import StoreError

#: Ordered migrations: entry i moves the schema from version i to i + 1. Append only.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE pane_items (
            account_key TEXT NOT NULL,
            pane_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (account_key, pane_key, position)
        ) WITHOUT ROWID""",
        """CREATE TABLE layouts (
            account_key TEXT PRIMARY KEY,
            body TEXT NOT NULL
        )""",
    ),
    (  # drafts that are never lost (fedtui.store.drafts)
        """CREATE TABLE drafts (
            id TEXT PRIMARY KEY,
            account_key TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            last_error TEXT,
            body TEXT NOT NULL
        )""",
        "CREATE INDEX drafts_by_account ON drafts (account_key, updated_at)",
    ),
    (  # on-device translations (fedtui.store.translations)
        """CREATE TABLE translations (
            key TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            body TEXT NOT NULL
        )""",
    ),
    (  # what each server lacks, per version (fedtui.store.capabilities)
        """CREATE TABLE capabilities (
            instance TEXT PRIMARY KEY,
            version TEXT NOT NULL,
            learned_at TEXT NOT NULL,
            missing TEXT NOT NULL
        )""",
    ),
    (  # the local model's judgements for describe filters (fedtui.store.judgements)
        """CREATE TABLE filter_judgements (
            key TEXT PRIMARY KEY,
            judged_at TEXT NOT NULL,
            score REAL NOT NULL,
            answers INTEGER NOT NULL
        )""",
        "CREATE INDEX filter_judgements_by_time ON filter_judgements (judged_at)",
    ),
    (  # posts a pane's cap pushed out of memory (fedtui.store.older)
        """CREATE TABLE pane_older (
            account_key TEXT NOT NULL,
            pane_key TEXT NOT NULL,
            id_len INTEGER NOT NULL,
            id TEXT NOT NULL,
            shows TEXT NOT NULL,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (account_key, pane_key, id_len, id)
        ) WITHOUT ROWID""",
    ),
)

#: SQLite's page cache per connection (KiB; SQLite's default is 2,000). The posts full
#: panes push out are written here all day and filled the default cache: SQLite held 2.4 MB
#: after 12 minutes of four streaming panes, 0.9 MB with this (`benchmarks/longrun.py`),
#: for pages the system's file cache keeps anyway.
PAGE_CACHE_KIB = 512
CORRUPT_NOTICE = (
    "The local cache was corrupt and has been reset; nothing on your server was affected."
)
#: Called with the moved-aside file and the fresh connection; returns a sentence or None.
Salvager = Callable[[Path, sqlite3.Connection], "str | None"]
_CORRUPT_MARKERS = ("not a database", "malformed", "file is encrypted", "corrupt")


def is_corruption(exc: sqlite3.DatabaseError) -> bool:
    """True for errors that mean the file itself is damaged (not locks or bad SQL)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return True
    return any(marker in str(exc).lower() for marker in _CORRUPT_MARKERS)


class Database:
    """The cache database at `path` (default: `paths.db_path()`), opened and migrated."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        migrations: Sequence[Sequence[str]] = MIGRATIONS,
        name: str = "local cache",
        reset_notice: str = CORRUPT_NOTICE,
        salvage: Salvager | None = None,
    ) -> None:
        self.path = path if path is not None else paths.db_path()
        self.migrations = tuple(tuple(m) for m in migrations)
        self.name = name
        self.reset_notice = reset_notice
        self.salvage = salvage
        #: A user-facing sentence when the file had to be reset, else None.
        self.notice: str | None = None
        #: Where the damaged file was moved, once it was.
        self.moved_aside: Path | None = None
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        with self._lock:
            self._open_or_reset()

    @property
    def version(self) -> int:
        """The schema version recorded in the file (`PRAGMA user_version`)."""
        with self.transaction() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The connection, held under the lock; commits on success, rolls back on error.

        A corrupt file found here is reset (see `notice`) and `StoreError` is raised.
        """
        with self._lock:
            conn = self._connection()
            try:
                with conn:
                    yield conn
            except sqlite3.DatabaseError as exc:
                if is_corruption(exc):
                    self._reset()
                    raise StoreError(self.notice or self.reset_notice) from exc
                raise StoreError(f"The {self.name} at {self.path} failed: {exc}.") from exc

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- internals ---------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._open_or_reset()
        assert self._conn is not None
        return self._conn

    def _open_or_reset(self) -> None:
        try:
            self._open()
        except sqlite3.DatabaseError as exc:
            if not is_corruption(exc):
                self.close()
                message = f"The {self.name} at {self.path} could not be opened: {exc}."
                raise StoreError(message) from None
            self._reset()

    def _reset(self) -> None:
        """Move the damaged file (and its WAL) aside and open a fresh database."""
        self.close()
        aside = self._move_aside()
        self.moved_aside = aside
        self.notice = f"{self.reset_notice} The damaged file was moved aside to {aside}."
        try:
            self._open()
        except sqlite3.DatabaseError as exc:
            self.close()
            message = f"The {self.name} at {self.path} could not be created: {exc}."
            raise StoreError(message) from None
        if self.salvage is not None and self._conn is not None:
            saved = self.salvage(aside, self._conn)
            if saved:
                self.notice = f"{self.reset_notice} {saved}"

    def _move_aside(self) -> Path:
        return paths.move_aside(self.path, ("", "-wal", "-shm", "-journal"))

    def _open(self) -> None:
        try:
            paths.ensure_dir(self.path.parent)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            os.close(fd)
            if os.stat(self.path).st_mode & 0o077:
                os.chmod(self.path, 0o600)
        except OSError as exc:
            raise StoreError(
                f"The {self.name} at {self.path} could not be opened: {exc.strerror}."
            ) from None
        conn = sqlite3.connect(
            self.path, timeout=10, check_same_thread=False, isolation_level=None
        )
        self._conn = conn
        try:
            conn.execute("PRAGMA journal_mode=WAL").fetchone()
            conn.execute("PRAGMA secure_delete=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
            check = conn.execute("PRAGMA quick_check(1)").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed: {check}")
            self._migrate(conn)
        except BaseException:
            self.close()
            raise
        conn.isolation_level = "DEFERRED"  # transactions for `with conn:` from here on

    def _migrate(self, conn: sqlite3.Connection) -> None:
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if current > len(self.migrations):
            raise StoreError(
                f"The {self.name} at {self.path} was written by a newer fedtui (schema "
                f"{current}); update fedtui, or delete the file to start a fresh cache."
            )
        for version in range(current, len(self.migrations)):
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in self.migrations[version]:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
