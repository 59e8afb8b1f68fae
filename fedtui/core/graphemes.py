"""Extended grapheme clusters (Unicode UAX #29), counted the way Mastodon counts characters.

Mastodon's `StatusLengthValidator` counts `each_grapheme_cluster` of the text, so a flag,
a family emoji or a letter with combining accents is one character. Python's standard
library has no grapheme segmentation, so the break properties are derived here from
`unicodedata` categories plus the few explicit ranges the categories do not give
(Hangul jamo, regional indicators, emoji modifiers and tags, Prepend, Extended_Pictographic).
Pure; no I/O.
"""

from __future__ import annotations

import unicodedata
from enum import IntEnum
from functools import lru_cache


class _Prop(IntEnum):
    OTHER = 0
    CR = 1
    LF = 2
    CONTROL = 3
    EXTEND = 4
    ZWJ = 5
    RI = 6
    PREPEND = 7
    SPACING_MARK = 8
    L = 9
    V = 10
    T = 11
    LV = 12
    LVT = 13


#: Extended_Pictographic, approximated by the blocks that hold it (Unicode 15).
_PICTOGRAPHIC: tuple[tuple[int, int], ...] = (
    (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x203C, 0x203C), (0x2049, 0x2049),
    (0x2122, 0x2122), (0x2139, 0x2139), (0x2194, 0x2199), (0x21A9, 0x21AA),
    (0x231A, 0x231B), (0x2328, 0x2328), (0x2388, 0x2388), (0x23CF, 0x23CF),
    (0x23E9, 0x23F3), (0x23F8, 0x23FA), (0x24C2, 0x24C2), (0x25AA, 0x25AB),
    (0x25B6, 0x25B6), (0x25C0, 0x25C0), (0x25FB, 0x25FE), (0x2600, 0x2605),
    (0x2607, 0x2612), (0x2614, 0x2685), (0x2690, 0x2705), (0x2708, 0x2712),
    (0x2714, 0x2714), (0x2716, 0x2716), (0x271D, 0x271D), (0x2721, 0x2721),
    (0x2728, 0x2728), (0x2733, 0x2734), (0x2744, 0x2744), (0x2747, 0x2747),
    (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757),
    (0x2763, 0x2767), (0x2795, 0x2797), (0x27A1, 0x27A1), (0x27B0, 0x27B0),
    (0x27BF, 0x27BF), (0x2934, 0x2935), (0x2B05, 0x2B07), (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x3030, 0x3030), (0x303D, 0x303D),
    (0x3297, 0x3297), (0x3299, 0x3299), (0x1F000, 0x1F0FF), (0x1F10D, 0x1F10F),
    (0x1F12F, 0x1F12F), (0x1F16C, 0x1F171), (0x1F17E, 0x1F17F), (0x1F18E, 0x1F18E),
    (0x1F191, 0x1F19A), (0x1F1AD, 0x1F1E5), (0x1F201, 0x1F20F), (0x1F21A, 0x1F21A),
    (0x1F22F, 0x1F22F), (0x1F232, 0x1F23A), (0x1F23C, 0x1F23F), (0x1F249, 0x1F3FA),
    (0x1F400, 0x1F53D), (0x1F546, 0x1F64F), (0x1F680, 0x1F6FF), (0x1F774, 0x1F77F),
    (0x1F7D5, 0x1F7FF), (0x1F80C, 0x1F80F), (0x1F848, 0x1F84F), (0x1F85A, 0x1F85F),
    (0x1F888, 0x1F88F), (0x1F8AE, 0x1F8FF), (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945),
    (0x1F947, 0x1FAFF), (0x1FC00, 0x1FFFD),
)

#: Prepend characters (Grapheme_Cluster_Break=Prepend) outside category Cf handling.
_PREPEND: tuple[tuple[int, int], ...] = (
    (0x0600, 0x0605), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891),
    (0x08E2, 0x08E2), (0x0D4E, 0x0D4E), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
    (0x111C2, 0x111C3), (0x1193F, 0x1193F), (0x11941, 0x11941), (0x11A3A, 0x11A3A),
    (0x11A84, 0x11A89), (0x11D46, 0x11D46),
)

