"""Search (v2): accounts, hashtags and posts. An account or a hashtag opens as a pane,
a post opens its thread."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from fedtui.core.model import Account, Status
from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.core.render import display_name
from fedtui.core.sanitize import clean_line
from fedtui.errors import FedtuiError
from fedtui.mastodon.action_types import SearchResults
from fedtui.ui import messages
from fedtui.ui.post_view import brief_status
from fedtui.ui.screens.base import OverlayScreen
from fedtui.ui.widgets.key_hints import KeyHints
from fedtui.ui.workers import work


class SearchScreen(OverlayScreen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.results = SearchResults((), (), ())

    def compose(self) -> ComposeResult:
        yield Static("Search  ·  enter searches, then ↑ ↓ choose and enter opens  ·  esc to "
                     "go back", id="screen-title", markup=False)
        yield Input(placeholder="words, #hashtag, @user@server or a post's URL",
                    id="search-query")
        yield OptionList(id="search-results")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one("#search-results", OptionList).display = False
        self.query_one("#search-query", Input).focus()

    @on(Input.Submitted, "#search-query")
    def submitted(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if query:
            self.query_one("#screen-title", Static).update(f"Search  ·  “{query}”  ·  searching…")
            self.search(query)

    @work(thread=True, exclusive=True)
    def search(self, query: str) -> None:
        try:
            results = self.fedtui.context.actions().search(query)
        except FedtuiError as err:
            self.app.call_from_thread(self._failed, err)
            return
        self.app.call_from_thread(self._show, query, results)

    def _failed(self, err: FedtuiError) -> None:
        self.query_one("#screen-title", Static).update(f"Search  ·  failed: {err}")
        self.notify(str(err), severity="error")

    def _show(self, query: str, results: SearchResults) -> None:
        self.results = results
        found = len(results.accounts) + len(results.hashtags) + len(results.statuses)
        self.query_one("#screen-title", Static).update(
            f"Search  ·  “{query}”  ·  {found} found  ·  enter opens  ·  esc to go back")
        options: list[Option] = []
        for index, account in enumerate(results.accounts):
            options.append(Option(_account_line(account), id=f"account:{index}"))
        for name in results.hashtags:
            options.append(Option(Content.styled(f"#{clean_line(name)}", "$secondary"),
                                  id=f"tag:{name}"))
        for index, status in enumerate(results.statuses):
            options.append(Option(_status_line(status), id=f"status:{index}"))
        picker = self.query_one("#search-results", OptionList)
        picker.set_options(options)
        picker.display = bool(options)
        if options:
            picker.highlighted = 0
            picker.focus()
        else:
            self.notify(f"Nothing found for “{query}”.")

    @on(OptionList.OptionSelected, "#search-results")
    def opened(self, event: OptionList.OptionSelected) -> None:
        kind, _, key = (event.option.id or "").partition(":")
        if kind == "account":
            account = self.results.accounts[int(key)]
            self.fedtui.open_pane(PaneSpec(PaneKind.ACCOUNT, account.id, f"@{account.acct}"))
        elif kind == "tag":
            self.fedtui.open_pane(PaneSpec(PaneKind.HASHTAG, key))
        elif kind == "status":
            self.post_message(messages.OpenThread(self.results.statuses[int(key)]))


def _account_line(account: Account) -> Content:
    return Content.assemble(("@ ", "$text-muted"), (display_name(account), "bold $primary"),
                            " ", (f"@{clean_line(account.acct)}", "$text-muted"))


def _status_line(status: Status) -> Content:
    return Content.assemble(("✎ ", "$text-muted"),
                            (f"{display_name(status.account)}: ", "bold"),
                            brief_status(status, 100))
