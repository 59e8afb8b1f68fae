"""The translation quality estimate: each cheap signal, the combination, the decision."""

from __future__ import annotations

import math

import pytest
import sacrebleu
from hypothesis import given, settings
from hypothesis import strategies as st

from fedtui.core.translation_quality import (
    CHECKED,
    CONFIDENT,
    RETRY,
    Quality,
    added_numbers,
    agreement,
    assess,
    checked,
    chrf,
    combine,
    has_negation,
    lost_names,
    lost_negation,
    lost_question,
    missing_numbers,
    needs_checks,
    numbers,
    worth_a_second_decode,
    wrong_script,
)
from fedtui.core.translation_quality import SURE as CHEAP_LINE

SURE = [-0.05] * 10  # token log-probabilities of a model sure of every token


def test_numbers_in_any_script() -> None:
    assert numbers("Bus ۲۰ دقیقه") == {20}  # Persian digits
    assert numbers("um 14:30, 1.200 Leute") == {14, 30, 1200}
    assert numbers("1,200 people, 1 200 m") == {1200, 1, 200}  # a plain space groups nothing
    assert numbers("no digits") == set()
    assert numbers("x² and ½") == set()  # digits only in name: not numbers to compare


@pytest.mark.parametrize(("source", "lang", "output", "missing", "added"), [
    # the words of the numbers both languages name are numbers too
    ("Hoje plantamos vinte árvores.", "pt", "Today we planted a hundred trees.", {20}, {100}),
    ("Hoy cumple diez años mi perro.", "es", "Today my dog and I bought a treat.", {10}, set()),
    ("Je n'ai pas reçu mon colis commandé il y a trois semaines.", "fr",
     "I have not received my parcel yet.", {3}, set()),
    # and match digits either way
    ("Notre instance a plus de mille membres.", "fr", "Our instance has over 1,000 members.",
     set(), set()),
    ("Wir waren zwölf Leute.", "de", "We were 12 people.", set(), set()),
    ("Ik heb 3 katten.", "nl", "I have three cats.", set(), set()),
    ("Plantamos vinte árvores.", "pt-BR", "We planted a hundred trees.", {20}, {100}),
])
def test_number_words_are_numbers(source: str, lang: str, output: str, missing: set[int],
                                  added: set[int]) -> None:
    assert missing_numbers(source, output, lang, "en") == missing
    assert added_numbers(source, output, lang, "en") == added
    flagged = bool(missing or added)
    quality = assess(source, output, lang, "en", SURE)
    assert (not quality.confident) is flagged
    assert added_numbers(source, output, lang, "en-GB") == added  # the target's base code


@pytest.mark.parametrize(("source", "lang", "output"), [
    ("No he visto el sol en dos semanas.", "es", "I have not seen the sun in two weeks."),
    ("Komşumuz bize iki tepsi börek getirdi.", "tr", "Our neighbour brought us two trays."),
    ("주말에 친구들과 등산을 갔어요.", "ko", "I went hiking with friends at the weekend."),
    ("今日は漢字を十個覚えました。", "ja", "Today I learned ten kanji."),
    ("Mang sang cho nhà tôi cả rổ xoài chín.", "vi", "She brought us a basket of ripe mangoes."),
    ("Quelqu'un connaît un bon boulanger ?", "fr", "Does anyone know a good baker?"),
    ("من نمی‌دانم فردا باران می‌بارد یا نه.", "fa", "I don't know if it will rain tomorrow."),
])
def test_words_that_are_not_only_numbers_are_not_compared(source: str, lang: str,
                                                          output: str) -> None:
    """A word that is also an article, "no", "friend" or "ripe", or a number word the
    source's language has no checked word for ("dos" is a Spanish stopword): no flag."""
    assert missing_numbers(source, output, lang, "en") == set()
    assert added_numbers(source, output, lang, "en") == set()


def test_an_invented_number_is_flagged() -> None:
    source = "Das Hochwasser hat drei Dörfer erreicht."
    output = "The flood has reached three villages, 12 km away."
    assert added_numbers(source, output) == {12}
    quality = assess(source, output, "de", "en", SURE)
    assert "a number not in the original" in quality.flags
    assert not quality.confident
    assert quality.estimate < CONFIDENT


def test_a_missing_number_is_flagged() -> None:
    source = "Повітряна тривога триває вже 2 години."
    assert missing_numbers(source, "The air raid alert has been going on for hours.") == {2}
    quality = assess(source, "The air raid alert has been going on for hours.", "uk", "en", SURE)
    assert "a number of the original is missing" in quality.flags


