"""Acting on posts, accounts, notifications and hashtags; search; read markers. Real keys,
real App, Mastodon.py against mastodon-mock."""

from __future__ import annotations

import threading
from typing import Any

from fedtui.config import TimelineConfig
from fedtui.core.model import Notification, Status
from fedtui.core.panes import PaneKind
from fedtui.ui.screens.dialogs import ChoiceDialog, TypesDialog, VoteDialog
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.screens.profile import ProfileScreen
from fedtui.ui.screens.report import ReportDialog
from fedtui.ui.screens.search import SearchScreen
from fedtui.ui.screens.thread import ThreadScreen
from fedtui.ui.widgets.pane import TimelinePane
from tests.ui.conftest import wait_for


def home(app: Any) -> HomeScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, HomeScreen)
    return screen


async def loaded(pilot: Any, index: int = 0, at_least: int = 20) -> TimelinePane:
    pane = home(pilot.app).panes[index]
    await wait_for(pilot, lambda: len(pane.status_list.items) >= at_least)
    return pane


def card(pane: TimelinePane, index: int | None = None) -> str:
    at = pane.status_list.highlighted if index is None else index
    return str(pane.status_list.card_at(at or 0).content)


def listen(app: Any) -> list[str]:
    said: list[str] = []
    app.notify = lambda message, **kw: said.append(str(message))
    return said


def highlight(pane: TimelinePane, text: str) -> Status:
    items = pane.status_list.items
    pane.status_list.highlighted = next(i for i, s in enumerate(items) if text in s.content)
    status = pane.status_list.highlighted_status
    assert status is not None
    return status


async def test_boost_favourite_bookmark_toggle_with_counts(make_writer_app: Any,
                                                           seeded: Any) -> None:
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        status = pane.status_list.highlighted_status
        assert status is not None
        await pilot.press("f")
        assert "★ 1✓" in card(pane)  # at once, before the server answers
        await pilot.press("b")
        assert "↻ 1✓" in card(pane)
        await pilot.press("B")
        assert "🔖" in card(pane)
        bob_sees = seeded.client("bob")
        await wait_for(pilot, lambda: bob_sees.status(status.id)["favourites_count"] == 1)
        await wait_for(pilot, lambda: bob_sees.status(status.id)["reblogs_count"] == 1)
        alice = seeded.client("alice")
        await wait_for(pilot, lambda: alice.status(status.id)["bookmarked"])
        await pilot.press("f", "B")  # the same keys undo
        assert "★ 0" in card(pane) and "🔖" not in card(pane)
        await wait_for(pilot, lambda: bob_sees.status(status.id)["favourites_count"] == 0)
        await wait_for(pilot, lambda: not alice.status(status.id)["bookmarked"])


async def test_a_refused_favourite_is_rolled_back_and_said(make_writer_app: Any,
                                                           seeded: Any) -> None:
    app = make_writer_app()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        status = pane.status_list.highlighted_status
        assert status is not None
        seeded.fault(path=f"/api/v1/statuses/{status.id}/favourite", status=500,
                     delay_ms=300)
        # What the list shows and what is said, in order (no race with the server's delay
        # on a loaded machine): the favourite at once, then the refusal, then the rollback.
        events: list[str] = []
        show = pane.render_diff

        def recorded(diff: Any) -> None:
            show(diff)
            if diff:
                events.append(card(pane))

        pane.render_diff = recorded  # type: ignore[method-assign]
        app.notify = lambda message, **kw: events.append(f"said: {message}")  # type: ignore[method-assign]
        await pilot.press("f")
        await wait_for(pilot, lambda: any("Could not favourite" in e for e in events))
        refusal = next(i for i, e in enumerate(events) if "Could not favourite" in e)
        assert "★ 1✓" in events[0] and refusal > 0
        assert "★ 0" in card(pane) and "✓" not in card(pane).split("★")[1]
        assert seeded.client("bob").status(status.id)["favourites_count"] == 0


