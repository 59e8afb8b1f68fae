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
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from tests.integration.mastodon_support import HttpRelay

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
    #: How quotes are sent: "mastodon" ({state, quoted_status}), "akkoma" (`quote` is the
    #: quoted status) or "pleroma" (`pleroma.quote` and `pleroma.quote_id`).
    quote_form: str = "mastodon"


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


class MinimalServer(HttpRelay):
    """The relay on a free loopback port in front of mastodon-mock at `upstream_url`."""

    def __init__(self, upstream_url: str, profile: str | Profile = "minimal") -> None:
        super().__init__(upstream_url)
        self.profile = PROFILES[profile] if isinstance(profile, str) else profile
        self.requests: list[str] = []
        self._missing = [_rule(r) for r in (*COMMON_MISSING, *self.profile.missing)]
        self._refused = [_rule(r) for r in self.profile.refused]
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return self.url

    # -- counting ------------------------------------------------------------------------

    def mark(self) -> int:
        with self._lock:
            return len(self.requests)

    def since(self, mark: int) -> list[str]:
        """The requests received since `mark` ("METHOD /path")."""
        with self._lock:
            return self.requests[mark:]

    # -- answering -----------------------------------------------------------------------

    def answer(self, method: str, path: str, headers: dict[str, str],
               body: bytes) -> tuple[int, dict[str, str], bytes]:
        key = f"{method} {urlsplit(path).path}"
        with self._lock:
            self.requests.append(key)
        if any(rule.fullmatch(key) for rule in self._missing):
            return _json(404, {"error": "Record not found"})
        if any(rule.fullmatch(key) for rule in self._refused):
            return _json(405, {"error": "Method not allowed"})
        if re.fullmatch(r"(POST /api/v1/statuses|PUT /api/v1/statuses/[^/]+)", key):
            body = self._drop_fields(headers.get("content-type", ""), body)
        if key == "POST /api/v1/notifications/dismiss":  # the pre-2.9.2 form
            found = dict(parse_qsl(body.decode()))
            path, body = f"/api/v1/notifications/{found.get('id', '')}/dismiss", b""
        status, answered, data = self.forward(method, path, headers, body)
        if answered.get("content-type", "").startswith("application/json") and data:
            data = self._rewrite_json(key, json.loads(data.decode()))
        else:
            data = data.replace(self.upstream_url.encode(), self.base_url.encode())
        return status, answered, data

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
        for entity in list(_dicts(data)):
            for name in self.profile.hidden:
                entity.pop(name, None)
            if self.profile.quote_form != "mastodon" and isinstance(entity.get("quote"), dict):
                _quote_as(self.profile.quote_form, entity)
        if (self.profile.html_source and re.fullmatch(r"DELETE /api/v1/statuses/[^/]+", key)
                and isinstance(data, dict)):
            data["text"] = data.get("content") or ""
        text = json.dumps(data).replace(self.upstream_url, self.base_url)
        return text.encode()

def _quote_as(form: str, status: dict[str, Any]) -> None:
    """Rewrite a Mastodon quote ({state, quoted_status}) in Akkoma's or Pleroma's form."""
    quoted = status.pop("quote").get("quoted_status")
    if form == "akkoma":
        status["quote"] = quoted
    elif quoted is not None:
        status["pleroma"] = {"quote": quoted, "quote_id": quoted.get("id")}


def _json(status: int, body: Any) -> tuple[int, dict[str, str], bytes]:
    return status, {"content-type": "application/json"}, json.dumps(body).encode()


def _dicts(data: Any) -> Iterator[dict[str, Any]]:
    """Every mapping inside `data`, outermost first."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _dicts(value)
    elif isinstance(data, list):
        for value in data:
            yield from _dicts(value)
