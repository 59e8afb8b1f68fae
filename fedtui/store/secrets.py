"""Access tokens in the OS keyring (service "fedtui", user "acct@instance").

Every keyring failure becomes `SecretStoreError` with a sentence the user can act on.
The backend is looked up on each call, so `keyring.set_keyring` takes effect at once.
keyring is imported on first use: a run with FEDTUI_INSTANCE/FEDTUI_TOKEN never loads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

from fedtui.errors import SecretStoreError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "fedtui"
_FALLBACK = "use FEDTUI_INSTANCE/FEDTUI_TOKEN"
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

    def get(self, key: str) -> str | None:
        """The token stored for `key`, or None."""
        backend = self.backend
        with _keyring_errors("read the token"):
            return backend.get_password(self.service, key)

    def set(self, key: str, token: str) -> None:
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
