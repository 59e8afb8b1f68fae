"""What each server lacks, kept between runs so that the next start does not find it out
again by failing: one row per instance address, with the server version it was learned
for and when. A row for another version (seen once the server says its version) or older
than `MAX_AGE` is learned again; `fedtui wipe` forgets every row with the cache.
Unreadable rows count as nothing remembered.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta

from fedtui.core.capabilities import Feature, ServerCapabilities
from fedtui.errors import StoreError
from fedtui.store.db import Database

MAX_AGE = timedelta(days=30)  # servers change without a new version string, too


class CapabilityStore:
    def __init__(self, db: Database, *, now: type[datetime] = datetime) -> None:
        self.db = db
        self._now = now

    def load(self, instance: str) -> tuple[str, frozenset[str]] | None:
        """(version, names of missing features) remembered for `instance`, or None."""
        try:
            with self.db.transaction() as conn:
                row = conn.execute("SELECT version, learned_at, missing FROM capabilities "
                                   "WHERE instance = ?", (instance,)).fetchone()
        except StoreError:
            return None
        if row is None:
            return None
        try:
            learned = datetime.fromisoformat(row[1])
            names = json.loads(row[2])
        except (TypeError, ValueError):
            return None
        if self._now.now(UTC) - learned > MAX_AGE or not isinstance(names, list):
            return None
        return str(row[0]), frozenset(str(name) for name in names)

    def save(self, instance: str, version: str, missing: frozenset[Feature]) -> None:
        body = json.dumps(sorted(feature.value for feature in missing))
        with self.db.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO capabilities (instance, version, learned_at, "
                         "missing) VALUES (?, ?, ?, ?)",
                         (instance, version, self._now.now(UTC).isoformat(), body))

    def attach(self, capabilities: ServerCapabilities, instance: str) -> bool:
        """Give `capabilities` what was learned about `instance` before, and keep what it
        learns from now on. True when something was remembered (the caller then lets the
        server say its version, so that an upgrade is learned again)."""
        remembered = self.load(instance)
        if remembered is not None:
            capabilities.restore(remembered[1], remembered[0])

        def keep(missing: frozenset[Feature], version: str) -> None:
            with contextlib.suppress(StoreError):  # that costs only the memory
                self.save(instance, version, missing)

        capabilities.listen(keep)
        return bool(remembered and remembered[1])
