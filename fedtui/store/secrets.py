"""Access tokens in the OS keyring (service "fedtui", user "acct@instance").

Every keyring failure becomes `SecretStoreError` with a sentence the user can act on.
The backend is looked up on each call, so `keyring.set_keyring` takes effect at once.
keyring is imported on first use: a run with FEDTUI_INSTANCE/FEDTUI_TOKEN never loads it.

`where()` names the place a token goes ("the macOS Keychain"). Backends that would keep
it readable by anyone who can read the file (keyrings.alt's, keyring's `null` and `fail`)
are refused when saving, with a sentence offering `--encrypted-file`; tests and
throwaway machines may allow keyrings.alt's plain-text file with `ALLOW_PLAINTEXT_ENV=1`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

from fedtui.errors import SecretStoreError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "fedtui"
ALLOW_PLAINTEXT_ENV = "FEDTUI_ALLOW_PLAINTEXT_KEYRING"
_FALLBACK = "use FEDTUI_INSTANCE/FEDTUI_TOKEN"
_ENCRYPTED = "log in with `fedtui login INSTANCE --encrypted-file` to keep it in a file " \
             "protected by a passphrase"

#: Keyring backends by "module.Class": where they keep secrets.
_KNOWN = {
    "keyring.backends.SecretService.Keyring": "the Secret Service keyring (GNOME Keyring "
                                              "or KWallet)",
    "keyring.backends.libsecret.Keyring": "the Secret Service keyring (libsecret)",
    "keyring.backends.kwallet.DBusKeyring": "KWallet",
    "keyring.backends.kwallet.DBusKeyringKWallet4": "KWallet",
    "keyring.backends.macOS.Keyring": "the macOS Keychain",
    "keyring.backends.Windows.WinVaultKeyring": "the Windows Credential Locker",
}


def _name(backend: Any) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def describe(backend: Any, environ: Mapping[str, str] | None = None) -> tuple[str, str | None]:
    """(where a token goes, why it must not go there or None) for a keyring backend."""
    env = os.environ if environ is None else environ
    name = _name(backend)
    if name == "keyring.backends.chainer.ChainerBackend":
        chain = list(getattr(backend, "backends", []))
        if not chain:
            return "nowhere", f"No usable OS keyring was found; {_ENCRYPTED}, or {_FALLBACK}."
        return describe(chain[0], env)
    if name in _KNOWN:
        return _KNOWN[name], None
    if name in ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"):
        return "nowhere", f"No usable OS keyring was found; {_ENCRYPTED}, or {_FALLBACK}."
    if name.startswith("keyrings.alt."):
        path = getattr(backend, "file_path", None)
        place = f"{type(backend).__name__} of keyrings.alt" + (f" ({path})" if path else "")
        if name == "keyrings.alt.file.PlaintextKeyring" and env.get(ALLOW_PLAINTEXT_ENV) == "1":
            return f"a plain-text file {path}, NOT encrypted ({ALLOW_PLAINTEXT_ENV}=1)", None
        return place, (f"The keyring backend is {place}, which does not keep tokens safe "
                       f"from anyone who can read your files; {_ENCRYPTED}, or {_FALLBACK}.")
    return f"the keyring backend {name}", None
LOCKED_MESSAGE = f"The OS keyring is locked; unlock it or {_FALLBACK}."


@contextmanager
def _keyring_errors(action: str) -> Iterator[None]:
    from keyring.errors import InitError, KeyringLocked, NoKeyringError

    try:
        yield
    except KeyringLocked:
        raise SecretStoreError(LOCKED_MESSAGE) from None
    except (NoKeyringError, InitError) as exc:
        raise SecretStoreError(
            f"No usable OS keyring was found ({exc}); install or enable one (GNOME Keyring, "
            f"KWallet, macOS Keychain, Windows Credential Manager) or {_FALLBACK}."
        ) from None
    except Exception as exc:  # backends raise their own types (D-Bus, Keychain, ...)
        raise SecretStoreError(
            f"The OS keyring could not {action} ({type(exc).__name__}: {exc}); "
            f"check that it is running and unlocked, or {_FALLBACK}."
        ) from None


class SecretStore:
    """Tokens by account key, in `backend` (default: keyring's configured backend)."""

    def __init__(self, backend: KeyringBackend | None = None, service: str = SERVICE) -> None:
        self._backend = backend
        self.service = service

    @property
    def backend(self) -> KeyringBackend:
        with _keyring_errors("start"):
            if self._backend is not None:
                return self._backend
            import keyring

            return keyring.get_keyring()

    def where(self) -> str:
        """Where `set` puts a token, in words ("the macOS Keychain")."""
        return describe(self.backend)[0]

    def get(self, key: str) -> str | None:
        """The token stored for `key`, or None."""
        backend = self.backend
        with _keyring_errors("read the token"):
            return backend.get_password(self.service, key)

    def check(self) -> None:
        """SecretStoreError when `set` would refuse the backend (a login checks first)."""
        refused = describe(self.backend)[1]
        if refused:
            raise SecretStoreError(refused)

    def set(self, key: str, token: str) -> None:
        """Save `token`; SecretStoreError when the backend would not keep it safe."""
        self.check()
        backend = self.backend
        with _keyring_errors("save the token"):
            backend.set_password(self.service, key, token)

    def delete(self, key: str) -> None:
        """Delete the token for `key`; a missing token is not an error."""
        from keyring.errors import PasswordDeleteError

        if self.get(key) is None:
            return
        backend = self.backend
        with _keyring_errors("delete the token"), suppress(PasswordDeleteError):
            backend.delete_password(self.service, key)