def test_a_kept_number_is_not_flagged() -> None:
    quality = assess("Otobüs 15 dakika gecikti.", "The bus was 15 minutes late.", "tr", "en",
                     SURE)
    assert quality.flags == ()
    assert quality.confident


@pytest.mark.parametrize(("source", "lang"), [
    ("Ich habe nicht genug Zeit.", "de"),
    ("明日は雨が降らないそうです。", "ja"),
    ("Я не знаю, когда откроется магазин.", "ru"),
    ("我不喜欢下雨天。", "zh"),
    ("Saya tidak bisa datang ke acara besok.", "id"),
])
def test_a_missing_negation_is_flagged(source: str, lang: str) -> None:
    assert has_negation(source, lang)
    assert lost_negation(source, "It will rain tomorrow.", lang, "en")
    assert not lost_negation(source, "It will not rain tomorrow.", lang, "en")
    assert not lost_negation(source, "I can't come.", lang, "en")
    assert "a negation is missing" in assess(source, "It will rain tomorrow.", lang, "en",
                                             SURE).flags


def test_no_negation_in_the_source_is_not_flagged() -> None:
    assert not has_negation("Київ прокидається навесні.", "uk")
    assert not lost_negation("Київ прокидається навесні.", "Kyiv wakes up in spring.", "uk", "en")


def test_vietnamese_question_particle_is_not_a_negation() -> None:
    assert not has_negation("Có ai biết tiệm sửa xe đạp nào ở Sài Gòn không?", "vi")
    assert has_negation("Tôi không hiểu tại sao ứng dụng bị lỗi.", "vi")


@pytest.mark.parametrize(("source", "lang"), [
    ("Los periodistas independientes necesitan nuestro apoyo más que nunca.", "es"),
    ("Precisamos de vocês mais do que nunca.", "pt"),
    ("Il fait plus froid que jamais ce matin.", "fr"),
    ("Oggi la biblioteca è più piena che mai.", "it"),
    ("Сейчас как никогда важна ваша поддержка.", "ru"),
    ("Зараз як ніколи потрібна ваша підтримка.", "uk"),
])
def test_than_ever_is_not_a_negation(source: str, lang: str) -> None:
    assert not has_negation(source, lang)
    assert "a negation is missing" not in assess(
        source, "We need your support more than ever.", lang, "en", SURE).flags


def test_never_after_that_is_still_a_negation() -> None:
    assert has_negation("Dijo que nunca vendría a la fiesta.", "es")
    assert has_negation("Il a dit qu'il ne viendrait jamais.", "fr")
    assert has_negation("Non è mai più tornato, più che mai triste.", "it")


def test_a_lost_question_is_flagged() -> None:
    assert lost_question("¿Alguien sabe si el museo abre los lunes?",
                         "Someone knows the museum opens on Mondays.")
    assert not lost_question("هل يعرف أحد متى تفتح المكتبة؟", "Does anyone know when?")
    assert not lost_question("Es regnet.", "It is raining.")


def test_a_lost_name_is_flagged() -> None:
    assert lost_names("Quelqu'un connaît un bon boulanger à Lyon ?",
                      "Does anyone know a good baker?", "fr") == ["Lyon"]
    assert lost_names("Oggi il treno per Milano è in ritardo.", "The train to Milan is late.",
                      "it") == []
    assert lost_names("Der Zug nach Hamburg fällt aus.", "The train is cancelled.", "de") == []


def test_a_capitalised_weekday_or_month_is_not_a_name() -> None:
    source = "Info: Jalan Sudirman ditutup hari Minggu pukul 6 sampai 10 pagi."
    assert lost_names(source, "Info: Jalan Sudirman is closed on Sunday from 6 to 10.",
                      "id") == []
    assert lost_names(source, "Info: the road is closed on Sunday from 6 to 10.",
                      "id") == ["Jalan", "Sudirman"]
    assert lost_names("Kami ke Bali bulan Agustus.", "We go to Bali in August.", "id") == []


def test_an_hours_zero_minutes_are_no_number() -> None:
    assert numbers("12:00") == numbers("12h00") == numbers("12h") == {12}
    assert numbers("1.000 Leute, 12.000 Euro") == {1000, 12000}
    quality = assess("Coupure d'électricité jeudi de 8h30 à 12h dans tout le quartier.",
                     "Power cut on Thursday from 8:30 to 12:00 in the whole neighbourhood.",
                     "fr", "en", SURE)
    assert quality.flags == ()


