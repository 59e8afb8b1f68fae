"""A pane's title line: what it shows and its connection on the left, the reader's place
("12/40") on the right. It stands in for a scrollbar, which costs a column per pane and,
through the compositor's cuts, several megabytes of rendered strips on a wide screen."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

POSITION_DELAY = 0.15  # seconds without moving before the header shows the new position


class PaneHeader(Widget):
    """Repaints itself (never a relayout) when its text changes: it changes on every `j`."""

    def __init__(self, left: str = "", *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self._left = left
        self._right = ""
        self._place: tuple[int | None, int] = (None, 0)  # the reader's post and the count
        self._place_timer: Timer | None = None

    def show(self, left: str | None = None, right: str | None = None) -> None:
        new_left = self._left if left is None else left
        new_right = self._right if right is None else right
        if (new_left, new_right) != (self._left, self._right):
            self._left, self._right = new_left, new_right
            self.refresh()

    def place(self, index: int | None, count: int, *, now: bool = False) -> None:
        """"12/40": the reader's post (`index`) of `count`. Unless `now`, it follows once
        the reader pauses: a second widget repainted with every `j` makes the list's own
        repaint miss frames."""
        self._place = (index, count)
        if now:
            self._show_place()
        elif self._place_timer is None:
            self._place_timer = self.set_timer(POSITION_DELAY, self._show_place)
        else:
            self._place_timer.reset()

    def _show_place(self) -> None:
        if self._place_timer is not None:
            self._place_timer.stop()
            self._place_timer = None
        index, count = self._place
        self.show(right=f"{index + 1}/{count}" if count and index is not None else "")

    def render(self) -> Content:
        gap = self.content_size.width - cell_len(self._left) - cell_len(self._right)
        if not self._right or gap < 2:  # too narrow for both: the title stays
            return Content(self._left)
        return Content(self._left + " " * gap + self._right)


class NewPostsBar(Static):
    """"▲ 3 new posts — press n" above the list, hidden when none wait."""

    def __init__(self) -> None:
        super().__init__("", classes="new-posts", markup=False)
        self.count = 0

    def say(self, count: int) -> None:
        """Touched only when the count changes (every `j` asks, and a relayout per key
        press is what makes scrolling stutter)."""
        if count == self.count:
            return
        self.count = count
        self.update(f"▲ {count} new post{'s' if count != 1 else ''} — press n" if count else "")
        self.display = bool(count)
