"""A send on its way while the writer presses keys: `esc`, `ctrl+s` again, another screen
opened over the editor. Its answer decides what becomes of the draft, and the editor
closes once, itself, with the post. Real keys and App, Mastodon.py against mastodon-mock,
the server's answer held back until the keys are pressed."""

from __future__ import annotations

from typing import Any

import pytest
from textual.command import CommandPalette

from fedtui.mastodon.posting import PostingActions
from fedtui.ui.screens.compose_keep import SENDING
from fedtui.ui.screens.home import HomeScreen
from tests.ui.conftest import wait_for
from tests.ui.test_compose import composing, loaded, own_statuses, rate_limited, status_line
from tests.ui.test_live_reload import held_after


def posts_held(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Every post is made on the server, and its answer held back until released."""
    return held_after(monkeypatch, PostingActions, "post", lambda *args: True)


async def test_esc_while_sending_waits_for_the_answer_then_the_post_is_shown(
        make_writer_app: Any, seeded: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_writer_app()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        await pilot.press("c")
        screen = await composing(pilot)
        await pilot.press(*"Sent on a slow server")
        with posts_held(monkeypatch) as (answered, deliver):
            await pilot.press("ctrl+s")
            await wait_for(pilot, answered.is_set)
            await pilot.press("escape")  # no "Close the editor?": keeping it would post twice
            await wait_for(pilot, lambda: status_line(screen) == SENDING)
            assert pilot.app.screen is screen
            deliver.set()
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await wait_for(pilot, lambda: "slow server" in pane.status_list.items[0].content)
        await wait_for(pilot, lambda: app.context.drafts.unfinished(app.context.account_key)
                       == [])
        assert len(pilot.app.screen_stack) == 2  # the home screen is still there
    assert sum("slow server" in s["content"] for s in own_statuses(seeded)) == 1


async def test_a_send_that_lands_under_another_screen_closes_the_editor_not_that_screen(
        make_writer_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """`dismiss` closes whichever screen is on top: the command palette opened while the
    post was on its way went, and the editor stayed with "Sending…" forever."""
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        await pilot.press("c")
        await composing(pilot)
        await pilot.press(*"Sent under the palette")
        with posts_held(monkeypatch) as (answered, deliver):
            await pilot.press("ctrl+s")
            await wait_for(pilot, answered.is_set)
            await pilot.press("ctrl+p")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
            deliver.set()
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await wait_for(pilot, lambda: "under the palette" in pane.status_list.items[0].content)
        assert len(pilot.app.screen_stack) == 2


async def test_a_send_started_twice_posts_once(
        make_writer_app: Any, seeded: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a 429 the countdown sends again by itself; `ctrl+s` meanwhile sends at once.
    A second start while that send is on its way (the countdown's) starts nothing: two
    answers closed two screens, the home screen with the editor."""
    calls: list[str] = []
    post = PostingActions.post

    def counted(actions: PostingActions, *args: Any) -> Any:
        calls.append("post")
        return post(actions, *args)

    monkeypatch.setattr(PostingActions, "post", counted)
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        pane, screen = await rate_limited(pilot, seeded, "Limited then sent", 30)
        with posts_held(monkeypatch) as (answered, deliver):
            await pilot.press("ctrl+s")  # now, not in 30 s
            await wait_for(pilot, answered.is_set)
            screen.sender.start()  # as the countdown would at its end
            deliver.set()
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await wait_for(pilot, lambda: "then sent" in pane.status_list.items[0].content)
        assert len(pilot.app.screen_stack) == 2
        assert not any(worker.group == "compose-send" and not worker.is_finished
                       for worker in pilot.app.workers)
    assert calls == ["post", "post"]  # the 429, then the one that posted
    assert sum("then sent" in s["content"] for s in own_statuses(seeded)) == 1
