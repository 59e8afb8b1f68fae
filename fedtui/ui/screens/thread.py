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


class ThreadScreen(OverlayScreen[None]):
    def __init__(self, status: Status) -> None:
        super().__init__()
        self.focus_status = status

    def compose(self) -> ComposeResult:
        yield Static(f"Thread  ·  {self.focus_status.account.acct}  ·  loading…",
                     id="screen-title", markup=False)
        yield StatusList(clock=self.fedtui.context.clock, desk=self.fedtui.translation_desk(),
                         relative_times=self.fedtui.context.config.timeline.relative_times,
                         id="thread")
        yield KeyHints()

    def on_mount(self) -> None:
        status_list = self.query_one(StatusList)
        status_list.show([self.focus_status])
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
        order, depths, heads = with_quoted(*thread_tree(context.ancestors, status,
                                                        context.descendants))
        status_list = self.query_one(StatusList)
        status_list.show(order, depths, keep_position=False, heads=heads)
        status_list.highlighted = next(i for i, s in enumerate(order) if s.id == status.id)
        replies = len(context.descendants)
        self.query_one("#screen-title", Static).update(
            f"Thread  ·  {len(context.ancestors)} before  ·  {replies} "
            f"repl{'y' if replies == 1 else 'ies'}  ·  esc to go back"
        )

    def _failed(self, err: FedtuiError) -> None:
        self.query_one("#screen-title", Static).update(f"Thread  ·  could not load: {err}")
        self.notify(str(err), severity="error")
