"""Timeline snapshots and pane layouts per account, so the first screen paints instantly.

`save` replaces a pane's snapshot with the first `max_items` items in the order given
(newest first, as displayed); `load` returns them in that order, skipping any row that no
longer parses. Everything is JSON in the `Database`; nothing here is secret.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from fedtui.core.model import Item, Notification, NotificationGroup, Status
from fedtui.core.panes import PaneSpec
from fedtui.store.codec import json_object, notification_to_api, status_to_api
from fedtui.store.db import Database

DEFAULT_MAX_ITEMS = 100


def encode_item(item: Item) -> tuple[str, str]:
    """An item as a row's `kind` and JSON `body`."""
    if isinstance(item, Notification):
        return "notification", json.dumps(notification_to_api(item), ensure_ascii=False)
    return "status", json.dumps(status_to_api(item), ensure_ascii=False)


def decode_item(kind: str, body: str) -> Item | None:
    """The item of a row, or None when the row no longer parses."""
    data = json_object(body)
    if data is None:
        return None
    try:
        if kind == "status":
            return Status.from_api(data)
        if kind == "notification":
            if "notifications_count" in data:
                return NotificationGroup.from_api(data)
            return Notification.from_api(data)
    except Exception:  # a row from an odd past version costs itself, never the pane
        return None
    return None


class TimelineCache:
    """Per-account, per-pane snapshots of statuses and notifications in `db`."""

    def __init__(self, db: Database, max_items: int = DEFAULT_MAX_ITEMS) -> None:
        self.db = db
        self.max_items = max_items

    def save(self, account_key: str, pane_key: str, items: Sequence[Item]) -> None:
        """Replace the pane's snapshot with the first `max_items` of `items`."""
        rows = [
            (account_key, pane_key, position, *encode_item(item))
            for position, item in enumerate(items[: self.max_items])
        ]
        with self.db.transaction() as conn:
            conn.execute(
                "DELETE FROM pane_items WHERE account_key = ? AND pane_key = ?",
                (account_key, pane_key),
            )
            conn.executemany(
                "INSERT INTO pane_items (account_key, pane_key, position, kind, body) "
                "VALUES (?, ?, ?, ?, ?)",
                rows,
            )

    def load(self, account_key: str, pane_key: str) -> list[Item]:
        """The pane's snapshot, newest first; malformed rows are skipped."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT kind, body FROM pane_items WHERE account_key = ? AND pane_key = ? "
                "ORDER BY position",
                (account_key, pane_key),
            ).fetchall()
        items = (decode_item(str(kind), str(body)) for kind, body in rows)
        return [item for item in items if item is not None]

    def save_layout(self, account_key: str, panes: Sequence[PaneSpec]) -> None:
        """Remember the account's pane set, in order."""
        body = json.dumps([pane.to_dict() for pane in panes], ensure_ascii=False)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO layouts (account_key, body) VALUES (?, ?) "
                "ON CONFLICT (account_key) DO UPDATE SET body = excluded.body",
                (account_key, body),
            )

    def load_layout(self, account_key: str) -> list[PaneSpec] | None:
        """The remembered pane set; None when none was saved or it is unreadable."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT body FROM layouts WHERE account_key = ?", (account_key,)
            ).fetchone()
        if row is None:
            return None
        try:
            data = json.loads(row[0])
        except (ValueError, TypeError):
            return None
        if not isinstance(data, list):
            return None
        panes: list[PaneSpec] = []
        for entry in data:
            if not isinstance(entry, dict) or not all(isinstance(v, str) for v in entry.values()):
                continue
            try:
                panes.append(PaneSpec.from_dict(entry))
            except (KeyError, ValueError, TypeError, AttributeError):
                continue  # a pane kind this version does not know
        return panes if panes or not data else None

    def wipe(self, account_key: str | None = None) -> None:
        """Delete every snapshot, post kept below a pane's cap and layout (of one account,
        or of all)."""
        with self.db.transaction() as conn:
            if account_key is None:
                conn.execute("DELETE FROM pane_items")
                conn.execute("DELETE FROM pane_older")
                conn.execute("DELETE FROM layouts")
            else:
                conn.execute("DELETE FROM pane_items WHERE account_key = ?", (account_key,))
                conn.execute("DELETE FROM pane_older WHERE account_key = ?", (account_key,))
                conn.execute("DELETE FROM layouts WHERE account_key = ?", (account_key,))
        with self.db.transaction() as conn:  # fold the WAL in so deleted posts leave no copy
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
