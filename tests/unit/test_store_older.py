"""fedtui.store.older: the posts a pane's cap pushed out, read back newest first below an id."""

from __future__ import annotations

import ctypes
import gc
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fedtui.core.model import Account, Notification, Status
from fedtui.store.db import Database
from fedtui.store.older import OlderPosts

RECORDED = Path(__file__).parents[1] / "fixtures" / "mastodon-4.6.4"
ALICE = Account(id="1", username="alice", acct="alice", display_name="Alice", url="u")
T0 = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)


def status(sid: str, reblog: Status | None = None) -> Status:
    return Status(id=sid, account=ALICE, content=f"<p>post {sid}</p>", created_at=T0,
                  reblog=reblog)


def ids(items: list[object]) -> list[str]:
    return [str(getattr(item, "id", "")) for item in items]


@pytest.fixture
def older(tmp_path: Path) -> OlderPosts:
    return OlderPosts(Database(tmp_path / "c.db"), max_per_pane=5, trim_every=1)


def test_read_back_newest_first_below_an_id_in_numeric_order(older: OlderPosts) -> None:
    older.keep("a", "home", [status("100"), status("99"), status("10")])
    older.keep("a", "home", [status("9"), status("1000")])  # ids of another length
    older.keep("a", "local", [status("98")])  # another pane
    older.keep("b", "home", [status("97")])  # another account
    assert ids(older.below("a", "home", "1001", 10)) == ["1000", "100", "99", "10", "9"]
    assert ids(older.below("a", "home", "100", 2)) == ["99", "10"]
    assert older.below("a", "home", "9", 10) == []
    assert older.below("a", "home", "1000", 10)[0] == status("100")  # the post, whole


def test_past_the_limit_the_oldest_leave(older: OlderPosts) -> None:
    older.keep("a", "home", [status(str(n)) for n in range(20, 14, -1)])
    older.keep("a", "home", [status("14")])
    assert ids(older.below("a", "home", "99", 10)) == ["20", "19", "18", "17", "16"]
    older.keep("a", "home", [status("21")])
    assert ids(older.below("a", "home", "99", 10)) == ["21", "20", "19", "18", "17"]


def test_the_oldest_leave_once_enough_were_kept_since_the_last_check(tmp_path: Path) -> None:
    older = OlderPosts(Database(tmp_path / "c.db"), max_per_pane=3, trim_every=4)
    older.keep("a", "home", [status("9"), status("8")])
    older.keep("a", "home", [status("7")])
    older.keep("a", "other", [status("6")])  # counted for its own pane
    assert ids(older.below("a", "home", "99", 10)) == ["9", "8", "7"]
    older.keep("a", "home", [status("12"), status("11")])  # 5 kept since: checked
    assert ids(older.below("a", "home", "99", 10)) == ["12", "11", "9"]
    assert ids(older.below("a", "other", "99", 10)) == ["6"]


def test_a_deleted_status_goes_with_its_boosts_and_notifications(older: OlderPosts) -> None:
    gone = status("5")
    about = Notification(id="40", type="favourite", account=ALICE, created_at=T0, status=gone)
    older.keep("a", "home", [status("7"), status("6", reblog=gone), gone, status("4")])
    older.keep("a", "notifications", [about])
    older.forget_status("a", "5")
    assert ids(older.below("a", "home", "99", 10)) == ["7", "4"]
    assert older.below("a", "notifications", "99", 10) == []


def test_an_edited_status_comes_back_edited_with_its_boosts_and_notifications(
        older: OlderPosts) -> None:
    first = status("5")
    edited = replace(first, content="<p>post 5, corrected</p>", edited_at=T0)
    about = Notification(id="40", type="favourite", account=ALICE, created_at=T0, status=first)
    older.keep("a", "home", [status("7"), status("6", reblog=first), first, status("4")])
    older.keep("a", "notifications", [about])
    older.keep("b", "home", [first])  # another account's: its own stream tells it
    older.update_status("a", edited)
    assert older.below("a", "home", "99", 10) == [
        status("7"), status("6", reblog=edited), edited, status("4")]
    assert older.below("a", "notifications", "99", 10) == [replace(about, status=edited)]
    assert older.below("b", "home", "99", 10) == [first]


def test_recorded_notifications_round_trip(tmp_path: Path) -> None:
    store = OlderPosts(Database(tmp_path / "c.db"))
    body = json.loads((RECORDED / "api_v1_notifications__GET_001.json").read_text())
    notifications = [Notification.from_api(n) for n in body["response"]["body"]]
    assert notifications
    store.keep("a", "notifications", notifications)
    first = max(notifications, key=lambda n: (len(n.id), n.id))
    back = store.below("a", "notifications", first.id + "0", len(notifications))
    assert sorted(ids(back)) == sorted(ids(notifications))
    assert set(back) == set(notifications)


def test_clear_one_pane_and_all(older: OlderPosts) -> None:
    older.keep("a", "home", [status("3")])
    older.keep("a", "local", [status("2")])
    older.keep("b", "home", [status("1")])
    older.clear("a", "home")
    assert older.below("a", "home", "9", 9) == [] and older.below("a", "local", "9", 9)
    older.clear_all()
    assert older.below("a", "local", "9", 9) == [] == older.below("b", "home", "9", 9)


def test_a_row_that_no_longer_parses_is_skipped(older: OlderPosts) -> None:
    older.keep("a", "home", [status("3"), status("2")])
    with older.db.transaction() as conn:
        conn.execute("UPDATE pane_older SET body = '{not json' WHERE id = '3'")
    assert ids(older.below("a", "home", "9", 9)) == ["2"]


def test_a_day_of_pushed_out_posts_keeps_sqlites_memory_small(tmp_path: Path) -> None:
    """Every post a full pane pushes out is written here; SQLite's default page cache would
    hold 2 MB of those pages in memory (`PAGE_CACHE_KIB`)."""
    used = sqlite_memory_used()
    gc.collect()  # other tests' databases: closed now, or still open for the whole test
    before = used()
    long_post = "<p>" + "a longer post, as people write them. " * 40 + "</p>"
    with Database(tmp_path / "c.db") as db:
        older = OlderPosts(db, max_per_pane=5000)
        for start in range(0, 6000, 20):
            older.keep("a", "home", [Status(id=str(n), account=ALICE, content=long_post,
                                            created_at=T0) for n in range(start, start + 20)])
        assert len(older.below("a", "home", "99999", 40)) == 40
        assert 0 < used() - before <= 1024 * 1024, used() - before


def sqlite_memory_used() -> Callable[[], int]:
    """`sqlite3_memory_used` of the library Python's `sqlite3` loaded (this process)."""
    library = ctypes.CDLL("libsqlite3.so.0")
    library.sqlite3_memory_used.restype = ctypes.c_int64
    return library.sqlite3_memory_used
