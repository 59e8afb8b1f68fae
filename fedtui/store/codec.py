"""fedtui model objects back to Mastodon-API-shaped JSON, for the cache.

`Status.from_api(status_to_api(s)) == s` and the same for notifications: the cache stores
exactly what the model reads, so a cached timeline paints like a fresh one. Dates are
ISO 8601 strings, as the API sends them.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fedtui.core.model import (
    Account,
    Attachment,
    Card,
    CustomEmoji,
    FilterMatch,
    Mention,
    Notification,
    NotificationGroup,
    Poll,
    ProfileField,
    Quote,
    Status,
    Tag,
)

JSON = dict[str, Any]


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _emoji(emoji: CustomEmoji) -> JSON:
    return {"shortcode": emoji.shortcode, "url": emoji.url, "static_url": emoji.url}


def _field(item: ProfileField) -> JSON:
    return {"name": item.name, "value": item.value, "verified_at": _time(item.verified_at)}


def account_to_api(account: Account) -> JSON:
    return {
        "id": account.id,
        "username": account.username,
        "acct": account.acct,
        "display_name": account.display_name,
        "url": account.url,
        "note": account.note,
        "avatar": account.avatar,
        "header": account.header,
        "bot": account.bot,
        "locked": account.locked,
        "followers_count": account.followers_count,
        "following_count": account.following_count,
        "statuses_count": account.statuses_count,
        "created_at": _time(account.created_at),
        "fields": [_field(f) for f in account.fields],
        "emojis": [_emoji(e) for e in account.emojis],
    }


def _attachment(media: Attachment) -> JSON:
    return {
        "id": media.id,
        "type": media.type,
        "url": media.url,
        "description": media.description,
        "remote_url": media.remote_url,
    }


def _poll(poll: Poll) -> JSON:
    return {
        "id": poll.id,
        "options": [{"title": o.title, "votes_count": o.votes_count} for o in poll.options],
        "expires_at": _time(poll.expires_at),
        "expired": poll.expired,
        "multiple": poll.multiple,
        "votes_count": poll.votes_count,
        "voters_count": poll.voters_count,
        "voted": poll.voted,
        "own_votes": list(poll.own_votes),
    }


def _mention(mention: Mention) -> JSON:
    return {"id": mention.id, "username": mention.username, "acct": mention.acct,
            "url": mention.url}


def _tag(tag: Tag) -> JSON:
    return {"name": tag.name, "url": tag.url}


def _card(card: Card) -> JSON:
    return {"url": card.url, "title": card.title, "description": card.description}


def _filter(match: FilterMatch) -> JSON:
    return {
        "filter": {"id": match.filter_id, "title": match.title, "filter_action": match.action},
        "keyword_matches": list(match.keyword_matches),
    }


def _quote(quote: Quote) -> JSON:
    quoted = quote.status
    return {"state": quote.state, "quoted_status_id": quote.status_id,
            "quoted_status": status_to_api(quoted) if quoted is not None else None}


def status_to_api(status: Status) -> JSON:
    """A status as Mastodon's `Status` entity JSON (only the fields fedtui reads)."""
    return {
        "id": status.id,
        "account": account_to_api(status.account),
        "content": status.content,
        "created_at": _time(status.created_at),
        "uri": status.uri,
        "url": status.url,
        "edited_at": _time(status.edited_at),
        "spoiler_text": status.spoiler_text,
        "visibility": status.visibility,
        "sensitive": status.sensitive,
        "language": status.language,
        "in_reply_to_id": status.in_reply_to_id,
        "in_reply_to_account_id": status.in_reply_to_account_id,
        "reblog": status_to_api(status.reblog) if status.reblog is not None else None,
        "media_attachments": [_attachment(m) for m in status.media],
        "mentions": [_mention(m) for m in status.mentions],
        "tags": [_tag(t) for t in status.tags],
        "emojis": [_emoji(e) for e in status.emojis],
        "poll": _poll(status.poll) if status.poll is not None else None,
        "card": _card(status.card) if status.card is not None else None,
        "replies_count": status.replies_count,
        "reblogs_count": status.reblogs_count,
        "favourites_count": status.favourites_count,
        "favourited": status.favourited,
        "reblogged": status.reblogged,
        "bookmarked": status.bookmarked,
        "filtered": [_filter(f) for f in status.filtered],
        "quote": _quote(status.quote) if status.quote is not None else None,
    }


def notification_to_api(notification: Notification) -> JSON:
    """A notification as Mastodon's (v1) `Notification` entity JSON; a `NotificationGroup`
    also carries its group fields, with sample accounts and status embedded."""
    status = notification.status
    body: JSON = {
        "id": notification.id,
        "type": notification.type,
        "account": account_to_api(notification.account),
        "created_at": _time(notification.created_at),
        "status": status_to_api(status) if status is not None else None,
        "group_key": notification.group_key,
    }
    if isinstance(notification, NotificationGroup):
        body.update({
            "most_recent_notification_id": notification.id,
            "notifications_count": notification.notifications_count,
            "sample_accounts": [account_to_api(a) for a in notification.sample_accounts],
            "latest_page_notification_at": _time(notification.latest_page_notification_at),
            "page_min_id": notification.page_min_id,
            "page_max_id": notification.page_max_id,
        })
    return body


def json_object(body: str) -> dict[str, Any] | None:
    """A stored JSON object, or None when the row is unreadable (never fatal)."""
    try:
        data: Any = json.loads(body)
    except (ValueError, TypeError):
        return None
    return data if isinstance(data, dict) else None
