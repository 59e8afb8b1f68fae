"""Reading with the keyboard: real keys, real App, Mastodon.py against mastodon-mock."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from textual import events
from textual.app import App, ComposeResult

from fedtui.config import TimelineConfig
from fedtui.core.model import Status
from fedtui.ui.screens.help import HelpScreen
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.screens.profile import ProfileScreen
from fedtui.ui.screens.thread import ThreadScreen
from fedtui.ui.widgets.older_pages import OlderPages
from fedtui.ui.widgets.pane import TimelinePane
from fedtui.ui.widgets.pane_header import PaneHeader
from tests.ui.conftest import wait_for


def home(app: Any) -> HomeScreen:
    assert isinstance(app.screen, HomeScreen)
    return app.screen


async def loaded(pilot: Any) -> TimelinePane:
    screen = home(pilot.app)
    pane = screen.panes[0]
    await wait_for(pilot, lambda: len(pane.status_list.items) >= 20)
    return pane


async def test_home_pane_shows_the_newest_posts_first(make_app: Any) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        assert [p.spec.title for p in home(pilot.app).panes] == [
            "Home", "Notifications", "Local", "Federated"]
        first = pane.status_list.items[0]
        assert isinstance(first, Status)
        assert "Numbered post 29" in first.content
        assert pane.status_list.has_focus


async def test_j_k_g_G_move_between_posts(make_app: Any) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        status_list = pane.status_list
        await pilot.press("j", "j")
        assert status_list.highlighted == 2
        await pilot.press("k")
        assert status_list.highlighted == 1
        await pilot.press("G")
        assert status_list.highlighted == len(status_list.items) - 1
        await pilot.press("g")
        assert status_list.highlighted == 0


async def test_space_pages_through_a_post_taller_than_the_pane(make_app: Any,
                                                               seeded: Any) -> None:
    """A long post shown whole (`s`) on a small terminal: `space` pages through it, every
    line on screen in turn, then goes on to the next post (it did nothing, and `j` skipped
    the middle)."""
    seeded.client("bob").status_post("\n".join(f"Line {n}" for n in range(60)))
    async with make_app().run_test(size=(80, 24)) as pilot:
        cards = home(pilot.app).panes[0].status_list
        await wait_for(pilot, lambda: bool(cards.items) and "Line 0" in cards.items[0].content)
        page = cards.scrollable_content_region.height
        await pilot.press("s")
        await wait_for(pilot, lambda: cards.card_lines(0)[1] > 2 * page)  # shown whole
        top, height = cards.card_lines(0)
        seen: set[int] = set()
        for _ in range(height // page + 2):
            seen.update(range(round(cards.scroll_y), round(cards.scroll_y) + page))
            if cards.highlighted != 0:
                break
            await pilot.press("space")
        assert cards.highlighted == 1
        assert set(range(top, top + height)) <= seen


@pytest.mark.parametrize("width", [9, 10])
async def test_a_dialog_opens_on_a_tiny_terminal(make_app: Any, width: int) -> None:
    """`+` on a terminal 9 or 10 columns wide: the pane picker opens, clipped (its list had
    no room left to wrap its options, and fedtui stopped on an error)."""
    from fedtui.ui.screens.pickers import AddPaneScreen

    async with make_app().run_test(size=(width, 24)) as pilot:
        await wait_for(pilot, lambda: len(home(pilot.app).panes[0].status_list.items) >= 20)
        await pilot.press("plus")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, AddPaneScreen))
        await pilot.press("down", "down")
        assert isinstance(pilot.app.screen, AddPaneScreen)


async def test_the_pane_header_says_where_the_reader_is(make_app: Any) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        header = pane.query_one(PaneHeader)
        count = len(pane.status_list.items)
        await wait_for(pilot, lambda: f"1/{count}" in str(header.render()))
        await pilot.press("j", "j")
        await wait_for(pilot, lambda: f"3/{count}" in str(header.render()))
        assert str(header.render()).startswith("Home")


async def test_the_mouse_wheel_scrolls_a_pane_without_a_scrollbar(make_app: Any) -> None:
    async with make_app().run_test(size=(160, 24)) as pilot:
        pane = await loaded(pilot)
        status_list = pane.status_list
        assert status_list.scroll_y == 0
        for _ in range(3):
            status_list.post_message(events.MouseScrollDown(status_list, 5, 5, 0, 1, 0,
                                                            False, False, False))
        await wait_for(pilot, lambda: status_list.scroll_y > 0)


async def test_relative_times_move_on_while_reading_or_are_dates(make_app: Any) -> None:
    now = [datetime.now(UTC)]
    app = make_app()
    app.context.clock = lambda: now[0]
    async with app.run_test(size=(160, 48)) as pilot:
        status_list = (await loaded(pilot)).status_list

        def card() -> str:
            return str(status_list.card_at(0).content)

        assert " · now" in card() or re.search(r" · \d+s", card())
        now[0] += timedelta(hours=3)
        status_list.refresh_times()  # what its timer does every minute
        await wait_for(pilot, lambda: " · 3h" in card())
    dated = make_app(timeline=TimelineConfig(page_size=40, relative_times=False))
    async with dated.run_test(size=(160, 48)) as pilot:
        status_list = (await loaded(pilot)).status_list
        assert re.search(r" · \w{3} \d{1,2}, \d{4}, \d{2}:\d{2}",
                         str(status_list.card_at(0).content))


async def test_h_l_move_between_panes(make_app: Any) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        await loaded(pilot)
        screen = home(pilot.app)
        await pilot.press("l")
        assert screen.active_pane is screen.panes[1]
        assert screen.panes[1].status_list.has_focus
        await pilot.press("h", "h")
        assert screen.active_pane is screen.panes[3]


async def test_scrolling_to_the_end_loads_older_posts(make_app: Any) -> None:
    app = make_app(timeline=TimelineConfig(page_size=10))
    async with app.run_test(size=(160, 48)) as pilot:
        pane = home(pilot.app).panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) == 10)
        for loaded in (20, 30, 33):  # each G reaches the end and asks for the next older page
            await pilot.press("G")
            await wait_for(pilot, lambda n=loaded: len(pane.status_list.items) == n)
        ids = [item.id for item in pane.status_list.items]
        assert len(set(ids)) == 33
        assert "Good morning" in pane.status_list.items[-1].content


async def test_j_on_the_last_post_moves_on_once_the_older_page_is_in(
        make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the next older page is on its way the header says so, and a `j` pressed on
    the last post is not lost: the reader moves on to the first older post."""
    gate = threading.Event()
    fetch = OlderPages.fetch

    def held(self: OlderPages, *args: Any) -> Any:
        gate.wait(60)  # the server's answer, held until the test has pressed `j`
        return fetch(self, *args)

    monkeypatch.setattr(OlderPages, "fetch", held)
    app = make_app(timeline=TimelineConfig(page_size=10))
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            pane = home(pilot.app).panes[0]
            status_list, header = pane.status_list, pane.query_one(PaneHeader)
            await wait_for(pilot, lambda: len(status_list.items) == 10)
            await pilot.press("G")  # the last post: the older page is asked for
            await wait_for(pilot, lambda: "10/10 · loading older" in str(header.render()))
            await pilot.press("j")
            assert status_list.highlighted == 9
            gate.set()
            await wait_for(pilot, lambda: len(status_list.items) == 20)
            assert status_list.highlighted == 10
            await wait_for(pilot, lambda: str(header.render()).endswith(" 11/20"))
    finally:
        gate.set()


