"""One owner per pane: live bursts, the "N new posts" bar, long threads, the minute tick."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from textual.content import Content

from fedtui.core.model import item_status
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.screens.thread import ThreadScreen
from fedtui.ui.widgets.pane import TimelinePane
from fedtui.ui.widgets.pane_header import PaneHeader
from fedtui.ui.widgets.stream_inbox import LiveBeat
from tests.ui.conftest import seeded_config, wait_for


async def loaded(pilot: Any) -> Any:
    screen = pilot.app.screen
    assert isinstance(screen, HomeScreen)
    pane = screen.panes[0]
    await wait_for(pilot, lambda: len(pane.status_list.items) >= 20)
    await wait_for(pilot, lambda: "live" in pane.status_text)
    return pane


def list_ids(pane: Any) -> list[str]:
    return [card.id for card in pane.status_list.cards]


async def test_a_burst_of_streamed_posts_arrives_once_each_in_order(make_app: Any,
                                                                  seeded: Any) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        before = len(pane.state)
        bob = seeded.client("bob")
        posted = [str(bob.status_post(f"Burst post {n}")["id"]) for n in range(25)]
        await wait_for(pilot, lambda: all(i in pane.state for i in posted)
                       and all(i in list_ids(pane) for i in posted))
        ids = list_ids(pane)
        assert len(ids) == len(set(ids)) == len(pane.state) == before + 25
        assert ids == [item.id for item in pane.state.items]  # the state's order
        assert ids[:25] == posted[::-1]


async def test_posts_streamed_above_a_long_list_leave_its_end_reachable(
        make_app: Any, seeded: Any) -> None:
    """The list grows without a layout of the screen: its scroll range must still reach the
    new end, and the bar's count follow the posts."""
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        status_list, bar = pane.status_list, pane.query_one(".new-posts")
        await pilot.press("j", "j")
        assert status_list.max_scroll_y > 0  # longer than the view already
        bob, before = seeded.client("bob"), status_list.card_count
        for n in range(6):
            bob.status_post(f"Streamed above {n}")
            await wait_for(pilot, lambda n=n: status_list.card_count == before + n + 1)
        await wait_for(pilot, lambda: "6 new posts" in str(bar.render()))
        await pilot.press("G")
        last = status_list.card_count - 1
        top, height = status_list.card_lines(last)
        await wait_for(pilot, lambda: status_list.scroll_y == status_list.max_scroll_y)
        assert status_list.highlighted == last
        view = status_list.size.height
        assert status_list.max_scroll_y == status_list.virtual_size.height - view
        assert status_list.scroll_y <= top and top + height <= status_list.scroll_y + view


async def test_g_takes_the_new_posts_bar_away(make_app: Any, seeded: Any) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        await pilot.press("j", "j")
        seeded.client("bob").status_post("Breaking: one more")
        bar = pane.query_one(".new-posts")
        await wait_for(pilot, lambda: bar.display)
        await pilot.press("g")
        await wait_for(pilot, lambda: not bar.display)
        assert pane.state.unread_above == 0 and pane.status_list.highlighted == 0


async def test_streamed_edits_and_deletions_reach_the_notifications_and_an_open_thread(
        make_app: Any, seeded: Any) -> None:
    """Their own streams do not bring them: the home pane's does, and they are told."""
    bob = seeded.client("bob")
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        notifications = pilot.app.screen.panes[1]
        await wait_for(pilot, lambda: "live" in notifications.status_text)

        def mentions(text: str) -> bool:
            cards = notifications.status_list
            return any(text in str(cards.card_at(i).content) for i in range(cards.card_count))

        mention = bob.status_post("@alice a mention to edit")
        await wait_for(pilot, lambda: mentions("a mention to edit"))
        bob.status_update(mention["id"], status="@alice a mention, edited")
        await wait_for(pilot, lambda: mentions("a mention, edited"))
        assert not mentions("a mention to edit")
        bob.status_delete(mention["id"])
        await wait_for(pilot, lambda: not mentions("a mention"))
        while "Good morning" not in str(pane.status_list.highlighted_item.content):
            await pilot.press("j")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ThreadScreen))
        thread = pilot.app.screen
        await wait_for(pilot, lambda: len(thread.state) == 2)
        reply = thread.state.items[1]
        bob.status_update(reply.id, status="edited reply")
        status_list = thread.query_one("#thread")
        await wait_for(pilot, lambda: "edited reply" in str(status_list.card_at(1).content))
        bob.status_delete(reply.id)
        await wait_for(pilot, lambda: status_list.card_count == 1)
        assert reply.id not in pane.state


