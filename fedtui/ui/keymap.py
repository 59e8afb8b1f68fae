"""Every key binding in one table, each with a stable dotted id (scope first).

Users remap by id in the config's `[keymap]` table (`"timeline.down" = "j,down"`); the
App applies it with `App.set_keymap`. The help screen and the README list this table, the
command palette offers each action, and the key line shows the ones with a `hint` rank.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual import keys as textual_keys
from textual.binding import Binding, BindingType
from textual.keys import key_to_character

from fedtui.errors import ConfigError


@dataclass(frozen=True, slots=True)
class KeySpec:
    id: str
    keys: str  # comma-separated Textual key names
    action: str
    description: str
    hint: int = 0  # rank on the key line (HINT_PLACE first); 0: in help and the palette only
    short: str = ""  # the key line's label, when the description is too long for it
    priority: bool = False  # checked before the focused widget's own keys (e.g. in a TextArea)


#: Key line ranks: the keys of the place first (a notifications pane's, a profile's, the
#: editor's, and `esc`), then acting on the highlighted post, writing and finding, reading
#: the post, the pane, quitting. Where the line is short, the last ones go.
HINT_PLACE, HINT_POST, HINT_WRITE, HINT_READ, HINT_PANE, HINT_APP = 1, 2, 3, 4, 5, 6
HINT_SOME = 7  # keys for only some posts (`i`: a quoted post), where the line has room

APP_KEYS: tuple[KeySpec, ...] = (
    KeySpec("app.help", "question_mark", "help", "Help", hint=HINT_APP),
    KeySpec("app.command_palette", "ctrl+p", "command_palette", "Command palette",
            short="Commands"),
    KeySpec("app.quit", "q", "quit", "Quit", hint=HINT_APP),
    KeySpec("app.login", "L", "login", "Log in again, or to another account"),
)

HOME_KEYS: tuple[KeySpec, ...] = (
    KeySpec("pane.left", "h,left", "focus_pane(-1)", "Previous pane"),
    KeySpec("pane.right", "l,right", "focus_pane(1)", "Next pane"),
    KeySpec("pane.add", "plus", "add_pane", "Add a pane", hint=HINT_PANE, short="Pane"),
    KeySpec("pane.close", "x", "close_pane", "Close this pane", hint=HINT_PANE, short="Close"),
    KeySpec("pane.move_left", "less_than_sign", "move_pane(-1)", "Move pane left"),
    KeySpec("pane.move_right", "greater_than_sign", "move_pane(1)", "Move pane right"),
    KeySpec("pane.refresh", "ctrl+r", "refresh_pane", "Reload this pane"),
    KeySpec("pane.catchup", "C", "catch_up",
            "Catch up: summarise what arrived in this pane since you last read"),
)

TIMELINE_KEYS: tuple[KeySpec, ...] = (
    KeySpec("timeline.down", "j,down", "cursor_down", "Next post"),
    KeySpec("timeline.up", "k,up", "cursor_up", "Previous post"),
    KeySpec("timeline.top", "g,home", "first", "Top (newest)"),
    KeySpec("timeline.bottom", "G,end", "last", "Bottom (loads older)"),
    KeySpec("timeline.page_down", "pagedown,space", "page_down", "Page down"),
    KeySpec("timeline.page_up", "pageup", "page_up", "Page up"),
    KeySpec("timeline.show_new", "n", "show_new", "Jump to new posts"),
    KeySpec("post.open_thread", "enter", "open_thread", "Open thread", hint=HINT_READ,
            short="Thread"),
    KeySpec("post.profile", "p", "open_profile", "Author's profile"),
    KeySpec("post.open_link", "o", "open_link", "Open a link, or the post, in the browser"),
    KeySpec("post.toggle_cw", "s", "toggle_cw",
            "Show / hide the rest: content warning, filtered post, long post", hint=HINT_READ,
            short="More"),
    KeySpec("post.translate", "t", "translate", "Translate on this device / show original",
            hint=HINT_READ, short="Translate"),
    # the box of a quoted post names its key too
    KeySpec("post.open_quote", "i", "post('open_quote')", "Open the quoted post", hint=HINT_SOME,
            short="Quoted"),
)

SCREEN_KEYS: tuple[KeySpec, ...] = (
    KeySpec("screen.close", "escape", "dismiss_screen", "Back / close", hint=HINT_PLACE,
            short="Back"),
)

#: Writing and finding, from any screen (the app's keys).
WRITE_KEYS: tuple[KeySpec, ...] = (
    KeySpec("post.compose", "c", "compose", "Write a new post", hint=HINT_WRITE, short="Write"),
    KeySpec("app.search", "slash", "search", "Search accounts, hashtags, posts", hint=HINT_WRITE,
            short="Search"),
    KeySpec("app.filters", "ctrl+f", "filters", "Server filters"),
    KeySpec("app.scheduled", "U", "scheduled", "Scheduled posts (upcoming)"),
    KeySpec("app.local_filters", "ctrl+l", "local_filters",
            "Local filters: your own rules, kept on this machine"),
)

#: Acting on the highlighted post (the post list's keys).
POST_KEYS: tuple[KeySpec, ...] = (
    KeySpec("post.reply", "r", "post('reply')", "Reply", hint=HINT_POST),
    KeySpec("post.quote", "Q", "post('quote')", "Quote this post"),
    KeySpec("post.boost", "b", "post('boost')", "Boost / undo boost", hint=HINT_POST,
            short="Boost"),
    KeySpec("post.favourite", "f", "post('favourite')", "Favourite / undo", hint=HINT_POST,
            short="Favourite"),
    KeySpec("post.bookmark", "B", "post('bookmark')", "Bookmark / undo"),
    KeySpec("post.vote", "v", "post('vote')", "Vote in the poll"),
    KeySpec("post.edit", "e", "post('edit')", "Edit your post"),
    KeySpec("post.delete", "d", "post('delete')", "Delete your post (asks first)"),
    KeySpec("post.redraft", "D", "post('redraft')", "Delete and redraft your post"),
    KeySpec("post.copy_url", "y", "post('copy_url')", "Copy the post's link"),
    KeySpec("post.why", "w", "why", "Why am I seeing this post?"),
    KeySpec("post.mute_local", "m", "mute_local",
            "Mute the author or their server here (local filter)"),
    KeySpec("post.summary", "S", "summarise", "Summarise the thread, with its sources"),
)

#: In a notifications pane (the pane's keys).
NOTIFICATION_KEYS: tuple[KeySpec, ...] = (
    KeySpec("notification.accept", "a", "answer_request(True)", "Accept a follow request",
            hint=HINT_PLACE, short="Accept"),
    KeySpec("notification.reject", "z", "answer_request(False)", "Reject a follow request",
            hint=HINT_PLACE, short="Reject"),
    KeySpec("notification.dismiss", "delete", "dismiss_notification", "Dismiss a notification",
            hint=HINT_PLACE, short="Dismiss"),
    KeySpec("notification.types", "T", "filter_types", "Show only some notification types",
            hint=HINT_PLACE, short="Types"),
)

#: In a hashtag pane (the pane's keys).
TAG_KEYS: tuple[KeySpec, ...] = (
    KeySpec("pane.follow_tag", "F", "follow_tag", "Follow / unfollow this hashtag",
            hint=HINT_PLACE, short="Follow tag"),
)

#: In a timeline pane: the reader's own ranking (ranking.toml, the For you pane's rules).
RANK_KEYS: tuple[KeySpec, ...] = (
    KeySpec("post.lift_author", "equals_sign", "rank_author(1)",
            "Lift this post's author in your ranking (ranking.toml)"),
    KeySpec("post.sink_author", "minus", "rank_author(-1)",
            "Sink this post's author in your ranking (ranking.toml)"),
)

#: On a profile.
PROFILE_KEYS: tuple[KeySpec, ...] = (
    KeySpec("account.follow", "F", "follow", "Follow / unfollow", hint=HINT_PLACE,
            short="Follow"),
    KeySpec("account.mute", "M", "mute", "Mute / unmute", hint=HINT_PLACE, short="Mute"),
    KeySpec("account.block", "X", "block", "Block / unblock", hint=HINT_PLACE, short="Block"),
    KeySpec("account.report", "R", "report", "Report to the moderators", hint=HINT_PLACE,
            short="Report"),
    KeySpec("account.summary", "C", "summarise_posts", "Summarise this account's recent posts"),
)

#: In the compose screen.
COMPOSE_KEYS: tuple[KeySpec, ...] = (
    KeySpec("compose.send", "ctrl+s", "send", "Send", hint=HINT_PLACE, priority=True),
    KeySpec("compose.editor", "ctrl+e", "external_editor", "Edit in $EDITOR", hint=HINT_PLACE,
            short="$EDITOR", priority=True),
    KeySpec("compose.poll", "ctrl+o", "toggle_poll", "Add / remove a poll", hint=HINT_POST,
            short="Poll"),
    KeySpec("compose.attach", "ctrl+g", "attach", "Attach media", hint=HINT_POST,
            short="Media"),
    KeySpec("compose.translate", "ctrl+t", "translate_draft", "Translate the draft",
            hint=HINT_POST, short="Translate", priority=True),
)

#: In a summary (digits 1-9 open the cited post of that number).
SUMMARY_KEYS: tuple[KeySpec, ...] = (
    KeySpec("summary.model", "m", "phrase",
            "Translate foreign posts and let the on-device model shorten the points",
            hint=HINT_PLACE, short="Model"),
)

#: In the "why am I seeing this" panel.
WHY_KEYS: tuple[KeySpec, ...] = (
    KeySpec("why.model", "m", "phrase",
            "Say the facts in one sentence with the on-device model (checked against them)",
            hint=HINT_PLACE, short="Model"),
)

#: In the lists of filters and of scheduled posts.
MANAGE_KEYS: tuple[KeySpec, ...] = (
    KeySpec("manage.new", "n", "new", "New filter", hint=HINT_PLACE),
    KeySpec("manage.edit", "enter", "edit", "Edit", hint=HINT_PLACE),
    KeySpec("manage.delete", "d", "delete", "Delete / cancel", hint=HINT_PLACE),
)

#: Where each table's keys work, in the help screen's order.
PLACES: tuple[tuple[str, tuple[KeySpec, ...]], ...] = (
    ("Everywhere", APP_KEYS + WRITE_KEYS),
    ("Panes", HOME_KEYS),
    ("Timeline: moving", TIMELINE_KEYS),
    ("Timeline: the highlighted post", POST_KEYS),
    ("Notifications pane", NOTIFICATION_KEYS),
    ("Hashtag pane", TAG_KEYS),
    ("Timeline: your ranking", RANK_KEYS),
    ("Profile", PROFILE_KEYS),
    ("Compose", COMPOSE_KEYS),
    ("Summary", SUMMARY_KEYS),
    ("Why am I seeing this", WHY_KEYS),
    ("Filters and scheduled posts", MANAGE_KEYS),
    ("Thread, profile, help, compose, dialogs", SCREEN_KEYS),
)

ALL_KEYS: tuple[KeySpec, ...] = tuple(spec for _, specs in PLACES for spec in specs)


def bindings(specs: Iterable[KeySpec]) -> list[BindingType]:
    """Textual bindings for a table of specs."""
    return [
        Binding(spec.keys, spec.action, spec.short or spec.description, show=spec.hint > 0,
                id=spec.id, priority=spec.priority, tooltip=spec.description)
        for spec in specs
    ]


def specs_by_id() -> dict[str, KeySpec]:
    """Every spec, by its binding id."""
    return {spec.id: spec for spec in ALL_KEYS}


def place_of(binding_id: str) -> str:
    """The help screen's heading for a binding id ("" when it is not in the table)."""
    return next((place for place, specs in PLACES
                 if any(spec.id == binding_id for spec in specs)), "")


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
        parts = [part.strip() for part in keys.split(",")]
        unknown = [part for part in parts if not is_key(part)]
        if unknown:
            raise ConfigError(
                f"{source}: 'keymap.{binding_id}' = {keys!r}: {unknown[0]!r} names no key "
                "(keys are named like j, J, ctrl+j, f5, space, enter, question_mark, plus)"
            )
        keymap[binding_id] = ",".join(parts)
    return keymap


