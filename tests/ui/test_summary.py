"""`S` and `C` with real keys: a summary of a seeded mastodon-mock thread, its citations
opening their posts, `esc` cancelling, a catch-up of a pane since the last one."""

from __future__ import annotations

from typing import Any

from fedtui.app.context import AccountRef
from fedtui.cli import build_context
from fedtui.ui.app import FedtuiApp
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.screens.summary import SummaryScreen
from fedtui.ui.screens.thread import ThreadScreen
from tests.integration.summary_world import Thread, seed_thread
from tests.ui.conftest import seeded_config, wait_for
from tests.ui.test_key_hints import palette_choose


def app_on(server: Any, *, read_to_root: bool = False) -> tuple[FedtuiApp, Thread]:
    """The App as alice on the seeded thread (with `read_to_root`, her Home read marker is
    on the thread's question)."""
    thread = seed_thread(server.base_url)
    if read_to_root:
        server.client("alice").markers_set(["home"], [thread.ids["root"]])
    account = AccountRef(server.base_url, "alice_token", "alice")
    return FedtuiApp(build_context(seeded_config(), account)), thread


async def home_shown(pilot: Any) -> None:
    """Wait until the Home pane shows the seeded thread's first posts."""
    pane = pilot.app.screen.panes[0]
    await wait_for(pilot, lambda: len(pane.status_list.items) >= 2)


async def summary_finished(pilot: Any) -> None:
    """Wait until the summary screen is up and its summary complete."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen))
    await wait_for(pilot, lambda: summary_screen(pilot.app).finished)


def summary_screen(app: Any) -> SummaryScreen:
    assert isinstance(app.screen, SummaryScreen)
    return app.screen


async def test_s_summarises_the_thread_and_its_citations_open_their_posts(
        mock_server: Any) -> None:
    app, thread = app_on(mock_server)
    async with app.run_test(size=(160, 48)) as pilot:
        assert isinstance(pilot.app.screen, HomeScreen)
        await home_shown(pilot)
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen))
        screen = summary_screen(pilot.app)
        await wait_for(pilot, lambda: screen.finished)
        assert str(screen.query_one("#summary-label").render()) == "summary · extractive"
        lines = screen.summary.lines()
        assert lines[0] == "@bob asks: Should we move the meetup to Friday evening? [1]"
        assert lines[1].startswith("@bob (author): Then Friday it is")
        cited = [c for p in screen.summary.points for c in p.cites]
        assert set(cited) <= set(thread.ids.values()) and thread.ids["gina"] not in cited
        assert any(p.who == "@mallory" for p in screen.summary.points)  # data, attributed
        shown = [str(o.prompt) for o in screen.query_one("#summary-points").options]
        assert shown[0] == f"• {lines[0]}"
        assert any(line.startswith("[1] @bob: The reading club") for line in shown)
        await pilot.press("2")  # the second cited post: bob's answer
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ThreadScreen))
        assert pilot.app.screen.focus_status.id == thread.ids["bob_again"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        kept = pilot.app.summaries().cached  # the same posts need no second run
        helpers = screen.helpers(pilot.app.translation_desk())
        assert screen.source is not None and kept(screen.source, helpers) == screen.summary


async def test_esc_cancels_a_summary_being_made(mock_server: Any) -> None:
    app, _thread = app_on(mock_server)
    async with app.run_test(size=(160, 48)) as pilot:
        await home_shown(pilot)
        await pilot.press("S", "escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await pilot.press("j")  # the app goes on
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_c_catches_up_once_then_says_nothing_is_new(mock_server: Any) -> None:
    app, thread = app_on(mock_server, read_to_root=True)  # read up to the question
    said: list[str] = []
    app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=(160, 48)) as pilot:
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        pane = home.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) >= 2)
        await pilot.press("C")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen))
        screen = summary_screen(pilot.app)
        await wait_for(pilot, lambda: screen.finished)
        assert screen.heading.startswith("Catch up · Home · ")
        cited = {c for p in screen.summary.points for c in p.cites}
        assert cited == {thread.ids["bob_again"], thread.ids["frank"]}  # after the marker
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is home)
        await pilot.press("C")
        await wait_for(pilot, lambda: "Nothing new in Home since you last read." in said)
        assert pilot.app.screen is home


async def test_catch_up_is_in_the_command_palette(mock_server: Any) -> None:
    app, _ = app_on(mock_server, read_to_root=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await home_shown(pilot)
        await pilot.press("ctrl+p")
        await palette_choose(pilot, "Catch up")
        await summary_finished(pilot)
        assert summary_screen(pilot.app).summary.points


async def test_c_on_a_profile_summarises_the_accounts_recent_posts(mock_server: Any) -> None:
    from fedtui.ui.screens.profile import ProfileScreen

    app, thread = app_on(mock_server)
    async with app.run_test(size=(160, 48)) as pilot:
        await home_shown(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ProfileScreen))
        profile = pilot.app.screen
        await pilot.press("C")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen))
        screen = summary_screen(pilot.app)
        await wait_for(pilot, lambda: screen.finished)
        assert screen.source is not None and screen.source.statuses
        author = profile.account.acct
        assert screen.heading == f"Recent posts of @{author}"
        assert all(s.account.acct == author for s in screen.source.statuses)
        assert {c for p in screen.summary.points for c in p.cites} <= set(thread.ids.values())


async def test_the_last_catch_up_is_kept_for_the_next_start(mock_server: Any) -> None:
    app, _ = app_on(mock_server, read_to_root=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await home_shown(pilot)
        await pilot.press("C")
        await summary_finished(pilot)
    account = AccountRef(mock_server.base_url, "alice_token", "alice")
    again = FedtuiApp(build_context(seeded_config(), account))  # the next start
    said: list[str] = []
    again.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
    async with again.run_test(size=(160, 48)) as pilot:
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        await wait_for(pilot, lambda: len(home.panes[0].status_list.items) >= 2)
        await pilot.press("C")
        await wait_for(pilot, lambda: "Nothing new in Home since you last read." in said)
        assert pilot.app.screen is home
