"""`InstanceClient`: fedtui's blocking facade over Mastodon.py for one account on one instance.

Every method returns `fedtui.core.model` types and raises only `fedtui.errors` exceptions.
Calls block: the UI runs them in thread workers. Paging follows the server's Link headers
(through Mastodon.py's pagination info), so bookmarks, favourites and notifications,
whose page boundaries aren't status ids, page correctly.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from fedtui.core.capabilities import Feature, ServerCapabilities, mastodon_version
from fedtui.core.fields import line_field, lines_field, str_field
from fedtui.core.model import (
    Account,
    Context,
    Notification,
    NotificationGroup,
    Relationship,
    Status,
)
from fedtui.core.panes import Page, PaneKind, PaneSpec
from fedtui.core.sanitize import clean_line, clean_text
from fedtui.core.shared_models import SharedModels
from fedtui.errors import ApiError, FedtuiError
from fedtui.mastodon.server import RequestBudget, instance_data, settle_timelines, settle_version
from fedtui.mastodon.session import ResponseLog, build_api, host_of, translate_errors
from fedtui.net import Network

if TYPE_CHECKING:
    from mastodon import Mastodon

T = TypeVar("T")

#: Kinds whose Link cursors are item ids, so an id can stand in for a missing Link header.
_ID_PAGED = frozenset({PaneKind.HOME, PaneKind.NOTIFICATIONS, PaneKind.LOCAL,
                       PaneKind.FEDERATED, PaneKind.HASHTAG, PaneKind.LIST, PaneKind.ACCOUNT})


def nested(data: object, *path: str) -> object:
    """A nested value of a mapping, or None when any step is missing."""
    for key in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data


def int_or(value: object, default: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


@dataclass(frozen=True, slots=True)
class InstanceInfo:
    """What fedtui needs to know about a server (from /api/v2/instance, or v1)."""

    domain: str
    title: str
    version: str
    description: str = ""
    max_characters: int = 500
    max_poll_options: int = 4
    max_media_attachments: int = 4
    characters_reserved_per_url: int = 23
    streaming_url: str | None = None
    languages: tuple[str, ...] = ()
    api_version: int = 0

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> InstanceInfo:
        """From a v2 or v1 instance entity (v1 has `uri` and `urls.streaming_api`)."""
        conf = nested(data, "configuration")
        streaming = nested(conf, "urls", "streaming") or nested(data, "urls", "streaming_api")
        description = data.get("description") or data.get("short_description") or ""
        return cls(
            domain=line_field(data, "domain") or line_field(data, "uri"),
            title=line_field(data, "title"),
            version=line_field(data, "version"),
            description=clean_text(str(description)),
            max_characters=int_or(nested(conf, "statuses", "max_characters")
                                   or data.get("max_toot_chars"), 500),
            max_poll_options=int_or(nested(conf, "polls", "max_options"), 4),
            max_media_attachments=int_or(nested(conf, "statuses", "max_media_attachments"), 4),
            characters_reserved_per_url=int_or(
                nested(conf, "statuses", "characters_reserved_per_url"), 23),
            streaming_url=clean_line(str(streaming or "")) or None,
            languages=lines_field(data, "languages"),
            api_version=int_or(nested(data, "api_versions", "mastodon"), 0),
        )


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where the next page starts: Mastodon.py's Link pagination info, or an item id."""

    key: str  # the PaneSpec.key it belongs to
    direction: Literal["older", "newer"]
    info: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)
    item_id: str | None = None


