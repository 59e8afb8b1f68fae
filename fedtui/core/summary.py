"""Extractive summaries that cite their sources: select by rules, then quote.

A summary is a few points, each one short line that quotes (or trims) a sentence of a post
and cites the posts it comes from. Rules decide what matters, in this order: the root of a
thread and its question, answers by the root's author and by people the reader follows,
then the most replied-to and boosted posts. Duplicates merge into one point citing each
copy, a post boosted several times is one source, and side replies that share no word with
the root or the post they answer (nor were answered or boosted) are dropped. No model is
needed; `fedtui.core.faithful` decides whether a model's phrasing may replace a quote.

Post text is data, never instructions: it is only quoted, and every line is sanitised.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from fedtui.core.faithful import content_stems, overlap
from fedtui.core.model import Status
from fedtui.core.render import status_text
from fedtui.core.sanitize import clean_line

BODY_LIMIT = 140  # characters of a point's quote
WHOLE_LIMIT = 110  # a post this short is quoted whole
DUPLICATE = 0.6  # content-word overlap above which two posts say the same
LIMITS = {"thread": 7, "catchup": 8, "profile": 6}
_SENTENCES = re.compile(r"(?<=[.!?…])\s+|\n+|(?<=[。！？])")
_LEADING_MENTIONS = re.compile(r"^(?:\s*@[\w.@-]+)+[\s,:]*")
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True, slots=True)
class Post:
    """One source post as the summariser sees it (a boost is its post, once)."""

    id: str
    author_id: str
    acct: str
    text: str  # plain text; translated when the reader does not read the original
    parent: str | None = None
    replies: int = 0
    boosts: int = 0
    favourites: int = 0
    boosted_by: tuple[str, ...] = ()  # who boosted it among the input (a catch-up)
    note: str = ""  # "translated from German", "in German"
    version: str = ""  # when it was last edited (or written): part of the cache key

    @classmethod
    def of(cls, status: Status, text: str | None = None, note: str = "") -> Post:
        shown = status.shown
        stamp = shown.edited_at or shown.created_at
        return cls(id=shown.id, author_id=shown.account.id, acct=shown.account.acct,
                   text=status_text(shown) if text is None else text,
                   parent=shown.in_reply_to_id, replies=shown.replies_count,
                   boosts=shown.reblogs_count, favourites=shown.favourites_count,
                   note=note, version=stamp.isoformat())


def posts_of(statuses: Iterable[Status]) -> list[Post]:
    """Posts in order of first appearance; a post boosted several times is one post that
    knows its boosters."""
    found: dict[str, Post] = {}
    boosters: dict[str, list[str]] = {}
    for status in statuses:
        post = found.setdefault(status.shown.id, Post.of(status))
        if status.reblog is not None and status.account.acct not in boosters.setdefault(
                post.id, []):
            boosters[post.id].append(status.account.acct)
    return [replace(post, boosted_by=tuple(boosters.get(post.id, ())))
            for post in found.values()]


@dataclass(frozen=True, slots=True)
class Reader:
    """Whom the summary is for: their account id and the ids of the accounts they follow."""

    id: str = ""
    follows: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Point:
    """One line: who (`who`), what (`body`, a quote or a checked phrasing), and the ids of
    the posts it comes from (`cites`, never empty)."""

    who: str
    body: str
    cites: tuple[str, ...]
    quoted: str = ""  # the sentence the body quotes (what a phrasing is checked against)
    phrased: bool = False  # the body is the model's, checked

    @property
    def text(self) -> str:
        return f"{self.who}: {self.body}" if self.who else self.body


@dataclass(frozen=True, slots=True)
class Summary:
    method: str  # "extractive" or "model:<name>"
    points: tuple[Point, ...]

    def sources(self) -> tuple[str, ...]:
        """Cited post ids, numbered from 1 in the order of first citation."""
        return tuple(dict.fromkeys(c for point in self.points for c in point.cites))

    def line(self, point: Point) -> str:
        numbers = {pid: n for n, pid in enumerate(self.sources(), 1)}
        return clean_line(point.text + " " + "".join(f"[{numbers[c]}]" for c in point.cites))

    def lines(self) -> list[str]:
        return [self.line(point) for point in self.points]

    def to_json(self) -> dict[str, Any]:
        return {"method": self.method,
                "points": [{"text": clean_line(p.text), "cites": list(p.cites)}
                           for p in self.points]}


@dataclass(frozen=True, slots=True)
class Pick:
    """A post chosen for a point, the duplicates merged into it, and why it was chosen."""

    post: Post
    role: str  # root, author, followed, popular, reply, post
    also: tuple[Post, ...] = ()
    score: float = 0.0

    @property
    def cites(self) -> tuple[str, ...]:
        return (self.post.id, *(p.id for p in self.also))


@dataclass(frozen=True, slots=True)
class Plan:
    """What a summary will say, before any text is quoted: its picks in order."""

    kind: str  # thread, catchup, profile
    picks: tuple[Pick, ...]
    topic: frozenset[str] = field(default_factory=frozenset)  # stems of the root
    parts: tuple[int, ...] = ()  # a long thread: the chunk each pick comes from

    def part(self, index: int) -> int:
        return self.parts[index] if index < len(self.parts) else 0


def sentences(text: str) -> list[str]:
    parts = (clean_line(part) for part in _SENTENCES.split(_URL.sub("", text)))
    return [part for part in parts if sum(ch.isalnum() for ch in part) >= 2]


def trim(sentence: str, limit: int = BODY_LIMIT) -> str:
    """`sentence` without leading mentions, cut at a word before `limit` characters."""
    body = clean_line(_LEADING_MENTIONS.sub("", sentence)) or clean_line(sentence)
    if len(body) <= limit:
        return body
    cut = body[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"


def best_sentence(post: Post, topic: frozenset[str], *, question: bool = False) -> str:
    """What of `post` to quote: all of it when it is short (WHOLE_LIMIT); else its question
    (the root's), with the sentence before it when the question alone says little; else
    the sentence sharing most words with the topic; else the first."""
    found = sentences(post.text)
    if not found:
        return ""
    whole = " ".join(clean_line(_LEADING_MENTIONS.sub("", s)) for s in found)
    if len(whole) <= WHOLE_LIMIT:
        return whole
    asked = [i for i, s in enumerate(found) if s.rstrip().endswith(("?", "？"))]
    if question and asked:
        at = asked[0]
        if at and len(content_stems(found[at])) < 3:
            joined = f"{found[at - 1]} {found[at]}"
            return joined if len(joined) <= BODY_LIMIT else found[at]
        return found[at]
    if not topic:
        return found[0]
    return max(found, key=lambda s: (len(content_stems(s) & topic) > 0,
                                     len(content_stems(s) & topic), -found.index(s)))


def extract(pick: Pick, topic: frozenset[str]) -> Point:
    """The extractive point of a pick: `@who (note): the quoted sentence`."""
    post = pick.post
    sentence = best_sentence(post, topic, question=pick.role == "root")
    verb = " asks" if pick.role == "root" and ("?" in sentence or "？" in sentence) else ""
    extra = []
    if pick.role == "author":
        extra.append("author")
    if post.note:
        extra.append(post.note)
    if post.boosted_by:
        extra.append(f"boosted by {len(post.boosted_by)}")
    who = f"@{post.acct}{verb}" + (f" ({', '.join(extra)})" if extra else "")
    body = trim(sentence)
    if not body:  # media only: nothing to quote, nothing a model may phrase
        return Point(clean_line(who), "(a post without text)", pick.cites)
    return Point(who=clean_line(who), body=body, cites=pick.cites, quoted=body)


def engagement(post: Post) -> float:
    return math.log1p(3 * post.replies + 2 * post.boosts + post.favourites
                      + 3 * len(post.boosted_by))


def dedupe(ranked: Sequence[Pick], stems: Mapping[str, set[str]], limit: int) -> list[Pick]:
    """The best `limit` picks, each later duplicate merged into the one it repeats."""
    kept: list[Pick] = []
    for pick in ranked:
        mine = stems[pick.post.id]
        same = next((i for i, k in enumerate(kept)
                     if _normal(k.post.text) == _normal(pick.post.text)
                     or (len(mine) >= 2 and overlap(mine, stems[k.post.id]) >= DUPLICATE)), None)
        if same is not None:
            kept[same] = replace(kept[same], also=(*kept[same].also, pick.post, *pick.also))
        elif len(kept) < limit:
            kept.append(pick)
    return kept


def _normal(text: str) -> str:
    return " ".join(_LEADING_MENTIONS.sub("", text).casefold().split())


def plan_thread(posts: Sequence[Post], root_id: str, reader: Reader,
                limit: int = LIMITS["thread"]) -> Plan:
    """The picks of a thread summary: the root first, then what answers it, by rank."""
    ranked = rank_thread(posts, root_id, reader)
    if ranked is None:
        return Plan("thread", ())
    root, picks, stems, topic = ranked
    return Plan("thread", tuple(dedupe([root, *picks], stems, limit)), topic)


Ranked = tuple[Pick, list[Pick], dict[str, set[str]], frozenset[str]]


def rank_thread(posts: Sequence[Post], root_id: str, reader: Reader) -> Ranked | None:
    """The root's pick, the other candidates best first (off-topic side replies left out),
    the content stems of every post and the root's (the topic); None without posts."""
    by_id = {post.id: post for post in posts}
    root = by_id.get(root_id) or (posts[0] if posts else None)
    if root is None:
        return None
    stems = {post.id: content_stems(post.text) for post in posts}
    topic = frozenset(stems[root.id])
    ranked: list[Pick] = []
    for post in posts:
        if post.id == root.id or (not stems[post.id] and not post.note):
            continue
        parent = by_id.get(post.parent or "")
        related = bool(stems[post.id] & topic) or (
            parent is not None and bool(stems[post.id] & stems[parent.id]))
        if post.author_id == root.author_id:
            role, base = "author", 100.0
        elif post.author_id in reader.follows:
            role, base = "followed", 50.0
        elif not related and not post.note and post.replies + post.boosts < 2:
            continue  # an off-topic side reply
        else:
            role, base = ("popular" if post.replies + post.boosts >= 2 else "reply"), 0.0
        score = base + 4 * engagement(post) + 2 * len(stems[post.id] & topic) ** 0.5
        ranked.append(Pick(post, role, score=score))
    ranked.sort(key=lambda p: -p.score)
    return Pick(root, "root", score=math.inf), ranked, stems, topic


def plan_posts(kind: str, posts: Sequence[Post], reader: Reader,
               limit: int | None = None) -> Plan:
    """The picks of a catch-up (what arrived in a pane) or of a profile's recent posts: the
    posts of followed accounts and the most answered and boosted first."""
    stems = {post.id: content_stems(post.text) for post in posts}
    ranked = []
    for index, post in enumerate(posts):
        if not stems[post.id] and not post.note:
            continue
        followed = post.author_id in reader.follows and post.author_id != reader.id
        base = 20.0 if followed else 0.0
        role = "followed" if followed else "popular" if engagement(post) > 1 else "post"
        ranked.append(Pick(post, role, score=base + 4 * engagement(post) - index / 1000))
    ranked.sort(key=lambda p: -p.score)
    return Plan(kind, tuple(dedupe(ranked, stems, limit or LIMITS.get(kind, 8))))


def extractive(plan: Plan) -> Summary:
    return Summary("extractive", tuple(extract(pick, plan.topic) for pick in plan.picks))


def summary_key(kind: str, posts: Iterable[Post], method: str, target: str = "") -> str:
    """The cache key of a summary: its kind, each post and its last edit, how it is made."""
    digest = hashlib.sha256(f"{kind}\0{method}\0{target}".encode())
    for post in posts:
        digest.update(f"\0{post.id}\0{post.version}".encode())
    return digest.hexdigest()
