"""A scrolling list of posts that renders only what is on screen (Textual's OptionList).

It keeps the reader's place when posts arrive above and when its width changes, folds
content warnings and long posts until `s`, and turns keys into intent messages for the
screen to route.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from textual import events
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from fedtui.core.model import Notification, Status
from fedtui.core.render import could_fold
from fedtui.ui import messages
from fedtui.ui.keymap import POST_KEYS, TIMELINE_KEYS, bindings
from fedtui.ui.post_view import ViewOptions, notification_content, status_content
from fedtui.ui.translations import TranslationDesk

Item = Status | Notification
LOAD_MORE_MARGIN = 5  # load older posts when the cursor gets this close to the end
TIMES_REFRESH = 60.0  # seconds between re-renders of the cards' relative times


def item_status(item: Item) -> Status | None:
    """The status an item is about (the boosted one for a boost)."""
    status = item.status if isinstance(item, Notification) else item
    return status.shown if status is not None else None


def _with_separators(options: Iterable[Option]) -> Iterator[Option | None]:
    """A thin rule after every post (None is OptionList's separator)."""
    for option in options:
        yield option
        yield None


class StatusList(OptionList):
    """Posts newest first. `depths` indents a thread tree."""

    BINDINGS = bindings(TIMELINE_KEYS + POST_KEYS)

    def __init__(self, *, clock: Callable[[], datetime] | None = None,
                 desk: TranslationDesk | None = None, relative_times: bool = True,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._relative_times = relative_times
        self._desk = desk
        self._posts: list[Item] = []
        self._post_depths: dict[str, int] = {}
        self._heads: dict[str, str] = {}  # a line above a card ("❝ quoted by …")
        self._open_cws: set[str] = set()
        self._post_options: dict[str, Option] = {}
        self._sized_cards: set[str] = set()  # ids of cards drawn for the current width
        self._laid_width = 0  # the width the cards were last drawn for

    # -- content -----------------------------------------------------------------------

    @property
    def items(self) -> Sequence[Item]:
        return self._posts

    def _card(self, item: Item) -> Content:
        options = ViewOptions(now=self._clock(), show_cw=item.id in self._open_cws,
                              depth=self._post_depths.get(item.id, 0),
                              head=self._heads.get(item.id, ""),
                              relative_times=self._relative_times)
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
            return notification_content(item, options)
        return status_content(item, options)

    def _option(self, item: Item) -> Option:
        option = self._post_options.get(item.id)
        if option is None:
            option = Option(self._card(item), id=item.id)
            self._post_options[item.id] = option
        return option

    def show(self, items: Sequence[Item], depths: dict[str, int] | None = None,
             keep_position: bool = True, heads: dict[str, str] | None = None) -> None:
        """Replace the list, keeping the highlighted post where the reader sees it;
        `heads`: a line above some cards, by id (kept, like `depths`, until given again)."""
        keep_id = self.highlighted_item.id if keep_position and self.highlighted_item else None
        old_height = self.virtual_size.height
        old_scroll = self.scroll_y
        old_index = self.highlighted
        ids = {item.id for item in items}
        self._post_options = {key: opt for key, opt in self._post_options.items() if key in ids}
        self._sized_cards &= ids
        self._posts = list(items)
        if depths is not None:
            self._post_depths = depths
        if heads is not None:
            self._heads = heads
        self.set_options(_with_separators(self._option(item) for item in self._posts))
        if keep_id is not None and keep_id in ids:
            new_index = next(i for i, item in enumerate(self._posts) if item.id == keep_id)
            if old_index is not None and new_index > old_index:
                # posts were inserted above: move the view down by exactly their height
                self.scroll_to(y=old_scroll + self.virtual_size.height - old_height,
                               animate=False, immediate=True)
            else:
                self.scroll_to(y=old_scroll, animate=False, immediate=True)
            self.highlighted = new_index
        elif self._posts:
            self.highlighted = 0

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
            for item_id in self._sized_cards:
                self._post_options.pop(item_id, None)
            self.show(self._posts)
        if relaid and self.highlighted:
            self.scroll_to_highlight(top=True)

    def refresh_times(self) -> None:
        """Render the cards again, so that "now" becomes "5m" while the reader reads."""
        if self._posts:
            self._post_options.clear()
            self.show(self._posts)

    def refresh_item(self, item_id: str) -> None:
        """Re-render one post in place (a toggled CW, an edit)."""
        for index, item in enumerate(self._posts):
            if item.id == item_id:
                self._post_options.pop(item_id, None)
                self.replace_option_prompt_at_index(index, self._card(item))
                return

    def refresh_status(self, status_id: str) -> None:
        """Re-render every card showing this status (the post itself and its boosts)."""
        for item in self._posts:
            status = item_status(item)
            if status is not None and status.id == status_id:
                self.refresh_item(item.id)

    @property
    def highlighted_item(self) -> Item | None:
        if self.highlighted is None or not 0 <= self.highlighted < len(self._posts):
            return None
        return self._posts[self.highlighted]

    @property
    def highlighted_status(self) -> Status | None:
        item = self.highlighted_item
        return item_status(item) if item is not None else None

    # -- actions -----------------------------------------------------------------------

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None:
            self._report_view(highlighted)
        if highlighted is not None and highlighted >= len(self._posts) - LOAD_MORE_MARGIN:
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
            found = (item_status(item) for item in self._posts[max(0, start):stop])
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

    def action_why(self) -> None:
        if (item := self.highlighted_item) is not None:
            self.post_message(messages.ExplainRequested(item, tuple(self._posts), self))

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

    def update_status(self, status: Status) -> None:
        """Show the new version of `status` (counts, an edit, a vote) wherever it is here."""
        for index, item in enumerate(self._posts):
            fresh = with_status(item, status)
            if fresh is not None:
                self._posts[index] = fresh
                self._post_options.pop(item.id, None)
                self.replace_option_prompt_at_index(index, self._card(fresh))


def with_status(item: Item, status: Status) -> Item | None:
    """`item` showing the new version of `status`, or None when it does not show it."""
    if isinstance(item, Notification):
        if item.status is not None and item.status.shown.id == status.id:
            if item.status.reblog is not None:
                return replace(item, status=replace(item.status, reblog=status))
            return replace(item, status=status)
        return None
    if item.id == status.id:
        return status
    if item.reblog is not None and item.reblog.id == status.id:
        return replace(item, reblog=status)
    return None
