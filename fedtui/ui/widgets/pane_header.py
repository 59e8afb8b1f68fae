"""A pane's title line: what it shows and its connection on the left, the reader's place
("12/40") on the right. It stands in for a scrollbar, which costs a column per pane and,
through the compositor's cuts, several megabytes of rendered strips on a wide screen."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget


class PaneHeader(Widget):
    """Repaints itself (never a relayout) when its text changes: it changes on every `j`."""

    def __init__(self, left: str = "", *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self._left = left
        self._right = ""

    def show(self, left: str | None = None, right: str | None = None) -> None:
        new_left = self._left if left is None else left
        new_right = self._right if right is None else right
        if (new_left, new_right) != (self._left, self._right):
            self._left, self._right = new_left, new_right
            self.refresh()

    def render(self) -> Content:
        gap = self.content_size.width - cell_len(self._left) - cell_len(self._right)
        if not self._right or gap < 2:  # too narrow for both: the title stays
            return Content(self._left)
        return Content(self._left + " " * gap + self._right)
