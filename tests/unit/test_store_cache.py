"""fedtui.store.cache: snapshots per account and pane, trimming, bad rows, layouts, wipe."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fedtui.core.model import Account, Notification, Status
from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.store.cache import TimelineCache
from fedtui.store.db import Database

RECORDED = Path(__file__).parents[1] / "fixtures" / "mastodon-4.6.4"
ALICE = Account(id="1", username="alice", acct="alice", display_name="Alice", url="u")
T0 = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)


def status(n: int) -> Status:
    return Status(id=str(n), account=ALICE, content=f"<p>post {n}</p>",
                  created_at=T0 + timedelta(minutes=n), language="de")


@pytest.fixture
def cache(tmp_path: Path) -> TimelineCache:
    return TimelineCache(Database(tmp_path / "c.db"), max_items=100)


def test_empty_pane_loads_empty(cache: TimelineCache) -> None:
    assert cache.load("alice@example.social", "home") == []


def test_save_and_load_keep_order_and_equality(cache: TimelineCache) -> None:
    items = [status(n) for n in range(30, 0, -1)]
    cache.save("alice@a", "home", items)
    assert cache.load("alice@a", "home") == items


def test_recorded_timeline_round_trips(cache: TimelineCache) -> None:
    body = json.loads((RECORDED / "api_v1_timelines_home__GET_001.json").read_text())
    statuses = [Status.from_api(s) for s in body["response"]["body"]]
    assert statuses
    cache.save("alice@a", "home", statuses)
    assert cache.load("alice@a", "home") == statuses


def test_notifications_and_statuses_mix(cache: TimelineCache) -> None:
    body = json.loads((RECORDED / "api_v1_notifications__GET_001.json").read_text())
    notifications = [Notification.from_api(n) for n in body["response"]["body"]]
    assert notifications
    items: list[Status | Notification] = [*notifications, status(1)]
    cache.save("alice@a", "notifications", items)
    assert cache.load("alice@a", "notifications") == items


def test_keeps_the_first_max_items(tmp_path: Path) -> None:
    cache = TimelineCache(Database(tmp_path / "c.db"), max_items=10)
    items = [status(n) for n in range(25, 0, -1)]
    cache.save("a@x", "home", items)
    assert cache.load("a@x", "home") == items[:10]


def test_save_replaces_the_snapshot(cache: TimelineCache) -> None:
    cache.save("a@x", "home", [status(1), status(2)])
    cache.save("a@x", "home", [status(3)])
    assert cache.load("a@x", "home") == [status(3)]
    cache.save("a@x", "home", [])
    assert cache.load("a@x", "home") == []


def test_panes_and_accounts_are_separate(cache: TimelineCache) -> None:
    cache.save("a@x", "home", [status(1)])
    cache.save("a@x", "hashtag:python", [status(2)])
    cache.save("b@y", "home", [status(3)])
    assert cache.load("a@x", "home") == [status(1)]
    assert cache.load("a@x", "hashtag:python") == [status(2)]
    assert cache.load("b@y", "home") == [status(3)]


def test_malformed_rows_are_skipped(cache: TimelineCache) -> None:
    cache.save("a@x", "home", [status(3), status(2), status(1)])
    with cache.db.transaction() as conn:
        conn.execute("UPDATE pane_items SET body = '{not json' WHERE position = 0")
        conn.execute("UPDATE pane_items SET body = '[1, 2]' WHERE position = 1")
        conn.execute(
            "INSERT INTO pane_items VALUES ('a@x', 'home', 5, 'martian', '{}')"
        )
    assert cache.load("a@x", "home") == [status(1)]


def test_survives_a_reopen(tmp_path: Path) -> None:
    TimelineCache(Database(tmp_path / "c.db")).save("a@x", "home", [status(1)])
    assert TimelineCache(Database(tmp_path / "c.db")).load("a@x", "home") == [status(1)]


# --- layouts -----------------------------------------------------------------------------

LAYOUT = [
    PaneSpec(PaneKind.HOME),
    PaneSpec(PaneKind.NOTIFICATIONS),
    PaneSpec(PaneKind.HASHTAG, "python"),
    PaneSpec(PaneKind.LIST, "42", "Friends"),
]


def test_layout_round_trip(cache: TimelineCache) -> None:
    assert cache.load_layout("a@x") is None
    cache.save_layout("a@x", LAYOUT)
    assert cache.load_layout("a@x") == LAYOUT
    cache.save_layout("a@x", LAYOUT[:1])
    assert cache.load_layout("a@x") == LAYOUT[:1]
    assert cache.load_layout("b@y") is None


def test_empty_layout_is_remembered(cache: TimelineCache) -> None:
    cache.save_layout("a@x", [])
    assert cache.load_layout("a@x") == []


@pytest.mark.parametrize(
    "body",
    ["{broken", '{"kind": "home"}', '[{"kind": "martian"}]', '[{"argument": "x"}]'],
)
def test_unreadable_layout_is_none(cache: TimelineCache, body: str) -> None:
    with cache.db.transaction() as conn:
        conn.execute("INSERT INTO layouts VALUES ('a@x', ?)", (body,))
    assert cache.load_layout("a@x") is None


def test_unknown_pane_kinds_are_dropped_from_a_layout(cache: TimelineCache) -> None:
    body = json.dumps([{"kind": "martian"}, {"kind": "home"}, {"kind": "local", "argument": 5}])
    with cache.db.transaction() as conn:
        conn.execute("INSERT INTO layouts VALUES ('a@x', ?)", (body,))
    assert cache.load_layout("a@x") == [PaneSpec(PaneKind.HOME)]


# --- wipe --------------------------------------------------------------------------------


def test_wipe_everything(cache: TimelineCache) -> None:
    cache.save("a@x", "home", [status(1)])
    cache.save("b@y", "home", [status(2)])
    cache.save_layout("a@x", LAYOUT)
    cache.wipe()
    assert cache.load("a@x", "home") == []
    assert cache.load("b@y", "home") == []
    assert cache.load_layout("a@x") is None


def test_wipe_one_account(cache: TimelineCache) -> None:
    cache.save("a@x", "home", [status(1)])
    cache.save("b@y", "home", [status(2)])
    cache.save_layout("a@x", LAYOUT)
    cache.wipe("a@x")
    assert cache.load("a@x", "home") == []
    assert cache.load_layout("a@x") is None
    assert cache.load("b@y", "home") == [status(2)]


def test_wiped_text_is_gone_from_the_files(tmp_path: Path) -> None:
    cache = TimelineCache(Database(tmp_path / "c.db"))
    secret = Status(id="9", account=ALICE, content="<p>zebra-quokka-marker</p>")
    cache.save("a@x", "home", [secret])
    cache.wipe()
    for path in tmp_path.glob("c.db*"):
        assert b"zebra-quokka-marker" not in path.read_bytes(), path
