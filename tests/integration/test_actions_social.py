"""Post and account actions against mastodon-mock: boosts, favourites, bookmarks, follows,
mutes, blocks, reports, follow requests, notifications, search, hashtags, markers, filters."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from fedtui.core.capabilities import Feature, FeatureMissing
from fedtui.core.model import Status
from fedtui.errors import ApiError
from fedtui.mastodon.actions import PostDraft
from tests.integration.actions_support import actions_for


def key() -> str:
    return str(uuid.uuid4())


def account_id(server: Any, username: str) -> str:
    return str(server.client(username).me().id)


def post(server: Any, username: str, text: str) -> Status:
    result = actions_for(server, username).post(PostDraft(text=text), key())
    assert isinstance(result, Status)
    return result


def test_boost_favourite_bookmark_and_undo(mock_server: Any) -> None:
    bob = actions_for(mock_server, "bob")
    target = post(mock_server, "alice", "boost me")
    boosted = bob.boost(target.id)
    assert boosted.id == target.id and boosted.reblogged and boosted.reblogs_count == 1
    faved = bob.favourite(target.id)
    assert faved.favourited and faved.favourites_count == 1
    marked = bob.bookmark(target.id)
    assert marked.bookmarked
    assert bob.boost(target.id, undo=True).reblogs_count == 0
    unfaved = bob.favourite(target.id, undo=True)
    assert not unfaved.favourited and unfaved.favourites_count == 0
    assert not bob.bookmark(target.id, undo=True).bookmarked


def test_follow_and_unfollow(mock_server: Any) -> None:
    alice = actions_for(mock_server, "alice")
    bob_id = account_id(mock_server, "bob")
    assert not alice.follow(bob_id, undo=True).following  # the seed has alice -> bob
    assert alice.follow(bob_id).following


def test_mute_with_duration_and_block(mock_server: Any) -> None:
    bob = actions_for(mock_server, "bob")
    alice_id = account_id(mock_server, "alice")
    before = datetime.now(UTC)
    muted = bob.mute(alice_id, duration=3600)
    assert muted.muting
    assert muted.muting_expires_at is not None
    assert before + timedelta(minutes=59) < muted.muting_expires_at < before + timedelta(
        minutes=61)
    forever = bob.mute(alice_id)
    assert forever.muting and forever.muting_expires_at is None
    assert not bob.mute(alice_id, undo=True).muting
    assert bob.block(alice_id).blocking
    assert not bob.block(alice_id, undo=True).blocking


def test_follow_requests_of_a_locked_account(mock_server: Any) -> None:
    carol = actions_for(mock_server, "carol")
    carol_id = account_id(mock_server, "carol")
    asked = actions_for(mock_server, "bob").follow(carol_id)
    assert asked.requested and not asked.following
    actions_for(mock_server, "alice").follow(carol_id)
    requests = carol.follow_requests()
    assert sorted(a.acct for a in requests) == ["alice", "bob"]
    by_name = {a.acct: a.id for a in requests}
    assert carol.answer_follow_request(by_name["bob"], accept=True).followed_by
    assert not carol.answer_follow_request(by_name["alice"], accept=False).followed_by
    assert carol.follow_requests() == []
    bob_sees = actions_for(mock_server, "bob").client.relationship(carol_id)
    assert bob_sees.following


@pytest.fixture(scope="module")
def ruled_server() -> Iterator[Any]:
    """A mastodon-mock with instance rules (the shared fixture has none)."""
    from mastodon_mock.config import DatabaseConfig, MastodonMockConfig
    from mastodon_mock.testing.seed import DEFAULT_TEST_SEED
    from mastodon_mock.testing.server import MockServer

    config = MastodonMockConfig(database=DatabaseConfig(path=":memory:"),
                                seed=DEFAULT_TEST_SEED,
                                rules=["Be kind.", "No spam.", "Use content warnings."])
    server = MockServer(config=config).start()
    try:
        yield server
    finally:
        server.stop()


def test_report_with_rules_and_forward(ruled_server: Any) -> None:
    httpx.post(f"{ruled_server.base_url}/api/v1/_mock/reset", timeout=10).raise_for_status()
    bob = actions_for(ruled_server, "bob")
    rules = bob.rules()
    assert [r.text for r in rules] == ["Be kind.", "No spam.", "Use content warnings."]
    spam = post(ruled_server, "alice", "buy now")
    alice_id = account_id(ruled_server, "alice")
    sent: list[dict[str, Any]] = []  # the server's Report entity, as answered
    bob.client.api.session.hooks["response"].append(
        lambda r, *a, **k: sent.append(r.json()) if r.request.path_url.startswith("/api/v1/reports")
        else None)
    bob.report(alice_id, status_ids=[spam.id], comment="spam bot", category="violation",
               rule_ids=[rules[1].id], forward=True)
    assert len(sent) == 1
    report = sent[0]
    assert report["comment"] == "spam bot" and report["category"] == "violation"
    assert report["forwarded"] is True
    assert [str(r) for r in report["rule_ids"]] == [rules[1].id]
    assert [str(i) for i in report["status_ids"]] == [spam.id]
    # and the moderators see it (mastodon-mock lets any account read the admin API)
    listed = httpx.get(f"{ruled_server.base_url}/api/v1/admin/reports", timeout=10,
                       headers={"Authorization": "Bearer carol_token"}).json()
    assert [r["id"] for r in listed] == [report["id"]]
    with pytest.raises(ApiError, match="category"):
        bob.report(alice_id, category="bogus")


def test_dismiss_notification(server: Any) -> None:
    bob = actions_for(server, "bob")
    target = post(server, "bob", "fav me")
    actions_for(server, "carol").favourite(target.id)
    page = bob.client.notifications_page(grouped=False, types=("favourite",))
    assert [n.type for n in page.items] == ["favourite"]
    bob.dismiss_notification(page.items[0].id)
    assert bob.client.notifications_page(grouped=False, types=("favourite",)).items == []


def test_search_accounts_hashtags_statuses(server: Any) -> None:
    bob = actions_for(server, "bob")
    post(server, "alice", "I like #gardening a lot")
    found = bob.search("alice")
    assert "alice" in [a.acct for a in found.accounts]
    tags = bob.search("gardening", kind="hashtags")
    assert tags.hashtags == ("gardening",) and tags.accounts == () and tags.statuses == ()
    statuses = bob.search("gardening", kind="statuses")
    assert [s.account.acct for s in statuses.statuses] == ["alice"]
    assert bob.search("   ").accounts == ()
    with pytest.raises(ApiError, match="search kind"):
        bob.search("x", kind="people")


def test_follow_tag(mock_server: Any) -> None:
    bob = actions_for(mock_server, "bob")
    assert not bob.tag_followed("gardening")
    bob.follow_tag("#gardening")
    assert bob.tag_followed("gardening")
    assert "gardening" in bob.client.followed_tags()
    bob.follow_tag("gardening", undo=True)
    assert not bob.tag_followed("gardening")


def test_markers_round_trip(server: Any) -> None:
    bob = actions_for(server, "bob")
    assert bob.markers() == {}
    first = post(server, "alice", "one")
    saved = bob.save_marker("home", first.id)
    if server.minimal:  # no reading positions there: nothing kept, nothing failed
        assert saved is None and bob.markers() == {}
        assert Feature.MARKERS in bob.client.capabilities.missing
        return
    assert saved is not None
    assert saved.timeline == "home" and saved.last_read_id == first.id
    assert saved.updated_at is not None
    markers = bob.markers()
    assert markers["home"].last_read_id == first.id
    assert "notifications" not in markers
    bob.save_marker("notifications", "12345")
    assert bob.markers(("notifications",))["notifications"].last_read_id == "12345"


def test_filters_create_edit_delete(server: Any) -> None:
    bob = actions_for(server, "bob")
    assert bob.filters() == []
    if server.minimal:  # filters cannot be created there: said with a calm sentence
        with pytest.raises(FeatureMissing, match="does not let apps create"):
            bob.create_filter("Spoilers", ["home", "public"], ["finale"])
        return
    created = bob.create_filter("Spoilers", ["home", "public"], ["finale", "ending"],
                                action="warn", expires_in=3600)
    assert created.title == "Spoilers" and created.context == ("home", "public")
    assert sorted(created.keywords) == ["ending", "finale"]
    assert created.expires_at is not None
    edited = bob.update_filter(created.id, title="TV spoilers", action="hide",
                               keywords=["finale", "season 2"])
    assert edited.title == "TV spoilers" and edited.action == "hide"
    assert sorted(edited.keywords) == ["finale", "season 2"]
    assert [f.id for f in bob.filters()] == [created.id]
    bob.delete_filter(created.id)
    assert bob.filters() == []
    with pytest.raises(ApiError, match="applies to"):
        bob.create_filter("x", ["everywhere"], ["y"])
