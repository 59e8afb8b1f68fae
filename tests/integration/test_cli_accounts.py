"""`fedtui login`, `fedtui accounts` and the in-app login screen, against mastodon-mock."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fedtui import paths
from fedtui.cli import build_context, main, resolve_account
from fedtui.config import default_config
from fedtui.store.accounts import AccountStore
from fedtui.ui.app import FedtuiApp
from fedtui.ui.screens.home import HomeScreen
from tests.integration.mastodon_support import approve_in_browser, pasted_code
from tests.ui.conftest import wait_for


async def log_in_on_screen(pilot: Any, base_url: str, codes: list[str]) -> None:
    """On the login screen: the instance typed, then the code the browser showed (appended
    to `codes` by `browser_that_approves`), until the panes open."""
    await pilot.click("#instance")
    await pilot.press(*base_url, "enter")
    await wait_for(pilot, lambda: bool(codes) and pilot.app.screen.query_one("#code").display)
    await pilot.press(*codes[0], "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))


def browser_that_approves(username: str, codes: list[str]) -> Any:
    """Stands in for the user's browser: approves as `username`, remembers the code shown."""
    def open_in_browser(url: str) -> bool:
        codes.append(pasted_code(approve_in_browser(url, username)))
        return True

    return open_in_browser


def login(mock_server: Any, monkeypatch: pytest.MonkeyPatch, username: str) -> None:
    codes: list[str] = []
    monkeypatch.setattr("fedtui.commands.accounts.open_in_browser",
                        browser_that_approves(username, codes))
    monkeypatch.setattr("builtins.input", lambda prompt="": codes[-1])
    assert main(["login", mock_server.base_url]) == 0


def test_login_saves_the_token_in_the_keyring_only(mock_server: Any,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    login(mock_server, monkeypatch, "bob")
    assert "Logged in as @bob@127.0.0.1" in capsys.readouterr().err
    store = AccountStore()
    [saved] = store.list()
    assert saved.acct == "bob" and saved.is_default
    token = store.token(saved.key)
    assert token
    accounts_json = paths.accounts_file().read_text("utf-8")
    assert token not in accounts_json and "bob" in json.dumps(json.loads(accounts_json))
    ref = resolve_account(None)
    assert ref is not None and ref.token == token


def test_accounts_lists_switches_and_removes(mock_server: Any, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    login(mock_server, monkeypatch, "bob")
    login(mock_server, monkeypatch, "carol")
    capsys.readouterr()
    assert main(["accounts", "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    host = mock_server.base_url.split("://")[1]
    assert any(line.startswith(f"* bob@{host}  ({mock_server.base_url}; token in a plain-text "
                               "file") for line in listing)
    assert main(["accounts", "default", f"carol@{host}"]) == 0
    assert resolve_account(None).acct == "carol"  # type: ignore[union-attr]
    assert main(["accounts", "remove", f"carol@{host}"]) == 0
    assert [a.acct for a in AccountStore().list()] == ["bob"]
    assert main(["accounts", "remove", f"nobody@{host}"]) == 1


def test_environment_account_wins_and_stores_nothing(mock_server: Any,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     isolated_home: Path) -> None:
    monkeypatch.setenv("FEDTUI_INSTANCE", mock_server.base_url)
    monkeypatch.setenv("FEDTUI_TOKEN", "alice_token")
    ref = resolve_account(None)
    assert ref is not None and ref.token == "alice_token"
    assert AccountStore().list() == []
    assert not any("alice_token" in p.read_text("utf-8", "replace")
                   for p in isolated_home.rglob("*") if p.is_file())


async def test_login_screen_logs_in_and_opens_the_panes(mock_server: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    codes: list[str] = []
    monkeypatch.setattr("fedtui.ui.screens.login.open_in_window",
                        browser_that_approves("carol", codes))
    app = FedtuiApp(build_context(default_config({}), None))
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in_on_screen(pilot, mock_server.base_url, codes)
        assert pilot.app.context.account.acct == "carol"
    assert [a.acct for a in AccountStore().list()] == ["carol"]


async def test_login_screen_shows_the_address_when_no_browser_window_can_open(
        mock_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over SSH or headless: no console browser over the App; the user opens the address."""
    launched: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: launched.append(url) or True)
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    app = FedtuiApp(build_context(default_config({}), None))
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.click("#instance")
        await pilot.press(*mock_server.base_url, "enter")
        status = pilot.app.screen.query_one("#login-url")
        await wait_for(pilot, lambda: "/oauth/authorize?" in str(status.render()))
        said = str(status.render())
        assert "open this address in a browser" in said and launched == []
        url = said.splitlines()[-1].strip()  # the user opens it on another machine
        code = pasted_code(approve_in_browser(url, "carol"))
        await pilot.press(*code, "enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    assert [a.acct for a in AccountStore().list()] == ["carol"]


def test_wipe_deletes_the_cache_and_with_all_the_accounts(mock_server: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from fedtui.store.db import Database

    login(mock_server, monkeypatch, "bob")
    Database(paths.db_path()).close()
    assert paths.db_path().exists()
    assert main(["wipe", "--yes"]) == 0
    assert not paths.db_path().exists()
    assert [a.acct for a in AccountStore().list()] == ["bob"]
    assert main(["wipe", "--all", "--yes"]) == 0
    assert AccountStore().list() == []
