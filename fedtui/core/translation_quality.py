"""How far a translation can be trusted, from signals computed on the device (pure logic).

Cheap signals, always computed: the model's token log-probabilities, and consistency checks
between source and output: every number of the source is in the output and none is added;
a negation and a question of the source survive; names written in Latin letters survive;
the output has a plausible length and the target's script. A failed check (a "flag") keeps
the translation from being shown as confident, whatever the model's probabilities say.

`assess` combines them into an estimate in [0, 1]; `CONFIDENT` (shown without a warning) was
chosen on benchmarks/data/mt_calib.jsonl, see benchmarks/README.md ("Translation confidence").
The expensive signal, a second decode's agreement, is computed only for a flagged answer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from fedtui.core.langdetect import dominant_script

# Calibrated on the even lines of mt_calib.jsonl: the lowest estimate at which the confident
# outputs stay >= 95 % adequate even counting one more failure, good / (shown + 1) >= 0.95.
CONFIDENT = 0.55
# A second decode for an answer the checks did not flag but the model was unsure of (its
# estimate below this) was measured and not kept: it doubled the time of most posts and
# lowered the share of confident outputs with no gain in chrF. 0: only a flagged answer
# (a number, a negation, a question or a name lost) gets a second decode.
UNSURE = 0.0
_CJK = frozenset({"ja", "zh", "ko"})
# Output characters per source character, from the references of the tuning set.
_LENGTH_RATIO = {"ja": 2.8, "zh": 3.9, "ko": 2.3, "ar": 1.6, "fa": 1.6, "ru": 1.1, "uk": 1.15,
                 "id": 1.15, "tr": 1.1, "de": 1.08, "it": 1.08}
_DIGITS = re.compile(r"\d+")
_PLACEHOLDER = re.compile(r"⟦\s*\d+\s*⟧")  # a masked link or mention (fedtui.core.masking)
_QUESTION = ("?", "？", "؟")
_NEGATION = {
    "de": r"\b(nicht|kein\w*|nie|niemals|nichts|niemand|ohne)\b",
    "fr": r"\b(ne|n'|pas|jamais|rien|aucun\w*|sans)\b|\bn'",
    "es": r"\b(no|nunca|nada|nadie|ningun\w*|ningún|sin|tampoco)\b",
    "pt": r"\b(não|nunca|nada|ninguém|nenhum\w*|sem)\b",
    "it": r"\b(non|mai|niente|nulla|nessun\w*|senza)\b",
    "nl": r"\b(niet|geen|nooit|niets|niemand|zonder)\b",
    "pl": r"\b(nie|nigdy|nic|nikt|żaden|bez)\b",
    "ru": r"(?<!\w)(не|нет|никогда|ничего|никто|без|ни)(?!\w)",
    "uk": r"(?<!\w)(не|немає|ніколи|нічого|ніхто|без|ні)(?!\w)",
    "tr": r"\b(değil|yok|hiç|asla)\b|\w+m[ae]d[ıi]\w*|\w+m[ae](yacak|yecek|z)\b",
    "ar": r"(?<!\w)(لا|لم|لن|ليس|ليست|بدون|غير)(?!\w)",
    "fa": r"(?<!\w)(نه|نیست|هیچ|بدون)(?!\w)|(?<!\w)نمی",
    "ja": r"ない|ません|なかった|ず[にの]",
    "zh": r"[不没沒无無别別未]",
    "ko": r"않|안 |못|없",
    "id": r"\b(tidak|tak|bukan|belum|jangan|tanpa)\b",
    "vi": r"\b(không|chưa|chẳng|đừng|chả)\b(?!\s*[?？]?\s*$)",
}
_ENGLISH_NEGATION = re.compile(
    r"\b(not|no|never|nothing|nobody|none|neither|nor|without|cannot|no one)\b|n't\b",
    re.IGNORECASE)
_NAME = re.compile(r"(?<=[\w,;:] )[A-Z][\w'-]+")


@dataclass(frozen=True, slots=True)
class Quality:
    """The estimate in [0, 1] and the checks that failed (empty when none)."""

    estimate: float
    flags: tuple[str, ...] = ()
    mean_logprob: float | None = None

    @property
    def confident(self) -> bool:
        return self.estimate >= CONFIDENT and not self.flags


def numbers(text: str) -> set[int]:
    """The numbers written in digits (any script's digits; "1.200" gives 1 and 200)."""
    ascii_text = "".join(str(int(ch)) if ch.isdigit() else " " for ch in text)
    return {int(m) for m in _DIGITS.findall(ascii_text)}


def missing_numbers(source: str, output: str) -> set[int]:
    return numbers(source) - numbers(output)


def added_numbers(source: str, output: str) -> set[int]:
    return numbers(output) - numbers(source)


def has_negation(text: str, lang: str) -> bool:
    pattern = _ENGLISH_NEGATION.pattern if lang == "en" else _NEGATION.get(lang)
    return bool(pattern and re.search(pattern, text, re.IGNORECASE))


def lost_negation(source: str, output: str, source_lang: str, target: str) -> bool:
    """The source says "not" (in its language) and the English output does not."""
    return (target == "en" and has_negation(source, source_lang)
            and not has_negation(output, "en"))


def lost_question(source: str, output: str) -> bool:
    return source.rstrip().endswith(_QUESTION) and not any(q in output for q in _QUESTION)


def lost_names(source: str, output: str, source_lang: str) -> list[str]:
    """Capitalised words inside a Latin-script sentence (not German, which capitalises every
    noun) that the output lacks, compared by their first four letters ("Milano", "Milan")."""
    if source_lang in ("de", "en") or dominant_script(source) != "LATIN":
        return []
    out = output.casefold()
    return [name for name in _NAME.findall(source) if name[:4].casefold() not in out]


def length_ratio(source: str, output: str, source_lang: str) -> float:
    """Output length over the length expected for this source (1.0: as expected)."""
    src = len(source.strip()) or 1
    return len(output.strip()) / (src * _LENGTH_RATIO.get(source_lang, 1.0))


def wrong_script(output: str, target: str) -> bool:
    script = dominant_script(output)
    return target not in _CJK and script not in (None, "LATIN")


def mean_logprob(logprobs: Sequence[float]) -> float | None:
    return sum(logprobs) / len(logprobs) if logprobs else None


def assess(source: str, output: str, source_lang: str, target: str,
           logprobs: Sequence[float] = ()) -> Quality:
    """The cheap estimate: consistency flags and the model's mean token probability."""
    source, output = _PLACEHOLDER.sub(" ", source), _PLACEHOLDER.sub(" ", output)
    flags: list[str] = []
    if added_numbers(source, output):
        flags.append("a number not in the original")
    if missing_numbers(source, output):
        flags.append("a number of the original is missing")
    if lost_negation(source, output, source_lang, target):
        flags.append("a negation is missing")
    if lost_question(source, output):
        flags.append("the question became a statement")
    if lost_names(source, output, source_lang):
        flags.append("a name is missing")
    if wrong_script(output, target):
        flags.append("wrong script")
    ratio = length_ratio(source, output, source_lang)
    if len(source) >= 12 and not 0.45 <= ratio <= 2.2:
        flags.append("implausible length")
    mean = mean_logprob(logprobs)
    # Without log-probabilities (a remote model) only the checks speak.
    estimate = math.exp(mean) if mean is not None else 0.7
    if len(source) >= 12 and not 0.6 <= ratio <= 1.7:
        estimate *= 0.85
    if flags:
        estimate = min(estimate, CONFIDENT * 0.9) * (0.8 ** (len(flags) - 1))
    return Quality(round(estimate, 3), tuple(flags), mean)


def agreement(first: str, second: str) -> float:
    """How alike two decodes are: character 3-gram overlap (Dice) in [0, 1]."""
    def grams(text: str) -> set[str]:
        flat = " ".join(text.casefold().split())
        return {flat[i:i + 3] for i in range(max(1, len(flat) - 2))}

    a, b = grams(first), grams(second)
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def with_agreement(quality: Quality, agree: float) -> Quality:
    """The estimate after a second decode: two decodes that disagree lower it."""
    estimate = quality.estimate * (0.6 + 0.4 * agree)
    return Quality(round(estimate, 3), quality.flags, quality.mean_logprob)


def combine(parts: Sequence[tuple[Quality, int]]) -> Quality:
    """A post's quality from its sentences' (quality, length): a post is as trustworthy as
    its weakest sentence (sentences under 10 characters, "Nein." or "Six!", count only
    when there is nothing longer); every sentence's flags are kept."""
    if not parts:
        return Quality(1.0)
    longer = [q.estimate for q, length in parts if length >= 10]
    weakest = min(longer or [q.estimate for q, _ in parts])
    flags = tuple(dict.fromkeys(f for q, _ in parts for f in q.flags))
    return Quality(round(weakest, 3), flags)