async def test_a_long_thread_shows_its_first_screen_then_every_reply(make_app: Any,
                                                                    seeded: Any) -> None:
    root = seeded.client("bob").status_post("A question with many answers")
    carol = seeded.client("carol")  # alice does not follow her: only the question is home
    for n in range(120):
        carol.status_post(f"Answer {n}", in_reply_to_id=root["id"])
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        await wait_for(pilot, lambda: "many answers" in str(pane.status_list.items[0].content))
        await pilot.press("g", "enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ThreadScreen))
        status_list = pilot.app.screen.query_one("#thread")
        await wait_for(pilot, lambda: status_list.card_count == 121, timeout=60)
        assert status_list.highlighted == 0
        await pilot.press("G")
        assert "Answer 119" in str(status_list.highlighted_item.content)
        # drawn at once: the post and the replies that fill a screen, no more
        status_list.show(keep_position=False, first=1, fill=status_list.size.height)
        drawn = [status_list.card_height(card) for card in status_list.cards[1:]]
        assert sum(drawn[:-1]) < status_list.size.height <= sum(drawn) and len(drawn) > 3
        await wait_for(pilot, lambda: status_list.card_count == 121)


async def test_the_minute_tick_draws_the_cards_on_screen_now_and_the_others_in_view(
        make_app: Any) -> None:
    now = [datetime.now(UTC)]
    app = make_app()
    app.context.clock = lambda: now[0]
    async with app.run_test(size=(160, 24)) as pilot:
        status_list = (await loaded(pilot)).status_list

        def card(index: int) -> str:
            return str(status_list.card_at(index).content)

        last = status_list.card_count - 1
        now[0] += timedelta(hours=3)
        status_list.refresh_times()
        await wait_for(pilot, lambda: " · 3h" in card(0))
        assert " · 3h" not in card(last)  # off screen: not drawn yet
        await pilot.press("G")
        await wait_for(pilot, lambda: " · 3h" in card(last))


async def test_a_post_a_filter_hides_is_never_counted_as_new(make_app: Any,
                                                             seeded: Any) -> None:
    """It waits in the state, invisible: it made the bar stay after `g`. (mastodon-mock
    streams no `filtered` results, as Mastodon does: the hidden post's match is added.)"""
    from fedtui.core.model import FilterMatch, Status
    from fedtui.mastodon.streaming import StreamEvent

    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        await pilot.press("j", "j")
        bob = seeded.client("bob")
        visible = Status.from_api(bob.status_post("Breaking: a visible one"))
        hide = FilterMatch("1", "No secrets", "hide", ("secret",), ("home",))
        secret = replace(visible, id=str(int(visible.id) * 2), content="<p>a secret</p>",
                         filtered=(hide,))  # an id the server's stream never sends
        pane.apply_events([StreamEvent("update", status=secret)])
        await wait_for(pilot, lambda: len(pane.state.unread_ids) == 2)
        assert secret.id not in [card.id for card in pane.status_list.cards]
        bar = pane.query_one(".new-posts")
        await wait_for(pilot, lambda: "1 new post —" in str(bar.render()))
        await pilot.press("g")
        await wait_for(pilot, lambda: not bar.display)


async def test_a_streamed_post_is_measured_alone_not_the_whole_list(
        make_app: Any, seeded: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The list takes a streamed post in where it goes: no card already on it is measured
    or drawn again (a rebuild would measure every one)."""
    measured: list[int] = []
    measure = Content.get_height

    def counting(self: Content, rules: Any, width: int) -> int:
        measured.append(id(self))
        return measure(self, rules, width)

    monkeypatch.setattr(Content, "get_height", counting)
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        await pilot.press("j", "j")
        kept = {id(card.content): card for card in pane.status_list.cards}
        reading = pane.status_list.highlighted_card
        measured.clear()
        posted = str(seeded.client("bob").status_post("Streamed alone")["id"])
        await wait_for(pilot, lambda: posted in list_ids(pane))
        await pilot.pause()
        new = pane.status_list.card_at(0)
        assert new.id == posted and id(new.content) in measured
        assert not kept.keys() & set(measured)
        assert all(pane.status_list.card_at(i + 1) is card
                   for i, card in enumerate(kept.values()))
        assert pane.status_list.highlighted_card is reading


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> list[Content]:
    """Every card content measured (its text wrapped) from now on."""
    seen: list[Content] = []
    measure = Content.get_height

    def counting(self: Content, rules: Any, width: int) -> int:
        seen.append(self)
        return measure(self, rules, width)

    monkeypatch.setattr(Content, "get_height", counting)
    return seen


class HeldTimers:
    """A `set_timer` for the app's live beat that sets nothing: the test calls each one."""

    def __init__(self) -> None:
        self.set: list[Any] = []

    def __call__(self, delay: float, callback: Any) -> None:
        self.set.append(callback)

    def fire(self, callback: Any) -> None:
        self.set.remove(callback)
        callback()


async def test_a_streamed_post_is_drawn_before_its_beat_which_only_puts_it_in(
        make_app: Any, seeded: Any, measured: list[Content]) -> None:
    """Between beats the panes draw and measure the waiting posts' cards a slice at a time;
    the beat then draws nothing: a key that meets it does not wait for four panes'
    drawing."""
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        timers = HeldTimers()
        pilot.app.live_beat = LiveBeat(timers)
        posted = str(seeded.client("bob").status_post("Drawn ahead of its beat")["id"])
        await wait_for(pilot, lambda: len(timers.set) == 2)  # the inbox woke its pane
        slice_ahead, beat = timers.set  # the first slice, then the beat

        def drawn_ahead() -> list[Content]:
            return [content for content in measured if "Drawn ahead" in content.plain]

        for _ in range(200):  # Home, Local and Federated each draw it, a slice at a time
            if len(drawn_ahead()) == 3:
                break
            timers.fire(slice_ahead)
            await pilot.pause()
        assert len(drawn_ahead()) == 3 and posted not in pane.state  # drawn, not in yet
        ahead, measured[:] = drawn_ahead(), []
        timers.fire(beat)
        await wait_for(pilot, lambda: posted in list_ids(pane))
        card = pane.status_list.card_at(list_ids(pane).index(posted))
        assert any(card.content is content for content in ahead)
        assert not drawn_ahead()  # nothing drawn at the beat
        assert slice_ahead in timers.set  # the last slice's timer ...
        timers.fire(slice_ahead)
        assert slice_ahead not in timers.set  # ... finds the beat gone by and stops


async def test_a_post_edited_after_it_was_drawn_ahead_shows_its_edit_at_the_beat(
        make_app: Any, seeded: Any, measured: list[Content]) -> None:
    """The cards drawn ahead are of the post as it first came; an edit streamed before the
    beat must not leave that first text on screen."""
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        timers = HeldTimers()
        pilot.app.live_beat = LiveBeat(timers)
        bob = seeded.client("bob")
        posted = str(bob.status_post("First words, drawn ahead")["id"])
        await wait_for(pilot, lambda: len(timers.set) == 2)
        slice_ahead, beat = timers.set
        for _ in range(200):
            if sum("First words" in content.plain for content in measured) == 3:
                break
            timers.fire(slice_ahead)
            await pilot.pause()
        assert sum("First words" in content.plain for content in measured) == 3  # 3 panes
        bob.status_update(posted, status="Edited words, shown at the beat")
        seen: list[Any] = []
        await wait_for(pilot, lambda: bool(seen.extend(pane.live.unseen()))
                       or any(event.kind == "status.update" for event in seen))
        timers.fire(beat)
        await wait_for(pilot, lambda: posted in list_ids(pane))
        await pilot.pause()
        shown = pane.status_list.card_at(list_ids(pane).index(posted)).content.plain
        assert "Edited words" in shown and "First words" not in shown


async def test_posts_streamed_above_the_reader_are_not_a_move_of_the_reader(
        make_app: Any, seeded: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's card keeps its place on screen and only its number changes: no move is
    told (no read marker, no report of the posts in view), yet the header counts right."""
    moves: list[int] = []
    told = TimelinePane.on_card_list_highlighted

    def telling(pane: TimelinePane, event: Any) -> None:
        moves.append(event.index)
        told(pane, event)

    monkeypatch.setattr(TimelinePane, "on_card_list_highlighted", telling)
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        await pilot.press("j", "j")
        status_list = pane.status_list
        reading, index, count = status_list.highlighted_card, status_list.highlighted, \
            status_list.card_count
        assert moves and index == 2
        moves.clear()
        posted = str(seeded.client("bob").status_post("Above the reader")["id"])
        await wait_for(pilot, lambda: posted in list_ids(pane))
        await pilot.pause()
        assert moves == []
        assert status_list.highlighted_card is reading and status_list.highlighted == 3
        assert f"4/{count + 1}" in str(pane.query_one(PaneHeader).render())
        await pilot.press("j")
        assert moves == [4]


async def test_when_the_post_read_is_deleted_the_next_one_is_highlighted(
        make_app: Any, seeded: Any) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        pane = await loaded(pilot)
        bob = seeded.client("bob")
        older, newer = (str(bob.status_post(f"Soon gone {n}")["id"]) for n in range(2))
        await wait_for(pilot, lambda: list_ids(pane)[:2] == [newer, older])
        await pilot.press("n", "g", "j")
        assert pane.status_list.highlighted_item.id == older
        after = list_ids(pane)[2]
        bob.status_delete(older)
        await wait_for(pilot, lambda: older not in list_ids(pane))
        await pilot.pause()
        assert pane.status_list.highlighted_item.id == after  # not back to the top
        assert pane.state.focus_id == after  # the pane heard of it


async def test_a_post_streamed_into_four_panes_is_held_once(make_app: Any,
                                                            seeded: Any) -> None:
    """Home, Notifications, Local and Federated each stream bob's mention of alice: the
    panes share one copy of the post, and bob's posts of one page one copy of bob."""
    async with make_app().run_test(size=(160, 48)) as pilot:
        panes = pilot.app.screen.panes
        await wait_for(pilot, lambda: all("live" in pane.status_text for pane in panes))
        posted = str(seeded.client("bob").status_post("@alice one post, four panes")["id"])

        def copies() -> list[Any]:
            return [status for pane in panes for item in pane.state.items
                    if (status := item_status(item)) is not None and status.id == posted]

        await wait_for(pilot, lambda: len(copies()) == len(panes) == 4)
        assert len({id(status) for status in copies()}) == 1
        paged = [status for item in panes[0].state.items  # one page: bob's counts agree
                 if (status := item_status(item)) is not None and status.id != posted]
        assert len(paged) > 30 and len({id(status.account) for status in paged}) == 1


async def test_with_streaming_off_the_panes_poll_for_new_posts(make_app: Any,
                                                                seeded: Any) -> None:
    """`timeline.streaming = false` polls every `poll_interval` (it gave no updates at all)."""
    config = seeded_config()
    timeline = replace(config.timeline, streaming=False, poll_interval=1)
    async with make_app(config=replace(config, timeline=timeline)).run_test(
            size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        pane = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: len(pane.state) == 33)
        posted = str(seeded.client("bob").status_post("Arrived by polling")["id"])
        await wait_for(pilot, lambda: posted in pane.state, timeout=30)
        assert pane.status_text == "polling"
