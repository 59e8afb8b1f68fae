"""Keys per place: the key line shows the keys of the focused place and a click presses one;
the help screen is grouped by place and filters as you type; the command palette offers
every action of the place; the chosen theme is kept for the next start."""

from __future__ import annotations

from typing import Any

from fedtui.core.panes import DEFAULT_PANES, PaneKind, PaneSpec
from fedtui.ui.keymap import ALL_KEYS, PLACES
from fedtui.ui.screens.compose import ComposeScreen
from fedtui.ui.screens.help import HelpScreen
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.screens.profile import ProfileScreen
from fedtui.ui.screens.thread import ThreadScreen
from fedtui.ui.widgets.key_hints import KeyHints
from tests.ui.conftest import wait_for


def key_line(app: Any) -> str:
    return str(app.screen.query_one(KeyHints).render())


async def palette_choose(pilot: Any, query: str) -> None:
    """Type `query` in the open command palette and run the best match."""
    from textual.command import CommandList, CommandPalette

    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await pilot.press(*query)
    commands = pilot.app.screen.query_one(CommandList)
    await wait_for(pilot, lambda: commands.option_count > 0
                   and query.lower() in str(commands.get_option_at_index(0).prompt).lower())
    await pilot.press("down", "enter")


async def test_the_hints_follow_the_screen_and_a_click_presses_the_key(make_app: Any) -> None:
    async with make_app().run_test(size=(120, 30)) as pilot:
        assert isinstance(pilot.app.screen, HomeScreen)
        hints = pilot.app.screen.query_one(KeyHints)
        text = str(hints.render())
        for hint in ("r Reply", "? Help", "c Write", "^p Commands"):
            assert hint in text
        assert text.rstrip().endswith("? Help  ^p Commands")  # pinned on the right
        await pilot.click(KeyHints, offset=(text.index("? Help") + 2, 0))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        help_hints = str(pilot.app.screen.query_one(KeyHints).render())
        assert "r Reply" not in help_hints  # the home screen's keys are not offered here


async def test_each_place_shows_its_own_keys_first(make_app: Any) -> None:
    app = make_app()
    assert app.context.cache is not None and app.context.account is not None
    app.context.cache.save_layout(app.context.account.key,
                                  [*DEFAULT_PANES, PaneSpec(PaneKind.HASHTAG, "terminal")])
    async with app.run_test(size=(200, 30)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, HomeScreen)
        await wait_for(pilot, lambda: len(screen.panes[0].status_list.items) > 0)
        lines = {"timeline": key_line(pilot.app)}
        await pilot.press("l")
        lines["notifications"] = key_line(pilot.app)
        await pilot.press("l", "l", "l")
        await wait_for(pilot, lambda: len(screen.panes[4].status_list.items) > 0)
        lines["hashtag"] = key_line(pilot.app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ThreadScreen))
        lines["thread"] = key_line(pilot.app)
        await pilot.press("escape", "p")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ProfileScreen))
        lines["profile"] = key_line(pilot.app)
        await pilot.press("escape", "c")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ComposeScreen))
        lines["compose"] = key_line(pilot.app)
    firsts = {
        "timeline": "r Reply", "notifications": "a Accept", "hashtag": "F Follow tag",
        "thread": "esc Back", "profile": "F Follow", "compose": "^s Send",
    }
    for place, first in firsts.items():
        assert lines[place].split("  ")[0].strip() == first, (place, lines[place])
    assert "z Reject" in lines["notifications"] and "a Accept" not in lines["timeline"]
    assert "X Block" in lines["profile"] and "X Block" not in lines["thread"]
    assert "F Follow tag" not in lines["timeline"]
    assert "r Reply" not in lines["compose"] and "^o Poll" in lines["compose"]
    assert len(set(lines.values())) == len(lines)  # no two places show the same line


async def test_help_is_grouped_by_place_and_filters_as_you_type(make_app: Any) -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        screen = pilot.app.screen
        assert isinstance(screen, HelpScreen)
        assert screen.shown_ids == [spec.id for spec in ALL_KEYS]
        table = screen.query_one("#keys")
        headings = [str(table.get_row_at(i)[0]) for i in range(table.row_count)
                    if str(table.get_row_at(i)[0]) in {place for place, _ in PLACES}]
        assert headings == [place for place, _ in PLACES]
        await pilot.press(*"boost")
        assert screen.shown_ids == ["post.boost"]
        assert str(table.get_row_at(0)[0]) == "Timeline: the highlighted post"
        await pilot.press(*["backspace"] * 5, *"notification")
        assert screen.shown_ids == ["notification.accept", "notification.reject",
                                    "notification.dismiss", "notification.types"]
        await pilot.press(*["backspace"] * 12, *"ctrl+")  # by key
        assert "compose.send" in screen.shown_ids and "post.reply" not in screen.shown_ids
        await pilot.press(*["backspace"] * 5, *"zzz")
        assert screen.shown_ids == []
        assert "No key matches" in str(table.get_row_at(0)[1])
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_the_palette_offers_every_action_of_the_place_and_runs_it(make_app: Any) -> None:
    from fedtui.ui.palette import KeysProvider

    async with make_app().run_test(size=(160, 40)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, HomeScreen)
        pane = screen.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) > 2)
        provider = KeysProvider(screen)
        offered = {command.help.rsplit("·", 1)[1].strip() for command in provider.commands()}
        wanted = {spec.id for _, specs in PLACES[:4] for spec in specs} - {
            "app.command_palette"}
        assert wanted <= offered  # every key of the app, the panes, the timeline, the post
        assert "account.block" not in offered and "notification.accept" not in offered
        await pilot.press("ctrl+p")
        await palette_choose(pilot, "Next post")
        await wait_for(pilot, lambda: pane.status_list.highlighted == 1)
        await pilot.press("ctrl+p")
        await palette_choose(pilot, "Write a new post")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ComposeScreen))


async def test_the_chosen_theme_is_kept_for_the_next_start(make_app: Any) -> None:
    async with make_app().run_test(size=(120, 30)) as pilot:
        assert pilot.app.theme == "fedtui-dark"
        await pilot.press("ctrl+p")
        await palette_choose(pilot, "Theme")  # Textual's own command: the list of themes
        await palette_choose(pilot, "fedtui-light")
        await wait_for(pilot, lambda: pilot.app.theme == "fedtui-light")
        state = pilot.app.context.ui_state
        await wait_for(pilot, lambda: state.load().get("theme") == "fedtui-light")
    async with make_app().run_test(size=(120, 30)) as pilot:
        assert pilot.app.theme == "fedtui-light"
    # a theme named in the config since then wins over the one picked before
    async with make_app(theme="fedtui-high-contrast").run_test(size=(120, 30)) as pilot:
        assert pilot.app.theme == "fedtui-high-contrast"
