"""fedtui.app.kept_below: writes on one thread, in the order handed; a read sees them all."""

from __future__ import annotations

from pathlib import Path

from fedtui.app.kept_below import KeptBelow, PaneBelow
from fedtui.core.model import Account, Status
from fedtui.core.panes import DEFAULT_PANES
from fedtui.errors import StoreError
from fedtui.store.db import Database
from fedtui.store.older import OlderPosts

ALICE = Account(id="1", username="alice", acct="alice", display_name="Alice", url="u")
HOME = DEFAULT_PANES[0]


def posts(*ids: int) -> list[Status]:
    return [Status(id=str(n), account=ALICE, content=f"<p>{n}</p>") for n in ids]


def test_a_read_sees_every_write_handed_before_it_and_none_of_an_earlier_run(
        tmp_path: Path) -> None:
    store = OlderPosts(Database(tmp_path / "c.db"))
    store.keep("me", HOME.key, posts(1))  # an earlier run's
    kept = KeptBelow(store, lambda spec: "me")
    pane = PaneBelow(HOME, lambda: kept)
    for n in range(200, 0, -10):
        pane.keep(posts(n, n - 5))
    pane.forget_status("195")
    assert [p.id for p in pane.kept_below("100", 4)] == ["95", "90", "85", "80"]
    assert "195" not in [p.id for p in pane.kept_below("999", 100)]
    pane.fresh(None)
    assert not pane.waiting and pane.kept_below("999", 100) == []
    pane.keep(posts(3))
    kept.close()  # the run ends: what was kept goes
    assert store.below("me", HOME.key, "999", 100) == []
    pane.keep(posts(3))  # after closing: nothing, and no error
    assert pane.kept_below("999", 100) == []


def test_what_scrolling_past_the_end_loads_next(tmp_path: Path) -> None:
    kept = KeptBelow(OlderPosts(Database(tmp_path / "c.db")), lambda spec: "me")
    below = PaneBelow(HOME, lambda: kept)
    assert below.next_load("50") is None  # no page yet
    below.fresh("cursor-1")
    assert below.next_load("50") == ("cursor-1", None, 1)
    assert below.next_load("50") is None  # one load at a time
    below.loaded(None)  # the server has nothing older
    assert below.next_load("40") is None
    below.keep(posts(30))
    assert below.next_load("40") == (None, "40", 1)  # the kept ones, though the server ended
    below.loaded(more=True)
    assert below.kept_below("40", 5) == posts(30)
    below.fresh("cursor-3")  # the newest page again: what was kept is forgotten, and a
    assert below.next_load("40") == ("cursor-3", None, 2)  # load begun before is dropped
    below.fresh("cursor-4")  # (while a load runs: the next may begin at once)
    assert below.next_load("40") == ("cursor-4", None, 3)
    assert below.kept_below("40", 5) == []
    kept.close()


def test_reading_back_goes_on_below_what_was_read_even_if_it_joined_a_row_above(
        tmp_path: Path) -> None:
    kept = KeptBelow(OlderPosts(Database(tmp_path / "c.db")), lambda spec: "me")
    below = PaneBelow(HOME, lambda: kept)
    below.fresh("cursor-1")
    below.keep(posts(30, 20))
    assert below.next_load("40") == ("cursor-1", "40", 1)
    below.loaded(more=True)
    below.read_back(posts(30))  # merged into a row above: the oldest row is still 40
    assert below.next_load("40") == ("cursor-1", "30", 1)
    below.loaded(more=True)
    below.keep(posts(35))  # pushed out since: above what was read back
    assert below.next_load("40") == ("cursor-1", "40", 1)
    kept.close()


class Broken(OlderPosts):
    """A store whose disk fails (a full disk, a file gone read-only)."""

    def keep(self, *args: object) -> None:
        raise StoreError("The local cache failed: disk I/O error.")

    below = keep  # type: ignore[assignment]


def test_a_failing_store_costs_the_disk_copy_only(tmp_path: Path) -> None:
    kept = KeptBelow(Broken(Database(tmp_path / "c.db")), lambda spec: "me")
    kept.keep(HOME, posts(5))
    assert kept.below(HOME, "9", 5) == []  # the pane asks the server instead
    kept.close()
