"""A scrolling list of cards (drawn `Content` with an id) that renders line by line.

Textual's OptionList can only append, and changing one option drops every option it has
rendered; a timeline inserts posts at the top and redraws single cards while the reader
reads. Here each card keeps its measured height, and the lines of the cards rendered last
are kept, so inserting, removing or redrawing a card measures and renders that card only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar, cast

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding, Visual

from fedtui.ui.widgets.card import Card, KeptCards
from fedtui.ui.widgets.card_layout import CardLayout, Frame

RENDERED_CARDS = 128  # cards whose rendered lines are kept (several screens' worth)
DRAWN_CARDS = 256  # cards whose content is held; the others draw it again when shown
CARD, HIGHLIGHTED, HOVER = "card-list--card", "card-list--highlighted", "card-list--hover"


class CardList(ScrollView, can_focus=True):
    """Cards in order, one highlighted, a rule line under each."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page Down", show=False),
        Binding("pageup", "page_up", "Page Up", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    DEFAULT_CSS = """
    CardList {
        height: 1fr;
        color: $foreground;
        overflow-x: hidden;
        background: $surface;
        &:focus {
            background-tint: $foreground 5%;
            & > .card-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .card-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        & > .card-list--separator {
            color: $foreground 15%;
        }
        & > .card-list--hover {
            background: $block-hover-background;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {CARD, HIGHLIGHTED, HOVER, "card-list--separator"}

    # a change repaints the cards concerned, not the whole list (see watch_highlighted)
    highlighted: reactive[int | None] = reactive(None, repaint=False)
    """The index of the highlighted card, or None."""
    hovered: reactive[int | None] = reactive(None, repaint=False)
    """The index of the card under the mouse, or None."""

    class CardMessage(Message):
        """About one card of a list."""

        def __init__(self, card_list: CardList, card: Card, index: int) -> None:
            super().__init__()
            self.card_list = card_list
            self.card = card
            self.index = index

        @property
        def control(self) -> CardList:
            return self.card_list

    class Highlighted(CardMessage):
        """The highlight moved to a card."""

    class Selected(CardMessage):
        """The reader chose a card (enter, a click)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._layout = CardLayout()
        self._frame = Frame([0], 0, self.get_visual_style)
        self._lit: Card | None = None  # the card drawn highlighted
        self._carried = False  # the view moves with cards put in or taken out above it
        self._heading = 1  # the way the reader last moved (1: down, -1: up)
        self._step_past: str | None = None  # `j` pressed on this last card: go on below it
        self._kept = KeptCards(RENDERED_CARDS, DRAWN_CARDS)

    # -- the cards -------------------------------------------------------------------

    @property
    def cards(self) -> Sequence[Card]:
        return self._layout.cards

    @property
    def card_count(self) -> int:
        return len(self.cards)

    def card_at(self, index: int) -> Card:
        return self.cards[index]

    def index_of(self, card_id: str) -> int | None:
        """The position of the card with this id, or None."""
        return self._layout.index_of(card_id)

    def set_cards(self, cards: Iterable[Card]) -> None:
        """Show these cards instead (those shown before keep their measures and lines)."""
        old = self._layout.set(list(cards))
        self._kept.forget(set(old).difference(self._layout.cards))
        self._changed()

    def insert_cards(self, index: int, cards: Sequence[Card]) -> None:
        """Put cards before the one at `index` (at the end for the card count). The
        highlighted card stays highlighted, and where the reader sees it when the cards
        go in above it."""
        if not cards:
            return
        highlighted = self.highlighted
        above = highlighted is not None and index <= highlighted
        line = self._measure()[index] if index < len(self.cards) else self.virtual_size.height
        old_height = self.virtual_size.height
        self._layout.insert(index, cards)
        top = round(self.scroll_y)
        if above and highlighted is not None:
            # the reader's card stays where it is on screen: nothing on screen changes when
            # the cards go in above it, and only its number changes (no move to tell of)
            self._changed(repaint=line > top)
            self._carry_view(self.virtual_size.height - old_height)
            self.set_reactive(CardList.highlighted, highlighted + len(cards))
        else:
            self._changed(repaint=line < top + self.size.height)
            if highlighted is None:
                self.highlighted = 0
            elif self._step_past is not None and self.cards[highlighted].id == self._step_past:
                self.highlighted = highlighted + 1  # the `j` pressed on the last card

    def remove_cards(self, card_ids: Iterable[str]) -> None:
        """Take these cards off the list; the highlight stays on its card, or goes to the
        next one left when its card goes."""
        gone = set(card_ids)
        if not any(card.id in gone for card in self.cards):
            return
        keep = self.highlighted_card
        if keep is not None and keep.id in gone and self.highlighted is not None:
            keep = self._layout.successor(self.highlighted, gone)
            self.highlighted = None  # a new card: the reader's place is said again below
        above = self._layout.lines_above(self._measure(), gone, round(self.scroll_y))
        self._kept.forget(self._layout.remove(gone))
        self._changed()
        self._carry_view(-above)
        self.highlighted = self.index_of(keep.id) if keep is not None else None

    def replace_card(self, index: int, card: Card) -> None:
        """Show `card` in place of the one at `index` (a post drawn again): only its lines
        are drawn again, unless its height changed."""
        self._kept.forget([self._layout.replace(index, card)])
        top, height = self.card_lines(index)
        if (self._layout.measured
                and self._kept.height(card, self._rules, self._layout.width) == height):
            self.refresh_lines(top, height + 1)
        else:
            self._changed()

    def _carry_view(self, lines: int) -> None:
        """Move the view by so many lines that went in (or out) above it, without
        repainting: it shows the same lines."""
        if lines:
            self._carried = True
            try:
                self.scroll_to(y=self.scroll_y + lines, animate=False, immediate=True)
            finally:
                self._carried = False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        if not self._carried:
            super().watch_scroll_y(old_value, new_value)

    @property
    def highlighted_card(self) -> Card | None:
        index = self.highlighted
        return self.cards[index] if index is not None and index < len(self.cards) else None

    # -- lines -----------------------------------------------------------------------

    @property
    def _rules(self) -> RulesMap:
        return cast(RulesMap, self.styles)

    def _changed(self, repaint: bool = True) -> None:
        """Cards moved or changed: find their lines again (and repaint the list, unless
        what it shows stays the same)."""
        self._layout.changed()
        self.hovered = None  # the mouse is over another card now, until it moves
        self._measure()
        if repaint:
            self.refresh()

    def content_width(self) -> int:
        """Cells for a card's text (the list's width less the cards' padding); 0 once the
        list has left the screen (its styles are gone)."""
        if not self.is_attached:
            return 0
        padding = self.get_component_styles(CARD).padding.width
        return max(self.scrollable_content_region.width - padding, 0)

    def card_height(self, card: Card) -> int:
        """Lines `card` takes in this list (its rule included); 0 before the list's layout."""
        width = self.content_width()
        return self._kept.height(card, self._rules, width) + 1 if width else 0

    def _measure(self) -> list[int]:
        """Each card's first line, for the current width (heights are kept by the cards)."""
        region_width = self.scrollable_content_region.width
        if (tops := self._layout.tops_at(region_width)) is not None:
            return tops
        width = self.content_width()
        if not width:  # not laid out yet: measured on the first resize
            return self._layout.unmeasured()
        rules = self._rules
        tops = self._layout.measure(width, region_width,
                                    lambda card: self._kept.height(card, rules, width))
        lines = tops[-1] - 1 if self.cards else 0  # no rule under the last
        if (size := Size(region_width, lines)) != self.virtual_size:
            old = self.virtual_size
            if (size.width == old.width and size.height >= old.height > self.container_size.height
                    and not self.styles.scrollbar_size_vertical):
                # only the scroll range grows: no layout (the whole screen arranged and drawn)
                self.set_reactive(CardList.virtual_size, size)
            else:
                self.virtual_size = size
        return tops

    def card_at_line(self, line: int) -> int | None:
        """The index of the card drawn on this line of the list (its rule included)."""
        return self._layout.card_at(self._measure(), line)

    def card_lines(self, index: int) -> tuple[int, int]:
        """The first line of a card and its height (without its rule)."""
        return self._layout.lines_of(self._measure(), index)

    def visible_range(self) -> range:
        """The indexes of the cards on screen."""
        return self._layout.visible(self._measure(), round(self.scroll_y), self.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._measure()

    def _new_frame(self) -> Frame:
        return Frame(self._measure(), self.scrollable_content_region.width,
                     self.get_visual_style, round(self.scroll_y), self.highlighted, self.hovered)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame = self._new_frame()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """One line of the list (measured, placed and styled once per frame)."""
        frame = self._frame
        if frame.tops is not self._layout.tops_at(frame.width):  # changed since it began
            self._frame = frame = self._new_frame()
        line, width = frame.top + y, frame.width
        if (place := self._layout.place(frame.tops, line)) is None:
            return Strip.blank(width, frame.style(CARD).rich_style)
        index, offset, height = place
        if offset == height:
            rule = frame.style("card-list--separator").rich_style
            return Strip([Segment("─" * width, rule)], width)
        style = frame.style(*_card_classes(index == frame.highlighted, index == frame.hovered))
        card = self.cards[index]
        strips = self._kept.lines(card, style, width, self._render_card)
        # a card drawn again after letting its content go may wrap to another height now
        if (not card.measured_at(self._layout.width)
                and self._kept.height(card, self._rules, self._layout.width) != height):
            self.call_later(self._changed)
        return strips[offset] if offset < len(strips) else Strip.blank(width, style.rich_style)

    def _render_ahead(self) -> None:
        """While the focused list waits for the next key, render the lines a move the same
        way will show (the next card highlighted, the card after the view), so that the key
        only composes lines already rendered."""
        index, width = self.highlighted, self._frame.width
        if index is None or not width or not self.has_focus:
            return
        shown = self.visible_range()
        for ahead, highlighted in self._layout.ahead(index, self._heading, shown):
            style = self.get_visual_style(*_card_classes(highlighted))
            self._kept.lines(self.cards[ahead], style, width, self._render_card)

    def _render_card(self, card: Card, style: Style, width: int) -> list[Strip]:
        padding = self.get_component_styles(CARD).padding
        visual: Visual = Padding(card.content, padding) if padding else card.content
        return [strip.extend_cell_length(width, style.rich_style)
                for strip in Visual.to_strips(self, visual, width, None, style)]

    # -- the highlight ------------------------------------------------------------------

    def validate_highlighted(self, highlighted: int | None) -> int | None:
        if highlighted is None or not self.cards:
            return None
        return min(max(highlighted, 0), len(self.cards) - 1)

    def watch_highlighted(self, highlighted: int | None) -> None:
        card = self.highlighted_card
        if card is None or card.id != self._step_past:
            self._step_past = None
        if card is not self._lit:  # only the two cards whose style changed are repainted
            self._repaint_card(self._lit)
            self._repaint_card(card)
            self._lit = card
        if highlighted is None or card is None:
            return
        self.scroll_to_highlight()
        self.call_after_refresh(self._render_ahead)
        self.post_message(self.Highlighted(self, card, highlighted))

    def watch_hovered(self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            if index is not None and index < len(self.cards):
                self._repaint_card(self.cards[index])

    def _repaint_card(self, card: Card | None) -> None:
        index = self.index_of(card.id) if card is not None else None
        if index is not None:
            top, height = self.card_lines(index)
            self.refresh_lines(top, height)

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Bring the highlighted card into view (to the top with `top`)."""
        if self.highlighted is None or not self.is_mounted:
            return
        y, height = self.card_lines(self.highlighted)
        self.scroll_to_region(Region(0, y, self.scrollable_content_region.width, height),
                              force=True, animate=False, top=top, immediate=True)

    def on_show(self) -> None:
        self.scroll_to_highlight()

    def _step(self, heading: int) -> None:
        self._heading = heading
        if not self.cards:
            return
        if heading > 0 and self.highlighted == len(self.cards) - 1:
            self._step_past = self.cards[-1].id
        self.highlighted = 0 if self.highlighted is None else self.highlighted + heading

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self.cards) - 1

    def _move_page(self, direction: int) -> None:
        """A page on: through the highlighted card while it goes on past the view (a long
        post shown whole), else to the card a page away."""
        if self.highlighted is None:
            self.highlighted = 0
            return
        top, height = self.card_lines(self.highlighted)
        page, view = self.scrollable_content_region.height, round(self.scroll_y)
        if (top + height > view + page) if direction > 0 else (top < view):
            goal = min(view + page, top + height - page) if direction > 0 else max(view - page, top)
            self.scroll_to(y=goal, animate=False, immediate=True)
            return
        past = top + max(page, height + 1) if direction > 0 else top - page  # this card's end
        line = min(max(past, 0), max(self.virtual_size.height - 1, 0))
        index = self.card_at_line(line)
        if index is not None:
            self.highlighted = index

    def action_page_down(self) -> None:
        self._move_page(1)

    def action_page_up(self) -> None:
        self._move_page(-1)

    def action_select(self) -> None:
        if (card := self.highlighted_card) is not None and self.highlighted is not None:
            self.post_message(self.Selected(self, card, self.highlighted))

    # -- the mouse -------------------------------------------------------------------

    def _card_under(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        return None if offset is None else self.card_at_line(round(self.scroll_y) + offset.y)

    def on_click(self, event: events.Click) -> None:
        index = self._card_under(event)
        if index is not None:
            self.highlighted = index
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.hovered = self._card_under(event)

    def on_leave(self, event: events.Leave) -> None:
        self.hovered = None


def _card_classes(highlighted: bool, hovered: bool = False) -> tuple[str, ...]:
    """The component classes of a card's lines."""
    return (CARD, HIGHLIGHTED) if highlighted else (CARD, HOVER) if hovered else (CARD,)
