"""An open thread's posts in reading order (ancestors, the post, its replies as a tree),
each with its depth. The only list of the thread's posts: its list widget renders the
`TimelineDiff` each change returns, and a reply written or streamed while the thread is
open goes in with `insert` (or `upsert`, which also takes a new version of a known post).
"""

from __future__ import annotations

from collections.abc import Iterable

from fedtui.core.model import Status
from fedtui.core.render import display_name
from fedtui.core.timeline import PostList, TimelineDiff, status_ids


def thread_tree(ancestors: Iterable[Status], focus: Status,
                descendants: Iterable[Status]) -> tuple[list[Status], dict[str, int]]:
    """Reading order with a depth per post: replies under the post they answer."""
    descendants = tuple(descendants)
    children: dict[str, list[Status]] = {}
    for status in descendants:
        children.setdefault(status.in_reply_to_id or focus.id, []).append(status)
    order = [*ancestors, focus]
    depths = {status.id: 0 for status in order}
    stack = [(child, 1) for child in reversed(children.get(focus.id, []))]
    while stack:  # depth first, without recursion (a deep thread is hostile input)
        status, depth = stack.pop()
        if status.id in depths:
            continue
        depths[status.id] = depth
        order.append(status)
        stack.extend((child, depth + 1) for child in reversed(children.get(status.id, [])))
    for status in descendants:  # replies whose parent is not in the thread
        if status.id not in depths:
            depths[status.id] = 1
            order.append(status)
    return order, depths


def with_quoted(order: list[Status], depths: dict[str, int]
                ) -> tuple[list[Status], dict[str, int], dict[str, str]]:
    """Each quoted post as its own entry right under the post that quotes it, one level
    in, with a line that says so (a post the thread already holds is not repeated)."""
    shown = {status.id for status in order}
    result: list[Status] = []
    depths = dict(depths)
    heads: dict[str, str] = {}
    for status in order:
        result.append(status)
        quote = status.quote
        quoted = quote.status if quote is not None and quote.state == "accepted" else None
        if quoted is None or quoted.id in shown:
            continue
        shown.add(quoted.id)
        result.append(quoted)
        depths[quoted.id] = depths.get(status.id, 0) + 1
        heads[quoted.id] = f"❝ quoted by {display_name(status.account)}"
    return result, depths, heads


class ThreadState(PostList[Status]):
    """Posts of one thread in reading order, unique by id, with their depths."""

    def __init__(self, focus: Status) -> None:
        super().__init__()
        self.focus = focus
        self._items.append(focus)
        self._by_id[focus.id] = focus
        self._depths: dict[str, int] = {focus.id: 0}
        self._heads: dict[str, str] = {}  # a line above a quoted post's entry
        self.ancestors = 0  # how many posts come before the focused one

    def depth(self, item_id: str) -> int:
        return self._depths.get(item_id, 0)

    def head(self, item_id: str) -> str:
        return self._heads.get(item_id, "")

    def index(self, item_id: str) -> int:
        """Where a post is in reading order (0 when it is not here)."""
        post = self._by_id.get(item_id)
        return self._items.index(post) if post is not None else 0

    def shown(self) -> tuple[Status, ...]:
        """What the thread's list shows: every post."""
        return self.items

    def ordered(self) -> tuple[Status, ...]:
        """Every post, in reading order (the same: a thread hides none)."""
        return self.items

    def shows(self, item: object) -> bool:
        return True

    def load(self, ancestors: Iterable[Status], focus: Status,
             descendants: Iterable[Status]) -> TimelineDiff:
        """The server's answer: everything, in reading order."""
        ancestors = tuple(ancestors)
        before = set(self._by_id)
        order, self._depths, self._heads = with_quoted(
            *thread_tree(ancestors, focus, descendants))
        self.focus, self.ancestors = focus, len(ancestors)
        self._items, self._by_id = order, {status.id: status for status in order}
        return TimelineDiff(inserted=tuple(s.id for s in order if s.id not in before),
                            removed=tuple(i for i in before if i not in self._by_id),
                            replaced=tuple(s.id for s in order if s.id in before))

    def insert(self, status: Status) -> TimelineDiff:
        """A new reply: under the post it answers, after that post's other replies (at the
        end when its parent is not here). A known id changes nothing (see `upsert`)."""
        if status.id in self._by_id:
            return TimelineDiff()
        parent = status.in_reply_to_id
        if parent not in self._by_id:
            return TimelineDiff()  # not part of this thread
        depth = self._depths[parent] + 1
        index = self._items.index(self._by_id[parent]) + 1
        while index < len(self._items) and self._depths[self._items[index].id] >= depth:
            index += 1
        self._items.insert(index, status)
        self._by_id[status.id] = status
        self._depths[status.id] = depth
        if index == len(self._items) - 1:
            return TimelineDiff(appended=(status.id,))
        return TimelineDiff(inserted=(status.id,))

    def upsert(self, status: Status) -> TimelineDiff:
        """`insert` a new reply, or show the new version of a post already here."""
        return self.update(status) if status.id in self._by_id else self.insert(status)

    def remove(self, status_id: str) -> TimelineDiff:
        """A post was deleted: it leaves (its replies stay, where they were)."""
        gone = tuple(item.id for item in self._items if status_id in status_ids(item))
        if not gone:
            return TimelineDiff()
        self._items = [item for item in self._items if item.id not in gone]
        for item_id in gone:
            del self._by_id[item_id]
        return TimelineDiff(removed=gone)
