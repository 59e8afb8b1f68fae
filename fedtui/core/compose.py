"""Composing posts: drafts, the server's character count, reply defaults, alt-text checks.

Pure (no I/O). `count_characters` counts like Mastodon's `StatusLengthValidator`: every
http(s) URL counts as `characters_reserved_per_url`, a mention `@user@domain` counts as
`@user`, and the rest counts by extended grapheme clusters (a flag or a family emoji is
one character), with the content warning added on top.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fedtui.core.model import Attachment, Status
from fedtui.core.sanitize import clean_line, clean_text

#: Visibilities from most public to most private.
VISIBILITIES: tuple[str, ...] = ("public", "unlisted", "private", "direct")


@dataclass(frozen=True, slots=True)
class PollDraft:
    options: tuple[str, ...]
    expires_in: int = 86400  # seconds
    multiple: bool = False
    hide_totals: bool = False


@dataclass(frozen=True, slots=True)
class PostDraft:
    text: str = ""
    spoiler_text: str = ""
    visibility: str = "public"
    language: str | None = None
    in_reply_to_id: str | None = None
    quote_id: str | None = None
    poll: PollDraft | None = None
    media_ids: tuple[str, ...] = ()
    sensitive: bool = False
    scheduled_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class MediaDraft:
    """A file to attach: its local path, alt text, and server id once uploaded."""

    path: str
    description: str = ""
    media_id: str | None = None


@dataclass(frozen=True, slots=True)
class ComposeLimits:
    """What the server accepts, and the user's posting defaults."""

    max_characters: int = 500
    characters_reserved_per_url: int = 23
    max_poll_options: int = 4
    max_poll_option_characters: int = 50
    min_poll_expiration: int = 300
    max_poll_expiration: int = 2629746
    max_media_attachments: int = 4
    default_visibility: str = "public"
    default_language: str | None = None
    default_sensitive: bool = False


