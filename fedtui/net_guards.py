"""What `fedtui.net.Network` sessions check on every request and reply.

- A failure to connect to (or through) the proxy becomes `ProxyError`, never a retry
  without it.
- A reply body is read at most up to a limit, counted while it arrives (a declared
  Content-Length over it fails before reading); over it, the read stops with `ApiError`.
- The Authorization header is dropped from any request that is not to the token's site
  (`fedtui.net.same_site`), whatever asked for it.
Only `fedtui.net` calls this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fedtui.errors import ApiError
from fedtui.net import exception_chain, network_reason, proxy_error, same_site

if TYPE_CHECKING:
    import httpx

    from fedtui.net import Network


def too_large(url: str, limit: int) -> ApiError:
    """The error for a reply longer than `limit` bytes."""
    host = urlsplit(url).netloc or url
    return ApiError(f"{host} sent a reply larger than {_size(limit)}, so fedtui stopped "
                    "reading it. Try again later; the server may be misconfigured.")


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def is_proxy_failure(exc: BaseException) -> bool:
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


class CappedRaw:
    """Wraps urllib3's response: `stream()` (what requests reads `.content` with) stops
    with `ApiError` once more than `limit` decoded bytes arrived. Everything else is the
    wrapped response's."""

    def __init__(self, raw: Any, url: str, limit: int) -> None:
        self._raw = raw
        self._url = url
        self._limit = limit
        self.received = 0

    def stream(self, amt: int | None = None, decode_content: bool | None = None) -> Iterator[bytes]:
        for chunk in self._raw.stream(amt, decode_content=decode_content):
            self.received += len(chunk)
            if self.received > self._limit:
                self._raw.close()
                raise too_large(self._url, self._limit)
            yield chunk

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


def _declared_length(headers: Any) -> int | None:
    value = str(headers.get("Content-Length") or "").strip()
    return int(value) if value.isdigit() else None


def guarded_adapter(network: Network, token_site: str | None, max_body: int | None) -> Any:
    """A requests adapter for `network` (see the module docstring)."""
    import requests
    from requests.adapters import HTTPAdapter

    proxy, timeout = network.proxy, network.timeout

    class GuardedAdapter(HTTPAdapter):
        def send(self, request: requests.PreparedRequest, stream: bool = False,
                 *args: Any, **kwargs: Any) -> requests.Response:
            url = request.url or ""
            if token_site is None or not same_site(token_site, url):
                request.headers.pop("Authorization", None)
            if kwargs.get("timeout") is None:
                kwargs["timeout"] = timeout
            try:
                response = super().send(request, stream, *args, **kwargs)
            except requests.exceptions.ConnectionError as exc:
                if proxy is not None and is_proxy_failure(exc):
                    raise proxy_error(proxy, network_reason(exc)) from exc
                raise
            if max_body is not None and not stream:
                declared = _declared_length(response.headers)
                if declared is not None and declared > max_body:
                    response.close()
                    raise too_large(url, max_body)
                response.raw = CappedRaw(response.raw, url, max_body)
            return response

    return GuardedAdapter()


def guarded_transport(network: Network, max_body: int | None) -> httpx.HTTPTransport:
    """An httpx transport for `network` (see the module docstring)."""
    import httpx

    proxy = network.proxy
    proxy_failures: tuple[type[BaseException], ...] = (
        httpx.ProxyError, httpx.ConnectError, httpx.ConnectTimeout)
    try:  # a SOCKS proxy's reply that is not SOCKS (httpcore lets socksio's error through)
        from socksio.exceptions import ProtocolError as SocksProtocolError

        proxy_failures += (SocksProtocolError,)
    except ImportError:  # pragma: no cover - socksio comes with httpx[socks]
        pass

    class CappedStream(httpx.SyncByteStream):
        def __init__(self, inner: httpx.SyncByteStream, url: str, limit: int) -> None:
            self._inner, self._url, self._limit = inner, url, limit

        def __iter__(self) -> Iterator[bytes]:
            received = 0
            for chunk in self._inner:
                received += len(chunk)
                if received > self._limit:
                    raise too_large(self._url, self._limit)
                yield chunk

        def close(self) -> None:
            self._inner.close()

    class GuardedTransport(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            try:
                response = super().handle_request(request)
            except proxy_failures as exc:
                if proxy is None:
                    raise
                raise proxy_error(proxy, str(exc) or type(exc).__name__) from exc
            if max_body is None:
                return response
            url = str(request.url)
            declared = _declared_length(response.headers)
            if declared is not None and declared > max_body:
                response.close()
                raise too_large(url, max_body)
            assert isinstance(response.stream, httpx.SyncByteStream)
            response.stream = CappedStream(response.stream, url, max_body)
            return response

    return GuardedTransport(proxy=proxy) if proxy is not None else GuardedTransport()
