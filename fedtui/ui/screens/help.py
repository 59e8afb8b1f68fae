"""Every key, grouped by the place it works in, with its binding id (for `[keymap]` in the
config) and what it does. Typing filters the list (by key, words or id)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input, Static

from fedtui.ui.keymap import PLACES, KeySpec, applied_keymap, display_keys
from fedtui.ui.screens.base import OverlayScreen
from fedtui.ui.widgets.key_hints import KeyHints

PAGE = 10  # rows moved by pageup / pagedown from the filter


def matches(words: list[str], place: str, keys: str, spec: KeySpec) -> bool:
    """Whether every word of the filter is in the row (its place, keys, text or id)."""
    row = f"{place} {keys} {spec.description} {spec.short} {spec.id}".lower()
    return all(word in row for word in words)


class HelpScreen(OverlayScreen[None]):
    #: The list moves while the filter has the focus (Textual's own keys, not remappable).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "rows(1)", show=False), Binding("up", "rows(-1)", show=False),
        Binding("pagedown", f"rows({PAGE})", show=False),
        Binding("pageup", f"rows({-PAGE})", show=False)]

    def compose(self) -> ComposeResult:
        yield Static("Keys  ·  type to filter  ·  remap any key by its id in the [keymap] "
                     "table of your config  ·  esc to go back", id="screen-title", markup=False)
        yield Input(placeholder="filter: a key, a word, an id…", id="keys-filter", compact=True)
        yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
        yield KeyHints()

    def on_mount(self) -> None:
        config = self.fedtui.context.config
        self._keys = applied_keymap(config.keymap)
        table = self.query_one(DataTable)
        table.add_columns("Keys", "What it does", "Binding id")
        self.show_rows("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#keys-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.show_rows(event.value)

    def show_rows(self, text: str) -> None:
        """The keys that match `text`, under the heading of their place."""
        words = text.lower().split()
        table = self.query_one(DataTable)
        table.clear()
        for place, specs in PLACES:
            rows = [(display_keys(self._keys.get(spec.id, spec.keys)), spec) for spec in specs]
            rows = [(keys, spec) for keys, spec in rows if matches(words, place, keys, spec)]
            if rows:  # cells are Text: a string would be read as markup
                table.add_row(Text(place, style="bold"), Text(""), Text(""))
                for keys, spec in rows:
                    table.add_row(Text(f"  {keys}"), Text(spec.description), Text(spec.id),
                                  key=spec.id)
        if not table.row_count:
            table.add_row(Text(""), Text(f"No key matches “{text}”.", style="dim"), Text(""))

    @property
    def shown_ids(self) -> list[str]:
        """The binding ids listed now (the headings aside)."""
        table = self.query_one(DataTable)
        return [str(row.key.value) for row in table.ordered_rows if row.key.value]

    def action_rows(self, step: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))
