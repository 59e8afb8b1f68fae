"""Loopback helpers for the Mastodon adapter tests: faults, a TCP relay, proxies, a replayer.

Everything binds 127.0.0.1 and stops when its context exits.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

import httpx


@contextlib.contextmanager
def fault(base_url: str, *, path: str | None = None, path_regex: str | None = None,
          type: str = "status", status: int | None = None, headers: dict[str, str] | None = None,
          truncate: bool = True, delay_ms: int = 0, count: int | None = None) -> Iterator[str]:
    """Register a mastodon-mock fault rule (POST /api/v1/_mock/faults); removed on exit."""
    effect: dict[str, Any] = {"type": type, "delay_ms": delay_ms, "truncate": truncate}
    if status is not None:
        effect["status"] = status
    if headers is not None:
        effect["headers"] = headers
    rule = {"match": {"path": path, "path_regex": path_regex}, "effect": effect, "count": count}
    resp = httpx.post(f"{base_url}/api/v1/_mock/faults", json=rule, timeout=10)
    resp.raise_for_status()
    rule_id = resp.json()["id"]
    try:
        yield rule_id
    finally:
        httpx.delete(f"{base_url}/api/v1/_mock/faults/{rule_id}", timeout=10)


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def pump(src: socket.socket, dst: socket.socket, delay: float = 0.0) -> None:
    """Copy `src` to `dst` (waiting `delay` s before each chunk) until either side closes."""
    try:
        while data := src.recv(65536):
            if delay:
                time.sleep(delay)
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        with contextlib.suppress(OSError):
            s.shutdown(socket.SHUT_RDWR)


class Listener:
    """A loopback TCP port; `handle` each accepted connection. Use as a context manager."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port: int = self.sock.getsockname()[1]
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._accept_loop, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept_loop(self) -> None:
        while not self.closed.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.handle(conn)

    def handle(self, conn: socket.socket) -> None:
        conn.close()

    def __enter__(self) -> Any:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.closed.set()
        self.thread.join(2)
        self.sock.close()


