"""Memory over a streaming session: the real App, four panes fed by mastodon-mock's stream.

The server is the demo instance's mastodon-mock in a subprocess (no posts seeded), so the
objects counted here are the App's own. Nobody presses a key: the full collections must
come on time, and what the App keeps after one must not grow with the posts streamed
once the panes are at their cap.
"""

from __future__ import annotations

import gc
import json
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from fedtui.app.context import AccountRef
from fedtui.app.gc_pacing import Pacing
from fedtui.cli import build_context
from fedtui.config import default_config
from fedtui.core.model import item_status
from fedtui.demo import DemoServer, start_demo
from fedtui.demo.accounts import ACCOUNTS, DEMO_USERNAME
from fedtui.ui.app import FedtuiApp
from fedtui.ui.screens.home import HomeScreen
from tests.ui.conftest import wait_for

CAP = 30  # posts per pane in this test (the real cap is 2,000: see README)
PER_POST = 2  # objects kept per post streamed past the cap: bounded per-post caches
IN_FLIGHT = 800  # objects that come and go: timers, messages, Textual's layout caches


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    server = start_demo(seed=False)
    try:
        yield server
    finally:
        server.stop()


class Poster:
    """Posts as a followed account, mentioning the demo user: Home, Notifications, Local
    and Federated all get it."""

    def __init__(self, server: DemoServer, name: str) -> None:
        author = next(a.username for a in ACCOUNTS if a.followed)
        self.url = f"{server.base_url}/api/v1/statuses"
        self.token = server.token_for(author)
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self.name = name  # the server keeps every test's posts: markers say whose
        self.count = 0
        self.ids: list[str] = []  # of the posts made, oldest first
        self.filler = ""  # words after the marker (long posts fold: cards drawn to a width)

    def post(self) -> str:
        self.count += 1
        marker = f"{self.name}-{self.count}-end"
        text = f"@{DEMO_USERNAME} {marker} #tag https://example.org/x {self.filler}"
        body = json.dumps({"status": text.strip(), "visibility": "public"}).encode()
        request = urllib.request.Request(self.url, data=body, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        with self.opener.open(request, timeout=10) as response:
            self.ids.append(str(json.load(response)["id"]))
        return marker


def newest_text(pane: Any) -> str:
    items = pane.status_list.items
    status = item_status(items[0]) if items else None
    return status.content if status is not None else ""


async def tracked_after_collection(pilot: Any) -> int:
    """Objects gc tracks after a full collection: the fewest of three moments (timers,
    messages and layout caches in flight come and go)."""
    counts = []
    for _ in range(3):
        await pilot.pause()
        gc.collect()
        counts.append(len(gc.get_objects()))
    return min(counts)


def capped_app(demo: DemoServer) -> FedtuiApp:
    """The App as the demo user, each pane holding at most `CAP` posts."""
    config = default_config({"LANG": "en_US.UTF-8"})
    config = replace(config, timeline=replace(config.timeline, max_posts=CAP))
    return FedtuiApp(build_context(config, AccountRef(demo.base_url, demo.token,
                                                      DEMO_USERNAME)))


async def live_panes(pilot: Any) -> list[Any]:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    panes = list(pilot.app.screen.panes)
    await wait_for(pilot, lambda: all("live" in pane.status_text for pane in panes))
    return panes


async def stream(pilot: Any, poster: Poster, panes: list[Any], count: int, *,
                 follow: bool = True) -> None:
    """Post `count` statuses, each once every pane has taken it: shown as its newest post,
    or, for a reader left on a post the posts above took down to the oldest in memory,
    counted as waiting on the server. With `follow`, such a reader goes back to the newest
    first (as `g` would, without a key), so that the posts go on flowing through the cap."""
    for _ in range(count):
        if follow:
            for pane in panes:
                if (pane.status_list.highlighted or 0) >= CAP // 3:
                    pane.status_list.action_first()
        waiting = [pane.state.newer_waiting for pane in panes]
        marker = poster.post()
        await wait_for(pilot, lambda m=marker, w=waiting: all(
            m in newest_text(pane) or pane.state.newer_waiting > before
            for pane, before in zip(panes, w, strict=True)), timeout=30)


async def test_streaming_without_keys_keeps_memory_flat(
        demo: DemoServer) -> None:
    app = capped_app(demo)
    app.collector.pacing = Pacing(idle=0.5, interval=3.0, promoted=10)
    poster = Poster(demo, "flat")
    async with app.run_test(size=(160, 48)) as pilot:
        panes = await live_panes(pilot)
        await stream(pilot, poster, panes, CAP + 10, follow=False)  # every pane at its cap
        assert all(len(pane.state) == CAP and pane.state.newer_waiting for pane in panes)
        ran = app.collector.collections
        await wait_for(pilot, lambda: app.collector.collections > ran)
        before = await tracked_after_collection(pilot)
        ran = app.collector.collections
        await stream(pilot, poster, panes, 60, follow=False)
        await wait_for(pilot, lambda: app.collector.collections > ran)
        garbage = gc.collect()  # what came after the App's last collection
        after = await tracked_after_collection(pilot)
        assert all(len(pane.state) == CAP for pane in panes)
        assert after - before <= 60 * PER_POST + IN_FLIGHT, (before, after)
        assert garbage < 60 * 1000, garbage


def string_keys(value: object) -> set[str]:
    """The string keys of a set or dict (none of anything else)."""
    if not isinstance(value, (set, frozenset, dict)):
        return set()
    return {key for key in value if isinstance(key, str)}


def ids_kept(holder: object, shared: set[int]) -> set[str]:
    """Every string key of the sets and dicts among `holder`'s attributes, and among those
    of the objects it holds directly (its drawn cards, its source), except objects in
    `shared` (services every pane uses, with caches bounded by their own rules)."""
    found: set[str] = set()
    for value in vars(holder).values():
        found |= string_keys(value)
        if hasattr(value, "__dict__") and not isinstance(value, type) and (
                id(value) not in shared):
            for inner in vars(value).values():
                found |= string_keys(inner)
    return found


async def test_a_list_keeps_nothing_of_the_posts_its_cap_pushed_out(
        demo: DemoServer) -> None:
    """Each list's own per-post bookkeeping (cards drawn, cards drawn to a width, times
    drawn, ...) holds only posts it still has: a day of streaming past the cap must not
    leave one entry per post ever shown."""
    app = capped_app(demo)
    poster = Poster(demo, "kept")
    poster.filler = " ".join(["words that make the post long enough to fold"] * 8)
    async with app.run_test(size=(160, 48)) as pilot:
        panes = await live_panes(pilot)
        await stream(pilot, poster, panes, CAP + 15)
        held = [{id(value) for value in vars(pane.status_list).values()} for pane in panes]
        shared = set.intersection(*held)
        for pane in panes:
            shown = {item_status(item).id for item in pane.status_list.items} | {
                item.id for item in pane.status_list.items}
            pushed_out = set(poster.ids) - shown
            assert len(pushed_out) >= 15
            assert not ids_kept(pane.status_list, shared) & pushed_out, pane.spec.kind


async def test_posts_past_the_cap_come_back_when_scrolling_past_the_end(
        demo: DemoServer) -> None:
    app = capped_app(demo)
    poster = Poster(demo, "past")
    async with app.run_test(size=(160, 48)) as pilot:
        panes = await live_panes(pilot)
        home = panes[0]
        await stream(pilot, poster, panes, CAP + 5)
        dropped = "past-1-end"
        assert all(dropped not in newest_text(p) for p in panes)
        assert not any(dropped in (item_status(i) or i).content for i in home.status_list.items)
        await pilot.press("n", "G")  # read up to the newest, then to the end and past it
        await wait_for(pilot, lambda: any(dropped in item_status(i).content
                                          for i in home.status_list.items))
        ids = [item.id for item in home.status_list.items]
        assert len(ids) == len(set(ids)) <= CAP
        assert home.state.newer_cut  # the older page pushed the newest out of memory
        newest = f"past-{poster.count}-end"
        await pilot.press("g")  # back at the top: the newest page loads again
        await wait_for(pilot, lambda: newest in newest_text(home) and not home.state.newer_cut)
        await pilot.press("n")  # the reader's post stays put; the newer ones are above it
        await wait_for(pilot, lambda: home.status_list.highlighted == 0
                       and newest in str(home.status_list.highlighted_item.content))


async def test_cards_far_from_the_screen_let_go_and_are_drawn_again_when_shown(
        demo: DemoServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("fedtui.ui.widgets.card_list.DRAWN_CARDS", 8)
    monkeypatch.setattr("fedtui.ui.widgets.card_list.RENDERED_CARDS", 8)
    app = capped_app(demo)
    poster = Poster(demo, "far")
    async with app.run_test(size=(160, 48)) as pilot:
        panes = await live_panes(pilot)
        await stream(pilot, poster, panes, 20)
        lists = [pane.status_list for pane in panes]
        assert all(sum(card.holds_content for card in cards.cards) <= 8 for cards in lists)
        home = lists[0]
        first = next(i for i, item in enumerate(home.items)
                     if "far-1-end" in item_status(item).content)
        far = home.card_at(first)
        assert not far.holds_content
        assert "far-1-end" in str(far.content)  # drawn again from its post
        home.focus()
        await pilot.press("g", *["j"] * first)
        assert home.highlighted_card is not None and home.highlighted_card.id == far.id
        shown = "\n".join(home.render_line(y).text for y in range(home.size.height))
        assert "far-1-end" in shown and "far-20-end" not in shown


async def test_lines_drawn_while_streaming_are_not_left_to_the_cyclic_collector(
        demo: DemoServer) -> None:
    """Each post moves every line of the four panes, which Textual draws again: the old
    lines must be freed when dropped, not pile up for a full collection (see
    `fedtui.ui.strip_divide`)."""
    app = capped_app(demo)
    poster = Poster(demo, "strips")
    async with app.run_test(size=(160, 48)) as pilot:
        panes = await live_panes(pilot)
        await stream(pilot, poster, panes, 3)
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            await stream(pilot, poster, panes, 10)
            await pilot.pause()
            gc.collect()
            strips = sum(type(o).__name__ == "Strip" for o in gc.garbage)
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
        assert strips == 0, strips
