"""What a server lacks is kept for the next start (per instance, in the local database),
so the next run does not find it out again by failing; a new server version is learned
again. Mastodon.py against the minimal relay in front of mastodon-mock, through the
wiring `fedtui` itself uses (`cli.build_context`)."""

from __future__ import annotations

import threading
import time
from typing import Any

from fedtui import paths
from fedtui.app.context import AccountRef, AppContext
from fedtui.cli import build_context
from fedtui.config import default_config
from fedtui.core.capabilities import Feature
from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.mastodon.streaming import LiveFeed, StreamEvent
from fedtui.store.capabilities import CapabilityStore
from fedtui.store.db import Database
from tests.integration.minimal_server import MinimalServer


def context_on(server: MinimalServer) -> AppContext:
    return build_context(default_config({}), AccountRef(server.base_url, "bob_token", "bob"))


def wait_until(predicate: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)


def test_the_next_start_does_not_ask_for_what_the_server_lacks(
        minimal_server: MinimalServer) -> None:
    first = context_on(minimal_server)
    assert first.actions().markers() == {}  # learned by failing, once
    events: list[StreamEvent] = []
    feed = LiveFeed(first.client(), PaneSpec(PaneKind.LOCAL), events.append,
                    poll_interval=60)
    feed.start()
    try:
        wait_until(lambda: not first.client().capabilities.supports(Feature.STREAMING))
    finally:
        feed.stop()
    mark = minimal_server.mark()
    second = context_on(minimal_server)
    client = second.client()
    assert not client.capabilities.supports(Feature.MARKERS)
    assert not client.capabilities.supports(Feature.STREAMING)
    assert second.actions().markers() == {}
    polled: list[StreamEvent] = []
    feed = LiveFeed(client, PaneSpec(PaneKind.LOCAL), polled.append, poll_interval=60)
    feed.start()
    try:
        wait_until(lambda: any(e.kind == "polling" for e in polled))
        wait_until(lambda: not any(t.name == "server-version" for t in threading.enumerate()))
    finally:
        feed.stop()
    sent = minimal_server.since(mark)
    assert "GET /api/v1/markers" not in sent
    assert not any(request.startswith("GET /api/v1/streaming") for request in sent), sent
    assert client.capabilities.unsaid(Feature.MARKERS) == [
        "This server does not keep reading positions; each start begins at the newest post."]


def test_a_new_server_version_is_learned_again(minimal_server: MinimalServer) -> None:
    with Database(paths.db_path()) as database:
        CapabilityStore(database).save(minimal_server.base_url, "0.0.1",
                                       frozenset({Feature.MARKERS}))
    context = context_on(minimal_server)
    client = context.client()
    # the server says another version (in a thread of its own): the memory is dropped
    wait_until(lambda: client.capabilities.supports(Feature.MARKERS))
    mark = minimal_server.mark()
    assert context.actions().markers() == {}
    assert minimal_server.since(mark) == ["GET /api/v1/markers"]  # asked again, and learned
    with Database(paths.db_path()) as database:
        remembered = CapabilityStore(database).load(minimal_server.base_url)
    assert remembered is not None
    version, missing = remembered
    assert version != "0.0.1" and "markers" in missing
