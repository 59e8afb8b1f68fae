"""A ranking the reader owns: the rules of `ranking.toml` give each post a score (pure; the
file is read, watched and edited by `fedtui.app.rank`).

A score is the sum of named contributions, one per rule that applies ("recency",
"followed", "hashtag:birdwatching", ...), added in that order: `Score.parts` always sums
exactly to `Score.total`. Counts (boosts, favourites, replies, the reader's interactions
with the author) are log-scaled and capped, so that a post many people shout at does not
win by volume alone. The parser is `fedtui.core.ranking_rules`.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from types import MappingProxyType

from fedtui.core.model import Account, Status
from fedtui.core.provenance import Fact, Why
from fedtui.core.timeline import id_key

#: The weights (and caps, and the half-life) when `ranking.toml` does not say.
DEFAULTS: Mapping[str, float] = MappingProxyType({
    "half_life_hours": 12.0,  # a post's recency score halves every so many hours
    "recency": 2.0,  # the recency score of a brand-new post
    "followed": 1.0,  # the author is someone you follow
    "mutual": 0.5,  # ... who follows you back
    "interactions": 0.5,  # per doubling of your replies, favourites and boosts to the author
    "interactions_cap": 1.5,
    "boosts": 0.5,  # per tenfold of the post's boosts
    "boosts_cap": 1.0,
    "favourites": 0.5,  # per tenfold of its favourites
    "favourites_cap": 1.0,
    "replies": 0.0,  # per tenfold of its replies
    "replies_cap": 1.0,
    "media": 0.2,  # it has pictures, video or sound
    "is_reply": -0.3,  # it answers someone else (not the start of a thread)
})

#: The tables of `ranking.toml`: a name (language code, hashtag, keyword, account) -> weight.
TABLES = ("languages", "hashtags", "keywords", "accounts")

_COUNTS = (("boosts", "reblogs_count", "boosts_cap"),
           ("favourites", "favourites_count", "favourites_cap"),
           ("replies", "replies_count", "replies_cap"))
_TAGS = re.compile(r"<[^>]*>")


def normal_name(table: str, name: str) -> str:
    """A table's key as fedtui compares it: lower case, without a leading # or @."""
    name = name.strip().casefold()
    if table == "hashtags":
        return name.lstrip("#")
    if table == "accounts":
        return name.lstrip("@")
    if table == "languages":
        return name.split("-")[0].split("_")[0]
    return name


@dataclass(frozen=True)
class Rules:
    """What `ranking.toml` says: weights by rule name, and the four tables (normalised)."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULTS))
    languages: Mapping[str, float] = field(default_factory=dict)
    hashtags: Mapping[str, float] = field(default_factory=dict)
    keywords: Mapping[str, float] = field(default_factory=dict)
    accounts: Mapping[str, float] = field(default_factory=dict)

    @cached_property
    def keyword_patterns(self) -> tuple[tuple[str, float, re.Pattern[str]], ...]:
        """Each keyword matches words that start with it ("giveaway": "Giveaways!")."""
        return tuple((word, weight, re.compile(r"(?<!\w)" + re.escape(word)))
                     for word, weight in self.keywords.items())


@dataclass(frozen=True)
class Signals:
    """What the server says about the reader; ids are the reader's server's account ids."""

    following: frozenset[str] = frozenset()
    followers: frozenset[str] = frozenset()
    #: account id -> how many of the reader's recent replies, favourites and boosts went
    #: to that account
    interactions: Mapping[str, int] = field(default_factory=dict)
    domain: str = ""  # the reader's server, to write local handles in full


@dataclass(frozen=True, slots=True)
class Score:
    """A post's score: `total` is `sum` of the `parts` values, in order."""

    total: float
    parts: tuple[tuple[str, float], ...] = ()

    def breakdown(self) -> dict[str, float]:
        """Rule name -> contribution (its values sum to `total`)."""
        return dict(self.parts)


def handle(account: Account, domain: str) -> str:
    """The author's full handle, lower case (`zoe@example.social`): a local account's
    acct has no domain, the reader's server's is added."""
    acct = account.acct.strip().lstrip("@").casefold()
    if "@" in acct or not domain:
        return acct
    return f"{acct}@{domain.casefold()}"


def _capped(value: float, cap: float) -> float:
    return max(-cap, min(cap, value))


def post_text(status: Status) -> str:
    """The words a keyword is looked for in (content warning and text, no HTML), folded."""
    text = _TAGS.sub(" ", f"{status.spoiler_text} {status.content}")
    return html.unescape(text).casefold()


def score(item: Status, rules: Rules, signals: Signals, now: datetime) -> Score:
    """Every rule that applies to `item` (a boost: to the boosted post), in rule order."""
    post = item.shown
    w = rules.weights
    parts: list[tuple[str, float]] = []
    add = parts.append  # (a rule that gives 0 is left out)
    age_hours = max(0.0, (now - post.created_at).total_seconds() / 3600)
    if value := w["recency"] * 0.5 ** (age_hours / w["half_life_hours"]):
        add(("recency", value))
    author = post.account
    if author.id in signals.following:
        if w["followed"]:
            add(("followed", w["followed"]))
        if author.id in signals.followers and w["mutual"]:
            add(("mutual", w["mutual"]))
    if (count := signals.interactions.get(author.id, 0)) and (value := _capped(
            w["interactions"] * math.log2(1 + count), w["interactions_cap"])):
        add(("interactions", value))
    for name, attribute, cap in _COUNTS:
        if (count := getattr(post, attribute)) > 0 and (value := _capped(
                w[name] * math.log10(1 + count), w[cap])):
            add((name, value))
    if post.media and w["media"]:
        add(("media", w["media"]))
    if (post.in_reply_to_id is not None and post.in_reply_to_account_id != author.id
            and w["is_reply"]):
        add(("is_reply", w["is_reply"]))
    if rules.languages and post.language:
        language = normal_name("languages", post.language)
        if value := rules.languages.get(language, 0.0):
            add((f"language:{language}", value))
    if rules.hashtags and post.tags:
        for tag in dict.fromkeys(t.name.casefold() for t in post.tags):
            if value := rules.hashtags.get(tag, 0.0):
                add((f"hashtag:{tag}", value))
    if rules.keywords:
        text = post_text(post)
        for word, weight, pattern in rules.keyword_patterns:
            if weight and word in text and pattern.search(text):
                add((f"keyword:{word}", weight))
    if rules.accounts:
        full = handle(author, signals.domain)
        found = rules.accounts.get(full)
        if found is None and "@" not in author.acct:
            found = rules.accounts.get(author.acct.casefold())
        if found:
            add((f"account:{full}", found))
    return Score(sum(value for _, value in parts), tuple(parts))


def rank(items: Iterable[Status], rules: Rules, signals: Signals, now: datetime
         ) -> list[tuple[Status, Score]]:
    """Each post once (a boost and its original: the first seen), best first; equal
    scores: newer first."""
    seen: set[str] = set()
    scored: list[tuple[Status, Score]] = []
    for item in items:
        shown = item.shown.id
        if shown not in seen:
            seen.add(shown)
            scored.append((item, score(item, rules, signals, now)))
    scored.sort(key=lambda pair: (pair[1].total, id_key(pair[0].shown.id)), reverse=True)
    return scored


def ranked_fact(score: Score) -> Fact:
    """The score as a reason in the post's why panel (and `--explain`)."""
    return Fact(Why.RANKED, detail=f"{score.total:.2f}", breakdown=score.parts)
