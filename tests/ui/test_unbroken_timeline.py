"""Whatever streams in, is deleted or edited, and wherever the reader goes, a pane's posts
stay one unbroken run of the server's timeline: reading down from the posts in memory
reaches (from the local cache, then the server) every later post once, as it is now, and
the top loads the newest again. Random runs of the real App and wiring against
mastodon-mock, at the smallest cap (part of the first page goes to the cache at once), in
the home pane and in the notifications pane (bob's posts mention alice there)."""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any
from unittest import mock

import httpx
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fedtui.app.context import AccountRef
from fedtui.cli import build_context
from fedtui.config import Config
from fedtui.ui.app import FedtuiApp
from fedtui.ui.widgets.live_updates import LiveUpdates
from fedtui.ui.widgets.pane import TimelinePane
from tests.ui.conftest import seeded_config, wait_for

CAP = 20  # the least `timeline.max_posts` takes
PAGE = 30  # the first page: 20 in memory, 10 to the cache; below them, the server's pages
SEEDED = 40
KINDS = ("post", "post", "delete", "edit", "key", "key", "key", "race")
KEYS = ("j", "k", "G", "g", "n", "space", "pageup", "ctrl+r")
operations = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 99)), max_size=12)

#: A post on the server: (the pane's item id, the post's content, the post's id).
Entry = tuple[str, str, str]


def home_timeline(alice: Any) -> list[Entry]:
    """alice's whole home timeline on the server, newest first."""
    page, posts = alice.timeline_home(limit=40), []
    while page:
        posts += [(str(s["id"]), s["content"], str(s["id"])) for s in page]
        page = alice.fetch_next(page)
    return posts


def mentions(alice: Any) -> list[Entry]:
    """alice's notifications on the server, newest first, but those about a deleted post
    (mastodon-mock keeps them; Mastodon deletes them, as the pane does)."""
    page, entries = alice.notifications(limit=40), []
    while page:
        entries += [(str(n["id"]), n["status"]["content"], str(n["status"]["id"]))
                    for n in page if n["status"] is not None]
        page = alice.fetch_next(page)
    return entries


@dataclass(frozen=True)
class Watched:
    """The pane a run watches: which of the default panes, what bob writes to reach it,
    the server's list of it, and the post an item of it shows."""

    pane: int
    writes: str
    timeline: Callable[[Any], list[Entry]]
    post: Callable[[Any], Any]


HOME = Watched(0, "{}", home_timeline, lambda item: item)
NOTIFICATIONS = Watched(1, "@alice {}", mentions, lambda item: item.status)


class Taken:
    """Counts the live events each pane takes (each is in its list by then): installed as
    `LiveUpdates.take`."""

    def __init__(self) -> None:
        self.counts: dict[LiveUpdates, int] = {}
        take = LiveUpdates.take

        def counted(live: LiveUpdates) -> list[Any]:
            events = take(live)
            self.counts[live] = self.counts.get(live, 0) + len(events)
            return events

        self.take = counted

    def reached(self, expected: dict[LiveUpdates, int]) -> bool:
        return all(self.counts.get(live, 0) >= n for live, n in expected.items())




@contextmanager
def fresh_folders() -> Iterator[None]:
    """A cache and data folder of its own for each run (no page cached by the last one)."""
    with tempfile.TemporaryDirectory() as folder, mock.patch.dict(
            os.environ, {"XDG_CACHE_HOME": f"{folder}/cache", "XDG_DATA_HOME": f"{folder}/data"}):
        yield


async def settle(pilot: Any, pane: TimelinePane) -> None:
    """Until the pane's loads (newest page, older posts) have come in."""
    def loading() -> bool:
        return pane.below.loading or any(
            w.node is pane and w.group in ("latest", "older") and not w.is_finished
            for w in pilot.app.workers)
    await pilot.pause()
    await wait_for(pilot, lambda: not loading())
    await pilot.pause()


def listed(pane: TimelinePane) -> list[str]:
    return [item.id for item in pane.state.items]


def alices_app(server: Any, config: Config) -> FedtuiApp:
    return FedtuiApp(build_context(config, AccountRef(server.base_url, "alice_token", "alice")))


