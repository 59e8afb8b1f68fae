"""The reader's side of the social graph, through Mastodon.py: whom they follow, who
follows them, who is in their lists, what they wrote lately, which posts a profile pinned,
who boosted a post.

Each page is its own request budget; paging stops at `max_pages` so that a reader who
follows thousands of accounts costs a bounded number of requests.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from fedtui.core.model import Account, Status

if TYPE_CHECKING:
    from fedtui.mastodon.client import InstanceClient


def _accounts(batch: Any) -> list[Account]:
    return [Account.from_api(x) for x in batch or () if isinstance(x, Mapping)]


def _next(batch: Any, api: Any) -> Any:
    return api.fetch_next(batch)


def _paged(client: InstanceClient, first: Any, max_pages: int) -> list[Account]:
    """Accounts from `first(api)` and the pages after it (Link headers), up to `max_pages`."""
    found: list[Account] = []
    batch = client.call(first)
    for page in range(max_pages):
        if not batch:
            break
        found.extend(_accounts(batch))
        if page + 1 < max_pages:
            batch = client.call(partial(_next, batch))
    return found


def following(client: InstanceClient, account_id: str, *, max_pages: int = 40) -> list[Account]:
    """The accounts `account_id` follows (80 a page)."""
    return _paged(client, lambda api: api.account_following(account_id, limit=80), max_pages)


def followers(client: InstanceClient, account_id: str, *, max_pages: int = 40) -> list[Account]:
    """The accounts that follow `account_id` (80 a page)."""
    return _paged(client, lambda api: api.account_followers(account_id, limit=80), max_pages)


def list_members(client: InstanceClient, list_id: str, *, max_pages: int = 10) -> list[Account]:
    """The accounts in one of the reader's lists."""
    return _paged(client, lambda api: api.list_accounts(list_id, limit=80), max_pages)


def recent_posts(client: InstanceClient, account_id: str, *, limit: int = 40) -> list[Status]:
    """An account's latest posts, replies included, boosts left out."""
    found = client.call(lambda api: api.account_statuses(account_id, exclude_reblogs=True,
                                                         limit=limit))
    return [Status.from_api(x) for x in found or () if isinstance(x, Mapping)]


def pinned_ids(client: InstanceClient, account_id: str) -> set[str]:
    """Ids of the posts `account_id` pinned to their profile."""
    found = client.call(lambda api: api.account_statuses(account_id, pinned=True))
    return {str(x.get("id")) for x in found or () if isinstance(x, Mapping) and x.get("id")}


def boosted_by(client: InstanceClient, status_id: str) -> list[Account]:
    """The accounts the server says boosted `status_id` (its first page, 80)."""
    return _accounts(client.call(lambda api: api.status_reblogged_by(status_id)))
