"""The one place that builds network sessions: every request fedtui makes goes through here.

`resolve_proxy` decides which proxy (if any) to use: the config file's `proxy` setting wins,
else the usual environment variables. `requests_session` (for Mastodon.py) and
`httpx_client` (media, model downloads, model endpoints) never read the environment
themselves (`trust_env=False`), so they can't silently pick another proxy or go direct.

When a proxy is set, *everything* goes through it, loopback included (no NO_PROXY), and if
the proxy can't be reached the request fails with `fedtui.errors.ProxyError`: fedtui never
falls back to a direct connection. `socks5h://` resolves host names through the proxy
(use it for Tor); `requests` resolves them locally with `socks5://`, httpx always remotely.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fedtui.errors import ConfigError, ProxyError

if TYPE_CHECKING:
    import httpx
    import requests

SUPPORTED_SCHEMES = ("http", "https", "socks5", "socks5h")

#: Environment variables read when the config sets no proxy, in order of precedence.
PROXY_ENV_VARS = ("ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY",
                  "http_proxy")

_NO_FALLBACK = "fedtui does not fall back to a direct connection"


def resolve_proxy(configured: str | None, environ: Mapping[str, str]) -> str | None:
    """The proxy URL to use, or None for direct connections.

    Raises `ConfigError` (naming where the value came from) for a malformed URL or an
    unsupported scheme.
    """
    if configured is not None and configured.strip():
        return _validated(configured.strip(), "The `proxy` setting")
    for name in PROXY_ENV_VARS:
        value = environ.get(name, "").strip()
        if value:
            return _validated(value, f"The {name} environment variable")
    return None


def _validated(url: str, source: str) -> str:
    schemes = ", ".join(f"{s}://" for s in SUPPORTED_SCHEMES)
    if "://" not in url:
        raise ConfigError(
            f"{source} is {url!r}, which has no scheme. Write it as a URL such as "
            f"socks5h://127.0.0.1:9050 or http://proxy.example:8080 ({schemes})."
        )
    parts = urlsplit(url)
    if parts.scheme.lower() not in SUPPORTED_SCHEMES:
        raise ConfigError(
            f"{source} uses the unsupported scheme {parts.scheme}://. Use one of {schemes}."
        )
    try:
        port = parts.port
    except ValueError:
        port = -1
    if not parts.hostname or port == -1:
        raise ConfigError(
            f"{source} is {describe_proxy(url)!r}, which is not a valid proxy address. "
            "Write it as scheme://host:port, for example socks5h://127.0.0.1:9050."
        )
    return url


def describe_proxy(proxy: str) -> str:
    """The proxy URL with any password hidden, for messages and logs."""
    parts = urlsplit(proxy)
    if parts.password is None:
        return proxy
    netloc = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or ""
    return parts._replace(netloc=f"{user}:***@{netloc}").geturl()


def proxy_error(proxy: str, reason: str) -> ProxyError:
    """The error for a request that failed at (or through) the proxy."""
    return ProxyError(
        f"Could not connect through the proxy {describe_proxy(proxy)} ({reason}); "
        f"{_NO_FALLBACK}. Check that the proxy (for example Tor) is running and that the "
        "`proxy` setting or the *_PROXY environment variables point at it."
    )


def exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and every exception it wraps: causes, contexts, `.reason` and exception args."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked: list[object] = [current.__cause__, current.__context__,
                                getattr(current, "reason", None), *current.args]
        todo.extend(item for item in linked if isinstance(item, BaseException))


def _is_proxy_failure(exc: BaseException) -> bool:
    """Whether a connection error happened while connecting to or through the proxy."""
    import requests
    import urllib3.exceptions

    proxy_types: tuple[type[BaseException], ...] = (
        requests.exceptions.ProxyError,
        urllib3.exceptions.ProxyError,
        urllib3.exceptions.NewConnectionError,  # with a proxy, every new connection is to it
        urllib3.exceptions.ConnectTimeoutError,
        requests.exceptions.ConnectTimeout,
    )
    try:
        import socks

        proxy_types += (socks.ProxyError,)
    except ImportError:  # pragma: no cover - PySocks is a dependency
        pass
    return any(isinstance(item, proxy_types) for item in exception_chain(exc))


def network_reason(exc: BaseException) -> str:
    """The innermost readable reason of a network error."""
    for item in reversed(list(exception_chain(exc))):
        text = str(item).strip()
        if text and not text.startswith(("HTTPConnectionPool", "HTTPSConnectionPool",
                                         "SOCKSHTTP")):
            return text.rstrip(".")
    return type(exc).__name__


def _make_adapter(proxy: str | None, timeout: float) -> Any:
    import requests
    from requests.adapters import HTTPAdapter

    class GuardedAdapter(HTTPAdapter):
        """Applies the default timeout and turns failures at the proxy into ProxyError."""

        def send(self, request: requests.PreparedRequest, *args: Any,
                 **kwargs: Any) -> requests.Response:
            if kwargs.get("timeout") is None:
                kwargs["timeout"] = timeout
            try:
                return super().send(request, *args, **kwargs)
            except requests.exceptions.ConnectionError as exc:
                if proxy is not None and _is_proxy_failure(exc):
                    raise proxy_error(proxy, network_reason(exc)) from exc
                raise

    return GuardedAdapter()


@contextmanager
def imports_blocked(names: tuple[str, ...]) -> Iterator[None]:
    """While inside, `import NAME` fails for `names` not loaded yet; they are importable
    again afterwards. For optional dependencies a library probes for at import time."""
    blocked = [name for name in names if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import` fail
    try:
        yield
    finally:
        for name in blocked:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]


#: requests only uses these to guess the charset of a text answer that names none; the
#: Mastodon API answers UTF-8 JSON (requests then decodes text as UTF-8). About 3 MB.
_CHARSET_DETECTORS = ("charset_normalizer", "chardet")


def import_requests() -> ModuleType:
    """`requests`, loaded without a charset detector (see `_CHARSET_DETECTORS`)."""
    warnings.filterwarnings("ignore", message="Unable to find acceptable character detection",
                            module="requests")
    with imports_blocked(() if "requests" in sys.modules else _CHARSET_DETECTORS):
        import requests
    return requests


def requests_session(proxy: str | None, timeout: float) -> requests.Session:
    """A `requests.Session` for Mastodon.py that uses exactly `proxy` (or none).

    It ignores the environment (`trust_env=False`: no env proxies, no .netrc), applies
    `timeout` to requests that don't set one, and raises `ProxyError` when the proxy
    can't be reached.
    """
    import_requests()
    import requests

    if proxy is not None and proxy.lower().startswith("socks"):
        try:
            import socks  # noqa: F401
        except ImportError as exc:  # pragma: no cover - PySocks is a dependency
            raise ConfigError(
                "SOCKS proxies need the PySocks package: pip install 'requests[socks]'."
            ) from exc
    session = requests.Session()
    session.trust_env = False
    session.proxies = {"http": proxy, "https": proxy} if proxy is not None else {}
    adapter = _make_adapter(proxy, timeout)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def httpx_client(proxy: str | None, timeout: float, *,
                 follow_redirects: bool = False) -> httpx.Client:
    """An `httpx.Client` that uses exactly `proxy` (or none) and ignores the environment.

    When a proxy is set and can't be reached, requests raise `fedtui.errors.ProxyError`
    (not an httpx exception); other failures raise httpx's usual exceptions.
    """
    import httpx

    class GuardedTransport(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            try:
                return super().handle_request(request)
            except (httpx.ProxyError, httpx.ConnectError, httpx.ConnectTimeout) as exc:
                if proxy is None:
                    raise
                raise proxy_error(proxy, str(exc) or type(exc).__name__) from exc

    transport = GuardedTransport(proxy=proxy) if proxy is not None else GuardedTransport()
    return httpx.Client(transport=transport, timeout=timeout, trust_env=False,
                        follow_redirects=follow_redirects)
