"""The mend of Textual's `Strip.divide`: same answers, no strip kept in its own cache."""

from __future__ import annotations

import gc

from hypothesis import given
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from fedtui.ui.strip_divide import mend_strip_divide

words = st.text(alphabet="ab 界", min_size=1, max_size=6)


def make_strip(texts: list[str]) -> Strip:
    segments = [Segment(text, Style(bold=n % 2 == 0)) for n, text in enumerate(texts)]
    return Strip(segments)


def cycles_left_by(divide_whole: bool) -> int:
    """Objects only the cyclic collector frees, after dividing strips as the compositor does."""
    gc.collect()
    gc.disable()
    try:
        strips = [make_strip(["one ", "line"]) for _ in range(10)]
        for strip in strips:
            strip.divide([strip.cell_length] if divide_whole else [3, strip.cell_length])
            strip.divide([strip.cell_length, strip.cell_length + 4])  # a cut past its end
        del strips, strip
        return gc.collect()
    finally:
        gc.enable()


def test_a_line_divided_whole_is_not_a_reference_cycle() -> None:
    mend_strip_divide()
    assert cycles_left_by(divide_whole=True) == 0
    assert cycles_left_by(divide_whole=False) == 0


def test_mending_twice_wraps_textual_once() -> None:
    mend_strip_divide()
    mended = Strip.divide
    mend_strip_divide()
    assert Strip.divide is mended
    assert Strip.divide.mends.__qualname__ == "Strip.divide"  # type: ignore[attr-defined]


@given(st.lists(words, min_size=1, max_size=5), st.lists(st.integers(0, 30), max_size=4))
def test_the_mended_divide_cuts_as_textual_does(texts: list[str], cuts: list[int]) -> None:
    mend_strip_divide()
    textual_divide = Strip.divide.mends  # type: ignore[attr-defined]
    strip = make_strip(texts)
    cuts = [*sorted(set(cuts)), strip.cell_length]
    mended = make_strip(texts).divide(cuts)
    expected = textual_divide(strip, cuts)
    assert [(s.text, s.cell_length, list(s)) for s in mended] == [
        (s.text, s.cell_length, list(s)) for s in expected]
