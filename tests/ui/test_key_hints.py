"""The key hints line: the keys of the focused place, and a click presses one."""

from __future__ import annotations

from typing import Any

from fedtui.ui.screens.help import HelpScreen
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.widgets.key_hints import KeyHints
from tests.ui.conftest import wait_for


async def test_the_hints_follow_the_screen_and_a_click_presses_the_key(make_app: Any) -> None:
    async with make_app().run_test(size=(120, 30)) as pilot:
        assert isinstance(pilot.app.screen, HomeScreen)
        hints = pilot.app.screen.query_one(KeyHints)
        text = str(hints.render())
        for hint in ("t Translate", "? Help", "c Write", "^p Command palette"):
            assert hint in text
        assert text.rstrip().endswith("^p Command palette")  # the palette on the right
        await pilot.click(KeyHints, offset=(text.index("? Help") + 2, 0))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        help_hints = str(pilot.app.screen.query_one(KeyHints).render())
        assert "t Translate" not in help_hints  # the home screen's keys are not offered here
