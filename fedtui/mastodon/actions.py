"""`Actions`: everything a user does to their server besides reading timelines.

Posting, editing, media and polls come from `fedtui.mastodon.posting.PostingActions`;
this module adds post and account actions, reports, follow requests, search, hashtags,
read markers and server-side filters. Every call blocks (run it in a worker thread) and
raises only `fedtui.errors` exceptions. The data types are in
`fedtui.mastodon.action_types` and re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fedtui.core.capabilities import Feature, FeatureMissing
from fedtui.core.fields import line_field
from fedtui.core.model import Account, Relationship, Status
from fedtui.errors import ApiError
from fedtui.mastodon.action_types import (
    ComposeLimits,
    Marker,
    MediaDraft,
    PollDraft,
    PostDraft,
    ReportRule,
    ScheduledPost,
    SearchResults,
    ServerFilter,
)
from fedtui.mastodon.client import InstanceClient
from fedtui.mastodon.posting import PostingActions

__all__ = [
    "REPORT_CATEGORIES", "SEARCH_KINDS", "Actions", "ComposeLimits", "Marker", "MediaDraft",
    "PollDraft", "PostDraft", "ReportRule", "ScheduledPost", "SearchResults", "ServerFilter",
]

SEARCH_KINDS = ("accounts", "hashtags", "statuses")
REPORT_CATEGORIES = ("spam", "violation", "other")
FILTER_CONTEXTS = ("home", "notifications", "public", "thread", "account")
FILTER_ACTIONS = ("warn", "hide", "blur")


def _shown(data: Any) -> Status:
    """The status acted on: a boost's response wraps it in `reblog`."""
    status = Status.from_api(data) if isinstance(data, Mapping) else None
    if status is None:
        raise ApiError("The server sent a malformed reply to this action.")
    return status.shown


