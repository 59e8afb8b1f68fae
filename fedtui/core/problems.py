"""A failed first answer, said so a person can act on it: a few words for a pane's header
and one full line for its body (what failed, where, and the keys that fix it). Pure."""

from __future__ import annotations

from dataclasses import dataclass

from fedtui.errors import ApiError, AuthError, FedtuiError, NetworkError, ProxyError, RateLimited

#: The header's words per `NetworkError.failure`.
NETWORK_STATES = {
    "refused": "refused", "dns": "name not found", "tls": "TLS failed",
    "tls-timeout": "no TLS answer", "connect-timeout": "no connection",
    "timeout": "no answer", "reset": "connection cut",
}


@dataclass(frozen=True, slots=True)
class Problem:
    state: str  # the header's few words, after "offline: "
    line: str  # what failed and what to do, in full
    login: bool  # logging in again is the likely fix


def pane_problem(err: FedtuiError, *, retry_key: str, login_key: str) -> Problem:
    """How a pane says `err` (raised by its first request or a reload)."""
    retry = f"{retry_key} retries"
    login = f"{login_key} logs in again"
    if isinstance(err, AuthError):
        state = "token rejected" if err.status == 401 else "not allowed"
        return Problem(state, f"{err} Press {login_key} to log in again ({retry}).", True)
    if isinstance(err, RateLimited):
        state = f"rate limited (retry in {err.retry_after:.0f}s)"
        return Problem(state, f"{err} Press {retry_key} to retry after the wait.", False)
    if isinstance(err, ProxyError):
        return Problem("proxy down", f"{err} Press {retry_key} to retry.", False)
    if isinstance(err, NetworkError):
        state = NETWORK_STATES.get(err.failure, "unreachable")
        return Problem(state, f"{err} Press {retry_key} to retry, or {login}.", False)
    if isinstance(err, ApiError) and err.status is not None:
        state = "server error" if err.status >= 500 else f"HTTP {err.status}"
        return Problem(state, f"{err} Press {retry_key} to retry.", False)
    return Problem("failed", f"{err} Press {retry_key} to retry.", False)
