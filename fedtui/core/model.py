"""fedtui's own view of Mastodon entities: frozen dataclasses built from API JSON.

`Status.from_api(mapping)` accepts both the raw JSON of a response (strings for dates, as
in the recorded fixtures) and Mastodon.py's entity objects (dict subclasses with `datetime`
values). Missing or malformed fields fall back to empty values instead of raising, so a
server that sends odd JSON costs one field, never the whole timeline. Every string is
sanitised on the way in (`fedtui.core.fields`): no control, escape, bidi or invisible
character survives in the model. Text fields keep the server's HTML; `fedtui.core.render`
turns it into display text (and sanitises again what its entities decode to).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fedtui.core.fields import (
    bool_field,
    int_field,
    line_field,
    lines_field,
    mapping_field,
    mappings_field,
    opt_int_field,
    opt_line_field,
    opt_str_field,
    str_field,
)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def parse_time(value: object) -> datetime | None:
    """An aware datetime from an ISO 8601 string or a datetime; None when absent or invalid.
    Mastodon.py's come with a `tzlocal()` object each, kept per post: they become UTC."""
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class CustomEmoji:
    shortcode: str
    url: str

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> CustomEmoji:
        return cls(shortcode=line_field(data, "shortcode"), url=line_field(data, "url"))


@dataclass(frozen=True, slots=True)
class ProfileField:
    name: str
    value: str  # HTML
    verified_at: datetime | None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> ProfileField:
        return cls(
            name=line_field(data, "name"),
            value=str_field(data, "value"),
            verified_at=parse_time(data.get("verified_at")),
        )


@dataclass(frozen=True, slots=True, weakref_slot=True)  # shared: SharedModels
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
            id=str_field(data, "id"),
            username=line_field(data, "username"),
            acct=line_field(data, "acct") or line_field(data, "username"),
            display_name=line_field(data, "display_name"),
            url=line_field(data, "url"),
            note=str_field(data, "note"),
            avatar=line_field(data, "avatar"),
            header=line_field(data, "header"),
            bot=bool_field(data, "bot"),
            locked=bool_field(data, "locked"),
            followers_count=int_field(data, "followers_count"),
            following_count=int_field(data, "following_count"),
            statuses_count=int_field(data, "statuses_count"),
            created_at=parse_time(data.get("created_at")),
            fields=tuple(ProfileField.from_api(f) for f in mappings_field(data, "fields")),
            emojis=tuple(CustomEmoji.from_api(e) for e in mappings_field(data, "emojis")),
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
            id=str_field(data, "id"),
            type=line_field(data, "type") or "unknown",
            url=line_field(data, "url"),
            description=opt_str_field(data, "description"),
            remote_url=opt_line_field(data, "remote_url"),
        )


@dataclass(frozen=True, slots=True)
class PollOption:
    title: str
    votes_count: int | None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> PollOption:
        return cls(title=line_field(data, "title"), votes_count=opt_int_field(data, "votes_count"))


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
            id=str_field(data, "id"),
            options=tuple(PollOption.from_api(o) for o in mappings_field(data, "options")),
            expires_at=parse_time(data.get("expires_at")),
            expired=bool_field(data, "expired"),
            multiple=bool_field(data, "multiple"),
            votes_count=int_field(data, "votes_count"),
            voters_count=opt_int_field(data, "voters_count"),
            voted=bool_field(data, "voted"),
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
            id=str_field(data, "id"),
            username=line_field(data, "username"),
            acct=line_field(data, "acct"),
            url=line_field(data, "url"),
        )


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    url: str = ""

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Tag:
        return cls(name=line_field(data, "name"), url=line_field(data, "url"))


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
        flt = mapping_field(data, "filter") or {}
        return cls(
            filter_id=str_field(flt, "id"),
            title=line_field(flt, "title"),
            action=line_field(flt, "filter_action") or "warn",
            keyword_matches=lines_field(data, "keyword_matches"),
            context=lines_field(flt, "context"),
        )


@dataclass(frozen=True, slots=True)
class Card:
    url: str
    title: str
    description: str = ""

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Card:
        return cls(
            url=line_field(data, "url"),
            title=line_field(data, "title"),
            description=str_field(data, "description"),
        )


