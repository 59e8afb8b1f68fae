"""Server text is never read as markup, and `o`/`y` handle only what they should: the crashes
of issue #8 replayed with real keys against mastodon-mock, then the fixed behaviour."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from textual.widgets import Static

from fedtui.app.context import AccountRef
from fedtui.cli import build_context
from fedtui.ui.app import FedtuiApp
from fedtui.ui.screens.compose import ComposeScreen
from fedtui.ui.screens.dialogs import VoteDialog
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.screens.pickers import LinkPicker
from fedtui.ui.screens.profile import ProfileScreen
from fedtui.ui.screens.thread import ThreadScreen
from fedtui.ui.widgets.pane import TimelinePane
from tests.hostile_relay import HostileRelay
from tests.hostile_support import unsafe
from tests.ui.conftest import seeded_config, wait_for


def home_pane(app: Any) -> TimelinePane:
    screen = app.screen_stack[1]
    assert isinstance(screen, HomeScreen)
    return screen.panes[0]


async def loaded(pilot: Any) -> TimelinePane:
    pane = home_pane(pilot.app)
    await wait_for(pilot, lambda: len(pane.status_list.items) >= 20)
    return pane


def highlight(pane: TimelinePane, text: str) -> None:
    items = pane.status_list.items
    pane.status_list.highlighted = next(i for i, s in enumerate(items) if text in s.content)


def notices(app: Any) -> list[str]:
    """What the app says from now on; the notices are still shown (and rendered)."""
    said: list[str] = []
    real = app.notify

    def spy(message: str, **kwargs: Any) -> None:
        said.append(message)
        real(message, **kwargs)

    app.notify = spy
    return said


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The system browser, replaced by a list of the URLs it was handed."""
    opened: list[str] = []

    def open_in_browser(url: str) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr("fedtui.browser.open_in_window", open_in_browser)
    return opened


async def test_a_link_with_markup_opens_as_written(make_writer_app: Any, seeded: Any,
                                                   browser: list[str]) -> None:
    seeded.client("bob").status_post("Look https://x.example/a[/]b please")
    app = make_writer_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        pane = await loaded(pilot)
        said = notices(app)
        highlight(pane, "x.example")
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, LinkPicker))
        await pilot.press("enter")  # the first link: the one in the text
        await wait_for(pilot, lambda: bool(browser) and bool(said))
        await pilot.pause()
        assert browser == ["https://x.example/a[/]b"]
        assert said[-1] == "Opened in your browser: https://x.example/a[/]b"


async def test_a_poll_option_with_markup_can_be_voted(make_writer_app: Any,
                                                      seeded: Any) -> None:
    bob = seeded.client("bob")
    posted = bob.status_post("Markup poll", poll=bob.make_poll(["yes [/]", "[bold]no"], 3600))
    app = make_writer_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        pane = await loaded(pilot)
        highlight(pane, "Markup poll")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, VoteDialog))
        await pilot.pause()
        await pilot.press("enter")  # "yes [/]"
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: seeded.client("alice").status(posted["id"])["poll"]
                       ["own_votes"] == [0])


async def test_a_server_error_with_markup_is_shown_as_written(make_writer_app: Any,
                                                              seeded: Any) -> None:
    app = make_writer_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await loaded(pilot)
        said = notices(app)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        screen = app.screen
        await wait_for(pilot, lambda: not screen.query_one("#compose-text").disabled)
        await pilot.press(*"Hello")
        with seeded.fault(path="/api/v1/statuses", methods=["POST"], status=422,
                          body={"error": "Bad [/] word [bold red]x"}):
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: any("Bad [/] word" in s for s in said))
            await pilot.pause()
        line = str(screen.query_one("#compose-status").render())
        assert "Bad [/] word [bold red]x" in line


OSC52 = "\x1b]52;c;SGk=\x07"
HOSTILE_ACCT = f"bob{OSC52}\x1b]0;title\x07\x9b2J\u202e[/]x"


def hostile_bob(url: str) -> Any:
    """A relay rewrite: bob's posts get `url`, bob's handle gets escapes and markup."""
    def rewrite(path: str, data: Any) -> Any:
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item, dict):
                continue
            account = item.get("account")
            if isinstance(account, dict) and account.get("username") == "bob":
                account["acct"] = HOSTILE_ACCT
                if "content" in item:
                    item["url"] = url
                    item["content"] = "<p>no links here</p>"
            elif item.get("username") == "bob":
                item["acct"] = HOSTILE_ACCT
        return data

    return rewrite


def relayed_app(seeded: Any, relay: HostileRelay) -> FedtuiApp:
    account = AccountRef(relay.url, "alice_token", "alice")
    return FedtuiApp(build_context(seeded_config(), account))


@contextlib.asynccontextmanager
async def relayed(seeded: Any, rewrite: Any) -> AsyncIterator[tuple[Any, list[str]]]:
    """The App through a `HostileRelay` that rewrites the answers with `rewrite`, its home
    pane loaded: its pilot, and what it says from then on."""
    with HostileRelay(seeded.base_url, rewrite=rewrite) as relay:
        app = relayed_app(seeded, relay)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await loaded(pilot)
            yield pilot, notices(app)


async def test_o_opens_only_web_links(seeded: Any, browser: list[str]) -> None:
    async with relayed(seeded, hostile_bob("file:///etc/passwd")) as (pilot, said):
        await pilot.press("o")
        await wait_for(pilot, lambda: bool(said))
        await pilot.pause()
    assert browser == []
    assert said == ["This post's address is not a web link, so it was not opened: "
                    "file:///etc/passwd"]


async def test_y_copies_a_sanitised_link_and_says_it(seeded: Any) -> None:
    url = f"https://x.example/p{OSC52}\u202e[/]q"
    async with relayed(seeded, hostile_bob(url)) as (pilot, said):
        app = pilot.app
        await pilot.press("y")
        await wait_for(pilot, lambda: bool(said))
        await pilot.pause()
    assert app.clipboard == "https://x.example/p[/]q"
    assert said == ["Copied the link: https://x.example/p[/]q"]


async def test_hostile_handles_reach_titles_clean(seeded: Any) -> None:
    async with relayed(seeded, hostile_bob("https://x.example/")) as (pilot, _):
        app = pilot.app
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThreadScreen))
        title = str(app.screen.query_one("#screen-title", Static).render())
        assert not unsafe(title) and "\x1b" not in title, title
        await pilot.press("escape", "p")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileScreen))
        header = app.screen.query_one("#profile-header", Static)
        await wait_for(pilot, lambda: "follower" in str(header.render()))  # (1 or more)
        shown = [str(header.render()), *(str(p.spec.title) for p in
                                         app.screen.query(TimelinePane))]
    assert any("@bob[/]x" in text for text in shown)
    for text in shown:
        assert not unsafe(text) and "\x1b" not in text, text
