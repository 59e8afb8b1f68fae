"""The tab strip over the panes, shown when not all of them fit side by side: every pane's
title, the focused one in brackets and highlighted, those on screen in bold, the others
muted. `h`/`l` move along it; a click on a title focuses that pane."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from fedtui.core.sanitize import clean_line

ACTIVE_STYLE = "bold reverse $primary"
SHOWN_STYLE = "bold"
HIDDEN_STYLE = "$text-muted"


def shorten(title: str, most: int) -> str:
    """`title` in at most `most` characters, its middle left out (the ends tell panes apart:
    "#rust", "#rustlang")."""
    if len(title) <= most:
        return title
    tail = (most - 1) // 2
    return title[: most - 1 - tail] + "…" + title[len(title) - tail:]


class PaneTabs(Widget, can_focus=False):
    """Repaints itself (no relayout) when the panes or the focus change."""

    class Chosen(Message):
        """A tab was clicked: focus the pane at `index`."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None, keys: tuple[str, str] = ("h", "l")) -> None:
        """`keys`: those that move to the previous and the next pane (the hint names them)."""
        super().__init__(id=id)
        self._switch_hint = f"   {keys[0]}/{keys[1]} to switch"
        self._titles: tuple[str, ...] = ()
        self._active = 0
        self._shown = range(0)
        self._targets: list[tuple[int, int, int]] = []  # cells of each title, its pane

    def show(self, titles: list[str], active: int, shown: range) -> None:
        state = (tuple(clean_line(title) for title in titles), active, shown)
        if state != (self._titles, self._active, self._shown):
            self._titles, self._active, self._shown = state
            self.refresh()

    @property
    def text(self) -> str:
        """The strip as plain text (what the reader sees, without its colours)."""
        return self.render().plain

    def render(self) -> Content:
        """The titles, shortened when they do not all fit (the hint goes first)."""
        room = self.content_size.width or 10**6
        titles = self._titles
        longest = max((len(title) for title in titles), default=0)
        while longest > 4 and sum(len(t) + 3 for t in titles) > room:
            longest -= 1
            titles = tuple(shorten(title, longest) for title in titles)
        self._targets = []
        line = Content("")
        for index, title in enumerate(titles):
            if index == self._active:
                label, style = f"[{title}]", ACTIVE_STYLE
            else:
                label = f" {title} "
                style = SHOWN_STYLE if index in self._shown else HIDDEN_STYLE
            start = line.cell_length
            line += Content.styled(label, style)
            self._targets.append((start, line.cell_length, index))
            line += " "
        if line.cell_length + len(self._switch_hint) <= room:
            line += Content.styled(self._switch_hint, HIDDEN_STYLE)
        return line

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for start, end, index in self._targets:
            if start <= offset.x < end:
                self.post_message(self.Chosen(index))
                return
