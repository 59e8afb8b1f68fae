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
    short: str = ""  # the footer's label, when the description is too long for it
    priority: bool = False  # checked before the focused widget's own keys (e.g. in a TextArea)


APP_KEYS: tuple[KeySpec, ...] = (
    KeySpec("app.help", "question_mark", "help", "Help", show=True),
    KeySpec("app.command_palette", "ctrl+p", "command_palette", "Command palette"),
    KeySpec("app.quit", "q", "quit", "Quit", show=True),
)

HOME_KEYS: tuple[KeySpec, ...] = (
    KeySpec("pane.left", "h,left", "focus_pane(-1)", "Previous pane"),
    KeySpec("pane.right", "l,right", "focus_pane(1)", "Next pane"),
    KeySpec("pane.add", "plus", "add_pane", "Add a pane", show=True, short="Pane"),
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
    KeySpec("post.open_thread", "enter", "open_thread", "Open thread"),
    KeySpec("post.profile", "p", "open_profile", "Author's profile"),
    KeySpec("post.open_link", "o", "open_link", "Open a link, or the post, in the browser"),
    KeySpec("post.toggle_cw", "s", "toggle_cw", "Show/hide content warning"),
    KeySpec("post.translate", "t", "translate", "Translate on this device / show original",
            show=True, short="Translate"),
)

SCREEN_KEYS: tuple[KeySpec, ...] = (
    KeySpec("screen.close", "escape", "dismiss_screen", "Back / close", show=True),
)

#: Writing and finding, from any screen (the app's keys).
WRITE_KEYS: tuple[KeySpec, ...] = (
    KeySpec("post.compose", "c", "compose", "Write a new post", show=True, short="Write"),
    KeySpec("app.search", "slash", "search", "Search accounts, hashtags, posts", show=True,
            short="Search"),
    KeySpec("app.filters", "ctrl+f", "filters", "Server filters"),
    KeySpec("app.scheduled", "S", "scheduled", "Scheduled posts"),
)

#: Acting on the highlighted post (the post list's keys).
POST_KEYS: tuple[KeySpec, ...] = (
    KeySpec("post.reply", "r", "reply", "Reply", show=True),
    KeySpec("post.quote", "Q", "quote", "Quote this post"),
    KeySpec("post.boost", "b", "boost", "Boost / undo boost"),
    KeySpec("post.favourite", "f", "favourite", "Favourite / undo"),
    KeySpec("post.bookmark", "B", "bookmark", "Bookmark / undo"),
    KeySpec("post.vote", "v", "vote", "Vote in the poll"),
    KeySpec("post.edit", "e", "edit", "Edit your post"),
    KeySpec("post.delete", "d", "delete", "Delete your post (asks first)"),
    KeySpec("post.redraft", "D", "redraft", "Delete and redraft your post"),
    KeySpec("post.copy_url", "y", "copy_url", "Copy the post's link"),
)

#: In a notifications pane (the pane's keys).
NOTIFICATION_KEYS: tuple[KeySpec, ...] = (
    KeySpec("notification.accept", "a", "answer_request(True)", "Accept a follow request"),
    KeySpec("notification.reject", "z", "answer_request(False)", "Reject a follow request"),
    KeySpec("notification.dismiss", "delete", "dismiss_notification", "Dismiss a notification"),
    KeySpec("notification.types", "T", "filter_types", "Show only some notification types"),
)

#: In a hashtag pane (the home screen's keys).
TAG_KEYS: tuple[KeySpec, ...] = (
    KeySpec("pane.follow_tag", "F", "follow_tag", "Follow / unfollow this hashtag"),
)

#: On a profile.
PROFILE_KEYS: tuple[KeySpec, ...] = (
    KeySpec("account.follow", "F", "follow", "Follow / unfollow", show=True),
    KeySpec("account.mute", "M", "mute", "Mute / unmute", show=True),
    KeySpec("account.block", "X", "block", "Block / unblock", show=True),
    KeySpec("account.report", "R", "report", "Report to the moderators", show=True),
)

#: In the compose screen.
COMPOSE_KEYS: tuple[KeySpec, ...] = (
    KeySpec("compose.send", "ctrl+s", "send", "Send", show=True, priority=True),
    KeySpec("compose.editor", "ctrl+e", "external_editor", "$EDITOR", show=True,
            priority=True),
    KeySpec("compose.poll", "ctrl+o", "toggle_poll", "Add / remove a poll"),
    KeySpec("compose.attach", "ctrl+g", "attach", "Attach media"),
    KeySpec("compose.translate", "ctrl+t", "translate_draft", "Translate the draft",
            priority=True),
)

#: In the lists of filters and of scheduled posts.
MANAGE_KEYS: tuple[KeySpec, ...] = (
    KeySpec("manage.new", "n", "new", "New filter", show=True),
    KeySpec("manage.edit", "enter", "edit", "Edit", show=True),
    KeySpec("manage.delete", "d", "delete", "Delete / cancel", show=True),
)

ALL_KEYS: tuple[KeySpec, ...] = (
    APP_KEYS + WRITE_KEYS + HOME_KEYS + TAG_KEYS + TIMELINE_KEYS + POST_KEYS
    + NOTIFICATION_KEYS + PROFILE_KEYS + COMPOSE_KEYS + MANAGE_KEYS + SCREEN_KEYS
)


def bindings(specs: Iterable[KeySpec]) -> list[BindingType]:
    """Textual bindings for a table of specs."""
    return [
        Binding(spec.keys, spec.action, spec.short or spec.description, show=spec.show,
                id=spec.id, priority=spec.priority, tooltip=spec.description)
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
             "greater_than_sign": ">", "space": "space", "escape": "esc", "slash": "/"}
    return " / ".join(names.get(key, key) for key in keys.split(","))
