"""fedtui.core.ranking and ranking_rules: each rule moves posts as the file says, and every
breakdown sums to its score."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fedtui.core.model import Account, Attachment, Status, Tag
from fedtui.core.provenance import Why
from fedtui.core.ranking import DEFAULTS, Rules, Score, Signals, rank, ranked_fact, score
from fedtui.core.ranking_rules import DEFAULT_TEXT, RulesError, line_of, parse_rules
from fedtui.core.timeline import RankedState, TimelineDiff

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
#: The weights a test turns off, but for the rule it is about.
QUIET = [name for name in DEFAULTS if name != "half_life_hours" and not name.endswith("_cap")]


def who(name: str, domain: str = "") -> Account:
    acct = f"{name}@{domain}" if domain else name
    return Account(id=f"id-{name}", username=name, acct=acct, display_name=name, url="")


ZOE, BOB, ANN = who("zoe", "example.social"), who("bob"), who("ann", "far.example")


def post(sid: str, author: Account = BOB, hours: float = 0.0, text: str = "hello",
         **kw: object) -> Status:
    return Status(id=sid, account=author, content=f"<p>{text}</p>",
                  created_at=NOW - timedelta(hours=hours), **kw)  # type: ignore[arg-type]


def rules(text: str) -> Rules:
    """`text`, every other weight 0."""
    given = {line.split("=")[0].strip() for line in text.splitlines()}
    return parse_rules("".join(f"{n} = 0\n" for n in QUIET if n not in given) + text)


def order(items: list[Status], found: Rules, signals: Signals | None = None) -> list[str]:
    return [item.id for item, _ in rank(items, found, signals or Signals(), NOW)]


# -- each rule moves posts as the file says ------------------------------------------------

def test_the_example_of_the_issue_lifts_birds_and_sinks_crypto_and_giveaways() -> None:
    found = rules('[hashtags]\nbirdwatching = 3.0\ncrypto = -5.0\n'
                  '[accounts]\n"zoe@example.social" = 2.0\n[keywords]\ngiveaway = -5.0\n')
    items = [post("1", tags=(Tag("crypto"),)), post("2"), post("3", ZOE),
             post("4", tags=(Tag("BirdWatching"),)), post("5", text="Big GIVEAWAYS today")]
    # lifted hashtag, lifted account, nothing, then the sunk ones (equal: newest first)
    assert order(items, found) == ["4", "3", "2", "5", "1"]


def test_a_lifted_hashtag_ranks_first_and_a_sunk_one_last_whatever_else_they_have() -> None:
    found = parse_rules("[hashtags]\nbirds = 5.0\ncrypto = -5.0\n")  # default weights
    signals = Signals(following=frozenset({BOB.id}))
    items = [post("old-birds", ZOE, hours=30, tags=(Tag("birds"),)),
             post("fresh-crypto", BOB, tags=(Tag("crypto"),), reblogs_count=500,
                  favourites_count=900, media=(Attachment("m", "image", ""),)),
             *(post(f"p{i}", BOB, hours=i, favourites_count=i) for i in range(8))]
    ranked = order(items, found, signals)
    assert ranked[0] == "old-birds"
    assert ranked[-1] == "fresh-crypto"


def test_recency_halves_every_half_life() -> None:
    found = rules("recency = 4.0\nhalf_life_hours = 6")
    scores = [score(post(str(h), hours=h), found, Signals(), NOW).breakdown()["recency"]
              for h in (0, 6, 12)]
    assert scores == [4.0, 2.0, 1.0]
    assert order([post("old", hours=7), post("new", hours=1)], found) == ["new", "old"]


def test_followed_and_mutual_authors_come_first() -> None:
    found = rules("followed = 1.0\nmutual = 0.5")
    signals = Signals(following=frozenset({BOB.id, ZOE.id}), followers=frozenset({ZOE.id,
                                                                                  ANN.id}))
    ranked = order([post("ann", ANN), post("bob", BOB), post("zoe", ZOE)], found, signals)
    assert ranked == ["zoe", "bob", "ann"]  # ann follows the reader but is not followed
    assert score(post("z", ZOE), found, signals, NOW).breakdown() == {"followed": 1.0,
                                                                       "mutual": 0.5}


def test_interactions_are_log_scaled_and_capped() -> None:
    found = rules("interactions = 1.0\ninteractions_cap = 2.5")
    signals = Signals(interactions={BOB.id: 1, ZOE.id: 3, ANN.id: 1000})
    parts = {a.acct: score(post("x", a), found, signals, NOW).breakdown()["interactions"]
             for a in (BOB, ZOE, ANN)}
    assert parts == {"bob": 1.0, "zoe@example.social": 2.0, "ann@far.example": 2.5}


@pytest.mark.parametrize(("rule", "field"), [("boosts", "reblogs_count"),
                                             ("favourites", "favourites_count"),
                                             ("replies", "replies_count")])
def test_counts_are_log_scaled_and_capped_so_outrage_does_not_win(rule: str, field: str) -> None:
    found = rules(f"{rule} = 1.0\n{rule}_cap = 2.0")
    part = [score(post("x", **{field: n}), found, Signals(), NOW).breakdown().get(rule, 0.0)
            for n in (0, 9, 99, 10**6)]
    assert part == [0.0, 1.0, 2.0, 2.0]
    sunk = rules(f"{rule} = -1.0\n{rule}_cap = 0.5")
    assert score(post("x", **{field: 99}), sunk, Signals(), NOW).total == -0.5
    off = rules(f"{rule} = 1.0\n{rule}_cap = 0")  # a cap of 0 turns the rule off
    assert score(post("x", **{field: 99}), off, Signals(), NOW).parts == ()


def test_media_replies_and_languages() -> None:
    found = rules("media = 1.0\nis_reply = -2.0\n[languages]\nde = 1.5\nen-GB = -1")
    items = [post("plain"), post("media", media=(Attachment("m", "image", ""),)),
             post("reply", in_reply_to_id="9", in_reply_to_account_id="id-zoe"),
             post("thread", in_reply_to_id="9", in_reply_to_account_id=BOB.id),
             post("german", language="de-AT"), post("english", language="en")]
    assert order(items, found) == ["german", "media", "thread", "plain", "english", "reply"]


def test_keywords_match_words_that_start_with_them_ignoring_case_and_html() -> None:
    found = rules('[keywords]\nart = 2.0\n"free coins" = -3')
    assert score(post("1", text="My <b>Artwork</b>"), found, Signals(), NOW).total == 2.0
    assert score(post("2", text="a fresh start"), found, Signals(), NOW).total == 0.0
    assert score(post("3", text="FREE&nbsp;coins? no: free coins!"), found, Signals(),
                 NOW).breakdown() == {"keyword:free coins": -3.0}
    warned = post("4", spoiler_text="art inside")
    assert score(warned, found, Signals(), NOW).total == 2.0


def test_accounts_match_full_handles_and_local_ones_by_the_readers_domain() -> None:
    found = rules('[accounts]\n"@Zoe@Example.social" = 2\n"bob@home.example" = 1\nann = 5')
    signals = Signals(domain="home.example")
    assert score(post("z", ZOE), found, signals, NOW).breakdown() == {
        "account:zoe@example.social": 2.0}
    assert score(post("b", BOB), found, signals, NOW).breakdown() == {
        "account:bob@home.example": 1.0}
    assert score(post("a", ANN), found, signals, NOW).total == 0.0  # ann is elsewhere


def test_a_boost_is_ranked_by_the_boosted_post_and_counted_once() -> None:
    found = rules("[hashtags]\nbirds = 1")
    original = post("o", ZOE, tags=(Tag("birds"),))
    items = [post("b", BOB, reblog=original), original, post("x")]
    assert order(items, found) == ["b", "x"]


def test_equal_scores_keep_the_newest_first() -> None:
    assert order([post("8"), post("10"), post("9")], rules("")) == ["10", "9", "8"]


# -- breakdowns sum to scores --------------------------------------------------------------

weights = st.floats(-10, 10, allow_nan=False).map(lambda w: round(w, 3))


@settings(max_examples=150, deadline=None)
@given(recency=weights, followed=weights, media=weights, hours=st.floats(0, 500),
       tags=st.lists(st.sampled_from(["birds", "crypto", "art", "Birds"]), max_size=4),
       tag_weights=st.dictionaries(st.sampled_from(["birds", "crypto", "art"]), weights),
       counts=st.tuples(*(st.integers(0, 10**7),) * 3), interactions=st.integers(0, 500),
       language=st.sampled_from([None, "en", "de", "fr-CA"]))
def test_every_breakdown_sums_exactly_to_its_score(
        recency: float, followed: float, media: float, hours: float, tags: list[str],
        tag_weights: dict[str, float], counts: tuple[int, int, int], interactions: int,
        language: str | None) -> None:
    table = "".join(f"{k} = {v}\n" for k, v in tag_weights.items())
    found = parse_rules(f"recency = {recency}\nfollowed = {followed}\nmedia = {media}\n"
                        f"replies = 0.7\n[languages]\nen = 1.25\nfr = -0.5\n"
                        f"[hashtags]\n{table}[keywords]\nhello = 0.1\n")
    item = post("1", BOB, hours=hours, tags=tuple(Tag(t) for t in tags), language=language,
                reblogs_count=counts[0], favourites_count=counts[1], replies_count=counts[2],
                media=(Attachment("m", "image", ""),))
    signals = Signals(following=frozenset({BOB.id}), interactions={BOB.id: interactions})
    found_score = score(item, found, signals, NOW)
    assert found_score.total == sum(found_score.breakdown().values())
    assert all(value != 0 for value in found_score.breakdown().values())
    assert len(found_score.breakdown()) == len(found_score.parts)  # every name once
    assert all(math.isfinite(value) for _, value in found_score.parts)


def test_the_score_is_a_reason_in_the_why_panel() -> None:
    fact = ranked_fact(Score(3.5, (("recency", 0.5), ("hashtag:birds", 3.0))))
    assert fact.why is Why.RANKED
    assert fact.sentence() == ("Your ranking.toml scores it 3.50: recency +0.50, "
                               "hashtag:birds +3.00.")
    assert fact.to_json()["breakdown"] == {"recency": 0.5, "hashtag:birds": 3.0}
    assert ranked_fact(Score(0.0)).sentence().endswith("no rule applies.")


# -- the file: every mistake names its line ------------------------------------------------

def test_the_default_text_is_the_defaults() -> None:
    assert parse_rules(DEFAULT_TEXT) == Rules()
    assert parse_rules("") == Rules()


@pytest.mark.parametrize(("text", "line", "says"), [
    ("recency = 1\n[hashtags]\nbirds = = 3\n", 3, "invalid value"),
    ("recency = 1\nrecency = 2\n", 2, "cannot overwrite"),
    ("recency = 1\nhalflife_hours = 3\n", 2, "unknown rule “halflife_hours”"),
    ("followed = 'yes'\n", 1, "must be a number"),
    ("followed = true\n", 1, "must be a number"),
    ("# a comment\nhalf_life_hours = 0\n", 2, "more than 0"),
    ("boosts_cap = -1\n", 1, "is a cap"),
    ("[hashtags]\nbirds = 1\n\n[keywords]\n'giveaway' = 'lots'\n", 5, "“giveaway” in [keywords]"),
    ("[hashtags]\nbirds = 1\n'#Birds' = 2\n", 3, "twice"),
    ("[accounts]\n'' = 1\n", 2, "empty name"),
    ("x = 1\nhashtags = 3\n", 1, "unknown rule"),
    ("recency = 1\nhashtags = 3\n", 2, "must be a table"),
    ("recency = 1\n[hashtags\n", 2, ""),
])
def test_a_broken_rule_names_its_line(text: str, line: int, says: str) -> None:
    with pytest.raises(RulesError) as caught:
        parse_rules(text)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"ranking.toml line {line}: ")
    assert says in str(caught.value)


def test_line_of_finds_quoted_keys_in_their_table() -> None:
    text = '[hashtags]\nart = 1\n[ "accounts" ]  # people\n"zoe@x" = 2\nart = 3\n'
    assert line_of(text, "hashtags", "art") == 2
    assert line_of(text, "accounts", "zoe@x") == 4
    assert line_of(text, "accounts", "art") == 5
    assert line_of(text, "accounts") == 3
    assert line_of(text, None, "art") is None


# -- a ranked pane keeps the ranking's order -----------------------------------------------

def test_a_ranked_state_keeps_the_order_given_and_redraws_on_a_new_ranking() -> None:
    state: RankedState[Status] = RankedState(max_items=3)
    first = state.replace_all([post("1"), post("30"), post("2"), post("4")])
    assert [i.id for i in state.items] == ["1", "30", "2"]  # the lowest ranked is cut
    assert first.inserted == ("1", "30", "2")
    again = state.replace_all([post("2"), post("1"), post("5")])
    assert [i.id for i in state.items] == ["2", "1", "5"]
    assert again.inserted == ("2", "1", "5") and again.removed == ("30",)
    assert state.update(replace(post("1"), content="<p>edited</p>")).replaced == ("1",)
    assert state.remove("1").removed == ("1",)


def test_a_later_post_is_placed_by_its_score_and_the_lowest_leave_at_the_cap() -> None:
    state: RankedState[Status] = RankedState(max_items=4)
    state.rank([post("1"), post("2"), post("3")], {"1": 3.0, "2": 2.0, "3": 1.0})
    state.focus_id = "2"  # the reader is on the second post
    diff = state.place([(post("9"), 2.5), (post("8"), 2.0), (post("7"), 0.5)])
    assert [i.id for i in state.items] == ["1", "9", "2", "8"]  # a tie goes after; 7 left
    assert diff.inserted == ("9", "8") and diff.removed == ("3",)
    assert "3" not in state.scores and "7" not in state.scores
    assert state.unread_ids == {"9"}  # placed above the reader; 8 is below
    assert state.place([(post("9"), 9.0)]) == TimelineDiff()  # known: ignored
    state.focus_id = "9"
    assert state.unread_ids == frozenset()  # the reader reached it


def test_the_ranker_admits_a_post_once_and_keeps_every_booster(tmp_path: Path) -> None:
    from fedtui.app.rank import Ranker
    from fedtui.app.rank_rules import RuleBook

    def unused() -> object:
        raise AssertionError("the ranker must not ask the server here")

    ranker = Ranker(unused, unused, unused,  # type: ignore[arg-type]
                    RuleBook(tmp_path / "ranking.toml"), lambda: NOW)
    ranker.signals = lambda: (Signals(following=frozenset({BOB.id})), ())  # type: ignore
    ranker.rank([post("1"), post("2", author=ZOE)])
    original = post("3", author=ZOE)
    boost = replace(post("4", author=ANN), reblog=original)
    again = replace(post("5", author=BOB), reblog=original)
    admitted = ranker.admit([post("2", author=ZOE), boost, again, post("6")])
    assert [item.id for item, _ in admitted] == ["4", "6"]  # 2 is held, 3 came as 4
    assert [a.id for a in ranker.boosters()["3"]] == [ANN.id, BOB.id]
    assert ranker.score_of(post("6")) == admitted[1][1]


# -- the example rule sets of docs/ranking --------------------------------------------------

DOCS = sorted((Path(__file__).parents[2] / "docs" / "ranking").glob("*.toml"))


def test_there_are_example_rule_sets() -> None:
    assert [path.name for path in DOCS] == ["birdwatcher.toml", "calm-news.toml",
                                            "close-friends.toml"]


@pytest.mark.parametrize("path", DOCS, ids=lambda path: path.name)
def test_every_example_rule_set_is_valid_and_sets_every_weight(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = parse_rules(text)
    assert {line.split("=")[0].strip() for line in text.splitlines()
            if "=" in line and not line.startswith(("#", " ", '"'))} >= set(DEFAULTS)
    assert found != Rules()


def test_the_birdwatcher_puts_an_old_heron_above_fresh_crypto() -> None:
    found = parse_rules((DOCS[0]).read_text(encoding="utf-8"))
    items = [post("crypto", BOB, tags=(Tag("crypto"),), favourites_count=5000),
             post("heron", ANN, hours=40, text="A grey heron", tags=(Tag("Birds"),))]
    assert order(items, found) == ["heron", "crypto"]