async def test_a_narrow_header_drops_loading_older_before_the_place() -> None:
    class Narrow(App[None]):
        def compose(self) -> ComposeResult:
            yield PaneHeader("Notifications · live")

    async with Narrow().run_test(size=(30, 3)) as pilot:
        header = pilot.app.query_one(PaneHeader)
        header.place(9, 10, loading_older=True, now=True)
        text = str(header.render())
        assert text.startswith("Notifications · live ") and text.endswith(" 10/10")
        header.place(9, 10, loading_older=False, now=True)
        header.show(left="Notifications, only mentions · live")
        assert str(header.render()) == "Notifications, only mentions · live"


async def test_enter_opens_the_thread_and_escape_goes_back(make_app: Any) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        items = pane.status_list.items
        reply_index = next(i for i, s in enumerate(items) if "reply to myself" in s.content)
        pane.status_list.highlighted = reply_index
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, ThreadScreen)
        thread = pilot.app.screen.query_one("#thread")
        await wait_for(pilot, lambda: len(thread.items) == 2)
        assert "Good morning" in thread.items[0].content
        assert thread.highlighted == 1
        stack = len(pilot.app.screen_stack)
        await pilot.press("enter")  # the thread's own post: it is open already
        await pilot.press("k", "enter")  # its parent: that thread
        await wait_for(pilot, lambda: len(pilot.app.screen_stack) == stack + 1)
        await pilot.press("escape")
        await wait_for(pilot, lambda: len(pilot.app.screen_stack) == stack)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_p_opens_the_author_profile(make_app: Any) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        await loaded(pilot)
        await pilot.press("p")
        screen = pilot.app.screen
        assert isinstance(screen, ProfileScreen)
        assert screen.account.acct == "bob"
        pane = screen.query_one(TimelinePane)
        await wait_for(pilot, lambda: len(pane.status_list.items) >= 20)
        header = str(screen.query_one("#profile-header").render())
        assert "@bob" in header
        stack = len(pilot.app.screen_stack)
        await pilot.press("p")  # on bob's own post: his profile is open
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, HomeScreen)
        assert len(pilot.app.screen_stack) == stack - 1