class ConnectionCounter(Listener):
    """A port that accepts and counts connections and answers nothing: the 'instance'."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def handle(self, conn: socket.socket) -> None:
        self.count += 1
        conn.close()


class TcpRelay(Listener):
    """Forwards connections to `target_port`; `drop()` cuts them, `refuse` rejects new ones."""

    def __init__(self, target_port: int) -> None:
        super().__init__()
        self.target_port = target_port
        self.refuse = False
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()

    def handle(self, conn: socket.socket) -> None:
        if self.refuse:
            conn.close()
            return
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        with self._lock:
            self._pairs.append((conn, upstream))
        for src, dst in ((conn, upstream), (upstream, conn)):
            threading.Thread(target=pump, args=(src, dst), daemon=True).start()


    def drop(self) -> None:
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for a, b in pairs:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def __exit__(self, *exc: object) -> None:
        self.drop()
        super().__exit__(*exc)


#: Hop-by-hop and framing headers a relay never passes on as they came.
_HOP_HEADERS = ("connection", "content-length", "content-encoding", "keep-alive", "host",
                "transfer-encoding", "accept-encoding")


class HttpRelay:
    """A loopback HTTP server in front of `upstream_url` (mastodon-mock): every request goes
    through `answer`, which forwards it as it is; subclasses change what is asked or said.
    The upstream's address in answer headers becomes the relay's. A context manager."""

    def __init__(self, upstream_url: str) -> None:
        self.upstream_url = upstream_url.rstrip("/")
        self.upstream = urlsplit(self.upstream_url)
        relay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                asked = {k.lower(): v for k, v in self.headers.items()}
                status, headers, data = relay.answer(self.command, self.path, asked, body)
                self.send_response(status)
                for key, value in headers.items():
                    if key not in ("date", "server"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _any

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, method: str, path: str, headers: dict[str, str],
               body: bytes) -> tuple[int, dict[str, str], bytes]:
        """What the client gets for one request (`headers` in lower case): the status, the
        headers (lower case) and the body."""
        return self.forward(method, path, headers, body)

    def forward(self, method: str, path: str, headers: dict[str, str],
                body: bytes) -> tuple[int, dict[str, str], bytes]:
        """Ask the upstream; its answer with the hop-by-hop headers left out. A relay that
        passes whole answers on cannot pass a stream on (it would read it forever and hold
        the upstream's connection after the test): streaming answers 404 here, as on a
        server without streaming."""
        if path.startswith("/api/v1/streaming"):
            return 404, {"content-type": "application/json"}, b'{"error": "Not streamed"}'
        conn = HTTPConnection(self.upstream.hostname or "127.0.0.1", self.upstream.port,
                              timeout=30)
        sent = {k: v for k, v in headers.items() if k.lower() not in _HOP_HEADERS}
        sent["Content-Length"] = str(len(body))
        try:
            conn.request(method, path, body=body or None, headers=sent)
            upstream = conn.getresponse()
            data = upstream.read()
            kept = {k.lower(): v.replace(self.upstream_url, self.url)
                    for k, v in upstream.getheaders() if k.lower() not in _HOP_HEADERS}
            return upstream.status, kept, data
        finally:
            conn.close()

    def __enter__(self) -> Any:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class ForwardProxy:
    """A minimal HTTP forward proxy (absolute-form requests, no CONNECT) that logs requests."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                proxy.seen.append(f"{self.command} {self.path}")
                target = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                conn = HTTPConnection(target.hostname or "", target.port or 80, timeout=10)
                path = target.path + (f"?{target.query}" if target.query else "")
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("proxy-connection", "connection")}
                conn.request(self.command, path, body=body, headers=headers)
                upstream = conn.getresponse()
                data = upstream.read()
                self.send_response(upstream.status)
                for key, value in upstream.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                conn.close()

            do_GET = do_POST = do_PUT = do_DELETE = _forward

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> ForwardProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class Replayer:
    """Serves recorded fixtures (tests/fixtures/mastodon-4.6.4) over loopback.

    Matches method + path + exact query; rewrites the recording server's URLs to its own.
    """

    def __init__(self, folder: Path, names: list[str]) -> None:
        self.records = [json.loads((folder / n).read_text("utf-8")) for n in names]
        self.requests: list[str] = []
        replayer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                replayer.requests.append(self.path)
                parts = urlsplit(self.path)
                query = sorted(parse_qsl(parts.query))
                for rec in replayer.records:
                    req = rec["request"]
                    if req["path"].rstrip("/") != parts.path.rstrip("/"):
                        continue
                    if sorted(req["query"].items()) != query:
                        continue
                    self._send(rec["response"])
                    return
                self._send({"status": 404, "headers": {"Content-Type": "application/json"},
                            "body": {"error": "no recording"}})

            def _send(self, rec: dict[str, Any]) -> None:
                headers = {k: replayer.rewrite(v) for k, v in rec["headers"].items()}
                body = rec["body"]
                if headers.get("Content-Type", "").startswith("text/event-stream"):
                    data = replayer.sse(body)
                else:
                    data = replayer.rewrite(json.dumps(body)).encode()
                self.send_response(rec["status"])
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def rewrite(self, text: str) -> str:
        return text.replace("http://localhost:3000", self.url).replace(
            "http://localhost:4000", self.url)

    def sse(self, events: list[dict[str, Any]]) -> bytes:
        out = []
        for event in events:
            if "comment" in event:
                out.append(f":{event['comment']}\n\n")
                continue
            data = event["data"]
            text = data if isinstance(data, str) else json.dumps(data)
            out.append(f"event: {event['event']}\ndata: {self.rewrite(text)}\n\n")
        return "".join(out).encode()

    def __enter__(self) -> Replayer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def approve_in_browser(url: str, username: str) -> httpx.Response:
    """What the user does in the browser: open the page, pick the account, submit."""
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    page = httpx.get(url, timeout=10)
    assert page.status_code == 200
    form = {"username": username, "redirect_uri": query["redirect_uri"],
            "client_id": query["client_id"], "scope": query["scope"],
            "state": query.get("state", "")}
    action = f"{url.split('/oauth/')[0]}/oauth/authorize"
    return httpx.post(action, data=form, follow_redirects=True, timeout=10)


def pasted_code(page: httpx.Response) -> str:
    """The code the out-of-band page shows to paste back into the app."""
    match = re.search(r"Authorization code: (\S+?)<", page.text)
    assert match, "the server did not show an authorization code"
    return match.group(1)