#: Spacing marks (category Mc) that are Grapheme_Extend, so Extend, not SpacingMark.
_MC_EXTEND = frozenset({
    0x09BE, 0x09D7, 0x0B3E, 0x0B57, 0x0BBE, 0x0BD7, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E,
    0x0D57, 0x0DCF, 0x0DDF, 0x1B35, 0x302E, 0x302F, 0x1133E, 0x11357, 0x114B0, 0x114BD,
    0x115AF, 0x11930, 0x1D165, 0x1D16E, 0x1D16F, 0x1D170, 0x1D171, 0x1D172,
})

#: Spacing marks (category Mc) that are not SpacingMark in UAX #29.
_MC_OTHER = frozenset({0x102B, 0x102C, 0x1038, 0x1062, 0x1063, 0x1064, 0x1067, 0x1068,
                       0x1069, 0x106A, 0x106B, 0x106C, 0x106D, 0x1083, 0x1087, 0x1088,
                       0x1089, 0x108A, 0x108B, 0x108C, 0x108F, 0x109A, 0x109B, 0x109C,
                       0x1A61, 0x1A63, 0x1A64, 0xAA7B, 0xAA7D, 0x11720, 0x11721})


#: Indic conjunct consonants (InCB=Consonant, Unicode 15.1) and the viramas that link them.
_INCB_CONSONANT: tuple[tuple[int, int], ...] = (
    (0x0915, 0x0939), (0x0958, 0x095F), (0x0978, 0x097F), (0x0995, 0x09A8),
    (0x09AA, 0x09B0), (0x09B2, 0x09B2), (0x09B6, 0x09B9), (0x09DC, 0x09DD),
    (0x09DF, 0x09DF), (0x09F0, 0x09F1), (0x0A95, 0x0AA8), (0x0AAA, 0x0AB0),
    (0x0AB2, 0x0AB3), (0x0AB5, 0x0AB9), (0x0AF9, 0x0AF9), (0x0B15, 0x0B28),
    (0x0B2A, 0x0B30), (0x0B32, 0x0B33), (0x0B35, 0x0B39), (0x0B5C, 0x0B5D),
    (0x0B5F, 0x0B5F), (0x0B71, 0x0B71), (0x0C15, 0x0C28), (0x0C2A, 0x0C39),
    (0x0C58, 0x0C5A), (0x0D15, 0x0D3A),
)
_INCB_LINKER = frozenset({0x094D, 0x09CD, 0x0ACD, 0x0B4D, 0x0C4D, 0x0D4D})


