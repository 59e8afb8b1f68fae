"""Edits and deletions that a pane's stream brings, told to the owners of posts whose own
streams do not bring them: a notifications pane, a bookmarks or profile pane, an open
thread, of the same account. Once per change, however many panes heard it."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from fedtui.ui import messages

if TYPE_CHECKING:
    from textual.widget import Widget

    from fedtui.core.model import Status

#: Changes remembered as told (several streaming panes hear each one within a beat).
RECENT = 256


class LiveSpread:
    """`owners` gives every owner of a list of posts read as an account (its key); one
    that hears the changes itself has a true `hears_status_events`."""

    def __init__(self, owners: Callable[[str], Iterable[Widget]]) -> None:
        self._owners = owners
        self._told: OrderedDict[tuple[object, ...], None] = OrderedDict()

    def edited(self, status: Status, account: str) -> None:
        """A stream of `account` (ids are the server's) brought a new version of `status`."""
        if self._first((account, status.id, status.edited_at, status.content)):
            for owner in self._deaf(account):
                owner.post_message(messages.StatusChanged(status))

    def deleted(self, status_id: str, account: str) -> None:
        """A stream of `account` said `status_id` was deleted."""
        if self._first((account, status_id)):
            for owner in self._deaf(account):
                owner.post_message(messages.StatusDeleted(status_id))

    def _first(self, change: tuple[object, ...]) -> bool:
        """Whether `change` is told for the first time (and remember it)."""
        if change in self._told:
            return False
        self._told[change] = None
        if len(self._told) > RECENT:
            self._told.popitem(last=False)
        return True

    def _deaf(self, account: str) -> list[Widget]:
        return [owner for owner in self._owners(account)
                if not getattr(owner, "hears_status_events", False)]
