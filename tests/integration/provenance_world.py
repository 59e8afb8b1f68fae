"""A mastodon-mock world whose "why am I seeing this" answers are known in advance.

The reader is alice. She follows bob (seeded), erin and frank, and the hashtag #birds;
her list "Close friends" holds bob, her list "Birders" erin and frank. gina and hank are
strangers. `TRUTH` says, per timeline, which posts appear and every reason for each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest


@dataclass
class World:
    base_url: str
    tokens: dict[str, str]
    ids: dict[str, str] = field(default_factory=dict)  # post label -> status id
    accounts: dict[str, str] = field(default_factory=dict)  # username -> account id

    def api(self, who: str) -> Any:
        from mastodon import Mastodon

        return Mastodon(access_token=self.tokens[who], api_base_url=self.base_url)

    def label_of(self, status_id: str) -> str:
        return next(label for label, sid in self.ids.items() if sid == status_id)


def seed(base_url: str) -> World:
    tokens = {"alice": "alice_token", "bob": "bob_token"}
    for name in ("erin", "frank", "gina", "hank"):
        made = httpx.post(f"{base_url}/api/v1/_mock/dev_user", json={"username": name},
                          timeout=10)
        made.raise_for_status()
        tokens[name] = made.json()["access_token"]
    world = World(base_url, tokens)
    api = {name: world.api(name) for name in tokens}
    world.accounts = {name: str(api[name].me()["id"]) for name in tokens}
    alice = api["alice"]
    for name in ("erin", "frank"):
        alice.account_follow(world.accounts[name])
    alice.tag_follow("birds")
    friends = alice.list_create("Close friends")
    alice.list_accounts_add(friends["id"], [world.accounts["bob"]])
    birders = alice.list_create("Birders")
    alice.list_accounts_add(birders["id"], [world.accounts["erin"], world.accounts["frank"]])

    def post(label: str, who: str, text: str, **kw: Any) -> None:
        world.ids[label] = str(api[who].status_post(text, **kw)["id"])

    post("bob_hello", "bob", "Hello from bob")
    post("gina_birds", "gina", "A heron at dawn #Birds")
    post("hank_news", "hank", "Big news from hank")
    for booster in ("erin", "frank", "gina"):
        boost = api[booster].status_reblog(world.ids["hank_news"])
        world.ids[f"{booster}_boost"] = str(boost["id"])
    post("erin_mention", "erin", "@alice look at this")
    post("bob_root", "bob", "A thread root by bob")
    post("alice_reply", "alice", "alice joins in", in_reply_to_id=world.ids["bob_root"])
    post("frank_in_thread", "frank", "frank replies to the root",
         in_reply_to_id=world.ids["bob_root"])
    post("bob_to_alice", "bob", "@alice bob answers alice", in_reply_to_id=world.ids["alice_reply"])
    post("alice_own", "alice", "alice's own post")
    alice.status_bookmark(world.ids["bob_hello"])
    alice.status_favourite(world.ids["gina_birds"])
    api["gina"].status_favourite(world.ids["alice_own"])
    api["hank"].account_follow(world.accounts["alice"])
    api["hank"].status_pin(world.ids["hank_news"])
    alice.create_filter_v2("Herons", ["home", "public", "notifications"], "warn",
                           keywords_attributes=[{"keyword": "heron"}])
    return world


def followed(who: str, *lists: str) -> set[tuple[str, tuple[str, ...], str]]:
    """The author is followed (and in these lists)."""
    facts = {("followed_author", (who,), "")}
    facts |= {("in_list", tuple(lists), who)} if lists else set()
    return facts


MENTIONS = ("mentions_you", (), "")
TO_YOU = ("thread_you_joined", (), "to you")
IN_BOBS_THREAD = ("thread_you_joined", (), "bob_root")  # the detail names the post replied to
MINE = ("your_post", (), "")
BOOSTERS = {("boosted_by", ("erin", "frank"), ""), ("in_list", ("birders",), "erin"),
            ("in_list", ("birders",), "frank")}

#: Every reason of every post, wherever it shows (the pane's source fact comes on top).
POSTS: dict[str, set[tuple[str, tuple[str, ...], str]]] = {
    "alice_own": {MINE},
    "alice_reply": {MINE, IN_BOBS_THREAD},
    "bob_hello": followed("bob", "close friends"),
    "bob_root": followed("bob", "close friends"),
    "bob_to_alice": followed("bob", "close friends") | {MENTIONS, TO_YOU},
    "erin_mention": followed("erin", "birders") | {MENTIONS},
    "frank_in_thread": followed("frank", "birders") | {IN_BOBS_THREAD},
    "gina_birds": {("followed_tag", ("birds",), ""), ("server_filter", ("herons",), "warn")},
    "hank_news": set(),
    "erin_boost": BOOSTERS,
    "frank_boost": BOOSTERS,
}
ORIGINALS = ["alice_own", "alice_reply", "bob_hello", "bob_root", "bob_to_alice",
             "erin_mention", "frank_in_thread", "gina_birds", "hank_news"]

#: Per timeline: its source fact and the posts in it (boosts only where followed accounts
#: boosted; mastodon-mock's home has no followed-hashtag posts, its public timelines no boosts).
TIMELINES: dict[str, tuple[tuple[str, tuple[str, ...], str], list[str]]] = {
    "home": (("source", (), "home"),
             [p for p in ORIGINALS if p not in ("gina_birds", "hank_news")]
             + ["erin_boost", "frank_boost"]),
    "local": (("source", (), "local"), ORIGINALS),
    "federated": (("source", (), "federated"), ORIGINALS),
    "tag:birds": (("source", ("birds",), "hashtag"), ["gina_birds"]),
    "list:Birders": (("source", ("birders",), "list"),
                     ["erin_mention", "frank_in_thread", "erin_boost", "frank_boost"]),
    "list:close friends": (("source", ("close friends",), "list"),
                           ["bob_hello", "bob_root", "bob_to_alice"]),
    "bookmarks": (("source", (), "bookmarks"), ["bob_hello"]),
    "favourites": (("source", (), "favourites"), ["gina_birds"]),
}

NOTIFIED = ("source", (), "notifications")
#: Notifications, by "type:account".
NOTIFICATIONS = {
    "follow:hank": {NOTIFIED, ("notification", ("hank",), "follow")},
    "favourite:gina": {NOTIFIED, ("notification", ("gina",), "favourite")},
    "mention:bob": {NOTIFIED, ("notification", ("bob",), "mention"), MENTIONS, TO_YOU},
    "mention:erin": {NOTIFIED, ("notification", ("erin",), "mention"), MENTIONS},
}


def facts_of(world: World, why: list[dict[str, Any]]) -> set[tuple[str, tuple[str, ...], str]]:
    """A record's "why" in the truth's terms: names folded and sorted, post ids as labels."""
    found = set()
    for fact in why:
        detail = fact["detail"]
        if detail in world.ids.values():
            detail = world.label_of(detail)
        names = tuple(sorted(name.casefold() for name in fact["names"]))
        found.add((fact["reason"], names, detail))
    return found


def reader_world(mock_server: Any, monkeypatch: pytest.MonkeyPatch) -> World:
    """The world seeded, and `fedtui` commands acting as its reader (alice)."""
    seeded = seed(mock_server.base_url)
    monkeypatch.setenv("FEDTUI_INSTANCE", mock_server.base_url)
    monkeypatch.setenv("FEDTUI_TOKEN", "alice_token")
    return seeded
