"""The privacy of a reply, a quote, an edit and a redraft comes from the post answered, on
mastodon-mock and on the minimal relay (where the instance and the limits are missing too);
what a server lacks is said once, calmly. Real keys, real App."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from textual.widgets import Select

from fedtui.ui.screens.dialogs import ChoiceDialog
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.widgets.pane_problem import PaneNote
from tests.ui.conftest import seeded_config, wait_for
from tests.ui.test_compose import composing, loaded, own_statuses, status_line, text_of

LIMITS_UNKNOWN = ("This server does not describe its limits; fedtui uses the usual ones "
                  "(500 characters, 4 attachments).")


@contextmanager
def no_instance(server: Any) -> Iterator[None]:
    """On the minimal relay, the instance endpoints are gone too: no limits, no version."""
    if not server.minimal:
        yield
        return
    with server.fault(path_regex="/api/v[12]/instance/?$", status=404):
        yield


def visibility(screen: Any) -> object:
    return screen.query_one("#compose-visibility", Select).value


def cw(screen: Any) -> str:
    return str(screen.query_one("#compose-cw").value)


async def settled(pilot: Any, screen: Any, server: Any) -> None:
    """The compose screen has the server's answer (or its absence) and says so calmly."""
    if server.minimal:
        await wait_for(pilot, lambda: LIMITS_UNKNOWN in status_line(screen))
    assert "Could not reach" not in status_line(screen)
    assert not screen.query_one("#compose-status").has_class("error")


def highlight(pane: Any, text: str) -> Any:
    items = pane.status_list.items
    pane.status_list.highlighted = next(i for i, s in enumerate(items) if text in s.content)
    return pane.status_list.highlighted_status


async def test_reply_to_a_followers_only_post_with_a_cw_keeps_both(
        make_writer_app: Any, server: Any) -> None:
    secret = server.client("bob").status_post("@carol the plot twist", visibility="private",
                                               spoiler_text="Plot")
    with no_instance(server):
        async with make_writer_app(base_url=server.base_url).run_test(size=(120, 40)) as pilot:
            pane = await loaded(pilot)
            highlight(pane, "plot twist")
            await pilot.press("r")
            screen = await composing(pilot)
            # before and whatever the server answers: the post decides
            assert visibility(screen) == "private"
            assert cw(screen) == "Plot"
            assert text_of(screen) == "@bob @carol "
            await settled(pilot, screen, server)
            assert (visibility(screen), cw(screen)) == ("private", "Plot")
            # The draft read before the field has mounted (a few ms after the text) is as
            # private as the post, not public.
            field = screen.query_one("#compose-visibility", Select)
            field.set_reactive(Select.value, Select.NULL)
            assert screen.current().visibility == "private"
            field.set_reactive(Select.value, "private")
            await pilot.press(*"agreed")
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    reply = own_statuses(server)[0]
    assert reply["in_reply_to_id"] == secret["id"]
    assert reply["visibility"] == "private"
    assert reply["spoiler_text"] == "Plot"
    assert sorted(m["acct"] for m in reply["mentions"]) == ["bob", "carol"]


async def test_quote_keeps_the_quoted_posts_visibility_and_cw(make_writer_app: Any,
                                                             server: Any) -> None:
    quoted = server.client("bob").status_post("a quiet thought", visibility="unlisted",
                                               spoiler_text="Musing")
    said: list[str] = []
    with no_instance(server):
        app = make_writer_app(base_url=server.base_url)
        async with app.run_test(size=(120, 40)) as pilot:
            pane = await loaded(pilot)
            app.notify = lambda message, **kw: said.append(str(message))  # type: ignore
            highlight(pane, "quiet thought")
            await pilot.press("Q")
            screen = await composing(pilot)
            assert (visibility(screen), cw(screen)) == ("unlisted", "Musing")
            await settled(pilot, screen, server)
            await pilot.press(*"Worth reading")
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
            if server.minimal:  # the server dropped the quote: said once, calmly
                await wait_for(pilot, lambda: any("does not support quote posts" in s
                                                  for s in said))
    posted = own_statuses(server)[0]
    assert (posted["visibility"], posted["spoiler_text"]) == ("unlisted", "Musing")
    if server.minimal:
        assert posted["quote"] is None
    else:
        assert posted["quote"]["quoted_status"]["id"] == quoted["id"]


