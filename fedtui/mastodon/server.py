"""Keeping Mastodon.py from probing or flooding a server: a settled version, a request budget.

Mastodon.py picks endpoints by the server's version (`verify_minimum_version`), and when it
does not know it, asks `/api/v1/instance/` (with a trailing slash). On a server that
answers 404 there, `retrieve_mastodon_version` and `verify_minimum_version` call each other
until Python's recursion limit: about a thousand requests, then a crash. `settle_version`
replaces the object's `retrieve_mastodon_version` with one that answers from what fedtui
learned once (its own instance request, or `BASELINE_VERSION`), so no library call probes.
`settle_timelines` does the same for `timeline_is_available`, which Mastodon.py asks before
every public or hashtag timeline and stream, and which keeps only a successful answer.

`RequestBudget` counts the requests each call into the server makes (per thread, per
outermost `InstanceClient.errors()` block) and stops one that goes past a ceiling with a
clear error instead of flooding the server.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from fedtui.core.capabilities import MISSING_STATUSES, parse_version
from fedtui.errors import ApiError, FedtuiError
from fedtui.mastodon.session import http_status

#: Requests one action may send: the longest legitimate ones are paging loops (ten pages)
#: and waiting for a media upload to be processed (about 30 polls in two minutes).
REQUEST_CEILING = 50


class TooManyRequests(ApiError):
    """One action sent more requests than `REQUEST_CEILING`: stopped, not flooded."""


def settle_version(api: Any, version: Callable[[], str]) -> None:
    """Make `api` (a `mastodon.Mastodon`) take its server version from `version()` instead
    of asking the server: no library call can probe or loop afterwards."""

    def retrieve_mastodon_version(fail_hard: bool = False) -> str:
        found = version()
        api.mastodon_major, api.mastodon_minor, api.mastodon_patch = (
            parse_version(found) or (1, 0, 0))
        return found

    # An attribute of this object shadows the method; Mastodon.py calls it through `self`.
    api.retrieve_mastodon_version = retrieve_mastodon_version


#: The `timelines_access` entry of each timeline `timeline_is_available` knows.
_FEEDS = {"public": "live_feeds", "hashtag": "hashtag_feeds",
          "trending_links": "trending_link_feeds"}


def settle_timelines(api: Any, instance: Callable[[], Mapping[str, Any] | None]) -> None:
    """Make `api`'s `timeline_is_available` answer from `instance()` (what fedtui learned
    once) instead of asking /api/v2/instance/ again on every page where it is missing.
    Like Mastodon.py, it answers True when the instance does not say."""

    def timeline_is_available(timeline: str = "public", local: bool = False,
                              remote: bool = False, with_auth: bool = False,
                              fail_hard: bool = False) -> bool:
        try:
            data: Any = instance() or {}
        except FedtuiError:  # not known now: Mastodon.py's answer when it cannot tell
            return True
        for step in ("configuration", "timelines_access", _FEEDS.get(timeline)):
            data = data.get(step) if isinstance(data, Mapping) else None
        if not isinstance(data, Mapping):
            return True
        allowed = ("authenticated", "public") if with_auth else ("public",)
        here, there = data.get("local") in allowed, data.get("remote") in allowed
        if local or remote:
            return (here or not local) and (there or not remote)
        return here or there

    api.timeline_is_available = timeline_is_available


class RequestBudget:
    """A requests response hook counting the requests of the current call on this thread."""

    def __init__(self, host: str, ceiling: int = REQUEST_CEILING) -> None:
        self.host = host
        self.ceiling = ceiling
        self._local = threading.local()

    @contextmanager
    def scope(self) -> Iterator[None]:
        """Count the requests made inside the block (nested blocks share the count)."""
        depth = getattr(self._local, "depth", 0)
        if depth == 0:
            self._local.count = 0
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth

    @property
    def count(self) -> int:
        """Requests made in the current (or last) scope on this thread."""
        return int(getattr(self._local, "count", 0))

    def hook(self, response: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(self._local, "depth", 0) == 0:
            return response
        self._local.count = self.count + 1
        if self._local.count > self.ceiling:
            raise TooManyRequests(
                f"fedtui stopped after {self.ceiling} requests to {self.host} for one action, "
                "so as not to flood the server. This is a bug in fedtui or an unusual server; "
                "try again later.")
        return response


def instance_data(api: Any, base_url: str) -> Mapping[str, Any] | None:
    """The instance entity: v2, else v1; each through Mastodon.py, then (when that answers
    404) at the same path without the trailing slash Mastodon.py adds, which some servers
    do not route. None when the server has neither."""
    from mastodon.errors import MastodonAPIError

    for version, call in (("v2", api.instance_v2), ("v1", api.instance_v1)):
        try:
            data = call()
        except MastodonAPIError as exc:
            if http_status(exc) not in MISSING_STATUSES:
                raise
        else:
            if isinstance(data, Mapping):
                return data
        found = _get_json(api, f"{base_url.rstrip('/')}/api/{version}/instance")
        if found is not None:
            return found
    return None


def _get_json(api: Any, url: str) -> Mapping[str, Any] | None:
    """GET `url` on Mastodon.py's session (same proxy, token and agent); None for 404/405."""
    headers = {"User-Agent": str(api.user_agent or "")}
    if api.access_token:
        headers["Authorization"] = f"Bearer {api.access_token}"
    response = api.session.get(url, headers=headers, timeout=api.request_timeout)
    if response.status_code in MISSING_STATUSES:
        return None
    if not response.ok:
        raise ApiError(f"{url.split('/api/')[0]} did not describe itself "
                       f"(HTTP {response.status_code}).", status=response.status_code)
    data = response.json()
    return data if isinstance(data, Mapping) else None
