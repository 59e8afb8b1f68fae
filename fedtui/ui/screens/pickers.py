"""Small dialogs: add a pane, pick one of a post's links."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.core.sanitize import clean_line
from fedtui.errors import FedtuiError
from fedtui.ui import messages
from fedtui.ui.screens.base import Dialog
from fedtui.ui.workers import work

PANE_CHOICES = (
    (PaneKind.HOME, "Home"),
    (PaneKind.NOTIFICATIONS, "Notifications"),
    (PaneKind.LOCAL, "Local timeline"),
    (PaneKind.FEDERATED, "Federated timeline"),
    (PaneKind.HASHTAG, "A hashtag…"),
    (PaneKind.LIST, "One of your lists…"),
    (PaneKind.BOOKMARKS, "Bookmarks"),
    (PaneKind.FAVOURITES, "Favourites"),
    (PaneKind.CONVERSATIONS, "Conversations (direct messages)"),
    (PaneKind.ACCOUNT, "An account's posts…"),
    (PaneKind.FOR_YOU, "For you (local): ranked by your rules"),
)


OTHER_ACCOUNT = "other-account"


class AddPaneScreen(Dialog[None]):
    """Choose what the new pane shows; hashtags and accounts are typed, lists picked."""

    kind: PaneKind = PaneKind.HOME
    account: str = ""  # read the new pane as this saved account ("": the main one)

    def __init__(self) -> None:
        super().__init__()
        self.list_titles: dict[str, str] = {}  # list id -> title, once the lists are loaded

    def compose(self) -> ComposeResult:
        others = self._other_accounts()
        choices = [Option(label, id=kind.value) for kind, label in PANE_CHOICES]
        if others:
            choices.append(Option("As another saved account…", id=OTHER_ACCOUNT))
        with Vertical(classes="dialog"):
            yield Static("Add a pane", classes="dialog-title", id="add-title", markup=False)
            yield OptionList(*choices, id="kinds")
            yield Input(placeholder="", id="argument")
            yield OptionList(id="lists")
            yield OptionList(*(Option(Content(key), id=key) for key in others), id="accounts")

    def on_mount(self) -> None:
        for hidden in ("#argument", "#lists", "#accounts"):
            self.query_one(hidden).display = False
        self.query_one("#kinds", OptionList).focus()

    def _other_accounts(self) -> list[str]:
        context = self.fedtui.context
        if context.accounts is None:
            return []
        try:
            saved = context.accounts.list()
        except FedtuiError:
            return []
        main = context.account.key if context.account is not None else ""
        return [a.key for a in saved if a.key != main]

    @on(OptionList.OptionSelected, "#accounts")
    def account_chosen(self, event: OptionList.OptionSelected) -> None:
        self.account = event.option.id or ""
        self.query_one("#add-title", Static).update(f"Add a pane as {self.account}")
        self.query_one("#accounts", OptionList).display = False
        self.query_one("#kinds", OptionList).focus()

    @on(OptionList.OptionSelected, "#kinds")
    def kind_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == OTHER_ACCOUNT:
            accounts = self.query_one("#accounts", OptionList)
            accounts.display = True
            accounts.focus()
            return
        kind = PaneKind(event.option.id or "home")
        self.kind = kind
        if kind is PaneKind.LIST:
            self.load_lists()
        elif kind in (PaneKind.HASHTAG, PaneKind.ACCOUNT):
            field = self.query_one("#argument", Input)
            field.placeholder = "hashtag, without #" if kind is PaneKind.HASHTAG \
                else "account, e.g. alice@example.social"
            field.display = True
            field.focus()
        else:
            self._add(PaneSpec(kind))

    @on(Input.Submitted, "#argument")
    def argument_given(self, event: Input.Submitted) -> None:
        value = event.value.strip().lstrip("#@")
        if not value:
            return
        if self.kind is PaneKind.HASHTAG:
            self._add(PaneSpec(PaneKind.HASHTAG, value))
        else:
            self.lookup_account(value)

    @work(thread=True, exclusive=True)
    def lookup_account(self, acct: str) -> None:
        try:
            account = self.fedtui.context.session(self.account).client().lookup(acct)
        except FedtuiError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error")
            return
        self.app.call_from_thread(
            self._add, PaneSpec(PaneKind.ACCOUNT, account.id, f"@{account.acct}"))

    @work(thread=True, exclusive=True)
    def load_lists(self) -> None:
        try:
            lists = self.fedtui.context.session(self.account).client().lists()
        except FedtuiError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error")
            return
        self.app.call_from_thread(self._show_lists, lists)

    def _show_lists(self, lists: list[tuple[str, str]]) -> None:
        if not lists:
            self.notify("You have no lists yet.", severity="warning")
            return
        picker = self.query_one("#lists", OptionList)
        self.list_titles = dict(lists)
        picker.set_options(Option(Content(clean_line(title)), id=list_id)
                           for list_id, title in lists)
        picker.display = True
        picker.focus()

    @on(OptionList.OptionSelected, "#lists")
    def list_chosen(self, event: OptionList.OptionSelected) -> None:
        list_id = event.option.id or ""
        self._add(PaneSpec(PaneKind.LIST, list_id, self.list_titles.get(list_id, "")))

    def _add(self, spec: PaneSpec) -> None:
        spec = replace(spec, account=self.account)
        self.dismiss(None)
        self.app.screen.post_message(messages.AddPane(spec))


class LinkPicker(Dialog[str | None]):
    """Several links in one post: choose which to open."""

    def __init__(self, links: tuple[str, ...]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Open which link?", classes="dialog-title")
            yield OptionList(*(Option(Content(clean_line(url)), id=str(i))
                               for i, url in enumerate(self.links)))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.links[int(event.option.id or 0)])
