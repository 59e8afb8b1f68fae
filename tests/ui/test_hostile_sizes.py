"""Huge server strings (200 kB of a name, a content warning, a link title, a post's text)
keep a card a few lines tall: real App, Mastodon.py through `HostileRelay` before
mastodon-mock."""

from __future__ import annotations

from typing import Any

import pytest
from textual.content import Content

from fedtui.core.folding import FOLD_LINES
from fedtui.ui.post_view import WRAP_CHARS, folded
from tests.hostile_relay import HostileRelay
from tests.ui.test_hostile_text import loaded, relayed_app

HUGE = "word " * 40_000  # 200 kB: far under the 16 MB an answer may be


def huge_fields(path: str, data: Any) -> Any:
    """bob's name is huge; posts 28, 27 and 26 get a huge CW, link title and text."""
    for item in data if isinstance(data, list) else [data]:
        if not isinstance(item, dict) or not isinstance(item.get("account"), dict):
            continue
        if item["account"].get("username") == "bob":
            item["account"]["display_name"] = HUGE
        content = str(item.get("content", ""))
        if "Numbered post 28" in content:
            item["spoiler_text"] = HUGE
        elif "Numbered post 27" in content:
            item["card"] = {"url": "https://x.example/", "title": HUGE, "type": "link",
                            "description": "", "provider_name": "", "author_name": ""}
        elif "Numbered post 26" in content:
            item["content"] = f"<p>Numbered post 26 {HUGE}</p>"
    return data


async def test_huge_server_strings_keep_a_card_a_few_lines_tall(seeded: Any) -> None:
    with HostileRelay(seeded.base_url, rewrite=huge_fields) as relay:
        app = relayed_app(seeded, relay)
        async with app.run_test(size=(120, 40)) as pilot:
            pane = await loaded(pilot)
            cards = pane.status_list
            heights = [cards.card_height(cards.card_at(i)) for i in range(4)]
            body = str(cards.card_at(3).content)
    assert min(heights) > 2 and max(heights) < 20, heights
    assert "more lines — press s to show" in body


def test_a_huge_text_folds_from_its_first_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    body = Content(HUGE)
    every = [line.plain for line in body.wrap(38)]
    wrapped: list[int] = []
    wrap = Content.wrap

    def measured(self: Content, width: int, **options: Any) -> list[Content]:
        wrapped.append(len(self.plain))
        return wrap(self, width, **options)

    monkeypatch.setattr(Content, "wrap", measured)
    lines = folded(body, 38).plain.splitlines()
    assert max(wrapped) <= WRAP_CHARS < len(HUGE)  # never the whole text
    assert lines[:-1] == every[:FOLD_LINES - 1]
    hidden = int(lines[-1].split()[1])  # "… N more lines — press s to show"
    assert abs(hidden - (len(every) - FOLD_LINES + 1)) < len(every) / 100  # a close guess
