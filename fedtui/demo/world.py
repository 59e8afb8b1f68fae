"""Seed the demo world into a running `DemoServer` through the Mastodon API (Mastodon.py).

Everything is deterministic: the same accounts, texts, tags, replies, boosts, polls and
favourites, in the same order, on every run. Statuses are posted one after another (their
order is the timeline order); favourites, votes, bookmarks, lists and followed tags, which
don't affect order, go through a small thread pool.

mastodon-mock 0.6.1 cannot backdate `created_at`, so all posts carry the seeding time; it
caps new posts at 500 characters, so long posts are posted short and edited to full length.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from fedtui.demo.accounts import (
    ACCOUNTS,
    ACCOUNTS_BY_NAME,
    DEMO_USERNAME,
    FOLLOWED_TAGS,
    LISTS,
    token_for,
)
from fedtui.demo.posts_east import AR, FA, HE, JA, KO, RU, UK, ZH
from fedtui.demo.posts_special import (
    AUTO,
    BOOKMARKS,
    FAVOURITES,
    SPECIALS,
    VOTES,
    Boost,
    Favourite,
    Post,
)
from fedtui.demo.posts_west import DE, EN, ES, FR, IT, PL, PT, TR, Entry

if TYPE_CHECKING:
    from fedtui.demo.server import DemoServer

GENERAL: tuple[tuple[str, tuple[Entry, ...]], ...] = (
    ("en", EN), ("de", DE), ("ja", JA), ("es", ES), ("fa", FA), ("fr", FR), ("zh", ZH),
    ("it", IT), ("ru", RU), ("ar", AR), ("pt", PT), ("ko", KO), ("uk", UK), ("he", HE),
    ("pl", PL), ("tr", TR),
)
# (people rotating on everyday posts, who posts about #terminal, who posts about #gardening)
AUTHORS: Mapping[str, tuple[tuple[str, ...], str | None, str | None]] = MappingProxyType({
    "en": (("nadia", "maren"), "tobias", "maren"),
    "de": (("greta", "jonas"), "jonas", "greta"),
    "fr": (("elodie", "bastien"), "bastien", "elodie"),
})
# A believable wrong tag for each language: the client's default, or a neighbour language.
WRONG_TAG: Mapping[str, str] = MappingProxyType({
    "en": "de", "de": "en", "es": "pt", "pt": "es", "fr": "en", "it": "es", "pl": "en",
    "tr": "en", "ja": "zh", "zh": "ja", "ko": "ja", "ru": "uk", "uk": "ru", "fa": "ar",
    "ar": "fa", "he": "en",
})
_START_FRACTION = 0.35  # specials are spread over the newest 65% of the timeline
_SPECIALS_SKEW = 0.5
_POOL = 3
_PROGRESS_STEP = 25  # posts between two progress lines


@dataclass(frozen=True, slots=True)
class _Item:
    post: Post | Boost | Favourite
    written_in: str | None  # the language the text is really in (None for boosts)
    everyday: bool = False  # one of the round-robin everyday posts


@dataclass(frozen=True)
class DemoWorld:
    """What `seed_world` created, for tests and for the demo's welcome text."""

    base_url: str
    demo_username: str
    handles: tuple[str, ...]  # every seeded account except the demo user
    followed: tuple[str, ...]  # accounts the demo user follows
    followers: tuple[str, ...]  # accounts following the demo user
    statuses: int  # original posts (not boosts)
    boosts: int
    languages: Mapping[str, int]  # language a post is written in -> posts
    untagged: int  # posts sent without a language tag
    mistagged: int  # posts tagged with a language they are not written in
    status_ids: Mapping[str, str] = field(repr=False)  # showcase key -> status id
    list_ids: Mapping[str, str] = field(default_factory=dict)  # list title -> id
    followed_tags: tuple[str, ...] = ()
    seconds: float = 0.0


def _author(lang: str, text: str, index: int) -> str:
    people, tech, garden = AUTHORS.get(lang, ((_first_writer(lang),), None, None))
    if tech and ("#terminal" in text or "`" in text):
        return tech
    if garden and "#gardening" in text:
        return garden
    return people[index % len(people)]


def _first_writer(lang: str) -> str:
    return next(a.username for a in ACCOUNTS if a.lang == lang and a.followed)


def _tag(lang: str, position: int) -> str | None:
    """Mostly right; every 8th post untagged, every 11th tagged wrongly."""
    if position % 8 == 5:
        return None
    if position % 11 == 7:
        return WRONG_TAG[lang]
    return lang


def _general_items() -> list[_Item]:
    """Everyday posts, round-robin across languages, with a few delayed boosts."""
    items: list[_Item] = []
    originals: list[Post] = []
    longest = max(len(entries) for _, entries in GENERAL)
    followed = [a.username for a in ACCOUNTS if a.followed]
    for index in range(longest):
        for lang, entries in GENERAL:
            if index >= len(entries):
                continue
            entry = entries[index]
            cw, text = entry if isinstance(entry, tuple) else (None, entry)
            post = Post(_author(lang, text, index), text, lang=_tag(lang, len(originals)),
                        key=f"{lang}{index}", cw=cw)
            originals.append(post)
            items.append(_Item(post, lang, everyday=True))
            earlier = len(originals) - 18
            if earlier >= 0 and earlier % 23 == 7:
                target = originals[earlier]
                booster = followed[(earlier * 7) % len(followed)]
                if booster == target.author:
                    booster = followed[(earlier * 7 + 1) % len(followed)]
                assert target.key is not None
                items.append(_Item(Boost(booster, target.key), None))
    return items