class Actions(PostingActions):
    """Every write action of one account (`client`) on its instance."""

    def __init__(self, client: InstanceClient) -> None:
        super().__init__(client)

    # --- post actions ----------------------------------------------------------------

    def boost(self, status_id: str, undo: bool = False) -> Status:
        """Boost (or un-boost) a post; returns the post with its updated counts."""
        with self._client.errors():
            api = self._api
            result = api.status_unreblog(status_id) if undo else api.status_reblog(status_id)
        return _shown(result)

    def favourite(self, status_id: str, undo: bool = False) -> Status:
        with self._client.errors():
            api = self._api
            result = (api.status_unfavourite(status_id) if undo
                      else api.status_favourite(status_id))
        return _shown(result)

    def bookmark(self, status_id: str, undo: bool = False) -> Status:
        with self._client.errors():
            api = self._api
            result = (api.status_unbookmark(status_id) if undo
                      else api.status_bookmark(status_id))
        return _shown(result)

    # --- account actions -------------------------------------------------------------

    def follow(self, account_id: str, undo: bool = False) -> Relationship:
        """Follow (a request, for a locked account) or unfollow."""
        with self._client.errors():
            api = self._api
            result = api.account_unfollow(account_id) if undo else api.account_follow(
                account_id)
            return Relationship.from_api(result)

    def mute(self, account_id: str, duration: int | None = None,
             undo: bool = False) -> Relationship:
        """Mute for `duration` seconds (None: until unmuted), or unmute."""
        with self._client.errors():
            api = self._api
            if undo:
                return Relationship.from_api(api.account_unmute(account_id))
            return Relationship.from_api(api.account_mute(account_id, duration=duration))

    def block(self, account_id: str, undo: bool = False) -> Relationship:
        with self._client.errors():
            api = self._api
            result = api.account_unblock(account_id) if undo else api.account_block(
                account_id)
            return Relationship.from_api(result)

    def rules(self) -> list[ReportRule]:
        """The instance's rules, to cite in a report."""
        with self._client.errors():
            found: Any = self._api.instance_rules()
        return [ReportRule.from_api(r) for r in found or () if isinstance(r, Mapping)]

    def report(self, account_id: str, status_ids: Sequence[str] = (), comment: str = "",
               category: str = "other", rule_ids: Sequence[str] = (),
               forward: bool = False) -> None:
        """Report an account (and some of its posts) to the moderators; `forward` also
        sends it to the account's own server. `rule_ids` go with category "violation"."""
        if category not in REPORT_CATEGORIES:
            raise ApiError(f"Unknown report category {category!r}; use one of "
                           f"{', '.join(REPORT_CATEGORIES)}.")
        with self._client.errors():
            self._api.report(
                account_id,
                status_ids=list(status_ids) or None,
                comment=comment or None,
                forward=forward,
                category=category,
                rule_ids=list(rule_ids) or None,
            )

    def follow_requests(self) -> list[Account]:
        """Accounts asking to follow the user (for locked accounts)."""
        accounts: list[Account] = []
        with self._client.errors():
            batch: Any = self._api.follow_requests(limit=80)
            for _ in range(10):
                if not batch:
                    break
                accounts.extend(Account.from_api(a) for a in batch if isinstance(a, Mapping))
                batch = self._api.fetch_next(batch)
        return accounts

    def answer_follow_request(self, account_id: str, accept: bool) -> Relationship:
        with self._client.errors():
            api = self._api
            result = (api.follow_request_authorize(account_id) if accept
                      else api.follow_request_reject(account_id))
            return Relationship.from_api(result)

    def dismiss_notification(self, notification_id: str) -> None:
        with self._client.errors():
            self._api.notifications_dismiss(notification_id)

    def dismiss_notification_group(self, group_key: str) -> None:
        """Dismiss a whole grouped notification (API v2)."""
        with self._client.errors():
            self._api.dismiss_grouped_notification(group_key)

    # --- search and hashtags ---------------------------------------------------------

    def search(self, query: str, kind: str | None = None, limit: int = 20) -> SearchResults:
        """Accounts, posts and hashtags matching `query` (search v2, resolving remote
        handles and URLs); only one `kind` ("accounts", "hashtags", "statuses") if given."""
        if kind is not None and kind not in SEARCH_KINDS:
            raise ApiError(f"Unknown search kind {kind!r}; use one of "
                           f"{', '.join(SEARCH_KINDS)}.")
        query = query.strip()
        if not query:
            return SearchResults((), (), ())
        with self._client.errors():
            found: Any = self._api.search_v2(query, resolve=True, result_type=kind,
                                             limit=limit)
        if not isinstance(found, Mapping):
            raise ApiError(f"{self._client.host} sent malformed search results.")
        return SearchResults.from_api(found)

    def follow_tag(self, name: str, undo: bool = False) -> None:
        name = name.strip().lstrip("#")
        with self._client.errors():
            if undo:
                self._api.tag_unfollow(name)
            else:
                self._api.tag_follow(name)

    def tag_followed(self, name: str) -> bool:
        with self._client.errors():
            tag: Any = self._api.tag(name.strip().lstrip("#"))
        return bool(tag.get("following")) if isinstance(tag, Mapping) else False

    # --- read markers ----------------------------------------------------------------

    def markers(self, timelines: Sequence[str] = ("home", "notifications")
                ) -> dict[str, Marker]:
        """Where the user stopped reading, per timeline (shared with their other apps);
        empty, without a request, on a server that keeps no reading positions."""
        if not self._client.capabilities.supports(Feature.MARKERS):
            return {}
        try:
            with self._client.errors(), self._missing(Feature.MARKERS):
                found: Any = self._api.markers_get(list(timelines))
        except FeatureMissing:
            return {}
        if not isinstance(found, Mapping):
            return {}
        return {str(name): Marker.from_api(str(name), data) for name, data in found.items()
                if isinstance(data, Mapping) and str(name) in timelines}

    def save_marker(self, timeline: str, last_read_id: str) -> Marker | None:
        """Save the reading position; None, without a request or an error, on a server
        that keeps none (`client.capabilities` says so once)."""
        if not self._client.capabilities.supports(Feature.MARKERS):
            return None
        try:
            with self._client.errors(), self._missing(Feature.MARKERS):
                found: Any = self._api.markers_set([timeline], [last_read_id])
        except FeatureMissing:
            return None
        data = found.get(timeline) if isinstance(found, Mapping) else None
        if not isinstance(data, Mapping):
            raise ApiError(f"{self._client.host} did not save the read position for "
                           f"{timeline}.")
        return Marker.from_api(timeline, data)

    # --- server-side filters ---------------------------------------------------------

    def filters(self) -> list[ServerFilter]:
        self._client.capabilities.check(Feature.FILTERS)
        with self._client.errors(), self._missing(Feature.FILTERS):
            found: Any = self._api.filters_v2()
        return [ServerFilter.from_api(f) for f in found or () if isinstance(f, Mapping)]

    @staticmethod
    def _check_filter(context: Sequence[str] | None, action: str | None) -> None:
        if context is not None and (not context or any(c not in FILTER_CONTEXTS
                                                       for c in context)):
            raise ApiError(f"A filter applies to one or more of {', '.join(FILTER_CONTEXTS)}.")
        if action is not None and action not in FILTER_ACTIONS:
            raise ApiError(f"A filter's action is one of {', '.join(FILTER_ACTIONS)}.")

    def create_filter(self, title: str, context: Sequence[str], keywords: Sequence[str] = (),
                      action: str = "warn", expires_in: int | None = None,
                      whole_word: bool = True) -> ServerFilter:
        """A new filter hiding or warning about `keywords` in `context`; `expires_in`
        seconds (None: never)."""
        self._check_filter(context, action)
        words = [{"keyword": w, "whole_word": whole_word} for w in keywords if w.strip()]
        self._client.capabilities.check(Feature.FILTERS)
        with self._client.errors(), self._missing(Feature.FILTERS):
            return ServerFilter.from_api(self._api.create_filter_v2(
                title, list(context), action, expires_in=expires_in,
                keywords_attributes=words or None))

    def update_filter(self, filter_id: str, *, title: str | None = None,
                      context: Sequence[str] | None = None, action: str | None = None,
                      keywords: Sequence[str] | None = None, expires_in: int | None = None,
                      whole_word: bool = True) -> ServerFilter:
        """Change a filter; `keywords`, if given, replaces its keyword list (keywords
        are added and removed one by one, which every Mastodon 4 server supports)."""
        self._check_filter(context, action)
        api = self._api
        self._client.capabilities.check(Feature.FILTERS)
        with self._client.errors():  # a 404 here is a filter that is gone
            result: Any = None
            if title is not None or context or action is not None or expires_in is not None:
                result = api.update_filter_v2(
                    filter_id, title=title, context=list(context) if context else None,
                    filter_action=action, expires_in=expires_in)
            if keywords is not None:
                wanted = [w for w in keywords if w.strip()]
                current = [k for k in api.filter_keywords_v2(filter_id) or ()
                           if isinstance(k, Mapping)]
                for entry in current:  # compared as fedtui showed them (sanitised)
                    if line_field(entry, "keyword") not in wanted:
                        api.delete_filter_keyword_v2(entry["id"])
                have = {line_field(entry, "keyword") for entry in current}
                for word in wanted:
                    if word not in have:
                        api.add_filter_keyword_v2(filter_id, word, whole_word=whole_word)
            if keywords is not None or result is None:
                result = api.filter_v2(filter_id)
            return ServerFilter.from_api(result)

    def delete_filter(self, filter_id: str) -> None:
        self._client.capabilities.check(Feature.FILTERS)
        with self._client.errors():
            self._api.delete_filter_v2(filter_id)
