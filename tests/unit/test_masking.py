"""Masking: entities never reach the model and always come back, exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fedtui.core.masking import EntityKind, find_entities, mask, mask_line, restore


def _round_trip(text: str) -> str:
    masked = mask(text)
    return masked.join([restore(seg, seg.body).text for seg in masked.segments])


def test_edges_are_peeled_and_inner_entities_become_placeholders() -> None:
    seg = mask_line("@anna@x.social Danke für den Link https://a.example/c, super! 🎉 #Fedi")
    assert seg.prefix == "@anna@x.social "
    assert seg.body == "Danke für den Link ⟦1⟧, super!"
    assert seg.suffix == " 🎉 #Fedi"
    assert seg.entities == ("https://a.example/c",)


def test_entity_kinds() -> None:
    text = "@bob #Tag https://x.example/a :blobcat: `code` 👍🏽 🇩🇪"
    kinds = [kind for _, _, kind in find_entities(text)]
    assert kinds == [EntityKind.MENTION, EntityKind.HASHTAG, EntityKind.URL,
                     EntityKind.CUSTOM_EMOJI, EntityKind.CODE, EntityKind.EMOJI,
                     EntityKind.EMOJI]


def test_url_does_not_swallow_trailing_punctuation() -> None:
    seg = mask_line("Siehe https://x.example/a. Danke")
    assert seg.entities == ("https://x.example/a",)
    assert seg.body == "Siehe ⟦1⟧. Danke"


def test_entity_glued_to_text_stays_inside_as_placeholder() -> None:
    seg = mask_line("@anna, danke!")
    assert seg.prefix == ""
    assert seg.body == "⟦1⟧, danke!"


def test_lines_and_paragraphs_are_kept() -> None:
    text = "Erste Zeile\nzweite @a Zeile\n\n#nur #tags\r\nEnde"
    masked = mask(text)
    assert masked.breaks == ("\n", "\n\n", "\r\n")
    assert [s.translatable for s in masked.segments] == [True, True, False, True]
    assert _round_trip(text) == text


def test_restore_puts_entities_back_and_appends_dropped_ones() -> None:
    seg = mask_line("Danke @mia für https://x.example/y heute")
    restored = restore(seg, "Thanks ⟦1⟧ for it today")
    assert restored.text == "Thanks @mia for it today https://x.example/y"
    assert restored.lost == 1


def test_restore_ignores_invented_and_repeated_placeholders() -> None:
    seg = mask_line("Danke @mia heute")
    restored = restore(seg, "Thanks ⟦1⟧ ⟦1⟧ today ⟦7⟧")
    assert restored.text.count("@mia") == 1
    assert "⟦" not in restored.text
    assert restored.lost == 0


def test_restore_tolerates_spaces_inside_placeholder() -> None:
    seg = mask_line("Hallo @mia wie geht's")
    assert restore(seg, "Hello ⟦ 1 ⟧ how are you").text == "Hello @mia how are you"


_pieces = st.sampled_from([
    "@anna", "@bob@example.social", "#Tag", "#日本", "https://x.example/a?b=1", ":blob_cat:",
    "`x = 1`", "🎉", "👍🏽", "🇫🇷", "Hallo", "wie", "geht's", "?", "!", ",", "日本語", "Привет",
    " ", "  ", "\n", "\n\n", "\t", "⟦1⟧", "[1]", "—",
])


@given(st.lists(_pieces, max_size=25).map("".join))
def test_round_trip_is_exact(text: str) -> None:
    assert _round_trip(text) == text
    assert mask(text).original == text


@given(st.lists(_pieces, max_size=25).map("".join))
def test_no_entity_is_lost_whatever_the_model_does(text: str) -> None:
    masked = mask(text)
    for seg in masked.segments:
        for output in ("", "totally different", seg.body[::-1]):
            restored = restore(seg, output).text
            for entity in seg.entities:
                assert entity in restored
            assert restored.startswith(seg.prefix)
            assert restored.endswith(seg.suffix)
