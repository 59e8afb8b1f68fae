"""The list under every pane: cards go in and out one at a time, the reader keeps the
place, and only the cards that changed are measured or rendered again."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.content import Content

from fedtui.ui.widgets.card import Card
from fedtui.ui.widgets.card_list import CardList


def card(n: int, lines: int = 2) -> Card:
    return Card(f"c{n}", Content("\n".join(f"card {n} line {i}" for i in range(lines))))


class ListApp(App[None]):
    CSS = "CardList { scrollbar-size-vertical: 0; }"  # as fedtui's panes: no scrollbar

    def __init__(self, cards: list[Card]) -> None:
        super().__init__()
        self.cards = cards
        self.selected: list[str] = []
        self.highlights: list[str] = []

    def compose(self) -> ComposeResult:
        yield CardList()

    def on_mount(self) -> None:
        cards = self.query_one(CardList)
        cards.set_cards(self.cards)
        cards.highlighted = 0
        cards.focus()

    def on_card_list_selected(self, message: CardList.Selected) -> None:
        self.selected.append(message.card.id)

    def on_card_list_highlighted(self, message: CardList.Highlighted) -> None:
        self.highlights.append(message.card.id)


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The text of every card measured from now on."""
    seen: list[str] = []
    measure = Content.get_height

    def counting(self: Content, rules: Any, width: int) -> int:
        seen.append(self.plain.split("\n")[0])
        return measure(self, rules, width)

    monkeypatch.setattr(Content, "get_height", counting)
    yield seen


def screenshot(app: App[None]) -> str:
    """The screen as drawn (its SVG without the id it is given each time)."""
    return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())


def screen_text(cards: CardList) -> list[str]:
    return [cards.render_line(y).text.strip() for y in range(cards.size.height)]


async def test_cards_inserted_above_keep_the_reader_on_the_same_card_and_line(
        measured: list[str]) -> None:
    app = ListApp([card(n) for n in range(100)])
    async with app.run_test(size=(40, 12)) as pilot:
        cards = app.query_one(CardList)
        for _ in range(20):
            await pilot.press("down")
        row = cards.card_lines(20)[0] - round(cards.scroll_y)
        before, painted = screen_text(cards), screenshot(app)
        measured.clear()
        cards.insert_cards(0, [card(n, lines=3) for n in range(100, 105)])
        await pilot.pause()
        assert screenshot(app) == painted  # what the terminal shows
        assert cards.highlighted_card is not None and cards.highlighted_card.id == "c20"
        assert cards.card_lines(25)[0] - round(cards.scroll_y) == row
        assert screen_text(cards) == before  # the reader sees the same lines
        assert sorted(measured) == [f"card {n} line 0" for n in range(100, 105)]
        assert [c.id for c in cards.cards[:6]] == ["c100", "c101", "c102", "c103", "c104",
                                                   "c0"]