async def test_edit_keeps_visibility_and_cw_and_shows_plain_text(make_writer_app: Any,
                                                                 server: Any) -> None:
    server.client("alice").status_post("Helo world & more", visibility="private",
                                       spoiler_text="Greeting")
    with no_instance(server):
        async with make_writer_app(base_url=server.base_url).run_test(size=(120, 40)) as pilot:
            pane = await loaded(pilot)
            highlight(pane, "Helo world")
            await pilot.press("e")
            screen = await composing(pilot)
            await wait_for(pilot, lambda: text_of(screen) == "Helo world & more")
            assert (visibility(screen), cw(screen)) == ("private", "Greeting")
            await settled(pilot, screen, server)
            await pilot.press("home", "right", "right", *"l")
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    edited = own_statuses(server)[0]
    assert "Hello world &amp; more" in edited["content"]
    assert (edited["visibility"], edited["spoiler_text"]) == ("private", "Greeting")


async def test_redraft_keeps_visibility_and_cw_and_shows_plain_text(make_writer_app: Any,
                                                                    server: Any) -> None:
    posted = server.client("alice").status_post("Typo'd thoght & more",
                                                visibility="private", spoiler_text="musings")
    with no_instance(server):
        async with make_writer_app(base_url=server.base_url).run_test(size=(120, 40)) as pilot:
            pane = await loaded(pilot)
            highlight(pane, "thoght")
            await pilot.press("D")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
            await pilot.press("up", "enter")  # "Delete and redraft" (Cancel is highlighted)
            screen = await composing(pilot)
            assert text_of(screen) == "Typo'd thoght & more"  # never the server's HTML
            assert (visibility(screen), cw(screen)) == ("private", "musings")
            await settled(pilot, screen, server)
            await pilot.press("end", *" indeed")
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    statuses = own_statuses(server)
    assert all(s["id"] != posted["id"] for s in statuses)
    assert "more indeed" in statuses[0]["content"]
    assert (statuses[0]["visibility"], statuses[0]["spoiler_text"]) == ("private", "musings")


async def test_a_server_without_read_markers_or_streaming_says_so_once_in_the_pane(
        make_writer_app: Any, minimal_server: Any) -> None:
    said: list[str] = []
    app = make_writer_app(base_url=minimal_server.base_url)
    async with app.run_test(size=(160, 48)) as pilot:
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore
        pane = await loaded(pilot)
        note = pane.query_one(PaneNote)
        await wait_for(pilot, lambda: any("does not keep reading positions" in s
                                          for s in note.sentences))
        mark = minimal_server.mark()
        worker = pane.save_marker("home", pane.status_list.items[0].id)
        await wait_for(pilot, lambda: worker.is_finished)
        assert "POST /api/v1/markers" not in minimal_server.since(mark)
        panes = pilot.app.screen_stack[1].panes
        await wait_for(pilot, lambda: all(p.asked for p in panes) and all(
            w.is_finished for w in pilot.app.workers if w.group == "latest"))
        await wait_for(pilot, lambda: any("polling" in p.status_text for p in panes))
        await wait_for(pilot, lambda: any("no live updates" in s for p in panes
                                          for s in p.query_one(PaneNote).sentences))
        notes = [s for p in panes for s in p.query_one(PaneNote).sentences]
        assert note.display
    assert sum("reading positions" in s for s in notes) == 1  # in one pane, once
    assert sum("no live updates" in s for s in notes) == 1
    assert not any("reading positions" in s or "live updates" in s for s in said)
    assert not any("Could not save where you stopped" in s for s in said)


async def test_a_server_without_streaming_brings_the_first_post_of_an_empty_pane(
        make_app: Any, minimal_server: Any, seeded: Any) -> None:
    """Polling an empty notifications pane: the first mention shows (the first poll used to
    note it as where the pane was, and it never came)."""
    config = seeded_config()
    app = make_app(base_url=minimal_server.base_url,
                   config=replace(config, timeline=replace(config.timeline, poll_interval=1)))
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(pilot)
        notifications = pilot.app.screen.panes[1]
        await wait_for(pilot, lambda: "polling" in notifications.status_text)
        assert not notifications.state.items
        seeded.client("bob").status_post("@alice the first mention, while polling")
        await wait_for(pilot, lambda: any("while polling" in item.status.content
                                          for item in notifications.state.items))
