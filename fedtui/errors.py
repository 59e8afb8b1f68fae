"""Errors fedtui shows to the user. Every message is a full sentence a person can act on."""

from __future__ import annotations


class FedtuiError(Exception):
    """Base class: `str(err)` is the user-facing message."""


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
    """The instance or the configured proxy could not be reached."""


class ProxyError(NetworkError):
    """The configured proxy refused or could not be reached; fedtui never falls back to direct."""


class SecretStoreError(FedtuiError):
    """The OS keyring is locked or unavailable."""


class StoreError(FedtuiError):
    """The local cache could not be read or written."""


class ModelUnavailable(FedtuiError):
    """The local model is missing, corrupt or too large for this machine."""
