"""The one place that decides how fedtui reaches the network: every session comes from here.

`Network.from_settings` resolves the proxy once (the config file's `proxy` setting wins,
else ALL_PROXY, HTTPS_PROXY, HTTP_PROXY and their lower-case forms); `cli.py` builds it and
passes it to every adapter (the instance, streaming, login, model downloads and endpoints).
Its `requests_session` (for Mastodon.py) and `httpx_client` never read the environment
themselves (`trust_env=False`), so they can't silently pick another proxy or go direct.
The checks they apply to each request and reply live in `fedtui.net_guards`.

When a proxy is set, *everything* goes through it, loopback included (no NO_PROXY), and if
the proxy can't be reached the request fails with `fedtui.errors.ProxyError`: fedtui never
falls back to a direct connection. `socks5h://` resolves host names through the proxy
(use it for Tor); `requests` resolves them locally with `socks5://`, httpx always remotely.
Replies are read up to `MAX_RESPONSE_BYTES`, and the instance's token is only ever sent to
the instance's own site (`same_site`).
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, urlsplit

from fedtui.errors import ConfigError, ProxyError

if TYPE_CHECKING:
    import httpx
    import requests

SUPPORTED_SCHEMES = ("http", "https", "socks5", "socks5h")

#: Environment variables read when the config sets no proxy, in order of precedence.
PROXY_ENV_VARS = ("ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY",
                  "http_proxy")

#: The largest reply body fedtui reads from a server (downloads to disk excepted).
MAX_RESPONSE_BYTES = 16 * 1024 * 1024

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


def network_reason(exc: BaseException) -> str:
    """The innermost readable reason of a network error, any credential it quotes hidden."""
    for item in reversed(list(exception_chain(exc))):
        text = str(item).strip()
        if text and not text.startswith(("HTTPConnectionPool", "HTTPSConnectionPool",
                                         "SOCKSHTTP")):
            return _CREDENTIAL.sub(r"\1[hidden]", text).rstrip(".")
    return type(exc).__name__


#: A quoted Authorization value (requests quotes a header it refuses, token and all).
_CREDENTIAL = re.compile(r"(?i)\b(bearer\s+)[^'\"]+")


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



def same_site(base_url: str, other_url: str) -> bool:
    """Whether `other_url` belongs to the instance at `base_url`, so it may get its token.

    Same site means: the same host and port, or a subdomain of the instance's host
    (streaming.example.social for example.social), and never a step down from https to
    http. `ws://`/`wss://` count as `http://`/`https://`. A sibling (streaming.example.com
    for social.example.com) is another site: without the Public Suffix List fedtui can't
    tell a registrable domain from a shared one, so it asks for the stricter rule.
    """
    base, other = urlsplit(http_form(base_url)), urlsplit(http_form(other_url))
    if other.scheme not in ("http", "https") or not base.hostname or not other.hostname:
        return False
    if base.scheme == "https" and other.scheme != "https":
        return False
    host, candidate = base.hostname.rstrip("."), other.hostname.rstrip(".")
    if candidate.endswith(f".{host}") and not _is_ip(host):
        return True
    try:
        return candidate == host and _port(base) == _port(other)
    except ValueError:
        return False


def http_form(url: str) -> str:
    """`url` with ws:// and wss:// as http:// and https://, and https:// when it has none."""
    url = url.strip()
    lower = url.lower()
    for ws, http in (("wss://", "https://"), ("ws://", "http://")):
        if lower.startswith(ws):
            return http + url[len(ws):]
    return url if "://" in url else f"https://{url}"


def _port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Network:
    """How fedtui reaches the network: the proxy (or None) and the timeout.

    `Network.from_settings` is the one resolver (the `proxy` setting, else the *_PROXY
    variables); `cli.py` calls it once and passes the value to every adapter. Sessions and
    clients come only from its methods: nothing else in fedtui builds one (a test checks).
    `Network()` is a direct connection, for tests and loopback servers fedtui starts itself.
    """

    proxy: str | None = None
    timeout: float = 30.0

    @classmethod
    def from_settings(cls, configured: str | None, environ: Mapping[str, str], *,
                      timeout: float) -> Network:
        """The network for a run: `configured` (the config's `proxy`) wins over `environ`."""
        return cls(resolve_proxy(configured, environ), timeout)

    def requests_session(self, *, token_site: str | None = None,
                         max_body: int | None = MAX_RESPONSE_BYTES) -> requests.Session:
        """A `requests.Session` (for Mastodon.py) that uses exactly this proxy, or none.

        It ignores the environment (`trust_env=False`: no env proxies, no .netrc), applies
        the timeout to requests that set none, raises `ProxyError` when the proxy can't be
        reached, stops reading a non-streamed reply after `max_body` bytes (`ApiError`), and
        drops the Authorization header of any request that is not to `token_site`'s site.
        """
        import_requests()
        import requests

        if self.proxy is not None and self.proxy.lower().startswith("socks"):
            try:
                import socks  # noqa: F401
            except ImportError as exc:  # pragma: no cover - PySocks is a dependency
                raise ConfigError(
                    "SOCKS proxies need the PySocks package: pip install 'requests[socks]'."
                ) from exc
        from fedtui.net_guards import guarded_adapter

        session = requests.Session()
        session.trust_env = False
        session.proxies = {"http": self.proxy, "https": self.proxy} if self.proxy else {}
        adapter = guarded_adapter(self, token_site, max_body)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def httpx_client(self, *, follow_redirects: bool = False,
                     max_body: int | None = MAX_RESPONSE_BYTES) -> httpx.Client:
        """An `httpx.Client` that uses exactly this proxy (or none), ignoring the environment.

        When the proxy can't be reached, requests raise `ProxyError`; a reply longer than
        `max_body` bytes (None: no limit, for downloads to disk) raises `ApiError` while it
        is read. Other failures raise httpx's usual exceptions.
        """
        import httpx

        from fedtui.net_guards import guarded_transport

        return httpx.Client(transport=guarded_transport(self, max_body), timeout=self.timeout,
                            trust_env=False, follow_redirects=follow_redirects)
