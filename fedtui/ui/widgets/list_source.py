"""What a `StatusList` renders: the owner of its posts (a pane's timeline, a thread)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from fedtui.core.model import Item


class ListSource(Protocol):
    """The owner of a list's posts (a pane's timeline, a thread)."""

    def shown(self) -> Sequence[Item]:
        """The posts to show, in display order."""
        ...

    def ordered(self) -> Sequence[Item]:
        """Every post the owner holds, in display order, shown or not (no filtering)."""
        ...

    def shows(self, item: Item) -> bool:
        """Whether this post (in the owner's state) is shown (filters may hide it)."""
        ...

    def get(self, item_id: str) -> Item | None: ...

    def depth(self, item_id: str) -> int: ...

    def head(self, item_id: str) -> str:
        """A line above the post's card ("❝ quoted by …"), or ""."""
        ...
