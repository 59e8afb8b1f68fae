"""`NotificationGroup`: a grouped notification (API v2), also a `Notification`.

Re-exported by `fedtui.core.model`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fedtui.core.fields import (
    int_field,
    line_field,
    list_field,
    mapping_field,
    mappings_field,
    opt_str_field,
    str_field,
)
from fedtui.core.model import (
    EPOCH,
    Account,
    Notification,
    Status,
    parse_time,
)
from fedtui.core.sanitize import clean_text


@dataclass(frozen=True, slots=True)
class NotificationGroup(Notification):
    """A grouped notification (API v2, Mastodon 4.3+): "alice and 3 others favourited".

    A `Notification` too, so panes, filters and the cache treat it like one: `id` is the
    group's most recent notification, `account` its most recent account and `created_at`
    `latest_page_notification_at`.
    """

    notifications_count: int = 1
    sample_accounts: tuple[Account, ...] = ()
    latest_page_notification_at: datetime | None = None
    page_min_id: str | None = None
    page_max_id: str | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any],
                 accounts: Mapping[str, Account] | None = None,
                 statuses: Mapping[str, Status] | None = None) -> NotificationGroup:
        """From a `NotificationGroup` entity, looking its `sample_account_ids` and
        `status_id` up in the response's `accounts` and `statuses` (by id); entries with
        embedded `sample_accounts` / `status` (fedtui's cache) need no lookup."""
        accounts = accounts or {}
        statuses = statuses or {}
        embedded = mappings_field(data, "sample_accounts")
        if embedded:
            sample = tuple(Account.from_api(a) for a in embedded)
        else:
            ids = (clean_text(str(i)) for i in list_field(data, "sample_account_ids"))
            sample = tuple(a for a in map(accounts.get, ids) if a is not None)
        status_data = mapping_field(data, "status")
        if status_data is not None:
            status: Status | None = Status.from_api(status_data)
        else:
            status_id = opt_str_field(data, "status_id")
            status = statuses.get(status_id) if status_id is not None else None
        latest = parse_time(data.get("latest_page_notification_at"))
        key = line_field(data, "group_key")
        return cls(
            id=str_field(data, "most_recent_notification_id") or str_field(data, "id") or key,
            type=line_field(data, "type"),
            account=sample[0] if sample else Account.from_api({}),
            created_at=latest or parse_time(data.get("created_at")) or EPOCH,
            status=status,
            group_key=key or None,
            notifications_count=max(1, int_field(data, "notifications_count")),
            sample_accounts=sample,
            latest_page_notification_at=latest,
            page_min_id=opt_str_field(data, "page_min_id"),
            page_max_id=opt_str_field(data, "page_max_id"),
        )

    @classmethod
    def page_from_api(cls, results: Mapping[str, Any]) -> list[NotificationGroup]:
        """The groups of a `GroupedNotificationsResults` (/api/v2/notifications) response."""
        accounts = {a.id: a for a in map(Account.from_api, mappings_field(results, "accounts"))}
        for partial in mappings_field(results, "partial_accounts"):
            accounts.setdefault(str_field(partial, "id"), Account.from_api(partial))
        statuses = {s.id: s for s in map(Status.from_api, mappings_field(results, "statuses"))}
        return [cls.from_api(g, accounts, statuses)
                for g in mappings_field(results, "notification_groups")]
