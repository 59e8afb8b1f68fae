"""One row per notification group: copies of a group (API v2) from several pages, polls or
the stream are merged by `group_key`.

A group can span pages (`page_min_id`..`page_max_id` is the part a page holds) and a newer
page or poll brings it again. Mastodon counts every notification of the group up to the
page's newest; some servers count only the page's part: `merged_group` is right for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from fedtui.core.model import Notification, NotificationGroup
from fedtui.core.timeline import TimelineDiff, TimelineState, id_key

SAMPLE_ACCOUNTS = 8  # as many as Mastodon sends


def merge_key(item: object) -> str | None:
    """The key `item` merges by: a notification's server group key (not an "ungrouped-"
    one), else None."""
    key = item.group_key if isinstance(item, Notification) else None
    return key if key and not key.startswith("ungrouped-") else None


def as_group(note: Notification) -> NotificationGroup:
    """`note` as a group (a v1 notification is a group of one)."""
    if isinstance(note, NotificationGroup):
        return note
    return NotificationGroup(
        id=note.id, type=note.type, account=note.account, created_at=note.created_at,
        status=note.status, group_key=note.group_key, sample_accounts=(note.account,),
        latest_page_notification_at=note.created_at, page_min_id=note.id, page_max_id=note.id)


def merged_group(one: Notification, other: Notification) -> NotificationGroup:
    """Two copies of a group as one: the newer copy's newest notification, accounts of
    both (newest first), the page ranges joined and the count of both."""
    first, second = as_group(one), as_group(other)
    newer, older = ((first, second) if id_key(first.id) > id_key(second.id)
                    else (second, first))
    sample = tuple({a.id or a.acct: a for a in (*newer.sample_accounts,
                                                 *older.sample_accounts)}.values())
    ranges = [i for i in (newer.page_min_id, newer.page_max_id, older.page_min_id,
                          older.page_max_id) if i]
    return replace(newer, notifications_count=_count(newer, older),
                   sample_accounts=sample[:SAMPLE_ACCOUNTS],
                   page_min_id=min(ranges, key=id_key) if ranges else None,
                   page_max_id=max(ranges, key=id_key) if ranges else None)


def _count(newer: NotificationGroup, older: NotificationGroup) -> int:
    """The newer copy counts the older one's notifications (Mastodon), or only its own page's
    (others): when it holds notifications past the older one's range, the count is at least
    the older one's and one per account the older one did not show (one at least)."""
    fresh = (newer.page_min_id is not None and older.page_max_id is not None
             and id_key(newer.page_min_id) > id_key(older.page_max_id))
    if not fresh:
        return max(newer.notifications_count, older.notifications_count)
    known = {a.id for a in older.sample_accounts}
    accounts = sum(1 for a in newer.sample_accounts if a.id not in known)
    return max(newer.notifications_count, older.notifications_count + max(1, accounts))


def fold(items: Iterable[Notification]) -> list[Notification]:
    """`items` (newest first) with the copies of each group merged into one, in the place
    of the newest."""
    out: list[Notification] = []
    at: dict[str, int] = {}
    for item in items:
        key = merge_key(item)
        if key is None or key not in at:
            if key is not None:
                at[key] = len(out)
            out.append(item)
        elif isinstance(item, NotificationGroup) or isinstance(out[at[key]], NotificationGroup):
            out[at[key]] = merged_group(out[at[key]], item)
        else:  # two v1 notifications: a v1 pane shows each
            out.append(item)
    ordered = sorted(range(len(out)), key=lambda i: id_key(out[i].id), reverse=True)
    return [out[i] for i in ordered]


class NotificationsState(TimelineState[Notification]):
    """A notifications pane's state: one row per group. A group's copy merges into the
    row shown: in its place when the row stays the newest (an older page's part), else the
    row moves up by the newest notification (counted new above the reader)."""

    def replace_all(self, items: Iterable[Notification]) -> TimelineDiff:
        return super().replace_all(fold(items))

    def prepend_newer(self, items: Iterable[Notification]) -> TimelineDiff:
        items = fold(items)
        top = id_key(self.newest_id) if self.newer_cut and self.newest_id else None
        waiting = [i for i in items if top is not None and id_key(i.id) > top]
        diff, rest = self._fold_in(items[len(waiting):])
        return diff + super().prepend_newer(waiting + rest)  # waiting: on the server

    def append_older(self, items: Iterable[Notification]) -> TimelineDiff:
        diff, rest = self._fold_in(fold(items))
        return diff + super().append_older(rest)

    def _fold_in(self, items: Sequence[Notification]) -> tuple[TimelineDiff, list[Notification]]:
        """Merge the copies of shown groups into their rows: replaced in place, or dropped
        and returned with the rest (to be placed by their newest notification)."""
        if not any(merge_key(item) for item in items):  # no walk over the rows
            return TimelineDiff(), list(items)
        shown = {key: item.id for item in self.items if (key := merge_key(item)) is not None}
        replaced: list[str] = []
        moved: list[str] = []
        rest: list[Notification] = []
        for item in items:
            row_id = shown.get(merge_key(item) or "")
            row = self.get(row_id) if row_id is not None else None
            if row is None or not (isinstance(row, NotificationGroup)
                                   or isinstance(item, NotificationGroup)):
                rest.append(item)
                continue
            group = merged_group(row, item)
            if group.id != row.id:
                moved.append(row.id)
                rest.append(group)
            elif group != row:
                self._put(row.id, group)
                replaced.append(row.id)
        diff = TimelineDiff(replaced=tuple(replaced))
        return diff + self._drop(tuple(moved)), rest

    def _put(self, item_id: str, item: Notification) -> None:
        index = self.index_of(item_id)
        if index is not None:
            self._items[index] = item
            self._by_id[item_id] = item

