"""The auto-translate policy over every pane: order, and drops only when no pane shows a post."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fedtui.core.translation_queue import Rank, ViewBoard, Window


def test_the_focused_panes_posts_go_first_then_the_other_panes_then_prefetch() -> None:
    board = ViewBoard()
    board.report("home", Window.of(["h1", "h2"], ["h3"]))
    board.report("local", Window.of(["l1", "l2"], ["l3"]), focused=True)
    assert board.ranked() == [("l1", Rank.FOCUSED), ("l2", Rank.FOCUSED),
                              ("h1", Rank.SHOWN), ("h2", Rank.SHOWN),
                              ("l3", Rank.UPCOMING), ("h3", Rank.UPCOMING)]


def test_a_post_shown_by_two_panes_takes_its_best_rank() -> None:
    board = ViewBoard()
    board.report("home", Window.of(["a"], ["shared"]), focused=True)
    board.report("federated", Window.of(["shared"]))
    assert dict(board.ranked())["shared"] is Rank.SHOWN


def test_scrolling_one_pane_drops_only_what_no_pane_shows() -> None:
    board = ViewBoard()
    board.report("home", Window.of(["a", "b"]))
    board.report("local", Window.of(["b", "c"]), focused=True)
    board.report("local", Window.of(["d"]), focused=True)  # local scrolled on
    assert board.gone(["a", "b", "c", "d"]) == {"c"}  # home still shows a and b
    assert board.gone(["a", "b"]) == set()
    board.forget("home")  # the pane was closed
    assert board.gone(["a", "b", "d"]) == {"a", "b"}
    assert board.focused == "local"


def test_forgetting_the_focused_list_leaves_no_focus() -> None:
    board = ViewBoard()
    board.report("thread", Window.of(["a"]), focused=True)
    board.forget("thread")
    assert board.focused is None and board.ranked() == []


ids = st.text(alphabet="abcdef", min_size=1, max_size=2)
windows = st.dictionaries(st.sampled_from(["home", "local", "federated", "notes"]),
                          st.tuples(st.lists(ids, max_size=6), st.lists(ids, max_size=6)),
                          max_size=4)


@given(windows, st.sampled_from(["home", "local", "federated", "notes", None]),
       st.lists(ids, max_size=10))
def test_ranks_and_drops_agree_with_every_window(
        reported: dict[str, tuple[list[str], list[str]]], focused: str | None,
        active: list[str]) -> None:
    board = ViewBoard()
    for source, (visible, upcoming) in reported.items():
        board.report(source, Window.of(visible, upcoming), focused=source == focused)
    shown = {p for visible, upcoming in reported.values() for p in (*visible, *upcoming)}
    ranked = board.ranked()
    assert [post for post, _ in ranked] == list(dict.fromkeys(p for p, _ in ranked))
    assert {post for post, _ in ranked} == shown
    assert [rank for _, rank in ranked] == sorted(rank for _, rank in ranked)
    for post, rank in ranked:
        best = min(
            (Rank.FOCUSED if source == board.focused else Rank.SHOWN) if post in visible
            else Rank.UPCOMING
            for source, (visible, upcoming) in reported.items() if post in (*visible, *upcoming))
        assert rank is best
    assert board.gone(active) == set(active) - shown
