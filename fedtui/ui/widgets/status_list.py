"""A scrolling list of posts that renders only what is on screen (Textual's OptionList).

It keeps the reader's place when posts arrive above, folds content warnings until `s`,
and turns keys into intent messages for the screen to route.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from fedtui.core.model import Notification, Status
from fedtui.ui import messages
from fedtui.ui.keymap import TIMELINE_KEYS, bindings
from fedtui.ui.post_view import ViewOptions, notification_content, status_content

Item = Status | Notification
LOAD_MORE_MARGIN = 5  # load older posts when the cursor gets this close to the end


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

    BINDINGS = bindings(TIMELINE_KEYS)

    def __init__(self, *, clock: Callable[[], datetime] | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._posts: list[Item] = []
        self._post_depths: dict[str, int] = {}
        self._open_cws: set[str] = set()
        self._post_options: dict[str, Option] = {}

    # -- content -----------------------------------------------------------------------

    @property
    def items(self) -> Sequence[Item]:
        return self._posts

    def _card(self, item: Item) -> Content:
        options = ViewOptions(now=self._clock(), show_cw=item.id in self._open_cws,
                              depth=self._post_depths.get(item.id, 0))
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
             keep_position: bool = True) -> None:
        """Replace the list, keeping the highlighted post where the reader sees it."""
        keep_id = self.highlighted_item.id if keep_position and self.highlighted_item else None
        old_height = self.virtual_size.height
        old_scroll = self.scroll_y
        old_index = self.highlighted
        ids = {item.id for item in items}
        self._post_options = {key: opt for key, opt in self._post_options.items() if key in ids}
        self._posts = list(items)
        if depths is not None:
            self._post_depths = depths
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

    def refresh_item(self, item_id: str) -> None:
        """Re-render one post in place (a toggled CW, an edit)."""
        for index, item in enumerate(self._posts):
            if item.id == item_id:
                self._post_options.pop(item_id, None)
                self.replace_option_prompt_at_index(index, self._card(item))
                return

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

    def action_toggle_cw(self) -> None:
        item = self.highlighted_item
        if item is None:
            return
        self._open_cws.symmetric_difference_update({item.id})
        self.refresh_item(item.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_thread()
