"""Translation as pure orchestration: detect -> mask -> few-shot task -> run -> guards -> restore.

The model is reached only through an injected `TaskRunner` (the composition root wraps
`fedtui.llm`), so this module runs the same against the embedded model, another backend or a
scripted fake. Each line is translated on its own with a completion-style few-shot prompt
(the embedded model is a base model). A result is checked before it is shown: it must not be
empty, must not echo the source, must be in the target language and of plausible length;
otherwise another prompt variant (different examples) is tried, and if every attempt fails
the result says so (`Confidence.FAILED`, no text) rather than show an echo as a translation.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from fedtui.core.langdetect import (
    Detector,
    decide_language,
    dominant_script,
    language_name,
    normalize_lang,
)
from fedtui.core.masking import Segment, mask, partial_restore, placeholders_in, restore
from fedtui.core.model import Status
from fedtui.core.prompts import FewShotTask
from fedtui.core.render import status_text
from fedtui.core.translate_examples import PLACEHOLDER_EXAMPLE, TRANSLATION_EXAMPLES
from fedtui.core.translation_result import Confidence, StatusTranslation, Translation

PartialCallback = Callable[[str], None]
FAILED_MESSAGE = "The model could not translate this post."
_OTHER_LANGS = ("fr", "de", "es", "ja")  # the one example from another language, by variant
_CJK_LANGS = frozenset({"ja", "zh", "ko"})
_SPACE = re.compile(r"\s+")


class TaskRunner(Protocol):
    """Runs a few-shot task on a model and streams the answer piece by piece."""

    def __call__(
        self, task: FewShotTask, *, max_tokens: int, stop: tuple[str, ...]
    ) -> Iterable[str]: ...


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    reason: str = ""  # "empty", "echo", "wrong_language", "length"
    hard: bool = False  # a hard failure is never shown; a soft one may be, as low confidence


def build_task(body: str, source: str, target: str, variant: int = 0) -> FewShotTask:
    """The few-shot task translating one masked line; `variant` picks other examples."""
    src_name, tgt_name = language_name(source), language_name(target)
    if target == "en":
        pool = TRANSLATION_EXAMPLES.get(source, ())
        others = [lang for lang in _OTHER_LANGS if lang != source]
        other = others[variant % len(others)]
        lead = [TRANSLATION_EXAMPLES[other][variant % 3]]
        if "⟦" in body:
            lead = [PLACEHOLDER_EXAMPLE]
        shift = 0 if variant == 0 else 2
        same = [pool[(shift + i) % len(pool)] for i in range(len(pool))] if pool else [
            TRANSLATION_EXAMPLES[o][(variant + 1) % 3] for o in others[1:3]
        ]
        examples: list[tuple[str, str]] = [*lead, *same]
        input_label = src_name
    else:
        # No parallel examples from `source`: show English -> target ones (reversed pool).
        pool = TRANSLATION_EXAMPLES.get(target, ())
        examples = [(en, text) for text, en in pool]
        if variant:
            examples.reverse()
        if "⟦" in body and target == "de":
            examples.insert(0, (PLACEHOLDER_EXAMPLE[1], PLACEHOLDER_EXAMPLE[0]))
        input_label = src_name
    return FewShotTask(
        instruction=f"Translate {src_name} social media posts into {tgt_name}.",
        examples=tuple(examples),
        query=body,
        input_label=input_label,
        output_label=tgt_name,
    )


def max_tokens_for(body: str, source: str) -> int:
    """A generation budget from the source length (CJK packs more meaning per character)."""
    per_char = 2.0 if source in _CJK_LANGS else 0.6
    return max(24, min(512, int(len(body) * per_char) + 16))


def _norm(text: str) -> str:
    return _SPACE.sub(" ", re.sub(r"⟦\s*\d+\s*⟧", " ", text)).strip().casefold()


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _norm(a), _norm(b), autojunk=False).ratio()


def check(
    source_text: str, output: str, source: str, target: str, detector: Detector
) -> Verdict:
    """The guards: empty, echo, wrong language (hard); implausible length (soft)."""
    out = _norm(output)
    if not any(ch.isalnum() for ch in out):
        return Verdict(False, "empty", hard=True)
    src = _norm(source_text)
    letters = sum(ch.isalpha() for ch in out)
    if out == src or (len(src) >= 12 and similarity(source_text, output) >= 0.75):
        return Verdict(False, "echo", hard=True)
    want_script = "LATIN" if target not in _CJK_LANGS else None
    script = dominant_script(out)
    if want_script and script not in (None, want_script) and script == dominant_script(src):
        return Verdict(False, "echo", hard=True)  # e.g. Cyrillic out for Cyrillic in
    if letters >= 12:
        found = detector.detect(out)
        if found.lang == source and found.lang != target and found.confidence >= 0.6:
            return Verdict(False, "echo", hard=True)  # source-language paraphrase
        if found.lang != target and found.confidence >= 0.8:
            return Verdict(False, "wrong_language", hard=True)
    if len(src) >= 12:
        ratio = len(out) / len(src)
        low, high = (0.6, 10.0) if source in _CJK_LANGS else (0.33, 3.0)
        if not low <= ratio <= high:
            return Verdict(False, "length")
    if _repetitive(out):
        return Verdict(False, "length")
    return Verdict(True)


def _repetitive(text: str) -> bool:
    """A phrase of 3+ words that comes back three times: the model is looping."""
    words = text.split()
    grams = [" ".join(words[i:i + 3]) for i in range(len(words) - 2)]
    return any(grams.count(g) >= 3 for g in set(grams))


def _clean(answer: str, output_label: str) -> str:
    text = answer.strip()
    if text.startswith(f"{output_label}:"):
        text = text[len(output_label) + 1:].strip()
    return text


@dataclass(slots=True)
class _Line:
    text: str = ""
    confidence: Confidence = Confidence.HIGH
    attempts: int = 0
    lost: int = 0
    reasons: list[str] = field(default_factory=list)


class Translator:
    """Translates plain text (and a status's fields) with a runner and a language detector."""

    def __init__(
        self,
        runner: TaskRunner,
        detector: Detector,
        model_name: str,
        *,
        variants: int = 2,
        split_sentences: bool = True,
    ) -> None:
        self.runner = runner
        self.detector = detector
        self.model_name = model_name
        self.variants = max(1, variants)
        self.split_sentences = split_sentences

    def translate(
        self,
        text: str,
        target: str = "en",
        *,
        source: str | None = None,
        tag: str | None = None,
        on_partial: PartialCallback | None = None,
    ) -> Translation:
        """Translate `text` into `target`. `source` forces the source language; otherwise it
        is decided from `tag` (the post's language) and the detector. `on_partial` receives
        the whole text shown so far each time a piece arrives (it may restart on a retry)."""
        with self.detector.loaded():
            return self._translate(text, target, source, tag, on_partial)

    def _translate(self, text: str, target: str, source: str | None, tag: str | None,
                   on_partial: PartialCallback | None) -> Translation:
        target = normalize_lang(target) or "en"
        src = normalize_lang(source) or decide_language(text, tag, self.detector).lang
        if src == target:
            return Translation(text, src, target, self.model_name, Confidence.HIGH, 0,
                               message=f"Already in {language_name(target)}.")
        masked = mask(text)
        done: list[str] = []
        lines: list[_Line] = []
        for segment in masked.segments:
            def show(partial: str, _done: list[str] = done) -> None:
                if on_partial is not None:
                    on_partial(masked.join([*_done, partial]))

            line = self._line(segment, src, target, show)
            lines.append(line)
            if line.confidence is Confidence.FAILED:
                return self._failed(src, target, lines, line.reasons)
            done.append(line.text)
            show(line.text)
        attempts = max((ln.attempts for ln in lines), default=0)
        lost = sum(ln.lost for ln in lines)
        low = [r for ln in lines if ln.confidence is Confidence.LOW for r in ln.reasons]
        confidence = Confidence.LOW if low or lost else Confidence.HIGH
        message = ""
        if lost:
            message = f"{lost} link(s) or mention(s) were moved to the end of a line."
        elif low:
            message = f"The translation may be incomplete ({', '.join(sorted(set(low)))})."
        return Translation(masked.join(done), src, target, self.model_name, confidence,
                           attempts, lost, message)

    def _failed(self, src: str, target: str, lines: list[_Line], reasons: list[str]) -> Translation:
        why = ", ".join(sorted(set(reasons))) or "no output"
        return Translation("", src, target, self.model_name, Confidence.FAILED,
                           max(ln.attempts for ln in lines), 0, f"{FAILED_MESSAGE} ({why})")

    def _line(
        self, segment: Segment, src: str, target: str, show: PartialCallback
    ) -> _Line:
        """Translate one masked line, sentence by sentence when `split_sentences`."""
        if not segment.translatable:
            return _Line(text=segment.original)
        result = _Line()
        parts = split_sentences(segment.body) if self.split_sentences else [segment.body]
        answers: list[str] = []
        for part in parts:
            joiner = "" if target in _CJK_LANGS else " "

            def show_part(partial: str, _done: list[str] = answers, _j: str = joiner) -> None:
                show(partial_restore(segment, _j.join([*_done, partial])))

            answer, confidence, attempts, reasons = self._sentence(part, src, target, show_part)
            result.attempts = max(result.attempts, attempts)
            result.reasons += reasons
            if confidence is Confidence.FAILED:
                result.confidence = Confidence.FAILED
                return result
            if confidence is Confidence.LOW:
                result.confidence = Confidence.LOW
            answers.append(answer)
        restored = restore(segment, joiner.join(answers))
        result.text, result.lost = restored.text, restored.lost
        if restored.lost:
            result.confidence = Confidence.LOW
        return result

    def _sentence(
        self, body: str, src: str, target: str, show: PartialCallback
    ) -> tuple[str, Confidence, int, list[str]]:
        """(answer, confidence, attempts, reasons) for one masked sentence."""
        if not any(ch.isalpha() for ch in re.sub(r"⟦\s*\d+\s*⟧", "", body)):
            return body, Confidence.HIGH, 0, []
        reasons: list[str] = []
        soft: list[str] = []
        for variant in range(self.variants):
            task = build_task(body, src, target, variant)
            pieces: list[str] = []
            for piece in self.runner(task, max_tokens=max_tokens_for(body, src), stop=("\n",)):
                pieces.append(piece)
                show("".join(pieces))
            answer = _clean("".join(pieces), task.output_label)
            verdict = check(body, answer, src, target, self.detector)
            if verdict.ok:
                return answer, Confidence.HIGH, variant + 1, reasons
            reasons.append(verdict.reason)
            if not verdict.hard:
                soft.append(answer)
        if soft:
            best = max(soft, key=lambda a: len(set(placeholders_in(a))))
            return best, Confidence.LOW, self.variants, reasons
        return "", Confidence.FAILED, self.variants, reasons


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)|(?<=[。！？])")


