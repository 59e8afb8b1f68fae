"""Scheduled posts: when each goes out, what it says; d cancels one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from fedtui.errors import FedtuiError
from fedtui.mastodon.action_types import ScheduledPost
from fedtui.ui.keymap import MANAGE_KEYS, bindings
from fedtui.ui.screens.base import OverlayScreen
from fedtui.ui.widgets.key_hints import KeyHints
from fedtui.ui.workers import work


class ScheduledScreen(OverlayScreen[None]):
    BINDINGS = bindings(spec for spec in MANAGE_KEYS if spec.id == "manage.delete")

    def __init__(self) -> None:
        super().__init__()
        self.posts: list[ScheduledPost] = []

    def compose(self) -> ComposeResult:
        yield Static("Scheduled posts  ·  d cancels one  ·  esc back", id="screen-title",
                     markup=False)
        yield DataTable(id="scheduled", cursor_type="row", zebra_stripes=True)
        yield KeyHints()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("When", "Visibility", "Post")
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="scheduled")
    def load(self) -> None:
        try:
            found = self.fedtui.context.actions().scheduled()
        except FedtuiError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error")
            return
        self.app.call_from_thread(self._show, found)

    def _show(self, found: list[ScheduledPost]) -> None:
        self.posts = found
        table = self.query_one(DataTable)
        table.clear()
        for post in found:
            text = " ".join((post.draft.spoiler_text or post.draft.text).split())
            table.add_row(*map(Text, (post.scheduled_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                                      post.draft.visibility, text[:80])), key=post.id)
        if not found:
            self.notify("Nothing is scheduled.")

    def action_delete(self) -> None:
        table = self.query_one(DataTable)
        if not self.posts or table.cursor_row >= len(self.posts):
            return
        post = self.posts[table.cursor_row]
        from fedtui.ui.screens.dialogs import confirm

        def answered(answer: str | None) -> None:
            if answer == "yes":
                self.cancel(post)

        self.app.push_screen(confirm("Cancel this scheduled post?", "Cancel it",
                                     no="Keep it"), answered)

    @work(thread=True, group="scheduled-cancel")
    def cancel(self, post: ScheduledPost) -> None:
        try:
            self.fedtui.context.actions().cancel_scheduled(post.id)
        except FedtuiError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error")
            return
        self.app.call_from_thread(self.notify, "Cancelled the scheduled post.")
        self.load()
