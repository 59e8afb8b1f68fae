"""Make server text safe for a terminal: nothing that can move the cursor, recolour,
write the clipboard, reorder the line or hide text reaches the screen.

Removed: C0/C1 controls (except newline), DEL and whole escape sequences (CSI, OSC such
as the OSC 52 clipboard write, DCS/SOS/PM/APC with their payloads; an unterminated one
runs to the end of the string), lone surrogates, every bidi control (embeddings,
overrides, isolates and the LRM/RLM/ALM marks: fedtui lays text out left to right, and
a bidi-aware terminal must not reorder the rest of a line), zero-width characters
(U+200B/200C, U+2060, U+FEFF and other invisible format characters), and tag characters
(invisible "ASCII smuggling", which could hide text from the reader but not from the
language model).
Kept: newlines (`clean_text`), variation selectors, U+200D ZERO WIDTH JOINER between two
emoji (👩‍💻), and the tag characters of the three flags that are emoji (England, Scotland,
Wales: black flag, tag letters, cancel tag); any other tag run goes, the flag stays.
Tabs become four spaces; CR LF and CR become LF; U+2028/U+2029 become LF.
"""

from __future__ import annotations

import re

_STRING_END = r"(?:\x07|\x1b\\|\x9c)"
_ESCAPES = re.compile(
    # CSI: ESC [ or 8-bit CSI, parameters, intermediates, final byte.
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    # OSC, DCS, SOS, PM, APC: a payload up to BEL or ST.
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*" + _STRING_END + "?"
    # Any other escape: ESC, intermediates, final byte.
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)

_EMOJI = "\u00a9\u00ae\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
_STRAY_ZWJ = re.compile(f"(?<![{_EMOJI}\ufe0f])\u200d|\u200d(?![{_EMOJI}])")
_FLAGS = ("gbeng", "gbsct", "gbwls")  # the RGI subdivision flags (Unicode emoji 15)
_TAGS = re.compile(
    "(\U0001f3f4(?:" + "|".join("".join(chr(0xE0000 + ord(c)) for c in flag) for flag in _FLAGS)
    + ")\U000e007f)|[\U000e0000-\U000e007f]"
)

_REMOVED: tuple[tuple[int, int], ...] = (
    (0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F),  # controls, DEL
    (0x061C, 0x061C), (0x200E, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069),  # bidi
    (0x180E, 0x180E), (0x200B, 0x200C), (0x2060, 0x2064), (0x206A, 0x206F),  # invisible
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB),
    (0xD800, 0xDFFF),  # lone surrogates cannot be encoded for the terminal
)
_TABLE: dict[int, str | None] = {
    code: None for low, high in _REMOVED for code in range(low, high + 1)
}
_TABLE.update({0x09: "    ", 0x0D: "\n", 0x2028: "\n", 0x2029: "\n"})

#: Codepoints that `clean_text` never returns (ZWJ and tag characters only in emoji).
FORBIDDEN = frozenset(code for code, repl in _TABLE.items() if repl is None) | {0x09, 0x0D}


def clean_text(text: str) -> str:
    """`text` without anything unsafe for a terminal; newlines kept. Idempotent."""
    if text.isprintable():  # no control, format, separator or surrogate: nothing to do
        return text
    text = _ESCAPES.sub("", text.replace("\r\n", "\n"))
    text = text.translate(_TABLE)
    if max(text, default="") >= "\U000e0000":
        text = _TAGS.sub(lambda match: match.group(1) or "", text)
    return _STRAY_ZWJ.sub("", text) if "\u200d" in text else text


def clean_line(text: str) -> str:
    """`clean_text` for single-line fields (names, titles): all whitespace runs become
    one space, no leading or trailing space."""
    return " ".join(clean_text(text).split())


def web_url(url: str | None) -> str | None:
    """`url` as one safe line when it is an http or https address with a host, else None:
    the only links fedtui hands to a browser or copies (never file:, javascript:, data:)."""
    clean = clean_line(url or "")
    scheme, separator, rest = clean.partition("://")
    if (scheme.lower() not in ("http", "https") or not separator or not rest
            or rest[0] in "/?#@" or " " in clean):
        return None
    return clean