async def read_through(server: Any, watched: Watched, operations: list[tuple[str, int]]
                       ) -> None:
    httpx.post(f"{server.base_url}/api/v1/_mock/reset", timeout=10).raise_for_status()
    bob, alice = server.client("bob"), server.client("alice")
    for number in range(SEEDED):
        bob.status_post(watched.writes.format(f"Post {number}"))
    config = seeded_config()
    config = replace(config, timeline=replace(config.timeline, max_posts=CAP, page_size=PAGE))
    taken = Taken()
    with fresh_folders(), mock.patch.object(LiveUpdates, "take", taken.take):
        app = alices_app(server, config)
        async with app.run_test(size=(60, 24)) as pilot:
            await wait_for(pilot, lambda: bool(getattr(app.screen, "panes", None)))
            panes = app.screen.panes
            pane = panes[watched.pane]
            await wait_for(pilot, lambda: "live" in panes[0].status_text
                           and "live" in pane.status_text)
            await pilot.press(*["l"] * watched.pane)  # the watched pane has the keys
            home = panes[0].live
            expected = {home: 0, pane.live: 0}  # live events each pane takes
            posted = edits = 0
            for kind, arg in operations:
                posts = [post_id for _, _, post_id in watched.timeline(alice)]
                if kind in ("key", "race"):
                    await pilot.press(KEYS[arg % len(KEYS)])
                    if kind == "key":
                        await settle(pilot, pane)
                        continue
                    kind = "post"  # while what the key loads is on its way
                if kind == "post":
                    posted += 1
                    bob.status_post(watched.writes.format(f"Post {SEEDED + posted}"))
                    expected[pane.live] += pane.live is not home  # a notification
                elif kind == "delete" and posts and watched is HOME:
                    bob.status_delete(posts[arg % len(posts)])
                elif kind == "edit" and posts:
                    edits += 1
                    bob.status_update(posts[arg % len(posts)],
                                      status=watched.writes.format(f"Edit {edits}"))
                else:
                    continue
                expected[home] += 1  # the home pane hears each (and tells the others)
                await wait_for(pilot, lambda: taken.reached(expected))
                await settle(pilot, pane)
            await check_unbroken(pilot, pane, watched, watched.timeline(alice))


async def check_unbroken(pilot: Any, pane: TimelinePane, watched: Watched,
                         timeline: list[Entry]) -> None:
    """The posts in memory are a run of `timeline`; reading down reaches the rest of it,
    each post once and as it is now; the top then loads its newest posts."""
    ids = [item_id for item_id, _, _ in timeline]
    content = {item_id: text for item_id, text, _ in timeline}
    seen = listed(pane)
    assert seen, "the pane shows nothing"
    start = ids.index(seen[0])
    assert seen == ids[start:start + len(seen)]
    assert start == 0 or pane.state.newer_cut  # newer posts than the top: it says so
    while True:
        assert all(watched.post(pane.state.get(i)).content == content[i] for i in listed(pane))
        last = seen[-1]
        await pilot.press("G")
        await settle(pilot, pane)
        now = listed(pane)
        assert now == ids[ids.index(now[0]):][:len(now)]  # still a run of the timeline
        assert last in now  # the reader's post stays
        below = now[now.index(last) + 1:]
        if not below:
            break
        seen += below
    assert seen == ids[start:]
    await pilot.press("g")
    await settle(pilot, pane)
    assert listed(pane) == ids[:len(pane.state)] and not pane.state.newer_cut


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations)
@example([("key", 2)] * 3 + [("delete", 39)])  # at the end, below the cap: G loads nothing
@example([("post", 0), ("post", 0), ("key", 2), ("post", 0)])  # read down under new posts
def test_a_panes_posts_stay_one_unbroken_run_of_the_timeline(
        mock_server_session: Any, operations: list[tuple[str, int]]) -> None:
    asyncio.run(read_through(mock_server_session, HOME, operations))


@settings(max_examples=2, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations)
@example([("edit", 5)])  # a mention edited: its notification shows the edit
def test_the_notifications_stay_one_unbroken_run_of_the_servers(
        mock_server_session: Any, operations: list[tuple[str, int]]) -> None:
    asyncio.run(read_through(mock_server_session, NOTIFICATIONS, operations))
