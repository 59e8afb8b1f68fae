"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fedtui.mastodon.streaming import LiveFeed


@pytest.fixture
def feeds() -> Iterator[list[LiveFeed]]:
    """Live feeds a test starts; stopped when it ends."""
    started: list[LiveFeed] = []
    yield started
    for feed in started:
        feed.stop()
