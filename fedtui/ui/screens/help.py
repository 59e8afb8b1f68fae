"""Every key, with its binding id (for `[keymap]` in the config) and what it does."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from fedtui.ui.keymap import ALL_KEYS, display_keys, user_keymap
from fedtui.ui.screens.base import OverlayScreen
from fedtui.ui.widgets.key_hints import KeyHints


class HelpScreen(OverlayScreen[None]):
    def compose(self) -> ComposeResult:
        yield Static("Keys  ·  remap any of them by id in the [keymap] table of your config "
                     "·  esc to go back", id="screen-title", markup=False)
        yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
        yield KeyHints()

    def on_mount(self) -> None:
        config = self.fedtui.context.config
        overrides = user_keymap(config.keymap, str(config.source or "config"))
        table = self.query_one(DataTable)
        table.add_columns("Keys", "What it does", "Binding id")
        for spec in ALL_KEYS:
            table.add_row(*map(Text, (display_keys(overrides.get(spec.id, spec.keys)),
                                      spec.description, spec.id)))
        table.focus()
