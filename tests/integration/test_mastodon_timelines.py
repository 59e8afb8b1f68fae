"""InstanceClient against a real mastodon-mock server: every pane kind, paging, lookups."""

from __future__ import annotations

from typing import Any

import pytest

from fedtui.core.model import Account, Notification, Status
from fedtui.core.panes import Page, PaneKind, PaneSpec
from fedtui.mastodon.client import Cursor, InstanceClient, InstanceInfo
from tests.integration.mastodon_support import fault


@pytest.fixture
def world(mock_server: Any) -> dict[str, Any]:
    """alice posts (public, tagged, a mention and a DM to bob); bob follows alice."""
    alice = mock_server.client("alice")
    bob = mock_server.client("bob")
    alice_id = alice.me().id
    bob.account_follow(alice_id)
    posts = [alice.status_post(f"post {i} #fedtui") for i in range(3)]
    mention = alice.status_post("@bob hello there")
    dm = alice.status_post("@bob a secret", visibility="direct")
    return {"alice": alice, "bob": bob, "alice_id": str(alice_id), "posts": posts,
            "mention": mention, "dm": dm,
            "client": InstanceClient(mock_server.base_url, "bob_token", timeout=10)}


def _ids(page: Page[Any]) -> list[str]:
    return [item.id for item in page.items]


def test_home_local_federated_hashtag_account(world: dict[str, Any]) -> None:
    client: InstanceClient = world["client"]
    expected = [str(world["mention"].id)] + [str(p.id) for p in reversed(world["posts"])]
    for spec in (PaneSpec(PaneKind.HOME), PaneSpec(PaneKind.LOCAL),
                 PaneSpec(PaneKind.FEDERATED), PaneSpec(PaneKind.ACCOUNT, world["alice_id"])):
        page = client.page(spec)
        assert all(isinstance(s, Status) for s in page.items), spec
        assert [i for i in _ids(page) if i != str(world["dm"].id)][:4] == expected, spec
        if spec.kind is not PaneKind.ACCOUNT:  # alice's DM to bob is on her profile for bob
            assert str(world["dm"].id) not in _ids(page), spec
    tagged = client.page(PaneSpec(PaneKind.HASHTAG, "#fedtui"))
    assert _ids(tagged) == [str(p.id) for p in reversed(world["posts"])]
    assert tagged.items[0].account.acct == "alice"
    assert "post 2" in tagged.items[0].content


def test_notifications_are_notifications(world: dict[str, Any]) -> None:
    page = world["client"].page(PaneSpec(PaneKind.NOTIFICATIONS))
    kinds = {(n.type, n.status.id if n.status else None) for n in page.items}
    assert all(isinstance(n, Notification) for n in page.items)
    assert ("mention", str(world["mention"].id)) in kinds


def test_bookmarks_favourites_conversations_list(world: dict[str, Any]) -> None:
    bob, client = world["bob"], world["client"]
    first, second, third = world["posts"]
    bob.status_bookmark(first.id)
    bob.status_bookmark(third.id)
    bob.status_favourite(second.id)
    assert set(_ids(client.page(PaneSpec(PaneKind.BOOKMARKS)))) == {str(first.id), str(third.id)}
    assert _ids(client.page(PaneSpec(PaneKind.FAVOURITES))) == [str(second.id)]

    conversations = client.page(PaneSpec(PaneKind.CONVERSATIONS))
    assert [s.id for s in conversations.items] == [str(world["dm"].id)]
    assert conversations.items[0].visibility == "direct"

    created = bob.list_create("Friends")
    bob.list_accounts_add(created.id, [world["alice_id"]])
    assert client.lists() == [(str(created.id), "Friends")]
    listed = client.page(PaneSpec(PaneKind.LIST, str(created.id), "Friends"))
    assert str(world["posts"][0].id) in _ids(listed)


def test_link_pagination_older_and_newer(mock_server: Any) -> None:
    alice = mock_server.client("alice")
    posted = [str(alice.status_post(f"n{i}").id) for i in range(12)]
    client = InstanceClient(mock_server.base_url, "alice_token")
    spec = PaneSpec(PaneKind.HOME)

    page = client.page(spec, limit=5)
    top = page
    seen = _ids(page)
    while page.older is not None:
        page = client.page(spec, page.older, limit=5)
        seen += _ids(page)
    assert seen == list(reversed(posted))  # newest first, nothing missing, no duplicates

    newer = client.page(spec, top.newer, limit=5)
    assert newer.items == []
    assert newer.newer == top.newer  # nothing yet: ask again from the same place
    fresh = [str(alice.status_post(f"m{i}").id) for i in range(7)]
    got: list[str] = []
    cursor = top.newer
    for _ in range(5):
        page = client.page(spec, cursor, limit=5)
        if not page.items:
            break
        got = _ids(page) + got
        cursor = page.newer
    assert got == list(reversed(fresh))


@pytest.mark.parametrize("kind", [PaneKind.BOOKMARKS, PaneKind.NOTIFICATIONS])
def test_link_pagination_of_non_timeline_lists(mock_server: Any, kind: PaneKind) -> None:
    alice, bob = mock_server.client("alice"), mock_server.client("bob")
    statuses = [alice.status_post(f"@bob ping {i}") for i in range(7)]
    for status in statuses:
        bob.status_bookmark(status.id)
    client = InstanceClient(mock_server.base_url, "bob_token")
    spec = PaneSpec(kind)
    page = client.page(spec, limit=3)
    items = list(page.items)
    while page.older is not None:
        page = client.page(spec, page.older, limit=3)
        items += page.items
    if kind is PaneKind.NOTIFICATIONS:  # the seed also has alice's follow of bob
        assert [n.type for n in items].count("follow") == 1
        items = [n for n in items if n.type == "mention"]
    found = [i.status.id if isinstance(i, Notification) and i.status else i.id for i in items]
    assert len(found) == len(set(found)) == 7
    assert set(found) == {str(s.id) for s in statuses}


def test_cursor_of_another_pane_is_refused(world: dict[str, Any]) -> None:
    client: InstanceClient = world["client"]
    page = client.page(PaneSpec(PaneKind.LOCAL), limit=2)
    assert isinstance(page.older, Cursor)
    with pytest.raises(ValueError):
        client.page(PaneSpec(PaneKind.HOME), page.older)


def test_thread_status_account_lookup_relationship_tags(world: dict[str, Any]) -> None:
    client: InstanceClient = world["client"]
    root = world["posts"][0]
    reply = world["bob"].status_reply(root, "a reply")
    status, context = client.thread(str(reply.id))
    assert status.id == str(reply.id)
    assert [s.id for s in context.ancestors] == [str(root.id)]
    assert client.status(str(root.id)).id == str(root.id)

    alice = client.lookup("@alice")
    assert isinstance(alice, Account)
    assert alice.id == world["alice_id"]
    assert client.account(alice.id).username == "alice"
    assert client.verify_credentials().username == "bob"
    rel = client.relationship(alice.id)
    assert rel.following and not rel.blocking

    world["bob"].tag_follow("fedtui")
    assert client.followed_tags() == ["fedtui"]


def test_instance_info_v2_and_v1_fallback(mock_server: Any) -> None:
    client = InstanceClient(mock_server.base_url, None)
    info = client.instance()
    assert isinstance(info, InstanceInfo)
    assert info.title and info.version and info.domain
    assert info.max_characters >= 500
    assert info.streaming_url is not None
    with fault(mock_server.base_url, path_regex=r"^/api/v2/instance", status=404):
        old = InstanceClient(mock_server.base_url, None).instance()
    assert (old.title, old.version, old.domain) == (info.title, info.version, info.domain)
