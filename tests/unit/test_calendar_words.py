"""Times of day, weekdays and months a translation adds or drops (CLDR through Babel)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fedtui.core.calendar_words import calendar_words, compare
from fedtui.core.translate_examples import TRANSLATION_EXAMPLES
from fedtui.core.translation_quality import CONFIDENT, assess

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"


def added(source: str, output: str, source_lang: str, target: str) -> set[str]:
    return compare(source, output, source_lang, target).added


def dropped(source: str, output: str, source_lang: str, target: str) -> set[str]:
    return compare(source, output, source_lang, target).dropped


@pytest.mark.parametrize(("source", "lang", "output", "part"), [
    ("Ми не маємо світла з самого ранку.", "uk", "I don't have a light at night.", "night"),
    ("Morgen früh gibt es eine Demo.", "de", "There is a demo tomorrow evening.", "evening"),
    ("Esta noche hay concierto.", "es", "There is a concert this morning.", "morning"),
    ("今晩、駅前でデモがあります。", "ja", "There is a demo at noon at the station.", "midday"),
    ("Heute streiken wir.", "de", "We strike on Friday.", "weekday 4"),
    ("Wir sehen uns im Frühling.", "de", "See you in April.", "month 4"),
])
def test_a_time_the_source_does_not_name_is_found(source: str, lang: str, output: str,
                                                   part: str) -> None:
    assert added(source, output, lang, "en") == {part}


@pytest.mark.parametrize(("source", "lang", "output"), [
    ("Сьогодні вранці знову не було світла.", "uk", "This morning there was no power again."),
    ("Am Montagmorgen streiken wir.", "de", "On Monday morning we strike."),
    ("Bugün sabahtan beri yağmur yağıyor.", "tr", "It has been raining since this morning."),
    ("明日の朝、デモがあります。", "ja", "There is a demonstration tomorrow morning."),
    ("Heute Abend gehen wir ins Kino.", "de", "We are going to the cinema tonight, at night."),
    ("Bom dia a todos!", "pt", "Good morning everyone!"),  # a greeting names no time
    ("Pourriez-vous venir ?", "fr", "May I ask you to come?"),  # "May", a verb
    ("¿Alguien sabe si el museo abre los lunes?", "es", "Does anyone know if it opens on Mondays?"),
    ("هل يعرف أحد متى تفتح المكتبة؟", "ar", "Does anyone know when the library opens?"),
    ("Es schneit, und niemand war da.", "de", "It is snowing, and not even one came."),
    ("Hier soir, Sophie a fait des crêpes.", "fr", "Last night, Sophie made crêpes."),
    ("Вчора пішов дощ.", "uk", "Yesterday it rained."),  # also written "учора"
    ("明日の午前中は運休です。", "ja", "No trains tomorrow morning."),
    ("Hujan deras dari sore.", "id", "It has been pouring since the afternoon."),
    ("Kenapa harga beras naik lagi minggu ini?", "id", "Why did rice go up again this week?"),
    ("Rapat minggu depan dibatalkan.", "id", "Next week's meeting is cancelled."),
])
def test_the_same_time_or_none_is_not_flagged(source: str, lang: str, output: str) -> None:
    assert added(source, output, lang, "en") == set()
    assert dropped(source, output, lang, "en") == set()


def test_a_lost_weekday_or_month_is_found() -> None:
    assert dropped("Wie helpt er zaterdag mee?", "Who helps this weekend?", "nl", "en") \
        == {"weekday 5"}
    assert dropped("Le festival commence en juillet.", "The festival starts in summer.",
                   "fr", "en") == {"month 7"}
    # Indonesian "minggu" is Sunday after "hari" or written with a capital (else a week)
    for source in ("Pasar tutup hari minggu.", "Pasar tutup hari Minggu.", "Minggu pasar tutup."):
        assert dropped(source, "The market is closed this week.", "id", "en") == {"weekday 6"}


def test_yesterday_and_tomorrow_are_checked_both_ways() -> None:
    assert dropped("Domani si parte per le Dolomiti.", "Next week we leave for the Dolomites.",
                   "it", "en") == {"day 1"}
    assert added("Wir waren im Kino.", "We went to the cinema yesterday.", "de", "en") \
        == {"day -1"}
    # Arabic writes the same word with its marks in another order
    assert added("المكتبة مغلقة غداً.", "The library is closed tomorrow.", "ar", "en") == set()
    # "mañana" is also the morning: its "tomorrow" is not asked back
    assert dropped("Por la mañana llueve.", "It rains in the morning.", "es", "en") == set()


def test_a_language_without_cldr_data_checks_nothing() -> None:
    assert calendar_words("xx") is None
    assert added("blah", "at night on Monday", "xx", "en") == set()


def _reference_pairs() -> list[tuple[str, str, str]]:
    pairs = [(lang, src, ref) for lang, examples in TRANSLATION_EXAMPLES.items()
             for src, ref in examples]
    for name in ("mt_tune.jsonl", "mt_calib.jsonl", "mt_dev.jsonl"):
        for line in (DATA / name).read_text("utf-8").splitlines():
            row = json.loads(line)
            pairs.append((row["lang"], row["src"], row["ref"]))
    return pairs


def test_no_reference_translation_is_flagged() -> None:
    """Human translations of every set (about 200, 18 languages) keep their times."""
    pairs = _reference_pairs()
    assert len(pairs) > 150
    flagged = [(lang, src, ref) for lang, src, ref in pairs
               if added(src, ref, lang, "en") or dropped(src, ref, lang, "en")]
    assert flagged == []


def test_an_added_time_keeps_a_translation_from_looking_confident() -> None:
    sure = [-0.05] * 10
    source = "Ми не маємо світла з самого ранку."
    kept = assess(source, "We have had no power since the morning.", "uk", "en", sure)
    invented = assess(source, "I don't have a light at night.", "uk", "en", sure)
    assert kept.confident
    assert not invented.confident and invented.estimate < CONFIDENT
    assert invented.flags == ("a time or date not in the original",)
