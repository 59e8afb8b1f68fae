"""Grouped notifications (API v2) show one row per group, however the group's parts come:
a poll, an older page, the stream."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from fedtui.core.model import NotificationGroup
from tests.integration.minimal_server import MinimalServer, Profile
from tests.ui.conftest import card, seeded_config, wait_for
from tests.ui.test_compose import loaded

#: A Mastodon 4.3 without streaming: grouped notifications, polled.
NO_STREAM = Profile("no-stream", "4.3.0", api_versions=True)


def favourites(pane: Any) -> list[tuple[int, list[str]]]:
    """The favourite rows of a notifications pane: count and accounts named (a v1
    notification: one, its account)."""
    return [(item.notifications_count, [a.username for a in item.sample_accounts])
            if isinstance(item, NotificationGroup) else (1, [item.account.username])
            for item in pane.state.items if item.type == "favourite"]


def named(pane: Any, username: str) -> bool:
    return any(username in accounts for _, accounts in favourites(pane))


async def test_a_polled_favourite_joins_the_group_shown(make_app: Any, seeded: Any) -> None:
    """bob favourited before the start, carol while polling: one "carol and 1 other" row."""
    post = seeded.client("alice").status_post("favourite me")
    seeded.client("bob").status_favourite(post["id"])
    with MinimalServer(seeded.base_url, NO_STREAM) as relay:
        config = seeded_config()
        app = make_app(base_url=relay.base_url, config=replace(
            config, timeline=replace(config.timeline, poll_interval=1)))
        async with app.run_test(size=(160, 48)) as pilot:
            await loaded(pilot)
            notes = pilot.app.screen.panes[1]
            await wait_for(pilot, lambda: "polling" in notes.status_text and named(notes, "bob"))
            seeded.client("carol").status_favourite(post["id"])
            await wait_for(pilot, lambda: named(notes, "carol"))
            assert favourites(notes) == [(2, ["carol", "bob"])]
            keys = [item.group_key for item in notes.state.items]
            assert len(keys) == len(set(keys))
            assert notes.state.items[0].type == "favourite"  # up by its newest favourite
            assert "and 1 other favourited" in card(notes, 0)


async def test_a_group_split_by_a_page_boundary_shows_once(make_app: Any, seeded: Any) -> None:
    """bob's favourite is on the second page, carol's on the first: `G` brings bob's part
    into the row shown, not a second row."""
    post = seeded.client("alice").status_post("favourite me")
    seeded.client("bob").status_favourite(post["id"])
    seeded.client("carol").status_favourite(post["id"])
    for number in range(19):
        seeded.client("carol").status_post(f"@alice mention {number}")
    config = seeded_config()
    app = make_app(config=replace(config, timeline=replace(config.timeline, page_size=20)))
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(pilot)
        notes = pilot.app.screen.panes[1]
        await wait_for(pilot, lambda: named(notes, "carol"))
        assert favourites(notes) == [(1, ["carol"])]  # bob's part is on the next page
        notes.status_list.focus()
        await pilot.press("G")
        await wait_for(pilot, lambda: named(notes, "bob"))
        assert favourites(notes) == [(2, ["carol", "bob"])]
        row = next(i for i in notes.state.items if i.type == "favourite")
        assert "and 1 other favourited" in card(notes, notes.status_list.index_of(row.id))
        await wait_for(pilot, lambda: not notes.below.loading)
        rows = [item.id for item in notes.state.items]
        assert len(rows) == len(set(rows)) == notes.status_list.card_count


async def test_a_streamed_favourite_joins_the_group_shown(
        make_app: Any, seeded: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mastodon 4.3 streams a v1 notification with its group's key (mastodon-mock's stream
    says "ungrouped-…": it is made to send the key its grouped API uses)."""
    from mastodon_mock.serializers import grouped_notifications, notifications

    serialize = notifications.serialize_notification

    def with_group_key(session: Any, notification: Any, *args: Any, **kwargs: Any) -> Any:
        found = serialize(session, notification, *args, **kwargs)
        return {**found, "group_key": grouped_notifications.group_key_for(notification)}

    monkeypatch.setattr(notifications, "serialize_notification", with_group_key)
    post = seeded.client("alice").status_post("favourite me")
    seeded.client("bob").status_favourite(post["id"])
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(pilot)
        notes = pilot.app.screen.panes[1]
        await wait_for(pilot, lambda: notes.status_text == "live" and named(notes, "bob"))
        seeded.client("carol").status_favourite(post["id"])
        await wait_for(pilot, lambda: named(notes, "carol"))
        assert favourites(notes) == [(2, ["carol", "bob"])]
        assert "and 1 other favourited" in card(notes, 0)



