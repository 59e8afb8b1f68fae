"""The guards a model's answer passes before it is shown: not empty, not an echo of the
source, in the target language, of plausible length, not looping (pure logic)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from fedtui.core.langdetect import Detector, dominant_script

_CJK_LANGS = frozenset({"ja", "zh", "ko"})
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    reason: str = ""  # "empty", "echo", "wrong_language", "length"
    hard: bool = False  # a hard failure is never shown; a soft one may be, as low confidence


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
    if out == src:
        return Verdict(False, "echo", hard=True)
    # Names and words both languages share make a translation look like its source; that
    # is asked (a detection) only of an answer that looks like it, at most once.
    def keeps_names() -> bool:
        return _more_english(src, out, target) or _changed_into(src, out, target, detector)

    similar = len(src) >= 12 and similarity(source_text, output) >= 0.75
    if similar and not keeps_names():
        return Verdict(False, "echo", hard=True)
    want_script = "LATIN" if target not in _CJK_LANGS else None
    script = dominant_script(out)
    if want_script and script not in (None, want_script) and script == dominant_script(src):
        return Verdict(False, "echo", hard=True)  # e.g. Cyrillic out for Cyrillic in
    if letters >= 12:
        found = detector.detect(out)
        if found.lang == source and found.lang != target and found.confidence >= 0.6:
            if not (similar or keeps_names()):  # similar: it keeps names (asked above)
                return Verdict(False, "echo", hard=True)  # source-language paraphrase
        elif found.lang != target and found.confidence >= 0.8:
            return Verdict(False, "wrong_language", hard=True)
    if len(src) >= 12:
        ratio = len(out) / len(src)
        low, high = (0.6, 10.0) if source in _CJK_LANGS else (0.33, 3.0)
        if not low <= ratio <= high:
            return Verdict(False, "length")
    if _repetitive(out):
        return Verdict(False, "length")
    return Verdict(True)


_ENGLISH_WORDS = frozenset([
    "the", "a", "an", "is", "are", "was", "were", "to", "of", "and", "in", "on", "at", "for",
    "it", "i", "you", "we", "they", "this", "that", "with", "not", "no", "my", "our", "your",
    "will", "be", "has", "have"])


def _more_english(src: str, out: str, target: str) -> bool:
    """An English output that keeps the source's names ("The protest begins at 18h place de
    la République") reads like the source but has English words the source lacks."""
    def count(text: str) -> int:
        return sum(word.strip(".,!?;:") in _ENGLISH_WORDS for word in text.split())

    return target == "en" and count(out) - count(src) >= 2


_LETTERS = re.compile(r"[^\W\d_]+")


def _changed_into(src: str, out: str, target: str, detector: Detector) -> bool:
    """The words an output has that its source lacks are the target's, and a third of it
    at least: "Tonight cinema all'open air in piazza Maggiore." for "Stasera cinema
    all'aperto in piazza Maggiore." (the detector reads the whole as Italian)."""
    seen = set(_LETTERS.findall(src))
    words = _LETTERS.findall(out)
    new = [word for word in words if word not in seen]
    if len(new) < 2 or 3 * len(new) < len(words):
        return False
    found = detector.detect(" ".join(new))
    return found.lang == target and found.confidence >= 0.5


def _repetitive(text: str) -> bool:
    """A phrase of 3+ words that comes back three times: the model is looping."""
    words = text.split()
    grams = [" ".join(words[i:i + 3]) for i in range(len(words) - 2)]
    return any(grams.count(g) >= 3 for g in set(grams))
