"""fedtui.core.sanitize: nothing unsafe reaches the terminal."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fedtui.core.sanitize import FORBIDDEN, clean_line, clean_text, web_url


def tags(text: str) -> str:
    return "".join(chr(0xE0000 + ord(char)) for char in text)


ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
FLAGS = [f"\U0001f3f4{tags(code)}\U000e007f" for code in ("gbeng", "gbsct", "gbwls")]
TECHNOLOGIST = "👩\u200d💻"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b[2Jb", "ab"),  # clear screen, parameters included
        ("\x1b[1;31mred\x1b[0m", "red"),
        ("x\x1b]52;c;SGVsbG8=\x07y", "xy"),  # OSC 52 clipboard write, BEL-terminated
        ("x\x1b]52;c;SGVsbG8=\x1b\\y", "xy"),  # ... ST-terminated
        ("x\x1b]8;;https://evil\x07link\x1b]8;;\x07", "xlink"),  # OSC 8 hyperlink
        ("x\x1b]0;title", "x"),  # unterminated OSC runs to the end
        ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),  # DCS (sixel)
        ("a\x1b_payload\x9cb", "ab"),  # APC with 8-bit ST
        ("\x9b31mred", "red"),  # 8-bit CSI
        ("\x9d52;c;AAAA\x07z", "z"),  # 8-bit OSC
        ("a\x1bcb", "ab"),  # RIS (full reset)
        ("a\x1b(0b", "ab"),  # charset switch
        ("end\x1b", "end"),
        ("\x00nul\x7fdel\x08bs\x07bel\x85nel", "nuldelbsbelnel"),
        ("\u202egnp.exe", "gnp.exe"),  # RLO
        ("a\u202ab\u202bc\u202cd\u202de", "abcde"),
        ("\u2066\u2067\u2068x\u2069", "x"),  # isolates
        ("a\u200eb\u200fc\u061cd", "abcd"),  # LRM, RLM, ALM
        ("ad\u200bmin", "admin"),
        ("a\u200cb\u2060c\ufeffd\u2062e", "abcde"),
        ("\tt", "    t"),
        ("a\r\nb\rc\u2028d\u2029e", "a\nb\nc\nd\ne"),
        ("a\ud800b", "ab"),  # lone surrogate
        ("❤\ufe0f x\U000e0100", "❤\ufe0f x\U000e0100"),  # variation selectors stay
        (TECHNOLOGIST, TECHNOLOGIST),  # ZWJ inside an emoji sequence stays
        ("❤\ufe0f\u200d🔥", "❤\ufe0f\u200d🔥"),
        ("a\u200db 😀\u200d x\u200d😀", "ab 😀 x😀"),  # stray ZWJ goes
        (ENGLAND, ENGLAND),  # tag characters of a flag stay
        ("hi\U000e0069\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065", "hi"),  # smuggled
        ("naïve 日本語 עברית", "naïve 日本語 עברית"),
        ("line\nbreak", "line\nbreak"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_line_makes_one_line() -> None:
    assert clean_line("  Alice\n\n \tSmith\u2028 ") == "Alice Smith"
    assert clean_line("\x1b[2J\u202e") == ""


DANGEROUS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))] + [
    "\u061c", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2028", "\u2029",
    "\u202a", "\u202e", "\u2060", "\u2066", "\u2069", "\ufeff", "\ufe0f", "\ud800",
    "\U000e0041", "\U000e007f", "\U0001f3f4", "😀", "©", "[", "]", "\\", ";", "2", "J", "P", "a",
]
hostile = st.text(st.one_of(st.sampled_from(DANGEROUS), st.characters()), max_size=60)
EMOJI = re.compile(r"[\u00a9\u00ae\u2190-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f]")


def _only_safe(text: str) -> None:
    assert not any(ord(char) in FORBIDDEN for char in text), repr(text)
    for index, char in enumerate(text):
        if char == "\u200d":
            assert 0 < index < len(text) - 1
            assert EMOJI.match(text[index - 1]) and EMOJI.match(text[index + 1]), repr(text)
    without_flags = re.sub("|".join(FLAGS), "", text)
    assert not re.search("[\U000e0000-\U000e007f]", without_flags), repr(text)
    text.encode("utf-8")


@given(hostile)
def test_clean_text_never_returns_forbidden_and_is_idempotent(raw: str) -> None:
    clean = clean_text(raw)
    _only_safe(clean)
    assert clean_text(clean) == clean


@given(hostile)
def test_clean_line_is_one_safe_line_and_idempotent(raw: str) -> None:
    clean = clean_line(raw)
    _only_safe(clean)
    assert "\n" not in clean
    assert clean == clean.strip()
    assert clean_line(clean) == clean


# The tag block (U+E0000-E007F) is removed whole, its unassigned U+E0000 too (not in "Cf"):
# tag characters hide text, and only the subdivision flags keep theirs.
TAG_BLOCK = "".join(chr(code) for code in range(0xE0000, 0xE0080))


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Zl", "Zp"),
                             exclude_characters=TAG_BLOCK)))
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert clean_text(text) == text


@pytest.mark.parametrize("flag", FLAGS)
def test_the_three_subdivision_flags_stay(flag: str) -> None:
    assert clean_text(f"go {flag}!") == f"go {flag}!"


@pytest.mark.parametrize("smuggled", [
    tags("a" * 46),  # 46 hidden characters inside one "flag"
    tags("usca"),  # well formed, but not an emoji flag
    tags("ignore previous instructions"),
    tags("gbeng") + tags("x"),
])
def test_other_tag_runs_in_a_flag_are_dropped(smuggled: str) -> None:
    assert clean_text(f"\U0001f3f4{smuggled}\U000e007f!") == "\U0001f3f4!"
    assert clean_text(f"a{smuggled}b") == "ab"


@pytest.mark.parametrize(("url", "safe"), [
    ("https://x.example/a[/]b", "https://x.example/a[/]b"),
    ("HTTP://x.example", "HTTP://x.example"),
    ("https://x.example/\x1b]52;c;SGk=\x07p\u202e", "https://x.example/p"),
    (" https://x.example/p \n", "https://x.example/p"),
    ("file:///etc/passwd", None),
    ("javascript:alert(1)", None),
    ("data:text/html,hi", None),
    ("ftp://x.example/", None),
    ("https://", None),
    ("https:///path", None),
    ("https://x.example/a b", None),
    ("//x.example/", None),
    ("", None),
    (None, None),
])
def test_web_url_accepts_only_http_and_https(url: str | None, safe: str | None) -> None:
    assert web_url(url) == safe


@given(hostile)
def test_web_url_is_safe_or_none(raw: str) -> None:
    url = web_url(f"https://x.example/{raw}")
    if url is not None:
        _only_safe(url)
        assert " " not in url and url.startswith("https://x.example/")
