"""How far a translation can be trusted, from signals computed on the device (pure logic).

Cheap signals, always computed: the model's token log-probabilities, and consistency checks
between source and output: every number of the source is in the output and none is added
(digits, and the number words both languages have: "vinte" is 20, "a hundred" 100);
a negation and a question of the source survive; names written in Latin letters survive;
no part of the day, weekday or month is added, and no weekday or month is lost;
the output has a plausible length and the target's script. A failed check (a "flag") keeps
the translation from being shown as confident, whatever the model's probabilities say.

Expensive signals, computed only when the cheap ones are unsure (an answer they would show
as confident, but with an estimate under `SURE`): the round trip (the output translated
back into the source language, chrF against the source) and a second decode with other
examples (its agreement with the first, chrF). `checked` joins them with the cheap estimate
and can only lower it. A little under the confident line (`RETRY`) an answer gets the second
decode too, as another try: the better is kept. All was measured and chosen on
benchmarks/data/mt_calib.jsonl and mt_recal.jsonl, see benchmarks/README.md ("Translation
confidence").
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fedtui.core import calendar_words
from fedtui.core.faithful import NUMBER_WORDS
from fedtui.core.langdetect import dominant_script
from fedtui.core.lexicon import lexicon
from fedtui.core.masking import without_placeholders

# Chosen with benchmarks/mt_signals.py. CONFIDENT: the cheap estimate from which an answer
# is shown without a warning, the lowest at which the confident outputs are >= 95 %
# adequate with 90 % confidence (the Wilson interval's lower end), on every line of
# mt_calib, mt_recal, mt_fresh and mt_heldout (347 posts: 153 of 157 adequate, with
# `RETRY`). On the first two alone the same rule gave 0.62 on one machine and 0.665 on
# another (llama.cpp's kernels differ by CPU, and so do some outputs). SURE and CHECKED
# were chosen on mt_calib's even lines: between CONFIDENT and SURE (the median cheap
# estimate there) the expensive signals decide; they can only lower the estimate.
# CHECKED: the joined signal that splits adequate from inadequate outputs there with the
# widest margin (0.30 to 0.36).
CONFIDENT = 0.655
SURE = 0.68
# From RETRY (under CONFIDENT) an answer without a failed check gets a second decode too: the
# better answer is kept. 0.59 was CONFIDENT's value until it rose to 0.62, then 0.655: the
# answers between keep the second decode they had, so raising the line changed labels, not
# translations (without it one Turkish post of mt_dev lost its better second answer, chrF
# 62 -> 21).
RETRY = 0.59
CHECKED = 0.33
_CJK = frozenset({"ja", "zh", "ko"})
# Output characters per source character, from the references of the tuning set.
_LENGTH_RATIO = {"ja": 2.8, "zh": 3.9, "ko": 2.3, "ar": 1.6, "fa": 1.6, "ru": 1.1, "uk": 1.15,
                 "id": 1.15, "tr": 1.1, "de": 1.08, "it": 1.08}
_GROUPED = re.compile(r"\d{1,3}(?:[,.\u00a0\u202f]\d{3})+(?!\d)|\d+")
_GROUP_MARK = re.compile(r"\D")
_ZERO_MINUTES = re.compile(r"(?<=\d)[:h.]00(?!\d)")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")  # "twenty-five" and "п'ять" are one word each
_NO_NUMBER_WORDS = frozenset({"vi"})
#: English number words that answer one number only: not "one" (also the article), nor
#: "once", "twice" or "half" (which answer several words of a source).
_ENGLISH_NUMBERS = {word: int(number) for word, number in NUMBER_WORDS.items()
                    if word not in ("one", "once", "twice", "half")}
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
# "Than ever" says "never" in some languages ("más que nunca", "plus que jamais", "сейчас
# как никогда"): after a comparative, or in Russian's and Ukrainian's set phrase, it is no
# negation ("dijo que nunca vendría" still is one).
_COMPARED = r"[^.,;:!?]{0,30}?"
_THAN_EVER = {
    "es": rf"\b(?:más|menos|mejor|peor|mayor|menor)\b{_COMPARED}\bque nunca\b",
    "pt": rf"\b(?:mais|menos|melhor|pior|maior|menor)\b{_COMPARED}\bque nunca\b",
    "fr": rf"\b(?:plus|moins|mieux|pire)\b{_COMPARED}\bque jamais\b",
    "it": rf"\b(?:più|meno|meglio|peggio)\b{_COMPARED}\b(?:che|di) mai\b",
    "ru": r"(?<!\w)как никогда(?!\w)",
    "uk": r"(?<!\w)як ніколи(?!\w)",
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


def numbers(text: str, words: Mapping[str, int] | None = None) -> set[int]:
    """The numbers of `text`: written in digits (any script's; thousands grouped by a
    comma or point are one number: "1.200" and "1,200" are 1200; an hour's zero minutes are
    none: "12:00" is 12), and its `words`."""
    digits = "".join(str(int(ch)) if ch.isdecimal() else ch for ch in text)
    digits = _ZERO_MINUTES.sub("", digits)  # "12:00" is the "12h" it translates
    found = {int(_GROUP_MARK.sub("", m)) for m in _GROUPED.findall(digits)}
    if words:
        found |= {words[w] for w in _WORD.findall(text.casefold()) if w in words}
    return found


@functools.lru_cache(maxsize=32)
def counting_words(lang: str) -> dict[str, int]:
    """Words of `lang` that each name one number: English's own list; for others the words
    `num2words` spells (`fedtui.core.lexicon`) but those the language's stopword list holds
    (Persian "نه" is 9 and "no", Turkish "on" 10 and "on"); none where words are not split
    by spaces (Korean "구" is 9 and in "친구", friend) or are single syllables of many
    meanings (Vietnamese "chín" is 9 and "ripe"). Never 1: it is also the article ("un",
    "ein", "bir")."""
    lex = lexicon(lang)  # by its base code: "pt-BR" is "pt"
    if lex.lang == "en":
        return _ENGLISH_NUMBERS
    if lex.by_character or lex.lang in _NO_NUMBER_WORDS:
        return {}
    return {word: int(number) for word, number in lex.number_words.items()
            if number != "1" and word not in lex.stopwords}


@functools.lru_cache(maxsize=64)
def compared_words(source_lang: str, target: str) -> tuple[dict[str, int], dict[str, int]]:
    """The number words checked in a source and in its translation: those of the numbers
    both languages have words for (Spanish "dos" is not checked, so "two" in the output
    is not a number the source lacks)."""
    source, output = counting_words(source_lang), counting_words(target)
    both = set(source.values()) & set(output.values())
    return ({w: n for w, n in source.items() if n in both},
            {w: n for w, n in output.items() if n in both})


def _both_numbers(source: str, output: str, source_lang: str | None,
                  target: str | None) -> tuple[set[int], set[int]]:
    words = compared_words(source_lang, target) if source_lang and target else ({}, {})
    return numbers(source, words[0]), numbers(output, words[1])


def missing_numbers(source: str, output: str, source_lang: str | None = None,
                    target: str | None = None) -> set[int]:
    """Numbers of the source the output lacks (with both languages, their number words
    count too)."""
    said, kept = _both_numbers(source, output, source_lang, target)
    return said - kept


def added_numbers(source: str, output: str, source_lang: str | None = None,
                  target: str | None = None) -> set[int]:
    """Numbers of the output the source lacks (with both languages, their number words
    count too)."""
    said, kept = _both_numbers(source, output, source_lang, target)
    return kept - said


def has_negation(text: str, lang: str) -> bool:
    pattern = _ENGLISH_NEGATION.pattern if lang == "en" else _NEGATION.get(lang)
    if lang in _THAN_EVER:
        text = re.sub(_THAN_EVER[lang], " ", text, flags=re.IGNORECASE)
    return bool(pattern and re.search(pattern, text, re.IGNORECASE))


def lost_negation(source: str, output: str, source_lang: str, target: str) -> bool:
    """The source says "not" (in its language) and the English output does not."""
    return (target == "en" and has_negation(source, source_lang)
            and not has_negation(output, "en"))


def lost_question(source: str, output: str) -> bool:
    return source.rstrip().endswith(_QUESTION) and not any(q in output for q in _QUESTION)


def lost_names(source: str, output: str, source_lang: str) -> list[str]:
    """Capitalised words inside a Latin-script sentence (not German, which capitalises every
    noun) that the output lacks, compared by their first four letters ("Milano", "Milan").
    Weekdays and months some languages capitalise ("hari Minggu") are not names: the
    calendar check compares them."""
    if source_lang in ("de", "en") or dominant_script(source) != "LATIN":
        return []
    out = output.casefold()
    calendar = calendar_words.calendar_words(source_lang)
    return [name for name in _NAME.findall(source) if name[:4].casefold() not in out
            and not (calendar is not None and calendar.found(name))]


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
    source, output = without_placeholders(source, " "), without_placeholders(output, " ")
    flags: list[str] = []
    said, kept = _both_numbers(source, output, source_lang, target)
    if kept - said:
        flags.append("a number not in the original")
    if said - kept:
        flags.append("a number of the original is missing")
    if lost_negation(source, output, source_lang, target):
        flags.append("a negation is missing")
    if lost_question(source, output):
        flags.append("the question became a statement")
    if lost_names(source, output, source_lang):
        flags.append("a name is missing")
    calendar = calendar_words.compare(source, output, source_lang, target)
    if calendar.added:
        flags.append("a time or date not in the original")
    if calendar.dropped:
        flags.append("a day or month of the original is missing")
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


def chrf(hypothesis: str, reference: str) -> float:
    """chrF in [0, 100] (character 1- to 6-grams, spaces ignored, recall weighted by beta 2),
    computed as sacrebleu does; written here because sacrebleu is a test dependency that
    takes 0.25 s to import."""
    hyp, ref = "".join(hypothesis.split()), "".join(reference.split())
    total, orders = 0.0, 0
    for n in range(1, 7):
        h = Counter(hyp[i:i + n] for i in range(len(hyp) - n + 1))
        r = Counter(ref[i:i + n] for i in range(len(ref) - n + 1))
        if not h or not r:
            continue
        orders += 1
        match = sum((h & r).values())
        precision, recall = match / sum(h.values()), match / sum(r.values())
        if precision + recall:
            total += 5 * precision * recall / (4 * precision + recall)
    return 100 * total / orders if orders else 0.0


def agreement(first: str, second: str) -> float:
    """How alike two decodes are: chrF (0-100) taken both ways and averaged."""
    return (chrf(first, second) + chrf(second, first)) / 2


def checked(quality: Quality, round_trip: float | None, agree: float | None) -> Quality:
    """The estimate once the expensive signals are in: their geometric mean with the cheap
    estimate (chrF / 100 for the round trip and the agreement) must reach `CHECKED`, or the
    estimate falls under `CONFIDENT` in proportion. They never raise it."""
    parts = [quality.estimate, *(s / 100 for s in (round_trip, agree) if s is not None)]
    joined = math.prod(parts) ** (1 / len(parts))
    if len(parts) == 1 or joined >= CHECKED:
        return quality
    estimate = min(quality.estimate, CONFIDENT * joined / CHECKED)
    return Quality(round(estimate, 3), quality.flags, quality.mean_logprob)


def worth_a_second_decode(quality: Quality) -> bool:
    """An answer without a failed check that is not sure (`RETRY` to `SURE`): another
    decode may be better (an answer with a failed check always gets one)."""
    return not quality.flags and RETRY <= quality.estimate < SURE


def needs_checks(quality: Quality) -> bool:
    """The cheap signals are unsure: confident by them, but below `SURE` (the part of
    `worth_a_second_decode` from `CONFIDENT` on)."""
    return worth_a_second_decode(quality) and quality.estimate >= CONFIDENT


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
