"""fedtui.core.group_merge: one row per notification group, whichever page, poll or stream
brings its copies."""

from __future__ import annotations

from fedtui.core.group_merge import NotificationsState, merged_group
from fedtui.core.model import Account, Notification, NotificationGroup

BOB, CAROL, DAN = (Account.from_api({"id": i, "acct": n})
                   for i, n in (("1", "bob"), ("2", "carol"), ("3", "dan")))
KEY = "favourite-99"


def group(most_recent: str, *accounts: Account, count: int = 0, low: str = "",
          key: str = KEY) -> NotificationGroup:
    """A copy of the favourites of post 99 a page holds (its part: `low`..`most_recent`)."""
    return NotificationGroup(id=most_recent, type="favourite", account=accounts[0],
                             group_key=key, notifications_count=count or len(accounts),
                             sample_accounts=accounts, page_min_id=low or most_recent,
                             page_max_id=most_recent)


def mention(note_id: str) -> Notification:
    return Notification(id=note_id, type="mention", account=DAN,
                        group_key=f"ungrouped-{note_id}")


def rows(state: NotificationsState) -> list[tuple[str, int, list[str]]]:
    return [(i.id, getattr(i, "notifications_count", 1),
             [a.acct for a in getattr(i, "sample_accounts", ())]) for i in state.items]


def test_a_polled_copy_counting_its_page_only_merges_into_the_row() -> None:
    state = NotificationsState()
    state.replace_all([group("10", BOB), mention("5")])
    diff = state.prepend_newer([group("12", CAROL)])
    assert rows(state) == [("12", 2, ["carol", "bob"]), ("5", 1, [])]
    assert diff.removed == ("10",) and diff.inserted == ("12",)


def test_a_polled_copy_counting_the_whole_group_is_not_counted_twice() -> None:
    state = NotificationsState()
    state.replace_all([group("10", BOB)])
    state.prepend_newer([group("12", CAROL, BOB)])  # Mastodon: everything up to 12
    assert rows(state) == [("12", 2, ["carol", "bob"])]
    big = merged_group(group("10", BOB, CAROL, count=40, low="3"),
                       group("12", DAN, BOB, CAROL, count=41))
    assert big.notifications_count == 41 and (big.page_min_id, big.page_max_id) == ("3", "12")


def test_an_older_page_s_part_of_a_shown_group_merges_in_place() -> None:
    state = NotificationsState()
    state.replace_all([group("12", CAROL), mention("11")])
    diff = state.append_older([group("10", BOB), mention("9")])
    assert rows(state) == [("12", 2, ["carol", "bob"]), ("11", 1, []), ("9", 1, [])]
    assert diff.replaced == ("12",) and diff.appended == ("9",) and not diff.removed
    assert state.append_older([group("10", BOB)]) == state.append_older([])  # known part


def test_pages_read_together_show_a_group_once() -> None:
    state = NotificationsState()
    state.replace_all([group("12", CAROL), mention("11"), group("10", BOB), mention("9")])
    assert rows(state) == [("12", 2, ["carol", "bob"]), ("11", 1, []), ("9", 1, [])]


def test_a_streamed_notification_of_a_shown_group_joins_it() -> None:
    state = NotificationsState()
    state.replace_all([group("10", BOB, CAROL, low="8")])
    streamed = Notification(id="14", type="favourite", account=DAN, group_key=KEY)
    state.prepend_newer([streamed])
    assert rows(state) == [("14", 3, ["dan", "bob", "carol"])]
    state.prepend_newer([streamed])  # heard again (a catch-up): counted once
    assert rows(state) == [("14", 3, ["dan", "bob", "carol"])]
    state.prepend_newer([mention("15"), Notification(id="16", type="mention", account=BOB,
                                                    group_key="ungrouped-16")])
    assert [r[0] for r in rows(state)] == ["16", "15", "14"]


def test_v1_notifications_are_never_merged_with_each_other() -> None:
    state = NotificationsState()
    state.replace_all([Notification(id="10", type="favourite", account=BOB, group_key=KEY)])
    state.prepend_newer([Notification(id="12", type="favourite", account=CAROL, group_key=KEY)])
    assert [r[0] for r in rows(state)] == ["12", "10"]


def test_the_reader_keeps_the_place_and_the_moved_row_counts_as_new() -> None:
    state = NotificationsState()
    state.replace_all([mention("11"), group("10", BOB), mention("9")])
    state.focus_id = "11"
    state.prepend_newer([group("12", CAROL)])
    assert state.focus_id == "11" and state.unread_ids == {"12"}
    state.focus_id = "12"
    state.prepend_newer([group("13", DAN)])  # the reader's row moves up: the place stays
    assert state.focus_id == "11" and state.unread_ids == {"13"}
    assert rows(state)[0] == ("13", 3, ["dan", "carol", "bob"])


def test_a_newer_copy_above_a_cut_top_waits_on_the_server_with_the_row_kept() -> None:
    state = NotificationsState(max_items=2)
    state.replace_all([mention("11"), group("10", BOB)])
    state.newer_cut = True
    state.prepend_newer([group("12", CAROL)])
    assert [r[0] for r in rows(state)] == ["11", "10"] and state.newer_waiting == 1
