"""Reporting an account to the moderators: reason, the rules broken, a comment, and
whether to forward the report to the account's own server."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Select, SelectionList, Static

from fedtui.core.model import Account, Status
from fedtui.core.sanitize import clean_line
from fedtui.errors import FedtuiError
from fedtui.mastodon.action_types import ReportRule
from fedtui.ui.screens.base import Dialog
from fedtui.ui.workers import work

CATEGORIES = (("Spam", "spam"), ("It breaks the server's rules", "violation"),
              ("Something else", "other"))


@dataclass(frozen=True, slots=True)
class ReportForm:
    category: str
    rule_ids: tuple[str, ...]
    comment: str
    forward: bool
    status_ids: tuple[str, ...]


class ReportDialog(Dialog[ReportForm | None]):
    def __init__(self, account: Account, status: Status | None) -> None:
        super().__init__()
        self.account = account
        self.status = status
        self.remote = "@" in account.acct

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Report @{clean_line(self.account.acct)} to your server's moderators",
                         classes="dialog-title", markup=False)
            yield Select(CATEGORIES, value="spam", allow_blank=False, id="category")
            yield SelectionList[str](id="rules")
            yield Input(placeholder="anything the moderators should know (optional)",
                        id="comment", max_length=1000)
            if self.status is not None:
                yield Checkbox("Include the highlighted post", True, id="with-post")
            if self.remote:
                server = self.account.acct.split("@", 1)[1]
                yield Checkbox(Content(f"Also send an anonymous copy to {clean_line(server)}"),
                               False, id="forward")
            yield Button("Send report", id="send", variant="error")

    def on_mount(self) -> None:
        self.query_one("#rules", SelectionList).display = False
        self.query_one("#category", Select).focus()
        self.load_rules()

    @work(thread=True, exclusive=True)
    def load_rules(self) -> None:
        try:
            rules = self.fedtui.context.actions().rules()
        except FedtuiError:
            rules = []
        self.app.call_from_thread(self._show_rules, rules)

    def _show_rules(self, rules: list[ReportRule]) -> None:
        picker = self.query_one("#rules", SelectionList)
        picker.clear_options()
        picker.add_options([(Content(clean_line(rule.text)), rule.id) for rule in rules])
        picker.display = self.query_one("#category", Select).value == "violation" \
            and bool(rules)

    @on(Select.Changed, "#category")
    def category_changed(self, event: Select.Changed) -> None:
        picker = self.query_one("#rules", SelectionList)
        picker.display = event.value == "violation" and picker.option_count > 0

    @on(Button.Pressed, "#send")
    def send(self) -> None:
        category = str(self.query_one("#category", Select).value)
        rules = tuple(self.query_one("#rules", SelectionList).selected)
        if category == "violation" and not rules and \
                self.query_one("#rules", SelectionList).option_count:
            self.notify("Mark the rules it breaks (space), or choose another reason.",
                        severity="warning")
            return
        with_post = [box.value for box in self.query("#with-post").results(Checkbox)]
        forward = [box.value for box in self.query("#forward").results(Checkbox)]
        status_ids = (self.status.id,) if self.status is not None and any(with_post) else ()
        self.dismiss(ReportForm(
            category=category,
            rule_ids=rules if category == "violation" else (),
            comment=self.query_one("#comment", Input).value.strip(),
            forward=any(forward),
            status_ids=status_ids,
        ))