@dataclass(frozen=True, slots=True, weakref_slot=True)  # shared: SharedModels
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
    quote: Quote | None = None  # the post this one quotes

    @classmethod
    def from_api(cls, data: Mapping[str, Any], *, quoted: bool = False) -> Status:
        """`quoted`: this is a quoted post, whose own quote is kept shallow (no post)."""
        reblog = mapping_field(data, "reblog")
        poll = mapping_field(data, "poll")
        card_data = mapping_field(data, "card")
        card = Card.from_api(card_data) if card_data is not None else None
        return cls(
            id=str_field(data, "id"),
            account=Account.from_api(mapping_field(data, "account") or {}),
            content=str_field(data, "content"),
            created_at=parse_time(data.get("created_at")) or EPOCH,
            uri=line_field(data, "uri"),
            url=opt_line_field(data, "url"),
            edited_at=parse_time(data.get("edited_at")),
            spoiler_text=str_field(data, "spoiler_text"),
            visibility=line_field(data, "visibility") or "public",
            sensitive=bool_field(data, "sensitive"),
            language=opt_line_field(data, "language"),
            in_reply_to_id=opt_str_field(data, "in_reply_to_id"),
            in_reply_to_account_id=opt_str_field(data, "in_reply_to_account_id"),
            reblog=cls.from_api(reblog) if reblog is not None else None,
            media=tuple(Attachment.from_api(m) for m in mappings_field(data, "media_attachments")),
            mentions=tuple(Mention.from_api(m) for m in mappings_field(data, "mentions")),
            tags=tuple(Tag.from_api(t) for t in mappings_field(data, "tags")),
            emojis=tuple(CustomEmoji.from_api(e) for e in mappings_field(data, "emojis")),
            poll=Poll.from_api(poll) if poll is not None else None,
            card=card if card is not None and card.url else None,
            replies_count=int_field(data, "replies_count"),
            reblogs_count=int_field(data, "reblogs_count"),
            favourites_count=int_field(data, "favourites_count"),
            favourited=bool_field(data, "favourited"),
            reblogged=bool_field(data, "reblogged"),
            bookmarked=bool_field(data, "bookmarked"),
            filtered=tuple(FilterMatch.from_api(f) for f in mappings_field(data, "filtered")),
            quote=Quote.from_status(data, shallow=quoted),
        )

    @property
    def shown(self) -> Status:
        """The status whose content is displayed: the boosted one for a boost."""
        return self.reblog if self.reblog is not None else self


@dataclass(frozen=True, slots=True)
class Quote:
    """The post a status quotes. `status` is None where the server does not show it: then
    `state` says why (Mastodon 4.5+: pending, rejected, revoked, deleted, unauthorized,
    blocked_account, blocked_domain, muted_account) and `status_id` may still name it."""

    state: str = "accepted"
    status: Status | None = None
    status_id: str | None = None

    @classmethod
    def from_status(cls, data: Mapping[str, Any], shallow: bool = False) -> Quote | None:
        """The quote of a status's JSON: Mastodon's `quote` ({state, quoted_status} or
        {state, quoted_status_id}), or Pleroma/Akkoma's quoted status itself (`quote`,
        `pleroma.quote`, `pleroma.quote_id`). `shallow`: the quoted post is not kept."""
        pleroma = mapping_field(data, "pleroma") or {}
        found = mapping_field(data, "quote") or mapping_field(pleroma, "quote")
        if found is None:
            quote_id = opt_str_field(pleroma, "quote_id")
            return cls(status_id=quote_id) if quote_id else None
        state = line_field(found, "state") or "accepted"
        post = mapping_field(found, "quoted_status")
        quote_id = opt_str_field(found, "quoted_status_id")
        if post is None and quote_id is None and mapping_field(found, "account") is not None:
            state, post = "accepted", found  # Pleroma/Akkoma: the quoted status itself
        status = (Status.from_api(post, quoted=True)
                  if post is not None and not shallow else None)
        if status is not None and not status.id:
            status = None
        status_id = status.id if status is not None else quote_id or opt_str_field(post or {}, "id")
        return cls(state=state, status=status, status_id=status_id)


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
        status = mapping_field(data, "status")
        return cls(
            id=str_field(data, "id"),
            type=line_field(data, "type"),
            account=Account.from_api(mapping_field(data, "account") or {}),
            created_at=parse_time(data.get("created_at")) or EPOCH,
            status=Status.from_api(status) if status is not None else None,
            group_key=opt_line_field(data, "group_key"),
        )


@dataclass(frozen=True, slots=True)
class Context:
    """A thread: the ancestors and descendants of one status."""

    ancestors: tuple[Status, ...]
    descendants: tuple[Status, ...]

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Context:
        return cls(
            ancestors=tuple(Status.from_api(s) for s in mappings_field(data, "ancestors")),
            descendants=tuple(Status.from_api(s) for s in mappings_field(data, "descendants")),
        )


# Grouped notifications and relationships live in their own modules (size); importable
# from here too.
from fedtui.core.notification_group import (  # noqa: E402
    NotificationGroup as NotificationGroup,
)
from fedtui.core.relationship import Relationship as Relationship  # noqa: E402

#: A post on a list: a status, or a notification (which may carry one).
Item = Status | Notification


def item_status(item: Item) -> Status | None:
    """The status an item is about (the boosted one for a boost)."""
    status = item.status if isinstance(item, Notification) else item
    return status.shown if status is not None else None
