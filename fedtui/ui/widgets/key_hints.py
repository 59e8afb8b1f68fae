"""The keys of the focused place, on one line at the bottom of a screen.

The line is derived from the bindings active where the focus is (the focused widget, its
pane, the screen, the app) and the rank each binding id has in the keymap: the place's own
keys first (a notifications pane's, a profile's, the editor's), then the highlighted post's,
the pane's and the app's, as many as fit. Help and the command palette sit on the right.

Textual's Footer shows the same with one widget per key, rebuilt each time the focus moves
(every `h`/`l`); this is one widget drawing one line: 1.3 MB less on the home screen and no
rebuild per key press. A click on a key presses it.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

from fedtui.ui.keymap import key_character, specs_by_id

KEY_STYLE = "bold $footer-key-foreground"
DESCRIPTION_STYLE = "$footer-description-foreground"
DISABLED_STYLE = "dim"
PINNED = ("help", "command_palette")  # actions on the right, wherever the focus is


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
        self._ranks = {spec.id: (spec.hint, position)
                       for position, spec in enumerate(specs_by_id().values())}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def hints(self) -> tuple[list[tuple[str, Content]], list[tuple[str, Content]]]:
        """The keys of the place, most useful first (one per action), and the pinned keys
        (help, palette), each with its hint. Equal ranks: the innermost place first (the
        focused widget, its pane, the screen, the app), then the keymap's order."""
        ranked: dict[str, tuple[tuple[int, int, int], str, Content]] = {}
        pinned: dict[str, tuple[str, Content]] = {}
        focused = self.screen.focused
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if focused is not None and focused.check_consume_key(binding.key,
                                                                 key_character(binding.key)):
                continue  # typed into the focused field (Textual misses `/`)
            if binding.action in PINNED:
                if binding.action != "command_palette" or self.app.ENABLE_COMMAND_PALETTE:
                    pinned.setdefault(binding.action, (binding.key,
                                                       self._hint(binding, active.enabled)))
                continue
            rank, position = self._ranks.get(binding.id or "", (0, 0))
            if rank and binding.action not in ranked:
                depth = len(active.node.ancestors_with_self)
                ranked[binding.action] = ((rank, -depth, position), binding.key,
                                          self._hint(binding, active.enabled))
        shown = [(key, hint) for _, key, hint in sorted(ranked.values(), key=lambda r: r[0])]
        return shown, [pinned[action] for action in PINNED if action in pinned]

    def _hint(self, binding: Binding, enabled: bool) -> Content:
        hint = Content.assemble(
            (self.app.get_key_display(binding), KEY_STYLE),
            " ",
            (binding.description, DESCRIPTION_STYLE),
        )
        return hint.stylize(DISABLED_STYLE) if not enabled else hint

    def render(self) -> Content:
        shown, pinned = self.hints()
        room = self.content_size.width
        if pinned:
            room -= sum(hint.cell_length + 2 for _, hint in pinned) + 1  # "│ " before them
        while shown and 1 + sum(hint.cell_length + 2 for _, hint in shown) > room:
            shown.pop()  # too narrow: the least useful keys go (`?` lists them all)
        self._targets = []
        line = Content(" ")
        for key, hint in shown:
            line = self._add(line, key, hint) + "  "
        if pinned:
            line = line + " " * max(0, room - line.cell_length) + "│ "
            for index, (key, hint) in enumerate(pinned):
                line = self._add(line, key, hint) + ("  " if index < len(pinned) - 1 else " ")
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
