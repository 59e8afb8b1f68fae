"""The summarise service: a thread, a catch-up, a profile, point by point, on the device.

Blocking (call from a worker). The posts come from the server through `fedtui.mastodon`
(the thread through the context endpoint), the picks and quotes from `fedtui.core.summary`,
and, when the caller gives them, translations of posts in languages the reader does not
read (`translate`, the translation pipeline and its cache) and the model's phrasing
(`runner`), which is kept only where `fedtui.core.faithful` passes. The plan is made from
the posts as the server sent them, so a run with a model and one without give the same
points in the same places: the App shows the quotes at once and replaces them as the model
improves them, chunk by chunk in a thread longer than its context
(`fedtui.core.summary_chunks`). Finished summaries are kept by their posts and edits
(`summary_key`), for the session and, given a `SummaryStore`, on disk with the catch-up
positions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from fedtui.core.bounded import Recent
from fedtui.core.faithful import ENGLISH
from fedtui.core.summary import (
    Pick,
    Plan,
    Point,
    Post,
    Reader,
    Summary,
    extract,
    plan_posts,
    posts_of,
    summary_key,
)
from fedtui.core.summary_chunks import CONTEXT_TOKENS, by_part, plan_long_thread
from fedtui.errors import StoreError

if TYPE_CHECKING:
    from fedtui.core.langdetect import Detector
    from fedtui.core.lexicon import Lexicon
    from fedtui.core.model import Status
    from fedtui.core.panes import PaneSpec
    from fedtui.core.translate import TaskRunner, Translator
    from fedtui.core.translation_result import StatusTranslation
    from fedtui.mastodon.actions import Actions
    from fedtui.mastodon.client import InstanceClient
    from fedtui.store.summaries import SummaryStore

MAX_POSTS = 300  # a catch-up reads at most this many posts
PAGE = 40


@dataclass(frozen=True, slots=True)
class Update:
    """Point `index` of `total` is now `point`. Every point comes first as a quote of the
    post as sent; the same index again is a better version (translated, phrased)."""

    index: int
    total: int
    point: Point


@dataclass(frozen=True, slots=True)
class Helpers:
    """What a run may use besides the posts. `foreign` names the language of a post the
    reader does not read (None: they read it); `translate` gives its translated plain text
    (None: not translated); `runner` is the model that may phrase a point, whose context
    holds `context_tokens`; `language` gives a post's language code (for the check)."""

    foreign: Callable[[Status], str | None] | None = None
    translate: Callable[[Status], str | None] | None = None
    runner: TaskRunner | None = None
    model_name: str = ""
    target: str = ""
    language: Callable[[Status], str | None] | None = None
    context_tokens: int = CONTEXT_TOKENS

    @property
    def method(self) -> str:
        return f"model:{self.model_name}" if self.runner is not None else "extractive"


@dataclass(frozen=True, slots=True)
class Source:
    """The posts of one summary, as fetched: what `run` summarises."""

    kind: str  # thread, catchup, profile
    statuses: tuple[Status, ...]
    root_id: str = ""
    newest_id: str = ""  # a catch-up: where the next one starts


def thread_source(client: InstanceClient, status_id: str) -> Source:
    """A thread through the context endpoint: its root and every reply (a reply's context
    holds only its own branch: the root's is asked for then)."""
    status, context = client.thread(status_id)
    if context.ancestors:
        status, context = client.thread(context.ancestors[0].shown.id)
    statuses = (*context.ancestors, status, *context.descendants)
    root = context.ancestors[0] if context.ancestors else status
    return Source("thread", statuses, root_id=root.shown.id)


def catchup_source(client: InstanceClient, spec: PaneSpec, since_id: str | None) -> Source:
    """What arrived in a pane after `since_id` (a read marker or the last catch-up), at
    most MAX_POSTS; with no `since_id`, the newest page."""
    from fedtui.core.model import Status

    statuses: list[Status] = []
    newest = ""
    cursor = None
    while len(statuses) < MAX_POSTS:
        page = client.page(spec, cursor, limit=PAGE)
        for item in page.items:
            newest = newest or str(item.id)
            if since_id is not None and not_after(str(item.id), since_id):
                return Source("catchup", tuple(statuses), newest_id=newest)
            status = item if isinstance(item, Status) else getattr(item, "status", None)
            if isinstance(status, Status):
                statuses.append(status)
        cursor = page.older
        if since_id is None or not page.items or cursor is None:
            break
    return Source("catchup", tuple(statuses[:MAX_POSTS]), newest_id=newest)


def profile_source(client: InstanceClient, account_id: str) -> Source:
    """An account's recent posts (its boosts left out)."""
    from fedtui.mastodon import graph

    posts = graph.recent_posts(client, account_id, limit=PAGE)
    return Source("profile", tuple(s for s in posts if s.reblog is None))


def not_after(item_id: str, since_id: str) -> bool:
    """`item_id` is the read position or older (ids grow; compared as numbers if they are)."""
    if item_id.isdigit() and since_id.isdigit():
        return int(item_id) <= int(since_id)
    return (len(item_id), item_id) <= (len(since_id), since_id)


