"""Where a list's cards begin, without a screen: the lines of each card and its rule, the
cards on a view, the card that takes a removed one's place, and the cards a move shows."""

from __future__ import annotations

from textual.content import Content

from fedtui.ui.widgets.card import Card
from fedtui.ui.widgets.card_layout import CardLayout


def layout_of(*heights: int) -> tuple[CardLayout, list[int]]:
    """A layout of cards with these heights (a rule line under each)."""
    layout = CardLayout()
    layout.set([Card(f"c{n}", Content("x")) for n in range(len(heights))])
    tops = layout.measure(40, 42, lambda card: heights[int(card.id[1:])])
    return layout, tops


def test_each_card_begins_after_the_last_ones_lines_and_rule() -> None:
    layout, tops = layout_of(2, 1, 3)
    assert tops == [0, 3, 5, 9]
    assert layout.lines_of(tops, 2) == (5, 3)
    assert [layout.place(tops, line) for line in (0, 2, 3, 8, 9)] == [
        (0, 0, 2), (0, 2, 2), (1, 0, 1), (2, 3, 3), None]  # offset == height: the rule
    assert layout.tops_at(42) is tops and layout.tops_at(43) is None


def test_the_view_shows_the_cards_its_lines_cross() -> None:
    layout, tops = layout_of(2, 1, 3, 2)
    assert layout.visible(tops, 0, 4) == range(0, 2)
    assert layout.visible(tops, 4, 2) == range(1, 3)
    assert layout.visible(tops, 10, 20) == range(3, 4)  # past the end: up to the last card
    assert layout.visible(tops, 12, 5) == range(0)


def test_ids_find_positions_again_once_cards_change() -> None:
    layout, _ = layout_of(1, 1, 1)
    assert layout.index_of("c2") == 2
    gone = layout.remove({"c0"})
    assert [card.id for card in gone] == ["c0"]
    assert layout.index_of("c2") == 1 and not layout.measured


def test_a_removed_cards_place_goes_to_the_next_card_left_else_the_last() -> None:
    layout, tops = layout_of(1, 2, 1, 1)
    assert layout.successor(1, {"c1", "c2"}).id == "c3"  # type: ignore[union-attr]
    assert layout.successor(2, {"c2", "c3"}).id == "c1"  # type: ignore[union-attr]
    assert layout.successor(0, {"c0", "c1", "c2", "c3"}) is None
    assert layout.lines_above(tops, {"c0", "c1", "c3"}, 5) == 5  # c3 is below line 5


def test_a_move_shows_the_next_card_highlighted_and_the_card_past_the_view() -> None:
    layout, _ = layout_of(*[1] * 10)
    assert layout.ahead(4, 1, range(2, 5)) == [(5, True), (5, False)]
    assert layout.ahead(2, -1, range(2, 5)) == [(1, True), (1, False)]
    assert layout.ahead(9, 1, range(7, 10)) == []  # the end: nothing ahead
    assert layout.ahead(0, 1, range(0)) == []
