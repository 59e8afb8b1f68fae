"""Days, times of day, weekdays and months that a translation adds or drops (pure logic).

A small model invents times as it invents numbers ("since the morning" came back "at
night"). Each language's words come from CLDR (its day periods, its weekday and month
names, its words for yesterday and tomorrow: `fedtui.core.cldr_calendar`, written from
Babel's data; read when a language is first asked for), compared on stems
(`fedtui.core.faithful.stem`) or as a word's beginning ("sabahtan", "montags"), and as
characters in Japanese, Chinese and Korean. Times of day are compared by part of the day
(morning; noon and afternoon; evening; night), and a part next to one the source names
passes, since CLDR divides the day differently in each language: the Indonesian "sore"
(CLDR's evening) is an English "afternoon", a "night" an "evening".
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from fedtui.core.faithful import stem
from fedtui.core.lexicon import Lexicon, lexicon

#: Parts of the day, in the order of the day, by CLDR's day period names.
PARTS = {"morning": ("morning1", "morning2"),
         "midday": ("noon", "afternoon1", "afternoon2"),
         "evening": ("evening1", "evening2"),
         "night": ("night1", "night2", "midnight")}
_ORDER = {part: index for index, part in enumerate(PARTS)}
# Languages written without spaces also say "before noon" and "after noon" as parts of the
# day (午前, 上午, 오전); elsewhere CLDR's am/pm are abbreviations ("AM", "ÖÖ").
_BY_CHARACTER_PARTS = {"morning": ("am",), "midday": ("pm",)}
# English says yesterday evening as "last night" ("Hier soir", "Ieri sera"): it keeps a
# source's yesterday (it does not add one: the Persian "دیشب" is "last night").
_LAST_NIGHT = re.compile(r"\blast night\b", re.IGNORECASE)
# Spellings of yesterday and tomorrow CLDR does not give: Ukrainian writes "учора" and
# "вчора" alike.
_DAY_SPELLINGS = {"учора": ("вчора",)}
_WORD = re.compile(r"\w+")
# Words that look like a calendar word and are none. English greetings name a part of the
# day their sources often do not ("Bom dia", "Hallo"). Indonesian "minggu" is a week as
# well as Sunday ("minggu ini": this week); written small and not after "hari" (day), it is
# the week.
_NOT_CALENDAR = {
    "en": re.compile(r"\bgood ?(?:morning|afternoon|evening|night)\b", re.IGNORECASE),
    "id": re.compile(r"(?<!\bhari )\bminggu\b"),
}
# Stems, and forms a word may carry endings past, at least this long: shorter ones meet
# other words (Spanish "sábado" and "sabe" share "sab", Arabic "الأحد" is also "one").
_LONG = 4


@dataclass(frozen=True, slots=True)
class _Form:
    text: str  # as CLDR writes it, case folded unless `cased`
    stem: str
    cased: bool  # written with a capital the language keeps anywhere (English "May")


@dataclass(frozen=True, slots=True)
class CalendarWords:
    """One language's words for the parts of the day ("morning", "midday", "evening", "night"),
    the weekdays ("weekday 0" is Monday), the months ("month 1" is January), yesterday
    and tomorrow."""

    lex: Lexicon
    forms: Mapping[str, tuple[_Form, ...]]
    #: yesterday and tomorrow ("day -1", "day 1"), case folded (`_fold`), each with the
    #: spellings it has. Not today: it is often "this morning" or "tonight", and written
    #: otherwise ("dziś" for "dzisiaj").
    days: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def found(self, text: str, *, within: bool = False) -> set[str]:
        """The parts of the day, weekdays, months and days `text` names; `within` also
        looks for the beginning of a form's stem inside words (a source's compounds and
        inflections: "Montagmorgen", "вранці")."""
        not_calendar = _NOT_CALENDAR.get(self.lex.lang)
        if not_calendar is not None:
            text = not_calendar.sub(" ", text)
        folded = _fold(text)
        days = {key for key, spellings in self.days.items()
                if any(_says(folded, day, self.lex, within) for day in spellings)}
        if self.lex.by_character:
            return days | {key for key, forms in self.forms.items()
                           if any(form.text in text for form in forms)}
        tokens = [(word, word.casefold(), stem(word.casefold(), self.lex))
                  for word in _WORD.findall(text)]
        return days | {key for key, forms in self.forms.items()
                       if any(_names(form, token, within) for form in forms for token in tokens)}

    def ambiguous(self, key: str) -> bool:
        """A relative day also named as a part of the day ("mañana", "morgen")."""
        spellings = self.days.get(key, ())
        return any(form.text.casefold() in spellings
                   for part in PARTS for form in self.forms.get(part, ()))


def _fold(text: str) -> str:
    """Case folded, one apostrophe, no combining marks (Arabic writes "غداً" and "غدًا")."""
    text = text.casefold().replace("’", "'")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _says(folded: str, day: str, lex: Lexicon, within: bool) -> bool:
    """Whether a text (`_fold`ed) says this relative day; `within` (a source) also takes
    its first four letters inside a word ("gestrigen")."""
    if within:
        return day[:1 if lex.by_character else 4] in folded
    if lex.by_character:
        return day in folded
    return re.search(rf"(?<!\w){re.escape(day)}(?!\w)", folded) is not None


def _names(form: _Form, token: tuple[str, str, str], within: bool) -> bool:
    word, folded, stemmed = token
    if form.cased and not word[:1].isupper():
        return False
    part = form.text.casefold()
    if folded == part:
        return True
    if stemmed == form.stem and len(stemmed) >= _LONG and (within or len(folded) >= len(part) - 1):
        return True  # an output's word as long as the form: "even" is not "evening"
    if within:  # a source's word: rather too loose than too strict ("вранці", "دیشب")
        return form.stem[:3] in folded
    return len(part) >= _LONG and folded.startswith(part)


class Mismatch(NamedTuple):
    """What a translation says of days and times that its source does not, and the reverse."""

    added: set[str]  # parts of the day, weekdays, months and days the source does not name
    dropped: set[str]  # weekdays, months and days of the source the output does not name


def compare(source: str, output: str, source_lang: str, target: str) -> Mismatch:
    """Both ways at once (empty when either language has no CLDR data). A part of the day
    next to one the source names is not added; parts of the day are not asked back, nor a
    day that is also one (Spanish "mañana", German "morgen")."""
    words_in, words_out = calendar_words(source_lang), calendar_words(target)
    if words_in is None or words_out is None:
        return Mismatch(set(), set())
    said, named = words_out.found(output), words_in.found(source, within=True)
    near = {part for part in PARTS for other in named & PARTS.keys()
            if abs(_ORDER[part] - _ORDER[other]) <= 1}
    added = {key for key in said - named - near
             if key in words_in.forms or key in words_in.days}  # else: not known
    if words_out.lex.lang == "en" and _LAST_NIGHT.search(output):
        said = said | {"day -1"}
    dropped = {key for key in words_in.found(source) - said
               if key not in PARTS and (key in words_out.forms or key in words_out.days)
               and not words_in.ambiguous(key)}
    return Mismatch(added, dropped)


@functools.lru_cache(maxsize=64)
def calendar_words(lang: str) -> CalendarWords | None:
    """The words of `lang` (an ISO 639-1 code), None when CLDR has no such language."""
    from fedtui.core.cldr_calendar import NAMES

    lang = re.split(r"[-_]", lang or "en")[0].casefold()
    if lang not in NAMES:
        return None
    cldr: dict[str, dict[str, Any]] = json.loads(NAMES[lang])
    lex = lexicon(lang)
    periods = cldr["periods"]  # wide and abbreviated: CLDR often has only one
    extra = _BY_CHARACTER_PARTS if lex.by_character else {}
    forms: dict[str, tuple[_Form, ...]] = {
        part: _forms((periods.get(name, ()) for name in (*names, *extra.get(part, ()))), lex)
        for part, names in PARTS.items()}
    for day, names in cldr["days"].items():
        forms[f"weekday {day}"] = _forms([names], lex, whole=True)
    for month, names in cldr["months"].items():
        forms[f"month {month}"] = _forms([names], lex, whole=True)
    days = {f"day {n}": (_fold(name), *_DAY_SPELLINGS.get(_fold(name), ()))
            for n, name in cldr["relative"].items()}
    return CalendarWords(lex, {key: value for key, value in forms.items() if value}, days)


def _forms(groups: Iterable[Iterable[str]], lex: Lexicon,
           whole: bool = False) -> tuple[_Form, ...]:
    """The last word of each name ("de la mañana": "mañana"); `whole`: names of one word
    only (Portuguese "segunda-feira" and Vietnamese "thứ hai" say "second" and "two" in
    their first and last words). Abbreviations ("веч.") and English names that are other
    words too ("may") are left out."""
    found: dict[str, _Form] = {}
    short = 1 if lex.by_character else 2
    for names in groups:
        for name in names:
            words = _WORD.findall(name)
            if not words or name.endswith(".") or len(words[-1]) < short:
                continue
            if whole and (len(words) > 1 or any(ch.isdigit() for ch in name)):
                continue
            word = words[-1]
            folded = word.casefold()
            if lex.lang == "en" and folded in _ENGLISH_OTHERWISE:
                continue
            cased = word[:1].isupper() and lex.lang == "en"
            found[word] = _Form(word if cased else folded, stem(folded, lex), cased)
    return tuple(found.values())


#: English month and period names that are also other words: "may" (a verb), "march"
#: (capitalised as a month, still a verb at the start of a sentence).
_ENGLISH_OTHERWISE = frozenset({"may", "march"})
