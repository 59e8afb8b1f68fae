"""Rows of (key, created_at, body) kept newest first up to a bound: the translations and the
summaries kept between runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal, TypeVar

from fedtui.store.db import Database

T = TypeVar("T")
Table = Literal["translations", "summaries"]  # tables of this shape (never user input)


def read_kept(db: Database, table: Table, key: str, decode: Callable[[str], T]) -> T | None:
    """The body kept under `key`, decoded; None when there is none or it no longer decodes
    (written by another version)."""
    with db.transaction() as conn:
        row = conn.execute(f"SELECT body FROM {table} WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    try:
        return decode(row[0])
    except (ValueError, KeyError, TypeError):
        return None


def keep(db: Database, table: Table, key: str, body: str, max_rows: int) -> None:
    """Keep `body` under `key`; the oldest rows past `max_rows` go."""
    with db.transaction() as conn:
        conn.execute(f"INSERT OR REPLACE INTO {table} (key, created_at, body) VALUES (?, ?, ?)",
                     (key, datetime.now(UTC).isoformat(), body))
        conn.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM {table} "
                     "ORDER BY created_at DESC LIMIT ?)", (max_rows,))
