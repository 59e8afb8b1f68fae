"""Quoted posts where API data becomes fedtui's model, their excerpt (hostile text stays
text), and what the notice says after a post went out."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from fedtui.core.compose import PostDraft, published_notice
from fedtui.core.model import Quote, Status
from fedtui.core.quoted import (
    NOT_AVAILABLE,
    NOT_LOADED,
    QUOTE_CHARS,
    UNAVAILABLE,
    quote_excerpt,
    unavailable,
)
from fedtui.core.sanitize import FORBIDDEN
from tests.conftest import RECORDED

HOSTILE = "[bold red]x[/] \x1b[31mred\x1b[0m \x1b]52;c;aGk=\x07 \u202eevil \\[/]"


def recorded(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((RECORDED / name).read_text("utf-8"))["response"]["body"]
    return body


def post(content: str = "<p>quoted text</p>", **fields: Any) -> dict[str, Any]:
    return {"id": "9", "content": content, "account": {"id": "3", "acct": "carol",
                                                      "display_name": "Carol"}, **fields}


def quoting(quote: Any, **fields: Any) -> Status:
    return Status.from_api({"id": "1", "content": "<p>look</p>", "quote": quote, **fields})


def test_mastodon_quotes_from_the_recorded_server() -> None:
    status = Status.from_api(recorded("api_v1_statuses__POST_028.json"))
    assert status.quote is not None and status.quote.state == "accepted"
    assert status.quote.status is not None
    assert status.quote.status_id == status.quote.status.id == "117020582917124092"
    revoked = Status.from_api(recorded("api_v1_statuses_ID_quotes_ID_revoke__POST_001.json"))
    assert revoked.quote is not None and revoked.quote.state == "revoked"
    assert unavailable(revoked.quote) == UNAVAILABLE["revoked"]


@pytest.mark.parametrize("quote, expected", [
    (None, None),
    ("not a mapping", None),
    ({"state": "deleted", "quoted_status": None}, Quote("deleted")),
    ({"state": "accepted", "quoted_status_id": "7"}, Quote("accepted", None, "7")),
    ({"state": "pending", "quoted_status": None}, Quote("pending")),
    ({"state": 5, "quoted_status": "nope"}, Quote("5")),
])
def test_quote_shapes(quote: Any, expected: Quote | None) -> None:
    assert quoting(quote).quote == expected


def test_akkoma_and_pleroma_send_the_quoted_status_itself() -> None:
    akkoma = quoting(post())
    pleroma = Status.from_api({"id": "1", "content": "x", "pleroma": {
        "quote": post(), "quote_id": "9"}})
    only_id = Status.from_api({"id": "1", "content": "x", "pleroma": {"quote_id": "9"}})
    for status in (akkoma, pleroma):
        assert status.quote is not None and status.quote.status is not None
        assert (status.quote.state, status.quote.status.account.acct) == ("accepted", "carol")
    assert only_id.quote == Quote("accepted", None, "9")


def test_a_quoted_posts_own_quote_is_kept_shallow() -> None:
    inner = {"state": "accepted", "quoted_status": post(id="8")}
    status = quoting({"state": "accepted", "quoted_status": post(quote=inner)})
    assert status.quote is not None and status.quote.status is not None
    assert status.quote.status.quote == Quote("accepted", None, "8")  # no deeper posts
    assert quote_excerpt(status.quote.status.quote).note == NOT_LOADED
    assert unavailable(status.quote.status.quote) is None  # opened by its id


def test_the_excerpt_is_the_quoted_posts_text_on_one_line_cut_short() -> None:
    text = "<p>first</p><p>" + "word " * 200 + "</p>"
    found = quote_excerpt(Quote(status=Status.from_api(post(text))))
    assert found.shown and (found.author, found.acct) == ("Carol", "carol")
    assert "\n" not in found.text and found.text.startswith("first word")
    assert len(found.text) <= QUOTE_CHARS and found.text.endswith("…")


def test_hostile_text_in_a_quoted_post_stays_plain_text() -> None:
    hostile = post(f"<p>{HOSTILE}</p>", spoiler_text=HOSTILE,
                   account={"id": "3", "acct": HOSTILE, "display_name": HOSTILE},
                   media_attachments=[{"id": "m", "type": HOSTILE, "description": HOSTILE}])
    quote = quoting({"state": "accepted", "quoted_status": hostile}).quote
    assert quote is not None
    for show_all in (False, True):
        found = quote_excerpt(quote, show_all)
        for text in (found.author, found.acct, found.text, found.note, *found.media):
            assert not {ord(c) for c in text} & FORBIDDEN, text
        assert "[bold red]x[/]" in found.author  # shown as typed, never as markup
    assert "[bold red]x[/]" in quote_excerpt(quote, True).text


def test_a_quoted_post_behind_a_cw_or_a_filter_shows_it_until_s() -> None:
    cw = Quote(status=Status.from_api(post(spoiler_text="Spoilers")))
    assert quote_excerpt(cw).text == ""
    assert quote_excerpt(cw).note == "⚠ CW: Spoilers — press s to show"
    assert quote_excerpt(cw, show_all=True).text == "quoted text"
    filtered = Quote(status=Status.from_api(post(filtered=[
        {"filter": {"id": "1", "title": "Politics", "filter_action": "warn"}}])))
    assert quote_excerpt(filtered).note.startswith("⚠ Filtered: Politics")
    assert quote_excerpt(filtered, show_all=True).text == "quoted text"


@pytest.mark.parametrize("state", sorted(UNAVAILABLE))
def test_every_state_without_the_post_has_its_sentence(state: str) -> None:
    quote = Quote(state)
    assert quote_excerpt(quote).note == UNAVAILABLE[state] == unavailable(quote)
    assert not quote_excerpt(quote).shown


def test_an_unknown_state_is_never_shown_as_sent() -> None:
    quote = quoting({"state": "\x1b[31m[/]weird", "quoted_status": post()}).quote
    assert quote is not None
    assert quote_excerpt(quote).note == NOT_AVAILABLE == unavailable(quote)


LATER = datetime(2030, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("draft, answer, expected", [
    (PostDraft(text="x"), {}, ("Posted.", False)),
    (PostDraft(text="x", scheduled_at=LATER), {},
     ("Published now: a.example does not schedule posts.", True)),
    (PostDraft(text="x", quote_id="9"), {},
     ("Posted without the quote: a.example does not support quote posts.", True)),
    (PostDraft(text="x", quote_id="9", scheduled_at=LATER), {},
     ("Published now and without the quote: a.example does not schedule posts or support "
      "quote posts.", True)),
    (PostDraft(text="x", quote_id="9"), {"quote": {"state": "accepted",
                                                   "quoted_status": post()}},
     ("Posted.", False)),
    (PostDraft(text="x", quote_id="9"), {"quote": {"state": "pending",
                                                   "quoted_status": None}},
     ("Posted; the quote shows once the quoted post's author approves it.", False)),
])
def test_the_notice_says_what_the_server_did(draft: PostDraft, answer: dict[str, Any],
                                              expected: tuple[str, bool]) -> None:
    posted = Status.from_api({"id": "1", "content": "<p>x</p>", **answer})
    assert published_notice(draft, posted, "a.example") == expected
