"""What a list says of the posts it shows (`PostsInView`): the cards on screen around the
cursor, and the next ones down for prefetching; the translation desk orders its work by it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fedtui.core.model import Status, item_status
from fedtui.ui import messages

if TYPE_CHECKING:
    from fedtui.ui.widgets.status_list import StatusList

MIN_CARD_LINES = 4  # author, text, counts, and the rule under them


def screen_range(status_list: StatusList, index: int) -> range:
    """The cards on screen with the cursor's; before the list's layout (or with the cursor
    off screen), a screenful of the smallest cards from the one above it."""
    shown = status_list.visible_range()
    if index in shown:
        return shown
    return range(max(0, index - 1), index + max(1, status_list.size.height // MIN_CARD_LINES))


def posts_in_view(status_list: StatusList, shown: range) -> messages.PostsInView:
    """The statuses of the cards in `shown`, and of the two screenfuls below them."""
    ahead = 2 * max(1, status_list.size.height // MIN_CARD_LINES)

    def statuses(start: int, stop: int) -> list[Status]:
        items = (status_list.source.get(card.id) for card in status_list.cards[start:stop])
        found = (item_status(item) for item in items if item is not None)
        return [status for status in found if status is not None]

    return messages.PostsInView(statuses(shown.start, shown.stop),
                                statuses(shown.stop, shown.stop + ahead),
                                source=id(status_list), focused=status_list.has_focus)
