"""fedtui.core.timeline: ordering, diffs, reading position, cap."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from fedtui.core.model import Account, Notification, Status
from fedtui.core.timeline import TimelineDiff, TimelineState, id_key, status_ids

ALICE = Account(id="1", username="alice", acct="alice", display_name="Alice", url="")


def st_(sid: str, content: str = "<p>x</p>", reblog: Status | None = None) -> Status:
    return Status(id=sid, account=ALICE, content=content, reblog=reblog)


def ids(state: TimelineState[Any] | list[Status]) -> list[str]:
    items = state if isinstance(state, list) else state.items
    return [item.id for item in items]


def make(*sids: str, cap: int = 2000) -> TimelineState[Status]:
    state: TimelineState[Status] = TimelineState(max_items=cap)
    state.replace_all(st_(s) for s in sids)
    return state


def test_id_key_is_numeric_aware() -> None:
    assert sorted(["10", "9", "117020582721532745", "100", "11"], key=id_key) == [
        "9", "10", "11", "100", "117020582721532745"]
    assert id_key("117020582721532745") > id_key("99999999999999999")


def test_prepend_newer_sorts_and_ignores_duplicates() -> None:
    state = make("10", "8")
    diff = state.prepend_newer([st_("12"), st_("11"), st_("10", "changed"), st_("12")])
    assert diff == TimelineDiff(inserted=("12", "11"))
    assert ids(state) == ["12", "11", "10", "8"]
    assert state.get("10") is not None and state.get("10").content == "<p>x</p>"  # type: ignore[union-attr]
    assert state.prepend_newer([st_("12")]) == TimelineDiff() and not TimelineDiff()


def test_prepend_into_a_gap_and_append_older() -> None:
    state = make("100", "90")
    assert state.prepend_newer([st_("95"), st_("80")]) == TimelineDiff(
        inserted=("95",), appended=("80",))
    assert state.append_older([st_("9"), st_("75"), st_("100"), st_("")]) == TimelineDiff(
        appended=("75", "9"))
    assert ids(state) == ["100", "95", "90", "80", "75", "9"]
    assert (state.newest_id, state.oldest_id, len(state)) == ("100", "9", 6)
    assert state.index_of("80") == 3 and state.index_of("nope") is None
    assert "95" in state and "96" not in state


def test_first_load_directions() -> None:
    state: TimelineState[Status] = TimelineState()
    assert state.append_older([st_("2"), st_("1")]) == TimelineDiff(appended=("2", "1"))
    other: TimelineState[Status] = TimelineState()
    assert other.prepend_newer([st_("1"), st_("2")]) == TimelineDiff(inserted=("2", "1"))


def test_replace_all_diff() -> None:
    state = make("30", "20", "10")
    diff = state.replace_all([st_("40"), st_("20", "edited"), st_("5"), st_("15")])
    assert diff == TimelineDiff(inserted=("40", "15"), appended=("5",), removed=("30", "10"),
                                replaced=("20",))
    assert ids(state) == ["40", "20", "15", "5"]
    assert state.get("20").content == "edited"  # type: ignore[union-attr]
    assert state.replace_all([]) == TimelineDiff(removed=("40", "20", "15", "5"))
    assert len(state) == 0 and state.newest_id is None


def test_remove_drops_status_its_boosts_and_notifications() -> None:
    original = st_("5")
    state = make("9", "6")
    state.prepend_newer([st_("7", reblog=original), original, st_("8", reblog=st_("4"))])
    assert ids(state) == ["9", "8", "7", "6", "5"]
    assert state.remove("5") == TimelineDiff(removed=("7", "5"))
    assert ids(state) == ["9", "8", "6"]
    assert state.remove("404") == TimelineDiff()

    notes: TimelineState[Notification] = TimelineState()
    notes.prepend_newer([Notification("5", "follow", ALICE),
                         Notification("6", "mention", ALICE, status=st_("500")),
                         Notification("7", "favourite", ALICE, status=st_("5"))])
    assert notes.remove("5") == TimelineDiff(removed=("7",))  # not notification 5
    assert notes.discard("5") == TimelineDiff(removed=("5",))
    assert [n.id for n in notes.items] == ["6"]
    assert notes.discard("5") == TimelineDiff()


def test_update_replaces_status_boosts_and_notifications() -> None:
    state = make("9", "5")
    state.prepend_newer([st_("10", reblog=st_("5"))])
    edited = st_("5", "<p>edited</p>")
    assert state.update(edited) == TimelineDiff(replaced=("10", "5"))
    assert state.get("5") is edited
    assert state.get("10").reblog is edited  # type: ignore[union-attr]
    assert state.get("10").id == "10"  # type: ignore[union-attr]
    assert state.update(st_("404")) == TimelineDiff()

    notes: TimelineState[Notification] = TimelineState()
    notes.prepend_newer([Notification("1", "mention", ALICE, status=st_("5"))])
    assert notes.update(edited) == TimelineDiff(replaced=("1",))
    assert notes.get("1").status is edited  # type: ignore[union-attr]


def test_a_notification_about_a_boost_shows_the_new_version_of_the_boosted_post() -> None:
    """The one update function: a "reblog" notification carries the boost, whose post is
    the one that changed (the list and the state once disagreed here)."""
    edited = st_("5", "<p>edited</p>")
    notes: TimelineState[Notification] = TimelineState()
    notes.prepend_newer([Notification("2", "reblog", ALICE, status=st_("8", reblog=st_("5")))])
    assert notes.update(edited) == TimelineDiff(replaced=("2",))
    boost = notes.get("2").status  # type: ignore[union-attr]
    assert boost is not None and boost.id == "8" and boost.reblog is edited


def test_diffs_add_up_to_one_change() -> None:
    state = make("5")
    diff = state.prepend_newer([st_("7")]) + state.update(st_("7", "<p>v2</p>"))
    diff += state.remove("5") + state.append_older([st_("3")])
    assert diff == TimelineDiff(inserted=("7",), appended=("3",), removed=("5",))
    assert TimelineDiff(replaced=("1",)) + TimelineDiff() == TimelineDiff(replaced=("1",))
    assert TimelineDiff(inserted=("9",)) + TimelineDiff(removed=("9",)) == TimelineDiff(
        removed=("9",))


def test_status_ids() -> None:
    assert status_ids(st_("2", reblog=st_("1"))) == ("2", "1")
    assert status_ids(Notification("3", "follow", ALICE)) == ()
    assert status_ids(replace(Notification("3", "poll", ALICE), status=st_("4"))) == ("4",)


def test_new_items_above_do_not_move_the_focus() -> None:
    state = make("10", "9", "8")
    state.focus_id = "9"
    assert state.unread_above == 0
    state.prepend_newer([st_("12"), st_("11")])
    state.append_older([st_("7")])
    assert (state.focus_id, state.unread_above) == ("9", 2)
    state.replace_all([st_("13"), st_("12"), st_("11"), st_("10"), st_("9")])
    assert (state.focus_id, state.unread_above) == ("9", 3)
    state.focus_id = "11"  # the reader scrolled up to 11: 12 and 13 are still unread
    assert state.unread_above == 2
    state.focus_id = "12"
    assert state.unread_above == 1
    state.mark_read_to_top()
    assert (state.focus_id, state.unread_above) == ("13", 0)


def test_no_focus_counts_nothing_and_unknown_focus_is_none() -> None:
    state = make("2", "1")
    state.prepend_newer([st_("3")])
    assert (state.focus_id, state.unread_above) == (None, 0)
    state.focus_id = "404"
    assert state.focus_id is None


def test_focus_follows_when_its_item_goes() -> None:
    state = make("10", "9", "8")
    state.focus_id = "9"
    state.prepend_newer([st_("11")])
    state.remove("9")
    assert (state.focus_id, state.unread_above) == ("8", 1)
    state.remove("11")
    assert state.unread_above == 0
    state.remove("8")
    assert state.focus_id == "10"
    state.remove("10")
    assert state.focus_id is None


def test_cap_trims_the_far_end() -> None:
    state = make("5", "4", "3", cap=4)
    assert state.prepend_newer([st_("7"), st_("6")]) == TimelineDiff(
        inserted=("7", "6"), removed=("3",))
    assert ids(state) == ["7", "6", "5", "4"]
    assert state.append_older([st_("2"), st_("1")]) == TimelineDiff(
        appended=("2", "1"), removed=("7", "6"))
    assert ids(state) == ["5", "4", "2", "1"]
    assert state.prepend_newer([st_("0")]) == TimelineDiff(removed=())  # trimmed at once
    assert ids(state) == ["5", "4", "2", "1"]


def test_the_oldest_pushed_out_wait_to_be_taken_when_asked_for() -> None:
    state = make("5", "4", "3", cap=4)
    state.prepend_newer([st_("7"), st_("6")])
    assert state.take_pushed_out() == []  # not asked for: nothing is held
    state.keep_pushed_out = True
    state.prepend_newer([st_("8")])
    state.prepend_newer([st_("10"), st_("9")])
    state.append_older([st_("1")])  # the newest cut: the server has them, nothing kept
    assert ids(state.take_pushed_out()) == ["6", "5", "4"]
    assert state.take_pushed_out() == []


def test_thousands_of_items() -> None:
    state: TimelineState[Status] = TimelineState()
    for page in range(30):  # scrolling down 30 pages keeps the last 2,000 loaded
        state.append_older(st_(str(10**17 - page * 100 - i)) for i in range(100))
    assert (len(state), state.newest_id, state.oldest_id) == (
        2000, str(10**17 - 1000), str(10**17 - 2999))
    state.focus_id = state.items[500].id
    for n in range(1, 301):  # above the newest cut: they wait on the server
        state.prepend_newer([st_(str(10**17 + n))])
    assert len(state) == 2000 and state.newer_waiting == 300 and state.unread_above == 0
    state.replace_all(list(state.items))  # the first page again: new posts come in
    for n in range(301, 601):
        state.prepend_newer([st_(str(10**17 + n))])
    assert len(state) == 2000 and state.unread_above == 300 and state.newest_id == str(10**17 + 600)


ops = st.lists(st.tuples(
    st.sampled_from(["newer", "older", "all", "remove", "update", "focus", "top"]),
    st.lists(st.integers(0, 60), max_size=8),
), max_size=25)


@given(ops, st.integers(1, 12))
def test_invariants_hold_for_any_operations(operations: list[tuple[str, list[int]]],
                                            cap: int) -> None:
    state: TimelineState[Status] = TimelineState(max_items=cap)
    for op, numbers in operations:
        before = ids(state)
        items = [st_(str(n)) for n in numbers]
        if op == "newer":
            diff = state.prepend_newer(items)
        elif op == "older":
            diff = state.append_older(items)
        elif op == "all":
            diff = state.replace_all(items)
        elif op == "remove":
            diff = state.remove(str(numbers[0]) if numbers else "0")
        elif op == "update":
            diff = state.update(st_(str(numbers[0]) if numbers else "0", "<p>new</p>"))
        else:
            if op == "focus" and before:
                state.focus_id = before[numbers[0] % len(before)] if numbers else None
            else:
                state.mark_read_to_top()
            assert ids(state) == before
            continue
        after = ids(state)
        assert len(after) == len(set(after)) <= cap
        assert after == sorted(after, key=id_key, reverse=True)
        assert all(state.get(i) is not None and state.get(i).id == i for i in after)  # type: ignore[union-attr]
        added = set(diff.inserted) | set(diff.appended)
        assert not added & set(before) and added <= set(after)
        assert set(diff.removed) <= set(before) and not set(diff.removed) & set(after)
        assert set(diff.replaced) <= set(before) & set(after)
        assert set(after) == (set(before) - set(diff.removed)) | added
        assert list(diff.inserted) == [i for i in after if i in diff.inserted]
        assert list(diff.appended) == [i for i in after if i in diff.appended]
        if op == "older" and before:
            assert all(id_key(i) < id_key(before[-1]) for i in diff.appended)
        if state.focus_id is None:
            assert state.unread_above == 0
        else:
            assert state.focus_id in after
            assert state.unread_above <= after.index(state.focus_id)


def test_posts_streamed_at_the_cap_never_push_out_the_readers_place() -> None:
    """The reader on the oldest posts (or a screenful above them): the newest leave instead
    and wait on the server; elsewhere the oldest leave as before."""
    state = make("30", "29", "28", "27", cap=4)
    state.focus_id = "28"
    state.kept_below_focus = 1  # 28 and 27 are on the reader's screen
    diff = state.prepend_newer([st_("31")])
    assert ids(state) == ["30", "29", "28", "27"] and not diff and state.newer_cut
    assert state.focus_id == "28" and state.unread_above == 0 and state.newer_waiting == 1
    state.focus_id = "29"  # 27 is off the reader's screen now, but 31 is missing above:
    assert not state.prepend_newer([st_("32")]) and state.newer_waiting == 2  # 32 waits too
    state.replace_all([st_("32"), st_("31"), st_("30"), st_("29")])  # the first page again
    assert state.newer_waiting == 0 and not state.newer_cut
    state.focus_id = "31"  # 29 is off the reader's screen: the oldest leave
    diff = state.prepend_newer([st_("33")])
    assert ids(state) == ["33", "32", "31", "30"] and diff.removed == ("29",)


def test_older_posts_loaded_at_the_cap_say_the_newest_were_cut() -> None:
    state = make("30", "29", "28", cap=3)
    state.prepend_newer([st_("31")])  # the oldest leave: the top is still the newest
    assert ids(state) == ["31", "30", "29"] and not state.newer_cut
    diff = state.append_older([st_("27"), st_("26")])
    assert ids(state) == ["29", "27", "26"] and diff.removed == ("31", "30")
    assert state.newer_cut
    state.replace_all([st_("32"), st_("31")])  # the first page again
    assert ids(state) == ["32", "31"] and not state.newer_cut


def test_older_posts_at_the_cap_count_the_unread_newest_they_push_out() -> None:
    """Unread posts above never stop the reader reading down: those the older posts push
    out wait on the server, counted as new still."""
    state = make("30", "29", "28", cap=4)
    state.focus_id = "30"
    state.prepend_newer([st_("31")])
    state.focus_id = "28"  # down, with 31 unread above
    assert state.unread_above == 1
    state.append_older([st_("27"), st_("26")])
    assert ids(state) == ["29", "28", "27", "26"] and state.newer_cut
    assert state.newer_waiting == 1 and state.unread_above == 0  # 31 waits; 30 was read
    diff = state.prepend_newer([st_("32"), st_("27")])  # 32 would sit above a gap
    assert not diff and ids(state) == ["29", "28", "27", "26"] and state.newer_waiting == 2