async def test_the_readers_own_profile_offers_no_follow_mute_block_or_report(
        make_app: Any, seeded: Any) -> None:
    """`F` there asked the server, which refused: "You cannot follow yourself"."""
    from fedtui.ui.widgets.key_hints import KeyHints

    seeded.client("alice").status_post("My own words")
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        await wait_for(pilot, lambda: "My own words" in pane.status_list.items[0].content)
        await pilot.press("p")
        screen = pilot.app.screen
        assert isinstance(screen, ProfileScreen)
        await wait_for(pilot, lambda: screen.own)
        hints = " ".join(str(hint) for _, hint in screen.query_one(KeyHints).hints()[0])
        assert "Follow" not in hints and "Block" not in hints and "Report" not in hints
        workers = len(pilot.app.workers)
        await pilot.press("F", "X", "R")
        assert len(pilot.app.workers) <= workers and pilot.app.screen is screen


async def test_s_unfolds_a_content_warning(make_app: Any) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        items = pane.status_list.items
        index = next(i for i, s in enumerate(items) if s.spoiler_text)
        pane.status_list.highlighted = index

        def shown() -> str:
            return str(pane.status_list.card_at(index).content)

        assert "press s to show" in shown() and "plot of the film" not in shown()
        await pilot.press("s")
        assert "plot of the film" in shown()
        await pilot.press("s")
        assert "plot of the film" not in shown()


async def test_question_mark_lists_every_key_with_its_id(make_app: Any) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        table = pilot.app.screen.query_one("#keys")
        ids = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        assert {"timeline.down", "post.open_thread", "pane.add", "app.quit"} <= ids


async def test_o_opens_the_link_of_a_post(make_app: Any, monkeypatch: Any) -> None:
    opened: list[str] = []
    monkeypatch.setenv("DISPLAY", ":0")  # a desktop session
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        items = pane.status_list.items
        pane.status_list.highlighted = next(
            i for i, s in enumerate(items) if "Good morning" in s.content)
        await pilot.press("o")  # the link in the post, then the post itself
        await pilot.pause()
        picker = pilot.app.screen.query_one("OptionList")
        assert str(picker.options[0].prompt) == "https://example.org/page"
        post = next(s for s in items if "Good morning" in s.content)
        assert str(picker.options[1].prompt) == post.url
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(opened))
        assert opened == ["https://example.org/page"]
        pane.status_list.highlighted = 0  # "Numbered post 29": no link but its own address
        await pilot.press("o")
        await wait_for(pilot, lambda: len(opened) == 2)
        assert opened[1] == pane.status_list.items[0].url


async def test_remapped_key_from_config(make_app: Any) -> None:
    from types import MappingProxyType

    app = make_app(keymap=MappingProxyType({"timeline.down": "ctrl+n"}))
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        await pilot.press("ctrl+n")
        assert pane.status_list.highlighted == 1
        await pilot.press("j")
        assert pane.status_list.highlighted == 1


