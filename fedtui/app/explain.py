"""The explain service: "why am I seeing this" for a pane, from the server's data.

It asks the server (through `fedtui.mastodon`) whom the reader follows, which hashtags they
follow, their lists and who is in them, and what they wrote lately (the threads they took
part in); `fedtui.core.provenance` does the rest. Blocking: call it from a worker. What the
server will not tell is said in `notes`, and the rest is still explained.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from fedtui.core.model import Item
from fedtui.core.provenance import Fact, Followed, Origin, Reader, explain
from fedtui.errors import FedtuiError

if TYPE_CHECKING:
    from fedtui.app.local_filters import LocalFilters
    from fedtui.core.model import Account
    from fedtui.core.why_phrase import Checked
    from fedtui.llm.backend import CancelToken, LocalModel
    from fedtui.mastodon.client import InstanceClient

T = TypeVar("T")

#: How long what the server said about the reader is trusted before it is asked again.
MAX_AGE = timedelta(minutes=10)


@dataclass(frozen=True)
class Explanation:
    facts: dict[str, tuple[Fact, ...]]  # by item id, for every item of the pane
    notes: tuple[str, ...] = ()  # what could not be learned, one sentence each
    seconds: float = 0.0  # the engine's time for the whole pane


class Explainer:
    """One account's reader data, asked once (and again after `MAX_AGE`)."""

    def __init__(self, client: Callable[[], InstanceClient], me: Callable[[], Account],
                 clock: Callable[[], datetime]) -> None:
        self._client = client
        self._me = me
        self._clock = clock
        self._lock = threading.Lock()
        self._reader: Reader | None = None
        self._notes: tuple[str, ...] = ()
        self._asked: datetime | None = None
        self._pinned: dict[str, frozenset[str]] = {}

    def reader(self, *, refresh: bool = False) -> tuple[Reader, tuple[str, ...]]:
        """The reader's data and what could not be learned (blocking)."""
        with self._lock:
            fresh = self._asked is not None and self._clock() - self._asked < MAX_AGE
            if self._reader is None or refresh or not fresh:
                self._reader, self._notes = self._ask()
                self._asked = self._clock()
            return self._reader, self._notes

    def _ask(self) -> tuple[Reader, tuple[str, ...]]:
        from fedtui.mastodon import graph

        client, me = self._client(), self._me()
        notes: list[str] = []

        def part(what: str, ask: Callable[[], list[T]]) -> list[T]:
            try:
                return ask()
            except FedtuiError as err:
                notes.append(f"Could not read {what}: {err}")
                return []

        follows = part("whom you follow", lambda: graph.following(client, me.id))
        tags = part("the hashtags you follow", client.followed_tags)
        lists = part("your lists", client.lists)
        member_of: dict[str, list[str]] = {}
        for list_id, title in lists:
            members = part(f"the list {title}", partial(graph.list_members, client, list_id))
            for account in members:
                member_of.setdefault(account.id, []).append(title)
        own = part("your recent posts", lambda: graph.recent_posts(client, me.id))
        joined = {s.id for s in own} | {s.in_reply_to_id for s in own if s.in_reply_to_id}
        reader = Reader(
            id=me.id, acct=me.acct,
            following={a.id: Followed(a.acct) for a in follows},
            tags=frozenset(t.lower() for t in tags),
            lists={k: tuple(v) for k, v in member_of.items()},
            joined=frozenset(joined))
        return reader, tuple(notes)

    def forget(self) -> None:
        """The reader followed or unfollowed someone or a hashtag: ask again next time."""
        with self._lock:
            self._asked = None

    def pinned(self, account_id: str) -> frozenset[str]:
        """Ids of the posts a profile pinned (asked once per profile)."""
        with self._lock:
            known = self._pinned.get(account_id)
        if known is None:
            from fedtui.mastodon import graph

            try:
                known = frozenset(graph.pinned_ids(self._client(), account_id))
            except FedtuiError:
                known = frozenset()
            with self._lock:
                self._pinned[account_id] = known
        return known

    def explain(self, items: Sequence[Item], origin: Origin, *, profile: str = "",
                focus: str = "", seen: Mapping[str, Sequence[Account]] | None = None,
                local: LocalFilters | None = None) -> Explanation:
        """Every item's facts. `profile`: the account id of a profile pane (its pins);
        `focus`: a post id whose boosters are asked of the server as well; `seen`: boosters
        seen elsewhere, by boosted post id (a ranked pane shows one copy of a post);
        `local`: the local filters, whose decisions come last."""
        reader, notes = self.reader()
        if profile:
            reader = replace(reader, pinned=reader.pinned | self.pinned(profile))
        boosters: dict[str, Sequence[Account]] = dict(seen or {})
        if focus:
            from fedtui.mastodon import graph

            try:
                boosters[focus] = [*boosters.get(focus, ()),
                                   *graph.boosted_by(self._client(), focus)]
            except FedtuiError as err:
                notes = (*notes, f"Could not ask who boosted this post: {err}")
        started = time.perf_counter()
        facts = explain(items, origin, reader, boosters=boosters)
        if local is not None:
            facts = {item.id: facts[item.id] + local.decide(item).facts() for item in items}
        return Explanation(facts, notes, time.perf_counter() - started)


def phrase(facts: Sequence[Fact], model: LocalModel, cancel: CancelToken | None = None
           ) -> Checked:
    """The facts in one sentence by `model` (blocking), kept only if `check` passes."""
    from fedtui.core.prompts import clean_answer
    from fedtui.core.why_phrase import MAX_TOKENS, check, why_task
    from fedtui.llm.formats import task_runner

    task = why_task(facts)
    # The sentence may only say the facts: it largely repeats them (a guide for speed).
    pieces = task_runner(model, cancel)(task, max_tokens=MAX_TOKENS, stop=("\n",),
                                        guide=task.query)
    return check(clean_answer("".join(pieces), task), facts)
