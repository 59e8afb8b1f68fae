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
SWITCH_HINT = "   h/l to switch"


class PaneTabs(Widget, can_focus=False):
    """Repaints itself (no relayout) when the panes or the focus change."""

    class Chosen(Message):
        """A tab was clicked: focus the pane at `index`."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
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
        self._targets = []
        line = Content("")
        for index, title in enumerate(self._titles):
            if index == self._active:
                label, style = f"[{title}]", ACTIVE_STYLE
            else:
                label = f" {title} "
                style = SHOWN_STYLE if index in self._shown else HIDDEN_STYLE
            start = line.cell_length
            line += Content.styled(label, style)
            self._targets.append((start, line.cell_length, index))
            line += " "
        return line + Content.styled(SWITCH_HINT, HIDDEN_STYLE)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for start, end, index in self._targets:
            if start <= offset.x < end:
                self.post_message(self.Chosen(index))
                return
