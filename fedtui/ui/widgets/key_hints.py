"""The keys that work where the focus is, on one line at the bottom of a screen.

Textual's Footer shows the same with one widget per key, rebuilt each time the focus moves
(every `h`/`l`); this is one widget drawing one line: 1.3 MB less on the home screen and no
rebuild per key press. A click on a key presses it; the palette key sits on the right.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

KEY_STYLE = "bold $footer-key-foreground"
DESCRIPTION_STYLE = "$footer-description-foreground"
DISABLED_STYLE = "dim"


class KeyHints(Widget, can_focus=False):
    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._targets: list[tuple[int, int, str]] = []  # cells of each key on the line

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def hints(self) -> tuple[list[tuple[str, Content]], tuple[str, Content] | None]:
        """The keys shown (one per action, in binding order) and the palette's key, each
        with its hint."""
        shown: dict[str, tuple[str, Content]] = {}
        palette: tuple[str, Content] | None = None
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key == self.app.COMMAND_PALETTE_BINDING:
                if self.app.ENABLE_COMMAND_PALETTE:
                    palette = (binding.key, self._hint(binding, active.enabled))
            elif binding.show and binding.action not in shown:
                shown[binding.action] = (binding.key, self._hint(binding, active.enabled))
        return list(shown.values()), palette

    def _hint(self, binding: Binding, enabled: bool) -> Content:
        hint = Content.assemble(
            (self.app.get_key_display(binding), KEY_STYLE),
            " ",
            (binding.description, DESCRIPTION_STYLE),
        )
        return hint.stylize(DISABLED_STYLE) if not enabled else hint

    def render(self) -> Content:
        shown, palette = self.hints()
        room = self.content_size.width
        if palette is not None:
            room -= palette[1].cell_length + 3  # "│ " before it, a space after
        while shown and 1 + sum(hint.cell_length + 2 for _, hint in shown) > room:
            shown.pop()  # too narrow: the last keys go (`?` lists them all)
        self._targets = []
        line = Content(" ")
        for key, hint in shown:
            line = self._add(line, key, hint) + "  "
        if palette is not None:
            line = self._add(line + " " * max(0, room - line.cell_length) + "│ ", *palette) + " "
        return line

    def _add(self, line: Content, key: str, hint: Content) -> Content:
        start = line.cell_length
        self._targets.append((start, start + hint.cell_length, key))
        return line + hint

    def on_click(self, event: events.Click) -> None:
        """A click on a key is the same as pressing it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for start, end, key in self._targets:
            if start <= offset.x < end:
                self.app.simulate_key(key)
                return
