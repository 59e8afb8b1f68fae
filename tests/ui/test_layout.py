"""The layout holds at every width and pane count: the focused pane is always on screen and
marked, hidden panes are reachable through the tab strip, a resize keeps the reader's post,
and long posts fold."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from fedtui.core.panes import DEFAULT_PANES, PaneKind, PaneSpec
from fedtui.ui.screens.home import MIN_PANE_WIDTH, HomeScreen
from fedtui.ui.widgets.pane import TimelinePane
from fedtui.ui.widgets.pane_header import PaneHeader
from fedtui.ui.widgets.pane_tabs import PaneTabs
from fedtui.ui.widgets.status_list import StatusList
from tests.ui.conftest import wait_for

SIX = [*DEFAULT_PANES, PaneSpec(PaneKind.HASHTAG, "terminal"), PaneSpec(PaneKind.BOOKMARKS)]
TITLES = [spec.title for spec in SIX]


def six_pane_app(make_app: Any, **changes: Any) -> Any:
    app = make_app(**changes)
    assert app.context.cache is not None and app.context.account is not None
    app.context.cache.save_layout(app.context.account.key, SIX)
    return app


def home(app: Any) -> HomeScreen:
    assert isinstance(app.screen, HomeScreen)
    return app.screen


def focused_pane(app: Any) -> TimelinePane:
    focused = app.focused
    assert isinstance(focused, StatusList)
    assert isinstance(focused.parent, TimelinePane)
    return focused.parent


def on_screen(pane: TimelinePane, width: int) -> bool:
    region = pane.region
    return pane.display and region.width > 0 and region.x >= 0 and region.right <= width


def visible_text(status_list: StatusList) -> str:
    """The lines the list shows now, as the reader sees them."""
    return "\n".join(status_list.render_line(y).text for y in range(status_list.size.height))


@pytest.mark.parametrize("width", [80, 96, 120, 150, 179, 200])
async def test_six_panes_keep_the_focused_one_on_screen_at_every_width(
        make_app: Any, width: int) -> None:
    async with six_pane_app(make_app).run_test(size=(width, 30)) as pilot:
        screen = home(pilot.app)
        await wait_for(pilot, lambda: len(screen.panes[0].status_list.items) > 0)
        fit = min(len(SIX), width // MIN_PANE_WIDTH)
        assert [pane.display for pane in screen.panes].count(True) == fit
        tabs = screen.query_one(PaneTabs)
        assert tabs.display == (fit < len(SIX))
        if tabs.display:
            assert all(title in tabs.text for title in TITLES)
        await pilot.press("l", "l", "l")  # to Federated, past the first window when narrow
        pane = focused_pane(pilot.app)
        assert pane.spec.kind is PaneKind.FEDERATED
        assert on_screen(pane, width)
        assert all(on_screen(p, width) for p in screen.panes if p.display)
        await wait_for(pilot, lambda: len(pane.status_list.items) > 1)
        before = pane.status_list.highlighted
        await pilot.press("j")
        assert pane.status_list.highlighted == (before or 0) + 1
        await pilot.press("x")
        await wait_for(pilot, lambda: len(screen.panes) == len(SIX) - 1)
        assert "Federated" not in [p.spec.title for p in screen.panes]
        assert on_screen(focused_pane(pilot.app), width)


async def test_the_focused_pane_header_follows_h_and_l(make_app: Any) -> None:
    async with make_app().run_test(size=(160, 40)) as pilot:
        screen = home(pilot.app)
        await wait_for(pilot, lambda: len(screen.panes[0].status_list.items) > 0)

        def highlighted() -> list[bool]:
            """Which headers differ from the most common colour (the unfocused one)."""
            colours = [p.query_one(PaneHeader).styles.background for p in screen.panes]
            plain = Counter(colours).most_common(1)[0][0]
            return [colour != plain for colour in colours]

        assert [p.has_class("active") for p in screen.panes] == [True, False, False, False]
        assert highlighted() == [True, False, False, False]
        await pilot.press("l")
        await pilot.pause()
        assert [p.has_class("active") for p in screen.panes] == [False, True, False, False]
        assert highlighted() == [False, True, False, False]
        await pilot.press("h", "h")
        await pilot.pause()
        assert highlighted() == [False, False, False, True]


async def test_keys_quicker_than_the_focus_events_move_one_pane_each(make_app: Any) -> None:
    """A held `l`, or keys on a loaded machine, come before the focus events of the keys
    before them: each key still moves one pane from where the last one went."""
    async with make_app().run_test(size=(160, 40)) as pilot:
        screen = home(pilot.app)
        await wait_for(pilot, lambda: len(screen.panes[0].status_list.items) > 0)
        screen.action_focus_pane(1)  # two keys in one go, no event handled between
        screen.action_focus_pane(1)
        assert focused_pane(pilot.app) is screen.panes[2]
        await pilot.press("l", "l")
        await pilot.pause()
        assert focused_pane(pilot.app) is screen.panes[0]  # past the last pane: the first
        assert [p.has_class("active") for p in screen.panes] == [True, False, False, False]


async def test_a_click_on_a_tab_shows_and_focuses_a_hidden_pane(make_app: Any) -> None:
    async with six_pane_app(make_app).run_test(size=(80, 24)) as pilot:
        screen = home(pilot.app)
        await wait_for(pilot, lambda: len(screen.panes[0].status_list.items) > 0)
        bookmarks = screen.panes[5]
        assert not bookmarks.display
        tabs = screen.query_one(PaneTabs)
        await pilot.click(PaneTabs, offset=(tabs.text.index("Bookmarks") + 1, 0))
        await wait_for(pilot, lambda: focused_pane(pilot.app) is bookmarks)
        assert on_screen(bookmarks, 80)
        assert "[Bookmarks]" in tabs.text


LONG = " ".join(f"word{n}" for n in range(50))  # about 340 characters: 3 to 9 lines


async def test_a_resize_keeps_the_readers_post_on_screen(make_app: Any, seeded: Any) -> None:
    bob = seeded.client("bob")
    for number in range(10):
        bob.status_post(f"Long post {number}: {LONG}")
    async with make_app().run_test(size=(240, 40)) as pilot:
        status_list = home(pilot.app).panes[0].status_list
        await wait_for(pilot, lambda: len(status_list.items) >= 40)
        await pilot.press(*"jjjjjjjj")
        reading = status_list.highlighted_item
        assert reading is not None and "Long post 1:" in reading.content
        assert "Long post 1:" in visible_text(status_list)
        for width in (100, 170, 60):
            was = status_list.size.width
            await pilot.resize_terminal(width, 40)
            await wait_for(pilot, lambda was=was: status_list.size.width != was)
            await pilot.pause()
            assert status_list.highlighted_item == reading
            assert "Long post 1:" in visible_text(status_list), width


def card_text(status_list: StatusList, index: int) -> str:
    return str(status_list.card_at(index).content)


async def test_a_long_post_folds_in_a_39_column_pane_and_s_unfolds_it(
        make_app: Any, seeded: Any) -> None:
    bob = seeded.client("bob")
    lines = "\n".join(f"Line {n} of a long post" for n in range(1, 21))
    paragraph = "Paragraph " + " ".join(f"word{n:03d}" for n in range(60)) + " end."
    bob.status_post(paragraph)
    bob.status_post(lines, spoiler_text="a long one")
    bob.status_post(lines)
    async with make_app().run_test(size=(80, 24)) as pilot:
        status_list = home(pilot.app).panes[0].status_list
        await wait_for(pilot, lambda: len(status_list.items) >= 35)
        assert status_list.size.width == 39  # two panes side by side, a rule between them
        folded = card_text(status_list, 0)
        assert "Line 11 of" in folded and "Line 12 of" not in folded
        assert "… 9 more lines — press s to show" in folded
        assert len(folded.splitlines()) < 16  # not the whole screen for one post
        await pilot.press("s")
        assert "Line 20 of" in card_text(status_list, 0)
        assert "more lines" not in card_text(status_list, 0)
        await pilot.press("s")
        assert card_text(status_list, 0) == folded
        # behind a content warning: `s` shows the whole post at once, then hides it again
        await pilot.press("j")
        assert "a long one — press s to show" in card_text(status_list, 1)
        assert "Line 1 of" not in card_text(status_list, 1)
        await pilot.press("s")
        assert "Line 20 of" in card_text(status_list, 1)
        await pilot.press("s")
        assert "Line 1 of" not in card_text(status_list, 1)
        # one long paragraph folds by its lines on screen: here, not in a wider pane
        assert "Paragraph" in card_text(status_list, 2)
        assert "more lines" in card_text(status_list, 2) and "end." not in card_text(
            status_list, 2)
        await pilot.resize_terminal(200, 24)
        await wait_for(pilot, lambda: status_list.size.width > 39)
        assert "… 9 more lines" in card_text(status_list, 0)
        assert "end." in card_text(status_list, 2)
        assert "more lines" not in card_text(status_list, 2)


async def test_many_tabs_shorten_their_titles_to_fit(make_app: Any) -> None:
    tags = [PaneSpec(PaneKind.HASHTAG, f"averyveryverylonghashtag{n}") for n in range(8)]
    app = make_app()
    assert app.context.cache is not None and app.context.account is not None
    app.context.cache.save_layout(app.context.account.key, [*DEFAULT_PANES, *tags])
    async with app.run_test(size=(100, 24)) as pilot:
        screen = home(pilot.app)
        tabs = screen.query_one(PaneTabs)
        await wait_for(pilot, lambda: tabs.text.startswith("[Home]"))
        assert len(tabs.text) <= 100
        titles = tabs.text.split()
        assert len(titles) == len(screen.panes) and len(set(titles)) == len(titles)
        assert all(title.endswith(f"g{n}") for n, title in enumerate(titles[4:]))
        await pilot.press("h")  # to the last pane: its tab is there and marked
        assert focused_pane(pilot.app) is screen.panes[-1]
        assert tabs.text.split()[-1].startswith("[") and tabs.text.rstrip().endswith("g7]")
