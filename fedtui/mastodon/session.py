"""Mastodon.py clients built on `fedtui.net.Network` sessions, and its errors mapped to fedtui's.

`build_api` makes a `mastodon.Mastodon` object without any request (no version check).
`translate_errors` turns Mastodon.py, requests and JSON failures into `fedtui.errors`
with messages a person can act on. A response hook (`ResponseLog`) remembers the last
response's rate-limit headers per thread, because Mastodon.py's `MastodonRatelimitError`
carries none.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fedtui import __version__
from fedtui.errors import ApiError, AuthError, FedtuiError, NetworkError, RateLimited
from fedtui.net import Network, exception_chain, import_requests, imports_blocked, network_reason

if TYPE_CHECKING:
    from mastodon import Mastodon

USER_AGENT = f"fedtui/{__version__}"
DEFAULT_RETRY_AFTER = 60.0


def host_of(base_url: str) -> str:
    """The host name (and port, if any) of an instance URL, for messages."""
    parts = urlsplit(base_url if "://" in base_url else f"https://{base_url}")
    return parts.netloc or base_url


@dataclass(frozen=True, slots=True)
class ResponseInfo:
    status: int
    headers: dict[str, str]
    received_at: float


class ResponseLog:
    """A requests response hook that keeps the last response's status and headers per thread."""

    def __init__(self) -> None:
        self._local = threading.local()

    def hook(self, response: Any, *args: Any, **kwargs: Any) -> Any:
        keep = ("retry-after", "x-ratelimit-reset", "date")
        headers = {k.lower(): v for k, v in response.headers.items() if k.lower() in keep}
        self._local.last = ResponseInfo(response.status_code, headers, time.time())
        return response

    @property
    def last(self) -> ResponseInfo | None:
        value = getattr(self._local, "last", None)
        return value if isinstance(value, ResponseInfo) else None


def retry_after_seconds(info: ResponseInfo | None, now: float | None = None) -> float:
    """Seconds to wait after a 429: Retry-After, else X-RateLimit-Reset, else a minute."""
    if info is None:
        return DEFAULT_RETRY_AFTER
    now = time.time() if now is None else now
    value = info.headers.get("retry-after", "").strip()
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            try:
                return max(0.0, parsedate_to_datetime(value).timestamp() - now)
            except (TypeError, ValueError):
                pass
    reset = info.headers.get("x-ratelimit-reset", "").strip()
    if reset:
        from fedtui.core.model import parse_time

        try:
            at: float | None = float(reset)
        except ValueError:
            parsed = parse_time(reset)
            at = parsed.timestamp() if parsed is not None else None
        if at is not None:
            skew = 0.0
            date = info.headers.get("date")
            if date:
                try:
                    skew = info.received_at - parsedate_to_datetime(date).timestamp()
                except (TypeError, ValueError):
                    skew = 0.0
            return max(0.0, at + skew - now)
    return DEFAULT_RETRY_AFTER


#: Mastodon.py loads these only for Web Push decryption, which fedtui does not use.
_PUSH_CRYPTO = ("cryptography", "http_ece")


def import_mastodon() -> type[Mastodon]:
    """Mastodon.py without its optional Web Push crypto (about 8 MB of memory at start-up),
    on `requests` without a charset detector (`fedtui.net.import_requests`).

    Mastodon.py treats a failed import of `cryptography`/`http_ece` as "push decryption
    unavailable"; blocking them while it loads gives exactly that. They stay importable
    for everything else afterwards (the keyring may need cryptography).
    """
    if "mastodon" not in sys.modules:
        import_requests()
        with imports_blocked(_PUSH_CRYPTO):
            import mastodon  # noqa: F401
    from mastodon import Mastodon

    return Mastodon


#: What a token may hold: visible ASCII, as a header value carries it unchanged.
_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")