# A URL with a scheme, not glued to a preceding word, @, $ or # (as twitter-text extracts
# them for Mastodon). Trailing punctuation is trimmed in `_url_spans`.
_URL_RE = re.compile(r"(?<![A-Za-z0-9@＠$#＃\u202A-\u202E])https?://[^\s<>\"'`]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?'\"*)]}>…"
# Mastodon's Account::MENTION_RE: @user, @user@domain; not after =, / or a word character.
_MENTION_RE = re.compile(
    r"(?<![=/\w])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(@\w+(?:[.-]+\w+)*)?(?![@＠]|://)",
    re.IGNORECASE,
)



def grapheme_length(text: str) -> int:
    """Extended grapheme clusters, as Mastodon counts (Ruby's `each_grapheme_cluster`):
    a flag or a family emoji is one character. `regex` implements Unicode's UAX #29."""
    import regex

    return len(regex.findall(r"\X", text))


def _url_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _URL_RE.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in _URL_TRAILING:
            if text[end - 1] == ")" and text[start:end].count("(") >= text[start:end].count(")"):
                break  # a balanced parenthesis belongs to the URL (Wikipedia links)
            end -= 1
        host = text[start:end].split("://", 1)[1].split("/", 1)[0]
        if host.strip(".-"):
            spans.append((start, end))
    return spans


def countable_text(text: str, url_length: int = 23) -> str:
    """`text` as Mastodon measures it: URLs as `url_length` x's, mentions without domain."""
    out: list[str] = []
    pos = 0
    for start, end in _url_spans(text):
        out.append(_strip_mention_domains(text[pos:start]))
        out.append("x" * url_length)
        pos = end
    out.append(_strip_mention_domains(text[pos:]))
    return "".join(out)


def _strip_mention_domains(text: str) -> str:
    return _MENTION_RE.sub(lambda m: "@" + m.group(1), text)


def count_characters(text: str, limits: ComposeLimits | None = None,
                     spoiler_text: str = "") -> int:
    """How many characters the server counts for `text` (plus the content warning)."""
    url_length = (limits or ComposeLimits()).characters_reserved_per_url
    return grapheme_length(spoiler_text) + grapheme_length(countable_text(text, url_length))


def characters_left(draft: PostDraft, limits: ComposeLimits) -> int:
    """Characters remaining under the server's limit (negative when over)."""
    used = count_characters(draft.text, limits, spoiler_text=draft.spoiler_text)
    return limits.max_characters - used


def more_private(a: str, b: str) -> str:
    """The more private of two visibilities (an empty one counts as none), always a known
    one. A value fedtui does not know (a server's own, such as Akkoma's "local" and "list",
    or a hostile one) counts as followers-only: a reply is never wider than its post."""
    rank = {v: i for i, v in enumerate(VISIBILITIES)}
    known = [v if v in rank else "private" for v in (a, b) if v]
    return max(known, key=rank.__getitem__, default="public")


def reply_mentions(status: Status, own_acct: str) -> str:
    """The thread's participants to mention, "@a @b@x ": the author first, then the post's
    mentions, without the user's own handle, each once. Empty when replying to oneself."""
    shown = status.shown
    own = own_acct.strip().lstrip("@")
    handles: list[str] = []
    seen: set[str] = set()
    for acct in (shown.account.acct, *(m.acct for m in shown.mentions)):
        acct = acct.strip().lstrip("@")
        if not acct or acct.lower() in seen or _is_own(acct, own):
            continue
        seen.add(acct.lower())
        handles.append(f"@{acct}")
    return " ".join(handles) + " " if handles else ""


def _is_own(acct: str, own: str) -> bool:
    if not own:
        return False
    mine = own.lower()
    theirs = acct.lower()
    local = "@" in mine and "@" not in theirs and theirs == mine.split("@")[0]
    return theirs == mine or local


def reply_draft(status: Status, own_acct: str, default_visibility: str = "public",
                default_language: str | None = None) -> PostDraft:
    """A reply's starting draft: mentions, the same content warning, and the more private
    of the post's visibility and the user's default."""
    shown = status.shown
    return PostDraft(
        text=reply_mentions(status, own_acct),
        spoiler_text=shown.spoiler_text,
        visibility=more_private(shown.visibility, default_visibility),
        language=default_language,
        in_reply_to_id=shown.id,
        sensitive=shown.sensitive and bool(shown.spoiler_text),
    )


def quote_draft(status: Status, default_visibility: str = "public") -> PostDraft:
    """A quote's starting draft: the quoted post's content warning, and the more private of
    its visibility and the user's default."""
    shown = status.shown
    return PostDraft(
        spoiler_text=shown.spoiler_text,
        visibility=more_private(shown.visibility, default_visibility),
        quote_id=shown.id,
        sensitive=shown.sensitive and bool(shown.spoiler_text),
    )


_HTML = re.compile(r"<(?:p|br|span|a|div|strong|em|b|i|code|pre|blockquote|ul|ol|li)\b[^>]*>",
                   re.IGNORECASE)


def plain_source(text: object, content_html: str) -> str:
    """A post's text to edit: the server's source `text`, unless it is missing or HTML
    (some servers send that), then the HTML content as plain text."""
    from fedtui.core.render import render_html

    if isinstance(text, str) and text.strip():
        html = _HTML.match(text.strip()) is not None or "<br" in text.lower()
        return render_html(text).plain if html else clean_text(text)
    return render_html(content_html).plain if content_html else ""


def missing_alt_text(media: Sequence[Attachment | MediaDraft]) -> list[Attachment | MediaDraft]:
    """The attachments that have no alt text (empty or only whitespace)."""
    return [m for m in media if not (m.description or "").strip()]


def draft_problems(draft: PostDraft, limits: ComposeLimits, media_count: int = 0) -> list[str]:
    """Why the server would refuse `draft`, as sentences; empty when it looks fine."""
    problems: list[str] = []
    left = characters_left(draft, limits)
    if left < 0:
        problems.append(f"The post is {-left} characters over the limit of "
                        f"{limits.max_characters}.")
    attached = max(media_count, len(draft.media_ids))
    if not draft.text.strip() and not attached and draft.poll is None:
        problems.append("The post is empty.")
    if attached > limits.max_media_attachments:
        problems.append(f"At most {limits.max_media_attachments} attachments are allowed.")
    if draft.visibility and draft.visibility not in VISIBILITIES:
        problems.append(f"Unknown visibility {draft.visibility!r}.")
    poll = draft.poll
    if poll is not None:
        options = [o for o in poll.options if o.strip()]
        if len(options) < 2:
            problems.append("A poll needs at least two options.")
        if len(options) > limits.max_poll_options:
            problems.append(f"A poll can have at most {limits.max_poll_options} options.")
        if len({o.strip().lower() for o in options}) != len(options):
            problems.append("Poll options must be different from each other.")
        if any(grapheme_length(o) > limits.max_poll_option_characters for o in options):
            problems.append(f"Poll options can have at most "
                            f"{limits.max_poll_option_characters} characters.")
        if not limits.min_poll_expiration <= poll.expires_in <= limits.max_poll_expiration:
            problems.append("The poll duration is outside what the server allows.")
    return problems


def published_notice(draft: PostDraft, posted: Status, host: str) -> tuple[str, bool]:
    """What to say once `draft` went out as `posted`, and whether the server did less than
    the draft asked: published at once although scheduled, or without its quote."""
    scheduled = draft.scheduled_at is not None
    dropped = bool(draft.quote_id) and posted.quote is None
    host = clean_line(host)
    if scheduled and dropped:
        return (f"Published now and without the quote: {host} does not schedule posts or "
                "support quote posts.", True)
    if scheduled:
        return f"Published now: {host} does not schedule posts.", True
    if dropped:
        return f"Posted without the quote: {host} does not support quote posts.", True
    if draft.quote_id and posted.quote is not None and posted.quote.state == "pending":
        return "Posted; the quote shows once the quoted post's author approves it.", False
    return "Posted.", False