async def test_a_redrawn_card_is_the_only_one_measured_and_rendered_again(
        measured: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    app = ListApp([card(n) for n in range(50)])
    async with app.run_test(size=(40, 12)) as pilot:
        cards = app.query_one(CardList)
        await pilot.pause()
        measured.clear()
        rendered: list[str] = []
        render = CardList._render_card

        def counting(self: CardList, item: Card, *args: Any) -> Any:
            rendered.append(item.id)
            return render(self, item, *args)

        monkeypatch.setattr(CardList, "_render_card", counting)
        cards.replace_card(1, Card("c1", Content("card 1 changed\nsecond line")))
        await pilot.pause()
        assert "card 1 changed" in "\n".join(screen_text(cards))
        assert measured == ["card 1 changed"] and rendered == ["c1"]


async def test_cards_put_in_on_screen_or_below_show_when_scrolled_to() -> None:
    app = ListApp([card(n) for n in range(10)])
    async with app.run_test(size=(40, 12)) as pilot:
        cards = app.query_one(CardList)
        await pilot.pause()
        cards.insert_cards(1, [card(50)])  # under the highlighted first card, on screen
        cards.insert_cards(cards.card_count, [card(60)])  # at the end, off screen
        await pilot.pause()
        assert screen_text(cards)[3] == "card 50 line 0"
        await pilot.press("end")
        assert screen_text(cards)[-2:] == ["card 60 line 0", "card 60 line 1"]


async def test_a_taller_card_moves_the_ones_below_it() -> None:
    app = ListApp([card(n) for n in range(5)])
    async with app.run_test(size=(40, 20)) as pilot:
        cards = app.query_one(CardList)
        await pilot.pause()
        cards.replace_card(0, card(0, lines=5))
        await pilot.pause()
        assert cards.card_lines(1) == (6, 2)  # five lines and a rule above it
        assert screen_text(cards)[6] == "card 1 line 0"
        assert screen_text(cards)[5] == "─" * 40


async def test_removed_cards_go_and_the_highlight_stays_on_its_card() -> None:
    app = ListApp([card(n) for n in range(10)])
    async with app.run_test(size=(40, 12)) as pilot:
        cards = app.query_one(CardList)
        await pilot.press("down", "down", "down")
        cards.remove_cards(["c0", "c5"])
        await pilot.pause()
        assert [c.id for c in cards.cards] == ["c1", "c2", "c3", "c4", "c6", "c7", "c8",
                                               "c9"]
        assert cards.highlighted_card is not None and cards.highlighted_card.id == "c3"
        assert cards.index_of("c6") == 4 and cards.index_of("c5") is None
        cards.remove_cards(["c3"])  # the reader's own card: the next one is highlighted
        await pilot.pause()
        assert cards.highlighted_card is not None and cards.highlighted_card.id == "c4"
        assert app.highlights[-1] == "c4"


async def test_keys_and_the_mouse_move_the_highlight_and_choose() -> None:
    app = ListApp([card(n) for n in range(30)])
    async with app.run_test(size=(40, 12)) as pilot:
        cards = app.query_one(CardList)
        await pilot.press("end")
        assert cards.highlighted == 29
        await pilot.press("home", "pagedown")
        assert cards.highlighted == 4  # 12 lines down: three lines a card
        await pilot.press("pageup", "up")
        assert cards.highlighted == 0
        await pilot.press("enter")
        assert app.selected == ["c0"]
        await pilot.click(CardList, offset=(3, 4))  # the second line of the second card
        assert cards.highlighted == 1 and app.selected == ["c0", "c1"]


class Redrawing(Card):
    """A card that lets its content go, and draws `lines` lines again when asked."""

    __slots__ = ("drawn", "lines")

    def __init__(self, n: int, lines: int = 2) -> None:
        super().__init__(f"c{n}", card(n, lines).content)
        self.lines = lines
        self.drawn = 1

    def _draw_again(self) -> Content:
        self.drawn += 1
        return card(int(self.id[1:]), self.lines).content

    def let_go(self) -> None:
        self._content = None


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[Redrawing]:
    """40 cards that let their content go, for lists holding 8 drawn and 4 rendered."""
    monkeypatch.setattr("fedtui.ui.widgets.card_list.DRAWN_CARDS", 8)
    monkeypatch.setattr("fedtui.ui.widgets.card_list.RENDERED_CARDS", 4)
    return [Redrawing(n) for n in range(40)]


async def test_cards_far_from_the_screen_let_their_content_go_and_draw_it_when_shown(
        made: list[Redrawing]) -> None:
    app = ListApp(list(made))
    async with app.run_test(size=(40, 12)) as pilot:
        cards = app.query_one(CardList)
        await pilot.pause()
        top = screen_text(cards)
        await pilot.press("end", "pageup", "pageup")  # twelve cards shown since the top
        assert sum(c.holds_content for c in made) == 8  # the last measured or shown
        assert not made[0].holds_content and not made[20].holds_content
        assert made[31].holds_content  # on screen, highlighted
        drawn = made[0].drawn
        await pilot.press("home")
        assert screen_text(cards) == top  # drawn again, the same
        assert made[0].drawn == drawn + 1 and made[0].holds_content
        assert sum(c.holds_content for c in made) == 8


async def test_a_card_drawn_again_at_another_height_moves_the_ones_below_it(
        made: list[Redrawing]) -> None:
    app = ListApp(list(made))
    async with app.run_test(size=(40, 12)) as pilot:
        cards = app.query_one(CardList)
        await pilot.press("end", "pageup", "pageup")
        assert not made[0].holds_content
        made[0].lines = 3  # it reads otherwise now (a longer time, say)
        await pilot.press("home")
        await pilot.pause()
        assert cards.card_lines(0) == (0, 3) and cards.card_lines(1)[0] == 4
        assert screen_text(cards)[:5] == ["card 0 line 0", "card 0 line 1", "card 0 line 2",
                                          "─" * 40, "card 1 line 0"]


async def test_a_key_shows_lines_rendered_ahead_while_the_list_waited(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """After a move, the next card highlighted and the card after the view are rendered
    while the list waits: the next move the same way does not render the card it
    highlights, and draws the same screens as rendering on demand does."""
    rendered: list[str] = []
    render = CardList._render_card

    def recording(self: CardList, shown: Card, style: Any, width: int) -> Any:
        rendered.append(shown.id)
        return render(self, shown, style, width)

    monkeypatch.setattr(CardList, "_render_card", recording)
    keys = ["down"] * 12 + ["end"] + ["up"] * 8  # cards never highlighted before

    async def screens(ahead: bool) -> list[str]:
        app = ListApp([card(n, lines=1 + n % 3) for n in range(60)])
        shots, previous = [], None
        async with app.run_test(size=(40, 12)) as pilot:
            cards = app.query_one(CardList)
            for key in keys:
                rendered.clear()
                await pilot.press(key)
                await pilot.pause()
                lit = cards.card_at(cards.highlighted or 0).id
                if key == previous:
                    assert (lit in rendered) == (not ahead), (key, lit)
                shots.append(screenshot(app))
                previous = key
        return shots

    drawn_ahead = await screens(ahead=True)
    monkeypatch.setattr(CardList, "_render_ahead", lambda self: None)
    assert await screens(ahead=False) == drawn_ahead