async def test_a_refused_favourite_undoes_only_itself(make_writer_app: Any, seeded: Any,
                                                     monkeypatch: Any) -> None:
    """A bookmark made while the favourite was on its way stays when the favourite is
    refused: the whole post as it was before the favourite came back, without the 🔖."""
    from fedtui.mastodon.actions import Actions

    asked, deliver = threading.Event(), threading.Event()
    favourite = Actions.favourite

    def late_refusal(actions: Actions, *args: Any, **kwargs: Any) -> Any:
        try:
            return favourite(actions, *args, **kwargs)
        finally:
            asked.set()
            deliver.wait(60)

    monkeypatch.setattr(Actions, "favourite", late_refusal)
    app = make_writer_app()
    said = listen(app)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        status = pane.status_list.highlighted_status
        assert status is not None
        seeded.fault(path=f"/api/v1/statuses/{status.id}/favourite", status=500)
        await pilot.press("f")
        await wait_for(pilot, asked.is_set)  # refused, not yet told
        await pilot.press("B")
        await wait_for(pilot, lambda: any("Bookmarked" in s for s in said))
        deliver.set()
        await wait_for(pilot, lambda: any("Could not favourite" in s for s in said))
        assert "🔖" in card(pane) and "★ 0" in card(pane)
        assert pane.state.get(status.id).bookmarked
    assert seeded.client("alice").status(status.id)["bookmarked"]


async def test_vote_in_a_poll(make_writer_app: Any, seeded: Any) -> None:
    bob = seeded.client("bob")
    posted = bob.status_post("Tea or coffee?", poll=bob.make_poll(["tea", "coffee"], 3600))
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        highlight(pane, "Tea or coffee")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, VoteDialog))
        await pilot.press("down", "enter")  # coffee
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await wait_for(pilot, lambda: pane.status_list.highlighted_status is not None
                       and pane.status_list.highlighted_status.poll is not None
                       and pane.status_list.highlighted_status.poll.voted)
    poll = seeded.client("alice").status(posted["id"])["poll"]
    assert poll["own_votes"] == [1] and poll["options"][1]["votes_count"] == 1


async def test_y_copies_the_post_link(make_writer_app: Any) -> None:
    app = make_writer_app()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        said = listen(app)
        status = pane.status_list.highlighted_status
        assert status is not None and status.url
        await pilot.press("y")
        assert app.clipboard == status.url
        assert any(status.url in s for s in said)


async def test_search_opens_an_account_pane_a_hashtag_pane_and_a_thread(
        make_writer_app: Any, server: Any) -> None:
    async with make_writer_app(base_url=server.base_url).run_test(size=(160, 48)) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        assert isinstance(pilot.app.screen, SearchScreen)
        await pilot.press(*"bob", "enter")
        results = pilot.app.screen.query_one("#search-results")
        await wait_for(pilot, lambda: results.option_count > 0)
        await pilot.press("enter")  # the first result: the account
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        screen = home(pilot.app)
        await wait_for(pilot, lambda: screen.specs[-1].kind is PaneKind.ACCOUNT)
        assert screen.specs[-1].title == "@bob"

        await pilot.press("slash", *"#terminal", "enter")
        results = pilot.app.screen.query_one("#search-results")
        await wait_for(pilot, lambda: results.option_count > 0)
        tag = next(i for i in range(results.option_count)
                   if results.get_option_at_index(i).id == "tag:terminal")
        results.highlighted = tag
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.specs[-1].kind is PaneKind.HASHTAG)
        assert screen.specs[-1].title == "#terminal"

        await pilot.press("slash", *"Good morning", "enter")
        results = pilot.app.screen.query_one("#search-results")
        await wait_for(pilot, lambda: any(
            (results.get_option_at_index(i).id or "").startswith("status:")
            for i in range(results.option_count)))
        results.highlighted = next(
            i for i in range(results.option_count)
            if (results.get_option_at_index(i).id or "").startswith("status:"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ThreadScreen))


