"""fedtui.core.model.NotificationGroup: grouped notifications (v2) from odd JSON, and cached."""

from __future__ import annotations

from fedtui.core.model import Notification, NotificationGroup
from fedtui.store.codec import notification_to_api


def test_page_from_api_resolves_accounts_and_statuses() -> None:
    results = {
        "accounts": [{"id": "1", "acct": "alice"}],
        "partial_accounts": [{"id": "2", "acct": "carol"}],
        "statuses": [{"id": "9", "content": "<p>x</p>", "account": {"id": "3", "acct": "bob"}}],
        "notification_groups": [
            {"group_key": "favourite-9", "type": "favourite", "notifications_count": 2,
             "most_recent_notification_id": 50, "page_min_id": "49", "page_max_id": "50",
             "latest_page_notification_at": "2025-01-02T03:04:05.000Z",
             "sample_account_ids": ["1", "2", "404"], "status_id": "9"},
            {"group_key": "ungrouped-7", "type": "follow", "sample_account_ids": "junk"},
            "not a group",
        ],
    }
    fav, follow = NotificationGroup.page_from_api(results)
    assert isinstance(fav, Notification)
    assert fav.id == "50" and fav.notifications_count == 2
    assert [a.acct for a in fav.sample_accounts] == ["alice", "carol"]
    assert fav.account.acct == "alice"
    assert fav.status is not None and fav.status.id == "9"
    assert fav.created_at == fav.latest_page_notification_at
    assert (fav.page_min_id, fav.page_max_id) == ("49", "50")
    assert follow.sample_accounts == () and follow.notifications_count == 1
    assert follow.id == "ungrouped-7" and follow.status is None


def test_codec_round_trip_keeps_the_group() -> None:
    group = NotificationGroup.page_from_api({
        "accounts": [{"id": "1", "acct": "alice"}, {"id": "2", "acct": "carol"}],
        "notification_groups": [{"group_key": "k", "type": "reblog", "notifications_count": 5,
                                 "most_recent_notification_id": "7",
                                 "sample_account_ids": ["1", "2"]}],
    })[0]
    assert NotificationGroup.from_api(notification_to_api(group)) == group
