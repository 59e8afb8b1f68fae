"""A minimal Mastodon-API server for the tests: a relay in front of mastodon-mock that
behaves like the servers that lack endpoints or ignore fields.

Each `Profile` says which requests answer 404 or 405 and which fields are ignored (dropped
from the request, or from the statuses answered). Every profile answers 404 to the
instance endpoints with a trailing slash (`/api/v1/instance/`, as Mastodon.py asks them)
while the same paths without the slash answer, and has no streaming (or only over
WebSocket, which fedtui does not use). The relay logs every request it gets, so a test can
count what one user action sent.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

#: Every profile: the instance endpoints with a trailing slash, and SSE streaming.
COMMON_MISSING = ("GET /api/v[12]/instance/", "GET /api/v1/streaming.*")


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    version: str  # what the instance says it runs
    missing: tuple[str, ...] = ()  # "METHOD path-regex": answered 404
    refused: tuple[str, ...] = ()  # answered 405
    ignored: tuple[str, ...] = ()  # fields of a new or edited status the server drops
    hidden: tuple[str, ...] = ()  # fields of statuses the server never sends
    html_source: bool = False  # a deleted status's `text` is its HTML, not its source
    api_versions: bool = False  # the instance has `api_versions` (Mastodon 4.3+)


PROFILES = {
    # The server of the issue: everything optional is missing or ignored.
    "minimal": Profile(
        "minimal", "4.2.0",
        missing=("GET|POST /api/v1/markers", "GET|POST /api/v2/notifications.*",
                 "GET /api/v1/statuses/[^/]+/source", ".* /api/v1/scheduled_statuses.*"),
        refused=("POST /api/v2/filters",),
        ignored=("scheduled_at", "quoted_status_id"), hidden=("quote", "quote_approval"),
        html_source=True),
    "pleroma-like": Profile(
        "pleroma-like", "2.7.2 (compatible; Pleroma 2.6.1)",
        missing=("GET /api/v2/instance", "GET|POST /api/v2/notifications.*",
                 ".* /api/v2/filters.*"),
        ignored=("quoted_status_id",), hidden=("quote", "quote_approval"),
        html_source=True),
    "gotosocial-like": Profile(
        "gotosocial-like", "0.17.3+git-2c4a1b",
        missing=("GET|POST /api/v2/notifications.*",),
        ignored=("scheduled_at", "quoted_status_id"), hidden=("quote", "quote_approval")),
    "old-mastodon": Profile(
        "old-mastodon", "3.4.1",
        missing=("GET /api/v2/instance", "GET|POST /api/v2/notifications.*",
                 ".* /api/v2/filters.*", "GET /api/v1/statuses/[^/]+/source",
                 "PUT /api/v1/statuses/[^/]+"),
        ignored=("quoted_status_id",), hidden=("quote", "quote_approval")),
}


def _rule(rule: str) -> re.Pattern[str]:
    methods, path = rule.split(" ", 1)
    return re.compile(f"(?:{methods}) {path}")


class MinimalServer:
    """The relay on a free loopback port in front of mastodon-mock at `upstream_url`."""

    def __init__(self, upstream_url: str, profile: str | Profile = "minimal") -> None:
        self.profile = PROFILES[profile] if isinstance(profile, str) else profile
        self.upstream = urlsplit(upstream_url)
        self.upstream_url = upstream_url.rstrip("/")
        self.requests: list[str] = []
        self._missing = [_rule(r) for r in (*COMMON_MISSING, *self.profile.missing)]
        self._refused = [_rule(r) for r in self.profile.refused]
        self._lock = threading.Lock()
        relay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                relay.answer(self)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _any

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- counting ------------------------------------------------------------------------

    def mark(self) -> int:
        with self._lock:
            return len(self.requests)

    def since(self, mark: int) -> list[str]:
        """The requests received since `mark` ("METHOD /path")."""
        with self._lock:
            return self.requests[mark:]

    # -- answering -----------------------------------------------------------------------

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        key = f"{handler.command} {parts.path}"
        with self._lock:
            self.requests.append(key)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        if any(rule.fullmatch(key) for rule in self._missing):
            self._send(handler, 404, {"error": "Record not found"})
            return
        if any(rule.fullmatch(key) for rule in self._refused):
            self._send(handler, 405, {"error": "Method not allowed"})
            return
        path = handler.path
        if re.fullmatch(r"(POST /api/v1/statuses|PUT /api/v1/statuses/[^/]+)", key):
            body = self._drop_fields(handler.headers.get("Content-Type", ""), body)
        if key == "POST /api/v1/notifications/dismiss":  # the pre-2.9.2 form
            found = dict(parse_qsl(body.decode()))
            path, body = f"/api/v1/notifications/{found.get('id', '')}/dismiss", b""
        status, headers, data = self._forward(handler, path, body)
        content_type = headers.get("content-type", "")
        if content_type.startswith("application/json") and data:
            data = self._rewrite_json(key, json.loads(data.decode()))
        else:
            data = data.replace(self.upstream_url.encode(), self.base_url.encode())
        headers = {k: v.replace(self.upstream_url, self.base_url) for k, v in headers.items()}
        self._send_raw(handler, status, headers, data)

    def _forward(self, handler: BaseHTTPRequestHandler, path: str,
                 body: bytes) -> tuple[int, dict[str, str], bytes]:
        conn = HTTPConnection(self.upstream.hostname or "127.0.0.1", self.upstream.port,
                              timeout=30)
        headers = {k: v for k, v in handler.headers.items()
                   if k.lower() not in ("connection", "content-length", "host",
                                        "accept-encoding")}
        headers["Content-Length"] = str(len(body))
        try:
            conn.request(handler.command, path, body=body or None, headers=headers)
            upstream = conn.getresponse()
            data = upstream.read()
            kept = {k.lower(): v for k, v in upstream.getheaders()
                    if k.lower() not in ("transfer-encoding", "connection", "content-length",
                                         "content-encoding")}
            return upstream.status, kept, data
        finally:
            conn.close()

    def _drop_fields(self, content_type: str, body: bytes) -> bytes:
        ignored = self.profile.ignored
        if not ignored or not body:
            return body
        if content_type.startswith("application/json"):
            data = json.loads(body.decode())
            return json.dumps({k: v for k, v in data.items() if k not in ignored}).encode()
        pairs = [(k, v) for k, v in parse_qsl(body.decode(), keep_blank_values=True)
                 if k.split("[")[0] not in ignored]
        return urlencode(pairs).encode()

    def _rewrite_json(self, key: str, data: Any) -> bytes:
        if re.fullmatch(r"GET /api/v[12]/instance", key) and isinstance(data, dict):
            data["version"] = self.profile.version
            if not self.profile.api_versions:
                data.pop("api_versions", None)
        for entity in _dicts(data):
            for name in self.profile.hidden:
                entity.pop(name, None)
        if (self.profile.html_source and re.fullmatch(r"DELETE /api/v1/statuses/[^/]+", key)
                and isinstance(data, dict)):
            data["text"] = data.get("content") or ""
        text = json.dumps(data).replace(self.upstream_url, self.base_url)
        return text.encode()

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: Any) -> None:
        MinimalServer._send_raw(handler, status, {"content-type": "application/json"},
                                json.dumps(body).encode())

    @staticmethod
    def _send_raw(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str],
                  data: bytes) -> None:
        handler.send_response(status)
        for key, value in headers.items():
            if key not in ("date", "server"):
                handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def __enter__(self) -> MinimalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _dicts(data: Any) -> Iterator[dict[str, Any]]:
    """Every mapping inside `data`, outermost first."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _dicts(value)
    elif isinstance(data, list):
        for value in data:
            yield from _dicts(value)
