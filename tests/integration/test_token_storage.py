"""Where `fedtui login` puts a token, said exactly: plain-text keyrings are refused, the
encrypted file is chosen explicitly and opened with a passphrase at start-up."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import keyring
import pytest

from fedtui import paths
from fedtui.cli import main
from fedtui.errors import SecretStoreError
from fedtui.store.accounts import AccountStore
from fedtui.store.secrets import describe
from fedtui.store.tokenfile import EncryptedTokenFile
from tests.integration.test_cli_accounts import browser_that_approves

PASSPHRASE = "correct horse battery"


def login(mock_server: Any, monkeypatch: pytest.MonkeyPatch, *extra: str,
          stdin: str = "") -> int:
    codes: list[str] = []
    monkeypatch.setattr("fedtui.commands.accounts.open_in_browser",
                        browser_that_approves("bob", codes))
    monkeypatch.setattr("builtins.input", lambda prompt="": codes[-1])
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["login", mock_server.base_url, *extra])


def files_holding(home: Path, secret: str) -> list[Path]:
    return [p for p in home.rglob("*") if p.is_file()
            and secret in p.read_text("utf-8", "replace")]


def test_a_plain_text_keyring_is_refused_and_nothing_is_saved(
        mock_server: Any, monkeypatch: pytest.MonkeyPatch, isolated_home: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("FEDTUI_ALLOW_PLAINTEXT_KEYRING")
    assert login(mock_server, monkeypatch) == 1
    err = capsys.readouterr().err
    assert "PlaintextKeyring of keyrings.alt" in err and "--encrypted-file" in err
    assert "in your OS keyring" not in err
    assert AccountStore().list() == []


def test_an_allowed_plain_text_keyring_is_named_as_such(
        mock_server: Any, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert login(mock_server, monkeypatch) == 0
    keyring_file = keyring.get_keyring().file_path  # type: ignore[attr-defined]
    assert f"The token is in a plain-text file {keyring_file}, NOT encrypted" in (
        capsys.readouterr().err)


def test_the_encrypted_file_keeps_the_token_and_asks_at_start_up(
        mock_server: Any, monkeypatch: pytest.MonkeyPatch, isolated_home: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    twice = f"{PASSPHRASE}\n{PASSPHRASE}\n"
    assert login(mock_server, monkeypatch, "--encrypted-file", stdin=twice) == 0
    err = capsys.readouterr().err
    path = paths.encrypted_tokens_file()
    assert f"The token is in the encrypted file {path} (your passphrase opens it)." in err
    assert path.stat().st_mode & 0o077 == 0
    store = AccountStore(tokenfile=EncryptedTokenFile(lambda prompt, new: PASSPHRASE))
    [saved] = store.list()
    token = store.token(saved.key)
    assert files_holding(isolated_home, token) == []  # not in the keyring, not in clear

    started: list[Any] = []
    monkeypatch.setattr("fedtui.cli.run_app", lambda context: started.append(context) or 0)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"wrong one\n{PASSPHRASE}\n"))
    assert main([]) == 0
    assert started[0].account.token == token
    assert "Passphrase for" in capsys.readouterr().err

    before = path.read_bytes()
    monkeypatch.setattr("sys.stdin", io.StringIO("no\nnot this\nnor this\n"))
    assert main([]) == 1
    err = capsys.readouterr().err
    assert "The passphrase does not open" in err and "nothing was changed" in err
    assert path.read_bytes() == before and len(started) == 1


def test_a_new_passphrase_is_asked_twice(mock_server: Any, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    stdin = f"{PASSPHRASE}\nsomething else\n"
    assert login(mock_server, monkeypatch, "--encrypted-file", stdin=stdin) == 1
    assert "The two passphrases differ; nothing was saved." in capsys.readouterr().err
    assert not paths.encrypted_tokens_file().exists()
    assert AccountStore().list() == []


@pytest.mark.parametrize(("extra", "stdin", "said"), [
    ([], "", "PlaintextKeyring of keyrings.alt"),
    (["--encrypted-file"], "short\nshort\n", "at least 8 characters"),
    (["--encrypted-file"], f"{PASSPHRASE}\nsomething else\n", "The two passphrases differ"),
])
def test_login_checks_where_the_token_goes_before_the_browser_opens(
        mock_server: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        extra: list[str], stdin: str, said: str) -> None:
    monkeypatch.delenv("FEDTUI_ALLOW_PLAINTEXT_KEYRING")
    assert login(mock_server, monkeypatch, *extra, stdin=stdin) == 1
    err = capsys.readouterr().err
    assert said in err and "Open this address" not in err
    assert AccountStore().list() == []


class Named:
    """A stand-in with the class path of a keyring backend."""


@pytest.mark.parametrize(("module", "name", "where", "refused"), [
    ("keyring.backends.macOS", "Keyring", "the macOS Keychain", False),
    ("keyring.backends.Windows", "WinVaultKeyring", "the Windows Credential Locker", False),
    ("keyring.backends.SecretService", "Keyring", "the Secret Service keyring", False),
    ("keyring.backends.fail", "Keyring", "nowhere", True),
    ("keyring.backends.null", "Keyring", "nowhere", True),
    ("keyrings.alt.file", "EncryptedKeyring", "EncryptedKeyring of keyrings.alt", True),
    ("some.vendor", "Vault", "the keyring backend some.vendor.Vault", False),
])
def test_each_backend_is_named_and_unsafe_ones_refused(module: str, name: str, where: str,
                                                       refused: bool) -> None:
    backend_type = type(name, (Named,), {"__module__": module})
    backend_type.__qualname__ = name
    said, refusal = describe(backend_type(), {})
    assert said.startswith(where) and (refusal is not None) is refused


def test_the_token_file_refuses_a_corrupt_file_and_keeps_it(isolated_home: Path) -> None:
    path = paths.encrypted_tokens_file()
    path.parent.mkdir(parents=True)
    path.write_text("{not json", "utf-8")
    tokens = EncryptedTokenFile(lambda prompt, new: PASSPHRASE)
    with pytest.raises(SecretStoreError, match="could not be read"):
        tokens.get("bob@example.social")
    assert path.read_text("utf-8") == "{not json"


@pytest.mark.parametrize("change", [{"n": 3}, {"n": "x"}, {"n": None}, {"n": 2**40},
                                    {"r": 0}, {"p": -1}, {"p": True}, {"r": 10**30}])
def test_the_token_file_refuses_damaged_scrypt_parameters_and_keeps_it(
        isolated_home: Path, change: dict[str, Any]) -> None:
    import json

    EncryptedTokenFile(lambda prompt, new: PASSPHRASE).set("bob@example.social", "TOKEN")
    path = paths.encrypted_tokens_file()
    damaged = json.dumps({**json.loads(path.read_text("utf-8")), **change})
    path.write_text(damaged, "utf-8")
    tokens = EncryptedTokenFile(lambda prompt, new: PASSPHRASE)
    with pytest.raises(SecretStoreError, match=r"could not be read .* left as it is"):
        tokens.get("bob@example.social")
    assert path.read_text("utf-8") == damaged


@pytest.mark.parametrize("allowed", [False, True])
async def test_the_login_screen_says_where_the_token_went_or_why_not(
        mock_server: Any, monkeypatch: pytest.MonkeyPatch, allowed: bool) -> None:
    from fedtui.cli import build_context
    from fedtui.config import default_config
    from fedtui.ui.app import FedtuiApp
    from fedtui.ui.screens.home import HomeScreen
    from tests.ui.conftest import wait_for

    if not allowed:
        monkeypatch.delenv("FEDTUI_ALLOW_PLAINTEXT_KEYRING")
    codes: list[str] = []
    monkeypatch.setattr("fedtui.ui.screens.login.open_in_window",
                        browser_that_approves("carol", codes))
    app = FedtuiApp(build_context(default_config({}), None))
    said: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
        await pilot.click("#instance")
        await pilot.press(*mock_server.base_url, "enter")
        if allowed:
            await wait_for(pilot, lambda: bool(codes)
                           and pilot.app.screen.query_one("#code").display)
            await pilot.press(*codes[0], "enter")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen) and bool(said))
            assert said[-1].startswith("Logged in. The token is in a plain-text file ")
        else:  # said before the browser opens: no approval is thrown away
            status = pilot.app.screen.query_one("#login-url")
            await wait_for(pilot, lambda: "Cannot log in here" in str(status.render()))
            assert "PlaintextKeyring of keyrings.alt" in str(status.render()) and not codes
    assert [a.acct for a in AccountStore().list()] == (["carol"] if allowed else [])


def test_wipe_all_destroys_the_encrypted_file_without_its_passphrase(
        mock_server: Any, monkeypatch: pytest.MonkeyPatch, isolated_home: Path) -> None:
    twice = f"{PASSPHRASE}\n{PASSPHRASE}\n"
    assert login(mock_server, monkeypatch, "--encrypted-file", stdin=twice) == 0
    assert paths.encrypted_tokens_file().exists()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # nothing to answer with
    assert main(["wipe", "--all", "--yes"]) == 0
    assert not paths.encrypted_tokens_file().exists() and AccountStore().list() == []
