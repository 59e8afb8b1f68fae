"""Notification types in words: what someone did ("boosted your post") and what a filter
choice is called ("Boosts"), for every type Mastodon, Pleroma/Akkoma and GoToSocial send.

A type fedtui does not know is said in plain words made from its name ("pleroma:chat_mention"
is "notified you (chat mention)"), never shown raw. Pure: no I/O.
"""

from __future__ import annotations

import re

#: type: (what the account did, the label of the type in a filter), Mastodon's API first
#: (docs.joinmastodon.org/entities/Notification), then other servers' own types.
KINDS: dict[str, tuple[str, str]] = {
    "mention": ("mentioned you", "Mentions and replies"),
    "status": ("posted", "Posts of people you get notified about"),
    "reblog": ("boosted your post", "Boosts"),
    "favourite": ("favourited your post", "Favourites"),
    "follow": ("followed you", "New followers"),
    "follow_request": ("asked to follow you", "Follow requests"),
    "poll": ("a poll you voted in has ended", "Ended polls"),
    "update": ("edited a post", "Edits"),
    "quote": ("quoted your post", "Quotes"),
    "quoted_update": ("edited a post you quoted", "Edits of posts you quoted"),
    "admin.sign_up": ("signed up", "New sign-ups (moderators)"),
    "admin.report": ("filed a report", "New reports (moderators)"),
    "severed_relationships": ("some of your follows were cut by a moderation decision",
                              "Follows cut by moderation"),
    "moderation_warning": ("your account received a moderation warning",
                           "Moderation warnings"),
    "annual_report": ("your year in review is ready", "Year in review"),
    "move": ("moved to another account", "Account moves"),
    "pleroma:emoji_reaction": ("reacted to your post", "Reactions"),
    "emoji_reaction": ("reacted to your post", "Reactions"),
    "reaction": ("reacted to your post", "Reactions"),
    "pleroma:chat_mention": ("sent you a chat message", "Chat messages"),
    "pleroma:report": ("filed a report", "Reports (moderators)"),
    "pending.favourite": ("asked to favourite your post", "Pending favourites"),
    "pending.reply": ("asked to reply to your post", "Pending replies"),
    "pending.reblog": ("asked to boost your post", "Pending boosts"),
}

#: Types a notifications pane can be limited to, in the order the filter dialog lists them.
FILTERABLE = ("mention", "status", "reblog", "favourite", "follow", "follow_request", "poll",
              "update", "quote", "quoted_update", "admin.sign_up", "admin.report",
              "severed_relationships", "moderation_warning", "annual_report")

_WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 6


def type_words(kind: str) -> str:
    """An unknown type's name as plain lower-case words: letters and digits only, no
    namespace before a colon ("pleroma:chat_mention" is "chat mention")."""
    name = kind.rpartition(":")[2] or kind
    words = _WORD.findall(name.lower())[:MAX_WORDS]
    return " ".join(word[:20] for word in words)


def notification_verb(kind: str) -> str:
    """What happened, in words, for a notification of type `kind` (any string)."""
    known = KINDS.get(kind)
    if known is not None:
        return known[0]
    words = type_words(kind)
    return f"notified you ({words})" if words else "notified you"


def type_label(kind: str) -> str:
    """What the filter dialog calls type `kind`."""
    known = KINDS.get(kind)
    if known is not None:
        return known[1]
    words = type_words(kind)
    return words.capitalize() if words else "Other notifications"
