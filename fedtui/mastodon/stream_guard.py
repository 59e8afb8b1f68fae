"""Where a live stream connects, and the limits a streaming server must keep.

The token goes only to the instance: fedtui streams from the URL the instance advertises
(`urls.streaming`) only when it is the instance's own site (`fedtui.net.same_site`: the same
host and port, or a subdomain such as streaming.example.social for example.social, never
https to http); otherwise from the instance's own address (Mastodon proxies
/api/v1/streaming there too), falling back to polling if that has no stream. The choice is
pinned on the Mastodon.py object before it streams, so it never looks the URL up itself.

`GuardedStream` is what the SSE reader (`fedtui.mastodon.sse`) reads: it passes the bytes
through and stops with `StreamFault` when a line passes `max_line` bytes, an event's data passes
`max_event` bytes, or no complete event or heartbeat came within `window` seconds (a
server that trickles bytes without ever finishing one). Total silence is the read
timeout's job.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fedtui.errors import ApiError, NetworkError
from fedtui.net import http_form, same_site

if TYPE_CHECKING:
    from fedtui.mastodon.client import InstanceClient

log = logging.getLogger(__name__)

#: The longest line (and event data) fedtui reads from a stream; a status is a few KB.
MAX_LINE_BYTES = 1024 * 1024
#: Seconds within which a stream must finish an event or send a heartbeat (Mastodon
#: sends `:thump` every 15 s).
EVENT_WINDOW = 90.0

#: Mastodon.py keeps the streaming base URL in this (name-mangled) attribute and looks it
#: up only while it is None; fedtui sets it first. Tests fail if Mastodon.py renames it.
_STREAMING_BASE = "_Mastodon__streaming_base"


class StreamFault(ApiError):
    """The streaming server broke a limit; the connection is dropped and made again."""


@dataclass(frozen=True, slots=True)
class StreamLimits:
    max_line: int = MAX_LINE_BYTES
    max_event: int = MAX_LINE_BYTES
    window: float = EVENT_WINDOW


def streaming_base(base_url: str, advertised: str | None) -> str:
    """The origin to stream from: `advertised` if it is the instance's site, else the
    instance's own address."""
    if advertised and same_site(base_url, advertised):
        parts = urlsplit(http_form(advertised))
        return f"{parts.scheme.lower()}://{parts.netloc}"
    return base_url.rstrip("/")


def pin_streaming_base(client: InstanceClient) -> str:
    """Decide (once per client) where `client` streams from and tell Mastodon.py."""
    api = client.api
    pinned = getattr(api, _STREAMING_BASE, None)
    if isinstance(pinned, str):
        return pinned
    try:
        advertised = client.instance().streaming_url
    except NetworkError:
        raise
    except ApiError:  # no usable instance information: the instance's own address
        advertised = None
    base = streaming_base(client.base_url, advertised)
    setattr(api, _STREAMING_BASE, base)
    return base


class GuardedStream:
    """A requests response for the SSE reader (`sse.read_events`): `iter_content` hands
    over what has arrived (not byte by byte, whatever size is asked) and enforces `limits`."""

    def __init__(self, response: Any, limits: StreamLimits, host: str,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._response = response
        self._limits = limits
        self._host = host
        self._clock = clock
        self._line = self._event = 0  # bytes in the current line, in the event's data lines
        self._comment = False
        self._deadline = clock() + limits.window

    def iter_content(self, chunk_size: int | None = 1,
                     decode_unicode: bool = False) -> Iterator[bytes]:
        for chunk in _arrivals(self._response.raw):
            self._check(chunk)
            yield chunk

    def _check(self, chunk: bytes) -> None:
        limits, start = self._limits, 0
        while start < len(chunk):
            end = chunk.find(b"\n", start)
            stop = len(chunk) if end < 0 else end
            if stop > start and self._line == 0:
                self._comment = chunk[start] == 58  # ":" starts a comment (a heartbeat)
            self._line += stop - start
            if end < 0:
                break
            if self._line == 0:  # a blank line ends an event
                self._event = 0
                self._deadline = self._clock() + limits.window
            elif self._comment:
                self._deadline = self._clock() + limits.window
            else:
                self._event += self._line
            self._line, start = 0, end + 1
        if self._line > limits.max_line:
            raise self._fault(f"sent a line longer than {_size(limits.max_line)}")
        if self._event + (0 if self._comment else self._line) > limits.max_event:
            raise self._fault(f"sent an event larger than {_size(limits.max_event)}")
        if self._clock() > self._deadline:
            raise self._fault(f"sent no complete event for {limits.window:g} s")

    def _fault(self, what: str) -> StreamFault:
        return StreamFault(f"The streaming server of {self._host} {what}, so fedtui dropped "
                           "the connection.")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._response, name)


def _arrivals(raw: Any, size: int = 16384) -> Iterator[bytes]:
    """What arrives on `raw` (urllib3), as it arrives; errors as requests raises them."""
    from requests.exceptions import ChunkedEncodingError, ConnectionError, ReadTimeout
    from urllib3.exceptions import ProtocolError, ReadTimeoutError, SSLError

    while True:
        try:
            data = raw.read1(size, decode_content=True)
        except ReadTimeoutError as exc:
            raise ReadTimeout(exc) from exc
        except ProtocolError as exc:
            raise ChunkedEncodingError(exc) from exc
        except SSLError as exc:
            raise ConnectionError(exc) from exc
        if not data:
            return
        yield data


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def close_response(response: Any) -> None:
    """Close a streaming response, waking a read blocked on it in another thread."""
    raw = getattr(response, "raw", None)
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is None:
        sock = getattr(getattr(getattr(getattr(raw, "_fp", None), "fp", None), "raw", None),
                       "_sock", None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    try:
        response.close()
    except Exception:  # pragma: no cover - best effort
        log.debug("closing the stream failed", exc_info=True)
