"""A quoted post as a card shows it: who wrote it and a short excerpt, or one line that
says why it is not shown (deleted, waiting for approval, not visible to the reader).

Pure: the UI draws the box. Every string comes from the sanitised model and from
`fedtui.core.render`; a server's quote state is never shown as it is, only the sentence
fedtui has for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from fedtui.core.filters import Verdict, filter_verdict
from fedtui.core.model import Quote, Status
from fedtui.core.render import display_name, media_lines, render_html
from fedtui.core.sanitize import clean_line

QUOTE_CHARS = 280  # the excerpt's characters at most (before it is wrapped)
QUOTE_LINES = 4  # lines of the excerpt in the box at most, once wrapped

#: Why the quoted post is not shown, by Mastodon's quote state.
UNAVAILABLE = {
    "pending": "The quoted post waits for its author's approval.",
    "rejected": "The author of the quoted post did not allow this quote.",
    "revoked": "The author of the quoted post removed this quote.",
    "deleted": "The quoted post was deleted.",
    "unauthorized": "You cannot see the quoted post.",
    "blocked_account": "The quoted post is by an account you blocked.",
    "blocked_domain": "The quoted post is from a server you blocked.",
    "muted_account": "The quoted post is by an account you muted.",
}
NOT_AVAILABLE = "The quoted post is not available."
NOT_LOADED = "It quotes another post."


@dataclass(frozen=True, slots=True)
class QuoteExcerpt:
    """What the box shows: `author` and `text` of a shown post, `note` otherwise (or for a
    content warning or a filter), and the post's media lines."""

    author: str = ""
    acct: str = ""
    text: str = ""
    note: str = ""
    media: tuple[str, ...] = ()

    @property
    def shown(self) -> bool:
        return bool(self.author)


def quote_excerpt(quote: Quote, show_all: bool = False, show_key: str = "s") -> QuoteExcerpt:
    """The excerpt of `quote`; `show_all` (the card's `show_key`) opens a content warning
    or a filter of the quoted post."""
    status = quote.status
    if quote.state != "accepted" or status is None:
        return QuoteExcerpt(note=unavailable(quote) or NOT_LOADED)
    author, acct = display_name(status.account), clean_line(status.account.acct)
    verdict = filter_verdict(status)
    if verdict.action in (Verdict.WARN, Verdict.HIDE) and not show_all:
        return QuoteExcerpt(author, acct,
                            note=f"⚠ Filtered: {verdict.title} — press {show_key} to show")
    if status.spoiler_text and not show_all:
        return QuoteExcerpt(author, acct,
                            note=f"⚠ CW: {clean_line(status.spoiler_text)} — press {show_key} to "
                                 "show")
    note = f"⚠ CW: {clean_line(status.spoiler_text)}" if status.spoiler_text else ""
    return QuoteExcerpt(author, acct, text=excerpt(status), note=note,
                        media=tuple(media_lines(status)[:2]))


def excerpt(status: Status, limit: int = QUOTE_CHARS) -> str:
    """The post's text on one line, cut at `limit` characters with "…"."""
    text = " ".join(render_html(status.content, status.emojis).plain.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def unavailable(quote: Quote) -> str | None:
    """Why `quote` cannot be opened (None: it can, from the post or by its id)."""
    if quote.state == "accepted" and (quote.status is not None or quote.status_id):
        return None
    return UNAVAILABLE.get(quote.state, NOT_AVAILABLE)
