"""fedtui.core.thread_state: reading order, depths, and replies inserted while open."""

from __future__ import annotations

from fedtui.core.model import Account, Status
from fedtui.core.thread_state import ThreadState, thread_tree
from fedtui.core.timeline import TimelineDiff

ALICE = Account(id="1", username="alice", acct="alice", display_name="Alice", url="")


def st_(sid: str, parent: str | None = None, content: str = "<p>x</p>") -> Status:
    return Status(id=sid, account=ALICE, content=content, in_reply_to_id=parent)


def loaded() -> ThreadState:
    """1 <- 2 (the post) <- 3 <- 4, and 2 <- 5."""
    state = ThreadState(st_("2", "1"))
    state.load([st_("1")], st_("2", "1"), [st_("3", "2"), st_("4", "3"), st_("5", "2")])
    return state


def order(state: ThreadState) -> list[tuple[str, int]]:
    return [(status.id, state.depth(status.id)) for status in state.items]


def test_load_puts_replies_under_the_post_they_answer() -> None:
    state = loaded()
    assert order(state) == [("1", 0), ("2", 0), ("3", 1), ("4", 2), ("5", 1)]
    assert state.ancestors == 1


def test_a_new_reply_goes_after_its_parents_other_replies() -> None:
    state = loaded()
    assert state.insert(st_("6", "3")) == TimelineDiff(inserted=("6",))
    assert order(state)[2:5] == [("3", 1), ("4", 2), ("6", 2)]
    assert state.insert(st_("7", "2")) == TimelineDiff(appended=("7",))  # the last one
    assert order(state)[-1] == ("7", 1)
    assert state.insert(st_("7", "2")) == TimelineDiff()  # known: nothing twice
    assert state.insert(st_("8", "404")) == TimelineDiff()  # another thread's


def test_upsert_inserts_or_shows_the_new_version() -> None:
    state = loaded()
    assert state.upsert(st_("9", "5")) == TimelineDiff(appended=("9",))
    edited = st_("4", "3", "<p>edited</p>")
    assert state.upsert(edited) == TimelineDiff(replaced=("4",))
    assert state.get("4") is edited


def test_a_deleted_post_leaves_and_its_replies_stay() -> None:
    state = loaded()
    assert state.remove("3") == TimelineDiff(removed=("3",))
    assert [s.id for s in state.items] == ["1", "2", "4", "5"]


def test_a_very_deep_thread_needs_no_recursion() -> None:
    posts = [st_(str(i), str(i - 1)) for i in range(2, 3000)]
    order_, depths = thread_tree((), st_("1"), posts)
    assert len(order_) == 2999 and depths["2999"] == 2998
