"""A pane's title line: what it shows and its connection on the left, the reader's place
("12/40"; "20/20 · loading older" while the next older page is on its way) on the right.
It stands in for a scrollbar, which costs a column per pane and, through the compositor's
cuts, several megabytes of rendered strips on a wide screen."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

POSITION_DELAY = 0.15  # seconds without moving before the header shows the new position
LOADING_OLDER = " · loading older"  # after the place, while older posts are on their way


class PaneHeader(Widget):
    """Repaints itself (never a relayout) when its text changes: it changes on every `j`."""

    def __init__(self, left: str = "", *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self._left = left
        self._right = ""
        #: the reader's post, the count, and whether older posts are on their way
        self._place: tuple[int | None, int, bool] = (None, 0, False)
        self._place_timer: Timer | None = None

    def show(self, left: str | None = None, right: str | None = None) -> None:
        new_left = self._left if left is None else left
        new_right = self._right if right is None else right
        if (new_left, new_right) != (self._left, self._right):
            self._left, self._right = new_left, new_right
            self.refresh()

    def place(self, index: int | None, count: int, *, loading_older: bool = False,
              now: bool = False) -> None:
        """"12/40": the reader's post (`index`) of `count`, and whether older posts are
        loading (a `j` on the last post moves on once they are in). Unless `now`, it
        follows once the reader pauses: a second widget repainted with every `j` makes the
        list's own repaint miss frames."""
        self._place = (index, count, loading_older)
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
        index, count, loading_older = self._place
        place = f"{index + 1}/{count}" if count and index is not None else ""
        self.show(right=place + LOADING_OLDER if place and loading_older else place)

    def render(self) -> Content:
        width = self.content_size.width - cell_len(self._left)
        # too narrow for all: the place without "loading older", then the title alone
        for right in (self._right, self._right.removesuffix(LOADING_OLDER)):
            gap = width - cell_len(right)
            if right and gap >= 2:
                return Content(self._left + " " * gap + right)
        return Content(self._left)


class NewPostsBar(Static):
    """"▲ 3 new posts — press n" above the list, hidden when none wait."""

    def __init__(self, key: str = "n") -> None:
        super().__init__("", classes="new-posts", markup=False)
        self.count = 0
        self.key = key  # the key that shows them (`timeline.show_new`)

    def say(self, count: int) -> None:
        """Touched only when the count changes (every `j` asks, and a relayout per key
        press is what makes scrolling stutter)."""
        if count == self.count:
            return
        self.count = count
        # one line high: a new count is drawn again without a layout of the screen
        self.update(f"▲ {count} new post{'s' if count != 1 else ''} — press {self.key}"
                    if count else "", layout=False)
        self.display = bool(count)
