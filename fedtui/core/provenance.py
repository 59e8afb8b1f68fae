"""Why a post is in a pane: every reason, from data alone (pure; no I/O, no model).

`explain(items, origin, reader)` gives each item of a pane the facts that put it there:
the author is followed, followed accounts boosted it (every booster the pane has seen),
it carries a followed hashtag, its author is in a list, it mentions the reader, it replies
in a thread the reader took part in, it is a notification, where it came from, it is
pinned, a server filter folded it. `Reader` holds what the server says about the reader
(see `fedtui.app.explain`, which fetches it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from fedtui.core.model import Account, Item, Notification, Status
from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.core.sanitize import clean_line


class Why(StrEnum):
    SOURCE = "source"
    YOUR_POST = "your_post"
    FOLLOWED_AUTHOR = "followed_author"
    BOOSTED_BY = "boosted_by"  # accounts the reader follows
    BOOSTED_BY_OTHERS = "boosted_by_others"  # accounts the reader does not follow
    FOLLOWED_TAG = "followed_tag"
    IN_LIST = "in_list"
    MENTIONS_YOU = "mentions_you"
    THREAD_YOU_JOINED = "thread_you_joined"
    NOTIFICATION = "notification"
    PINNED = "pinned"
    SERVER_FILTER = "server_filter"
    RANKED = "ranked"  # a ranked pane: the score and each rule's contribution
    LOCAL_FILTER = "local_filter"  # detail: "hidden|kept|pending|failed:<rule kind>"


SOURCES = {
    "home": "your home timeline", "notifications": "your notifications",
    "local": "the local timeline (everyone on your server)",
    "federated": "the federated timeline (everyone your server knows)",
    "hashtag": "the hashtag timeline", "list": "your list", "bookmarks": "your bookmarks",
    "favourites": "your favourites", "conversations": "your private conversations",
    "account": "a profile", "thread": "a thread you opened", "search": "your search",
    "foryou": "your For you (local) pane, ranked by your rules",
}


@dataclass(frozen=True, slots=True)
class Fact:
    """One reason, with the data behind it: `names` are accounts (acct), hashtags (no #),
    list or filter titles; `detail` a kind (notification type, source, filter action)."""

    why: Why
    names: tuple[str, ...] = ()
    detail: str = ""
    when: datetime | None = None
    matched: tuple[str, ...] = ()  # a filter's keywords that matched
    breakdown: tuple[tuple[str, float], ...] = ()  # a ranked post's rule -> contribution

    def sentence(self) -> str:
        """The fact as one plain line (no markup; names are server text, made safe)."""
        return clean_line(_SENTENCES[self.why](self))

    def to_json(self) -> dict[str, object]:
        return {"reason": self.why.value, "names": list(self.names), "detail": self.detail,
                "when": self.when.isoformat() if self.when else None,
                "matched": list(self.matched), "text": self.sentence()} | (
                    {"breakdown": dict(self.breakdown)} if self.breakdown else {})


def _people(names: Sequence[str]) -> str:
    return ", ".join(f"@{name}" for name in names)


def _source(fact: Fact) -> str:
    where = SOURCES.get(fact.detail, fact.detail)
    label = fact.names[0] if fact.names else ""
    if fact.detail == "hashtag" and label:
        where = f"the #{label} timeline"
    elif fact.detail == "search" and label:
        where = f"your search “{label}”"
    elif fact.detail in ("list", "account") and label:
        where = f"{where} {label}" if fact.detail == "list" else f"the profile of {label}"
    return f"It came from {where}."


def _since(fact: Fact) -> str:
    base = f"You follow the author {_people(fact.names)}"
    return f"{base} (since {fact.when:%Y-%m-%d})." if fact.when else f"{base}."


def _notification(fact: Fact) -> str:
    who = f" from {_people(fact.names)}" if fact.names else ""
    at = f" at {fact.when:%Y-%m-%d %H:%M}" if fact.when else ""
    return f"It is a notification of type “{fact.detail}”{who}{at}."


def _filter(fact: Fact) -> str:
    title = fact.names[0] if fact.names else "?"
    words = f" (matched: {', '.join(fact.matched)})" if fact.matched else ""
    done = "hides" if fact.detail == "hide" else "folds"
    return f"Your server's filter “{title}” {done} it{words}."


def _ranked(fact: Fact) -> str:
    parts = ", ".join(f"{name} {value:+.2f}" for name, value in fact.breakdown)
    return f"Your ranking.toml scores it {fact.detail}: {parts or 'no rule applies'}."
def _local_filter(fact: Fact) -> str:
    state, _, kind = fact.detail.partition(":")
    name = fact.names[0] if fact.names else "?"
    how = {"keywords": "keywords", "regex": "regular expression", "accounts": "muted account",
           "domains": "muted domain", "describe": "judged by the local model"}.get(kind, kind)
    said = f" ({', '.join(fact.matched)})" if fact.matched else ""
    done = {"hidden": f"hides it{said}", "kept": f"judged it and kept it{said}",
            "pending": "has not judged it yet", "failed": f"could not decide on it{said}"}
    return f"Your local filter “{name}” ({how}) {done.get(state, state)}."


_SENTENCES = {
    Why.SOURCE: _source,
    Why.YOUR_POST: lambda f: ("You boosted it." if f.detail == "boost" else "You wrote it."),
    Why.FOLLOWED_AUTHOR: _since,
    Why.BOOSTED_BY: lambda f: f"Boosted by accounts you follow: {_people(f.names)}.",
    Why.BOOSTED_BY_OTHERS: lambda f: f"Also boosted by: {_people(f.names)}.",
    Why.FOLLOWED_TAG: lambda f: "It carries hashtags you follow: "
                                f"{', '.join('#' + n for n in f.names)}.",
    Why.IN_LIST: lambda f: f"@{f.detail} is in your lists: {', '.join(f.names)}.",
    Why.MENTIONS_YOU: lambda f: "It mentions you.",
    Why.THREAD_YOU_JOINED: lambda f: ("It replies to you." if f.detail == "to you" else
                                      "It replies in a thread you took part in."),
    Why.NOTIFICATION: _notification,
    Why.PINNED: lambda f: "The author pinned it.",
    Why.SERVER_FILTER: _filter,
    Why.RANKED: _ranked,
    Why.LOCAL_FILTER: _local_filter,
}


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a pane's posts come from: a `SOURCES` kind and its label (tag, list title,
    profile handle, search words)."""

    kind: str
    label: str = ""

    @classmethod
    def of_pane(cls, spec: PaneSpec) -> Origin:
        if spec.kind is PaneKind.HASHTAG:
            return cls("hashtag", spec.argument.lstrip("#"))
        if spec.kind in (PaneKind.LIST, PaneKind.ACCOUNT):
            return cls(spec.kind.value, spec.label or spec.argument)
        return cls(spec.kind.value)


@dataclass(frozen=True, slots=True)
class Followed:
    acct: str
    since: datetime | None = None  # when the reader followed, if anything recorded it


@dataclass(frozen=True)
class Reader:
    """What the server says about the reader; account ids are the reader's server's."""

    id: str
    acct: str = ""
    following: Mapping[str, Followed] = field(default_factory=dict)  # by account id
    tags: frozenset[str] = frozenset()  # followed hashtags, lower case
    lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # id -> list titles
    joined: frozenset[str] = frozenset()  # post ids of threads the reader took part in
    pinned: frozenset[str] = frozenset()  # ids of pinned posts (of the profiles asked)


def _boosters(items: Iterable[Item], extra: Mapping[str, Sequence[Account]]
              ) -> dict[str, list[Account]]:
    """Every booster seen, by the boosted post's id, in the order seen (no repeats)."""
    found: dict[str, dict[str, Account]] = {}
    for item in items:
        status = item.status if isinstance(item, Notification) else item
        if isinstance(item, Notification) and item.type == "reblog" and item.status:
            found.setdefault(item.status.shown.id, {}).setdefault(item.account.id, item.account)
        if status is not None and status.reblog is not None:
            found.setdefault(status.reblog.id, {}).setdefault(status.account.id, status.account)
    for post_id, accounts in extra.items():
        seen = found.setdefault(post_id, {})
        for account in accounts:
            seen.setdefault(account.id, account)
    return {post_id: list(accounts.values()) for post_id, accounts in found.items()}


def _threads(items: Sequence[Item], reader: Reader) -> set[str]:
    """The reader's threads, grown by the pane's own replies into them (oldest first)."""
    joined = set(reader.joined)
    statuses = [s.shown for s in (i.status if isinstance(i, Notification) else i
                                  for i in items) if s is not None]
    for status in statuses:
        if status.account.id == reader.id:
            joined.add(status.id)
            if status.in_reply_to_id:
                joined.add(status.in_reply_to_id)
    for status in sorted(statuses, key=lambda s: s.created_at):
        if status.in_reply_to_id in joined:
            joined.add(status.id)
    return joined


def _status_facts(status: Status, reader: Reader, boosters: Mapping[str, list[Account]],
                  joined: set[str]) -> list[Fact]:
    shown = status.shown
    facts: list[Fact] = []
    author = shown.account
    if author.id == reader.id:
        facts.append(Fact(Why.YOUR_POST))
    if status.reblog is not None and status.account.id == reader.id:
        facts.append(Fact(Why.YOUR_POST, detail="boost"))
    if (followed := reader.following.get(author.id)) is not None:
        facts.append(Fact(Why.FOLLOWED_AUTHOR, (author.acct,), when=followed.since))
    by = [a for a in boosters.get(shown.id, ()) if a.id != reader.id]
    if mine := [a.acct for a in by if a.id in reader.following]:
        facts.append(Fact(Why.BOOSTED_BY, tuple(mine)))
    if others := [a.acct for a in by if a.id not in reader.following]:
        facts.append(Fact(Why.BOOSTED_BY_OTHERS, tuple(others)))
    if tags := tuple(dict.fromkeys(t.name for t in shown.tags if t.name.lower() in reader.tags)):
        facts.append(Fact(Why.FOLLOWED_TAG, tags))
    for member in (author, *by):
        if titles := reader.lists.get(member.id):
            facts.append(Fact(Why.IN_LIST, titles, detail=member.acct))
    if any(m.id == reader.id for m in shown.mentions):
        facts.append(Fact(Why.MENTIONS_YOU))
    if shown.in_reply_to_account_id == reader.id and author.id != reader.id:
        facts.append(Fact(Why.THREAD_YOU_JOINED, detail="to you"))
    elif shown.in_reply_to_id is not None and shown.in_reply_to_id in joined:
        facts.append(Fact(Why.THREAD_YOU_JOINED, detail=shown.in_reply_to_id))
    if shown.id in reader.pinned:
        facts.append(Fact(Why.PINNED))
    facts.extend(Fact(Why.SERVER_FILTER, (f.title,), detail=f.action, matched=f.keyword_matches)
                 for f in shown.filtered)
    return facts


def explain(items: Sequence[Item], origin: Origin, reader: Reader, *,
            boosters: Mapping[str, Sequence[Account]] | None = None
            ) -> dict[str, tuple[Fact, ...]]:
    """Every reason for every item (by item id), the source first. `boosters` adds
    boosters the server named (by boosted post id) to those the pane shows."""
    seen = _boosters(items, boosters or {})
    joined = _threads(items, reader)
    source = Fact(Why.SOURCE, (origin.label,) if origin.label else (), detail=origin.kind)
    result: dict[str, tuple[Fact, ...]] = {}
    for item in items:
        facts = [source]
        if isinstance(item, Notification):
            names = tuple(a.acct for a in getattr(item, "sample_accounts", ())) or (
                (item.account.acct,) if item.account.acct else ())
            facts.append(Fact(Why.NOTIFICATION, names, detail=item.type, when=item.created_at))
            if item.status is not None:
                facts.extend(f for f in _status_facts(item.status, reader, seen, joined)
                             if f.why in (Why.MENTIONS_YOU, Why.THREAD_YOU_JOINED,
                                          Why.SERVER_FILTER))
        else:
            facts.extend(_status_facts(item, reader, seen, joined))
        result[item.id] = tuple(facts)
    return result
