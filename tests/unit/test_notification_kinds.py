"""Notification types in words, whatever a server sends."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fedtui.core.notification_kinds import FILTERABLE, KINDS, notification_verb, type_label


@pytest.mark.parametrize(("kind", "said"), [
    ("admin.sign_up", "signed up"), ("admin.report", "filed a report"),
    ("quoted_update", "edited a post you quoted"),
    ("pleroma:emoji_reaction", "reacted to your post"),
    ("pleroma:new_kind", "notified you (new kind)"),
    ("x.Brand-NEW_thing", "notified you (x brand new thing)"),
    ("[b]\x1b]52;c;AA\x07", "notified you (b 52 c aa)"), ("", "notified you"),
    ("::", "notified you"),
])
def test_every_type_is_said_in_words(kind: str, said: str) -> None:
    assert notification_verb(kind) == said


def test_every_filterable_type_has_a_name() -> None:
    assert all(kind in KINDS for kind in FILTERABLE)
    assert type_label("severed_relationships") == "Follows cut by moderation"
    assert type_label("gotosocial:new") == "New"


@given(st.text(max_size=200))
def test_no_type_comes_back_raw_or_as_markup(kind: str) -> None:
    verb = notification_verb(kind)
    assert all(ch.isalnum() or ch in " ()" for ch in verb.removeprefix("notified you"))
    assert len(verb) < 160