async def test_the_lines_that_name_a_key_name_the_remapped_one(make_app: Any,
                                                               seeded: Any) -> None:
    """`s` and `n` remapped: the content warning's line and the new-posts bar named the
    old keys, which then did nothing."""
    from types import MappingProxyType

    from fedtui.ui.widgets.pane_header import NewPostsBar

    app = make_app(keymap=MappingProxyType({"post.toggle_cw": "u", "timeline.show_new": "N"}))
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        cards = pane.status_list
        index = next(i for i, s in enumerate(cards.items) if s.spoiler_text)
        assert "press u to show" in str(cards.card_at(index).content)
        await pilot.press("j")
        seeded.client("bob").status_post("Above the reader")
        bar = pane.query_one(NewPostsBar)
        await wait_for(pilot, lambda: bar.count == 1)
        assert str(bar.render()).endswith("press N")
        cards.highlighted = index
        await pilot.press("u")
        assert "press" not in str(cards.card_at(index).content)


@pytest.mark.parametrize("keys", ["dwon", "j,florp", "ctrl-j", "C-j"])
async def test_a_remap_naming_no_key_is_refused_and_said(make_app: Any, tmp_path: Any,
                                                         keys: str) -> None:
    from dataclasses import replace

    from fedtui.config import load_config
    from tests.ui.conftest import seeded_config

    file = tmp_path / "config.toml"
    file.write_text(f'[keymap]\n"timeline.down" = "{keys}"\n', "utf-8")
    config = replace(seeded_config(), keymap=load_config(file).keymap, source=file)
    app = make_app(config=config)
    said: list[str] = []
    app.notify = lambda message, **kw: said.append(str(message))  # type: ignore
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        await wait_for(pilot, lambda: any("names no key" in s for s in said))
        await pilot.press("j")  # the defaults stay
        assert pane.status_list.highlighted == 1
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
    [refusal] = [s for s in said if "names no key" in s]
    assert str(file) in refusal and "'keymap.timeline.down'" in refusal and keys in refusal


@pytest.mark.parametrize("keys", ["ctrl+j", "f5", "space", "question_mark", "J", "?",
                                  "shift+tab", "ctrl+shift+up", "pagedown,full_stop"])
def test_every_key_textual_names_is_a_valid_remap(keys: str) -> None:
    from fedtui.ui.keymap import user_keymap

    assert user_keymap({"timeline.down": keys}) == {"timeline.down": keys}


async def test_server_filters_warn_folds_and_hide_removes(make_app: Any, seeded: Any) -> None:
    alice = seeded.client("alice")
    alice.create_filter_v2("Film talk", ["home"], "warn",
                           keywords_attributes=[{"keyword": "film", "whole_word": True}])
    alice.create_filter_v2("No numbers", ["home"], "hide",
                           keywords_attributes=[{"keyword": "Numbered", "whole_word": True}])
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = home(pilot.app).panes[0]
        await wait_for(pilot, lambda: pane.status_text in ("up to date", "live"))
        texts = [s.content for s in pane.status_list.items]
        assert not any("Numbered post" in text for text in texts)
        index = next(i for i, s in enumerate(pane.status_list.items) if s.spoiler_text)
        card = str(pane.status_list.card_at(index).content)
        assert "Filtered: Film talk" in card and "Spoilers" not in card
        pane.status_list.highlighted = index
        await pilot.press("s")
        card = str(pane.status_list.card_at(index).content)
        assert "Spoilers for the film" in card


async def test_clicking_a_post_opens_its_thread(make_app: Any) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        await loaded(pilot)
        await pilot.click("StatusList", offset=(5, 1))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ThreadScreen))


async def test_themes_are_offered_and_an_unknown_one_is_explained(make_app: Any,
                                                                  monkeypatch: Any) -> None:
    said: list[str] = []
    app = make_app(theme="no-such-theme")
    monkeypatch.setattr(app, "notify", lambda message, **kw: said.append(str(message)))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert pilot.app.theme == "fedtui-dark"
        assert {"fedtui-dark", "fedtui-light", "fedtui-high-contrast"} <= set(
            pilot.app.available_themes)
        assert any("Theme 'no-such-theme' is not installed" in text for text in said)


async def test_o_launches_no_console_browser_without_a_display(make_app: Any,
                                                               monkeypatch: Any) -> None:
    """Over SSH or headless, Python's webbrowser would run w3m or lynx over the App."""
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    app = make_app()
    said: list[str] = []
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
        pane.status_list.highlighted = 0  # "Numbered post 29": its own address only
        await pilot.press("o")
        await wait_for(pilot, lambda: bool(said))
        url = pane.status_list.items[0].url
        assert said == [f"No browser available; the link is: {url}"] and opened == []
