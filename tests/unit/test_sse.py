"""The chunk-at-a-time SSE reader dispatches what Mastodon.py's own byte loop dispatches."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mastodon.errors import MastodonMalformedEventError, MastodonNetworkError
from mastodon.streaming import StreamListener
from requests.exceptions import ChunkedEncodingError

from fedtui.mastodon.sse import read_events

FIXTURES = Path(__file__).parents[1] / "fixtures" / "mastodon-4.6.4"


def recorded_stream() -> bytes:
    """A real user stream (Mastodon 4.6.4) as the server sent it: heartbeats, updates,
    notifications, deletes."""
    body = json.loads((FIXTURES / "api_v1_streaming_user__GET_001.json")
                      .read_text(encoding="utf-8"))["response"]["body"]
    out = []
    for part in body:
        if "comment" in part:
            out.append(f":{part['comment']}\n\n")
        else:
            data = part["data"]
            text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
            out.append(f"event: {part['event']}\ndata: {text}\n\n")
    return "".join(out).encode("utf-8")


class Recording(StreamListener):
    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def handle_heartbeat(self) -> None:
        self.seen.append(("heartbeat", ""))

    def on_any_event(self, name: str, data: Any = None, for_stream: Any = None) -> None:
        self.seen.append((name, json.dumps(data, default=str, sort_keys=True)))

    def on_unknown_event(self, name: str, unknown_event: Any = None) -> None:
        pass


class Chunks:
    """A response whose body arrives in these chunks (then, optionally, an error)."""

    def __init__(self, chunks: list[bytes], error: Exception | None = None) -> None:
        self.chunks, self.error = chunks, error

    def iter_content(self, chunk_size: int = 1) -> Any:
        yield from self.chunks
        if self.error is not None:
            raise self.error


def cut(data: bytes, sizes: list[int]) -> list[bytes]:
    chunks, at = [], 0
    for size in sizes:
        if at >= len(data):
            break
        chunks.append(data[at:at + size])
        at += size
    return [*chunks, data[at:]] if at < len(data) else chunks


def by_mastodon_py(chunks: list[bytes]) -> list[tuple[str, str]]:
    listener = Recording()
    listener.handle_stream(Chunks(chunks))  # type: ignore[no-untyped-call]
    return listener.seen


def by_fedtui(chunks: list[bytes]) -> list[tuple[str, str]]:
    listener = Recording()
    read_events(listener, Chunks(chunks))
    return listener.seen


def test_a_recorded_stream_gives_the_same_events() -> None:
    data = recorded_stream()
    expected = by_mastodon_py([data])
    assert {name for name, _ in expected} >= {"heartbeat", "update", "notification", "delete"}
    assert by_fedtui([data]) == expected
    assert by_fedtui([data[i:i + 1] for i in range(len(data))]) == expected  # byte by byte


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=3000), max_size=60))
def test_however_the_stream_is_cut_the_events_are_the_same(sizes: list[int]) -> None:
    data = recorded_stream()
    assert by_fedtui(cut(data, sizes)) == by_mastodon_py([data])


def test_an_event_not_finished_is_not_dispatched() -> None:
    assert by_fedtui([b"event: delete\ndata: 1", b"2\n\nevent: delete\ndata: 3\n"]) == [
        ("delete", '"12"')]


def test_broken_utf8_is_a_malformed_event() -> None:
    with pytest.raises(MastodonMalformedEventError):
        by_fedtui([b"event: update\ndata: \xff\xfe\n\n"])


def test_a_dropped_connection_is_mastodon_pys_network_error() -> None:
    listener = Recording()
    with pytest.raises(MastodonNetworkError):
        read_events(listener, Chunks([b"event: delete\ndata: 5\n\n"],
                                     ChunkedEncodingError("gone")))
    assert listener.seen == [("delete", '"5"')]
