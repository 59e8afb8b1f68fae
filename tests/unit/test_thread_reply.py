"""The reader's reply goes under its parent in an open thread, after the parent's replies."""

from __future__ import annotations

from fedtui.core.model import Status
from fedtui.ui.screens.thread import thread_tree, with_reply


def post(sid: str, parent: str | None = None) -> Status:
    return Status.from_api({"id": sid, "in_reply_to_id": parent, "content": f"<p>{sid}</p>",
                            "account": {"id": "1", "acct": "bob", "username": "bob"}})


def test_a_reply_goes_after_the_parents_subtree_one_level_deeper() -> None:
    order, depths = thread_tree((post("1"),), post("2", "1"),
                                (post("3", "2"), post("4", "3"), post("5", "2")))
    assert [s.id for s in order] == ["1", "2", "3", "4", "5"]
    added = with_reply(order, depths, post("9", "3"))
    assert added is not None
    new_order, new_depths = added
    assert [s.id for s in new_order] == ["1", "2", "3", "4", "9", "5"]
    assert new_depths["9"] == 2
    to_ancestor = with_reply(order, depths, post("8", "1"))
    assert to_ancestor is not None
    assert [s.id for s in to_ancestor[0]][:3] == ["1", "8", "2"]
    assert to_ancestor[1]["8"] == 1


def test_a_reply_outside_the_thread_or_already_in_it_changes_nothing() -> None:
    order, depths = thread_tree((), post("2"), (post("3", "2"),))
    assert with_reply(order, depths, post("9", "77")) is None
    assert with_reply(order, depths, post("3", "2")) is None
    assert with_reply(order, depths, post("4")) is None
