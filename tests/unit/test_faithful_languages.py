"""The faithfulness check in the languages of benchmarks/data/mt_dev.jsonl: a shortening
that keeps what matters passes; an added word, a lost number, a lost negation fail."""

from __future__ import annotations

import pytest

from fedtui.core.faithful import check, has_negation, numbers
from fedtui.core.lexicon import lexicon

#: lang, quoted, a faithful shortening, one with a word added, one without the negation
#: word, one without the number.
CASES = [
    ("de", "Laut Anna fährt der Zug am Samstag nicht, es gibt nur zwei Busse.",
     "Anna: Zug fährt am Samstag nicht, nur zwei Busse.", " Das Wetter ist schlecht.",
     "nicht", "zwei"),
    ("fr", "Selon Marie, le festival de musique n'aura pas lieu samedi, il reste trois concerts.",
     "Marie : pas de festival de musique samedi, il reste trois concerts.",
     " Avec des feux d'artifice.", "pas", "trois"),
    ("es", "Según Carlos, el autobús no sale el domingo y solo quedan tres plazas.",
     "Carlos: el autobús no sale el domingo, quedan tres plazas.", " Hay café gratis.",
     "no", "tres"),
    ("pt", "Segundo Ana, a biblioteca não abre no feriado e só tem três salas livres.",
     "Ana: a biblioteca não abre no feriado, três salas livres.", " Com café grátis.",
     "não", "três"),
    ("it", "Secondo Luca, il treno non parte sabato e restano tre posti.",
     "Luca: il treno non parte sabato, restano tre posti.", " Colazione inclusa.",
     "non", "tre"),
    ("nl", "Volgens Jan rijdt de trein zaterdag niet en zijn er maar drie plaatsen.",
     "Volgens Jan rijdt de trein zaterdag niet, drie plaatsen.", " Met gratis koffie.",
     "niet", "drie"),
    ("pl", "Według Anny pociąg nie jedzie w sobotę i zostały tylko trzy miejsca.",
     "Według Anny pociąg nie jedzie w sobotę, zostały trzy miejsca.", " Kawa gratis.",
     "nie", "trzy"),
    ("ru", "По словам Ивана, поезд не идёт в субботу, осталось три места.",
     "По словам Ивана, поезд не идёт в субботу, три места.", " Бесплатный чай.",
     "не", "три"),
    ("uk", "За словами Олени, потяг не їде в суботу, залишилось три місця.",
     "За словами Олени, потяг не їде в суботу, три місця.", " Безкоштовний чай.",
     "не", "три"),
    ("tr", "Ayşe'ye göre cumartesi tren yok ve sadece üç yer kaldı.",
     "Ayşe'ye göre cumartesi tren yok, üç yer kaldı.", " Ücretsiz kahve var.",
     "yok", "üç"),
    ("id", "Menurut Budi, kereta tidak berangkat hari Sabtu dan hanya ada tiga kursi.",
     "Menurut Budi, kereta tidak berangkat hari Sabtu, tiga kursi.", " Kopi gratis.",
     "tidak", "tiga"),
    ("vi", "Theo Lan, tàu không chạy vào thứ Bảy và chỉ còn ba chỗ.",
     "Theo Lan, tàu không chạy thứ Bảy, còn ba chỗ.", " Cà phê miễn phí.",
     "không", "ba"),
    ("ar", "حسب ليلى، القطار لا يسافر يوم السبت وبقيت ثلاثة مقاعد فقط.",
     "حسب ليلى، القطار لا يسافر يوم السبت، ثلاثة مقاعد.", " مع قهوة مجانية.",
     "لا", "ثلاثة"),
    ("fa", "به گفته مریم، قطار شنبه حرکت نمی‌کند و فقط سه صندلی مانده است.",
     "به گفته مریم، قطار شنبه حرکت نمی‌کند، سه صندلی.", " با چای رایگان.",
     "نمی‌", "سه"),
    ("ja", "田中さんによると、土曜日は電車が走らないので、席は三つしか残っていません。",
     "田中さん：土曜日は電車が走らない、席は三つ。", "コーヒーは無料。", "ない", "三"),
    ("zh", "据王明说，周六火车不开，只剩三个座位。", "王明：周六火车不开，剩三个座位。",
     "咖啡免费。", "不", "三"),
    ("ko", "민수에 따르면 토요일에는 기차가 운행하지 않고 좌석이 3개만 남았다.",
     "민수에 따르면 토요일에는 기차가 운행하지 않고 좌석이 3개.", " 커피는 무료.",
     "않", "3"),
]
IDS = [case[0] for case in CASES]