def newest(ids: Sequence[str | None]) -> str | None:
    """The newest of some post ids (a read marker, the last catch-up), None if none."""
    known = [i for i in ids if i]
    return max(known, key=lambda i: (len(i), i)) if known else None


def catchup_of(items: Sequence[Any], since: Sequence[str | None]) -> Source:
    """A catch-up of the items a pane holds (newest first): those after the newest of
    `since`, at most MAX_POSTS."""
    from fedtui.core.model import Status

    start = newest(since)
    statuses: list[Status] = []
    for item in items:
        if start is not None and not_after(str(item.id), start):
            break
        status = item if isinstance(item, Status) else getattr(item, "status", None)
        if isinstance(status, Status) and len(statuses) < MAX_POSTS:
            statuses.append(status)
    return Source("catchup", tuple(statuses), newest_id=str(items[0].id) if items else "")


def read_marker(actions: Actions, spec: PaneSpec) -> str | None:
    """The server's read marker of a home or notifications pane, else None."""
    from fedtui.core.panes import PaneKind

    name = {PaneKind.HOME: "home", PaneKind.NOTIFICATIONS: "notifications"}.get(spec.kind)
    if name is None:
        return None
    marker = actions.markers((name,)).get(name)
    return marker.last_read_id if marker is not None and marker.last_read_id else None


def reader_of(found: Any) -> Reader:
    """A `fedtui.core.provenance.Reader` (whom the reader follows) as the summariser's."""
    return Reader(id=found.id, follows=frozenset(found.following))


class Summaries:
    """Runs summaries and keeps the finished ones: this session's in memory, and in `store`
    (when given) for the next. A store that fails is left alone for the rest of the
    session; `notices()` tells what went wrong, once."""

    def __init__(self, limit: int = 200, store: SummaryStore | None = None,
                 notice: str | None = None) -> None:
        self._done: Recent[str, Summary] = Recent(limit)
        self._caught_up: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()
        self.store = store
        self._notices = [notice] if notice else []

    def notices(self) -> list[str]:
        with self._lock:
            said, self._notices = self._notices, []
        return said

    def _stored(self, call: Callable[[SummaryStore], Any]) -> Any:
        """`call(store)`, or None when there is none or it failed (then it is dropped)."""
        store = self.store
        if store is None:
            return None
        try:
            return call(store)
        except StoreError as err:
            with self._lock:
                self.store = None
                self._notices.append(f"Summaries are kept for this session only: {err}")
            return None
        finally:
            reset = store.take_notice()  # damaged, moved aside, started afresh
            if reset:
                with self._lock:
                    self._notices.append(reset)

    def cached(self, source: Source, helpers: Helpers) -> Summary | None:
        return self._kept(self._key(source, helpers))

    def _kept(self, key: str) -> Summary | None:
        """The summary kept under `key`: this session's, else the store's."""
        with self._lock:
            found = self._done.get(key)
        if found is None:
            found = self._stored(lambda store: store.get(key))
            if found is not None:
                with self._lock:
                    self._done[key] = found
        return found

    def _key(self, source: Source, helpers: Helpers) -> str:
        return summary_key(source.kind, posts_of(source.statuses), helpers.method,
                           helpers.target)

    def last_catchup(self, account: str, pane: str) -> str | None:
        """Where the last catch-up of `pane` (of `account`) ended, if it was kept."""
        with self._lock:
            found = self._caught_up.get((account, pane))
        return found or self._stored(lambda store: store.last_catchup(account, pane))

    def remember_catchup(self, account: str, pane: str, newest: str) -> None:
        with self._lock:
            self._caught_up[(account, pane)] = newest
        self._stored(lambda store: store.remember_catchup(account, pane, newest))

    def run(self, source: Source, reader: Reader, helpers: Helpers | None = None,
            cancelled: Callable[[], bool] | None = None) -> Iterator[Update]:
        """The points of `source`, one by one: each quoted at once, then the better versions
        chunk by chunk; stops quietly when `cancelled()`."""
        helpers = helpers or Helpers()
        cancelled = cancelled or (lambda: False)
        key = self._key(source, helpers)  # the posts and their edits as they are now
        done = self._kept(key)
        if done is not None:
            for index, point in enumerate(done.points):
                yield Update(index, len(done.points), point)
            return
        by_id = {status.shown.id: status for status in source.statuses}
        plan = make_plan(source, reader, helpers)
        total = len(plan.picks)
        points = [extract(pick, plan.topic) for pick in plan.picks]
        for index, point in enumerate(points):  # the quotes at once, then better versions
            if cancelled():
                return
            yield Update(index, total, point)
        lexicons: dict[str, Lexicon] = {}
        for index in by_part(plan):
            better = _improve(plan.picks[index], plan.topic, by_id, helpers, lexicons)
            if cancelled():
                return
            if better != points[index]:
                points[index] = better
                yield Update(index, total, better)
        summary = Summary(method_of(points, helpers), tuple(points))
        with self._lock:
            self._done[key] = summary
        self._stored(lambda store: store.put(key, summary))

    def summary(self, source: Source, reader: Reader, helpers: Helpers | None = None) -> Summary:
        """The whole summary at once (the command line)."""
        helpers = helpers or Helpers()
        points: dict[int, Point] = {}
        for update in self.run(source, reader, helpers):
            points[update.index] = update.point
        ordered = [points[index] for index in sorted(points)]
        return Summary(method_of(ordered, helpers), tuple(ordered))


