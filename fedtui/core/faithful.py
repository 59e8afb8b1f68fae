"""The faithfulness check: may a model's phrasing of a summary point replace the quote?

A phrased point is kept only when it adds nothing and loses nothing that matters: every
content word comes from the cited posts (a handful of reporting verbs aside), every number
is in the sources and every number, name, date and negation of the quoted sentence is
still there. Words are compared on a light stem (`answers` = `answer`), names and dates as
written, numbers as digits (`three` = `3`). Pure: no model, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[@#]?\w+(?:['’]\w+)*(?:@[\w.-]+)?|\d+(?:[.,:/]\d+)+")
_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:;]\s+|\n)\s*[\"'“‘(]*([^\s\"'“‘(]+)")


def _listed(text: str) -> list[str]:
    return text.split()


STOPWORDS = frozenset(_listed("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just let me more most my myself of off on once only or other our ours ourselves
out over own same she should so some such than that the their theirs them themselves then
there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves us yes ok okay
oh well really just still even much many lot lots get got go going gonna think thing things
one's it's i'm i've i'd i'll you're we're they're that's there's what's let's
anyone anybody everyone everybody someone somebody else anything something everything
"""))

NEGATIONS = frozenset(_listed("""
not no never none nobody nothing neither nor cannot without nowhere won't don't doesn't
didn't isn't aren't wasn't weren't can't couldn't shouldn't wouldn't haven't hasn't hadn't
mustn't ain't nein nicht kein keine jamais pas non
"""))

#: Words a phrasing may use that no post says: who said what, not what was said.
REPORTING = frozenset(_listed("""
says say said asks ask asked agrees agree replies reply replied suggests suggest notes note
thinks think wants want adds add answers answer answered explains explain mentions mention
points point proposes propose confirms confirm warns warn shares share reports report
question author post posts thread others someone people
"""))

MONTHS = _listed("january february march april may june july august september october november "
          "december jan feb mar apr jun jul aug sep sept oct nov dec")
DAYS = _listed("monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday "
        "tonight weekend")
DATE_WORDS = frozenset(MONTHS + DAYS)
NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    _listed("zero one two three four five six seven eight nine ten eleven twelve"))}
NUMBER_WORDS.update({"twenty": "20", "thirty": "30", "fifty": "50", "hundred": "100",
                     "thousand": "1000", "million": "1000000", "half": "0.5", "once": "1",
                     "twice": "2", "dozen": "12"})


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    reason: str = ""  # what failed: "empty", "added: x", "lost number: 3", "negation"...


def words(text: str) -> list[str]:
    """The words of `text`, @handles and #tags included, lower case."""
    return [w.casefold().replace("’", "'") for w in _WORD.findall(text)]


def stem(word: str) -> str:
    """A light English stem: enough that `answers`, `answered` and `answer` meet."""
    word = word.strip("'").removesuffix("'s")
    for suffix in ("ingly", "edly", "ing", "ied", "ies", "ed", "es", "ly", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
    return word


def _is_content(word: str) -> bool:
    return (word not in STOPWORDS and word not in NEGATIONS and word not in NUMBER_WORDS
            and not _NUMBER.fullmatch(word) and (len(word) > 2 or not word.isascii()))


def content_stems(text: str) -> set[str]:
    """The stems of the words that carry meaning (no stopwords, negations or numbers)."""
    return {stem(w) for w in words(text) if _is_content(w)}


def numbers(text: str) -> set[str]:
    """Every number of `text` as written in digits (`three` and `3` are the same)."""
    found = {m.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", m) else m
             for m in _NUMBER.findall(text)}
    found |= {NUMBER_WORDS[w] for w in words(text) if w in NUMBER_WORDS}
    return found


def names(text: str) -> set[str]:
    """Names and dates: @handles, #tags, capitalised words not at a sentence's start, and
    month and weekday words; lower case."""
    starts = {m.group(1) for m in _SENTENCE_START.finditer(text)}
    found: set[str] = set()
    for raw in _WORD.findall(text):
        word = raw.casefold().replace("’", "'")
        capitalised = (raw[0].isupper() and raw not in starts and word not in STOPWORDS
                       and word not in NEGATIONS and len(word) > 1)
        if word[0] in "@#" or word in DATE_WORDS or capitalised:
            found.add(word)
    return found


def has_negation(text: str) -> bool:
    return any(w in NEGATIONS or w.endswith("n't") for w in words(text))


def overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard similarity of two sets of stems (0 when both are empty)."""
    first, second = set(a), set(b)
    union = first | second
    return len(first & second) / len(union) if union else 0.0


def check(candidate: str, quoted: str, cited: Sequence[str]) -> Verdict:
    """May `candidate` stand for `quoted` (the sentence the point quotes), given the texts
    of the posts it cites?"""
    if sum(ch.isalnum() for ch in candidate) < 3:
        return Verdict(False, "empty")
    pool_text = "\n".join([quoted, *cited])
    pool = content_stems(pool_text)
    added = sorted(w for w in {w for w in words(candidate) if _is_content(w)}
                   if stem(w) not in pool and w not in REPORTING and stem(w) not in REPORTING)
    if added:
        return Verdict(False, "added: " + ", ".join(added[:3]))
    extra = numbers(candidate) - numbers(pool_text)
    if extra:
        return Verdict(False, "added number: " + ", ".join(sorted(extra)))
    lost = numbers(quoted) - numbers(candidate)
    if lost:
        return Verdict(False, "lost number: " + ", ".join(sorted(lost)))
    kept_names = names(candidate) | {w for w in words(candidate) if w in DATE_WORDS}
    missing = names(quoted) - kept_names - {w for w in words(candidate)}
    if missing:
        return Verdict(False, "lost name: " + ", ".join(sorted(missing)))
    invented = {n for n in names(candidate) if n not in {w for w in words(pool_text)}}
    if invented:
        return Verdict(False, "added name: " + ", ".join(sorted(invented)))
    if has_negation(quoted) != has_negation(candidate):
        return Verdict(False, "negation")
    if len(candidate) > len(quoted) + 20:
        return Verdict(False, "longer than the quote")
    return Verdict(True)
