"""A thread: ancestors, the post, and its replies as a tree.

The screen owns the thread's `ThreadState`; its list renders the state's changes. The
first screen of a long thread is drawn at once, the rest a few cards per frame.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Static

from fedtui.core.model import Context, Status
from fedtui.core.thread_state import ThreadState
from fedtui.core.timeline import TimelineDiff
from fedtui.errors import FedtuiError
from fedtui.ui import messages
from fedtui.ui.screens.base import OverlayScreen
from fedtui.ui.widgets.key_hints import KeyHints
from fedtui.ui.widgets.status_list import StatusList
from fedtui.ui.workers import work


class ThreadScreen(OverlayScreen[None]):
    def __init__(self, status: Status, reads_as: str = "") -> None:
        super().__init__()
        self.focus_status = status
        self.state = ThreadState(status)
        self.reads_as = reads_as  # the account whose server it asks ("": the main one)
        #: Changes made while the thread loads, made again on the server's answer (it may
        #: predate them); None once it is in.
        self._meanwhile: list[Callable[[], TimelineDiff]] | None = []

    def compose(self) -> ComposeResult:
        yield Static(f"Thread  ·  {self.focus_status.account.acct}  ·  loading…",
                     id="screen-title", markup=False)
        yield StatusList(self.state, clock=self.fedtui.context.clock,
                         desk=self.fedtui.translation_desk(),
                         fold=self.fedtui.local_filters().fold,
                         relative_times=self.fedtui.context.config.timeline.relative_times,
                         keymap=self.fedtui.context.config.keymap, id="thread")
        yield KeyHints()

    def on_mount(self) -> None:
        status_list = self.query_one(StatusList)
        status_list.show()
        status_list.focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        try:
            client = self.fedtui.context.session(self.reads_as).client()
            status, context = client.thread(self.focus_status.id)
        except FedtuiError as err:
            self.app.call_from_thread(self._failed, err)
            return
        if (desk := self.fedtui.translation_desk()) is not None:
            desk.decide([*context.ancestors, status, *context.descendants])
        self.app.call_from_thread(self._show, status, context)

    def _show(self, status: Status, context: Context) -> None:
        self.state.load(context.ancestors, status, context.descendants)
        for change in self._meanwhile or ():
            change()
        self._meanwhile = None
        status_list = self.query_one(StatusList)
        # the post and a screenful of replies now, the rest a few cards per frame
        status_list.show(keep_position=False, first=self.state.index(status.id) + 1,
                         fill=status_list.size.height)
        status_list.highlighted = status_list.index_of(status.id)
        replies = len(context.descendants)
        self.query_one("#screen-title", Static).update(
            f"Thread  ·  {len(context.ancestors)} before  ·  {replies} "
            f"repl{'y' if replies == 1 else 'ies'}  ·  esc to go back"
        )

    def upsert(self, status: Status) -> None:
        """A reply to a post of this thread (the reader's own, say) goes under it; a
        post already here is shown in its new version."""
        self._change(lambda: self.state.upsert(status))

    def on_status_posted(self, message: messages.StatusPosted) -> None:
        """The reader posted: a reply to a post of this thread goes under it (the server's
        answer, no refetch)."""
        if message.status.in_reply_to_id in self.state:
            self.upsert(message.status)
            status_list = self.query_one(StatusList)
            status_list.highlighted = status_list.index_of(message.status.id)

    def _change(self, change: Callable[[], TimelineDiff]) -> None:
        """Change the thread's posts now, and again once the thread is in if it loads."""
        if self._meanwhile is not None:
            self._meanwhile.append(change)
        self.query_one(StatusList).apply(change())

    def on_status_changed(self, message: messages.StatusChanged) -> None:
        self._change(lambda: self.state.update(message.status))

    def on_status_deleted(self, message: messages.StatusDeleted) -> None:
        self._change(lambda: self.state.remove(message.status_id))

    def _failed(self, err: FedtuiError) -> None:
        self._meanwhile = None
        self.query_one("#screen-title", Static).update(f"Thread  ·  could not load: {err}")
        self.notify(str(err), severity="error")