async def test_follow_a_hashtag_from_its_pane(make_writer_app: Any, seeded: Any) -> None:
    from fedtui.core.panes import PaneSpec

    app = make_writer_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(pilot)
        said = listen(app)
        home(pilot.app).add_pane(PaneSpec(PaneKind.HASHTAG, "terminal"))
        await wait_for(pilot, lambda: bool(home(pilot.app).panes[-1].query("StatusList"))
                       and home(pilot.app).panes[-1].status_list.has_focus)
        assert home(pilot.app).panes[-1].spec.kind is PaneKind.HASHTAG
        await pilot.press("F")
        await wait_for(pilot, lambda: any("Following #terminal" in s for s in said))
        assert seeded.client("alice").tag("terminal")["following"]
        await pilot.press("F")
        await wait_for(pilot, lambda: any("Unfollowed #terminal" in s for s in said))


async def test_follow_mute_block_and_report_from_a_profile(make_writer_app: Any,
                                                           seeded: Any) -> None:
    app = make_writer_app()
    alice = seeded.client("alice")
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(pilot)
        said = listen(app)
        await pilot.press("p")
        assert isinstance(pilot.app.screen, ProfileScreen)
        profile = pilot.app.screen
        await wait_for(pilot, lambda: profile.relationship is not None)
        bob_id = profile.account.id

        def rel() -> Any:
            return alice.account_relationships(bob_id)[0]

        assert rel()["following"]
        await pilot.press("F")  # unfollow
        await wait_for(pilot, lambda: not rel()["following"])
        await pilot.press("F")  # follow again
        await wait_for(pilot, lambda: rel()["following"])

        await pilot.press("M")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # for one hour
        await wait_for(pilot, lambda: rel()["muting"])
        await pilot.press("M")  # unmute
        await wait_for(pilot, lambda: not rel()["muting"])

        await pilot.press("X")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("enter")  # the highlighted answer is Cancel: nothing happens
        await wait_for(pilot, lambda: pilot.app.screen is profile)
        await pilot.app.workers.wait_for_complete()
        assert not rel()["blocking"]
        await pilot.press("X")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("up", "enter")
        await wait_for(pilot, lambda: rel()["blocking"])
        await wait_for(pilot, lambda: "blocked" in str(
            profile.query_one("#profile-header").render()))

        await pilot.press("R")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReportDialog))
        await pilot.press("tab", *"posts spam links", "tab", "tab", "enter")
        await wait_for(pilot, lambda: any("Reported @bob" in s for s in said))


def alice_read_home_up_to(server: Any, index: int) -> tuple[list[Any], str]:
    """alice's saved reading position on the `index`-th newest post of her home."""
    alice = server.client("alice")
    timeline = alice.timeline_home(limit=40)
    marked = str(timeline[index]["id"])
    alice.markers_set(["home"], [marked])
    return timeline, marked


async def on_post(pilot: Any, pane: TimelinePane, post_id: str) -> None:
    await wait_for(pilot, lambda: pane.status_list.highlighted_item is not None
                   and pane.status_list.highlighted_item.id == post_id)


async def test_read_marker_is_restored_and_saved_as_you_read_up(make_writer_app: Any,
                                                                seeded: Any) -> None:
    timeline, marked = alice_read_home_up_to(seeded, 5)
    alice = seeded.client("alice")
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        await on_post(pilot, pane, marked)
        assert pane.state.unread_above == 5
        bar = pane.query_one(".new-posts")
        assert "5 new posts" in str(bar.render())
        await pilot.press("k", "k")
        assert pane.state.unread_above == 3
        newer = timeline[3]["id"]
        await wait_for(pilot, lambda: alice.markers_get(["home"])["home"]["last_read_id"]
                       == newer)


async def test_the_read_position_is_found_pages_back(make_writer_app: Any,
                                                       seeded: Any) -> None:
    """23 posts came since the reader stopped: more than a page of 10 (a few pages back)."""
    _, marked = alice_read_home_up_to(seeded, 23)
    app = make_writer_app(timeline=TimelineConfig(page_size=10))
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        await on_post(pilot, pane, marked)
        assert pane.state.unread_above == 23
        assert len(pane.status_list.items) == 30  # three pages, no more


