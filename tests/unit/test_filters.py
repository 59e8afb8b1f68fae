"""fedtui.core.filters: verdicts from the server's filter matches."""

from __future__ import annotations

import pytest

from fedtui.core.filters import (
    SHOW,
    FilterAction,
    Verdict,
    filter_context,
    filter_verdict,
    item_verdict,
    visible,
)
from fedtui.core.model import Account, FilterMatch, Notification, Status
from fedtui.core.panes import PaneKind

ALICE = Account(id="1", username="alice", acct="alice", display_name="Alice", url="")


def match(title: str, action: str, *context: str) -> FilterMatch:
    return FilterMatch(filter_id=title, title=title, action=action, context=context)


def status(sid: str = "10", *matches: FilterMatch, reblog: Status | None = None) -> Status:
    return Status(id=sid, account=ALICE, content="<p>x</p>", filtered=matches, reblog=reblog)


def test_unfiltered_status_is_shown() -> None:
    assert filter_verdict(status()) == SHOW == Verdict(FilterAction.SHOW)
    assert SHOW.title == ""


@pytest.mark.parametrize(
    ("matches", "action", "titles"),
    [
        ((match("Spoilers", "warn"),), FilterAction.WARN, ("Spoilers",)),
        ((match("Spam", "hide"),), FilterAction.HIDE, ("Spam",)),
        ((match("Gore", "blur"),), FilterAction.BLUR, ("Gore",)),
        ((match("A", "warn"), match("B", "hide"), match("C", "blur")), FilterAction.HIDE,
         ("A", "B", "C")),
        ((match("A", "blur"), match("A", "warn")), FilterAction.WARN, ("A",)),
        ((match("New", "future-action"),), FilterAction.WARN, ("New",)),
        ((match("", "warn"),), FilterAction.WARN, ("filtered",)),
    ],
)
def test_strongest_action_wins(matches: tuple[FilterMatch, ...], action: FilterAction,
                               titles: tuple[str, ...]) -> None:
    verdict = filter_verdict(status("10", *matches))
    assert (verdict.action, verdict.titles) == (action, titles)


def test_warn_title_for_the_fold() -> None:
    verdict = filter_verdict(status("10", match("Politics", "warn"), match("Sports", "warn")))
    assert f"Filtered: {verdict.title}" == "Filtered: Politics, Sports"
    assert verdict.action == Verdict.WARN


def test_boosted_status_matches_count() -> None:
    inner = status("5", match("Spam", "hide"))
    assert filter_verdict(status("10", reblog=inner)).action is FilterAction.HIDE
    outer = status("10", match("Boosts", "warn"), reblog=status("5", match("Cats", "blur")))
    assert filter_verdict(outer) == Verdict(FilterAction.WARN, ("Boosts", "Cats"))


def test_context_limits_matches() -> None:
    home_only = status("10", match("Home", "hide", "home"), match("Any", "warn"))
    assert filter_verdict(home_only, "home").action is FilterAction.HIDE
    assert filter_verdict(home_only, "public") == Verdict(FilterAction.WARN, ("Any",))
    assert filter_verdict(home_only).action is FilterAction.HIDE


def test_filter_context_of_panes() -> None:
    assert [filter_context(k) for k in (PaneKind.HOME, PaneKind.LIST, PaneKind.LOCAL,
                                        PaneKind.FEDERATED, PaneKind.HASHTAG,
                                        PaneKind.NOTIFICATIONS, PaneKind.ACCOUNT,
                                        PaneKind.CONVERSATIONS, PaneKind.BOOKMARKS)] == [
        "home", "home", "public", "public", "public", "notifications", "account", "thread",
        None]


def test_items_and_visible() -> None:
    hidden = status("3", match("Spam", "hide"))
    warned = status("2", match("Cats", "warn"))
    about_hidden = Notification(id="7", type="mention", account=ALICE, status=hidden)
    follow = Notification(id="8", type="follow", account=ALICE)
    assert item_verdict(about_hidden).action is FilterAction.HIDE
    assert item_verdict(follow) is SHOW and item_verdict("not an item") is SHOW
    items: list[Status | Notification] = [status("4"), hidden, warned, about_hidden, follow]
    assert [(item.id, verdict.action) for item, verdict in visible(items)] == [
        ("4", FilterAction.SHOW), ("2", FilterAction.WARN), ("8", FilterAction.SHOW)]