def open_summaries() -> Summaries:
    """Summaries kept in the state folder's `summaries.db` (this session's only if it
    cannot be used: the notice says why)."""
    from fedtui.store.summaries import open_store

    store, notice = open_store()
    return Summaries(store=store, notice=notice)


def _improve(pick: Pick, topic: frozenset[str], by_id: dict[str, Status], helpers: Helpers,
             lexicons: dict[str, Lexicon]) -> Point:
    """The point of `pick` from its translation (if foreign), phrased by the model if the
    phrasing passes the check, in the language of the text it quotes."""
    post = _translated(pick.post, by_id.get(pick.post.id), helpers)
    point = extract(replace(pick, post=post), topic)
    if helpers.runner is None or not point.quoted:
        return point
    from fedtui.core.lexicon import lexicon
    from fedtui.core.summary_phrase import phrase

    lang = _language(post, by_id.get(pick.post.id), helpers)
    lex = lexicons.setdefault(lang, ENGLISH if lang == "en" else lexicon(lang))
    also = [_translated(p, by_id.get(p.id), helpers).text for p in pick.also]
    point, _verdict = phrase(point, [post.text, *also], helpers.runner, lex)
    return point


def _language(post: Post, status: Status | None, helpers: Helpers) -> str:
    """The language of the text a point quotes: the reader's for a translation, else the
    post's as decided (its tag when there is no detector)."""
    if post.note.startswith("translated"):
        return helpers.target or "en"
    found = helpers.language(status) if helpers.language and status is not None else None
    return found or (status.language if status is not None and status.language else "en")


def method_of(points: Sequence[Point], helpers: Helpers) -> str:
    """"model:<name>" when the model's phrasing is in at least one point, else extractive."""
    return helpers.method if any(point.phrased for point in points) else "extractive"


def make_plan(source: Source, reader: Reader, helpers: Helpers) -> Plan:
    """The picks, from the posts as sent (a post the reader does not read is marked)."""
    posts: list[Post] = []
    for post, status in zip(posts_of(source.statuses), _shown(source.statuses), strict=True):
        language = helpers.foreign(status) if helpers.foreign is not None else None
        posts.append(replace(post, note=f"in {language}") if language else post)
    if source.kind == "thread":
        return plan_long_thread(posts, source.root_id, reader, helpers.context_tokens)
    return plan_posts(source.kind, posts, reader)


def _shown(statuses: Sequence[Status]) -> list[Status]:
    """The shown post of each status, once, in the order `posts_of` gives."""
    seen: dict[str, Status] = {}
    for status in statuses:
        seen.setdefault(status.shown.id, status.shown)
    return list(seen.values())


def _translated(post: Post, status: Status | None, helpers: Helpers) -> Post:
    """`post` in the reader's language when it is foreign and a translation is had."""
    if not post.note or status is None or helpers.translate is None:
        return post
    text = helpers.translate(status)
    if not text:
        return post
    return replace(post, text=text, note=post.note.replace("in ", "translated from ", 1))


def language_by(detector: Detector) -> Callable[[Status], str | None]:
    """`Helpers.language` from a language detector (call inside `detector.loaded()`)."""
    from fedtui.core.langdetect import decide_language
    from fedtui.core.render import status_text

    def language(status: Status) -> str | None:
        return decide_language(status_text(status), status.language, detector).lang or None

    return language


def foreign_by(detector: Detector, reads: Sequence[str]) -> Callable[[Status], str | None]:
    """`Helpers.foreign` from a language detector (call inside `detector.loaded()`)."""
    from fedtui.core.langdetect import decide_language, language_name, reads_language
    from fedtui.core.render import status_text

    def foreign(status: Status) -> str | None:
        text = "\n".join([status.spoiler_text, status_text(status)])
        lang = decide_language(text, status.language, detector).lang
        return None if reads_language(lang, tuple(reads)) else language_name(lang)

    return foreign


def translate_by(translator: Translator, target: str,
                 cached: Callable[[Status], StatusTranslation | None] | None = None
                 ) -> Callable[[Status], str | None]:
    """`Helpers.translate` through the translation pipeline, its cache (`cached`) first."""
    from fedtui.core.translate import translate_status

    def translate(status: Status) -> str | None:
        found = cached(status) if cached is not None else None
        if found is None:
            found = translate_status(status, translator, target)
        return found.content.text if found.content.ok else None

    return translate
