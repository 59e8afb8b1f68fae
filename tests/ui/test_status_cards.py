"""The cards a list keeps per post: cards drawn ahead of their beat go if their posts did
not go in, and are drawn again if their posts changed before it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from textual.content import Content

from fedtui.core.model import Account, Status
from fedtui.ui.widgets.status_cards import Cards

ALICE = Account(id="1", username="alice", acct="alice", display_name="Alice", url="u")
T0 = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)


def status(sid: str) -> Status:
    return Status(id=sid, account=ALICE, content=f"<p>post {sid}</p>", created_at=T0)


def drawing() -> tuple[Cards, list[str]]:
    """Cards, and the texts of the posts they drew, in turn."""
    drawn: list[str] = []

    def draw(item: Status) -> Content:
        drawn.append(item.content)
        return Content(item.content)

    return Cards(draw, lambda: T0), drawn


def test_cards_drawn_ahead_whose_posts_did_not_go_in_are_dropped() -> None:
    cards, drawn = drawing()
    kept = cards.ahead(status("20"))
    gone = cards.ahead(status("21"))  # deleted in the same batch
    assert drawn == ["<p>post 20</p>", "<p>post 21</p>"]
    assert cards.card(status("20")) is kept and len(drawn) == 2  # found, not drawn
    assert cards.unused_ahead(lambda card: card is kept) == [gone]
    assert "20" in cards and "21" not in cards
    assert cards.unused_ahead(lambda card: False) == []  # asked once per beat


def test_a_card_drawn_ahead_from_an_earlier_version_of_its_post_is_drawn_again() -> None:
    """An edit streamed between the drawing ahead and the beat: the beat puts in a card
    of the edited post, once, and the first drawing goes."""
    cards, drawn = drawing()
    first = cards.ahead(status("20"))
    edited = replace(status("20"), content="<p>edited</p>")
    again = cards.card(edited)
    assert again is not first and drawn == ["<p>post 20</p>", "<p>edited</p>"]
    assert cards.card(edited) is again and len(drawn) == 2  # drawn again once
    assert cards.unused_ahead(lambda card: card is again) == [first]
    assert cards.card(edited) is again  # the edited card stays
