"""Translation as pure orchestration: detect -> mask -> few-shot task -> run -> guards -> restore.

The model is reached only through an injected `TaskRunner` (the composition root wraps
`fedtui.llm`), so this module runs the same against the embedded model, another backend or a
scripted fake. Each line is translated on its own with a completion-style few-shot prompt
(the embedded model is a base model). A result is checked before it is shown: it must not be
empty, must not echo the source, must be in the target language and of plausible length;
otherwise another prompt variant (different examples) is tried, and if every attempt fails
the result says so (`Confidence.FAILED`, no text) rather than show an echo as a translation.
Each answer gets a quality estimate (`fedtui.core.translation_quality`); one the cheap
signals are unsure of is checked by a second decode and a round trip (see `_sentence`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from fedtui.core.langdetect import (
    Detector,
    decide_language,
    language_name,
    normalize_lang,
)
from fedtui.core.masking import (
    Segment,
    has_words,
    mask,
    partial_restore,
    restore,
    split_sentences,
    without_placeholders,
)
from fedtui.core.model import Status
from fedtui.core.prompts import FewShotTask, clean_answer
from fedtui.core.render import status_text
from fedtui.core.translate_examples import (
    PLACEHOLDER_EXAMPLE,
    RETRY_ENGLISH,
    RETRY_EXAMPLES,
    TRANSLATION_EXAMPLES,
)
from fedtui.core.translation_guards import check
from fedtui.core.translation_quality import (
    Quality,
    agreement,
    assess,
    checked,
    chrf,
    combine,
    needs_checks,
    worth_a_second_decode,
)
from fedtui.core.translation_result import (
    FAILED_MESSAGE,
    Confidence,
    StatusTranslation,
    Translation,
)

PartialCallback = Callable[[str], None]
AGREED = 95.0
_WHY = {"echo": "it repeated the original", "empty": "it gave no answer",
        "wrong_language": "it answered in another language"}
_OTHER_LANGS = ("fr", "de", "es", "ja")  # the one example from another language, by variant
_CJK_LANGS = frozenset({"ja", "zh", "ko"})


class TaskRunner(Protocol):
    """Runs a few-shot task on a model and streams the answer piece by piece."""

    def __call__(
        self, task: FewShotTask, *, max_tokens: int, stop: tuple[str, ...],
        logprobs: list[float] | None = None, guide: str = "",
    ) -> Iterable[str]:
        """`logprobs`, when given, receives each generated token's log-probability (a
        backend that cannot tell leaves it empty); `guide` is text the answer may largely
        repeat, which a backend may use to go faster (`GenerationParams.guide`)."""
        ...


def build_task(body: str, source: str, target: str, variant: int = 0) -> FewShotTask:
    """The few-shot task translating one masked line; `variant` picks other examples.

    Variant 1 (the retry of an unsure answer) adds an example keeping a negation and a
    number after the usual ones, so the model reuses the prompt it has already read."""
    if target == "en" and source in RETRY_EXAMPLES and variant >= 1:
        if variant == 1:
            first = _task(body, source, target, 0)
            examples = (*first.examples, (RETRY_EXAMPLES[source], RETRY_ENGLISH))
            return FewShotTask(first.instruction, examples, first.query, first.input_label,
                               first.output_label)
        variant -= 1
    return _task(body, source, target, variant)


def _task(body: str, source: str, target: str, variant: int) -> FewShotTask:
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


@dataclass(slots=True)
class _Line:
    text: str = ""
    confidence: Confidence = Confidence.HIGH
    attempts: int = 0
    lost: int = 0
    reasons: list[str] = field(default_factory=list)
    qualities: list[tuple[Quality, int]] = field(default_factory=list)


class Translator:
    """Translates plain text (and a status's fields) with a runner and a language detector."""

    def __init__(
        self,
        runner: TaskRunner,
        detector: Detector,
        model_name: str,
        *,
        variants: int = 3,
        split_sentences: bool = True,
        checks: bool = True,
    ) -> None:
        self.runner = runner
        self.detector = detector
        self.model_name = model_name
        self.variants = max(1, variants)
        self.split_sentences = split_sentences
        # The expensive signals (round trip, second decode) for an answer the cheap ones
        # are unsure of; False: a second decode only for a failed check (for comparisons).
        self.checks = checks

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
        quality = combine([q for ln in lines for q in ln.qualities])
        confidence = Confidence.HIGH if quality.confident and not lost else Confidence.LOW
        message = ""
        if quality.flags:
            message = f"May be wrong: {'; '.join(quality.flags)}."
        elif confidence is Confidence.LOW and not lost:
            message = "May be wrong: the model was unsure."
        if lost:
            message = " ".join(
                [message, f"{lost} link(s) or mention(s) were moved to the end of a line."]
            ).strip()
        return Translation(masked.join(done), src, target, self.model_name, confidence,
                           attempts, lost, message, quality.estimate)

    def _failed(self, src: str, target: str, lines: list[_Line], reasons: list[str]) -> Translation:
        why = ", ".join(sorted({_WHY.get(r, r) for r in reasons})) or "no output"
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
        repeated: list[str] = []  # the reasons of sentences kept as they are
        for part in parts:
            joiner = "" if target in _CJK_LANGS else " "

            def show_part(partial: str, _done: list[str] = answers, _j: str = joiner) -> None:
                show(partial_restore(segment, _j.join([*_done, partial])))

            answer, quality, attempts, reasons = self._sentence(part, src, target, show_part)
            result.attempts = max(result.attempts, attempts)
            if quality is None and _same_in_both(part, reasons, len(parts)):
                answers.append(part)  # "Miracle.", "Bravo !": the word is the same in both
                repeated += reasons
                continue
            result.reasons += reasons
            if quality is None:
                result.confidence = Confidence.FAILED
                return result
            result.qualities.append((quality, len(part)))
            answers.append(answer)
        if repeated and not result.qualities:  # no sentence translated: an echo after all
            result.reasons += repeated
            result.confidence = Confidence.FAILED
            return result
        restored = restore(segment, joiner.join(answers))
        result.text, result.lost = restored.text, restored.lost
        if restored.lost:
            result.confidence = Confidence.LOW
        return result

    def _sentence(
        self, body: str, src: str, target: str, show: PartialCallback
    ) -> tuple[str, Quality | None, int, list[str]]:
        """(answer, quality or None when it failed, attempts, reasons) for one sentence.

        The first answer is kept when the cheap signals are sure of it, or sure it is
        doubtful. Otherwise (a failed check, or `worth_a_second_decode`) a second decode
        with other examples is made; the two answers' agreement, and for an unsure one its
        round trip, can lower their estimates; the better answer is kept. Only the first
        answer streams: a later one replaces it when it is done, if it is better. A third
        prompt is tried only after hard failures (an echo, nothing)."""
        if not has_words(body):
            return body, Quality(1.0), 0, []
        reasons: list[str] = []
        found: list[tuple[str, Quality]] = []
        attempts = 0
        for variant in range(self.variants):
            if len(found) >= 2:
                break
            attempts = variant + 1
            answer, logprobs = self.decode(body, src, target, variant, None if found else show,
                                           guide=found[0][0] if found else "")
            verdict = check(body, answer, src, target, self.detector)
            if verdict.hard:
                reasons.append(verdict.reason)
                continue
            quality = assess(body, answer, src, target, logprobs)
            if not verdict.ok:
                reasons.append(verdict.reason)
                quality = Quality(quality.estimate, (*quality.flags, "implausible length"),
                                  quality.mean_logprob)
            found.append((answer, quality))
            if not quality.flags and not (self.checks and worth_a_second_decode(quality)):
                break
        if not found:
            return "", None, attempts, reasons
        if len(found) == 2:
            found = self._checked(found, body, src, target)
        best = max(found, key=_preference)
        return best[0], best[1], attempts, reasons

    def _checked(self, found: list[tuple[str, Quality]], body: str, src: str,
                 target: str) -> list[tuple[str, Quality]]:
        """Both answers with their estimates after the expensive signals, checking the
        preferred answer first: the checks only lower an estimate, so when it still wins
        against the other's cheap estimate, the other's checks (a round trip) would change
        nothing and are skipped."""
        agree = agreement(found[0][0], found[1][0])
        result = list(found)
        for index in sorted(range(len(found)), key=lambda i: _preference(found[i]),
                            reverse=True):
            answer, quality = found[index]
            result[index] = answer, checked(
                quality, self._round_trip(answer, quality, agree, body, src, target), agree)
            if max(result, key=_preference) is result[index]:
                break
        return result

    def _round_trip(self, answer: str, quality: Quality, agree: float, body: str, src: str,
                    target: str) -> float | None:
        """The round trip of an answer the cheap signals are unsure of (else None). Two
        decodes that agree (chrF >= AGREED) skip it: it would lower the estimate only under
        a chrF of 7, and on the calibration half such answers' round trips were all over 30
        (4 of its 11 unsure answers)."""
        if not (self.checks and needs_checks(quality)) or agree >= AGREED:
            return None
        return self.round_trip(answer, body, src, target)

    def decode(self, body: str, src: str, target: str, variant: int = 0,
               show: PartialCallback | None = None, guide: str = "") -> tuple[str, list[float]]:
        """One greedy decode of `body` with prompt `variant`: (answer, token log-probs).
        `guide`: an earlier answer, which a second decode mostly repeats."""
        task = build_task(body, src, target, variant)
        pieces: list[str] = []
        logprobs: list[float] = []
        for piece in self.runner(task, max_tokens=max_tokens_for(body, src), stop=("\n",),
                                 logprobs=logprobs, guide=guide):
            pieces.append(piece)
            if show is not None:
                show("".join(pieces))
        return clean_answer("".join(pieces), task), logprobs

    def round_trip(self, answer: str, body: str, src: str, target: str) -> float | None:
        """chrF (0-100) of `answer` translated back into `src` against `body`; None when
        there are no examples to translate back with (a target other than English)."""
        task = round_trip_task(answer, src, target)
        if task is None:
            return None
        back = "".join(self.runner(task, max_tokens=max_tokens_for(body, src), stop=("\n",),
                                   guide=body))
        return chrf(without_placeholders(clean_answer(back, task)),
                    without_placeholders(body))


def _same_in_both(sentence: str, reasons: list[str], sentences: int) -> bool:
    """One or two words every answer repeated, among other sentences: a word both languages
    share ("Miracle.", "Bravo !"), kept as it is (alone, it is an echo: a failure)."""
    return sentences > 1 and len(sentence.split()) <= 2 and set(reasons) == {"echo"}


def _preference(found: tuple[str, Quality]) -> tuple[bool, float]:
    """Which of two answers is kept: one without a failed check, then the higher estimate."""
    return not found[1].flags, found[1].estimate


def round_trip_task(answer: str, src: str, target: str) -> FewShotTask | None:
    """`answer` back into `src` with that language's examples the other way; None when there
    are none (a target other than English). Measured against reusing the first decode's
    prompt (cached, faster): that one told adequate from inadequate far worse."""
    if target != "en" or src not in TRANSLATION_EXAMPLES:
        return None
    return build_task(answer, target, src)


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
