"""The rank service: the "For you (local)" pane's posts, ranked by the reader's rules.

It gathers what fedtui fetched (the posts the open panes hold, and a fresh page of home,
of each of the reader's lists and of each followed hashtag), asks the server once (and
again after `MAX_AGE`) who the reader follows, who follows them and whom they answered,
favourited and boosted lately, and scores every post with `fedtui.core.ranking` under the
rules of `ranking.toml` (`RuleBook`). Blocking: call it from a worker. Nothing about the
ranking is sent anywhere: the server only answers the reads a timeline makes anyway.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from fedtui.app.rank_rules import STEP, RuleBook
from fedtui.core.model import Account, Status
from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.core.ranking import Score, Signals, handle, rank, score
from fedtui.errors import FedtuiError

if TYPE_CHECKING:
    from fedtui.app.explain import Explainer
    from fedtui.mastodon.client import InstanceClient

T = TypeVar("T")

HOME_PAGES = 2  # pages of home asked for
PER_SOURCE = 40  # posts a page
MAX_SOURCES = 8  # lists, and followed hashtags, asked for at most (the first ones)


@dataclass(frozen=True)
class Ranking:
    ranked: tuple[tuple[Status, Score], ...]  # best first
    problem: str | None = None  # what is wrong with ranking.toml (its old rules were used)
    notes: tuple[str, ...] = ()  # what the server would not tell, one sentence each
    #: every booster gathered, by boosted post id (the ranking keeps one copy of a post)
    boosters: Mapping[str, tuple[Account, ...]] = field(default_factory=dict)

    @property
    def items(self) -> list[Status]:
        return [item for item, _ in self.ranked]


class Ranker:
    """One account's ranking: its signals (asked once a while) and the shared rules."""

    def __init__(self, client: Callable[[], InstanceClient], me: Callable[[], Account],
                 explainer: Callable[[], Explainer], book: RuleBook,
                 clock: Callable[[], datetime]) -> None:
        self._client = client
        self._me = me
        self._explainer = explainer
        self.book = book
        self._clock = clock
        self._lock = threading.Lock()
        self._signals: Signals | None = None
        self._notes: tuple[str, ...] = ()
        self._asked: datetime | None = None
        self._last: dict[str, Score] = {}  # the last ranking's scores, by item id
        self._held: set[str] = set()  # the posts it holds (shown ids: boosts count once)
        self._boosters: dict[str, tuple[Account, ...]] = {}  # and its boosters

    # -- what the server says about the reader ---------------------------------------

    def signals(self) -> tuple[Signals, tuple[str, ...]]:
        """Whom the reader follows, who follows them back, whom they interact with."""
        from fedtui.app.explain import MAX_AGE

        with self._lock:
            fresh = self._asked is not None and self._clock() - self._asked < MAX_AGE
            if self._signals is None or not fresh:
                self._signals, self._notes = self._ask()
                self._asked = self._clock()
            return self._signals, self._notes

    def _ask(self) -> tuple[Signals, tuple[str, ...]]:
        from fedtui.mastodon import graph

        reader, said = self._explainer().reader()
        notes = list(said)
        client, me = self._client(), self._me()

        def part(what: str, ask: Callable[[], T], empty: T) -> T:
            try:
                return ask()
            except FedtuiError as err:
                notes.append(f"Could not read {what}: {err}")
                return empty

        none: list[Account] = []
        followers = part("who follows you", lambda: graph.followers(client, me.id), none)
        own: Sequence[Status] = part("your recent posts", lambda: client.page(
            PaneSpec(PaneKind.ACCOUNT, me.id), limit=PER_SOURCE).items, ())
        liked: Sequence[Status] = part("your favourites", lambda: client.page(
            PaneSpec(PaneKind.FAVOURITES), limit=PER_SOURCE).items, ())
        domain = part("your server's domain", lambda: client.instance().domain, "")
        return Signals(following=frozenset(reader.following),
                       followers=frozenset(a.id for a in followers),
                       interactions=interactions(me.id, own, liked),
                       domain=domain or client.host), tuple(notes)

    # -- gathering and ranking ---------------------------------------------------------

    def sources(self) -> tuple[list[PaneSpec], list[str]]:
        """Home, the reader's lists and followed hashtags (MAX_SOURCES of each)."""
        client, notes = self._client(), []
        specs = [PaneSpec(PaneKind.HOME)]
        try:
            specs += [PaneSpec(PaneKind.LIST, list_id, title)
                      for list_id, title in client.lists()[:MAX_SOURCES]]
        except FedtuiError as err:
            notes.append(f"Could not read your lists: {err}")
        try:
            specs += [PaneSpec(PaneKind.HASHTAG, tag)
                      for tag in client.followed_tags()[:MAX_SOURCES]]
        except FedtuiError as err:
            notes.append(f"Could not read the hashtags you follow: {err}")
        return specs, notes

    def gather(self, held: Iterable[Status] = ()) -> tuple[list[Status], list[str]]:
        """The posts `held` (the open panes'), then a fresh page of every source."""
        posts = [item for item in held if isinstance(item, Status)]
        specs, notes = self.sources()
        client = self._client()
        for spec in specs:
            pages = HOME_PAGES if spec.kind is PaneKind.HOME else 1
            cursor = None
            for _ in range(pages):
                try:
                    page = client.page(spec, cursor, limit=PER_SOURCE)
                except FedtuiError as err:
                    notes.append(f"Could not read {spec.title}: {err}")
                    break
                posts.extend(item for item in page.items if isinstance(item, Status))
                cursor = page.older
                if cursor is None or not page.items:
                    break
        return posts, notes

    def rank(self, items: Sequence[Status], *, notes: Sequence[str] = ()) -> Ranking:
        """Score and sort `items` under the rules in force (CPU only, once the signals are
        known)."""
        rules, problem = self.book.current()
        signals, said = self.signals()
        ranked = rank(items, rules, signals, self._clock())
        with self._lock:
            self._last = {item.id: found for item, found in ranked}
            self._held = {item.shown.id for item, _ in ranked}
            self._boosters = boosters_of(items)
        return Ranking(tuple(ranked), problem, (*said, *notes), dict(self._boosters))

    def admit(self, items: Iterable[Status]) -> list[tuple[Status, Score]]:
        """Posts that arrived since (a stream), scored under the rules in force: each post
        once, none the ranking holds already (itself or boosted). Their boosters and
        scores are kept for the why panel."""
        rules, _ = self.book.current()
        signals, _ = self.signals()
        now = self._clock()
        admitted: list[tuple[Status, Score]] = []
        with self._lock:
            for item in items:
                if item.reblog is not None:
                    seen = self._boosters.get(item.reblog.id, ())
                    if all(account.id != item.account.id for account in seen):
                        self._boosters[item.reblog.id] = (*seen, item.account)
                if item.shown.id in self._held:
                    continue
                found = score(item, rules, signals, now)
                self._held.add(item.shown.id)
                self._last[item.id] = found
                admitted.append((item, found))
        return admitted

    def page(self, limit: int, held: Iterable[Status] = ()) -> Ranking:
        """The best `limit` posts of everything gathered."""
        posts, notes = self.gather(held)
        ranking = self.rank(posts, notes=notes)
        return replace(ranking, ranked=ranking.ranked[:limit])

    def score_of(self, item: Status) -> Score:
        """The post's score as last ranked; scored now under the rules in force if it was
        not in the last ranking."""
        with self._lock:
            known = self._last.get(item.id)
        if known is not None:
            return known
        rules, _ = self.book.current()
        return score(item, rules, self.signals()[0], self._clock())

    def boosters(self) -> dict[str, tuple[Account, ...]]:
        """Every booster the last ranking gathered, by boosted post id."""
        with self._lock:
            return dict(self._boosters)

    def nudge(self, author: Account, step: float = STEP) -> str:
        """Lift (`step` > 0) or sink the author in ranking.toml; the sentence that says so."""
        try:
            domain = self.signals()[0].domain
        except FedtuiError:
            domain = ""
        return self.book.nudge(handle(author, domain), step)[1]


def boosters_of(items: Iterable[Status]) -> dict[str, tuple[Account, ...]]:
    """The accounts that boosted each post, by the boosted post's id (each once)."""
    found: dict[str, dict[str, Account]] = {}
    for item in items:
        if item.reblog is not None:
            found.setdefault(item.reblog.id, {}).setdefault(item.account.id, item.account)
    return {post_id: tuple(accounts.values()) for post_id, accounts in found.items()}


def interactions(me: str, own: Iterable[Status], liked: Iterable[Status]) -> dict[str, int]:
    """How often the reader replied to, boosted and favourited each account (by id)."""
    counts: dict[str, int] = {}

    def count(account_id: str | None) -> None:
        if account_id and account_id != me:
            counts[account_id] = counts.get(account_id, 0) + 1

    for status in own:
        if status.reblog is not None:
            count(status.reblog.account.id)
        else:
            count(status.in_reply_to_account_id)
    for status in liked:
        count(status.shown.account.id)
    return counts