def test_wrong_script_and_length() -> None:
    assert wrong_script("Сегодня снег", "en")
    assert not wrong_script("Today it snows", "en")
    assert not wrong_script("今日は雪", "ja")
    long = assess("Es regnet heute.", "It is raining today and tomorrow and the day after "
                  "tomorrow and all of next week and the week after that, say the forecasts.",
                  "de", "en", SURE)
    assert "implausible length" in long.flags


def test_log_probabilities_drive_the_estimate() -> None:
    source, output = "Erste Erdbeeren!", "First fresh apples!"
    unsure = assess(source, output, "de", "en", [-0.2, -1.9, -2.2, -0.08, -0.05])
    sure = assess(source, "First strawberries!", "de", "en", SURE)
    assert unsure.flags == () and sure.flags == ()
    assert not unsure.confident
    assert sure.confident
    assert sure.estimate == pytest.approx(math.exp(-0.05), abs=0.01)


def test_without_log_probabilities_only_the_checks_speak() -> None:
    quality = assess("Es regnet.", "It is raining.", "de", "en", [])
    assert quality.mean_logprob is None
    assert 0 < quality.estimate < 1


def test_chrf_is_sacrebleus() -> None:
    for hypothesis, reference in [
        ("Kyiv wakes up in spring.", "Kyiv wakes up in spring."),
        ("The city is starting to snow in the winter.", "Kyiv wakes up in spring."),
        ("First fresh apples!", "First strawberries!"),
        ("Київ прокидається навесні.", "Київ прокидається восени."),
        ("", "Something"),
    ]:
        expected = sacrebleu.sentence_chrf(hypothesis, [reference]).score
        assert chrf(hypothesis, reference) == pytest.approx(expected, abs=0.01)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abcde fgh", min_size=6, max_size=40),
       st.text(alphabet="abcde fgh", min_size=6, max_size=40))
def test_chrf_follows_sacrebleu_on_any_text(hypothesis: str, reference: str) -> None:
    expected = sacrebleu.sentence_chrf(hypothesis, [reference]).score
    assert chrf(hypothesis, reference) == pytest.approx(expected, abs=1.0)


def test_agreement_of_two_decodes() -> None:
    assert agreement("Kyiv wakes up in spring.", "Kyiv wakes up in spring.") == 100.0
    assert agreement("Kyiv wakes up in spring.", "The city starts to snow in winter.") < 25
    assert agreement("a b", "b a c") == agreement("b a c", "a b")


def test_the_expensive_signals_can_only_lower_the_estimate() -> None:
    unsure = Quality((CONFIDENT + CHEAP_LINE) / 2)  # confident by the cheap signals, under SURE
    assert unsure.confident and needs_checks(unsure)
    assert not needs_checks(Quality(CHEAP_LINE)) and not needs_checks(Quality(0.4))
    assert not needs_checks(Quality(unsure.estimate, ("a negation is missing",)))
    # Under CONFIDENT from RETRY: a second decode, but no checks (it is not shown as sure).
    assert worth_a_second_decode(unsure) and worth_a_second_decode(Quality(RETRY))
    assert not needs_checks(Quality(RETRY)) and not worth_a_second_decode(Quality(0.4))
    # Translated back it reads like the source and a second decode agrees: kept.
    assert checked(unsure, 90.0, 95.0) == unsure
    # "Kyiv wakes up in spring." back from "The city is starting to snow in the winter.".
    wrong = checked(unsure, 5.0, 95.0)
    assert not wrong.confident and wrong.estimate < CONFIDENT
    # Two decodes that disagree lower it as well.
    assert not checked(unsure, 60.0, 5.0).confident
    # Just over the calibrated line: kept; nothing measured: nothing changes.
    edge = CHECKED ** 3 / unsure.estimate * 1.01 * 100
    assert checked(unsure, edge, 100.0) == unsure
    assert checked(unsure, None, None) == unsure
    assert checked(Quality(0.9), 1.0, 1.0).estimate < checked(Quality(0.9), 20.0, 20.0).estimate


def test_combine_keeps_the_weakest_sentence_in_view() -> None:
    good, bad = Quality(0.95), Quality(0.3, ("a negation is missing",))
    post = combine([(good, 100), (bad, 10)])
    assert post.flags == ("a negation is missing",)
    assert not post.confident
    assert post.estimate == 0.3
    assert combine([]).estimate == 1.0
    assert combine([(good, 5), (Quality(0.9), 5)]).confident
    # "First fresh apples!" inside a long, sound post still makes the post unsure.
    assert not combine([(Quality(0.9), 80), (Quality(0.5), 16)]).confident
    assert combine([(Quality(0.9), 80), (Quality(0.3), 5)]).estimate == 0.9  # "Nein."
