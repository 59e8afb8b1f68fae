"""fedtui.core.shared_models: one copy of each post and author while it is alive."""

from __future__ import annotations

import gc
import json
import weakref
from typing import Any

from fedtui.core.model import Notification, NotificationGroup, Status
from fedtui.core.shared_models import SharedModels

BOB = {"id": "3", "acct": "bob", "display_name": "Bob"}


def post(status_id: str = "9", **extra: Any) -> Status:
    return Status.from_api({"id": status_id, "content": "<p>hello</p>", "account": BOB,
                            **extra})


def test_equal_posts_from_two_answers_are_one_object() -> None:
    shared = SharedModels()
    first, second = shared.status(post()), shared.status(post())
    assert first is second
    other = shared.status(post("10"))
    assert other is not first and other.account is first.account


def test_a_changed_post_is_a_new_object_that_later_copies_share() -> None:
    shared = SharedModels()
    old = shared.status(post())
    edited = shared.status(post(content="<p>hello again</p>"))
    assert edited is not old and edited.content == "<p>hello again</p>"
    assert shared.status(post(content="<p>hello again</p>")) is edited
    assert edited.account is old.account  # the author did not change


def test_a_boost_shares_the_boosted_post() -> None:
    shared = SharedModels()
    original = shared.status(post())
    boost = shared.status(post("11", reblog={"id": "9", "content": "<p>hello</p>",
                                             "account": BOB}))
    assert boost.reblog is original and boost.reblog == post()


def test_a_notification_shares_its_post_and_accounts() -> None:
    shared = SharedModels()
    original = shared.status(post())
    mention = shared.item(Notification.from_api(
        {"id": "50", "type": "mention", "account": BOB,
         "status": {"id": "9", "content": "<p>hello</p>", "account": BOB}}))
    assert mention.status is original and mention.account is original.account
    [group] = shared.items(NotificationGroup.page_from_api({
        "accounts": [BOB], "statuses": [{"id": "9", "content": "<p>hello</p>", "account": BOB}],
        "notification_groups": [{"group_key": "favourite-9", "type": "favourite",
                                 "most_recent_notification_id": "51",
                                 "sample_account_ids": ["3"], "status_id": "9"}]}))
    assert isinstance(group, NotificationGroup) and group.status is original
    assert group.sample_accounts[0] is original.account and group.notifications_count == 1


def test_a_post_nobody_holds_is_freed() -> None:
    shared = SharedModels()
    kept = shared.status(post("1"))
    dropped = weakref.ref(shared.status(post("2")))
    gc.collect()
    assert dropped() is None
    assert shared.status(post("1")) is kept


def test_posts_without_an_id_are_never_merged() -> None:
    shared = SharedModels()
    first, second = shared.status(post("")), shared.status(post(""))
    assert first == second and first is not second


def test_an_author_whose_counts_moved_keeps_one_copy_of_what_did_not() -> None:
    shared = SharedModels()
    profile = {**BOB, "note": "<p>" + "long profile text " * 20 + "</p>",
               "avatar": "https://social.example/avatars/bob.png"}
    # each answer parsed apart, as from the network: equal strings, not the same objects
    before = shared.status(post("1", account=json.loads(json.dumps({**profile,
                                                                    "statuses_count": 1}))))
    after = shared.status(post("2", account=json.loads(json.dumps({**profile,
                                                                   "statuses_count": 2}))))
    assert after.account is not before.account and after.account.statuses_count == 2
    assert after.account.note is before.account.note
    assert after.account.avatar is before.account.avatar
