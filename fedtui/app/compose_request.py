"""What the compose screen is asked to write, and the small parsing it needs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from fedtui.core.compose import MediaDraft, PostDraft, quote_draft, reply_draft
from fedtui.core.model import Status
from fedtui.store.drafts import SavedDraft

VISIBILITY_LABELS: tuple[tuple[str, str], ...] = (
    ("Public", "public"),
    ("Unlisted (quiet public)", "unlisted"),
    ("Followers only", "private"),
    ("Mentioned people only", "direct"),
)


@dataclass(frozen=True, slots=True)
class ComposeRequest:
    """A new post, a reply, a quote, an edit, a redraft, or a saved draft to resume."""

    kind: str = "new"  # new, reply, edit
    draft: PostDraft | None = None  # None: the account's defaults, once the server says
    target: Status | None = None  # the post replied to, quoted or edited
    media: tuple[MediaDraft, ...] = ()
    saved: SavedDraft | None = None
    #: The draft's text is only the reply's mentions, written again without the user's
    #: own handle once the server says who they are (a redraft's text is the user's own).
    mentions_only: bool = False

    @classmethod
    def reply(cls, status: Status, own_acct: str = "") -> ComposeRequest:
        """A reply with its privacy settled here, from the post alone: the same or a
        narrower visibility, the same content warning, the mentions (never a network
        answer: the account's defaults can only narrow it later)."""
        shown = status.shown
        return cls(kind="reply", draft=reply_draft(shown, own_acct), target=shown,
                   mentions_only=True)

    @classmethod
    def quote(cls, status: Status) -> ComposeRequest:
        """A quote: the quoted post's visibility (or narrower) and content warning."""
        shown = status.shown
        return cls(kind="new", draft=quote_draft(shown), target=shown)

    @classmethod
    def edit(cls, status: Status, source: PostDraft) -> ComposeRequest:
        return cls(kind="edit", draft=source, target=status.shown,
                   media=media_of(status.shown))

    @classmethod
    def redraft(cls, draft: PostDraft, deleted: Status) -> ComposeRequest:
        kind = "reply" if draft.in_reply_to_id else "new"
        return cls(kind=kind, draft=draft, media=media_of(deleted.shown))

    @classmethod
    def resume(cls, saved: SavedDraft) -> ComposeRequest:
        return cls(kind=saved.kind, saved=saved)


def media_of(status: Status) -> tuple[MediaDraft, ...]:
    """A post's attachments as already-uploaded media of a draft."""
    return tuple(
        MediaDraft(path=PurePosixPath(urlsplit(m.url).path).name or f"attachment {m.id}",
                   description=m.description or "", media_id=m.id)
        for m in status.media
    )


_RELATIVE = re.compile(r"^\+?\s*(\d+)\s*(m|min|h|d)$", re.IGNORECASE)
_UNITS = {"m": 60, "min": 60, "h": 3600, "d": 86400}


def parse_schedule(text: str, now: datetime) -> datetime | None:
    """"+30m", "+2h", "+1d" or "YYYY-MM-DD HH:MM" (local time) -> an aware time.

    Empty text is None (post now). Raises ValueError with a sentence for anything else,
    or for a time less than five minutes ahead (the server's minimum).
    """
    text = text.strip()
    if not text:
        return None
    match = _RELATIVE.match(text)
    if match:
        when = now + timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2).lower()])
    else:
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"“{text}” is not a time: write +30m, +2h, +1d or "
                             "2026-08-03 09:00.") from None
        if when.tzinfo is None:
            when = when.astimezone()  # the computer's local time zone
    if when - now < timedelta(minutes=5):
        raise ValueError("A scheduled post must be at least 5 minutes in the future.")
    return when
