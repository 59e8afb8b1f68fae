"""Panes: live updates, adding/closing/reordering, narrow terminals, the login screen."""

from __future__ import annotations

from typing import Any

from fedtui.cli import build_context
from fedtui.config import default_config
from fedtui.core.panes import PaneKind
from fedtui.ui.app import FedtuiApp
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.screens.login import LoginScreen
from fedtui.ui.screens.profile import ProfileScreen
from fedtui.ui.screens.thread import ThreadScreen
from fedtui.ui.widgets.pane import TimelinePane
from tests.ui.conftest import answers_held, wait_for

PAGE = 33  # the seeded world: a full first page


def home(app: Any) -> HomeScreen:
    assert isinstance(app.screen, HomeScreen)
    return app.screen


async def test_a_streamed_post_shows_a_marker_and_keeps_the_reading_position(
    make_app: Any, seeded: Any
) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = home(pilot.app).panes[0]
        status_list = pane.status_list
        await wait_for(pilot, lambda: len(status_list.items) >= PAGE)
        await wait_for(pilot, lambda: "live" in pane.status_text)
        await pilot.press("j", "j", "j")
        reading = status_list.highlighted_item
        assert reading is not None
        seeded.client("bob").status_post("Breaking: a brand new post")
        await wait_for(pilot, lambda: "brand new" in status_list.items[0].content)
        assert status_list.highlighted_item == reading
        assert pane.state.unread_above == 1
        bar = pane.query_one(".new-posts")
        assert bar.display and "1 new post" in str(bar.render())
        await pilot.press("n")
        assert status_list.highlighted == 0
        assert not bar.display


async def test_add_a_hashtag_pane_then_move_and_close_it(make_app: Any) -> None:
    async with make_app().run_test(size=(200, 48)) as pilot:
        screen = home(pilot.app)
        await wait_for(pilot, lambda: len(screen.panes[0].status_list.items) >= PAGE)
        await pilot.press("plus")
        await pilot.pause()
        kinds = pilot.app.screen.query_one("#kinds")
        kinds.highlighted = [o.id for o in kinds.options].index("hashtag")
        await pilot.press("enter")
        await pilot.press(*"terminal", "enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen)
                       and len(home(pilot.app).panes) == 5)
        screen = home(pilot.app)
        tag_pane = screen.panes[4]
        assert tag_pane.spec.kind is PaneKind.HASHTAG and tag_pane.spec.argument == "terminal"
        await wait_for(pilot, lambda: len(tag_pane.status_list.items) == 1)
        assert "Good morning" in tag_pane.status_list.items[0].content
        assert screen.active_pane is tag_pane
        await pilot.press("less_than_sign")
        assert [p.spec.title for p in screen.panes][3] == "#terminal"
        saved = pilot.app.context.cache.load_layout(pilot.app.context.account.key)
        assert [spec.title for spec in saved][3] == "#terminal"
        await pilot.press("x")
        await wait_for(pilot, lambda: len(screen.panes) == 4)
        assert "#terminal" not in [p.spec.title for p in screen.panes]


async def test_the_pane_set_is_remembered_per_account(make_app: Any) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        screen = home(pilot.app)
        await pilot.press("l", "x")
        await wait_for(pilot, lambda: len(screen.panes) == 3)
    async with make_app().run_test(size=(160, 48)) as pilot:
        assert [p.spec.title for p in home(pilot.app).panes] == ["Home", "Local", "Federated"]
    async with make_app("bob").run_test(size=(160, 48)) as pilot:
        assert len(home(pilot.app).panes) == 4


async def test_a_narrow_terminal_shows_one_pane_with_tabs(make_app: Any) -> None:
    async with make_app().run_test(size=(60, 24)) as pilot:
        screen = home(pilot.app)
        await wait_for(pilot, lambda: len(screen.panes[0].status_list.items) > 0)
        assert screen.has_class("tabbed")
        assert [p.display for p in screen.panes] == [True, False, False, False]
        tabs = str(screen.query_one("#tabs").render())
        assert "[Home]" in tabs and "Notifications" in tabs
        await pilot.press("l")
        assert [p.display for p in screen.panes] == [False, True, False, False]
        assert "[Notifications]" in str(screen.query_one("#tabs").render())


async def test_the_cached_timeline_paints_before_the_server_answers(
        make_app: Any, monkeypatch: Any) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = home(pilot.app).panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) >= PAGE)
    with answers_held(monkeypatch, PaneKind.HOME) as server_answers:
        async with make_app().run_test(size=(160, 48)) as pilot:
            pane = home(pilot.app).panes[0]
            await pilot.pause()
            assert len(pane.status_list.items) >= PAGE
            assert "cached" in pane.status_text
            server_answers.set()
            await wait_for(pilot, lambda: "cached" not in pane.status_text)


async def test_the_other_panes_paint_their_cache_once_the_first_frame_is_out(
        make_app: Any, monkeypatch: Any) -> None:
    """They do not wait for the first pane's answer (held here), only for its frame;
    and the first pane, which showed a screenful in that frame, then shows its whole page."""
    async with make_app().run_test(size=(160, 48)) as pilot:
        local = home(pilot.app).panes[2]
        await wait_for(pilot, lambda: "live" in local.status_text)
    with answers_held(monkeypatch, PaneKind.HOME) as server_answers:
        async with make_app().run_test(size=(160, 48)) as pilot:
            first, local = home(pilot.app).panes[0], home(pilot.app).panes[2]
            await wait_for(pilot, lambda: len(local.status_list.items) > 0)
            assert "cached" in local.status_text and "cached" in first.status_text
            assert len(first.status_list.items) >= PAGE
            server_answers.set()


