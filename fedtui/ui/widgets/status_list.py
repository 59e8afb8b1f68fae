"""A scrolling list of posts that renders only what is on screen (Textual's OptionList).

It owns no posts: its source (a pane's timeline, a thread) holds them, and the list renders
the `TimelineDiff` of each change. Appended posts and changed posts are updated in place;
posts inserted above the end rebuild the options once per batch (OptionList can only
append). It keeps the reader's place when posts arrive above and when its width changes,
folds content warnings and long posts until `s`, and turns keys into intent messages for
the screen to route.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol, cast

from textual import events
from textual.content import Content
from textual.css.styles import RulesMap
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from fedtui.app.translation_desk import TranslationDesk
from fedtui.core.folding import could_fold
from fedtui.core.model import Item, Notification, Status, item_status
from fedtui.core.timeline import TimelineDiff
from fedtui.ui import messages
from fedtui.ui.keymap import POST_KEYS, TIMELINE_KEYS, bindings
from fedtui.ui.post_view import Bodies, ViewOptions, notification_content, status_content
from fedtui.ui.widgets.status_cards import Cards

LOAD_MORE_MARGIN = 5  # load older posts when the cursor gets this close to the end
TIMES_REFRESH = 60.0  # seconds between re-renders of the cards' relative times
CHUNK = 10  # cards drawn per frame after the first screen of a long list
MIN_CARD_LINES = 4  # author, text, counts, and the rule under them
DRAWN_TEXTS = 40  # post texts kept per list for cards drawn again (a screenful or two)


def _with_separators(options: Iterable[Option]) -> Iterator[Option | None]:
    """A thin rule after every post (None is OptionList's separator)."""
    for option in options:
        yield option
        yield None


class ListSource(Protocol):
    """The owner of a list's posts (a pane's timeline, a thread)."""

    def shown(self) -> Sequence[Item]:
        """The posts to show, in display order."""
        ...

    def shows(self, item: Item) -> bool:
        """Whether this post (in the owner's state) is shown (filters may hide it)."""
        ...

    def get(self, item_id: str) -> Item | None: ...

    def depth(self, item_id: str) -> int: ...

    def head(self, item_id: str) -> str:
        """A line above the post's card ("❝ quoted by …"), or ""."""
        ...


class StatusList(OptionList):
    """Posts of a `ListSource`, in its order; `depth` indents a thread tree."""

    BINDINGS = bindings(TIMELINE_KEYS + POST_KEYS)

    def __init__(self, source: ListSource, *, clock: Callable[[], datetime] | None = None,
                 desk: TranslationDesk | None = None, relative_times: bool = True,
                 fold: Callable[[Item], str] | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.source = source
        self._clock = clock or (lambda: datetime.now(UTC))
        self._relative_times = relative_times
        self._desk = desk
        self._fold = fold  # the local filters hiding a post, by name ("": none)
        self._open_cws: set[str] = set()
        self._cards = Cards(self._card, self._clock)
        self._bodies: Bodies = Bodies(DRAWN_TEXTS)
        self._pending: list[Item] = []  # posts still to draw below the first screen
        self._sized_cards: set[str] = set()  # ids of cards drawn for the current width
        self._laid_width = 0  # the width the cards were last drawn for
        self._following = False

    # -- content -----------------------------------------------------------------------

    @property
    def items(self) -> Sequence[Item]:
        """The posts on the list, in order (looked up in the source)."""
        found = (self.source.get(option.id) for option in self.options if option.id)
        return [item for item in found if item is not None]

    def _card(self, item: Item) -> Content:
        options = ViewOptions(now=self._clock(), show_cw=item.id in self._open_cws,
                              depth=self.source.depth(item.id),
                              head=self.source.head(item.id),
                              relative_times=self._relative_times,
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
            options = replace(options, width=self._card_width())
        else:
            self._sized_cards.discard(item.id)
        if isinstance(item, Notification):
            return notification_content(item, options, self._bodies)
        return status_content(item, options, self._bodies)

    def show(self, keep_position: bool = True, first: int | None = None) -> None:
        """Render the source's posts again (reusing drawn cards), keeping the highlighted
        post where the reader sees it. With `first`, only so many cards are drawn now and
        the rest follow a few per frame."""
        keep_id = self.highlighted_item.id if keep_position and self.highlighted_item else None
        old_height = self.virtual_size.height
        old_scroll = self.scroll_y
        old_index = self.highlighted
        items = list(self.source.shown())
        ids = {item.id for item in items}
        self._cards.keep_only(ids)
        self._sized_cards &= ids
        now = items if first is None else items[:max(first, 1)]
        self._pending = items[len(now):]
        self.set_options(_with_separators(self._cards.option(item) for item in now))
        if self._pending:
            self.call_after_refresh(self._draw_more)
        new_index = self.index_of(keep_id) if keep_id is not None else None
        if new_index is not None:
            if old_index is not None and new_index > old_index:
                # posts were inserted above: move the view down by exactly their height
                self.scroll_to(y=old_scroll + self.virtual_size.height - old_height,
                               animate=False, immediate=True)
            else:
                self.scroll_to(y=old_scroll, animate=False, immediate=True)
            self.highlighted = new_index
        elif self.option_count:
            self.highlighted = 0

    def _draw_more(self) -> None:
        """The next few cards of a long list (after the first screen went out); nothing
        once the list has left the screen (its styles are gone)."""
        if not self.is_attached:
            self._pending = []
            return
        batch, self._pending = self._pending[:CHUNK], self._pending[CHUNK:]
        if batch:
            self.add_options(_with_separators(self._cards.option(item) for item in batch))
        if self._pending:
            self.call_after_refresh(self._draw_more)

    def _finish_drawing(self) -> None:
        if self._pending:
            batch, self._pending = self._pending, []
            self.add_options(_with_separators(self._cards.option(item) for item in batch))

    def apply(self, diff: TimelineDiff, rebuild: bool = False) -> None:
        """Render one change of the source: changed cards drawn again in place (those on
        screen now, the others when they come into view), posts appended at the end added,
        anything inserted above or removed in one rebuild (`rebuild`: in any case, when
        what the source shows changed beyond the diff)."""
        if not diff and not rebuild:
            return
        self._finish_drawing()
        self._cards.stale |= {i for i in diff.replaced if i in self._cards}
        if diff.inserted or diff.removed or rebuild:
            self.show()
        else:
            new = [item for item_id in diff.appended if (item := self.source.get(item_id))
                   is not None and self.source.shows(item)]
            if new:
                self.add_options(_with_separators(self._cards.option(item) for item in new))
                if self.highlighted is None:
                    self.highlighted = 0
        self._redraw_visible()

    def index_of(self, item_id: str) -> int | None:
        """The position of a post's card on the list, or None."""
        try:
            return self.get_option_index(item_id)
        except OptionDoesNotExist:
            return None

    def on_mount(self) -> None:
        if self._relative_times:
            self.set_interval(TIMES_REFRESH, self.refresh_times)

    def _card_width(self) -> int | None:
        """Cells for a card's text (without the option's padding); None before layout."""
        padding = self.get_component_styles("option-list--option").padding.width
        width = self.scrollable_content_region.width - padding
        return width if width > 0 else None

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
            self._cards.forget(self._sized_cards)
            self.show(first=self.option_count)  # what was still to draw follows as before
        if relaid and self.highlighted:
            self.scroll_to_highlight(top=True)

    def refresh_times(self) -> None:
        """"now" becomes "5m" while the reader reads: the cards on screen whose time (or
        poll) reads otherwise now are drawn again, the others when they come into view.
        Most cards keep their "3h" or "Mar 3" for many ticks."""
        self._cards.tick()
        self._redraw_visible()

    def _visible_indexes(self) -> range:
        """The cards on screen: their heights (cached by each card) summed from the top."""
        top, bottom = self.scroll_y, self.scroll_y + self.size.height
        width, rules = self._card_width() or 1, cast(RulesMap, self.styles)
        line, first = 0, None
        for index, option in enumerate(self.options):
            prompt = option.prompt
            height = (prompt.get_height(rules, width)
                      if isinstance(prompt, Content) else 1) + 1
            if first is None and line + height > top:
                first = index
            line += height
            if line >= bottom:
                return range(first or 0, index + 1)
        return range(first or 0, self.option_count)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """The mouse wheel moves the view, not the highlight: out-of-date cards that come
        into view are drawn again (a move of the highlight does it in watch_highlighted)."""
        super().watch_scroll_y(old_value, new_value)
        if self._cards.behind and not self._following and round(old_value) != round(new_value):
            self._redraw_visible()

    def _redraw_visible(self) -> None:
        if self._cards.behind:
            self._redraw(self._visible_indexes())

    def _redraw_near_highlight(self) -> None:
        """The out-of-date cards within a screenful of the highlight (a card is 3 lines
        or more): no walk over the list, only over the cards around the highlight."""
        if not self._cards.behind or self.highlighted is None:
            return
        reach = self.size.height // 3 + 1
        self._redraw(range(max(0, self.highlighted - reach),
                           min(self.option_count, self.highlighted + reach + 1)))

    def _redraw(self, indexes: Iterable[int]) -> None:
        """Draw again those of these cards that are out of date."""
        for index in indexes:
            item_id = self.options[index].id
            item = self.source.get(item_id) if item_id is not None else None
            if item is not None and self._cards.out_of_date(item):
                self.replace_option_prompt_at_index(index, self._cards.redraw(item))

    def refresh_item(self, item_id: str) -> None:
        """Re-render one post in place (a toggled CW)."""
        item = self.source.get(item_id)
        index = self.index_of(item_id)
        if item is not None and index is not None:
            self.replace_option_prompt_at_index(index, self._cards.redraw(item))

    def refresh_statuses(self, status_ids: Iterable[str]) -> None:
        """The view of these statuses changed (a language found, a translation): their
        cards on screen are drawn again now, the others when they come into view."""
        self._cards.stale |= self._cards.showing(status_ids)
        self._redraw_visible()

    def on_cards_changed(self, message: messages.CardsChanged) -> None:
        message.stop()
        self.refresh_statuses(message.status_ids)

    def report_view(self) -> None:
        """Say again which posts are on screen (their languages are known now)."""
        if self.highlighted is not None:
            self._report_view(self.highlighted)

    @property
    def highlighted_item(self) -> Item | None:
        if self.highlighted is None or not 0 <= self.highlighted < self.option_count:
            return None
        item_id = self.options[self.highlighted].id
        return self.source.get(item_id) if item_id is not None else None

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
        if not self._pending and highlighted >= self.option_count - LOAD_MORE_MARGIN:
            self.post_message(messages.LoadOlder())

    def action_last(self) -> None:
        super().action_last()
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
        """The posts on screen around the cursor, and the next ones (for prefetching)."""
        window = max(1, self.size.height // 4)

        def statuses(start: int, stop: int) -> list[Status]:
            options = self.options[max(0, start):stop]
            items = (self.source.get(option.id) for option in options if option.id)
            found = (item_status(item) for item in items if item is not None)
            return [status for status in found if status is not None]

        self.post_message(messages.PostsInView(statuses(index - 1, index + window),
                                               statuses(index + window, index + 3 * window),
                                               source=id(self), focused=self.has_focus))

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

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_thread()

    # -- acting on the highlighted post (the App routes these) ---------------------------

    def _post_action(self, action: str) -> None:
        if (status := self.highlighted_status) is not None:
            self.post_message(messages.PostAction(action, status))

    def action_reply(self) -> None:
        self._post_action("reply")

    def action_quote(self) -> None:
        self._post_action("quote")

    def action_open_quote(self) -> None:
        self._post_action("open_quote")

    def action_boost(self) -> None:
        self._post_action("boost")

    def action_favourite(self) -> None:
        self._post_action("favourite")

    def action_bookmark(self) -> None:
        self._post_action("bookmark")

    def action_vote(self) -> None:
        self._post_action("vote")

    def action_edit(self) -> None:
        self._post_action("edit")

    def action_delete(self) -> None:
        self._post_action("delete")

    def action_redraft(self) -> None:
        self._post_action("redraft")

    def action_copy_url(self) -> None:
        self._post_action("copy_url")