def split_sentences(body: str) -> list[str]:
    """Sentences of a line (the small model drops the second of two sentences otherwise)."""
    parts = [p.strip() for p in _SENTENCE_END.split(body)]
    merged: list[str] = []
    for part in parts:
        if not part:
            continue
        if merged and sum(ch.isalpha() for ch in part) < 3:
            merged[-1] = f"{merged[-1]} {part}"  # "!!", an emoji or a lone placeholder
        else:
            merged.append(part)
    return merged or [body]


def translate_status(
    status: Status,
    translator: Translator,
    target: str = "en",
    *,
    on_partial: PartialCallback | None = None,
) -> StatusTranslation:
    """Translate content, content warning, poll options and media alt text of a status.

    The source language is decided once from the content (and the post's tag) and used for
    every field, since short fields such as poll options are too short to detect alone.
    """
    shown = status.shown
    content_text = status_text(shown)
    probe = "\n".join([shown.spoiler_text, content_text])
    with translator.detector.loaded():
        source = decide_language(probe, shown.language, translator.detector).lang
        content = translator.translate(content_text, target, source=source,
                                       on_partial=on_partial)

        def field_(text: str) -> Translation:
            return translator.translate(text, target, source=source)

        spoiler = field_(shown.spoiler_text) if shown.spoiler_text.strip() else None
        options = tuple(field_(o.title) for o in shown.poll.options) if shown.poll else ()
        media = tuple((m.id, field_(m.description)) for m in shown.media if m.description)
    return StatusTranslation(content, spoiler, options, media)


def translate_many(
    translator: Translator, texts: Sequence[tuple[str, str | None]], target: str = "en"
) -> list[Translation]:
    """Translate (text, language tag) pairs in order (the CLI's batch mode)."""
    with translator.detector.loaded():
        return [translator.translate(text, target, tag=tag) for text, tag in texts]
