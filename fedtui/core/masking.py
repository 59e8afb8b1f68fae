"""Keep what must not be translated out of the model's reach, and put it back exactly.

A text is split into lines (paragraph and line breaks are kept verbatim and each line is
translated on its own). In each line, the entities at its edges (the leading mentions, the
trailing hashtags, links and emoji that most posts have) are peeled off and never shown to the
model; the ones inside the sentence become numbered placeholders `⟦1⟧`, `⟦2⟧`... which the
embedded model copies best of the forms measured (`⟦n⟧` 23/24 kept, `{n}` 22, `[n]` 18).
`restore` puts every entity back; one the model dropped is appended to the line so none is
ever lost, and is counted so the caller can lower its confidence. A line's masked body goes
to the model a sentence at a time (`split_sentences`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class EntityKind(StrEnum):
    URL = "url"
    MENTION = "mention"
    HASHTAG = "hashtag"
    CUSTOM_EMOJI = "custom_emoji"
    EMOJI = "emoji"
    CODE = "code"
    LITERAL = "literal"  # text that looks like a placeholder, kept out of the model's way


_EMOJI_CHAR = (
    "[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF\u3030\u303D\u3297\u3299]"
)
_EMOJI_MOD = "[\uFE0F\u20E3\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F]"
_EMOJI_ONE = f"(?:{_EMOJI_CHAR}{_EMOJI_MOD}*(?:\u200D{_EMOJI_CHAR}{_EMOJI_MOD}*)*)"
_ENTITY = re.compile(
    r"(?P<literal>⟦[^⟦⟧\n]*⟧)"
    r"|(?P<url>https?://[^\s<>\"]*[^\s<>\".,;:!?)\]}'’”])"
    r"|(?P<mention>(?<![\w@/])@[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)"
    r"|(?P<hashtag>(?<![\w#&/])#\w*[^\W\d_]\w*)"
    r"|(?P<custom_emoji>(?<![\w:]):[A-Za-z0-9_]{2,}:(?![\w:]))"
    r"|(?P<code>`[^`\n]+`)"
    rf"|(?P<emoji>(?:{_EMOJI_ONE}|[\U0001F1E6-\U0001F1FF]{{2}})+)"
)
_PLACEHOLDER = re.compile(r"⟦\s*(\d+)\s*⟧")
_LINE_BREAKS = re.compile(r"(\r?\n+)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)|(?<=[。！？])")


def placeholder(n: int) -> str:
    return f"⟦{n}⟧"


@dataclass(frozen=True, slots=True)
class Segment:
    """One line: `prefix` + `body` + `suffix`; `entities[i]` is behind placeholder i+1."""

    prefix: str
    body: str
    suffix: str
    entities: tuple[str, ...] = ()

    @property
    def translatable(self) -> bool:
        """Whether the body has words to translate (not only placeholders and punctuation)."""
        return has_words(self.body)

    @property
    def original(self) -> str:
        return self.prefix + _fill(self.body, self.entities) + self.suffix


@dataclass(frozen=True, slots=True)
class MaskedText:
    """The lines of a text and the exact line breaks between them (`len(breaks) == len-1`)."""

    segments: tuple[Segment, ...]
    breaks: tuple[str, ...]

    def join(self, lines: list[str] | tuple[str, ...]) -> str:
        out = [lines[0]] if lines else []
        for brk, line in zip(self.breaks, lines[1:], strict=False):
            out += [brk, line]
        return "".join(out)

    @property
    def original(self) -> str:
        return self.join([seg.original for seg in self.segments])


@dataclass(frozen=True, slots=True)
class Restored:
    text: str
    lost: int  # placeholders the model dropped (their entities were appended)


def find_entities(text: str) -> list[tuple[int, int, EntityKind]]:
    """(start, end, kind) of every entity in `text`, in order, not overlapping."""
    return [(m.start(), m.end(), EntityKind(m.lastgroup or "url")) for m in _ENTITY.finditer(text)]


def _fill(body: str, entities: tuple[str, ...]) -> str:
    return _PLACEHOLDER.sub(
        lambda m: entities[int(m.group(1)) - 1]
        if 0 < int(m.group(1)) <= len(entities) else m.group(0),
        body,
    )


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def mask_line(line: str) -> Segment:
    """Peel edge entities off `line` and replace the inner ones with placeholders."""
    spans = find_entities(line)
    # Leading run: entities each followed by whitespace (or the end), from the line's start.
    pos, first = _skip_space(line, 0), 0
    while first < len(spans) and spans[first][0] == pos:
        after = spans[first][1]
        if after < len(line) and not line[after].isspace():
            break
        pos, first = _skip_space(line, after), first + 1
    prefix_end = pos
    # Trailing run: entities each preceded by whitespace, back from the line's end.
    end, last = len(line.rstrip()), len(spans)
    while last > first and spans[last - 1][1] == end:
        start = spans[last - 1][0]
        if start > prefix_end and not line[start - 1].isspace():
            break
        end, last = len(line[:start].rstrip()), last - 1
    suffix_start = max(end, prefix_end)
    body_parts: list[str] = []
    entities: list[str] = []
    cursor = prefix_end
    for start, stop, _kind in spans[first:last]:
        body_parts.append(line[cursor:start])
        entities.append(line[start:stop])
        body_parts.append(placeholder(len(entities)))
        cursor = stop
    body_parts.append(line[cursor:suffix_start])
    return Segment(
        prefix=line[:prefix_end],
        body="".join(body_parts),
        suffix=line[suffix_start:],
        entities=tuple(entities),
    )


def mask(text: str) -> MaskedText:
    """Split `text` into lines (breaks kept exactly) and mask each line."""
    parts = _LINE_BREAKS.split(text)
    lines, breaks = parts[0::2], parts[1::2]
    return MaskedText(segments=tuple(mask_line(line) for line in lines), breaks=tuple(breaks))


def restore(segment: Segment, translated_body: str) -> Restored:
    """Put the entities back into a translated body and re-attach the peeled edges.

    Unknown placeholders the model invented are removed, repeated ones kept once, and
    entities whose placeholder was dropped are appended at the end of the body.
    """
    seen: set[int] = set()

    def put(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if not 0 < n <= len(segment.entities) or n in seen:
            return ""
        seen.add(n)
        return segment.entities[n - 1]

    body = _PLACEHOLDER.sub(put, translated_body).strip()
    missing = [e for i, e in enumerate(segment.entities, 1) if i not in seen]
    if missing:
        body = " ".join([body, *missing]) if body else " ".join(missing)
    return Restored(text=segment.prefix + body + segment.suffix, lost=len(missing))


def partial_restore(segment: Segment, partial_body: str) -> str:
    """Best-effort display of a body still streaming: complete placeholders filled in."""
    text = _PLACEHOLDER.sub(
        lambda m: segment.entities[int(m.group(1)) - 1]
        if 0 < int(m.group(1)) <= len(segment.entities) else "",
        partial_body,
    )
    cut = text.rfind("⟦")
    if cut != -1 and "⟧" not in text[cut:]:
        text = text[:cut]
    return segment.prefix + text.lstrip()


def placeholders_in(text: str) -> list[int]:
    return [int(m.group(1)) for m in _PLACEHOLDER.finditer(text)]


def without_placeholders(text: str, gap: str = "") -> str:
    """`text` with each placeholder (a masked link or mention) replaced by `gap`."""
    return _PLACEHOLDER.sub(gap, text)


def has_words(text: str) -> bool:
    """Whether `text` has letters besides its placeholders (not only links, mentions and
    punctuation)."""
    return any(ch.isalpha() for ch in without_placeholders(text))


def split_sentences(body: str) -> list[str]:
    """Sentences of a line (the small model drops the second of two sentences otherwise)."""
    parts = [p.strip() for p in _SENTENCE_END.split(body)]
    merged: list[str] = []
    for part in parts:
        if not part:
            continue
        if merged and sum(ch.isalpha() for ch in part) < 3:  # "!!", an emoji, a placeholder
            space = "" if merged[-1].endswith(("。", "！", "？")) else " "  # as it was written
            merged[-1] = f"{merged[-1]}{space}{part}"
        else:
            merged.append(part)
    return merged or [body]
