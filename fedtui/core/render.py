"""Status HTML -> a safe, styled text model with no Textual or Rich types.

The UI turns `RichText` into its own styled text. Every string in it has gone through
`fedtui.core.sanitize.clean_text`, so nothing from a server reaches the terminal raw.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