def build_api(base_url: str, token: str | None, *, network: Network | None = None,
              log: ResponseLog | None = None, client_id: str | None = None,
              client_secret: str | None = None) -> Mastodon:
    """A Mastodon.py client on a `network` session (None: direct); makes no request.

    The session sends the token only to `base_url`'s site (`fedtui.net.same_site`).
    """
    if token is not None and not _HEADER_SAFE.fullmatch(token):
        raise AuthError("The access token has characters an HTTP header cannot carry (a line "
                        "break or a space?); check FEDTUI_TOKEN, or log in again.")
    Mastodon = import_mastodon()

    network = network if network is not None else Network()
    session = network.requests_session(token_site=base_url)
    if log is not None:
        session.hooks["response"].append(log.hook)
    api = Mastodon(
        client_id=client_id,
        client_secret=client_secret,
        access_token=token,
        api_base_url=base_url,
        session=session,
        request_timeout=network.timeout,
        ratelimit_method="throw",
        version_check_mode="none",
        user_agent=USER_AGENT,
    )
    # Never let Mastodon.py probe the version itself (log_in does, and loops on some servers).
    from fedtui.core.capabilities import BASELINE_VERSION
    from fedtui.mastodon.server import settle_version

    settle_version(api, lambda: BASELINE_VERSION)
    return api


@contextmanager
def translate_errors(base_url: str, *, log: ResponseLog | None = None,
                     timeout: float | None = None) -> Iterator[None]:
    """Re-raise Mastodon.py, requests and JSON errors as `fedtui.errors` exceptions."""
    try:
        yield
    except FedtuiError:
        raise
    except Exception as exc:
        mapped = translate_error(exc, base_url, log=log, timeout=timeout)
        if mapped is None:
            raise
        raise mapped from exc


_MALFORMED = ("Could not parse response as JSON", "Malformed", "Bad JSON", "Missing field")


def translate_error(exc: BaseException, base_url: str, *, log: ResponseLog | None = None,
                    timeout: float | None = None) -> FedtuiError | None:
    """The fedtui error for `exc`, or None if it isn't a network or API failure."""
    import json

    import requests
    from mastodon import errors as m

    host = host_of(base_url)
    for inner in exception_chain(exc):
        if isinstance(inner, FedtuiError):  # e.g. ProxyError from fedtui.net
            return inner
    if isinstance(exc, m.MastodonRatelimitError):
        info = log.last if log is not None else None
        wait = retry_after_seconds(info)
        return RateLimited(
            f"{host} is limiting requests (HTTP 429). fedtui will wait about "
            f"{_duration(wait)} before trying again.", retry_after=wait)
    if isinstance(exc, m.MastodonAPIError):
        return _api_error(exc, host)
    if any(isinstance(e, json.JSONDecodeError) for e in exception_chain(exc)):
        return ApiError(f"{host} sent malformed data (the reply was not valid JSON). Try "
                        "again later; if it keeps happening the server may be misconfigured.")
    if isinstance(exc, m.MastodonNetworkError | requests.exceptions.RequestException):
        return _network_error(exc, host, timeout, base_url)
    if isinstance(exc, m.MastodonMalformedEventError | json.JSONDecodeError):
        return ApiError(f"{host} sent malformed data, so it was ignored. Try again later; "
                        "if this keeps happening the server may be misconfigured.")
    if isinstance(exc, m.MastodonIllegalArgumentError | m.MastodonVersionError):
        return ApiError(f"{host} could not handle this request: {exc}.")
    return None


def http_status(exc: BaseException) -> int | None:
    """The HTTP status of a Mastodon.py API error (None when it carries none)."""
    status = exc.args[1] if len(exc.args) > 1 else None
    return status if isinstance(status, int) else None


