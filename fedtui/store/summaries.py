"""Summaries and catch-up positions kept between runs: `summaries.db` in the state folder.

A summary is kept by its key (`fedtui.core.summary.summary_key`: its kind, each post and its
last edit, how it was made), so an edited post misses it. A catch-up position is where the
next catch-up of a pane starts when the server has no read marker for it. Its own file, so
that a damaged one is moved aside and started afresh (`take_notice` says so) without touching
the cache, the drafts or anything else; unreadable rows count as nothing kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fedtui import paths
from fedtui.core.summary import Point, Summary
from fedtui.errors import StoreError
from fedtui.store.db import Database
from fedtui.store.kept import keep, read_kept

MAX_ROWS = 500  # oldest summaries beyond this are dropped
MIGRATIONS = ((
    """CREATE TABLE summaries (
        key TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        body TEXT NOT NULL
    )""",
    """CREATE TABLE catchups (
        account_key TEXT NOT NULL,
        pane_key TEXT NOT NULL,
        newest_id TEXT NOT NULL,
        PRIMARY KEY (account_key, pane_key)
    )""",
),)
RESET_NOTICE = ("The file of kept summaries was damaged and has been started afresh: "
                "summaries are made again as they are asked for, and the next catch-up "
                "starts at the read marker.")


def summaries_path() -> Path:
    return paths.state_dir() / "summaries.db"


def encode(summary: Summary) -> str:
    return json.dumps({"method": summary.method, "points": [
        {"who": p.who, "body": p.body, "cites": list(p.cites), "quoted": p.quoted,
         "phrased": p.phrased} for p in summary.points]}, ensure_ascii=False)


def decode(body: str) -> Summary:
    data: dict[str, Any] = json.loads(body)
    points = tuple(Point(str(p["who"]), str(p["body"]), tuple(str(c) for c in p["cites"]),
                         str(p.get("quoted", "")), bool(p.get("phrased", False)))
                   for p in data["points"])
    if any(not point.cites for point in points):
        raise ValueError("a point cites nothing")
    return Summary(str(data["method"]), points)


class SummaryStore:
    """The kept summaries and catch-up positions (thread-safe through `Database`)."""

    def __init__(self, path: Path | None = None, max_rows: int = MAX_ROWS) -> None:
        self.db = Database(path or summaries_path(), migrations=MIGRATIONS,
                           name="summaries file", reset_notice=RESET_NOTICE)
        self.max_rows = max_rows

    def take_notice(self) -> str | None:
        """What happened to a damaged file, once (None: nothing)."""
        notice, self.db.notice = self.db.notice, None
        return notice

    def get(self, key: str) -> Summary | None:
        return read_kept(self.db, "summaries", key, decode)

    def put(self, key: str, summary: Summary) -> None:
        keep(self.db, "summaries", key, encode(summary), self.max_rows)

    def last_catchup(self, account: str, pane: str) -> str | None:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT newest_id FROM catchups WHERE account_key = ? AND "
                               "pane_key = ?", (account, pane)).fetchone()
        return str(row[0]) if row is not None and row[0] else None

    def remember_catchup(self, account: str, pane: str, newest: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO catchups (account_key, pane_key, newest_id) "
                         "VALUES (?, ?, ?)", (account, pane, newest))

    def close(self) -> None:
        self.db.close()


def open_store(path: Path | None = None) -> tuple[SummaryStore | None, str | None]:
    """The store, and a sentence for the reader when it was reset or cannot be used."""
    try:
        store = SummaryStore(path)
    except StoreError as err:
        return None, f"Summaries are kept for this session only: {err}"
    return store, store.take_notice()
