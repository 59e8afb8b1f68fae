"""Status HTML -> a safe, styled text model with no Textual or Rich types.

The UI turns `RichText` into its own styled text. Every string in it has gone through
`fedtui.core.sanitize.clean_text`, so nothing from a server reaches the terminal raw.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from html import unescape
from html.parser import HTMLParser

from fedtui.core.model import Account, CustomEmoji, Poll, Status
from fedtui.core.sanitize import clean_line, clean_text, web_url
from fedtui.core.timefmt import short_duration


class SpanKind(StrEnum):
    TEXT = "text"
    LINK = "link"
    MENTION = "mention"
    HASHTAG = "hashtag"
    CODE = "code"
    EMOJI = "emoji"  # a custom emoji shortcode such as :blobcat:, shown as text
    STRONG = "strong"
    EMPHASIS = "emphasis"


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    CODE = "code"  # <pre>: keep line breaks and spacing
    QUOTE = "quote"
    LIST_ITEM = "list_item"


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    kind: SpanKind = SpanKind.TEXT
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    spans: tuple[Span, ...]
    kind: BlockKind = BlockKind.PARAGRAPH

    @property
    def plain(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True, slots=True)
class RichText:
    blocks: tuple[Block, ...]

    @property
    def plain(self) -> str:
        """Blocks joined by blank lines; line breaks inside a block are kept."""
        return "\n\n".join(block.plain for block in self.blocks)

    @property
    def links(self) -> tuple[str, ...]:
        """Targets of the links in reading order, without mentions and hashtags, no repeats."""
        seen: dict[str, None] = {}
        for block in self.blocks:
            for span in block.spans:
                if span.kind is SpanKind.LINK and span.href:
                    seen.setdefault(span.href, None)
        return tuple(seen)


_SKIPPED = frozenset({"script", "style", "template", "noscript", "head", "title", "iframe",
                      "object", "svg", "math", "select", "textarea"})  # contents never shown
_BLOCKS = frozenset({"p", "div", "pre", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4",
                     "h5", "h6", "hr", "table", "tr", "section", "article", "header", "footer",
                     "aside", "nav", "figure", "figcaption", "details", "summary", "dl", "dt"})
_EFFECTS = {"pre": "pre", "blockquote": "quote", "li": "li", "ul": "list", "ol": "list",
            "a": "a", "code": SpanKind.CODE, "kbd": SpanKind.CODE, "samp": SpanKind.CODE,
            "tt": SpanKind.CODE, "strong": SpanKind.STRONG, "b": SpanKind.STRONG,
            "em": SpanKind.EMPHASIS, "i": SpanKind.EMPHASIS,
            **{f"h{level}": SpanKind.STRONG for level in range(1, 7)}}
_INLINE = (SpanKind.CODE, SpanKind.STRONG, SpanKind.EMPHASIS)  # innermost priority order
_MERGED = frozenset({SpanKind.TEXT, *_INLINE})
_BLOCK_EFFECTS = {"pre": BlockKind.CODE, "li": BlockKind.LIST_ITEM, "quote": BlockKind.QUOTE}
_MAX_DEPTH = 200  # deeper tags still show their text, without their formatting
_SPACES = re.compile(r"[ \t\n\r\f]+")
_SHORTCODE = re.compile(r":([A-Za-z0-9_]{2,}):")
HTML_TAG = re.compile(r"<[^>]*>?")  # any tag, an unclosed one at the end too


def _with_emojis(text: str, kind: SpanKind, shortcodes: frozenset[str]) -> list[Span]:
    """`text` split so that known custom emoji shortcodes become EMOJI spans."""
    spans: list[Span] = []
    start = 0
    if shortcodes and ":" in text:
        for match in _SHORTCODE.finditer(text):
            if match.group(1) in shortcodes:
                if match.start() > start:
                    spans.append(Span(text[start:match.start()], kind))
                spans.append(Span(match.group(0), SpanKind.EMOJI))
                start = match.end()
    if start < len(text):
        spans.append(Span(text[start:], kind))
    return spans


class _Parser(HTMLParser):
    """Builds blocks and spans from Mastodon's HTML; tolerant of anything."""

    def __init__(self, shortcodes: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._shortcodes = shortcodes
        self._spans: list[Span] = []
        self._kind: BlockKind | None = None  # None until the current block has text
        self._prefix = ""  # list marker waiting for the item's first text
        self._stack: list[tuple[str, str]] = []  # open tags and their effect
        self._active: Counter[str] = Counter()
        self._lists: list[int] = []  # per open list: items so far, or -1 when unordered
        self._skip: tuple[str, int] | None = None  # inside <script> etc.: (tag, depth)
        self._anchor: tuple[SpanKind, str | None] | None = None
        self._anchor_text: list[str] = []
        self._anchor_shown = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip is not None:
            if tag == self._skip[0]:
                self._skip = (tag, self._skip[1] + 1)
            return
        if tag in _SKIPPED:
            self._skip = (tag, 1)
            return
        if tag in _BLOCKS:
            self._flush()
        if tag == "br":
            self._line_break()
            return
        if tag in ("hr", "img", "wbr") or len(self._stack) >= _MAX_DEPTH:
            return
        attributes = {name: value or "" for name, value in attrs}
        effect = str(_EFFECTS.get(tag, ""))
        if tag == "span":
            classes = attributes.get("class", "").split()
            effect = "invisible" if "invisible" in classes else ""
            effect = "ellipsis" if "ellipsis" in classes else effect
        elif tag == "a":
            effect = self._open_anchor(attributes)
        elif tag in ("ul", "ol"):
            start = attributes.get("start", "1").strip()
            ordered = int(start) - 1 if start.isdigit() and len(start) < 9 else 0
            self._lists.append(-1 if tag == "ul" else ordered)
        elif tag == "li":
            self._prefix = self._list_marker()
        self._stack.append((tag, effect))
        self._active[effect] += 1

    def handle_endtag(self, tag: str) -> None:
        if self._skip is not None:
            if tag == self._skip[0]:
                depth = self._skip[1] - 1
                self._skip = (tag, depth) if depth else None
            return
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                while len(self._stack) > index:
                    self._pop()
                return

    def handle_data(self, data: str) -> None:
        if self._skip is not None or self._active["invisible"]:
            return
        text = clean_text(data)
        if not self._active["pre"]:
            text = _SPACES.sub(" ", text)
        if self._anchor is not None:
            self._anchor_text.append(text)
        else:
            self._add(text, self._inline_kind())

    def finish(self) -> list[Block]:
        """Close everything still open and return the blocks."""
        self.close()
        while self._stack:
            self._pop()
        self._flush()
        return self.blocks

    def _pop(self) -> None:
        tag, effect = self._stack.pop()
        self._active[effect] -= 1
        if effect == "a":
            self._close_anchor()
        elif effect == "ellipsis":
            self.handle_data("…")
        elif effect == "list":
            self._lists.pop()
        if tag in _BLOCKS:
            self._flush()

    def _inline_kind(self) -> SpanKind:
        return next((kind for kind in _INLINE if self._active[kind]), SpanKind.TEXT)

    def _block_kind(self) -> BlockKind:
        for _tag, effect in reversed(self._stack):
            if effect in _BLOCK_EFFECTS:
                return _BLOCK_EFFECTS[effect]
        return BlockKind.PARAGRAPH

    def _add(self, text: str, kind: SpanKind, href: str | None = None) -> None:
        pre = self._active["pre"] > 0
        if not pre and text.startswith(" ") and (not self._spans or
                                                 self._spans[-1].text[-1] in " \n"):
            text = text[1:]
        if not text:
            return
        if self._kind is None:
            self._kind = self._block_kind()
            if self._prefix:
                self._spans.append(Span(self._prefix))
                self._prefix = ""
                text = text.lstrip(" ")
        if kind in (SpanKind.LINK, SpanKind.MENTION, SpanKind.HASHTAG):
            new = [Span(text, kind, href)]
        else:
            plain = pre or kind is SpanKind.CODE
            new = _with_emojis(text, kind, frozenset() if plain else self._shortcodes)
        for span in new:
            last_span = self._spans[-1] if self._spans else None
            if last_span and last_span.kind is span.kind and span.kind in _MERGED:
                self._spans[-1] = Span(last_span.text + span.text, span.kind)
            else:
                self._spans.append(span)

    def _line_break(self) -> None:
        if self._anchor is not None:
            self._anchor_text.append(" ")
        elif self._kind is not None:
            if not self._active["pre"]:
                self._trim_end(" ")
            self._add("\n", SpanKind.TEXT)

    def _trim_end(self, chars: str) -> None:
        while self._spans and not self._spans[-1].text.rstrip(chars):
            self._spans.pop()
        if self._spans:
            last = self._spans[-1]
            self._spans[-1] = Span(last.text.rstrip(chars), last.kind, last.href)

    def _flush(self) -> None:
        if self._anchor is not None:
            self._emit_anchor()
        if self._kind is not None:
            code = self._kind is BlockKind.CODE
            self._trim_end("\n" if code else " \n")
            if code and self._spans:  # html.parser keeps the newline right after <pre>
                first = self._spans[0]
                self._spans[0] = Span(first.text.lstrip("\n"), first.kind, first.href)
            spans = tuple(span for span in self._spans if span.text)
            if spans:
                self.blocks.append(Block(spans, self._kind))
        self._spans = []
        self._kind = None

    def _list_marker(self) -> str:
        indent = "  " * max(0, len(self._lists) - 1)
        if not self._lists or self._lists[-1] < 0:
            return f"{indent}• "
        self._lists[-1] += 1
        return f"{indent}{self._lists[-1]}. "

    def _open_anchor(self, attributes: dict[str, str]) -> str:
        if self._anchor is not None:
            self.handle_endtag("a")
        safe = web_url(attributes.get("href"))
        classes = attributes.get("class", "").split()
        if "hashtag" in classes or "tag" in attributes.get("rel", "").split():
            self._anchor = (SpanKind.HASHTAG, safe)
        elif "mention" in classes:
            self._anchor = (SpanKind.MENTION, safe)
        elif safe is not None:
            self._anchor = (SpanKind.LINK, safe)
        else:
            return ""
        self._anchor_text = []
        self._anchor_shown = False
        return "a"

    def _emit_anchor(self) -> None:
        assert self._anchor is not None
        kind, href = self._anchor
        text = "".join(self._anchor_text)
        self._anchor_text = []
        if not self._active["pre"]:
            text = _SPACES.sub(" ", text)
        core = text.strip(" ")
        if text.startswith(" "):
            self._add(" ", self._inline_kind())
        if core:
            self._add(core, kind, href)
            self._anchor_shown = True
        if core and text.endswith(" "):
            self._add(" ", self._inline_kind())

    def _close_anchor(self) -> None:
        assert self._anchor is not None
        kind, href = self._anchor
        self._emit_anchor()
        self._anchor = None
        if not self._anchor_shown and kind is SpanKind.LINK and href:
            self._add(href, kind, href)


def render_html(html: str, emojis: Sequence[CustomEmoji] = ()) -> RichText:
    """Mastodon status/profile HTML as safe `RichText`; never raises on hostile HTML."""
    shortcodes = frozenset(emoji.shortcode for emoji in emojis)
    parser = _Parser(shortcodes)
    try:
        # "<![...]>" is a bogus comment to browsers; html.parser asserts on unknown ones.
        parser.feed(html.replace("<![", "<!-["))
        blocks = parser.finish()
    except Exception:  # never lose a post to a parser bug: show its text instead
        return render_plain(_SPACES.sub(" ", unescape(HTML_TAG.sub(" ", html))), emojis)
    return RichText(tuple(blocks))


def status_text(status: Status) -> str:
    """The plain text of a status's content (the safe text, blocks by blank lines)."""
    return render_html(status.content, status.emojis).plain


def render_plain(text: str, emojis: Sequence[CustomEmoji] = ()) -> RichText:
    """Plain text (spoiler text, alt text, bios in source form) as `RichText`: blank lines
    separate paragraphs, single line breaks stay, custom emoji shortcodes become EMOJI."""
    shortcodes = frozenset(emoji.shortcode for emoji in emojis)
    blocks = []
    for paragraph in re.split(r"\n[ \n]*\n", clean_text(text)):
        paragraph = paragraph.strip("\n ")
        if paragraph:
            blocks.append(Block(tuple(_with_emojis(paragraph, SpanKind.TEXT, shortcodes))))
    return RichText(tuple(blocks))


def display_name(account: Account) -> str:
    """The account's name on one safe line; shortcodes stay as text; else the username."""
    return (clean_line(account.display_name) or clean_line(account.username)
            or clean_line(account.acct))


def status_links(status: Status) -> tuple[str, ...]:
    """Web links of the shown status (boosted one for a boost), then its card's URL."""
    shown = status.shown
    links = render_html(shown.content, shown.emojis).links
    card = web_url(shown.card.url) if shown.card is not None else None
    if card is not None and card not in links:
        links = (*links, card)
    return links


def media_lines(status: Status) -> list[str]:
    """One line per attachment of the shown status: "[image] alt text", "[gif] ..."."""
    return [f"[{'gif' if media.type == 'gifv' else clean_line(media.type)}] "
            f"{clean_line(media.description or '') or '(no description)'}"
            for media in status.shown.media]


_BAR_WIDTH = 10


def _share(part: int, total: int, scale: int) -> int:
    """round(part / total * scale), halves up; 0 when nothing was counted."""
    return (part * 2 * scale + total) // (2 * total) if total > 0 else 0


def poll_lines(poll: Poll, now: datetime) -> list[str]:
    """Options as "✓ ██████░░░░  60% title" (✓ marks own votes), then a summary line.

    Percentages are of voters for multiple-choice polls and of votes otherwise, as on
    Mastodon's web UI; options without counts (totals hidden until the end) show no bar.
    """
    total = poll.voters_count or poll.votes_count
    hidden = any(option.votes_count is None for option in poll.options)
    lines = []
    for index, option in enumerate(poll.options):
        mark = "✓" if index in poll.own_votes else " "
        if hidden:
            lines.append(f"{mark} {clean_line(option.title)}")
            continue
        votes = option.votes_count or 0
        filled = min(_BAR_WIDTH, _share(votes, total, _BAR_WIDTH))
        bar = "█" * filled + "░" * (_BAR_WIDTH - filled)
        lines.append(f"{mark} {bar} {_share(votes, total, 100):>3}% {clean_line(option.title)}")
    people = poll.voters_count
    closed = poll.expired or (poll.expires_at is not None and poll.expires_at <= now)
    summary = (
        f"{people} {'person' if people == 1 else 'people'}" if people is not None
        else f"{poll.votes_count} {'vote' if poll.votes_count == 1 else 'votes'}",
        "results hidden" if hidden else "",
        "multiple choice" if poll.multiple else "",
        "voted" if poll.voted else "",
        "closed" if closed else "",
        f"closes in {short_duration(poll.expires_at - now)}"
        if poll.expires_at is not None and not closed else "",
    )
    lines.append(" · ".join(part for part in summary if part))
    return lines
