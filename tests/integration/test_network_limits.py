"""A server that never stops: reply bodies and stream lines are capped while they are read,
a stream that never finishes an event is dropped and made again, and the token never goes
to a streaming host on another site. Against loopback servers that misbehave on purpose.
"""

from __future__ import annotations

import socket
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.errors import ApiError
from fedtui.mastodon.client import InstanceClient
from fedtui.mastodon.stream_guard import MAX_LINE_BYTES, StreamLimits
from fedtui.mastodon.streaming import LiveFeed, StreamEvent
from fedtui.net import MAX_RESPONSE_BYTES, Network
from tests.integration.mastodon_support import wait_for
from tests.integration.net_support import ScriptedServer, head, send_all

MB = 1024 * 1024
HOME = PaneSpec(PaneKind.HOME)


def endless(part: bytes, total: int | None = None) -> Iterator[bytes]:
    sent = 0
    while total is None or sent < total:
        yield part
        sent += len(part)


class Recorder:
    def __init__(self) -> None:
        self.events: list[StreamEvent] = []
        self._lock = threading.Lock()

    def __call__(self, event: StreamEvent) -> None:
        with self._lock:
            self.events.append(event)

    def of(self, kind: str) -> list[StreamEvent]:
        with self._lock:
            return [e for e in self.events if e.kind == kind]


def stream_script(body: Callable[[socket.socket, threading.Event], int],
                  closed: threading.Event) -> Callable[[socket.socket, str], int]:
    """Streams answer with `body`; everything else is a 404 (no instance information)."""
    def script(conn: socket.socket, request: str) -> int:
        if " /api/v1/streaming/" not in request.split("\r\n", 1)[0]:
            conn.sendall(head("404 Not Found") + b'{"error": "Not found"}')
            return 0
        conn.sendall(head(content_type="text/event-stream"))
        return body(conn, closed)

    return script


@pytest.fixture
def closed() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()


def start_feed(feeds: list[LiveFeed], url: str, rec: Recorder, **kwargs: Any) -> LiveFeed:
    feed = LiveFeed(InstanceClient(url, "alice_token"), HOME, rec,
                    **{"backoff": (0.05, 10.0), "rng": lambda: 1.0, **kwargs})
    feeds.append(feed)
    feed.start()
    return feed


# --- reply bodies --------------------------------------------------------------------------

def test_a_100_mb_reply_is_cut_at_the_limit_with_bounded_memory() -> None:
    stop = threading.Event()

    def script(conn: socket.socket, request: str) -> int:
        conn.sendall(head())
        return send_all(conn, endless(b"a" * 65536, 100 * MB), stop)

    with ScriptedServer(script) as server:
        client = InstanceClient(server.url, "alice_token", timeout=10)
        tracemalloc.start()
        try:
            with pytest.raises(ApiError) as err:
                client.verify_credentials()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        stop.set()
        assert wait_for(lambda: server.sent > 0)
    assert "larger than 16 MB" in str(err.value)
    assert f"127.0.0.1:{server.port}" in str(err.value)
    assert peak < 2 * MAX_RESPONSE_BYTES  # the body read so far, never the 100 MB
    assert server.sent < 100 * MB  # fedtui hung up


def test_a_declared_100_mb_reply_is_refused_before_reading() -> None:
    def script(conn: socket.socket, request: str) -> int:
        conn.sendall(head(extra=f"Content-Length: {100 * MB}\r\n") + b"[")
        return 1

    with ScriptedServer(script) as server:
        tracemalloc.start()
        try:
            with pytest.raises(ApiError, match="larger than 16 MB"):
                InstanceClient(server.url, "alice_token").verify_credentials()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < MB


def test_httpx_replies_are_capped_too_but_downloads_are_not() -> None:
    stop = threading.Event()

    def script(conn: socket.socket, request: str) -> int:
        conn.sendall(head())
        return send_all(conn, endless(b"a" * 65536, 3 * MB), stop)

    with ScriptedServer(script) as server:
        with Network().httpx_client(max_body=MB) as http, pytest.raises(ApiError):
            http.get(server.url)
        with Network().httpx_client(max_body=None) as http:
            assert len(http.get(server.url).content) == 3 * MB
        stop.set()