def _in(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


@lru_cache(maxsize=4096)
def _prop(ch: str) -> _Prop:
    cp = ord(ch)
    if cp == 0x0D:
        return _Prop.CR
    if cp == 0x0A:
        return _Prop.LF
    if cp == 0x200D:
        return _Prop.ZWJ
    if 0x1F1E6 <= cp <= 0x1F1FF:
        return _Prop.RI
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return _Prop.L
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return _Prop.V
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return _Prop.T
    if 0xAC00 <= cp <= 0xD7A3:
        return _Prop.LV if (cp - 0xAC00) % 28 == 0 else _Prop.LVT
    if _in(cp, _PREPEND):
        return _Prop.PREPEND
    if (0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F or cp in (0x200C, 0xFF9E, 0xFF9F)
            or cp in _MC_EXTEND):
        return _Prop.EXTEND
    if cp in (0x0E33, 0x0EB3):
        return _Prop.SPACING_MARK
    category = unicodedata.category(ch)
    if category in ("Mn", "Me"):
        return _Prop.EXTEND
    if category == "Mc":
        return _Prop.OTHER if cp in _MC_OTHER else _Prop.SPACING_MARK
    if category in ("Cc", "Zl", "Zp") or (category == "Cf" and not 0xE0000 <= cp <= 0xE0FFF):
        return _Prop.CONTROL
    if 0xE0000 <= cp <= 0xE0FFF and category == "Cn":
        return _Prop.CONTROL
    return _Prop.OTHER


@lru_cache(maxsize=4096)
def _pictographic(ch: str) -> bool:
    return _in(ord(ch), _PICTOGRAPHIC)


_HANGUL_NO_BREAK = {
    _Prop.L: frozenset({_Prop.L, _Prop.V, _Prop.LV, _Prop.LVT}),
    _Prop.LV: frozenset({_Prop.V, _Prop.T}),
    _Prop.V: frozenset({_Prop.V, _Prop.T}),
    _Prop.LVT: frozenset({_Prop.T}),
    _Prop.T: frozenset({_Prop.T}),
}
_CONTROLS = frozenset({_Prop.CR, _Prop.LF, _Prop.CONTROL})


def _joined(prev: _Prop, cur: _Prop, *, conjunct: bool, emoji_zwj: bool,
            ri_odd: bool) -> bool:
    """Whether there is no cluster boundary between `prev` and `cur` (GB3-GB13)."""
    if prev is _Prop.CR and cur is _Prop.LF:
        return True
    if prev in _CONTROLS or cur in _CONTROLS:
        return False
    if cur in _HANGUL_NO_BREAK.get(prev, frozenset()):
        return True
    if cur in (_Prop.EXTEND, _Prop.ZWJ, _Prop.SPACING_MARK) or prev is _Prop.PREPEND:
        return True
    if conjunct or emoji_zwj:
        return True
    return prev is _Prop.RI and cur is _Prop.RI and ri_odd


def grapheme_clusters(text: str) -> list[str]:
    """`text` split into extended grapheme clusters."""
    clusters: list[str] = []
    if not text:
        return clusters
    start = 0
    prev = _prop(text[0])
    ri_run = 1 if prev is _Prop.RI else 0  # regional indicators in the current run
    # Emoji ZWJ sequence state: saw ExtPict Extend*, then maybe a ZWJ.
    emoji = _pictographic(text[0])
    emoji_zwj = False
    # Indic conjuncts (GB9c): 0 = none, 1 = consonant [extend]*, 2 = ... linker seen.
    incb = 1 if _in(ord(text[0]), _INCB_CONSONANT) else 0
    for i in range(1, len(text)):
        ch = text[i]
        cur = _prop(ch)
        pict = _pictographic(ch)
        consonant = _in(ord(ch), _INCB_CONSONANT)
        joined = _joined(prev, cur, conjunct=incb == 2 and consonant,
                         emoji_zwj=emoji_zwj and pict, ri_odd=ri_run % 2 == 1)
        if not joined:
            clusters.append(text[start:i])
            start = i
        # track state for GB9c, GB11 and GB12/13
        if consonant:
            incb = 1
        elif incb and ord(ch) in _INCB_LINKER:
            incb = 2
        elif not (incb and cur in (_Prop.EXTEND, _Prop.ZWJ) and ch != "\u200c"):
            incb = 0
        ri_run = ri_run + 1 if cur is _Prop.RI else 0
        if pict:
            emoji, emoji_zwj = True, False
        elif cur is _Prop.ZWJ:
            emoji_zwj = emoji
            emoji = False
        elif cur is _Prop.EXTEND:
            emoji_zwj = False  # ExtPict Extend* keeps `emoji`
        else:
            emoji = emoji_zwj = False
        prev = cur
    clusters.append(text[start:])
    return clusters


def grapheme_length(text: str) -> int:
    """How many extended grapheme clusters `text` has (what Mastodon calls characters)."""
    if text.isascii():
        # ASCII: every character is a cluster, except CR LF.
        return len(text) - text.count("\r\n")
    return len(grapheme_clusters(text))
