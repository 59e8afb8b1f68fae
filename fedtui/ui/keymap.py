"""Every key binding in one table, each with a stable dotted id (scope first).

Users remap by id in the config's `[keymap]` table (`"timeline.down" = "j,down"`); the
App applies it with `App.set_keymap`. The help screen and the README list this table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType

from fedtui.errors import ConfigError


@dataclass(frozen=True, slots=True)
class KeySpec:
    id: str
    keys: str  # comma-separated Textual key names
    action: str
    description: str
    show: bool = False  # shown in the footer


APP_KEYS: tuple[KeySpec, ...] = (
    KeySpec("app.help", "question_mark", "help", "Help", show=True),
    KeySpec("app.command_palette", "ctrl+p", "command_palette", "Command palette"),
    KeySpec("app.quit", "q", "quit", "Quit", show=True),
)

HOME_KEYS: tuple[KeySpec, ...] = (
    KeySpec("pane.left", "h,left", "focus_pane(-1)", "Previous pane"),
    KeySpec("pane.right", "l,right", "focus_pane(1)", "Next pane"),
    KeySpec("pane.add", "plus", "add_pane", "Add a pane", show=True),
    KeySpec("pane.close", "x", "close_pane", "Close this pane"),
    KeySpec("pane.move_left", "less_than_sign", "move_pane(-1)", "Move pane left"),
    KeySpec("pane.move_right", "greater_than_sign", "move_pane(1)", "Move pane right"),
    KeySpec("pane.refresh", "ctrl+r", "refresh_pane", "Reload this pane"),
)

TIMELINE_KEYS: tuple[KeySpec, ...] = (
    KeySpec("timeline.down", "j,down", "cursor_down", "Next post"),
    KeySpec("timeline.up", "k,up", "cursor_up", "Previous post"),
    KeySpec("timeline.top", "g,home", "first", "Top (newest)"),
    KeySpec("timeline.bottom", "G,end", "last", "Bottom (loads older)"),
    KeySpec("timeline.page_down", "pagedown,space", "page_down", "Page down"),
    KeySpec("timeline.page_up", "pageup", "page_up", "Page up"),
    KeySpec("timeline.show_new", "n", "show_new", "Jump to new posts"),
    KeySpec("post.open_thread", "enter", "open_thread", "Open thread", show=True),
    KeySpec("post.profile", "p", "open_profile", "Author's profile"),
    KeySpec("post.open_link", "o", "open_link", "Open a link"),
    KeySpec("post.toggle_cw", "s", "toggle_cw", "Show/hide content warning"),
)

SCREEN_KEYS: tuple[KeySpec, ...] = (
    KeySpec("screen.close", "escape", "dismiss_screen", "Back / close", show=True),
)

ALL_KEYS: tuple[KeySpec, ...] = APP_KEYS + HOME_KEYS + TIMELINE_KEYS + SCREEN_KEYS


def bindings(specs: Iterable[KeySpec]) -> list[BindingType]:
    """Textual bindings for a table of specs."""
    return [
        Binding(spec.keys, spec.action, spec.description, show=spec.show, id=spec.id)
        for spec in specs
    ]


def user_keymap(overrides: Mapping[str, str], source: str = "config") -> dict[str, str]:
    """Validate `[keymap]` overrides: every id must exist and every value name a key."""
    known = {spec.id for spec in ALL_KEYS}
    keymap: dict[str, str] = {}
    for binding_id, keys in overrides.items():
        if binding_id not in known:
            raise ConfigError(
                f"{source}: unknown key binding id 'keymap.{binding_id}' "
                f"(expected one of: {', '.join(sorted(known))})"
            )
        if not isinstance(keys, str) or not keys.strip():
            raise ConfigError(
                f"{source}: 'keymap.{binding_id}' expects keys such as \"j,down\", got {keys!r}"
            )
        keymap[binding_id] = ",".join(part.strip() for part in keys.split(","))
    return keymap


def display_keys(keys: str) -> str:
    """Key names as a person types them: `question_mark` -> `?`."""
    names = {"question_mark": "?", "plus": "+", "less_than_sign": "<",
             "greater_than_sign": ">", "space": "space", "escape": "esc"}
    return " / ".join(names.get(key, key) for key in keys.split(","))