# --- streams -------------------------------------------------------------------------------

def heartbeat_then(tail: Iterator[bytes]) -> Callable[[socket.socket, threading.Event], int]:
    def body(conn: socket.socket, closed: threading.Event) -> int:
        conn.sendall(b":thump\n")
        return 7 + send_all(conn, tail, closed)

    return body


def test_an_endless_line_is_cut_at_1_mb_and_the_stream_reconnects(
        feeds: list[LiveFeed], closed: threading.Event) -> None:
    rec = Recorder()
    script = stream_script(heartbeat_then(endless(b"a" * 4096)), closed)
    with ScriptedServer(script) as server:
        tracemalloc.start()
        try:
            feed = start_feed(feeds, server.url, rec)
            assert wait_for(lambda: len(rec.of("disconnected")) >= 1, timeout=60)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        feed.stop()
    assert MAX_LINE_BYTES == MB
    [first] = rec.of("connected")[:1]
    dropped = rec.of("disconnected")[0]
    assert rec.events.index(first) < rec.events.index(dropped)  # "live", then no longer
    assert "sent a line longer than 1 MB" in dropped.message
    assert "reconnecting in" in dropped.message
    assert peak < 8 * MB


def test_a_stream_that_breaks_the_limits_backs_off_instead_of_flooding(
        feeds: list[LiveFeed], closed: threading.Event) -> None:
    rec = Recorder()
    script = stream_script(heartbeat_then(endless(b"a" * 4096)), closed)
    with ScriptedServer(script) as server:
        start_feed(feeds, server.url, rec, limits=StreamLimits(max_line=16 * 1024))
        assert wait_for(lambda: len(rec.of("disconnected")) >= 4, timeout=30)
    delays = [e.message.split("reconnecting in ")[1].split(" s")[0]
              for e in rec.of("disconnected")[:4]]
    assert delays == ["0.1", "0.1", "0.2", "0.4"]  # 0.05, 0.1, 0.2, 0.4: growing


def test_endless_data_lines_without_an_event_are_cut(feeds: list[LiveFeed],
                                                     closed: threading.Event) -> None:
    rec = Recorder()
    script = stream_script(heartbeat_then(endless(b"data: xxxxxxxxxxxxxxxx\n")), closed)
    with ScriptedServer(script) as server:
        start_feed(feeds, server.url, rec, limits=StreamLimits(max_event=32 * 1024))
        assert wait_for(lambda: len(rec.of("disconnected")) >= 1, timeout=30)
    assert "sent an event larger than 32 KB" in rec.of("disconnected")[0].message


def test_a_trickle_that_never_finishes_an_event_times_out(feeds: list[LiveFeed],
                                                         closed: threading.Event) -> None:
    rec = Recorder()

    def trickle(conn: socket.socket, closed: threading.Event) -> int:
        conn.sendall(b":thump\n")
        sent = 7
        while not closed.wait(0.02):  # the server's pace, not the test's
            try:
                conn.sendall(b"d")
            except OSError:
                break
            sent += 1
        return sent

    with ScriptedServer(stream_script(trickle, closed)) as server:
        feed = start_feed(feeds, server.url, rec, limits=StreamLimits(window=0.5))
        assert wait_for(lambda: len(rec.of("disconnected")) >= 1, timeout=30)
        assert feed.mode in ("reconnecting", "connecting", "streaming")
    dropped = rec.of("disconnected")[0]
    assert "sent no complete event for 0.5 s" in dropped.message


def test_silence_times_out_and_reconnects(feeds: list[LiveFeed],
                                          closed: threading.Event) -> None:
    rec = Recorder()

    def silent(conn: socket.socket, closed: threading.Event) -> int:
        closed.wait(30)
        return 0

    with ScriptedServer(stream_script(silent, closed)) as server:
        start_feed(feeds, server.url, rec, read_timeout=0.3)
        assert wait_for(lambda: len(rec.of("disconnected")) >= 2, timeout=30)
        assert server.connections >= 2
    assert "Nothing arrived for 0.3 s" in rec.of("disconnected")[0].message
    assert rec.of("connected") == []  # never said "live"