async def test_a_server_error_is_said_and_the_app_keeps_working(make_app: Any,
                                                                 seeded: Any) -> None:
    with seeded.fault(path="/api/v1/timelines/home", status=503):
        async with make_app().run_test(size=(160, 48)) as pilot:
            pane = home(pilot.app).panes[0]
            await wait_for(pilot, lambda: "offline" in pane.status_text)
            local = home(pilot.app).panes[2]
            await wait_for(pilot, lambda: len(local.status_list.items) > 0)


async def test_panes_ask_one_after_the_other_and_a_slow_one_holds_no_one_for_long(
        make_app: Any, monkeypatch: Any) -> None:
    with answers_held(monkeypatch, PaneKind.NOTIFICATIONS) as server_answers:
        async with make_app().run_test(size=(160, 48)) as pilot:
            screen = home(pilot.app)
            notifications, local = screen.panes[1], screen.panes[2]
            await wait_for(pilot, lambda: notifications.asked)
            assert not local.asked  # its turn comes after the notifications' answer...
            await wait_for(pilot, lambda: len(local.status_list.items) > 0)
            assert notifications.status_text == "loading…"  # ...or a few seconds, at most
            server_answers.set()


async def test_a_cache_that_cannot_be_written_is_said_while_running(
        make_app: Any, monkeypatch: Any) -> None:
    from fedtui.errors import StoreError
    from fedtui.store.cache import TimelineCache

    def full(*args: Any) -> None:
        raise StoreError("the disk is full")

    monkeypatch.setattr(TimelineCache, "save", full)
    monkeypatch.setattr(TimelineCache, "save_layout", full)
    app = make_app()
    said: list[str] = []
    app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=(160, 48)) as pilot:
        pane = home(pilot.app).panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) >= PAGE)
        await wait_for(pilot, lambda: "Could not save the local cache: the disk is full" in said)
        await pilot.press("greater_than_sign")  # move a pane: the layout is saved
        await wait_for(pilot, lambda: "Could not save the pane layout: the disk is full" in said)


async def test_no_account_opens_the_login_screen() -> None:
    app = FedtuiApp(build_context(default_config({}), None))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, LoginScreen)
        assert pilot.app.screen.query_one("#instance").has_focus


async def test_panes_of_two_accounts_side_by_side_act_as_their_account(
        make_app: Any, seeded: Any) -> None:
    from fedtui.store.accounts import AccountStore

    AccountStore().add(seeded.base_url, "alice", "alice_token")
    carol_key = AccountStore().add(seeded.base_url, "carol", "carol_token").key
    seeded.client("carol").account_follow(seeded.client("bob").me()["id"])
    seeded.client("bob").status_post("Hello to my new follower")
    async with make_app().run_test(size=(200, 48)) as pilot:
        screen = home(pilot.app)
        await wait_for(pilot, lambda: len(screen.panes[0].status_list.items) > 0)
        await pilot.press("plus")
        await pilot.pause()
        kinds = pilot.app.screen.query_one("#kinds")
        kinds.highlighted = [o.id for o in kinds.options].index("other-account")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # the only other saved account: carol
        await pilot.pause()
        kinds.highlighted = [o.id for o in kinds.options].index("home")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen)
                       and len(home(pilot.app).panes) == 5)
        carol_pane = home(pilot.app).panes[4]
        assert carol_pane.spec.account == carol_key
        assert carol_pane.spec.title == f"Home · {carol_key}"
        await wait_for(pilot, lambda: len(carol_pane.status_list.items) >= 1)
        assert "new follower" in carol_pane.status_list.items[0].content
        assert pilot.app.context.acting == carol_key
        assert f"acting as {carol_key}" in str(screen.query_one("#app-header").render())
        await pilot.press("f")  # favourited as carol, the pane's account
        status_id = carol_pane.status_list.items[0].id
        await wait_for(pilot, lambda: bool(seeded.client("carol").status(status_id)["favourited"]))
        assert not seeded.client("alice").status(status_id)["favourited"]
        await wait_for(pilot, lambda: not any(  # the server's answer is shown
            worker.group == "post-actions" and not worker.is_finished
            for worker in pilot.app.workers))
        await pilot.pause()
        alice_copy = screen.panes[0].state.get(status_id)  # alice's home has the post too
        assert alice_copy is not None and not alice_copy.favourited  # carol's, not hers
        await pilot.press("enter")  # the thread is read as carol too: her favourite shows
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ThreadScreen)
                       and "esc to go back" in str(pilot.app.screen.query_one(
                           "#screen-title").render()))
        assert pilot.app.screen.state.get(status_id).favourited
        await pilot.press("escape", "p")  # and so is bob's profile from carol's pane
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ProfileScreen)
                       and pilot.app.screen.query_one(TimelinePane).state.get(status_id)
                       is not None)
        assert pilot.app.screen.query_one(TimelinePane).state.get(status_id).favourited
        await pilot.press("escape")
