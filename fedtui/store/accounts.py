"""Saved accounts: the non-secret list in a JSON file, the tokens in the OS keyring or,
for accounts saved with `encrypted=True`, in a passphrase-protected file.

`accounts.json` (mode 0o600, in the data dir) holds instance URLs, usernames, where each
token is (`"token_store": "encrypted-file"`, else the keyring) and which account is the
default; never a token. `env_account` reads FEDTUI_INSTANCE/FEDTUI_TOKEN for a session
that stores nothing.
"""

from __future__ import annotations

import builtins
import json
import os
import threading
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fedtui import paths
from fedtui.errors import AuthError, ConfigError, SecretStoreError, StoreError
from fedtui.store.secrets import SecretStore
from fedtui.store.tokenfile import EncryptedTokenFile

ENCRYPTED_FILE = "encrypted-file"

ENV_INSTANCE = "FEDTUI_INSTANCE"
ENV_TOKEN = "FEDTUI_TOKEN"
_FORMAT_VERSION = 1


def normalize_instance_url(url: str) -> str:
    """`mastodon.social/` -> `https://mastodon.social`; ValueError when not an http(s) URL."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ValueError(f"{url!r} is not an instance address") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        raise ValueError(f"{url!r} is not an instance address such as https://mastodon.social")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def _username(acct: str) -> str:
    name = acct.strip().lstrip("@").partition("@")[0]
    if not name or any(c.isspace() or c == "/" for c in name):
        raise StoreError(f"{acct!r} is not a username such as 'alice' or 'alice@example.social'.")
    return name


def account_key(instance_url: str, acct: str) -> str:
    """The stable id of an account, "acct@host[:port]" in lower case (the keyring user)."""
    try:
        netloc = urlsplit(normalize_instance_url(instance_url)).netloc
    except ValueError as exc:
        raise StoreError(f"{exc}.") from None
    return f"{_username(acct)}@{netloc}".lower()


@dataclass(frozen=True, slots=True)
class SavedAccount:
    instance_url: str
    acct: str  # the username on that instance, without "@instance"
    is_default: bool = False

    @property
    def key(self) -> str:
        return account_key(self.instance_url, self.acct)

    @property
    def handle(self) -> str:
        """"@alice@example.social", for display."""
        return f"@{self.acct}@{urlsplit(self.instance_url).netloc}"


def no_prompt(prompt: str, new: bool) -> str:
    """An `Ask` that refuses: for when no terminal can take a passphrase."""
    raise SecretStoreError("The encrypted token file is locked and this command cannot ask "
                           "its passphrase; restart fedtui from a terminal to enter it.")


def env_account(environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """(instance_url, token) from FEDTUI_INSTANCE and FEDTUI_TOKEN; None when neither is set."""
    env = os.environ if environ is None else environ
    instance = env.get(ENV_INSTANCE, "").strip()
    token = env.get(ENV_TOKEN, "").strip()
    if not instance and not token:
        return None
    if not instance or not token:
        missing = ENV_INSTANCE if not instance else ENV_TOKEN
        present = ENV_TOKEN if not instance else ENV_INSTANCE
        raise ConfigError(f"{present} is set but {missing} is not; set both or neither.")
    try:
        return normalize_instance_url(instance), token
    except ValueError as exc:
        raise ConfigError(f"{ENV_INSTANCE}: {exc}.") from None


class AccountStore:
    """Accounts in `path` (default: `paths.accounts_file()`), tokens in `secrets` or in
    `tokenfile` (it asks its passphrase when first needed)."""

    def __init__(self, path: Path | None = None, secrets: SecretStore | None = None,
                 tokenfile: EncryptedTokenFile | None = None) -> None:
        self.path = path if path is not None else paths.accounts_file()
        self.secrets = secrets if secrets is not None else SecretStore()
        self.tokenfile = tokenfile if tokenfile is not None else EncryptedTokenFile(no_prompt)
        self._lock = threading.RLock()

    def add(
        self, instance_url: str, acct: str, token: str, *, make_default: bool = False,
        encrypted: bool | None = None,
    ) -> SavedAccount:
        """Save (or update) an account; the first account becomes the default. The token
        goes to the encrypted file when `encrypted`, to the keyring when False, and when
        None where the account's token already is (the keyring for a new account). A token
        moved is deleted from where it was."""
        if not token:
            raise AuthError("The server returned an empty access token; log in again.")
        key = account_key(instance_url, acct)
        entry = {"instance_url": normalize_instance_url(instance_url), "acct": _username(acct)}
        with self._lock:
            default, entries = self._read()
            was = self._encrypted(key)
            if encrypted is None:
                encrypted = was
            if encrypted:
                entry["token_store"] = ENCRYPTED_FILE
                self.tokenfile.set(key, token)
                with suppress(SecretStoreError):  # no second copy left in the keyring
                    self.secrets.delete(key)
            else:
                if was:
                    self.tokenfile.unlock()  # before the move: a wrong passphrase changes nothing
                self.secrets.set(key, token)
                if was:
                    self.tokenfile.delete(key)
            entries = [e for e in entries if self._key(e) != key] + [entry]
            if make_default or default not in {self._key(e) for e in entries}:
                default = key
            self._write(default, entries)
        return SavedAccount(entry["instance_url"], entry["acct"], is_default=default == key)

    def check_before_login(self, instance_url: str, encrypted: bool | None = None, *,
                           new_file: bool = False) -> None:
        """What `add` would refuse once the user approved in the browser, checked before:
        the encrypted file opened (a new one's passphrase chosen and confirmed) when the
        token goes there or may move from there, else the keyring usable. `new_file`: a new
        passphrase for a file that replaces the old one, unread, when the token is saved."""
        instance = normalize_instance_url(instance_url)
        with self._lock:
            _, entries = self._read()
        on_file = any(e["instance_url"] == instance and e.get("token_store") == ENCRYPTED_FILE
                      for e in entries)
        if new_file:
            self.tokenfile.start_new()
        elif encrypted or on_file:
            self.tokenfile.unlock()
        if encrypted is False or (encrypted is None and not on_file):
            self.secrets.check()

    def forget_lost_tokens(self) -> builtins.list[str]:
        """Forget the accounts whose token the (new) encrypted file does not hold; their
        keys. Call after `add` saved a token in a file started with `new_file`."""
        with self._lock:
            default, entries = self._read()
            lost = [self._key(e) for e in entries if e.get("token_store") == ENCRYPTED_FILE
                    and self.tokenfile.get(self._key(e)) is None]
            entries = [e for e in entries if self._key(e) not in lost]
            if default in lost:
                default = self._key(entries[0]) if entries else None
            self._write(default, entries)
        return lost

    def token_store_of(self, key: str) -> bool | None:
        """True when the saved account keeps its token in the encrypted file, False when in
        the keyring, None when no such account is saved."""
        wanted = self._normal_key(key)
        with self._lock:
            _, entries = self._read()
        for e in entries:
            if self._key(e) == wanted:
                return e.get("token_store") == ENCRYPTED_FILE
        return None

    def list(self) -> builtins.list[SavedAccount]:
        """Saved accounts in the order they were added."""
        with self._lock:
            default, entries = self._read()
        return [
            SavedAccount(e["instance_url"], e["acct"], is_default=self._key(e) == default)
            for e in entries
        ]

    def get(self, key: str) -> SavedAccount:
        """The saved account with this key ("alice@example.social" or a handle)."""
        wanted = self._normal_key(key)
        for account in self.list():
            if account.key == wanted:
                return account
        known = ", ".join(a.key for a in self.list()) or "none"
        raise StoreError(f"There is no saved account {key!r} (saved accounts: {known}).")

    def default(self) -> SavedAccount | None:
        return next((a for a in self.list() if a.is_default), None)

    def set_default(self, key: str) -> None:
        with self._lock:
            account = self.get(key)
            _, entries = self._read()
            self._write(account.key, entries)

    def where(self, key: str) -> str:
        """Where the account's token is kept, in words."""
        if self._encrypted(self._normal_key(key)):
            return self.tokenfile.where
        return self.secrets.where()

    def uses_tokenfile(self) -> bool:
        """Whether any saved account keeps its token in the encrypted file."""
        with self._lock:
            _, entries = self._read()
        return any(e.get("token_store") == ENCRYPTED_FILE for e in entries)

    def remove(self, key: str) -> None:
        """Forget an account and delete its token from where it is kept."""
        with self._lock:
            account = self.get(key)
            if self._encrypted(account.key):
                self.tokenfile.delete(account.key)
            else:
                self.secrets.delete(account.key)
            default, entries = self._read()
            entries = [e for e in entries if self._key(e) != account.key]
            if default == account.key:
                default = self._key(entries[0]) if entries else None
            self._write(default, entries)

    def forget_all(self) -> builtins.list[str]:
        """Forget every account: keyring tokens deleted, the encrypted file removed whole
        (no passphrase needed to destroy it). A token the keyring would not delete does not
        stop the rest: returns the accounts whose token is left in the keyring."""
        left: builtins.list[str] = []
        with self._lock:
            for account in self.list():
                if not self._encrypted(account.key):
                    try:
                        self.secrets.delete(account.key)
                    except SecretStoreError:
                        left.append(account.key)
            self.tokenfile.path.unlink(missing_ok=True)
            self._write(None, [])
        return left

    def token(self, key: str) -> str:
        """The account's token from the keyring; AuthError when none is stored."""
        wanted = self._normal_key(key)
        encrypted = self._encrypted(wanted)
        token = self.tokenfile.get(wanted) if encrypted else self.secrets.get(wanted)
        if not token:
            where = self.tokenfile.where if encrypted else "the OS keyring"
            raise AuthError(f"No access token for {wanted} is stored in {where}; log in again.")
        return token

    def _encrypted(self, key: str) -> bool:
        with self._lock:
            _, entries = self._read()
        return any(self._key(e) == key and e.get("token_store") == ENCRYPTED_FILE
                   for e in entries)

    # --- the JSON file -----------------------------------------------------------------

    @staticmethod
    def _key(entry: Mapping[str, str]) -> str:
        return account_key(entry["instance_url"], entry["acct"])

    @staticmethod
    def _normal_key(key: str) -> str:
        name, _, host = key.strip().lstrip("@").partition("@")
        return f"{name}@{host}".lower() if host else key.strip().lower()

    def _read(self) -> tuple[str | None, builtins.list[dict[str, str]]]:
        try:
            data: Any = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None, []
        except (OSError, ValueError) as exc:
            raise StoreError(
                f"The account list {self.path} could not be read ({exc}); fix or delete it "
                "and log in again (tokens stay in the OS keyring)."
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("accounts"), builtins.list):
            raise StoreError(
                f"The account list {self.path} is not in fedtui's format; fix or delete it "
                "and log in again (tokens stay in the OS keyring)."
            )
        entries: builtins.list[dict[str, str]] = []
        for item in data["accounts"]:
            if not isinstance(item, dict):
                continue
            url, acct = item.get("instance_url"), item.get("acct")
            if isinstance(url, str) and isinstance(acct, str):
                try:
                    account_key(url, acct)
                except StoreError:
                    continue
                entry = {"instance_url": url, "acct": acct}
                if item.get("token_store") == ENCRYPTED_FILE:
                    entry["token_store"] = ENCRYPTED_FILE
                entries.append(entry)
        default = data.get("default")
        return (default if isinstance(default, str) else None), entries

    def _write(self, default: str | None, entries: builtins.list[dict[str, str]]) -> None:
        data = {"version": _FORMAT_VERSION, "default": default, "accounts": entries}
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            paths.ensure_dir(self.path.parent)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StoreError(
                f"The account list {self.path} could not be saved: {exc.strerror}."
            ) from None
