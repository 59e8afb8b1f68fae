"""Logging in again keeps an account's token where it lives (the keyring or the encrypted
file); `--keyring` and `--encrypted-file` move it, say so and leave no copy behind."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import keyring
import pytest

from fedtui import paths
from fedtui.cli import build_context, main
from fedtui.config import default_config
from fedtui.store.accounts import AccountStore
from fedtui.store.tokenfile import EncryptedTokenFile
from fedtui.ui.app import FedtuiApp
from tests.integration.test_cli_accounts import browser_that_approves, log_in_on_screen
from tests.integration.test_token_storage import PASSPHRASE, login

TWICE = f"{PASSPHRASE}\n{PASSPHRASE}\n"


def in_file(key: str) -> str | None:
    return EncryptedTokenFile(lambda prompt, new: PASSPHRASE).get(key)


def in_keyring(key: str) -> str | None:
    return keyring.get_keyring().get_password("fedtui", key)


def saved_bob(store: AccountStore) -> tuple[str, str]:
    [saved] = store.list()
    return saved.key, store.token(saved.key)


def test_logging_in_again_keeps_the_token_in_the_encrypted_file(
        mock_server: Any, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert login(mock_server, monkeypatch, "--encrypted-file", stdin=TWICE) == 0
    key, old = saved_bob(AccountStore(tokenfile=EncryptedTokenFile(lambda p, n: PASSPHRASE)))
    capsys.readouterr()
    assert login(mock_server, monkeypatch, stdin=f"{PASSPHRASE}\n") == 0
    assert f"The token is in the encrypted file {paths.encrypted_tokens_file()}" in (
        capsys.readouterr().err)
    new = in_file(key)
    assert new and new != old and in_keyring(key) is None
    assert AccountStore(tokenfile=EncryptedTokenFile(lambda p, n: PASSPHRASE)).uses_tokenfile()


@pytest.mark.parametrize("first", [["--encrypted-file"], []])
def test_moving_the_token_says_so_and_leaves_no_copy(
        mock_server: Any, monkeypatch: pytest.MonkeyPatch, isolated_home: Path,
        capsys: pytest.CaptureFixture[str], first: list[str]) -> None:
    assert login(mock_server, monkeypatch, *first, stdin=TWICE) == 0
    key, old = saved_bob(AccountStore(tokenfile=EncryptedTokenFile(lambda p, n: PASSPHRASE)))
    capsys.readouterr()
    move = ["--keyring"] if first else ["--encrypted-file"]
    assert login(mock_server, monkeypatch, *move, stdin=TWICE) == 0
    err = capsys.readouterr().err
    was = str(paths.encrypted_tokens_file()) if first else "the OS keyring"
    assert f"It was moved from {was}, where no copy is left." in err
    if first:
        assert in_file(key) is None and in_keyring(key) not in (None, old)
    else:
        assert in_keyring(key) is None and in_file(key) not in (None, old)


async def test_log_in_again_in_the_app_keeps_the_encrypted_file(
        mock_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    store = AccountStore(tokenfile=EncryptedTokenFile(lambda p, n: PASSPHRASE))
    store.add(mock_server.base_url, "carol", "old-token", encrypted=True)
    store.tokenfile.unlock()  # as `run_client` does at start-up
    store.tokenfile.ask = lambda prompt, new: pytest.fail("asked in the App")
    codes: list[str] = []
    monkeypatch.setattr("fedtui.ui.screens.login.open_in_window",
                        browser_that_approves("carol", codes))
    app = FedtuiApp(build_context(default_config({}), None, accounts=store))
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in_on_screen(pilot, mock_server.base_url, codes)
    [saved] = store.list()
    assert in_file(saved.key) not in (None, "old-token") and in_keyring(saved.key) is None
    assert store.token_store_of(saved.key) is True


def test_a_forgotten_passphrase_is_replaced_by_a_new_file(
        mock_server: Any, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert login(mock_server, monkeypatch, "--encrypted-file", stdin=TWICE) == 0
    old_file = EncryptedTokenFile(lambda p, n: PASSPHRASE)
    AccountStore(tokenfile=old_file).add("https://example.social", "carol", "tok", encrypted=True)
    monkeypatch.setattr("sys.stdin", io.StringIO("forgot\nforgot it\nno idea\n"))
    assert main([]) == 1
    assert "--encrypted-file --new-file" in capsys.readouterr().err  # the way out, named

    fresh = "a brand new passphrase"
    assert login(mock_server, monkeypatch, "--encrypted-file", "--new-file",
                 stdin=f"{fresh}\n{fresh}\n") == 0
    err = capsys.readouterr().err
    assert "carol@example.social was forgotten: its token was in the old file" in err
    store = AccountStore(tokenfile=EncryptedTokenFile(lambda p, n: fresh))
    [saved] = store.list()
    assert saved.acct == "bob" and saved.is_default and store.token(saved.key)
    assert in_keyring(saved.key) is None


def test_new_file_goes_with_encrypted_file(mock_server: Any, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert login(mock_server, monkeypatch, "--new-file") == 1
    err = capsys.readouterr().err
    assert "give --encrypted-file too" in err and "Open this address" not in err
