"""The explain service (fedtui.app.explain) through Mastodon.py against mastodon-mock: pins
of a profile, a server without followed tags or lists, what is asked and how often."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fedtui.app.explain import Explainer
from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.core.provenance import Fact, Origin, Why
from fedtui.mastodon.client import InstanceClient
from tests.integration.minimal_server import MinimalServer, Profile
from tests.integration.provenance_world import seed


def explainer(base_url: str) -> tuple[InstanceClient, Explainer]:
    client = InstanceClient(base_url, "alice_token")
    return client, Explainer(lambda: client, client.verify_credentials,
                             lambda: datetime.now(UTC))


def test_a_profile_pane_knows_its_pinned_posts(mock_server: Any) -> None:
    world = seed(mock_server.base_url)
    client, service = explainer(mock_server.base_url)
    spec = PaneSpec(PaneKind.ACCOUNT, world.accounts["hank"], "@hank")
    items = client.page(spec).items
    found = service.explain(items, Origin.of_pane(spec), profile=world.accounts["hank"])
    pinned = {item_id for item_id, facts in found.facts.items() if Fact(Why.PINNED) in facts}
    assert pinned == {world.ids["hank_news"]}
    assert found.facts[world.ids["hank_news"]][0].sentence() == (
        "It came from the profile of @hank.")
    assert found.notes == ()


def test_a_server_without_followed_tags_or_lists_says_so_and_explains_the_rest(
        mock_server: Any) -> None:
    world = seed(mock_server.base_url)
    bare = Profile("bare", "4.2.0", missing=("GET /api/v1/followed_tags",
                                             "GET /api/v1/lists.*"))
    with MinimalServer(mock_server.base_url, bare) as relay:
        client, service = explainer(relay.base_url)
        items = client.page(PaneSpec(PaneKind.HOME)).items
        found = service.explain(items, Origin("home"))
        assert [note.split(":")[0] for note in found.notes] == [
            "Could not read the hashtags you follow", "Could not read your lists"]
        erin = found.facts[world.ids["erin_mention"]]
        assert [f.why for f in erin] == [Why.SOURCE, Why.FOLLOWED_AUTHOR, Why.MENTIONS_YOU]
        boost = found.facts[world.ids["erin_boost"]]
        assert Fact(Why.BOOSTED_BY, ("frank", "erin")) in boost


def test_the_readers_data_is_asked_once_and_the_focus_adds_one_request(
        mock_server: Any) -> None:
    world = seed(mock_server.base_url)
    with MinimalServer(mock_server.base_url, Profile("full", "4.6.0")) as relay:
        client, service = explainer(relay.base_url)
        items = client.page(PaneSpec(PaneKind.HOME)).items
        start = relay.mark()
        service.explain(items, Origin("home"))
        asked = relay.since(start)
        assert len(asked) <= 10  # me, following, tags, lists, 2 lists' members, own posts
        assert "GET /api/v1/followed_tags" in asked and "GET /api/v1/lists" in asked
        start = relay.mark()
        found = service.explain(items, Origin("home"), focus=world.ids["hank_news"])
        assert relay.since(start) == [f"GET /api/v1/statuses/{world.ids['hank_news']}"
                                      "/reblogged_by"]
        assert Fact(Why.BOOSTED_BY_OTHERS, ("gina",)) in found.facts[world.ids["erin_boost"]]


def test_a_follow_made_since_counts_once_the_reader_is_forgotten(mock_server: Any) -> None:
    world = seed(mock_server.base_url)
    client, service = explainer(mock_server.base_url)
    items = client.page(PaneSpec(PaneKind.LOCAL)).items
    gina = world.ids["gina_birds"]
    assert Why.FOLLOWED_AUTHOR not in {f.why for f in service.explain(items, Origin("local"))
                                       .facts[gina]}
    world.api("alice").account_follow(world.accounts["gina"])
    cached = service.explain(items, Origin("local")).facts[gina]
    assert Why.FOLLOWED_AUTHOR not in {f.why for f in cached}  # asked ten minutes at most ago
    service.forget()
    assert Fact(Why.FOLLOWED_AUTHOR, ("gina",)) in service.explain(
        items, Origin("local")).facts[gina]