def _usual_language(post: Post) -> str:
    account = ACCOUNTS_BY_NAME.get(post.author)
    return account.lang if account is not None else "en"


def build_sequence() -> list[_Item]:
    """The full, ordered list of posts and boosts (oldest first)."""
    general = _general_items()
    specials = [
        _Item(p, _actual_language(p) if isinstance(p, Post) else None) for p in SPECIALS
    ]
    start = int(len(general) * _START_FRACTION)
    head, tail = general[:start], general[start:]
    ranked: list[tuple[float, int, _Item]] = [
        (i / len(tail), 0, item) for i, item in enumerate(tail)
    ]
    # Denser towards the newest end, so the first screens show a bit of everything.
    ranked += [
        (((j + 1) / len(specials)) ** _SPECIALS_SKEW, 1, item) for j, item in enumerate(specials)
    ]
    ranked.sort(key=lambda r: (r[0], r[1]))
    return head + [item for _, _, item in ranked]


# Special posts whose text is not in the author's usual language.
_ACTUAL: Mapping[str, str] = MappingProxyType({"wrong1": "de", "mixed1": "en"})


def _actual_language(post: Post) -> str:
    return _ACTUAL.get(post.key or "", _usual_language(post))


class _Clients:
    """One Mastodon.py client (with its own connection pool) per seeded account."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._clients: dict[str, Any] = {}
        self._lock = threading.Lock()

    def __getitem__(self, username: str) -> Any:
        with self._lock:
            client = self._clients.get(username)
            if client is None:
                client = self._clients[username] = make_client(self.base_url, token_for(username))
            return client

    def close(self) -> None:
        for client in self._clients.values():
            session = getattr(client, "session", None)
            if session is not None:
                session.close()
        self._clients.clear()


def make_client(base_url: str, token: str) -> Any:
    """A Mastodon.py client for the demo server that never goes through a proxy (Mastodon.py
    loaded as the app loads it, without its Web Push crypto: `fedtui demo` seeds in the
    process that then runs the app)."""
    from fedtui.mastodon.session import import_mastodon
    from fedtui.net import Network

    Mastodon = import_mastodon()

    session = Network(timeout=30).requests_session(token_site=base_url)  # loopback: direct
    # On a busy machine the server can close a kept-alive connection just as the next
    # request goes out on it: asked again (posts carry an idempotency key, `_post`).
    from requests.adapters import HTTPAdapter  # (loaded by then as fedtui loads it)
    from urllib3.util import Retry

    adapter = session.get_adapter(base_url)
    assert isinstance(adapter, HTTPAdapter)
    adapter.max_retries = Retry(total=3, connect=3, read=3, status=0, other=0,
                                allowed_methods=None, raise_on_status=False)
    return Mastodon(access_token=token, api_base_url=base_url, session=session,
                    request_timeout=30, version_check_mode="none")


def _post(clients: _Clients, post: Post, ids: Mapping[str, str]) -> tuple[str, str | None]:
    """Post (and, for long posts, edit); returns the status id and the poll id."""
    client = clients[post.author]
    lang = _usual_language(post) if post.lang == AUTO else post.lang
    poll = None
    if post.poll is not None:
        options, expires_in, multiple = post.poll
        poll = client.make_poll(list(options), expires_in=expires_in, multiple=multiple)
    status = client.status_post(
        post.text,
        in_reply_to_id=ids[post.reply_to] if post.reply_to else None,
        spoiler_text=post.cw,
        language=lang,
        visibility=post.visibility,
        poll=poll,
        idempotency_key=uuid.uuid4().hex,  # a retry of a dropped request posts once
    )
    status_id = str(status["id"])
    if post.long_text is not None:
        client.status_update(status_id, post.long_text)
    return status_id, (str(status["poll"]["id"]) if status.get("poll") else None)


def _favourites(everyday: list[str]) -> list[tuple[str, str]]:
    """The listed favourites, plus 1-2 on every eighth everyday post."""
    pairs = list(FAVOURITES)
    followed = [a.username for a in ACCOUNTS if a.followed]
    for index, key in enumerate(everyday):
        if index % 8 == 1:
            for n in range(1 + index % 2):
                pairs.append((followed[(index + 5 * n) % len(followed)], key))
    return pairs


def seed_world(server: DemoServer,
               progress: Callable[[str], None] | None = None) -> DemoWorld:
    """Fill a freshly started demo server with the demo world. Not idempotent.

    `progress` hears how many of the posts are written, every `_PROGRESS_STEP` posts."""
    started = time.monotonic()
    clients = _Clients(server.base_url)
    try:
        with ThreadPoolExecutor(max_workers=_POOL, thread_name_prefix="demo-seed") as pool:
            return _seed(server, clients, pool, started, progress or (lambda _step: None))
    finally:
        clients.close()


class _Seeding:
    """The state of one seeding run: ids so far, and side jobs waiting for a post to exist."""

    def __init__(self, clients: _Clients, pool: ThreadPoolExecutor) -> None:
        self.clients = clients
        self.pool = pool
        self.ids: dict[str, str] = {}
        self.poll_ids: dict[str, str] = {}
        self.waiting: dict[str, list[Callable[[], object]]] = defaultdict(list)
        self.futures: list[Future[object]] = []

    def when_posted(self, key: str, job: Callable[[], object]) -> None:
        if key in self.ids:
            self.futures.append(self.pool.submit(job))
        else:
            self.waiting[key].append(job)

    def posted(self, key: str, status_id: str, poll_id: str | None) -> None:
        self.ids[key] = status_id
        if poll_id is not None:
            self.poll_ids[key] = poll_id
        for job in self.waiting.pop(key, []):
            self.futures.append(self.pool.submit(job))

    def finish(self) -> None:
        if self.waiting:
            raise RuntimeError(f"demo seed refers to unknown posts: {sorted(self.waiting)}")
        for future in self.futures:
            future.result()


def _seed(
    server: DemoServer, clients: _Clients, pool: ThreadPoolExecutor, started: float,
    progress: Callable[[str], None],
) -> DemoWorld:
    demo = clients[DEMO_USERNAME]
    state = _Seeding(clients, pool)
    sequence = build_sequence()
    everyday = [i.post.key for i in sequence if i.everyday and isinstance(i.post, Post)]

    # Side jobs whose order doesn't matter run on the pool, overlapping the ordered posting.
    state.futures.append(pool.submit(_make_lists, demo))
    state.futures += [pool.submit(demo.tag_follow, tag) for tag in FOLLOWED_TAGS]
    ids, poll_ids = state.ids, state.poll_ids
    for username, key in _favourites([k for k in everyday if k is not None]):
        state.when_posted(key, partial(_favourite, clients, ids, username, key))
    for voter, key, choices in VOTES:
        state.when_posted(key, partial(_vote, clients, poll_ids, voter, key, choices))
    for key in BOOKMARKS:
        state.when_posted(key, partial(_bookmark, demo, ids, key))

    languages: Counter[str] = Counter()
    untagged = mistagged = boosts = 0
    for done, item in enumerate(sequence):
        if done % _PROGRESS_STEP == 0:
            progress(f"Seeding the demo world: {done} of {len(sequence)} posts…")
        post = item.post
        if isinstance(post, Boost):
            clients[post.booster].status_reblog(ids[post.key])
            boosts += 1
            continue
        if isinstance(post, Favourite):
            clients[post.account].status_favourite(ids[post.key])
            continue
        status_id, poll_id = _post(clients, post, ids)
        if post.key is not None:
            state.posted(post.key, status_id, poll_id)
        assert item.written_in is not None
        languages[item.written_in] += 1
        tag = _usual_language(post) if post.lang == AUTO else post.lang
        untagged += tag is None
        mistagged += tag is not None and tag != item.written_in
    progress("Seeding the demo world: favourites, votes, bookmarks and lists…")
    state.finish()
    list_ids = state.futures[0].result()
    assert isinstance(list_ids, dict)

    return DemoWorld(
        base_url=server.base_url,
        demo_username=DEMO_USERNAME,
        handles=tuple(a.username for a in ACCOUNTS),
        followed=tuple(a.username for a in ACCOUNTS if a.followed),
        followers=tuple(a.username for a in ACCOUNTS if a.follows_demo),
        statuses=sum(languages.values()),
        boosts=boosts,
        languages=dict(sorted(languages.items())),
        untagged=untagged,
        mistagged=mistagged,
        status_ids=dict(ids),
        list_ids=list_ids,
        followed_tags=FOLLOWED_TAGS,
        seconds=time.monotonic() - started,
    )


def _favourite(clients: _Clients, ids: Mapping[str, str], username: str, key: str) -> None:
    clients[username].status_favourite(ids[key])


def _vote(
    clients: _Clients, poll_ids: Mapping[str, str], voter: str, key: str, choices: tuple[int, ...]
) -> None:
    clients[voter].poll_vote(poll_ids[key], list(choices))


def _bookmark(demo: Any, ids: Mapping[str, str], key: str) -> None:
    demo.status_bookmark(ids[key])


def _make_lists(demo: Any) -> dict[str, str]:
    """Create the demo user's lists; returns title -> list id."""
    following = demo.account_following(demo.me()["id"], limit=80)
    account_ids = {str(a["username"]): str(a["id"]) for a in following}
    list_ids: dict[str, str] = {}
    for title, members in LISTS:
        created = demo.list_create(title)
        demo.list_accounts_add(created["id"], [account_ids[m] for m in members])
        list_ids[title] = str(created["id"])
    return list_ids
