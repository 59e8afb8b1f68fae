"""Errors fedtui shows to the user. Every message is a full sentence a person can act on.

Messages often quote a server ("HTTP 422: <its error text>"), so every message is sanitised
here, where errors are made: no error can carry an escape sequence, a control or a bidi
character to the screen, whichever code raised it.
"""

from __future__ import annotations

from fedtui.core.sanitize import clean_text


class FedtuiError(Exception):
    """Base class: `str(err)` is the user-facing message, sanitised."""

    def __init__(self, *args: object) -> None:
        super().__init__(*(clean_text(arg) if isinstance(arg, str) else arg for arg in args))

    def __str__(self) -> str:
        return clean_text(super().__str__())


class ConfigError(FedtuiError):
    """The config file has an unknown key or an invalid value."""


class ApiError(FedtuiError):
    """The instance answered with an error (4xx/5xx) or malformed data."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class RateLimited(ApiError):
    """HTTP 429: `retry_after` seconds until the server accepts requests again."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message, status=429)
        self.retry_after = retry_after


class AuthError(ApiError):
    """The token is missing, revoked or lacks a scope."""


class NetworkError(FedtuiError):
    """The instance or the configured proxy could not be reached. `failure` says how, in a
    word fedtui acts on: "refused", "dns", "tls", "tls-timeout", "connect-timeout",
    "timeout" (no answer in time), "reset", or "" when unknown."""

    def __init__(self, message: str, *, failure: str = "") -> None:
        super().__init__(message)
        self.failure = failure


class ProxyError(NetworkError):
    """The configured proxy refused or could not be reached; fedtui never falls back to direct."""


class SecretStoreError(FedtuiError):
    """The OS keyring is locked or unavailable."""


class StoreError(FedtuiError):
    """The local cache could not be read or written."""


class ModelUnavailable(FedtuiError):
    """The local model is missing, corrupt or too large for this machine."""


class Cancelled(FedtuiError):
    """The user ended a prompt's input (ctrl+d): nothing more is done."""
