"""Posts a pane's cap pushed out of memory, kept on disk so scrolling down reads them back.

A pane keeps at most `timeline.max_posts` posts in memory; the oldest ones leave as new ones
stream in. `OlderPosts.keep` stores them here (per account and pane, by id), and
`OlderPosts.below` hands them back newest first, below a given id, when the reader scrolls
past the end; a kept post deleted or edited meanwhile is dropped or changed here too. What a
pane keeps here is what it pushed out in this run: the pane `clear`s it when its list starts
again from the server's newest page, so the posts read back always continue the list without
a gap. At most `max_per_pane` posts per pane stay (the oldest go, checked every `trim_every`
posts kept, so a pane may hold that many more for a while).
"""

from __future__ import annotations

from collections.abc import Sequence

from fedtui.core.model import Item, Status
from fedtui.core.timeline import refreshed, status_ids
from fedtui.store.cache import decode_item, encode_item
from fedtui.store.db import Database

DEFAULT_MAX_PER_PANE = 5_000
TRIM_EVERY = 200


def _shown_status(item: Item) -> str:
    """The id of the status an item shows: a boost's original, a notification's post."""
    return next(reversed(status_ids(item)), "")


class OlderPosts:
    """The posts each pane's cap pushed out, in `db` (nothing here is secret)."""

    def __init__(self, db: Database, max_per_pane: int = DEFAULT_MAX_PER_PANE,
                 trim_every: int = TRIM_EVERY) -> None:
        self.db = db
        self.max_per_pane = max(1, max_per_pane)
        self.trim_every = trim_every
        self._kept_since_trim: dict[tuple[str, str], int] = {}

    def keep(self, account_key: str, pane_key: str, items: Sequence[Item]) -> None:
        """Store `items` (known ids are replaced); past `max_per_pane` the oldest leave.
        One pane's posts are kept from one thread at a time (`KeptBelow`'s)."""
        rows = [(account_key, pane_key, len(item.id), item.id, _shown_status(item),
                 *encode_item(item)) for item in items if item.id]
        if not rows:
            return
        pane = (account_key, pane_key)
        kept = self._kept_since_trim[pane] = self._kept_since_trim.get(pane, 0) + len(rows)
        with self.db.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO pane_older (account_key, pane_key, id_len, id, shows, "
                "kind, body) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            if kept < self.trim_every:
                return
            self._kept_since_trim[pane] = 0
            edge = conn.execute(
                "SELECT id_len, id FROM pane_older WHERE account_key = ? AND pane_key = ? "
                "ORDER BY id_len DESC, id DESC LIMIT 1 OFFSET ?",
                (account_key, pane_key, self.max_per_pane)).fetchone()
            if edge is not None:
                conn.execute(
                    "DELETE FROM pane_older WHERE account_key = ? AND pane_key = ? AND "
                    "(id_len < ? OR (id_len = ? AND id <= ?))",
                    (account_key, pane_key, edge[0], edge[0], edge[1]))

    def below(self, account_key: str, pane_key: str, item_id: str, limit: int) -> list[Item]:
        """Up to `limit` kept posts older than `item_id`, newest first; rows that no longer
        parse are skipped."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT kind, body FROM pane_older WHERE account_key = ? AND pane_key = ? AND "
                "(id_len < ? OR (id_len = ? AND id < ?)) ORDER BY id_len DESC, id DESC "
                "LIMIT ?",
                (account_key, pane_key, len(item_id), len(item_id), item_id, max(0, limit)),
            ).fetchall()
        items = (decode_item(str(kind), str(body)) for kind, body in rows)
        return [item for item in items if item is not None]

    def forget_status(self, account_key: str, status_id: str) -> None:
        """A status was deleted: drop it, boosts of it and notifications about it."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM pane_older WHERE account_key = ? AND (id = ? OR shows = ?)",
                         (account_key, status_id, status_id))

    def update_status(self, account_key: str, status: Status) -> None:
        """A status was edited: the kept posts that show it (it, boosts of it,
        notifications about it) show the new version."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT pane_key, id_len, id, kind, body FROM pane_older WHERE account_key = ? "
                "AND (id = ? OR shows = ?)", (account_key, status.id, status.id)).fetchall()
            changed = []
            for pane_key, id_len, item_id, kind, body in rows:
                item = decode_item(str(kind), str(body))
                if item is not None and (fresh := refreshed(item, status)) is not None:
                    changed.append((*encode_item(fresh), account_key, pane_key, id_len, item_id))
            conn.executemany(
                "UPDATE pane_older SET kind = ?, body = ? WHERE account_key = ? AND "
                "pane_key = ? AND id_len = ? AND id = ?", changed)

    def clear_all(self) -> None:
        """Drop what every pane of every account kept (an earlier run's)."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM pane_older")

    def clear(self, account_key: str, pane_key: str) -> None:
        """Drop what one pane kept."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM pane_older WHERE account_key = ? AND pane_key = ?",
                         (account_key, pane_key))