def test_events_without_a_post_in_them_are_skipped_and_the_stream_goes_on(
        feeds: list[LiveFeed], closed: threading.Event) -> None:
    """Payloads that are not a JSON object with an id (a string, a list, an object
    without an id, a notification whose status is not one) are skipped; the post after
    them arrives on the same connection."""
    good = (b'{"id": "7", "created_at": "2026-08-02T05:22:17.399Z", "content": "<p>fine</p>", '
            b'"account": {"id": "1", "acct": "alice", "username": "alice"}}')
    events = [b'event: update\ndata: "just a string"\n\n',
              b"event: update\ndata: [1, 2]\n\n",
              b'event: update\ndata: {"content": "no id"}\n\n',
              b'event: status.update\ndata: {"id": null}\n\n',
              b'event: notification\ndata: {"id": "3", "type": "mention", "status": "x"}\n\n',
              b"event: update\ndata: " + good + b"\n\n"]

    def body(conn: socket.socket, closed: threading.Event) -> int:
        sent = send_all(conn, iter([b":thump\n\n", *events]), closed)
        closed.wait(30)
        return sent

    rec = Recorder()
    with ScriptedServer(stream_script(body, closed)) as server:
        feed = start_feed(feeds, server.url, rec)
        assert wait_for(lambda: len(rec.of("update")) >= 1, timeout=30)
        [update] = rec.of("update")
        assert update.status is not None and update.status.id == "7"
        assert "fine" in update.status.content
        assert rec.of("disconnected") == [] and feed.running and feed.mode == "streaming"


# --- the token and the streaming host ------------------------------------------------------

def test_the_token_never_goes_to_a_foreign_streaming_host(mock_server: Any,
                                                          feeds: list[LiveFeed],
                                                          closed: threading.Event) -> None:
    alice, bob = mock_server.client("alice"), mock_server.client("bob")
    bob.account_follow(alice.me().id)

    def heartbeats(conn: socket.socket, request: str) -> int:
        if " /api/v1/streaming/" not in request.split("\r\n", 1)[0]:
            conn.sendall(head() + b"{}")
            return 2
        conn.sendall(head(content_type="text/event-stream"))
        return send_all(conn, endless(b":thump\n\n"), closed)

    with ScriptedServer(heartbeats, host="127.0.0.2") as foreign:
        elsewhere = f"ws://127.0.0.2:{foreign.port}"
        v1 = httpx.get(f"{mock_server.base_url}/api/v1/instance", timeout=10).json()
        v2 = httpx.get(f"{mock_server.base_url}/api/v2/instance", timeout=10).json()
        v1["urls"]["streaming_api"] = elsewhere
        v2["configuration"]["urls"]["streaming"] = elsewhere
        with mock_server.fault(path_regex=r"^/api/v1/instance/?$", status=200, body=v1), \
                mock_server.fault(path_regex=r"^/api/v2/instance/?$", status=200, body=v2):
            client = InstanceClient(mock_server.base_url, "bob_token")
            assert client.instance().streaming_url == elsewhere  # what the instance says
            rec = Recorder()
            feed = LiveFeed(client, HOME, rec, backoff=(0.05, 0.2))
            feeds.append(feed)
            feed.start()
            assert wait_for(lambda: bool(rec.of("connected")), timeout=20)
            alice.status_post("Streamed from the instance itself")
            assert wait_for(lambda: any("itself" in (e.status.content if e.status else "")
                                        for e in rec.of("update")), timeout=20)
            # Whatever asks, the session keeps the token for the instance's site.
            client.api.session.get(f"{foreign.url}/x", timeout=5,
                                   headers={"Authorization": "Bearer bob_token"})
            assert client.verify_credentials().username == "bob"
    assert foreign.connections == 1  # only the request above, and...
    assert foreign.authorizations() == []  # ...it came without the token
