"""The guessing of prompt-lookup decoding (`fedtui.llm.guided`), without a model."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fedtui.llm.guided import LOOKAHEAD, guess, held_back


def test_the_longest_tail_found_in_the_guide_picks_the_guess() -> None:
    guide = [5, 1, 2, 9, 9, 7, 1, 2, 3, 4, 6]
    assert guess([8, 1, 2, 3], guide, 8) == [4, 6]  # "1 2 3" beats the earlier "1 2"
    assert guess([8, 1, 2], guide, 8) == [9, 9, 7, 1, 2, 3, 4, 6]  # the first "1 2"
    assert guess([0, 0, 7], guide, 8) == [1, 2, 3, 4, 6]


def test_no_guess_without_a_match_or_past_the_guide() -> None:
    assert guess([42], [1, 2, 3]) == []
    assert guess([3], [1, 2, 3]) == []  # nothing follows it
    assert guess([1], []) == []


def test_guesses_stop_at_the_limit() -> None:
    guide = list(range(100))
    assert guess([10], guide) == list(range(11, 11 + LOOKAHEAD))
    assert guess([10], guide, limit=2) == [11, 12]
    assert guess([10], guide, limit=0) == []


@given(st.lists(st.integers(0, 5), min_size=1, max_size=12),
       st.lists(st.integers(0, 5), max_size=30), st.integers(0, 10))
def test_a_guess_is_what_follows_a_tail_of_the_answer_in_the_guide(
        generated: list[int], guide: list[int], limit: int) -> None:
    guessed = guess(generated, guide, limit)
    assert len(guessed) <= limit
    if not guessed:
        return
    starts = [i for i in range(len(guide)) if guide[i:i + len(guessed)] == guessed]
    assert any(guide[i - 1] == generated[-1] for i in starts if i > 0)


def test_the_start_of_a_stop_string_is_held_back() -> None:
    stops = ("\n", "\nFrench:")
    assert held_back("Good night\nFre", stops) == 4
    assert held_back("Good night\n", ("\nFrench:",)) == 1
    assert held_back("Good night", stops) == 0
    assert held_back("", stops) == 0
