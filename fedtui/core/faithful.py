"""The faithfulness check: may a model's phrasing of a summary point replace the quote?

A phrased point is kept only when it adds nothing and loses nothing that matters: every
content word comes from the cited posts (a handful of reporting verbs aside), every number
is in the sources and every number, name, date and negation of the quoted sentence is
still there. Words are compared on a light stem (`answers` = `answer`), names and dates as
written, numbers as digits (`three` = `3`). Other languages through a
`fedtui.core.lexicon.Lexicon` (their stopwords, stems, number words and negations; Japanese,
Chinese and Korean by their characters); English needs none. No model, no I/O of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fedtui.core.lexicon import Lexicon, characters, latin_words

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
NUMBER_WORDS.update({"twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100",
                     "thousand": "1000", "million": "1000000", "half": "0.5", "once": "1",
                     "twice": "2", "dozen": "12"})


ENGLISH = Lexicon("en")


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    reason: str = ""  # what failed: "empty", "added: x", "lost number: 3", "negation"...


def words(text: str, lex: Lexicon = ENGLISH) -> list[str]:
    """The words of `text`, @handles and #tags included, lower case."""
    return [lex.unelide(w.casefold().replace("’", "'")) for w in _WORD.findall(text)]


def stem(word: str, lex: Lexicon = ENGLISH) -> str:
    """A light English stem (`answers`, `answered` and `answer` meet), else the language's."""
    if lex.stemmer is not None:
        return lex.stemmer(word)
    word = word.strip("'").removesuffix("'s")
    for suffix in ("ingly", "edly", "ing", "ied", "ies", "ed", "es", "ly", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
    return word


def _is_content(word: str, lex: Lexicon = ENGLISH) -> bool:
    return (word not in STOPWORDS and word not in NEGATIONS and word not in NUMBER_WORDS
            and word not in lex.stopwords and word not in lex.number_words
            and not (lex.negation is not None and lex.negation(word))
            and not _NUMBER.fullmatch(word) and (len(word) > 2 or not word.isascii()))


def content_stems(text: str, lex: Lexicon = ENGLISH) -> set[str]:
    """The stems of the words that carry meaning (no stopwords, negations or numbers);
    Japanese, Chinese and Korean as characters."""
    if lex.by_character:
        found = {ch for ch in characters(text) if ch not in lex.stopwords}
        return found | {stem(w.casefold()) for w in latin_words(text)
                        if _is_content(w.casefold())}
    return {stem(w, lex) for w in words(text, lex) if _is_content(w, lex)}


def numbers(text: str, lex: Lexicon = ENGLISH) -> set[str]:
    """Every number of `text` as written in digits (`three`, `drei` and `3` are the same;
    any script's digits)."""
    digits = "".join(str(int(ch)) if ch.isdigit() and not ch.isascii() else ch
                     for ch in text)
    found = {m.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", m) else m
             for m in _NUMBER.findall(digits)}
    said = words(text, lex)
    found |= {NUMBER_WORDS[w] for w in said if w in NUMBER_WORDS}
    if lex.by_character:
        found |= {n for w, n in lex.number_words.items() if w in text}
    else:
        found |= {lex.number_words[w] for w in said if w in lex.number_words}
    return found


def names(text: str, lex: Lexicon = ENGLISH) -> set[str]:
    """Names and dates: @handles, #tags, capitalised words not at a sentence's start (in a
    script without capitals, words in Latin letters), and English month and weekday
    words; lower case."""
    starts = {m.group(1) for m in _SENTENCE_START.finditer(text)}
    latin = {w.casefold() for w in latin_words(text)} if lex.uncased else set()
    found: set[str] = set()
    for raw in _WORD.findall(text):
        word = lex.unelide(raw.casefold().replace("’", "'"))
        capitalised = (raw[0].isupper() and raw not in starts and word not in STOPWORDS
                       and word not in NEGATIONS and word not in lex.stopwords
                       and len(word) > 1)
        if word[0] in "@#" or capitalised:
            found.add(word)
        elif stem(word) in DATE_WORDS:  # "Saturdays" as "saturday", wherever it stands
            found.add(stem(word))
    return found | {w for w in latin if w not in STOPWORDS and len(w) > 1}


def has_negation(text: str, lex: Lexicon = ENGLISH) -> bool:
    return negations(text, lex) > 0


def negations(text: str, lex: Lexicon = ENGLISH) -> int:
    """How many English negations `text` says ("can't ... don't" is two; a word the
    language has for something else, Portuguese `no`, is none), plus one if it says one of
    its own language's (whose patterns are not counted)."""
    english = sum((w in NEGATIONS and w not in lex.stopwords) or w.endswith("n't")
                  for w in words(text))
    return english + bool(lex.negation is not None and lex.negation(text))


def overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard similarity of two sets of stems (0 when both are empty)."""
    first, second = set(a), set(b)
    union = first | second
    return len(first & second) / len(union) if union else 0.0


def check(candidate: str, quoted: str, cited: Sequence[str],
          lex: Lexicon = ENGLISH) -> Verdict:
    """May `candidate` stand for `quoted` (the sentence the point quotes), given the texts
    of the posts it cites, all in the language of `lex`?"""
    if sum(ch.isalnum() for ch in candidate) < 3:
        return Verdict(False, "empty")
    pool_text = "\n".join([quoted, *cited])
    pool = content_stems(pool_text, lex)
    mine = content_stems(candidate, lex)
    reporting = {w for w in words(candidate) if w in REPORTING or stem(w) in REPORTING}
    added = sorted(mine - pool - {stem(w, lex) for w in reporting} - reporting)
    if added:
        return Verdict(False, "added: " + ", ".join(added[:3]))
    extra = numbers(candidate, lex) - numbers(pool_text, lex)
    if extra:
        return Verdict(False, "added number: " + ", ".join(sorted(extra)))
    lost = numbers(quoted, lex) - numbers(candidate, lex)
    if lost:
        return Verdict(False, "lost number: " + ", ".join(sorted(lost)))
    said = set(words(candidate, lex))
    kept_names = names(candidate, lex) | {stem(w) for w in said if stem(w) in DATE_WORDS}
    missing = {n for n in names(quoted, lex) - kept_names - said
               if not (lex.by_character and n in candidate.casefold())}
    if missing:
        return Verdict(False, "lost name: " + ", ".join(sorted(missing)))
    pool_words = {*words(pool_text, lex), *(w.casefold() for w in latin_words(pool_text))}
    pool_words |= {stem(w) for w in pool_words}
    invented = {n for n in names(candidate, lex) if n not in pool_words}
    if invented:
        return Verdict(False, "added name: " + ", ".join(sorted(invented)))
    if negations(quoted, lex) != negations(candidate, lex):
        return Verdict(False, "negation")
    if len(candidate) > len(quoted) + 20:
        return Verdict(False, "longer than the quote")
    return Verdict(True)
