"""The command palette's "Switch to …" entries: one per saved account."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from fedtui.core.sanitize import clean_line
from fedtui.errors import FedtuiError

if TYPE_CHECKING:
    from fedtui.store.accounts import SavedAccount
    from fedtui.ui.app import FedtuiApp


class AccountsProvider(Provider):
    """Saved accounts (from the account store), except the one shown now."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.saved: list[SavedAccount] = []

    @property
    def fedtui(self) -> FedtuiApp:
        from fedtui.ui.app import FedtuiApp

        assert isinstance(self.app, FedtuiApp)
        return self.app

    async def startup(self) -> None:
        store = self.fedtui.context.accounts
        if store is None:
            return
        try:
            found = await asyncio.to_thread(store.list)
        except FedtuiError:
            return
        current = self.fedtui.context.account_key
        self.saved = [account for account in found if account.key != current]

    def _label(self, account: SavedAccount) -> str:
        return clean_line(f"Switch to {account.handle}")

    async def discover(self) -> Hits:
        for account in self.saved:
            label = self._label(account)
            yield DiscoveryHit(Content(label), partial(self._switch, account), text=label,
                               help="Show this account's panes")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for account in self.saved:
            label = self._label(account)
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(escape(label)),  # the handle is no markup
                          partial(self._switch, account), text=label,
                          help="Show this account's panes")

    async def _switch(self, account: SavedAccount) -> None:
        store = self.fedtui.context.accounts
        assert store is not None
        try:
            token = await asyncio.to_thread(store.token, account.key)
        except FedtuiError as err:
            self.fedtui.notify(str(err), severity="error")
            return
        from fedtui.app.context import AccountRef

        self.fedtui.switch_to(AccountRef(account.instance_url, token, account.acct))
