"""fedtui.store.accounts: keyring-backed accounts, the non-secret list, env accounts."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, NoKeyringError, PasswordSetError

from fedtui import paths
from fedtui.errors import AuthError, ConfigError, SecretStoreError, StoreError
from fedtui.store.accounts import (
    AccountStore,
    SavedAccount,
    account_key,
    env_account,
    normalize_instance_url,
)
from fedtui.store.secrets import SERVICE, SecretStore

TOKEN = "tok-4f1b9c2e-very-secret-d00d"
TOKEN_B = "tok-b0b-another-secret-7777"


@pytest.fixture(autouse=True)
def restore_keyring() -> Iterator[None]:
    """Tests that swap the global keyring backend put the configured one back."""
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def test_the_tests_use_the_plaintext_file_keyring() -> None:
    assert type(keyring.get_keyring()).__name__ == "PlaintextKeyring"


def test_add_list_default_token() -> None:
    store = AccountStore()
    assert store.list() == []
    assert store.default() is None
    saved = store.add("https://Example.Social/", "@alice", TOKEN)
    assert saved == SavedAccount("https://example.social", "alice", is_default=True)
    assert saved.key == "alice@example.social"
    assert saved.handle == "@alice@example.social"
    store.add("http://127.0.0.1:3000", "bob", TOKEN_B)
    assert [(a.key, a.is_default) for a in store.list()] == [
        ("alice@example.social", True),
        ("bob@127.0.0.1:3000", False),
    ]
    assert store.token("alice@example.social") == TOKEN
    assert store.token("@bob@127.0.0.1:3000") == TOKEN_B
    assert keyring.get_password(SERVICE, "alice@example.social") == TOKEN


def test_the_list_survives_a_new_store_object() -> None:
    AccountStore().add("example.social", "alice", TOKEN)
    again = AccountStore()
    assert again.list() == [SavedAccount("https://example.social", "alice", True)]
    assert again.token("alice@example.social") == TOKEN


def test_set_default() -> None:
    store = AccountStore()
    store.add("https://a.example", "alice", TOKEN)
    store.add("https://b.example", "bob", TOKEN_B)
    store.set_default("bob@b.example")
    default = store.default()
    assert default is not None and default.key == "bob@b.example"
    with pytest.raises(StoreError, match=r"no saved account 'carol@c\.example'"):
        store.set_default("carol@c.example")


def test_add_can_make_default_and_updates_in_place() -> None:
    store = AccountStore()
    store.add("https://a.example", "alice", TOKEN)
    store.add("https://b.example", "bob", "old", make_default=True)
    store.add("https://b.example", "Bob", TOKEN_B)
    assert [a.key for a in store.list()] == ["alice@a.example", "bob@b.example"]
    assert store.token("bob@b.example") == TOKEN_B
    default = store.default()
    assert default is not None and default.key == "bob@b.example"


def test_remove_deletes_the_keyring_entry_and_moves_the_default() -> None:
    store = AccountStore()
    store.add("https://a.example", "alice", TOKEN)
    store.add("https://b.example", "bob", TOKEN_B)
    store.remove("alice@a.example")
    assert keyring.get_password(SERVICE, "alice@a.example") is None
    assert store.list() == [SavedAccount("https://b.example", "bob", True)]
    with pytest.raises(AuthError, match="log in again"):
        store.token("alice@a.example")
    store.remove("bob@b.example")
    assert store.list() == []
    assert store.default() is None
    with pytest.raises(StoreError):
        store.remove("bob@b.example")


def test_remove_when_the_token_is_already_gone() -> None:
    store = AccountStore()
    store.add("https://a.example", "alice", TOKEN)
    keyring.delete_password(SERVICE, "alice@a.example")
    store.remove("alice@a.example")
    assert store.list() == []


def test_token_never_lands_in_fedtui_files(isolated_home: Path) -> None:
    from fedtui.store.cache import TimelineCache
    from fedtui.store.db import Database

    store = AccountStore()
    store.add("https://a.example", "alice", TOKEN)
    store.add("https://b.example", "bob", TOKEN_B, make_default=True)
    with Database() as db:
        TimelineCache(db).save_layout("alice@a.example", [])
    keyring_file = Path(keyring.get_keyring().file_path)  # type: ignore[attr-defined]
    assert keyring_file.exists()
    checked = 0
    for root in (paths.config_dir(), paths.data_dir(), paths.cache_dir(), paths.state_dir(),
                 isolated_home):
        for path in root.rglob("*"):
            if path.is_file() and path != keyring_file:
                data = path.read_bytes()
                assert TOKEN.encode() not in data, path
                assert TOKEN_B.encode() not in data, path
                checked += 1
    assert checked >= 2  # accounts.json and the database at least
    listed = json.loads(paths.accounts_file().read_text())
    assert "token" not in json.dumps(listed).lower()


def test_accounts_file_is_owner_only() -> None:
    AccountStore().add("https://a.example", "alice", TOKEN)
    assert stat.S_IMODE(paths.accounts_file().stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.data_dir().stat().st_mode) == 0o700


def test_unreadable_account_list_is_a_clear_error() -> None:
    paths.ensure_dir(paths.data_dir())
    paths.accounts_file().write_text("{oops")
    with pytest.raises(StoreError, match="could not be read"):
        AccountStore().list()
    paths.accounts_file().write_text('["not", "ours"]')
    with pytest.raises(StoreError, match="not in fedtui's format"):
        AccountStore().list()


def test_bad_entries_in_the_list_are_skipped() -> None:
    paths.ensure_dir(paths.data_dir())
    paths.accounts_file().write_text(json.dumps({
        "version": 1, "default": "alice@a.example",
        "accounts": [{"instance_url": "https://a.example", "acct": "alice"}, "junk",
                     {"instance_url": 5, "acct": "x"}, {"instance_url": "ftp://x", "acct": "y"}],
    }))
    assert AccountStore().list() == [SavedAccount("https://a.example", "alice", True)]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mastodon.social", "https://mastodon.social"),
        ("https://Mastodon.Social/", "https://mastodon.social"),
        ("http://127.0.0.1:4000", "http://127.0.0.1:4000"),
        ("  https://example.com/sub/  ", "https://example.com/sub"),
    ],
)
def test_normalize_instance_url(url: str, expected: str) -> None:
    assert normalize_instance_url(url) == expected


@pytest.mark.parametrize("url", ["ftp://x.example", "https://", "https://u@x.example", "a:b:c"])
def test_bad_instance_urls(url: str) -> None:
    with pytest.raises(ValueError):
        normalize_instance_url(url)
    with pytest.raises(StoreError):
        AccountStore().add(url, "alice", TOKEN)


def test_account_key() -> None:
    assert account_key("https://Example.social", "@Alice@example.social") == "alice@example.social"
    with pytest.raises(StoreError):
        account_key("https://example.social", "  ")


def test_empty_token_is_refused() -> None:
    with pytest.raises(AuthError):
        AccountStore().add("https://a.example", "alice", "")


# --- keyring failures --------------------------------------------------------------------


class LockedKeyring(KeyringBackend):
    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class BrokenKeyring(LockedKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise NoKeyringError("No recommended backend was available.")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("refused")


def test_locked_keyring_is_a_secret_store_error() -> None:
    store = AccountStore()
    store.add("https://a.example", "alice", TOKEN)
    keyring.set_keyring(LockedKeyring())  # type: ignore[no-untyped-call]
    for call in (lambda: store.token("alice@a.example"),
                 lambda: store.add("https://b.example", "bob", TOKEN_B),
                 lambda: store.remove("alice@a.example")):
        with pytest.raises(SecretStoreError) as info:
            call()
        message = str(info.value)
        assert "keyring is locked" in message
        assert "FEDTUI_INSTANCE/FEDTUI_TOKEN" in message
    # nothing was half-done: the list is unchanged and holds no token
    assert [a.key for a in store.list()] == ["alice@a.example"]


def test_missing_keyring_and_backend_errors() -> None:
    keyring.set_keyring(BrokenKeyring())  # type: ignore[no-untyped-call]
    store = AccountStore()
    with pytest.raises(SecretStoreError, match="No usable OS keyring") as info:
        store.token("alice@a.example")
    assert "FEDTUI_INSTANCE/FEDTUI_TOKEN" in str(info.value)
    with pytest.raises(SecretStoreError, match="could not save the token") as info:
        store.add("https://a.example", "alice", TOKEN)
    assert TOKEN not in str(info.value)
    assert store.list() == []


def test_injected_backend() -> None:
    backend = LockedKeyring()  # type: ignore[no-untyped-call]
    store = AccountStore(secrets=SecretStore(backend=backend))
    with pytest.raises(SecretStoreError, match="locked"):
        store.add("https://a.example", "alice", TOKEN)


# --- environment account -----------------------------------------------------------------


def test_env_account() -> None:
    assert env_account({}) is None
    assert env_account({"FEDTUI_INSTANCE": " ", "FEDTUI_TOKEN": ""}) is None
    assert env_account({"FEDTUI_INSTANCE": "example.social/", "FEDTUI_TOKEN": "t"}) == (
        "https://example.social",
        "t",
    )
    with pytest.raises(ConfigError, match="FEDTUI_TOKEN is set but FEDTUI_INSTANCE is not"):
        env_account({"FEDTUI_TOKEN": "t"})
    with pytest.raises(ConfigError, match="FEDTUI_INSTANCE is set but FEDTUI_TOKEN is not"):
        env_account({"FEDTUI_INSTANCE": "example.social"})
    with pytest.raises(ConfigError, match="FEDTUI_INSTANCE"):
        env_account({"FEDTUI_INSTANCE": "ftp://x", "FEDTUI_TOKEN": "t"})


def test_env_account_reads_os_environ_and_stores_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FEDTUI_INSTANCE", "https://example.social")
    monkeypatch.setenv("FEDTUI_TOKEN", TOKEN)
    assert env_account() == ("https://example.social", TOKEN)
    assert not paths.data_dir().exists()
    assert AccountStore().list() == []
