"""What the faithfulness check knows of a language: its function words, stems, number
words and negations.

From maintained libraries: stopwords from `stop-words`, stems from Snowball
(`snowballstemmer`), number words from `num2words` (written out in
`fedtui.core.number_words`), negations from the lists of
`fedtui.core.translation_quality`. Japanese, Chinese and Korean are compared on
characters (no spaces to split on, or particles glued to words). A `Lexicon` is built when
asked (`lexicon(lang)`, reading the stopword list the package ships) and held by the
caller; English is built in (`ENGLISH`), from `fedtui.core.faithful`'s lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

#: Snowball's name of each language's stemmer (Ukrainian borrows Russian's endings).
SNOWBALL = {"de": "german", "fr": "french", "es": "spanish", "pt": "portuguese",
            "it": "italian", "nl": "dutch", "pl": "polish", "ru": "russian", "uk": "russian",
            "tr": "turkish", "id": "indonesian", "ar": "arabic", "fa": "persian",
            "sv": "swedish", "da": "danish", "no": "norwegian", "nb": "norwegian",
            "fi": "finnish", "cs": "czech", "ca": "catalan", "el": "greek",
            "hu": "hungarian", "ro": "romanian"}
#: Compared on characters (`characters`), not words.
BY_CHARACTER = frozenset({"ja", "zh", "ko"})
#: Scripts without capitals: a word in Latin letters in them is a name ("Google").
UNCASED = frozenset({"ja", "zh", "ko", "ar", "fa", "he", "hi", "th"})
_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|dell|all|dall|nell|sull)['’]")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_HIRAGANA = re.compile(r"[\u3040-\u309f]+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's words for the check (`lang` an ISO 639-1 code)."""

    lang: str
    stopwords: frozenset[str] = frozenset()
    number_words: Mapping[str, str] = field(default_factory=dict)
    stemmer: Callable[[str], str] | None = None  # None: fedtui.core.faithful's English one
    negation: Callable[[str], bool] | None = None  # None: English only (always checked)

    @property
    def by_character(self) -> bool:
        return self.lang in BY_CHARACTER

    @property
    def uncased(self) -> bool:
        return self.lang in UNCASED

    def unelide(self, word: str) -> str:
        """`l'école` as `école` (French and Italian articles glued by an apostrophe)."""
        return _ELISION.sub("", word) if self.lang in ("fr", "it", "ca") else word


def characters(text: str) -> set[str]:
    """The Japanese, Chinese and Korean characters of `text` but hiragana (endings and
    particles): what the check compares in those languages, which a shortening cuts
    anywhere (pairs of characters would meet anew across each cut)."""
    return {ch for run in _CJK_RUN.findall(text) for ch in run
            if not _HIRAGANA.fullmatch(ch)}


def latin_words(text: str) -> list[str]:
    return _LATIN_WORD.findall(text)


def lexicon(lang: str) -> Lexicon:
    """The lexicon of `lang` ("en" or unknown: English only, nothing read)."""
    lang = (lang or "en").split("-")[0].casefold()
    if lang == "en":
        return Lexicon("en")
    return Lexicon(lang, stopwords=_stopwords(lang), number_words=_number_words(lang),
                   stemmer=_stemmer(lang), negation=_negation(lang))


def _stopwords(lang: str) -> frozenset[str]:
    from stop_words import StopWordError, get_stop_words

    try:
        return frozenset(w.casefold() for w in get_stop_words(lang))
    except StopWordError:
        return frozenset()


def _number_words(lang: str) -> dict[str, str]:
    """Number words of `lang` that are one word each (Japanese, Chinese, Korean: one run),
    as num2words spells them (`fedtui.core.number_words`)."""
    from fedtui.core.number_words import WORDS

    spelled = "ja" if lang == "zh" else lang  # the same numerals for the small numbers
    return dict(WORDS[spelled] if spelled in WORDS else WORDS.get(spelled[:2], {}))


def _stemmer(lang: str) -> Callable[[str], str]:
    name = SNOWBALL.get(lang)
    if name is None:  # no Snowball stemmer: the word as it is
        return lambda word: word
    import snowballstemmer

    stemmer = snowballstemmer.stemmer(name)
    return lambda word: str(stemmer.stemWord(word))


def _negation(lang: str) -> Callable[[str], bool]:
    """`fedtui.core.translation_quality`'s negations of `lang` (none known: never)."""
    from fedtui.core.translation_quality import has_negation

    return lambda text: has_negation(text, lang)
