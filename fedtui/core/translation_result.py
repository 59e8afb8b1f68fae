"""What a translation gives: the text with its confidence, per field of a post, and the key
it is cached under. Light on purpose: the cache and the cards need these at start-up, the
pipeline (`fedtui.core.translate`) only when something is translated."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fedtui.core.langdetect import normalize_lang
from fedtui.core.model import Status

FAILED_MESSAGE = "The model could not translate this post."


class Confidence(StrEnum):
    HIGH = "high"
    LOW = "low"  # shown with "may be wrong", under the original: the estimate is low
    FAILED = "failed"  # nothing to show: the model could not translate


@dataclass(frozen=True, slots=True)
class Translation:
    text: str  # empty when failed
    source_lang: str
    target_lang: str
    model: str
    confidence: Confidence
    attempts: int
    lost_entities: int = 0
    message: str = ""  # why it failed or was marked low
    estimate: float | None = None  # the quality estimate in [0, 1]; None: not measured

    @property
    def ok(self) -> bool:
        return self.confidence is not Confidence.FAILED


@dataclass(frozen=True, slots=True)
class StatusTranslation:
    """A status's translated fields; `media` pairs attachment ids with their alt text."""

    content: Translation
    spoiler: Translation | None
    poll_options: tuple[Translation, ...]
    media: tuple[tuple[str, Translation], ...]

    @property
    def confidence(self) -> Confidence:
        parts = [self.content, *self.poll_options, *(t for _, t in self.media)]
        if self.spoiler is not None:
            parts.append(self.spoiler)
        order = (Confidence.FAILED, Confidence.LOW, Confidence.HIGH)
        return next((c for c in order if any(p.confidence is c for p in parts)), Confidence.HIGH)


def translation_cache_key(status: Status, model: str, target_lang: str) -> tuple[str, ...]:
    """(post id, edited_at, model name, target language): an edit or another model misses."""
    shown = status.shown
    edited = shown.edited_at.isoformat() if shown.edited_at is not None else ""
    return (shown.id, edited, model, normalize_lang(target_lang) or target_lang)
