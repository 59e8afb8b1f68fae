"""Log in from inside the app: instance -> authorise in a browser -> paste the code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from fedtui.app.context import AccountRef
from fedtui.browser import open_in_window
from fedtui.errors import FedtuiError, SecretStoreError
from fedtui.store.accounts import normalize_instance_url
from fedtui.ui.keymap import SCREEN_KEYS, bindings
from fedtui.ui.widgets.key_hints import KeyHints
from fedtui.ui.workers import work

if TYPE_CHECKING:
    from fedtui.ui.app import FedtuiApp


class LoginScreen(Screen[None]):
    """Shown when no account is saved or given in the environment, and by `L` (log in
    again: the current instance's address is filled in; escape goes back)."""

    BINDINGS = bindings(SCREEN_KEYS)

    def __init__(self, instance: str = "") -> None:
        super().__init__()
        self._given = instance
        self._instance = ""
        self._registration: Any = None

    @property
    def fedtui(self) -> FedtuiApp:
        from fedtui.ui.app import FedtuiApp

        assert isinstance(self.app, FedtuiApp)
        return self.app

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Welcome to fedtui", classes="dialog-title")
            yield Static("Which Mastodon-API server is your account on? (e.g. mastodon.social)\n"
                         "Or quit with ctrl+q and run `fedtui demo` to try the local demo.",
                         id="login-help", markup=False)
            yield Input(placeholder="instance", id="instance")
            yield Static("", id="login-url", markup=False)
            yield Input(placeholder="paste the authorisation code here", id="code")
        yield KeyHints()

    def action_dismiss_screen(self) -> None:
        """Back to the panes, when there are panes to go back to."""
        if self.fedtui.context.account is not None and len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def on_mount(self) -> None:
        self.query_one("#code", Input).display = False
        instance = self.query_one("#instance", Input)
        instance.value = self._given
        instance.focus()

    @on(Input.Submitted, "#instance")
    def instance_given(self, event: Input.Submitted) -> None:
        if event.value.strip():
            try:
                self._instance = normalize_instance_url(event.value)
            except ValueError as err:
                self._say(str(err))
                return
            self.query_one("#login-url", Static).update(f"Contacting {self._instance}…")
            self.register()

    @work(thread=True, exclusive=True)
    def register(self) -> None:
        from fedtui.mastodon import auth

        context = self.fedtui.context
        network = context.network
        try:
            if context.accounts is not None:
                context.accounts.check_before_login(self._instance)
            registration = auth.register_app(self._instance, auth.OOB_REDIRECT, network=network)
            url = auth.authorization_url(registration, self._instance)
        except SecretStoreError as err:
            self.app.call_from_thread(self._say, f"Cannot log in here: {err}")
            return
        except FedtuiError as err:
            self.app.call_from_thread(self._say, f"Could not register with the server: {err}")
            return
        opened = open_in_window(url)
        self.app.call_from_thread(self._ask_code, registration, url, opened)

    def _say(self, text: str) -> None:
        self.query_one("#login-url", Static).update(text)

    def _ask_code(self, registration: Any, url: str, opened: bool) -> None:
        self._registration = registration
        how = ("Your browser shows this address" if opened
               else "No browser window can open here: open this address in a browser")
        self._say(f"{how}; allow fedtui, then paste the code below:\n{url}")
        code = self.query_one("#code", Input)
        code.display = True
        code.focus()

    @on(Input.Submitted, "#code")
    def code_given(self, event: Input.Submitted) -> None:
        if event.value.strip() and self._registration is not None:
            self._say("Checking the code…")
            self.exchange(event.value.strip())

    @work(thread=True, exclusive=True)
    def exchange(self, code: str) -> None:
        from fedtui.mastodon import auth
        from fedtui.mastodon.client import InstanceClient

        context = self.fedtui.context
        network = context.network
        try:
            token = auth.exchange_code(self._registration, self._instance, code, network=network)
            me = InstanceClient(self._instance, token, network=network).verify_credentials()
            where = "this session only (nothing was saved)"
            if context.accounts is not None:
                saved = context.accounts.add(self._instance, me.acct, token)
                where = context.accounts.where(saved.key)
        except FedtuiError as err:
            self.app.call_from_thread(self._say, f"Login failed: {err}")
            return
        account = AccountRef(self._instance, token, me.acct)
        self.app.call_from_thread(self.fedtui.logged_in, account)
        self.app.call_from_thread(self.app.notify, f"Logged in. The token is in {where}.",
                                  markup=False)
