"""A pane that loads a page (its newest again, or the next older posts) keeps what
streamed in while the page was on its way: the server (or the disk) may have made the page
before those posts, edits and deletions. The real App and wiring against mastodon-mock,
with the page held back until the stream has brought the change."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest

from fedtui.core.panes import PaneKind
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.widgets.older_pages import OlderPages
from fedtui.ui.widgets.pane import TimelinePane
from tests.ui.conftest import seeded_config, wait_for
from tests.ui.test_kept_below import capped, home_pane, numbered_post, texts


@contextlib.contextmanager
def held_after(monkeypatch: pytest.MonkeyPatch, owner: type, name: str,
               holds: Callable[..., bool]) -> Iterator[tuple[threading.Event, threading.Event]]:
    """`owner.name` answers at once, but its caller gets the answer only once the second
    event is set (the first is set when it has answered), for the calls `holds` picks: a
    slow way back."""
    answered, deliver = threading.Event(), threading.Event()
    call = getattr(owner, name)

    def late(*args: Any) -> Any:
        found = call(*args)
        if holds(*args):
            answered.set()
            deliver.wait(60)
        return found

    monkeypatch.setattr(owner, name, late)
    try:
        yield answered, deliver
    finally:
        deliver.set()


def answers_late(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Home panes' newest pages, held back."""
    return held_after(monkeypatch, TimelinePane, "fetch_page", lambda pane, cursor, limit:
                      pane.spec.kind is PaneKind.HOME and cursor is None)


async def whole_home(pilot: Any) -> TimelinePane:
    """alice's home pane, live, with the whole seeded timeline (33 posts)."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    pane: TimelinePane = pilot.app.screen.panes[0]
    await wait_for(pilot, lambda: len(pane.state) == 33 and "live" in pane.status_text)
    return pane


async def favourited(pilot: Any, server: Any, status_id: str) -> None:
    """Until alice's favourite is on the server and its answer is shown."""
    await wait_for(pilot, lambda: bool(server.client("alice").status(status_id)["favourited"])
                   and not any(worker.group == "post-actions" and not worker.is_finished
                               for worker in pilot.app.workers))


def shown(pane: TimelinePane) -> list[str]:
    return [text.removeprefix("<p>").removesuffix("</p>") for text in texts(pane)]


async def test_posts_edits_and_deletions_streamed_during_a_reload_stay(
        seeded: Any, make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await whole_home(pilot)
        bob = seeded.client("bob")
        edited, deleted = numbered_post(bob, 29), numbered_post(bob, 28)
        changed = ["Posted during the reload", "Numbered post 29, edited", "Numbered post 27"]
        with answers_late(monkeypatch) as (answered, deliver):
            await pilot.press("ctrl+r")
            await wait_for(pilot, answered.is_set)  # the page is made: then the changes
            assert pane.status_text == "reloading…"
            bob.status_post(changed[0])
            bob.status_update(edited["id"], changed[1])
            bob.status_delete(deleted["id"])
            await wait_for(pilot, lambda: shown(pane)[:3] == changed)  # streamed in
            deliver.set()
            await wait_for(pilot, lambda: pane.status_text == "live")  # the stream goes on
        assert shown(pane)[:3] == changed
        assert len(shown(pane)) == len(set(shown(pane))) == 33


async def test_a_post_streamed_while_the_newest_reload_is_on_its_way_is_shown(
        seeded: Any, make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader who read down past the cap goes back up (`g`): the newest page loads again,
    and a post that streams in meanwhile waits for it. It must be on top when it lands."""
    config = seeded_config()
    config = replace(config, timeline=replace(config.timeline, max_posts=20))
    async with make_app(config=config).run_test(size=(160, 48)) as pilot:
        pane = await home_pane(pilot)
        await pilot.press("G")  # to the end, and the next posts below: the newest are cut
        await wait_for(pilot, lambda: pane.state.newer_cut and not pane.below.loading)
        with answers_late(monkeypatch) as (answered, deliver):
            await pilot.press("g")
            await wait_for(pilot, answered.is_set)
            waiting = pane.state.newer_waiting
            seeded.client("bob").status_post("Posted while the newest were on their way")
            await wait_for(pilot, lambda: pane.state.newer_waiting == waiting + 1)
            deliver.set()
            await wait_for(pilot, lambda: not pane.state.newer_cut)  # the page is in
        assert shown(pane)[:2] == ["Posted while the newest were on their way",
                                   "Numbered post 29"]
        assert pane.status_list.highlighted == 0
        assert pane.state.newer_waiting == 0


async def test_a_post_edited_or_deleted_while_older_posts_load_is_not_back_as_it_was(
        seeded: Any, make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Posts read back from the disk (the cap pushed them out) predate an edit and a
    deletion heard while they were on their way."""
    bob = seeded.client("bob")
    edited, deleted = numbered_post(bob, 7), numbered_post(bob, 5)
    heard: list[str] = []  # the deletions the pane has heard
    hear = OlderPages.heard

    def hearing(older: OlderPages, edits: list[Any], deletions: list[str]) -> None:
        heard.extend(deletions)
        hear(older, edits, deletions)

    monkeypatch.setattr(OlderPages, "heard", hearing)
    async with capped(make_app).run_test(size=(160, 48)) as pilot:
        pane = await home_pane(pilot)
        with held_after(monkeypatch, OlderPages, "fetch", lambda *args: True) as (
                answered, deliver):
            await pilot.press("G")
            await wait_for(pilot, answered.is_set)  # read from the disk: then the changes
            bob.status_update(edited["id"], "Numbered post 7, edited")
            bob.status_delete(deleted["id"])  # after the edit, on the same stream
            await wait_for(pilot, lambda: deleted["id"] in heard)
            deliver.set()
            await wait_for(pilot, lambda: "Numbered post 0" in shown(pane)
                           or "Numbered post 1" in shown(pane))
        assert "Numbered post 7, edited" in shown(pane)
        assert "Numbered post 5" not in shown(pane) and "Numbered post 7" not in shown(pane)


async def test_a_favourite_made_during_a_reload_stays(
        seeded: Any, make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not from the stream: an action's change (and an edit another pane tells) is kept
    the same way."""
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await whole_home(pilot)
        top = pane.status_list.highlighted_status
        with answers_late(monkeypatch) as (answered, deliver):
            await pilot.press("ctrl+r")
            await wait_for(pilot, answered.is_set)  # the page is made: then the favourite
            await pilot.press("f")
            await favourited(pilot, seeded, top.id)
            deliver.set()
            await wait_for(pilot, lambda: pane.status_text == "live")
        assert pane.state.get(top.id).favourited


async def test_a_favourite_made_while_a_thread_loads_stays(
        seeded: Any, make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from fedtui.mastodon.client import InstanceClient
    from fedtui.ui.screens.thread import ThreadScreen

    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await whole_home(pilot)
        top = pane.status_list.highlighted_status
        with held_after(monkeypatch, InstanceClient, "thread", lambda *args: True) as (
                answered, deliver):
            await pilot.press("enter")
            await wait_for(pilot, answered.is_set)  # the thread is made: then the favourite
            assert isinstance(pilot.app.screen, ThreadScreen)
            await pilot.press("f")
            await favourited(pilot, seeded, top.id)
            deliver.set()
            await wait_for(pilot, lambda: "esc to go back" in str(
                pilot.app.screen.query_one("#screen-title").render()))
        assert pilot.app.screen.state.get(top.id).favourited
