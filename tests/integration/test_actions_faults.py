"""Failures while posting (the idempotency key prevents double posts), and grouped
notifications with their v1 fallback, against mastodon-mock."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from fedtui.core.model import Notification, NotificationGroup, Status
from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.errors import ApiError, NetworkError, RateLimited
from fedtui.mastodon.actions import Actions, PostDraft
from fedtui.mastodon.client import InstanceClient
from tests.integration.actions_support import SlowAnswers, actions_for, own_statuses
from tests.integration.mastodon_support import wait_for


def test_500_then_retry_with_the_same_key_posts_once(mock_server: Any) -> None:
    bob = actions_for(mock_server, "bob")
    key = str(uuid.uuid4())
    draft = PostDraft(text="only once please")
    with mock_server.fault(path="/api/v1/statuses", methods=["POST"], status=500, count=1):
        with pytest.raises(ApiError) as err:
            bob.post(draft, key)
        assert err.value.status == 500
        posted = bob.post(draft, key)
    assert isinstance(posted, Status)
    again = bob.post(draft, key)  # a third try still finds the first post
    assert isinstance(again, Status) and again.id == posted.id
    assert [s.id for s in own_statuses(mock_server, "bob")] == [posted.id]


def test_answer_lost_after_the_server_posted_then_retry_posts_once(mock_server: Any) -> None:
    """The server creates the status but the answer never arrives (the connection drops):
    the retry with the same key gets the same status back."""
    bob = actions_for(mock_server, "bob")
    dropped: list[str] = []

    def drop_first_answer(response: Any, *args: Any, **kwargs: Any) -> Any:
        if response.request.method == "POST" and response.request.path_url == (
                "/api/v1/statuses") and not dropped:
            dropped.append(response.json()["id"])
            raise requests.exceptions.ConnectionError("connection reset by peer")
        return response

    bob.client.api.session.hooks["response"].append(drop_first_answer)
    key = str(uuid.uuid4())
    with pytest.raises(NetworkError):
        bob.post(PostDraft(text="did it go through?"), key)
    retried = bob.post(PostDraft(text="did it go through?"), key)
    assert isinstance(retried, Status)
    assert retried.id == dropped[0]
    assert [s.id for s in own_statuses(mock_server, "bob")] == [retried.id]


def test_timeout_then_retry_with_the_same_key_posts_once(mock_server: Any) -> None:
    """The server creates the status but answers after the client's timeout; the retry
    with the same key returns that status instead of posting a second one."""
    key = str(uuid.uuid4())
    draft = PostDraft(text="slow server")
    with SlowAnswers(mock_server.port, delay=6.0) as relay:
        slow = Actions(InstanceClient(relay.url, "bob_token", timeout=2.0))
        started = datetime.now(UTC)
        with pytest.raises(NetworkError, match="did not answer"):
            slow.post(draft, key)
        # the relay passes the request on while it is open (a busy machine may be slow)
        assert wait_for(lambda: len(own_statuses(mock_server, "bob")) == 1)
    first = own_statuses(mock_server, "bob")[0]
    retried = actions_for(mock_server, "bob").post(draft, key)
    assert isinstance(retried, Status)
    assert retried.id == first.id and retried.created_at >= started
    assert [s.id for s in own_statuses(mock_server, "bob")] == [retried.id]
    with mock_server.fault(path="/api/v1/statuses", methods=["POST"], type="latency",
                           delay_ms=1500, count=1):  # slow before the server acts
        with pytest.raises(NetworkError):
            actions_for(mock_server, "bob", timeout=0.4).post(draft, "other-key")
        again = actions_for(mock_server, "bob").post(draft, "other-key")
    assert len(own_statuses(mock_server, "bob")) == 2 and isinstance(again, Status)
    time.sleep(1.2)  # whatever the first slow request did has finished by now
    assert len(own_statuses(mock_server, "bob")) == 2


def test_422_gives_the_servers_message(mock_server: Any) -> None:
    bob = actions_for(mock_server, "bob")
    with pytest.raises(ApiError) as err:
        bob.post(PostDraft(text="   "), str(uuid.uuid4()))
    assert err.value.status == 422
    assert "Text can't be blank" in str(err.value)


def test_429_is_rate_limited_with_retry_after(mock_server: Any) -> None:
    bob = actions_for(mock_server, "bob")
    with mock_server.fault(path="/api/v1/statuses", methods=["POST"], type="ratelimit",
                           headers={"Retry-After": "42"}, count=1), \
            pytest.raises(RateLimited) as err:
        bob.post(PostDraft(text="hi"), str(uuid.uuid4()))
    assert err.value.retry_after == pytest.approx(42, abs=1)
    assert own_statuses(mock_server, "bob") == []


def test_unknown_visibility_is_refused_before_sending(mock_server: Any) -> None:
    with pytest.raises(ApiError, match="visibility"):
        actions_for(mock_server, "bob").post(PostDraft(text="x", visibility="friends"), "k")


# --- grouped notifications -----------------------------------------------------------

def _favourited_twice(server: Any) -> Status:
    target = actions_for(server, "bob").post(PostDraft(text="fav me"), str(uuid.uuid4()))
    assert isinstance(target, Status)
    actions_for(server, "alice").favourite(target.id)
    actions_for(server, "carol").favourite(target.id)
    actions_for(server, "alice").post(PostDraft(text="@bob hello"), str(uuid.uuid4()))
    return target


def test_grouped_notifications(mock_server: Any) -> None:
    target = _favourited_twice(mock_server)
    client = actions_for(mock_server, "bob").client
    page = client.notifications_page()
    assert client.grouped_notifications is True
    assert all(isinstance(n, NotificationGroup) for n in page.items)
    favs = [n for n in page.items if n.type == "favourite"]
    assert len(favs) == 1
    group = favs[0]
    assert isinstance(group, NotificationGroup)
    assert group.notifications_count == 2
    assert sorted(a.acct for a in group.sample_accounts) == ["alice", "carol"]
    assert group.status is not None and group.status.id == target.id
    assert group.group_key and group.latest_page_notification_at is not None
    assert group.account == group.sample_accounts[0]
    mentions = client.notifications_page(types=("mention",))
    assert [n.type for n in mentions.items] == ["mention"]
    # the pane uses the same path
    pane = client.page(PaneSpec(PaneKind.NOTIFICATIONS))
    assert [n.id for n in pane.items] == [n.id for n in page.items]


def test_grouped_notifications_page_older(mock_server: Any) -> None:
    _favourited_twice(mock_server)
    client = actions_for(mock_server, "bob").client
    first = client.notifications_page(limit=1)
    assert len(first.items) == 1 and first.older is not None
    second = client.notifications_page(first.older, limit=1)
    assert len(second.items) == 1
    assert second.items[0].id != first.items[0].id


def test_v1_fallback_when_grouped_is_missing(mock_server: Any) -> None:
    _favourited_twice(mock_server)
    client = actions_for(mock_server, "bob").client
    with mock_server.fault(path="/api/v2/notifications", status=404):
        page = client.notifications_page()
        assert client.grouped_notifications is False
        assert page.items and all(type(n) is Notification for n in page.items)
        assert [n.type for n in page.items].count("favourite") == 2
        again = client.page(PaneSpec(PaneKind.NOTIFICATIONS))  # remembered: no v2 retry
        assert all(type(n) is Notification for n in again.items)
    forced = client.notifications_page(grouped=True)
    assert all(isinstance(n, NotificationGroup) for n in forced.items)


def test_grouped_notifications_are_cached_with_their_group(mock_server: Any) -> None:
    from fedtui.store.cache import TimelineCache
    from fedtui.store.db import Database

    _favourited_twice(mock_server)
    page = actions_for(mock_server, "bob").client.notifications_page()
    with Database() as db:
        cache = TimelineCache(db)
        cache.save("bob", "notifications", list(page.items))
        assert cache.load("bob", "notifications") == list(page.items)
