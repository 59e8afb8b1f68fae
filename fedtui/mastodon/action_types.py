"""Plain data returned by `fedtui.mastodon.actions.Actions`, built from API JSON.

Like `fedtui.core.model`, every `from_api` accepts raw JSON or Mastodon.py entities and
falls back to empty values for missing or malformed fields. The draft types live in
`fedtui.core.compose` (pure) and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fedtui.core.compose import ComposeLimits, MediaDraft, PollDraft, PostDraft
from fedtui.core.fields import (
    line_field,
    lines_field,
    list_field,
    opt_line_field,
    opt_str_field,
    str_field,
)
from fedtui.core.model import Account, Attachment, Poll, Status, parse_time
from fedtui.core.sanitize import clean_line
from fedtui.errors import NetworkError

__all__ = [
    "ComposeLimits", "DeletionUnsure", "Marker", "MediaDraft", "PollDraft", "PostDraft",
    "ReportRule", "ScheduledPost", "SearchResults", "ServerFilter", "expires_in_seconds",
    "poll_draft_of",
]


class DeletionUnsure(NetworkError):
    """The server did not answer a deletion, and could not be asked whether the post is
    gone; `draft` is the post to write again, when it was read before."""

    def __init__(self, message: str, *, draft: PostDraft | None = None) -> None:
        super().__init__(message)
        self.draft = draft


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def poll_draft_of(poll: Poll | Mapping[str, Any], now: datetime | None = None) -> PollDraft:
    """A poll as a draft: its options, its remaining time (at least 5 min), `multiple`."""
    model = poll if isinstance(poll, Poll) else Poll.from_api(poll)
    now = now or datetime.now(UTC)
    left = 86400
    if model.expires_at is not None:
        left = max(300, int((model.expires_at - now).total_seconds()))
    return PollDraft(options=tuple(o.title for o in model.options), expires_in=left,
                     multiple=model.multiple)


@dataclass(frozen=True, slots=True)
class ScheduledPost:
    id: str
    scheduled_at: datetime
    draft: PostDraft
    media: tuple[Attachment, ...] = ()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> ScheduledPost:
        params = data.get("params")
        params = params if isinstance(params, Mapping) else {}
        scheduled_at = parse_time(data.get("scheduled_at")) or datetime.now(UTC)
        poll = params.get("poll")
        poll_draft = None
        if isinstance(poll, Mapping):
            expires = poll.get("expires_in")
            poll_draft = PollDraft(
                options=lines_field(poll, "options"),
                expires_in=int(str(expires)) if str(expires or "").isdigit() else 86400,
                multiple=_truthy(poll.get("multiple")),
                hide_totals=_truthy(poll.get("hide_totals")),
            )
        media = tuple(Attachment.from_api(m) for m in list_field(data, "media_attachments")
                      if isinstance(m, Mapping))
        media_ids = lines_field(params, "media_ids") or tuple(
            m.id for m in media)
        draft = PostDraft(
            text=str_field(params, "text"),
            spoiler_text=str_field(params, "spoiler_text"),
            visibility=line_field(params, "visibility") or "public",
            language=opt_line_field(params, "language"),
            in_reply_to_id=opt_str_field(params, "in_reply_to_id"),
            poll=poll_draft,
            media_ids=media_ids,
            sensitive=_truthy(params.get("sensitive")),
            scheduled_at=scheduled_at,
        )
        return cls(id=str_field(data, "id"), scheduled_at=scheduled_at, draft=draft, media=media)


@dataclass(frozen=True, slots=True)
class SearchResults:
    accounts: tuple[Account, ...]
    statuses: tuple[Status, ...]
    hashtags: tuple[str, ...]

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> SearchResults:
        names = (tag.get("name") if isinstance(tag, Mapping) else tag
                 for tag in list_field(data, "hashtags"))
        return cls(
            accounts=tuple(Account.from_api(a) for a in list_field(data, "accounts")
                           if isinstance(a, Mapping)),
            statuses=tuple(Status.from_api(s) for s in list_field(data, "statuses")
                           if isinstance(s, Mapping)),
            # each once: two may be equal once sanitised, or the server repeats one
            hashtags=tuple(dict.fromkeys(name for raw in names
                                         if raw and (name := clean_line(str(raw))))),
        )


@dataclass(frozen=True, slots=True)
class ReportRule:
    id: str
    text: str

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> ReportRule:
        return cls(id=str_field(data, "id"), text=str_field(data, "text"))


@dataclass(frozen=True, slots=True)
class Marker:
    timeline: str
    last_read_id: str
    updated_at: datetime | None

    @classmethod
    def from_api(cls, timeline: str, data: Mapping[str, Any]) -> Marker:
        return cls(timeline=timeline, last_read_id=str_field(data, "last_read_id"),
                   updated_at=parse_time(data.get("updated_at")))


@dataclass(frozen=True, slots=True)
class ServerFilter:
    """A server-side filter (v2): where it applies, what it does, its keywords."""

    id: str
    title: str
    context: tuple[str, ...]
    action: str  # warn, hide, blur
    keywords: tuple[str, ...]
    expires_at: datetime | None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> ServerFilter:
        words = tuple(line_field(k, "keyword") for k in list_field(data, "keywords")
                      if isinstance(k, Mapping))
        return cls(
            id=str_field(data, "id"),
            title=line_field(data, "title"),
            context=lines_field(data, "context"),
            action=line_field(data, "filter_action") or "warn",
            keywords=tuple(word for word in words if word),
            expires_at=parse_time(data.get("expires_at")),
        )


def expires_in_seconds(expires_at: datetime | None, now: datetime | None = None) -> int | None:
    """Seconds from now until `expires_at` (at least 1), or None for never."""
    if expires_at is None:
        return None
    delta: timedelta = expires_at - (now or datetime.now(UTC))
    return max(1, int(delta.total_seconds()))