async def test_the_read_marker_and_the_first_page_are_asked_at_once(
        make_writer_app: Any, seeded: Any, monkeypatch: Any) -> None:
    import threading

    _, marked = alice_read_home_up_to(seeded, 3)
    marker_pending: list[bool] = []
    real_fetch_page = TimelinePane.fetch_page

    def fetch_page(pane: TimelinePane, cursor: object | None, limit: int) -> Any:
        if pane.spec.kind is PaneKind.HOME and cursor is None:
            marker_pending.append(any(t.name == "marker-home" for t in threading.enumerate()))
        return real_fetch_page(pane, cursor, limit)

    monkeypatch.setattr(TimelinePane, "fetch_page", fetch_page)
    with seeded.fault(path="/api/v1/markers", type="latency", delay_ms=1500):
        async with make_writer_app().run_test(size=(120, 40)) as pilot:
            await on_post(pilot, await loaded(pilot), marked)
    assert marker_pending[:1] == [True]  # the page went out while the marker was on its way


def alice_asks_to_follow_carol(server: Any) -> None:
    server.client("alice").account_follow(server.client("carol")
                                          .account_verify_credentials()["id"])


async def to_the_follow_request(pilot: Any, pane: TimelinePane) -> None:
    """Over to the notifications pane, on carol's follow request."""
    await pilot.press("l")
    items = pane.status_list.items
    pane.status_list.highlighted = next(
        i for i, n in enumerate(items)
        if isinstance(n, Notification) and n.type == "follow_request")


async def test_reject_a_follow_request(make_writer_app: Any, seeded: Any) -> None:
    alice_asks_to_follow_carol(seeded)
    app = make_writer_app("carol")
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot, index=1, at_least=1)
        said = listen(app)
        await to_the_follow_request(pilot, pane)
        await pilot.press("z")
        await wait_for(pilot, lambda: all(n.type != "follow_request"
                                          for n in pane.status_list.items))
        await wait_for(pilot, lambda: "Declined @alice's follow request." in said)
    carol = seeded.client("carol")
    assert carol.follow_requests() == []
    assert carol.account_followers(carol.account_verify_credentials()["id"]) == []


async def test_accept_a_follow_request_and_filter_and_dismiss_notifications(
        make_writer_app: Any, seeded: Any, server: Any) -> None:
    alice_asks_to_follow_carol(seeded)
    seeded.client("bob").status_post("@carol hello there")
    app = make_writer_app("carol", base_url=server.base_url)
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot, index=1, at_least=2)
        said = listen(app)
        await to_the_follow_request(pilot, pane)
        await pilot.press("a")
        await wait_for(pilot, lambda: any("can follow you now" in s for s in said))
        carol = seeded.client("carol")
        followers = carol.account_followers(carol.account_verify_credentials()["id"])
        assert [f["acct"] for f in followers] == ["alice"]
        assert all(n.type != "follow_request" for n in pane.status_list.items)

        await pilot.press("T")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TypesDialog))
        await pilot.press("space", "tab", "enter")  # only mentions
        await wait_for(pilot, lambda: pane.types == frozenset({"mention"}))
        await wait_for(pilot, lambda: bool(pane.status_list.items) and all(
            n.type == "mention" for n in pane.status_list.items))
        assert "(only Mentions and replies)" in str(pane.query_one(".pane-header").render())

        pane.status_list.highlighted = 0
        gone = pane.status_list.items[0].id
        await pilot.press("delete")
        await wait_for(pilot, lambda: all(n.id != gone for n in pane.status_list.items))


async def test_grouped_notifications_name_one_and_count_the_others(make_writer_app: Any,
                                                                   seeded: Any) -> None:
    posted = seeded.client("alice").status_post("fav me")
    seeded.client("bob").status_favourite(posted["id"])
    seeded.client("carol").status_favourite(posted["id"])
    async with make_writer_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot, index=1, at_least=1)
        index = next(i for i, n in enumerate(pane.status_list.items) if n.type == "favourite")
        assert "and 1 other favourited your post" in card(pane, index)