def applied_keymap(overrides: Mapping[str, str]) -> dict[str, str]:
    """The remaps the App applied: none when `[keymap]` was refused (it said why)."""
    try:
        return user_keymap(overrides)
    except ConfigError:
        return {}


def key_named(binding_id: str, overrides: Mapping[str, str]) -> str:
    """The first key bound to `binding_id` as a person types it, after the user's remaps
    `overrides` (the config's `[keymap]`): what a line on screen tells to press."""
    keys = applied_keymap(overrides).get(binding_id, specs_by_id()[binding_id].keys)
    return display_keys(keys.split(",")[0])


_MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


def is_key(key: str) -> bool:
    """True when `key` is a key as Textual names it: modifiers, then a character or a name
    (`ctrl+j`, `f5`, `space`, `question_mark`)."""
    if len(key) == 1:
        return key.isprintable() and not key.isspace()
    *modifiers, name = key.split("+")
    if not name or not set(modifiers) <= _MODIFIERS:
        return False
    return len(name) == 1 or name in _key_table() or key_to_character(name) is not None


def _key_table() -> frozenset[str]:
    """Key names Textual gives that are no character's Unicode name."""
    names = {key.value.rpartition("+")[2] for key in textual_keys.Keys}
    names.update(alias.rpartition("+")[2]
                 for key, aliases in textual_keys.KEY_ALIASES.items() for alias in [key, *aliases])
    names.update(textual_keys.KEY_NAME_REPLACEMENTS.values(), textual_keys.ASCII_KEY_NAMES.values(),
                 textual_keys.KEY_TO_UNICODE_NAME)
    return frozenset(name for name in names if not name.startswith("<"))


def _key_names() -> dict[str, str]:
    return {"question_mark": "?", "plus": "+", "less_than_sign": "<",
            "greater_than_sign": ">", "space": "space", "escape": "esc", "slash": "/",
            "equals_sign": "=", "minus": "-"}


def display_keys(keys: str) -> str:
    """Key names as a person types them: `question_mark` -> `?`."""
    names = _key_names()
    return " / ".join(names.get(key, key) for key in keys.split(","))


def key_character(key: str) -> str | None:
    """The character a key types (`slash` -> `/`, `c` -> `c`), None for ctrl+x, enter...:
    a text field takes such keys for itself."""
    name = _key_names().get(key, key)
    return name if len(name) == 1 else None