def last_text(pane: Any) -> str:
    item = pane.state.items[-1]
    return item.status.content if item.status is not None else item.id


async def test_a_group_s_part_kept_on_disk_joins_its_row_and_reading_goes_on_below(
        make_app: Any, seeded: Any) -> None:
    """The cap (20) pushes bob's favourite (alone) out to disk; a row dismissed makes room
    for carol's, polled. `G` reads bob's part back into carol's row, and goes on to the
    server's older mentions (it read below the oldest row again: bob's part, for ever)."""
    carol = seeded.client("carol")
    for number in range(5):
        carol.status_post(f"@alice older mention {number}")
    post = seeded.client("alice").status_post("favourite me")
    seeded.client("bob").status_favourite(post["id"])
    for number in range(20):  # the first page (21): these and bob's favourite
        carol.status_post(f"@alice newer mention {number}")
    with MinimalServer(seeded.base_url, NO_STREAM) as relay:
        config = seeded_config()
        app = make_app(base_url=relay.base_url, config=replace(config, timeline=replace(
            config.timeline, poll_interval=1, max_posts=20, page_size=21)))
        async with app.run_test(size=(160, 48)) as pilot:
            notes = pilot.app.screen.panes[1]
            await wait_for(pilot, lambda: "polling" in notes.status_text
                           and len(notes.state.items) == 20)
            assert not favourites(notes)  # bob's favourite is on disk
            notes.status_list.focus()
            await pilot.press("delete")  # the newest mention
            await wait_for(pilot, lambda: len(notes.state.items) == 19)
            carol.status_favourite(post["id"])
            await wait_for(pilot, lambda: named(notes, "carol"))
            await pilot.press("G")
            await wait_for(pilot, lambda: named(notes, "bob"))
            assert favourites(notes) == [(2, ["carol", "bob"])]
            while "older mention" not in last_text(notes):
                last = last_text(notes)
                await pilot.press("G")
                await wait_for(pilot, lambda last=last: last_text(notes) != last, timeout=20)
            rows = [item.group_key for item in notes.state.items]
            assert len(rows) == len(set(rows))


async def test_showing_every_type_again_counts_nothing_new(make_app: Any, seeded: Any) -> None:
    """`T`: only mentions, then every type again. The favourite that was there all along
    came back counted as new ("▲ 1 new post"), above a highlight left mid-list."""
    from fedtui.ui.screens.dialogs import TypesDialog
    from fedtui.ui.widgets.pane_header import NewPostsBar

    posted = seeded.client("alice").status_post("alice's post")
    seeded.client("bob").status_post("@alice hello")
    seeded.client("bob").status_favourite(posted["id"])
    async with make_app().run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        pane = pilot.app.screen.panes[1]
        await wait_for(pilot, lambda: any(n.type == "favourite" for n in pane.state.items))
        await pilot.press("l")
        for shown in ({"mention"}, set()):
            await pilot.press("T")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, TypesDialog))
            await pilot.press("space", "tab", "enter")
            await wait_for(pilot, lambda shown=shown: pane.types == frozenset(shown)
                           and pane.status_text != "loading…")  # the page is in
        assert any(n.type == "favourite" for n in pane.state.items)
        assert pane.query_one(NewPostsBar).count == 0
        assert pane.status_list.highlighted == 0