def swap(text: str, number: str, new: str) -> str:
    """`text` with the number word `number` (a whole word where words are spaced) as `new`."""
    spaced = f" {number} "
    return (text.replace(spaced, f" {new} ", 1) if spaced in text
            else text.replace(number, new, 1))


@pytest.mark.parametrize(("lang", "quoted", "good", "more", "negation", "number"), CASES,
                         ids=IDS)
def test_a_faithful_shortening_passes(lang: str, quoted: str, good: str, more: str,
                                      negation: str, number: str) -> None:
    lex = lexicon(lang)
    assert check(good, quoted, [quoted], lex).ok, check(good, quoted, [quoted], lex)
    assert has_negation(quoted, lex) and has_negation(good, lex)
    assert numbers(quoted, lex) & numbers(good, lex)


@pytest.mark.parametrize(("lang", "quoted", "good", "more", "negation", "number"), CASES,
                         ids=IDS)
def test_an_added_claim_is_rejected(lang: str, quoted: str, good: str, more: str,
                                    negation: str, number: str) -> None:
    verdict = check(good.rstrip(".。") + more, quoted, [quoted], lexicon(lang))
    assert not verdict.ok
    assert verdict.reason.startswith(("added", "longer"))


@pytest.mark.parametrize(("lang", "quoted", "good", "more", "negation", "number"), CASES,
                         ids=IDS)
def test_a_lost_negation_is_rejected(lang: str, quoted: str, good: str, more: str,
                                     negation: str, number: str) -> None:
    lex = lexicon(lang)
    without = good.replace(negation, "", 1)
    assert not has_negation(without, lex)
    verdict = check(without, quoted, [quoted], lex)
    assert not verdict.ok
    if lang not in ("ja", "zh", "ko"):  # there a cut word also makes a new pair
        assert verdict.reason == "negation"


@pytest.mark.parametrize(("lang", "quoted", "good", "more", "negation", "number"), CASES,
                         ids=IDS)
def test_a_lost_or_changed_number_is_rejected(lang: str, quoted: str, good: str, more: str,
                                              negation: str, number: str) -> None:
    lex = lexicon(lang)
    assert not check(swap(good, number, ""), quoted, [quoted], lex).ok
    verdict = check(swap(good, number, "9"), quoted, [quoted], lex)
    assert not verdict.ok and verdict.reason.startswith("added number")


@pytest.mark.parametrize("lang", ["de", "fr", "es", "pt", "it", "nl", "pl", "ru", "uk", "tr",
                                  "id"])
def test_a_number_word_and_its_digits_are_the_same(lang: str) -> None:
    case = next(c for c in CASES if c[0] == lang)
    lex = lexicon(lang)
    assert "3" in numbers(case[1], lex) or "2" in numbers(case[1], lex)
    digits = swap(case[2], case[5], "3" if "3" in numbers(case[1], lex) else "2")
    assert check(digits, case[1], [case[1]], lex).ok


def test_a_lost_name_is_rejected_in_a_cased_language() -> None:
    quoted = "Laut Anna fährt der Zug am Samstag nicht."
    verdict = check("Der Zug fährt am Samstag nicht.", quoted, [quoted], lexicon("de"))
    assert not verdict.ok and verdict.reason == "lost name: anna"


def test_a_name_in_latin_letters_counts_in_a_script_without_capitals() -> None:
    quoted = "王明说，周六Mastodon聚会不开。"
    lex = lexicon("zh")
    assert check("王明：周六Mastodon聚会不开。", quoted, [quoted], lex).ok
    assert check("王明：周六聚会不开。", quoted, [quoted], lex).reason == "lost name: mastodon"
    assert check("王明：周六Pixelfed聚会不开。", quoted, [quoted], lex).reason.startswith(
        "added")


def test_english_words_in_another_language_are_checked_too() -> None:
    quoted = "Selon Marie, le festival n'aura pas lieu samedi."
    assert not check("Marie : festival samedi, it is not cancelled.", quoted, [quoted],
                     lexicon("fr")).ok


def test_an_unknown_language_falls_back_to_the_words_as_written() -> None:
    lex = lexicon("xx")
    quoted = "Zorb glim 4 frab."
    assert check("Zorb glim 4.", quoted, [quoted], lex).ok
    assert not check("Zorb glim 5 frab.", quoted, [quoted], lex).ok


def test_the_stemmers_are_the_snowball_c_library_not_its_python_modules() -> None:
    """PyStemmer, a dependency, is what snowballstemmer hands out (the same stems): its 30+
    Python modules, 2.2 MB imported, are never loaded."""
    import sys

    assert lexicon("de").stemmer("häuser") == "haus"
    assert lexicon("ru").stemmer("деревьев") == "дерев"
    assert not [name for name in sys.modules if name.startswith("snowballstemmer.")]
