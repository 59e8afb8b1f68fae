"""Media with alt text, scheduled posts, server filters and switching accounts: real keys,
real App, Mastodon.py against mastodon-mock."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from fedtui.ui.screens.compose import ComposeScreen
from fedtui.ui.screens.dialogs import ChoiceDialog
from fedtui.ui.screens.filters import FilterEditor, FiltersScreen
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.screens.scheduled import ScheduledScreen
from tests.ui.conftest import wait_for
from tests.ui.test_compose import composing, loaded, own_statuses, status_line

#: A 1x1 transparent PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJ"
    "RU5ErkJggg==")


async def test_media_without_alt_text_warns_then_posts_with_it(make_writer_app: Any,
                                                               server: Any,
                                                               tmp_path: Path) -> None:
    picture = tmp_path / "sunset.png"
    picture.write_bytes(PNG)
    async with make_writer_app(base_url=server.base_url).run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        screen = await composing(pilot)
        await pilot.press(*"Look at this")
        await pilot.press("ctrl+g")
        await pilot.press(*str(picture), "enter")
        await wait_for(pilot, lambda: bool(screen.query(".media-row")))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        assert "no alt text" in str(pilot.app.screen.body)
        await pilot.press("enter")  # go back and describe it
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ComposeScreen))
        screen.query_one(".media-alt").focus()
        await pilot.press(*"An orange sun over the sea")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    posted = own_statuses(server)[0]
    assert [m["description"] for m in posted["media_attachments"]] == [
        "An orange sun over the sea"]


async def test_schedule_a_post_then_cancel_it(make_writer_app: Any, server: Any) -> None:
    async with make_writer_app(base_url=server.base_url).run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        screen = await composing(pilot)
        await pilot.press(*"Good morning, future")
        screen.query_one("#compose-schedule").focus()
        await pilot.press(*"+2h")
        await pilot.press("ctrl+s")
        if server.minimal:  # no scheduling: said, kept, and never published now
            await wait_for(pilot, lambda: "does not schedule posts" in status_line(screen))
            assert isinstance(pilot.app.screen, ComposeScreen)
            assert own_statuses(server) == []
            return
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        alice = server.client("alice")
        assert [s["params"]["text"] for s in alice.scheduled_statuses()] == [
            "Good morning, future"]
        await pilot.press("U")
        assert isinstance(pilot.app.screen, ScheduledScreen)
        table = pilot.app.screen.query_one("#scheduled")
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("up", "enter")  # "Cancel it" (the highlighted answer keeps it)
        await wait_for(pilot, lambda: alice.scheduled_statuses() == [])


async def test_a_schedule_that_is_not_a_time_is_explained(make_writer_app: Any) -> None:
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        screen = await composing(pilot)
        await pilot.press(*"Soon")
        screen.query_one("#compose-schedule").focus()
        await pilot.press(*"tomorrowish")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "is not a time" in status_line(screen))


async def test_create_and_delete_a_server_filter(make_writer_app: Any, server: Any) -> None:
    alice = server.client("alice")
    said: list[str] = []
    app = make_writer_app(base_url=server.base_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore
        await pilot.press("ctrl+f")
        assert isinstance(pilot.app.screen, FiltersScreen)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FilterEditor))
        await pilot.press(*"Spoilers", "tab", *"finale", "enter", *"season 3")
        pilot.app.screen.query_one("#save").press()
        if server.minimal:  # filters cannot be created there: one calm sentence
            await wait_for(pilot, lambda: any("does not let apps create" in s for s in said))
            assert alice.filters_v2() == []
            return
        await wait_for(pilot, lambda: [f["title"] for f in alice.filters_v2()] == ["Spoilers"])
        words = [k["keyword"] for k in alice.filters_v2()[0]["keywords"]]
        assert sorted(words) == ["finale", "season 3"]
        table = pilot.app.screen.query_one("#filters")
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("up", "enter")  # "Delete it" (the highlighted answer keeps it)
        await wait_for(pilot, lambda: alice.filters_v2() == [])


@pytest.mark.parametrize("typed", [(), ("end", "enter", *"bye")])
async def test_editing_a_filter_keeps_a_keyword_with_a_comma(make_writer_app: Any,
                                                             seeded: Any,
                                                             typed: tuple[str, ...]) -> None:
    alice = seeded.client("alice")
    alice.create_filter_v2("Quotes", ["home"], "warn",
                           keywords_attributes=[{"keyword": "hello, world", "whole_word": False}])
    said: list[str] = []
    app = make_writer_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore
        await pilot.press("ctrl+f")
        table = pilot.app.screen.query_one("#filters")
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FilterEditor))
        await pilot.press("end", *" (renamed)", "tab", *typed)
        pilot.app.screen.query_one("#save").press()
        await wait_for(pilot, lambda: any("Saved the filter" in s for s in said))
    kept = alice.filters_v2()[0]
    assert kept["title"] == "Quotes (renamed)"
    words = {k["keyword"]: k["whole_word"] for k in kept["keywords"]}
    assert words == {"hello, world": False, **({"bye": True} if typed else {})}


async def test_switch_account_from_the_command_palette(make_writer_app: Any,
                                                       seeded: Any) -> None:
    from fedtui.store.accounts import AccountStore

    store = AccountStore()
    store.add(seeded.base_url, "alice", "alice_token")
    store.add(seeded.base_url, "bob", "bob_token")
    app = make_writer_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Switch to @bob")

        def offered() -> bool:  # the palette's search runs in the background
            from textual.command import CommandList

            options = pilot.app.screen.query(CommandList)
            return bool(options) and options.first().highlighted is not None and (
                "Switch to @bob" in str(options.first().highlighted_option.prompt))

        await wait_for(pilot, offered)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.context.account is not None
                       and app.context.account.acct == "bob")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen)
                       and "bob@" in str(pilot.app.screen.query_one("#app-header").render()))
