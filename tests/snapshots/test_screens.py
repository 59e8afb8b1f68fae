"""Snapshots of the main screens at 80x24 and 160x48 in two themes."""

from __future__ import annotations

from typing import Any

import pytest

from fedtui.ui.app import FedtuiApp
from fedtui.ui.widgets.live_updates import LiveUpdates
from tests.snapshots.recorded import snapshot_context


@pytest.fixture(autouse=True)
def no_live_updates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The recorded instance neither streams nor polls: screens as their pages left them."""
    monkeypatch.setattr(LiveUpdates, "start", lambda live: None)


def app(theme: str = "fedtui-dark") -> FedtuiApp:
    return FedtuiApp(snapshot_context(theme))


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("theme", ["fedtui-dark", "fedtui-light"])
@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_home(snap_compare: Any, theme: str, size: tuple[int, int]) -> None:
    assert snap_compare(app(theme), terminal_size=size, run_before=settle)


def test_home_high_contrast(snap_compare: Any) -> None:
    assert snap_compare(app("fedtui-high-contrast"), terminal_size=(160, 48),
                        run_before=settle)


def test_thread(snap_compare: Any) -> None:
    async def open_thread(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)

    assert snap_compare(app(), terminal_size=(160, 48), run_before=open_thread)


def test_profile(snap_compare: Any) -> None:
    async def open_profile(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)

    assert snap_compare(app("fedtui-light"), terminal_size=(160, 48), run_before=open_profile)


def test_help(snap_compare: Any) -> None:
    async def open_help(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app(), terminal_size=(80, 24), run_before=open_help)


def test_compose_reply(snap_compare: Any) -> None:
    """The compose screen at 80x24: a reply with its preview, mentions and counter."""

    async def reply(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("j", "j", "r")  # admin's post that mentions the user
        await settle(pilot)
        await pilot.press(*"Thanks, that helps!")
        await settle(pilot)
        # A blinking cursor is drawn or not depending on when the frame is taken.
        for field in pilot.app.screen.query("TextArea, Input"):
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app(), terminal_size=(80, 24), run_before=reply)
