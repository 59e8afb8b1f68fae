"""Pilot tests drive the real App against mastodon-mock through the real wiring."""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest

from fedtui.app.context import AccountRef
from fedtui.cli import build_context
from fedtui.config import Config, default_config
from fedtui.core.panes import PaneKind
from fedtui.ui.app import FedtuiApp


def seeded_config() -> Config:
    """The defaults, with pages of 40: the seeded world (33 posts) fits in the first one."""
    config = default_config({"LANG": "en_US.UTF-8"})
    return replace(config, timeline=replace(config.timeline, page_size=40))


@pytest.fixture
def seeded(mock_server: Any) -> Any:
    """bob posts a little world that alice (who follows bob) reads in her home pane."""
    bob = mock_server.client("bob")
    first = bob.status_post("Good morning from bob! #terminal https://example.org/page")
    bob.status_post("A reply to myself to make a thread", in_reply_to_id=first["id"])
    bob.status_post("The plot of the film", spoiler_text="Spoilers for the film")
    for number in range(30):
        bob.status_post(f"Numbered post {number}")
    return mock_server


@pytest.fixture
def make_app(seeded: Any) -> Callable[..., FedtuiApp]:
    def factory(username: str = "alice", config: Config | None = None,
                base_url: str | None = None, **changes: Any) -> FedtuiApp:
        """The App as `username`, on mastodon-mock or on `base_url` (a relay before it)."""
        cfg = config or seeded_config()
        if changes:
            cfg = replace(cfg, **changes)
        account = AccountRef(base_url or seeded.base_url, f"{username}_token", username)
        return FedtuiApp(build_context(cfg, account))

    return factory


async def wait_for(pilot: Any, predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    """Let workers and messages run until `predicate` holds (no fixed sleeps)."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.05)


@pytest.fixture
def make_writer_app(make_app: Callable[..., FedtuiApp]) -> Callable[..., FedtuiApp]:
    """Like `make_app`, for writing tests: `build_context` wires the draft store."""
    def factory(*args: Any, **kwargs: Any) -> FedtuiApp:
        app = make_app(*args, **kwargs)
        assert app.context.drafts is not None
        return app

    return factory


def card(pane: Any, index: int = 0) -> str:
    """A card's text with its translation's lines joined again (they are wrapped to the
    pane's width, each behind the rule)."""
    text = str(pane.status_list.card_at(index).content)
    return re.sub(r" *\n┃ ", " ", text)


@contextlib.contextmanager
def answers_held(monkeypatch: pytest.MonkeyPatch, kind: PaneKind) -> Iterator[threading.Event]:
    """Panes of `kind` get the server's pages only once the yielded event is set (or the
    block ends): a slow server that is slow exactly as long as the test needs."""
    from fedtui.ui.widgets.pane import TimelinePane

    release = threading.Event()
    fetch_page = TimelinePane.fetch_page

    def held(pane: TimelinePane, cursor: object | None, limit: int) -> Any:
        if pane.spec.kind is kind:
            release.wait(60)
        return fetch_page(pane, cursor, limit)

    monkeypatch.setattr(TimelinePane, "fetch_page", held)
    try:
        yield release
    finally:
        release.set()
