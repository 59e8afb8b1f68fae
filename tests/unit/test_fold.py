"""Folding long posts: when to fold, how much to keep, and the cheap bound that decides
which posts are worth measuring at all."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from fedtui.core.folding import (
    FOLD_LINES,
    FOLD_MIN_HIDDEN,
    FOLD_NARROWEST,
    could_fold,
    fold_at,
    more_lines,
)
from fedtui.core.render import render_html


def test_short_texts_are_shown_whole_and_long_ones_keep_their_first_lines() -> None:
    assert fold_at(1) is None
    assert fold_at(FOLD_LINES) is None
    keep = FOLD_LINES - 1  # the "… N more lines" line takes the last one
    assert fold_at(keep + FOLD_MIN_HIDDEN - 1) is None  # it would hide only a line or two
    assert fold_at(keep + FOLD_MIN_HIDDEN) == keep
    assert fold_at(200) == keep
    assert fold_at(10, limit=4) == 3


def test_the_fold_line_says_how_many_lines_are_hidden() -> None:
    assert more_lines(30) == "… 30 more lines — press s to show"
    assert more_lines(1) == "… 1 more line — press s to show"


def test_short_posts_are_not_worth_measuring() -> None:
    assert not could_fold("<p>Good morning!</p>")
    assert could_fold("<p>" + "word " * 200 + "</p>")
    assert could_fold("<p>" + "a<br>" * 20 + "</p>")  # short lines, many of them


WORDS = st.text(alphabet="abcdefghij界", min_size=1, max_size=25)
PARAGRAPH = st.lists(WORDS, min_size=1, max_size=40).map(" ".join)


@given(st.lists(st.lists(PARAGRAPH, min_size=1, max_size=4).map("<br>".join),
                min_size=1, max_size=6))
def test_a_post_that_folds_at_the_narrowest_width_is_always_worth_measuring(
        paragraphs: list[str]) -> None:
    html = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    text = render_html(html).plain
    width = FOLD_NARROWEST // 2  # wide characters take two cells: half as many fit
    lines = sum(len(textwrap.wrap(line, width, break_long_words=True)) or 1
                for line in text.split("\n"))
    if fold_at(lines) is not None:
        assert could_fold(html)
