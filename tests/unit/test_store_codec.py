"""fedtui.store.codec: model -> API JSON -> model is the identity, on every recorded body."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fedtui.core.model import Notification, Status
from fedtui.store.codec import notification_to_api, status_to_api

RECORDED = Path(__file__).parents[1] / "fixtures" / "mastodon-4.6.4"


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _bodies() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted(RECORDED.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "response" in data:
            for node in _walk(data["response"]["body"]):
                yield path.name, node


def _is_status(node: dict[str, Any]) -> bool:
    return {"content", "account", "visibility"} <= node.keys()


def _is_notification(node: dict[str, Any]) -> bool:
    return {"id", "type", "account", "created_at"} <= node.keys()


STATUSES = [(name, node) for name, node in _bodies() if _is_status(node)]
NOTIFICATIONS = [(name, node) for name, node in _bodies() if _is_notification(node)]


def test_the_fixtures_hold_many_shapes() -> None:
    assert len(STATUSES) > 200
    assert len(NOTIFICATIONS) > 5
    assert any(node.get("reblog") for _, node in STATUSES)
    assert any(node.get("poll") for _, node in STATUSES)
    assert any(node.get("media_attachments") for _, node in STATUSES)
    assert any(node.get("status") for _, node in NOTIFICATIONS)


@pytest.mark.parametrize(("name", "body"), STATUSES, ids=[n for n, _ in STATUSES])
def test_every_recorded_status_round_trips(name: str, body: dict[str, Any]) -> None:
    status = Status.from_api(body)
    encoded = status_to_api(status)
    assert Status.from_api(json.loads(json.dumps(encoded))) == status


@pytest.mark.parametrize(("name", "body"), NOTIFICATIONS, ids=[n for n, _ in NOTIFICATIONS])
def test_every_recorded_notification_round_trips(name: str, body: dict[str, Any]) -> None:
    notification = Notification.from_api(body)
    encoded = notification_to_api(notification)
    assert Notification.from_api(json.loads(json.dumps(encoded))) == notification


def test_dates_are_iso_strings() -> None:
    _, body = STATUSES[0]
    encoded = status_to_api(Status.from_api(body))
    assert isinstance(encoded["created_at"], str)
    assert datetime.fromisoformat(encoded["created_at"]) == Status.from_api(body).created_at
    assert isinstance(encoded["account"]["created_at"], str)


# --- hypothesis: arbitrary API-ish JSON (odd types included) ------------------------------

_text = st.text(max_size=12)
_times = st.one_of(
    st.none(),
    st.just("not a date"),
    st.datetimes(
        min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))]),
    ).map(lambda d: d.isoformat()),
)
_scalar = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), _text)
_account = st.fixed_dictionaries(
    {},
    optional={
        "id": _scalar, "username": _text, "acct": _text, "display_name": _text, "url": _text,
        "bot": _scalar, "followers_count": _scalar, "created_at": _times,
        "fields": st.lists(st.fixed_dictionaries(
            {"name": _text, "value": _text, "verified_at": _times}), max_size=2),
        "emojis": st.lists(st.fixed_dictionaries({"shortcode": _text, "url": _text}),
                           max_size=2),
    },
)
_poll = st.fixed_dictionaries(
    {"id": _text},
    optional={
        "options": st.lists(st.fixed_dictionaries(
            {"title": _text, "votes_count": st.one_of(st.none(), st.integers(0, 99))}),
            max_size=3),
        "expires_at": _times, "multiple": st.booleans(), "votes_count": _scalar,
        "voters_count": st.one_of(st.none(), st.integers(0, 9)),
        "own_votes": st.lists(st.one_of(st.integers(0, 3), _text), max_size=2),
    },
)
_status_fields = {
    "id": _scalar, "account": _account, "content": _text, "created_at": _times,
    "edited_at": _times, "url": st.one_of(st.none(), _text), "language": _scalar,
    "visibility": _text, "sensitive": _scalar, "in_reply_to_id": _scalar,
    "spoiler_text": _text, "replies_count": _scalar, "favourited": _scalar,
    "poll": st.one_of(st.none(), _poll),
    "card": st.one_of(st.none(), st.fixed_dictionaries(
        {"url": _text, "title": _text}, optional={"description": _text})),
    "media_attachments": st.lists(st.fixed_dictionaries(
        {"id": _text, "type": _text, "url": _text},
        optional={"description": st.one_of(st.none(), _text), "remote_url": _scalar}),
        max_size=2),
    "mentions": st.lists(st.fixed_dictionaries({"id": _text, "acct": _text}), max_size=2),
    "tags": st.lists(st.fixed_dictionaries({"name": _text}), max_size=2),
    "filtered": st.lists(st.fixed_dictionaries(
        {"filter": st.fixed_dictionaries({"id": _text, "title": _text},
                                         optional={"filter_action": _text}),
         "keyword_matches": st.one_of(st.none(), st.lists(_scalar, max_size=2))}),
        max_size=2),
}
_plain_status = st.fixed_dictionaries({}, optional=_status_fields)
_quote = st.one_of(  # Mastodon 4.5+ (full and shallow), Pleroma/Akkoma (the status itself)
    st.fixed_dictionaries({"state": _scalar},
                          optional={"quoted_status": st.one_of(st.none(), _plain_status),
                                    "quoted_status_id": _scalar}),
    _plain_status,
)
_quoting = st.one_of(
    st.builds(lambda outer, quote: {**outer, "quote": quote}, _plain_status, _quote),
    st.builds(lambda outer, quote, quote_id: {**outer, "pleroma": {
        "quote": quote, "quote_id": quote_id}}, _plain_status, st.one_of(st.none(), _quote),
        _scalar),
)
_status = st.one_of(
    _plain_status,
    _quoting,
    st.builds(lambda outer, inner: {**outer, "reblog": inner}, _plain_status, _quoting),
)


@settings(max_examples=200, deadline=None)
@given(_status)
def test_any_status_round_trips(body: dict[str, Any]) -> None:
    status = Status.from_api(body)
    assert Status.from_api(json.loads(json.dumps(status_to_api(status)))) == status


@settings(max_examples=100, deadline=None)
@given(st.fixed_dictionaries(
    {"type": _text, "account": _account},
    optional={"id": _scalar, "created_at": _times, "status": _status,
              "group_key": st.one_of(st.none(), _text)},
))
def test_any_notification_round_trips(body: dict[str, Any]) -> None:
    notification = Notification.from_api(body)
    encoded = json.loads(json.dumps(notification_to_api(notification)))
    assert Notification.from_api(encoded) == notification
