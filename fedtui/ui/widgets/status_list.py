"""A scrolling list of posts that renders only what is on screen (a `CardList`).

It owns no posts: its source (a pane's timeline, a thread) holds them, and the list renders
the `TimelineDiff` of each change: posts inserted, appended, removed or changed go in, out
or are drawn again one card at a time. It keeps the reader's place when posts arrive above
and when its width changes, folds content warnings and long posts until `s`, and turns keys
into intent messages for the screen to route.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from textual import events
from textual.content import Content

from fedtui.app.translation_desk import TranslationDesk
from fedtui.core.folding import could_fold
from fedtui.core.model import Item, Notification, Status, item_status
from fedtui.core.timeline import TimelineDiff
from fedtui.ui import messages
from fedtui.ui.keymap import POST_KEYS, TIMELINE_KEYS, bindings, key_named
from fedtui.ui.post_view import Bodies, ViewOptions, notification_content, status_content
from fedtui.ui.widgets.card import Card
from fedtui.ui.widgets.card_list import CardList
from fedtui.ui.widgets.list_source import ListSource
from fedtui.ui.widgets.status_cards import Cards
from fedtui.ui.widgets.view_report import MIN_CARD_LINES, posts_in_view, screen_range

LOAD_MORE_MARGIN = 5  # load older posts when the cursor gets this close to the end
TIMES_REFRESH = 60.0  # seconds between re-renders of the cards' relative times
CHUNK = 10  # cards drawn per frame after the first screen of a long list
DRAWN_TEXTS = 40  # post texts kept per list for cards drawn again (a screenful or two)


class StatusList(CardList):
    """Posts of a `ListSource`, in its order; `depth` indents a thread tree."""

    BINDINGS = bindings(TIMELINE_KEYS + POST_KEYS)

    def __init__(self, source: ListSource, *, clock: Callable[[], datetime] | None = None,
                 desk: TranslationDesk | None = None, relative_times: bool = True,
                 fold: Callable[[Item], str] | None = None,
                 keymap: Mapping[str, str] | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        #: the keys the cards name (show what is folded, open a quote): `keymap` remaps them
        self._card_keys = (key_named("post.toggle_cw", keymap or {}),
                           key_named("post.open_quote", keymap or {}))
        self.source = source
        self._clock = clock or (lambda: datetime.now(UTC))
        self._relative_times = relative_times
        self._desk = desk
        self._fold = fold  # the local filters hiding a post, by name ("": none)
        self._open_cws: set[str] = set()
        self._drawn = Cards(self._draw_card, self._clock)
        self._bodies: Bodies = Bodies(DRAWN_TEXTS)
        self._pending: list[Item] = []  # posts still to draw below the first screen
        self._coming: deque[Item] = deque()  # live posts waiting for the next beat, to draw
        self._sized_cards: set[str] = set()  # ids of cards drawn for the current width
        self._laid_width = 0  # the width the cards were last drawn for
        self._following = False
        self._reported = range(0)  # the cards last said to be on screen (`_report_view`)

    # -- content -----------------------------------------------------------------------

    @property
    def items(self) -> Sequence[Item]:
        """The posts on the list, in order (looked up in the source)."""
        found = (self.source.get(card.id) for card in self.cards)
        return [item for item in found if item is not None]

    def _draw_card(self, item: Item) -> Content:
        options = ViewOptions(now=self._clock(), show_cw=item.id in self._open_cws,
                              depth=self.source.depth(item.id),
                              head=self.source.head(item.id),
                              relative_times=self._relative_times, card_keys=self._card_keys,
                              local_fold=self._fold(item) if self._fold else "")
        status = item_status(item)
        if self._desk is not None and status is not None:
            foreign = self._desk.language_of(status) if self._desk.is_foreign(status) else None
            translation = self._desk.view(status)
            # the model's name only labels a translation (asking for it reads the registry)
            model = self._desk.model_name if translation is not None else ""
            options = replace(options, foreign_language=foreign, translation=translation,
                              model_name=model)
        if (options.depth > 0 or options.translation is not None
                or (status is not None and (could_fold(status.content)
                                            or status.quote is not None))):
            # its rules follow the wrapped lines, or it folds past so many: see on_resize
            self._sized_cards.add(item.id)
            options = replace(options, width=self.content_width() or None)
        else:
            self._sized_cards.discard(item.id)
        if isinstance(item, Notification):
            return notification_content(item, options, self._bodies)
        return status_content(item, options, self._bodies)

    def _cards_of(self, items: Iterable[Item]) -> list[Card]:
        return [self._drawn.card(item) for item in items]

    def show(self, keep_position: bool = True, first: int | None = None,
             fill: int = 0) -> None:
        """Render the source's posts again (reusing drawn cards), keeping the highlighted
        post (or the next one left) where the reader sees it. With `first`, only so many
        cards are drawn now, and after them as many as `fill` lines take (a screenful);
        the rest follow a few per frame."""
        old_height = self.virtual_size.height
        old_index = self.highlighted
        # the reader's post, or the first one after it that is still there
        after = [card.id for card in self.cards[old_index:]] if (
            keep_position and old_index is not None) else []
        items = list(self.source.shown())
        ids = {item.id for item in items}
        self._drawn.keep_only(ids)
        self._sized_cards &= ids
        if first is not None:  # at least one, then the screenful below them
            first = max(first, 1)
            first += self._filling(items[first:], fill)
        now = items if first is None else items[:first]
        self._pending = items[len(now):]
        self.highlighted = None
        self.set_cards(self._cards_of(now))
        if self._pending:
            self.call_after_refresh(self._draw_more)
        new_index = next((i for i in map(self.index_of, after) if i is not None), None)
        if new_index is not None:
            if old_index is not None and new_index > old_index:
                # posts were inserted above: move the view down by exactly their height
                self.scroll_to(y=self.scroll_y + self.virtual_size.height - old_height,
                               animate=False, immediate=True)
            self.highlighted = new_index
        else:
            self.scroll_to(y=0, animate=False, immediate=True)
            self.highlighted = 0 if self.card_count else None

    def _filling(self, items: Sequence[Item], lines: int) -> int:
        """How many of `items` (drawn now) it takes to fill `lines`."""
        count = filled = 0
        for item in items:
            if filled >= lines:
                break
            filled += self.card_height(self._drawn.card(item)) or MIN_CARD_LINES
            count += 1
        return count

    def _draw_more(self) -> None:
        """The next few cards of a long list (after the first screen went out); nothing
        once the list has left the screen (its styles are gone)."""
        if not self.is_attached:
            self._pending = []
            return
        self._draw_pending(CHUNK)
        if self._pending:
            self.call_after_refresh(self._draw_more)

    def _draw_pending(self, count: int) -> None:
        """The next `count` cards still to draw, at the end of the list."""
        batch, self._pending = self._pending[:count], self._pending[count:]
        self.insert_cards(self.card_count, self._cards_of(batch))

    def draw_ahead(self, items: Iterable[Item], in_time: Callable[[], bool]) -> None:
        """Draw and measure the cards of these live posts (and those still waiting from
        the last call) while `in_time()`, before the beat puts them in the source: `apply`
        then finds them drawn."""
        self._coming.extend(items)
        width = self.content_width()
        while self._coming and width and in_time():
            item = self._coming.popleft()
            if item.id not in self._drawn and self.source.shows(item):
                self._kept.height(self._drawn.ahead(item), self._rules, width)

    def forget_ahead(self) -> None:
        """The beat went by: cards drawn ahead that did not go in go, and what was still
        to draw ahead is forgotten (the beat drew it)."""
        self._coming.clear()
        self._kept.forget(self._drawn.unused_ahead(self._on_list))

    def _on_list(self, card: Card) -> bool:
        """Whether the list shows this very card (not another drawing of its post)."""
        index = self.index_of(card.id)
        return index is not None and self.card_at(index) is card

    def apply(self, diff: TimelineDiff, rebuild: bool = False) -> None:
        """Render one change of the source: changed cards drawn again in place (those on
        screen now, the others when they come into view), removed ones taken out, new
        ones put in their places; everything again when the posts it had are in another order,
        or with `rebuild` (what the source shows changed beyond the diff)."""
        if not diff and not rebuild:
            return
        self._draw_pending(len(self._pending))  # the list is whole before it changes
        self._drawn.stale |= {i for i in diff.replaced if i in self._drawn}
        in_step = not (rebuild or diff.reordered)
        if in_step:  # older posts first: the list never looks shorter than it will be
            new = [item for item_id in diff.appended
                   if (item := self._new_item(item_id)) is not None]
            self.insert_cards(self.card_count, self._cards_of(new))
        if in_step and diff.removed:
            self.remove_cards(diff.removed)
            self._drawn.drop(diff.removed)
            self._sized_cards.difference_update(diff.removed)
        if in_step and diff.inserted:
            in_step = self._insert(diff.inserted)
        if not in_step:
            self.show()  # everything again (not in step with the source: the same)
        self._redraw_visible()

    def _new_item(self, item_id: str) -> Item | None:
        """A new post of the source that needs a card (shown, and not on the list: a post
        taken out and put back in one batch is there still), or None."""
        item = self.source.get(item_id)
        if item is None or not self.source.shows(item) or self.index_of(item_id) is not None:
            return None
        return item

    def _insert(self, item_ids: Iterable[str]) -> bool:
        """Put these posts' cards in their places (runs of them, each in one go), walking
        the source's order only as far as the last of them; False if the list is not a
        part of that order."""
        wanted = {i for i in item_ids if self._new_item(i) is not None}
        index, run = 0, []
        for item in self.source.ordered():
            if not wanted:
                break
            if item.id in wanted:
                wanted.discard(item.id)
                run.append(self._drawn.card(item))
                continue
            if run:
                self.insert_cards(index, run)
                index, run = index + len(run), []
            if index < self.card_count and self.card_at(index).id == item.id:
                index += 1  # on the list already (a post not shown is not)
        self.insert_cards(index, run)
        return not wanted

    def on_mount(self) -> None:
        if self._relative_times:
            self.set_interval(TIMES_REFRESH, self.refresh_times)

    def on_resize(self, event: events.Resize) -> None:
        """A new width: cards drawn for the old one (a rule down their side, a fold) are
        drawn again, and the reader's post comes to the top, where the eye finds it (the
        posts above it now take another number of lines). A height change or being hidden
        (width 0) changes nothing."""
        width = event.size.width
        if not width or width == self._laid_width:
            return
        relaid = self._laid_width > 0
        self._laid_width = width
        if self._sized_cards:  # all at once: one pass over the list, not one per card
            self._drawn.forget(self._sized_cards)
            self.show(first=self.card_count)  # what was still to draw follows as before
        if relaid and self.highlighted:
            self.scroll_to_highlight(top=True)

    def refresh_times(self) -> None:
        """"now" becomes "5m" while the reader reads: the cards on screen whose time (or
        poll) reads otherwise now are drawn again, the others when they come into view.
        Most cards keep their "3h" or "Mar 3" for many ticks."""
        self._drawn.tick()
        self._redraw_visible()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """The mouse wheel moves the view, not the highlight: out-of-date cards that come
        into view are drawn again (a move of the highlight does it in watch_highlighted)."""
        super().watch_scroll_y(old_value, new_value)
        if self._drawn.behind and not self._following and round(old_value) != round(new_value):
            self._redraw_visible()

    def _redraw_visible(self) -> None:
        if self._drawn.behind:
            self._redraw(self.visible_range())

    def _redraw_near_highlight(self) -> None:
        """The out-of-date cards within a screenful of the highlight (a card is 3 lines
        or more): no walk over the list, only over the cards around the highlight."""
        if not self._drawn.behind or self.highlighted is None:
            return
        reach = self.size.height // 3 + 1
        self._redraw(range(max(0, self.highlighted - reach),
                           min(self.card_count, self.highlighted + reach + 1)))

    def _redraw(self, indexes: Iterable[int]) -> None:
        """Draw again those of these cards that are out of date."""
        for index in indexes:
            item = self.source.get(self.card_at(index).id)
            if item is not None and self._drawn.out_of_date(item):
                self.replace_card(index, self._drawn.redraw(item))

    def refresh_item(self, item_id: str) -> None:
        """Re-render one post in place (a toggled CW)."""
        item = self.source.get(item_id)
        index = self.index_of(item_id)
        if item is not None and index is not None:
            self.replace_card(index, self._drawn.redraw(item))

    def refresh_statuses(self, status_ids: Iterable[str]) -> None:
        """The view of these statuses changed (a language found, a translation): their
        cards on screen are drawn again now, the others when they come into view."""
        self._drawn.stale |= self._drawn.showing(status_ids)
        self._redraw_visible()
        if self.highlighted is not None and screen_range(self, self.highlighted) != self._reported:
            self._report_view(self.highlighted)  # taller cards pushed posts off the screen

    def on_cards_changed(self, message: messages.CardsChanged) -> None:
        message.stop()
        self.refresh_statuses(message.status_ids)

    def report_view(self) -> None:
        """Say again which posts are on screen (their languages are known now)."""
        if self.highlighted is not None:
            self._report_view(self.highlighted)

    @property
    def highlighted_item(self) -> Item | None:
        card = self.highlighted_card
        return self.source.get(card.id) if card is not None else None

    @property
    def highlighted_status(self) -> Status | None:
        item = self.highlighted_item
        return item_status(item) if item is not None else None

    # -- actions -----------------------------------------------------------------------

    def watch_highlighted(self, highlighted: int | None) -> None:
        self._following = True  # the view follows the highlight (see watch_scroll_y)
        try:
            super().watch_highlighted(highlighted)
        finally:
            self._following = False
        if highlighted is None:
            return
        self._redraw_near_highlight()
        self._report_view(highlighted)
        if not self._pending and highlighted >= self.card_count - LOAD_MORE_MARGIN:
            self.post_message(messages.LoadOlder())

    def action_last(self) -> None:
        super().action_last()
        self.post_message(messages.LoadOlder())

    def action_cursor_down(self) -> None:
        """Down; on the last post, the older posts are asked for (again, if a load failed),
        and the highlight moves on when they are in."""
        at_the_end = self.highlighted == self.card_count - 1
        super().action_cursor_down()
        if at_the_end and not self._pending:
            self.post_message(messages.LoadOlder())

    def action_show_new(self) -> None:
        self.post_message(messages.ShowNew())

    def action_open_thread(self) -> None:
        if (status := self.highlighted_status) is not None:
            self.post_message(messages.OpenThread(status))

    def action_open_profile(self) -> None:
        item = self.highlighted_item
        if isinstance(item, Notification):
            self.post_message(messages.OpenProfile(item.account))
        elif (status := self.highlighted_status) is not None:
            self.post_message(messages.OpenProfile(status.account))

    def action_open_link(self) -> None:
        if (status := self.highlighted_status) is not None:
            self.post_message(messages.OpenLink(status))

    def _report_view(self, index: int) -> None:
        """Say which posts are on screen around the cursor, and which come next."""
        self._reported = screen_range(self, index)
        self.post_message(posts_in_view(self, self._reported))

    def on_focus(self) -> None:
        if self.highlighted is not None:  # this list's posts go first now
            self._report_view(self.highlighted)

    def on_unmount(self) -> None:
        self.app.post_message(messages.PostsInView([], [], source=id(self)))  # nothing shown

    def action_translate(self) -> None:
        if (status := self.highlighted_status) is not None:
            self.post_message(messages.TranslateRequested(status))

    def action_mute_local(self) -> None:
        if (status := self.highlighted_status) is not None:
            self.post_message(messages.MuteLocally(status))

    def action_why(self) -> None:
        if (item := self.highlighted_item) is not None:
            self.post_message(messages.ExplainRequested(item, tuple(self.source.shown()), self))

    def action_summarise(self) -> None:
        if (status := self.highlighted_status) is not None:
            self.post_message(messages.SummaryRequested(status, self))

    def action_toggle_cw(self) -> None:
        item = self.highlighted_item
        if item is None:
            return
        self._open_cws.symmetric_difference_update({item.id})
        self.refresh_item(item.id)

    def on_card_list_selected(self, event: CardList.Selected) -> None:
        event.stop()
        self.action_open_thread()

    # -- acting on the highlighted post (the App routes these) ---------------------------

    def action_post(self, action: str) -> None:
        """reply, quote, open_quote, boost, favourite, bookmark, vote, edit, delete,
        redraft or copy_url on the highlighted post."""
        if (status := self.highlighted_status) is not None:
            self.post_message(messages.PostAction(action, status))
