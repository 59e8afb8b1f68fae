"""fedtui.core.provenance: every reason for every post, from data alone."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from fedtui.core.model import Account, FilterMatch, Mention, Notification, Status, Tag
from fedtui.core.notification_group import NotificationGroup
from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.core.provenance import Fact, Followed, Origin, Reader, Why, explain

T0 = datetime(2026, 5, 1, 12, tzinfo=UTC)


def acct(n: str) -> Account:
    return Account(id=f"id-{n}", username=n, acct=n, display_name=n.title(), url="")


ME, BOB, ERIN, FRANK, GINA = (acct(n) for n in ("me", "bob", "erin", "frank", "gina"))
READER = Reader(
    id=ME.id, acct="me",
    following={BOB.id: Followed("bob", since=T0), ERIN.id: Followed("erin"),
               FRANK.id: Followed("frank")},
    tags=frozenset({"birds"}),
    lists={ERIN.id: ("Birders",), BOB.id: ("Close friends", "Work")},
    joined=frozenset({"root"}),
    pinned=frozenset({"pinned"}),
)
HOME = Origin("home")


def post(sid: str, who: Account, minutes: int = 0, **kw: object) -> Status:
    return Status(id=sid, account=who, content="<p>x</p>",
                  created_at=T0 + timedelta(minutes=minutes), **kw)  # type: ignore[arg-type]


def boost(sid: str, who: Account, of: Status, minutes: int = 0) -> Status:
    return post(sid, who, minutes, reblog=of)


def whys(facts: tuple[Fact, ...]) -> list[Why]:
    return [fact.why for fact in facts]


def test_a_followed_author_with_the_date_and_the_lists_that_hold_them() -> None:
    facts = explain([post("1", BOB)], HOME, READER)["1"]
    assert facts == (Fact(Why.SOURCE, detail="home"),
                     Fact(Why.FOLLOWED_AUTHOR, ("bob",), when=T0),
                     Fact(Why.IN_LIST, ("Close friends", "Work"), detail="bob"))
    assert facts[1].sentence() == "You follow the author @bob (since 2026-05-01)."
    assert facts[2].sentence() == "@bob is in your lists: Close friends, Work."


def test_every_booster_seen_in_the_pane_is_named_on_every_copy() -> None:
    original = post("o", GINA)
    items = [boost("b2", FRANK, original, 2), boost("b1", ERIN, original, 1), original,
             boost("b0", GINA, original)]  # gina boosting herself: not followed
    found = explain(items, HOME, READER)
    for item_id in ("b2", "b1", "o"):
        boosted = [f for f in found[item_id] if f.why is Why.BOOSTED_BY]
        assert boosted == [Fact(Why.BOOSTED_BY, ("frank", "erin"))]
        assert Fact(Why.BOOSTED_BY_OTHERS, ("gina",)) in found[item_id]
    assert Fact(Why.IN_LIST, ("Birders",), detail="erin") in found["b2"]
    assert Why.FOLLOWED_AUTHOR not in whys(found["b2"])  # gina is not followed


def test_boosters_the_server_names_join_those_seen() -> None:
    original = post("o", GINA)
    found = explain([boost("b1", ERIN, original)], HOME, READER,
                    boosters={"o": [BOB, ERIN, GINA]})["b1"]
    assert Fact(Why.BOOSTED_BY, ("erin", "bob")) in found
    assert Fact(Why.BOOSTED_BY_OTHERS, ("gina",)) in found


def test_followed_hashtags_mentions_pins_and_filters() -> None:
    status = post("pinned", GINA, tags=(Tag("Birds"), Tag("cats"), Tag("birds")),
                  mentions=(Mention(ME.id, "me", "me", ""),),
                  filtered=(FilterMatch("f1", "Herons", "warn", ("heron",)),))
    facts = explain([status], Origin("hashtag", "birds"), READER)["pinned"]
    assert facts == (
        Fact(Why.SOURCE, ("birds",), "hashtag"), Fact(Why.FOLLOWED_TAG, ("Birds", "birds")),
        Fact(Why.MENTIONS_YOU), Fact(Why.PINNED),
        Fact(Why.SERVER_FILTER, ("Herons",), "warn", matched=("heron",)))
    assert [f.sentence() for f in facts] == [
        "It came from the #birds timeline.", "It carries hashtags you follow: #Birds, #birds.",
        "It mentions you.", "The author pinned it.",
        "Your server's filter “Herons” folds it (matched: heron)."]


def test_threads_the_reader_took_part_in_grow_with_the_pane() -> None:
    mine = post("m", ME, 1, in_reply_to_id="root")
    to_me = post("r1", BOB, 2, in_reply_to_id="m", in_reply_to_account_id=ME.id)
    deeper = post("r2", GINA, 3, in_reply_to_id="r1")
    sibling = post("r3", GINA, 4, in_reply_to_id="root")
    elsewhere = post("r4", GINA, 5, in_reply_to_id="other")
    found = explain([elsewhere, sibling, deeper, to_me, mine], HOME, READER)
    assert Fact(Why.YOUR_POST) in found["m"]
    assert Fact(Why.THREAD_YOU_JOINED, detail="to you") in found["r1"]
    assert Fact(Why.THREAD_YOU_JOINED, detail="r1") in found["r2"]
    assert Fact(Why.THREAD_YOU_JOINED, detail="root") in found["r3"]
    assert Why.THREAD_YOU_JOINED not in whys(found["r4"])


def test_notifications_name_their_type_people_and_time() -> None:
    mention = Notification("n1", "mention", ERIN, T0,
                           post("s", ERIN, mentions=(Mention(ME.id, "me", "me", ""),)))
    group = NotificationGroup("n2", "favourite", BOB, T0, post("mine", ME),
                              sample_accounts=(BOB, GINA))
    found = explain([mention, group], Origin("notifications"), READER)
    assert found["n1"][1:] == (Fact(Why.NOTIFICATION, ("erin",), "mention", when=T0),
                               Fact(Why.MENTIONS_YOU))
    assert found["n2"][1:] == (Fact(Why.NOTIFICATION, ("bob", "gina"), "favourite", when=T0),)
    assert found["n2"][1].sentence() == (
        "It is a notification of type “favourite” from @bob, @gina at 2026-05-01 12:00.")


def test_own_posts_and_own_boosts() -> None:
    found = explain([boost("b", ME, post("o", BOB)), post("m", ME)], HOME, READER)
    assert Fact(Why.YOUR_POST, detail="boost") in found["b"]
    assert Why.BOOSTED_BY not in whys(found["b"])  # the reader is not their own booster
    assert found["m"] == (Fact(Why.SOURCE, detail="home"), Fact(Why.YOUR_POST))


def test_origins_of_panes_and_their_sentences() -> None:
    assert Origin.of_pane(PaneSpec(PaneKind.LIST, "7", "Birders")) == Origin("list", "Birders")
    assert Origin.of_pane(PaneSpec(PaneKind.HASHTAG, "#birds")) == Origin("hashtag", "birds")
    assert Origin.of_pane(PaneSpec(PaneKind.ACCOUNT, "9", "@bob")) == Origin("account", "@bob")
    said = {kind: Fact(Why.SOURCE, (label,) if label else (), kind).sentence()
            for kind, label in (("list", "Birders"), ("account", "@bob"), ("search", "heron"),
                                ("local", ""), ("bookmarks", ""))}
    assert said == {"list": "It came from your list Birders.",
                    "account": "It came from the profile of @bob.",
                    "search": "It came from your search “heron”.",
                    "local": "It came from the local timeline (everyone on your server).",
                    "bookmarks": "It came from your bookmarks."}


def test_hostile_names_become_one_safe_line() -> None:
    evil = Fact(Why.BOOSTED_BY, ("x\x1b[31m\nred\u202e",))
    assert evil.sentence() == "Boosted by accounts you follow: @x red."
    assert evil.to_json()["names"] == ["x\x1b[31m\nred\u202e"]  # data as it came; JSON escapes


def test_a_thousand_posts_take_milliseconds() -> None:
    people = [acct(f"p{i}") for i in range(200)]
    reader = Reader(id=ME.id, following={p.id: Followed(p.acct) for p in people[::2]},
                    tags=frozenset({"t1", "t3"}), lists={p.id: ("L",) for p in people[::5]})
    originals = [post(str(i), people[i % 200], i, tags=(Tag(f"t{i % 5}"),),
                      in_reply_to_id=str(i - 1) if i % 3 else None) for i in range(700)]
    items = [*originals, *(boost(f"b{i}", people[(i * 7) % 200], originals[i % 700], i)
                           for i in range(300))]
    started = time.perf_counter()
    found = explain(items, HOME, reader)
    took = time.perf_counter() - started
    assert len(found) == 1000
    assert took < 0.5  # about 10 ms on a quiet machine (benchmarks/provenance.py); load slack
