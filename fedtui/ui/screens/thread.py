"""A thread: ancestors, the post, and its replies as a tree."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from fedtui.core.model import Context, Status
from fedtui.core.render import display_name
from fedtui.errors import FedtuiError
from fedtui.ui.screens.base import OverlayScreen
from fedtui.ui.widgets.key_hints import KeyHints
from fedtui.ui.widgets.status_list import StatusList
from fedtui.ui.workers import work


def thread_tree(ancestors: tuple[Status, ...], focus: Status,
                descendants: tuple[Status, ...]) -> tuple[list[Status], dict[str, int]]:
    """Reading order with a depth per post: replies under the post they answer."""
    children: dict[str, list[Status]] = {}
    for status in descendants:
        children.setdefault(status.in_reply_to_id or focus.id, []).append(status)
    order = [*ancestors, focus]
    depths = {status.id: 0 for status in order}

    def walk(parent_id: str, depth: int) -> None:
        for child in children.get(parent_id, []):
            if child.id in depths:
                continue
            depths[child.id] = depth
            order.append(child)
            walk(child.id, depth + 1)

    walk(focus.id, 1)
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


def with_reply(order: list[Status], depths: dict[str, int],
               reply: Status) -> tuple[list[Status], dict[str, int]] | None:
    """`order` with `reply` under its parent, after the parent's other replies (None when
    the parent is not in the thread or the reply is already there)."""
    ids = [status.id for status in order]
    parent_id = reply.in_reply_to_id
    if parent_id not in ids or reply.id in ids:
        return None
    at = ids.index(parent_id)
    parent_depth = depths.get(parent_id, 0)
    end = at + 1
    while end < len(order) and depths.get(order[end].id, 0) > parent_depth:
        end += 1
    return ([*order[:end], reply, *order[end:]],
            {**depths, reply.id: parent_depth + 1})


class ThreadScreen(OverlayScreen[None]):
    def __init__(self, status: Status) -> None:
        super().__init__()
        self.focus_status = status
        self.order: list[Status] = [status]  # the thread in reading order
        self.depths: dict[str, int] = {status.id: 0}
        self.heads: dict[str, str] = {}  # a line above a quoted post's entry

    def compose(self) -> ComposeResult:
        yield Static(f"Thread  ·  {self.focus_status.account.acct}  ·  loading…",
                     id="screen-title", markup=False)
        yield StatusList(clock=self.fedtui.context.clock, desk=self.fedtui.translation_desk(),
                         relative_times=self.fedtui.context.config.timeline.relative_times,
                         id="thread")
        yield KeyHints()

    def on_mount(self) -> None:
        status_list = self.query_one(StatusList)
        status_list.show(self.order, self.depths)
        status_list.focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        try:
            status, context = self.fedtui.context.client().thread(self.focus_status.id)
        except FedtuiError as err:
            self.app.call_from_thread(self._failed, err)
            return
        if (desk := self.fedtui.translation_desk()) is not None:
            desk.decide([*context.ancestors, status, *context.descendants])
        self.app.call_from_thread(self._show, status, context)

    def _show(self, status: Status, context: Context) -> None:
        self.order, self.depths, self.heads = with_quoted(
            *thread_tree(context.ancestors, status, context.descendants))
        status_list = self.query_one(StatusList)
        status_list.show(self.order, self.depths, keep_position=False, heads=self.heads)
        status_list.highlighted = next(i for i, s in enumerate(self.order) if s.id == status.id)
        replies = len(context.descendants)
        self.query_one("#screen-title", Static).update(
            f"Thread  ·  {len(context.ancestors)} before  ·  {replies} "
            f"repl{'y' if replies == 1 else 'ies'}  ·  esc to go back"
        )

    def add_reply(self, reply: Status) -> bool:
        """The reader's reply, as the server answered it: under its parent, if the parent
        is in this thread (no refetch). True when it was added."""
        added = with_reply(self.order, self.depths, reply)
        if added is None:
            return False
        self.order, self.depths = added
        status_list = self.query_one(StatusList)
        status_list.show(self.order, self.depths, heads=self.heads)
        status_list.highlighted = self.order.index(reply)
        return True

    def _failed(self, err: FedtuiError) -> None:
        self.query_one("#screen-title", Static).update(f"Thread  ·  could not load: {err}")
        self.notify(str(err), severity="error")