def _api_error(exc: BaseException, host: str) -> ApiError:
    args = exc.args
    status = http_status(exc)
    if status is None:
        text = str(args[0]) if args else ""
        if text.startswith(_MALFORMED):
            return ApiError(f"{host} sent malformed data (the reply was not valid JSON). "
                            "Try again later; if it keeps happening the server may be "
                            "misconfigured.")
        return ApiError(f"{host} sent a reply fedtui could not use: {text}.")
    detail = str(args[3]) if len(args) > 3 and args[3] else ""
    said = f": {detail.rstrip('.')}" if detail else ""
    if status == 401:
        return AuthError(
            f"{host} rejected the access token (HTTP 401{said}). It may have been revoked; "
            "log in again with `fedtui login`.", status=401)
    if status == 403:
        return AuthError(
            f"{host} refused this request (HTTP 403{said}). The token may lack a "
            "permission; log in again with `fedtui login` to grant it.", status=403)
    if status == 404:
        return ApiError(f"{host} could not find this (HTTP 404{said}). It may have been "
                        "deleted, or the server does not support it.", status=404)
    if status == 429:
        return RateLimited(f"{host} is limiting requests (HTTP 429). Wait a minute and try "
                           "again.", retry_after=DEFAULT_RETRY_AFTER)
    if status >= 500:
        return ApiError(f"{host} had a server error (HTTP {status}{said}). Try again in a "
                        "moment.", status=status)
    return ApiError(f"{host} did not accept the request (HTTP {status}{said}).", status=status)


def network_failure(exc: BaseException) -> str:
    """How a connection failed, in one of `NetworkError.failure`'s words."""
    import socket
    import ssl

    import requests

    chain = list(exception_chain(exc))
    text = " ".join(str(e) for e in chain).lower()
    if any(isinstance(e, ssl.SSLError | requests.exceptions.SSLError) for e in chain):
        return "tls"
    if "handshake" in text and ("timed out" in text or any(
            isinstance(e, TimeoutError | requests.exceptions.Timeout) for e in chain)):
        return "tls-timeout"
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return "refused"
    if any(isinstance(e, socket.gaierror) for e in chain) or "failed to resolve" in text:
        return "dns"
    if any(isinstance(e, requests.exceptions.ConnectTimeout) for e in chain):
        return "connect-timeout"
    if any(isinstance(e, requests.exceptions.Timeout | TimeoutError) for e in chain) or (
            "timed out" in text):
        return "timeout"
    if any(isinstance(e, ConnectionResetError | ConnectionAbortedError) for e in chain):
        return "reset"
    return ""


def _network_error(exc: BaseException, host: str, timeout: float | None,
                   base_url: str = "") -> NetworkError:
    """What failed (which host, in plain words) and what to do; for an https address on
    the reader's own machine or network, the http address to try."""
    from fedtui.core.address import http_hint

    failure = network_failure(exc)
    within = f" within {_duration(timeout)}" if timeout else ""
    hint = http_hint(base_url) if failure in ("tls", "tls-timeout", "refused") else ""
    if hint and failure == "refused":
        hint = " Is the server running?" + hint.replace(" Is it plain http? Try",
                                                        " If it speaks plain http, try")
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    messages = {
        "tls": f"The secure (TLS) connection to {host} failed ({network_reason(exc)}).",
        "tls-timeout": f"{host} took the connection but did not complete a secure (TLS) "
                       f"handshake{within}.",
        "refused": f"Could not reach {host}: the connection was refused (nothing is "
                   "listening there, or a firewall said no).",
        "dns": f"Could not reach {host}: the name {name} was not found (DNS). Check the "
               "spelling of the instance address and your connection.",
        "connect-timeout": f"Could not reach {host}: no connection{within}. Check your "
                           "connection and the instance address.",
        "timeout": f"{host} did not answer{within}. Check your connection; the server may "
                   "be overloaded.",
        "reset": f"{host} closed the connection ({network_reason(exc)}). Try again; if it "
                 "keeps happening, check the instance address.",
    }
    message = messages.get(failure) or (
        f"Could not reach {host} ({network_reason(exc)}). Check your connection and the "
        "instance address.")
    if hint:
        message += hint
    elif failure in ("tls", "tls-timeout", "refused"):
        message += " Check the instance address and that the server is up."
    return NetworkError(message, failure=failure)


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    if seconds < 5400:
        return f"{round(seconds / 60)} min"
    return f"{round(seconds / 3600)} h"
