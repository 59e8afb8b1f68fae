"""fedtui's own view of Mastodon entities: frozen dataclasses built from API JSON.

`Status.from_api(mapping)` accepts both the raw JSON of a response (strings for dates, as
in the recorded fixtures) and Mastodon.py's entity objects (dict subclasses with `datetime`
values). Missing or malformed fields fall back to empty values instead of raising, so a
server that sends odd JSON costs one field, never the whole timeline. Text fields keep the
server's HTML; `fedtui.core.render` turns it into safe display text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _str(data: Mapping[str, Any], key: str) -> str:
    """A plain `str` (Mastodon.py's id types are str subclasses that print like ints)."""
    value = data.get(key)
    return "" if value is None else str(value)


def _opt_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    return str(value)


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return 0


def _opt_int(data: Mapping[str, Any], key: str) -> int | None:
    value = data.get(key)
    return None if value is None else _int(data, key)


def _bool(data: Mapping[str, Any], key: str) -> bool:
    return bool(data.get(key) or False)


def parse_time(value: object) -> datetime | None:
    """An aware datetime from an ISO 8601 string or a datetime; None when absent or invalid."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _mappings(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def _mapping(data: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    value = data.get(key)
    return value if isinstance(value, Mapping) else None


@dataclass(frozen=True, slots=True)
class CustomEmoji:
    shortcode: str
    url: str

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> CustomEmoji:
        return cls(shortcode=_str(data, "shortcode"), url=_str(data, "url"))


@dataclass(frozen=True, slots=True)
class ProfileField:
    name: str
    value: str  # HTML
    verified_at: datetime | None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> ProfileField:
        return cls(
            name=_str(data, "name"),
            value=_str(data, "value"),
            verified_at=parse_time(data.get("verified_at")),
        )


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    username: str
    acct: str
    display_name: str
    url: str
    note: str = ""  # HTML
    avatar: str = ""
    header: str = ""
    bot: bool = False
    locked: bool = False
    followers_count: int = 0
    following_count: int = 0
    statuses_count: int = 0
    created_at: datetime | None = None
    fields: tuple[ProfileField, ...] = ()
    emojis: tuple[CustomEmoji, ...] = ()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Account:
        return cls(
            id=_str(data, "id"),
            username=_str(data, "username"),
            acct=_str(data, "acct") or _str(data, "username"),
            display_name=_str(data, "display_name"),
            url=_str(data, "url"),
            note=_str(data, "note"),
            avatar=_str(data, "avatar"),
            header=_str(data, "header"),
            bot=_bool(data, "bot"),
            locked=_bool(data, "locked"),
            followers_count=_int(data, "followers_count"),
            following_count=_int(data, "following_count"),
            statuses_count=_int(data, "statuses_count"),
            created_at=parse_time(data.get("created_at")),
            fields=tuple(ProfileField.from_api(f) for f in _mappings(data, "fields")),
            emojis=tuple(CustomEmoji.from_api(e) for e in _mappings(data, "emojis")),
        )

    @property
    def name(self) -> str:
        """Display name, or the username when the display name is empty."""
        return self.display_name or self.username


@dataclass(frozen=True, slots=True)
class Attachment:
    id: str
    type: str  # image, gifv, video, audio, unknown
    url: str
    description: str | None = None  # alt text
    remote_url: str | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Attachment:
        return cls(
            id=_str(data, "id"),
            type=_str(data, "type") or "unknown",
            url=_str(data, "url"),
            description=_opt_str(data, "description"),
            remote_url=_opt_str(data, "remote_url"),
        )


@dataclass(frozen=True, slots=True)
class PollOption:
    title: str
    votes_count: int | None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> PollOption:
        return cls(title=_str(data, "title"), votes_count=_opt_int(data, "votes_count"))


@dataclass(frozen=True, slots=True)
class Poll:
    id: str
    options: tuple[PollOption, ...]
    expires_at: datetime | None = None
    expired: bool = False
    multiple: bool = False
    votes_count: int = 0
    voters_count: int | None = None
    voted: bool = False
    own_votes: tuple[int, ...] = ()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Poll:
        own = data.get("own_votes")
        return cls(
            id=_str(data, "id"),
            options=tuple(PollOption.from_api(o) for o in _mappings(data, "options")),
            expires_at=parse_time(data.get("expires_at")),
            expired=_bool(data, "expired"),
            multiple=_bool(data, "multiple"),
            votes_count=_int(data, "votes_count"),
            voters_count=_opt_int(data, "voters_count"),
            voted=_bool(data, "voted"),
            own_votes=tuple(v for v in own if isinstance(v, int)) if isinstance(own, list) else (),
        )


@dataclass(frozen=True, slots=True)
class Mention:
    id: str
    username: str
    acct: str
    url: str

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Mention:
        return cls(
            id=_str(data, "id"),
            username=_str(data, "username"),
            acct=_str(data, "acct"),
            url=_str(data, "url"),
        )


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    url: str = ""

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Tag:
        return cls(name=_str(data, "name"), url=_str(data, "url"))


@dataclass(frozen=True, slots=True)
class FilterMatch:
    """One server-side filter (v2) that matched a status, from `status.filtered`."""

    filter_id: str
    title: str
    action: str  # "warn", "hide" or "blur"
    keyword_matches: tuple[str, ...] = ()
    context: tuple[str, ...] = ()  # where the filter applies: home, notifications, public...

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> FilterMatch:
        flt = _mapping(data, "filter") or {}
        words = data.get("keyword_matches")
        where = flt.get("context")
        return cls(
            filter_id=_str(flt, "id"),
            title=_str(flt, "title"),
            action=_str(flt, "filter_action") or "warn",
            keyword_matches=tuple(str(w) for w in words) if isinstance(words, list) else (),
            context=tuple(str(c) for c in where) if isinstance(where, list) else (),
        )


@dataclass(frozen=True, slots=True)
class Card:
    url: str
    title: str
    description: str = ""

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Card:
        return cls(
            url=_str(data, "url"),
            title=_str(data, "title"),
            description=_str(data, "description"),
        )


@dataclass(frozen=True, slots=True)
class Status:
    id: str
    account: Account
    content: str  # HTML
    created_at: datetime = EPOCH
    uri: str = ""
    url: str | None = None
    edited_at: datetime | None = None
    spoiler_text: str = ""
    visibility: str = "public"
    sensitive: bool = False
    language: str | None = None
    in_reply_to_id: str | None = None
    in_reply_to_account_id: str | None = None
    reblog: Status | None = None
    media: tuple[Attachment, ...] = ()
    mentions: tuple[Mention, ...] = ()
    tags: tuple[Tag, ...] = ()
    emojis: tuple[CustomEmoji, ...] = ()
    poll: Poll | None = None
    card: Card | None = None
    replies_count: int = 0
    reblogs_count: int = 0
    favourites_count: int = 0
    favourited: bool = False
    reblogged: bool = False
    bookmarked: bool = False
    filtered: tuple[FilterMatch, ...] = ()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Status:
        reblog = _mapping(data, "reblog")
        poll = _mapping(data, "poll")
        card = _mapping(data, "card")
        return cls(
            id=_str(data, "id"),
            account=Account.from_api(_mapping(data, "account") or {}),
            content=_str(data, "content"),
            created_at=parse_time(data.get("created_at")) or EPOCH,
            uri=_str(data, "uri"),
            url=_opt_str(data, "url"),
            edited_at=parse_time(data.get("edited_at")),
            spoiler_text=_str(data, "spoiler_text"),
            visibility=_str(data, "visibility") or "public",
            sensitive=_bool(data, "sensitive"),
            language=_opt_str(data, "language"),
            in_reply_to_id=_opt_str(data, "in_reply_to_id"),
            in_reply_to_account_id=_opt_str(data, "in_reply_to_account_id"),
            reblog=cls.from_api(reblog) if reblog is not None else None,
            media=tuple(Attachment.from_api(m) for m in _mappings(data, "media_attachments")),
            mentions=tuple(Mention.from_api(m) for m in _mappings(data, "mentions")),
            tags=tuple(Tag.from_api(t) for t in _mappings(data, "tags")),
            emojis=tuple(CustomEmoji.from_api(e) for e in _mappings(data, "emojis")),
            poll=Poll.from_api(poll) if poll is not None else None,
            card=Card.from_api(card) if card is not None and card.get("url") else None,
            replies_count=_int(data, "replies_count"),
            reblogs_count=_int(data, "reblogs_count"),
            favourites_count=_int(data, "favourites_count"),
            favourited=_bool(data, "favourited"),
            reblogged=_bool(data, "reblogged"),
            bookmarked=_bool(data, "bookmarked"),
            filtered=tuple(FilterMatch.from_api(f) for f in _mappings(data, "filtered")),
        )

    @property
    def shown(self) -> Status:
        """The status whose content is displayed: the boosted one for a boost."""
        return self.reblog if self.reblog is not None else self


@dataclass(frozen=True, slots=True)
class Notification:
    id: str
    type: str  # mention, status, reblog, follow, follow_request, favourite, poll, update, ...
    account: Account
    created_at: datetime = EPOCH
    status: Status | None = None
    group_key: str | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Notification:
        status = _mapping(data, "status")
        return cls(
            id=_str(data, "id"),
            type=_str(data, "type"),
            account=Account.from_api(_mapping(data, "account") or {}),
            created_at=parse_time(data.get("created_at")) or EPOCH,
            status=Status.from_api(status) if status is not None else None,
            group_key=_opt_str(data, "group_key"),
        )


@dataclass(frozen=True, slots=True)
class Context:
    """A thread: the ancestors and descendants of one status."""

    ancestors: tuple[Status, ...]
    descendants: tuple[Status, ...]

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Context:
        return cls(
            ancestors=tuple(Status.from_api(s) for s in _mappings(data, "ancestors")),
            descendants=tuple(Status.from_api(s) for s in _mappings(data, "descendants")),
        )


@dataclass(frozen=True, slots=True)
class Relationship:
    id: str
    following: bool = False
    followed_by: bool = False
    requested: bool = False
    blocking: bool = False
    muting: bool = False
    muting_expires_at: datetime | None = None  # None: muted until unmuted (or not muted)
    muting_notifications: bool = False

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Relationship:
        return cls(
            id=_str(data, "id"),
            following=_bool(data, "following"),
            followed_by=_bool(data, "followed_by"),
            requested=_bool(data, "requested"),
            blocking=_bool(data, "blocking"),
            muting=_bool(data, "muting"),
            muting_expires_at=parse_time(data.get("muting_expires_at")),
            muting_notifications=_bool(data, "muting_notifications"),
        )


# Grouped notifications live in their own module (size); importable from here too.
from fedtui.core.notification_group import (  # noqa: E402
    NotificationGroup as NotificationGroup,
)
