"""fedtui.core.model against every recorded Mastodon 4.6.4 response, rendered end to end."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from fedtui.core.filters import FilterAction, filter_verdict
from fedtui.core.model import EPOCH, Account, FilterMatch, Notification, Status
from fedtui.core.render import (
    Span,
    SpanKind,
    display_name,
    media_lines,
    poll_lines,
    render_html,
    status_links,
)
from fedtui.core.sanitize import FORBIDDEN

RECORDED = Path(__file__).parents[1] / "fixtures" / "mastodon-4.6.4"
FILES = sorted(p for p in RECORDED.glob("*.json") if p.name != "INDEX.json")


@cache
def body(name: str) -> Any:
    return json.loads((RECORDED / name).read_text("utf-8"))["response"]["body"]


def _walk(value: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        yield value
        for child in value.values():
            yield from _walk(child)
    elif isinstance(value, list):
        for child in value:
            yield from _walk(child)


def _is_status(data: Mapping[str, Any]) -> bool:
    return isinstance(data.get("account"), Mapping) and "content" in data and "visibility" in data


def _is_notification(data: Mapping[str, Any]) -> bool:
    return (isinstance(data.get("account"), Mapping) and isinstance(data.get("type"), str)
            and "content" not in data)


def shaped(predicate: Any) -> list[tuple[str, Mapping[str, Any]]]:
    return [(p.name, d) for p in FILES for d in _walk(body(p.name)) if predicate(d)]


STATUSES = shaped(_is_status)
NOTIFICATIONS = shaped(_is_notification)
NOW = datetime(2026, 8, 1, 13, 55, tzinfo=UTC)


def test_fixtures_cover_enough() -> None:
    assert len(FILES) == 453
    assert len(STATUSES) > 250
    assert len({name for name, _ in STATUSES}) > 100
    assert len(NOTIFICATIONS) >= 14


def _assert_safe(text: str) -> None:
    assert not any(ord(char) in FORBIDDEN for char in text), repr(text)


def check_status(status: Status, data: Mapping[str, Any]) -> None:
    assert status.id == data["id"] and status.id
    assert status.account.id == data["account"]["id"] and status.account.id
    assert status.created_at != EPOCH and status.created_at.tzinfo is not None
    assert status.visibility in ("public", "unlisted", "private", "direct")
    rich = render_html(status.content, status.emojis)
    if "<p>" in status.content:
        assert rich.blocks
    for block in rich.blocks:
        for span in block.spans:
            _assert_safe(span.text)
    assert display_name(status.account)
    assert len(media_lines(status)) == len(status.shown.media)
    for link in status_links(status):
        assert link.startswith(("http://", "https://"))
    if status.poll is not None:
        assert len(poll_lines(status.poll, NOW)) == len(status.poll.options) + 1
    if data.get("reblog"):
        assert status.reblog is not None and status.shown is status.reblog
    if data.get("edited_at"):
        assert status.edited_at is not None


@pytest.mark.parametrize(("name", "data"), STATUSES, ids=[n for n, _ in STATUSES])
def test_every_recorded_status_parses_and_renders(name: str, data: Mapping[str, Any]) -> None:
    check_status(Status.from_api(data), data)


@pytest.mark.parametrize(("name", "data"), NOTIFICATIONS, ids=[n for n, _ in NOTIFICATIONS])
def test_every_recorded_notification_parses(name: str, data: Mapping[str, Any]) -> None:
    notification = Notification.from_api(data)
    assert notification.id == data["id"] and notification.type == data["type"]
    assert display_name(notification.account)
    assert notification.created_at != EPOCH
    if data.get("status"):
        assert notification.status is not None
        check_status(notification.status, data["status"])


def test_home_timeline_page() -> None:
    page = [Status.from_api(d) for d in body("api_v1_timelines_home__GET_002.json")]
    assert len(page) == 13
    ids = [status.id for status in page]
    assert ids == sorted(ids, key=lambda i: (len(i), i), reverse=True)


def test_poll_fixture() -> None:
    status = Status.from_api(body("api_v1_timelines_home__GET_002.json")[11])
    assert render_html(status.content).plain == "nice"
    poll = status.poll
    assert poll is not None
    assert [o.title for o in poll.options] == ["four twenty", "sixty-nine"]
    assert [o.votes_count for o in poll.options] == [0, 1]
    assert (poll.voted, poll.own_votes, poll.multiple) == (True, (1,), False)
    assert poll.expires_at == datetime(2026, 8, 1, 13, 58, 7, 715000, tzinfo=UTC)
    assert poll_lines(poll, NOW) == [
        "  ░░░░░░░░░░   0% four twenty",
        "✓ ██████████ 100% sixty-nine",
        "1 person · voted · closes in 3m",
    ]


def test_edited_fixture() -> None:
    status = Status.from_api(body("api_v1_statuses_ID__PUT_001.json"))
    assert status.edited_at == datetime(2026, 8, 1, 13, 54, 0, 695000, tzinfo=UTC)
    assert render_html(status.content).plain == (
        "the best editor? why, of course it is the KDE Advanced Text Editor, Kate")


def test_content_warning_fixture() -> None:
    status = Status.from_api(body("api_v1_statuses__POST_022.json"))
    assert (status.spoiler_text, status.sensitive) == ("Content warning", True)
    assert render_html(status.content).plain == "Toot!"


def test_card_fixture() -> None:
    status = Status.from_api(body("api_v1_statuses_ID__GET_004.json"))
    assert status.card is not None and status.card.title == "Example Domain"
    assert render_html(status.content).blocks[0].spans == (
        Span("example.org/", SpanKind.LINK, "http://example.org/"),)
    assert status_links(status) == ("http://example.org/",)


def test_boost_fixture() -> None:
    boost = Status.from_api(body("api_v1_statuses_ID_reblog__POST_001.json"))
    assert boost.reblog is not None
    assert (boost.account.acct, boost.shown.account.acct) == ("admin", "mastodonpy_test_2")
    assert render_html(boost.shown.content).plain == "rootin tooting and shootin"


def test_video_fixture() -> None:
    status = Status.from_api(body("api_v1_statuses__POST_012.json"))
    assert media_lines(status) == ["[video] me when a cat"]


def test_mention_notification_fixture() -> None:
    notification = Notification.from_api(body("api_v1_notifications__GET_003.json")[0])
    assert (notification.id, notification.type, notification.account.acct) == (
        "20", "mention", "admin")
    assert notification.status is not None
    assert render_html(notification.status.content).blocks[0].spans == (
        Span("@mastodonpy_test", SpanKind.MENTION, "http://localhost:3000/@mastodonpy_test"),
        Span(" hello!"),
    )


def test_streaming_events_parse() -> None:
    events = body("api_v1_streaming_user__GET_001.json")
    kinds = [e.get("event") for e in events if "event" in e]
    assert kinds == ["update", "notification", "update", "notification", "status.update",
                     "delete"]
    edited = Status.from_api(events[5]["data"])
    assert edited.id == Status.from_api(events[1]["data"]).id and edited.edited_at is not None
    assert Notification.from_api(events[2]["data"]).type == "mention"
    assert events[6]["data"] == edited.id


@pytest.mark.parametrize(
    ("name", "title", "action", "context"),
    [("api_v2_filters__POST_001.json", "Test Filter", "warn", ("home", "public")),
     ("api_v2_filters__POST_002.json", "Status Filter Test", "warn", ("home",)),
     ("api_v2_filters_ID__PUT_001.json", "Updated Title", "hide", ("home", "public"))],
)
def test_filters_v2_fixtures_give_filter_matches(
    name: str, title: str, action: str, context: tuple[str, ...]
) -> None:
    match = FilterMatch.from_api({"filter": body(name), "keyword_matches": ["spam"],
                                  "status_matches": None})
    assert (match.title, match.action, match.context) == (title, action, context)
    assert match.keyword_matches == ("spam",) and match.filter_id
    data = dict(body("api_v1_statuses_ID__GET_004.json"))
    data["filtered"] = [{"filter": body(name), "keyword_matches": ["spam"]}]
    verdict = filter_verdict(Status.from_api(data), "home")
    assert (verdict.action, verdict.titles) == (FilterAction(action), (title,))


def test_mastodon_py_entities_with_datetimes() -> None:
    data = dict(body("api_v1_statuses__POST_022.json"))
    data["created_at"] = datetime(2026, 8, 1, 13, 0)
    data["account"] = {**data["account"], "created_at": datetime(2026, 1, 1, tzinfo=UTC)}
    status = Status.from_api(data)
    assert status.created_at == datetime(2026, 8, 1, 13, 0, tzinfo=UTC)
    assert status.account.created_at == datetime(2026, 1, 1, tzinfo=UTC)


def test_local_times_become_utc_and_keep_no_tzinfo_object_per_post() -> None:
    """Mastodon.py gives each datetime a `tzlocal()` of its own: kept, one per post."""
    local = timezone(timedelta(hours=2))
    data = dict(body("api_v1_statuses__POST_022.json"))
    data["created_at"] = datetime(2026, 8, 1, 15, 0, tzinfo=local)
    status = Status.from_api(data)
    assert status.created_at == datetime(2026, 8, 1, 13, 0, tzinfo=UTC)
    assert status.created_at.tzinfo is UTC


def test_malformed_json_costs_fields_not_the_status() -> None:
    status = Status.from_api({"id": 5, "account": "nope", "content": None, "created_at": "x",
                              "media_attachments": "no", "poll": [], "replies_count": "n",
                              "filtered": [{"filter": None}], "reblog": {"id": "9"}})
    assert (status.id, status.content, status.created_at, status.media) == ("5", "", EPOCH, ())
    assert status.account == Account.from_api({}) and status.poll is None
    assert status.replies_count == 0 and status.filtered[0].action == "warn"
    assert status.shown.id == "9"
    assert render_html(status.content).blocks == ()


@pytest.mark.parametrize("value", [{"a": 1}, ["x"], True])
def test_a_text_field_sent_as_an_object_is_no_text(value: object) -> None:
    """A display name sent as an object showed as "AttribAccessDict([('a', 1)])"."""
    account = Account.from_api({"id": 7, "username": "bob", "acct": "bob",
                                "display_name": value, "note": value})
    assert account.display_name == "" and account.name == "bob"
    assert account.id == "7"  # a number where a string belongs is still its text