class InstanceClient:
    """One account on one instance. Blocking; thread-safe enough for concurrent workers."""

    def __init__(self, base_url: str, token: str | None, *, network: Network | None = None,
                 timeout: float | None = None) -> None:
        """`network` is the run's (None: direct); `timeout` overrides its timeout."""
        self.base_url = base_url.rstrip("/")
        self.host = host_of(base_url)
        network = network if network is not None else Network(timeout=20.0)
        self.network = replace(network, timeout=timeout) if timeout is not None else network
        self.timeout = self.network.timeout
        self._log = ResponseLog()
        self._api = build_api(base_url, token, network=self.network, log=self._log)
        #: Whether the server has grouped notifications (v2); None until first asked.
        self.grouped_notifications: bool | None = None
        #: What this server lacks, learned from its answers during this session.
        self.capabilities = ServerCapabilities()
        #: One copy of each post and author this session holds, whichever pane shows it.
        self.shared = SharedModels()
        self.budget = RequestBudget(self.host)
        self._api.session.hooks["response"].append(self.budget.hook)
        self._instance: Mapping[str, Any] | None = None
        self._instance_known = False
        self._instance_lock = threading.RLock()
        settle_version(self._api, self._version)
        settle_timelines(self._api, self.server_info)

    @property
    def api(self) -> Mastodon:
        """The underlying Mastodon.py object (for the streaming adapter and tests)."""
        return self._api

    @property
    def last_status(self) -> int | None:
        """The HTTP status of this thread's last response (None before any)."""
        return self._log.last.status if self._log.last is not None else None

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Translate failures inside the block into `fedtui.errors` exceptions; the block
        may send at most `server.REQUEST_CEILING` requests."""
        with self.budget.scope(), translate_errors(self.base_url, log=self._log,
                                                   timeout=self.timeout):
            yield

    def entity(self, data: object, what: str) -> Mapping[str, Any]:
        """`data` when it is a JSON object; else ApiError (a server that sent `[]`)."""
        if not isinstance(data, Mapping):
            raise ApiError(f"{self.host} sent malformed {what} (expected an object). Try "
                           "again later; if it keeps happening the server may be misconfigured.")
        return data

    def call(self, fn: Callable[[Mastodon], T]) -> T:
        """Run `fn(api)` with errors translated: for calls without a method here."""
        with self.errors():
            return fn(self._api)

    # --- accounts and the instance ------------------------------------------------

    def verify_credentials(self) -> Account:
        with self.errors():
            return Account.from_api(self.entity(self._api.account_verify_credentials(),
                                                "account data"))

    def server_info(self) -> Mapping[str, Any] | None:
        """The server's instance entity (v2, else v1), asked once per session; None when the
        server has none (which is remembered as `Feature.INSTANCE` missing)."""
        with self._instance_lock:
            if not self._instance_known:
                with self.errors():
                    data = instance_data(self._api, self.base_url)
                self._instance, self._instance_known = data, True
                if data is None:
                    self.capabilities.mark_missing(Feature.INSTANCE)
                self.capabilities.server_version(line_field(data or {}, "version"))
            return self._instance

    def _version(self) -> str:
        """The Mastodon version Mastodon.py should assume (never a request after the first
        answer; a network failure gives the baseline for this call only)."""
        try:
            data = self.server_info()
        except FedtuiError:
            data = None
        return mastodon_version(str(data.get("version") or "") if data else None)

    def instance(self) -> InstanceInfo:
        data = self.server_info()
        if data is None:
            raise ApiError(f"{self.host} does not describe itself (no instance information).",
                           status=404)
        return InstanceInfo.from_api(data)

    def account(self, account_id: str) -> Account:
        if not account_id:  # never GET /api/v1/accounts/
            raise ApiError("The server sent an account without an id.")
        with self.errors():
            return Account.from_api(self.entity(self._api.account(account_id), "account data"))

    def lookup(self, acct: str) -> Account:
        """The account for `user` or `user@domain` (a leading @ is fine)."""
        with self.errors():
            return Account.from_api(self.entity(
                self._api.account_lookup(acct.strip().lstrip("@")), "account data"))

    def relationship(self, account_id: str) -> Relationship:
        with self.errors():
            found = self._api.account_relationships(account_id)
        for item in found or ():
            if isinstance(item, Mapping):
                return Relationship.from_api(item)
        return Relationship(id=account_id)

    def lists(self) -> list[tuple[str, str]]:
        """(id, title) of the user's lists, each id once (the first), none empty."""
        with self.errors():
            found = self._api.lists()
        lists: dict[str, str] = {}
        for item in found or ():
            if isinstance(item, Mapping) and (list_id := str_field(item, "id")):
                lists.setdefault(list_id, line_field(item, "title"))
        return list(lists.items())

    def followed_tags(self, *, max_pages: int = 10) -> list[str]:
        """Names of the hashtags the user follows."""
        names: list[str] = []
        with self.errors():
            batch: Any = self._api.followed_tags(limit=200)
            for _ in range(max_pages):
                if not batch:
                    break
                names.extend(line_field(t, "name") for t in batch if isinstance(t, Mapping))
                batch = self._api.fetch_next(batch)
        return names

    # --- statuses ---------------------------------------------------------------

    def status(self, status_id: str) -> Status:
        with self.errors():
            return self.shared.status(
                Status.from_api(self.entity(self._api.status(status_id), "post data")))

    def thread(self, status_id: str) -> tuple[Status, Context]:
        """The status and its ancestors and descendants."""
        with self.errors():
            status = Status.from_api(self.entity(self._api.status(status_id), "post data"))
            context = Context.from_api(self.entity(self._api.status_context(status_id),
                                                   "thread data"))
        return self.shared.status(status), Context(
            ancestors=tuple(self.shared.items(context.ancestors)),
            descendants=tuple(self.shared.items(context.descendants)))

    # --- paging -----------------------------------------------------------------

    def newer_than(self, spec: PaneSpec, item_id: str) -> Cursor:
        """A cursor for the items just newer than `item_id` (a status or notification id)."""
        return Cursor(spec.key, "newer", item_id=str(item_id))

    def older_than(self, spec: PaneSpec, item_id: str) -> Cursor:
        """A cursor for the items just older than `item_id`."""
        return Cursor(spec.key, "older", item_id=str(item_id))

    def page(self, spec: PaneSpec, cursor: object | None = None, *,
             limit: int = 40) -> Page[Any]:
        """One page of `spec`, newest first; `cursor` is a previous page's older/newer."""
        if cursor is not None and (not isinstance(cursor, Cursor) or cursor.key != spec.key):
            raise ValueError(f"cursor {cursor!r} does not belong to pane {spec.key!r}")
        if spec.kind is PaneKind.NOTIFICATIONS:
            return self.notifications_page(cursor, limit=limit)
        with self.errors():
            raw = self._fetch(spec, cursor, limit)
            if not isinstance(raw, list):
                raise ApiError(f"{self.host} sent malformed data for {spec.title} (expected a "
                               "list). Try again later.")
            items = self.shared.items(self._convert(spec, raw))
            entity: Any = raw  # a Mastodon.py PaginatableList
            older_info = self._api.get_pagination_info(entity, "next") if raw else None
            newer_info = self._api.get_pagination_info(entity, "previous") if raw else None
        older = self._cursor(spec, "older", older_info, raw, len(raw) >= limit)
        newer = self._cursor(spec, "newer", newer_info, raw, True)
        if not raw and cursor is not None and cursor.direction == "newer":
            newer = cursor  # nothing newer yet: ask again from the same place later
        return Page(items=items, older=older, newer=newer)

    def notifications_page(self, cursor: object | None = None, *, types: Sequence[str] = (),
                           grouped: bool | None = None,
                           limit: int = 40) -> Page[Notification]:
        """One page of notifications, newest first, only of `types` if given.

        Grouped (`NotificationGroup` items, /api/v2/notifications) when `grouped` is True,
        or when None and the server has them (tried once; a 404 means v1 from then on);
        plain `Notification` items otherwise. Cursors are this page's `older`/`newer`.
        """
        spec = PaneSpec(PaneKind.NOTIFICATIONS)
        if cursor is not None and (not isinstance(cursor, Cursor) or cursor.key != spec.key):
            raise ValueError(f"cursor {cursor!r} does not belong to pane {spec.key!r}")
        with self.errors():
            raw = self._fetch_notifications(cursor, list(types), grouped, limit)
            entity: Any = raw
            older_info = self._api.get_pagination_info(entity, "next") if raw else None
            newer_info = self._api.get_pagination_info(entity, "previous") if raw else None
        if isinstance(raw, Mapping):
            groups = NotificationGroup.page_from_api(raw)
            items: list[Notification] = self.shared.items(groups)
            edges: list[Any] = (
                [{"id": groups[0].page_max_id or groups[0].id},
                 {"id": groups[-1].page_min_id or groups[-1].id}] if groups else [])
        elif isinstance(raw, list):
            items = self.shared.items(Notification.from_api(x) for x in raw
                                      if isinstance(x, Mapping))
            edges = list(raw)
        else:
            raise ApiError(f"{self.host} sent malformed data for Notifications. Try again "
                           "later.")
        older = self._cursor(spec, "older", older_info, edges, len(items) >= limit)
        newer = self._cursor(spec, "newer", newer_info, edges, True)
        if not items and isinstance(cursor, Cursor) and cursor.direction == "newer":
            newer = cursor
        return Page(items=items, older=older, newer=newer)

    def _fetch_notifications(self, cursor: Cursor | None, types: list[str],
                             grouped: bool | None, limit: int) -> Any:
        from mastodon.errors import MastodonNotFoundError

        api = self._api
        if cursor is not None and cursor.info is not None:
            from mastodon.types_base import PaginationInfo

            params = copy.deepcopy(dict(cursor.info))
            params["limit"] = limit
            return api.fetch_next(PaginationInfo(params))
        ids: dict[str, Any] = {"limit": limit, "types": types or None}
        if cursor is not None and cursor.item_id is not None:
            ids["max_id" if cursor.direction == "older" else "min_id"] = cursor.item_id
        use_v2 = grouped if grouped is not None else self.grouped_notifications is not False
        if use_v2:
            try:
                found = api.grouped_notifications(expand_accounts="full", **ids)
            except MastodonNotFoundError:
                if grouped:
                    raise
                self.grouped_notifications = False
                self.capabilities.mark_missing(Feature.GROUPED_NOTIFICATIONS)
            else:
                if grouped is None:
                    self.grouped_notifications = True
                return found
        return api.notifications(**ids)

    def _cursor(self, spec: PaneSpec, direction: Literal["older", "newer"],
                info: Mapping[str, Any] | None, raw: Sequence[Any],
                id_fallback: bool) -> Cursor | None:
        if info is not None:
            return Cursor(spec.key, direction, info=copy.deepcopy(dict(info)))
        if not raw or not id_fallback or spec.kind not in _ID_PAGED:
            return None
        edge = raw[-1] if direction == "older" else raw[0]
        item_id = edge.get("id") if isinstance(edge, Mapping) else None
        return Cursor(spec.key, direction, item_id=str(item_id)) if item_id else None

    def _fetch(self, spec: PaneSpec, cursor: Cursor | None, limit: int) -> Any:
        api = self._api
        if cursor is not None and cursor.info is not None:
            params = copy.deepcopy(dict(cursor.info))
            params["limit"] = limit
            from mastodon.types_base import PaginationInfo

            return api.fetch_next(PaginationInfo(params))
        ids: dict[str, Any] = {"limit": limit}
        if cursor is not None and cursor.item_id is not None:
            ids["max_id" if cursor.direction == "older" else "min_id"] = cursor.item_id
        kind = spec.kind
        if kind in (PaneKind.HASHTAG, PaneKind.LIST, PaneKind.ACCOUNT) and not spec.argument:
            raise ApiError(f"The {kind.value} pane has nothing to show: the server sent no "
                           "id or name for it.")
        if kind is PaneKind.HOME:
            return api.timeline_home(**ids)
        if kind is PaneKind.LOCAL:
            return api.timeline("local", **ids)
        if kind is PaneKind.FEDERATED:
            return api.timeline("public", **ids)
        if kind is PaneKind.HASHTAG:
            return api.timeline_hashtag(spec.argument.strip().lstrip("#"), **ids)
        if kind is PaneKind.LIST:
            return api.timeline_list(spec.argument, **ids)
        if kind is PaneKind.BOOKMARKS:
            return api.bookmarks(**ids)
        if kind is PaneKind.FAVOURITES:
            return api.favourites(**ids)
        if kind is PaneKind.CONVERSATIONS:
            return api.conversations(**ids)
        if kind is PaneKind.ACCOUNT:
            return api.account_statuses(spec.argument, **ids)
        raise ValueError(f"unknown pane kind {kind!r}")  # pragma: no cover

    @staticmethod
    def _convert(spec: PaneSpec, raw: Sequence[Any]) -> list[Any]:
        entries = [x for x in raw if isinstance(x, Mapping)]
        if spec.kind is PaneKind.NOTIFICATIONS:
            return [Notification.from_api(x) for x in entries]
        if spec.kind is PaneKind.CONVERSATIONS:
            return [Status.from_api(last) for x in entries
                    if isinstance(last := x.get("last_status"), Mapping)]
        return [Status.from_api(x) for x in entries]
