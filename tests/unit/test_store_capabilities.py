"""What a server lacks, kept per instance and version; re-learned on a new version."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fedtui.core.capabilities import Feature, ServerCapabilities
from fedtui.store.capabilities import MAX_AGE, CapabilityStore
from fedtui.store.db import Database

SITE = "https://small.example"


def test_kept_and_restored_for_the_same_version(tmp_path: Path) -> None:
    with Database(tmp_path / "cache.db") as db:
        store = CapabilityStore(db)
        first = ServerCapabilities()
        assert not store.attach(first, SITE)
        first.server_version("4.2.1")
        first.learn(Feature.MARKERS, 404)
        first.learn(Feature.FILTERS, 500)  # not "missing": an error this time
        assert store.load(SITE) == ("4.2.1", frozenset({"markers"}))
        again = ServerCapabilities()
        assert store.attach(again, SITE)
        assert not again.supports(Feature.MARKERS)
        assert not again.server_version("4.2.1")
        assert not again.supports(Feature.MARKERS)
        assert store.load("https://other.example") is None


def test_a_new_version_forgets_what_was_remembered_but_not_what_was_learned(
        tmp_path: Path) -> None:
    with Database(tmp_path / "cache.db") as db:
        store = CapabilityStore(db)
        store.save(SITE, "4.2.1", frozenset({Feature.MARKERS, Feature.STREAMING}))
        caps = ServerCapabilities()
        store.attach(caps, SITE)
        caps.learn(Feature.SCHEDULED, 404)  # seen in this session: stays
        assert caps.server_version("4.3.0")
        assert caps.supports(Feature.MARKERS) and caps.supports(Feature.STREAMING)
        assert not caps.supports(Feature.SCHEDULED)
        assert store.load(SITE) == ("4.3.0", frozenset({"scheduled"}))


def test_streaming_found_again_is_remembered_as_present(tmp_path: Path) -> None:
    with Database(tmp_path / "cache.db") as db:
        store = CapabilityStore(db)
        store.save(SITE, "4.2.1", frozenset({Feature.STREAMING}))
        caps = ServerCapabilities()
        store.attach(caps, SITE)
        assert caps.mark_present(Feature.STREAMING)
        assert store.load(SITE) == ("4.2.1", frozenset())


class Later(datetime):
    @classmethod
    def now(cls, tz: object = None) -> Later:  # type: ignore[override]
        return cls.fromtimestamp((datetime.now(UTC) + MAX_AGE + timedelta(days=1))
                                 .timestamp(), UTC)


def test_old_or_unreadable_memories_count_as_nothing(tmp_path: Path) -> None:
    with Database(tmp_path / "cache.db") as db:
        CapabilityStore(db).save(SITE, "4.2.1", frozenset({Feature.MARKERS}))
        assert CapabilityStore(db, now=Later).load(SITE) is None
        with db.transaction() as conn:
            conn.execute("UPDATE capabilities SET missing = 'not json'")
        assert CapabilityStore(db).load(SITE) is None
        with db.transaction() as conn:
            conn.execute("UPDATE capabilities SET missing = '[\"markers\", \"no-such\"]'")
        caps = ServerCapabilities()
        CapabilityStore(db).attach(caps, SITE)
        assert caps.missing == frozenset({Feature.MARKERS})
