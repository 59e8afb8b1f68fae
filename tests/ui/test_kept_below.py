"""Posts a pane's cap pushed out of memory come back from the local cache when the reader
scrolls past the end: the real App and wiring against mastodon-mock, whose fault rule
counts whether the pane asked the server for them instead."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx

from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.widgets.pane import TimelinePane
from tests.ui.conftest import seeded_config, wait_for

CAP = 20  # the seeded home timeline has 33 posts: the first page pushes 13 out


def capped(make_app: Any) -> Any:
    config = seeded_config()  # pages of 40: one page holds the seeded world
    return make_app(config=replace(config, timeline=replace(config.timeline, max_posts=CAP)))


async def home_pane(pilot: Any) -> TimelinePane:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    pane = pilot.app.screen.panes[0]
    await wait_for(pilot, lambda: len(pane.status_list.items) == CAP and "live" in pane.status_text)
    return pane


def texts(pane: TimelinePane) -> list[str]:
    return [item.content for item in pane.status_list.items]


async def read_down_to(pilot: Any, pane: TimelinePane, text: str) -> None:
    """`G` until `text` is the last post loaded: each `G` reaches the end and loads the next
    posts below it (at most half the cap, so that the reader's post stays)."""
    while text not in texts(pane)[-1]:
        last = texts(pane)[-1]
        await pilot.press("G")
        await wait_for(pilot, lambda last=last: texts(pane)[-1] != last)
        reader = pane.status_list.highlighted_item
        assert reader is not None and reader.content == last  # where the reader was
        # at most half the cap came in below it: the reader's post is not pushed out
        assert CAP // 2 - 1 <= pane.status_list.highlighted < CAP - 1


def numbered_post(bob: Any, number: int) -> Any:
    """Bob's seeded "Numbered post N", as the server has it."""
    return next(s for s in bob.account_statuses(bob.me()["id"], limit=40)
                if s["content"] == f"<p>Numbered post {number}</p>")


def fired(server: Any, rule: Any) -> bool:
    """Whether the fault rule (count=1) answered a request."""
    rules = httpx.get(f"{server.base_url}/api/v1/_mock/faults", timeout=10).json()
    return not any(r["id"] == rule.id and r["remaining"] == 1 for r in rules)


def kept_on_disk(app: Any) -> int:
    with app.context.older.db.transaction() as conn:
        return int(conn.execute("SELECT count(*) FROM pane_older").fetchone()[0])


async def test_posts_past_the_cap_come_back_from_disk_without_asking_the_server(
        seeded: Any, make_app: Any) -> None:
    app = capped(make_app)
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await home_pane(pilot)
        await wait_for(pilot, lambda: kept_on_disk(app) == 13)
        assert "Numbered post 29" in texts(pane)[0] and "Good morning" not in str(texts(pane))
        with seeded.fault(path="/api/v1/timelines/home", status=503, count=1) as outage:
            await read_down_to(pilot, pane, "Numbered post 0<")  # 10 of the 13 pushed out
            assert not fired(seeded, outage)
        await read_down_to(pilot, pane, "Good morning")  # and the last 3 (then the server)
        ids = [item.id for item in pane.status_list.items]
        assert len(ids) == len(set(ids)) == CAP
        with seeded.fault(path="/api/v1/timelines/home", status=503, count=1) as asked:
            for _ in range(2):  # at the end: nothing more to load, nothing asked
                await pilot.press("G")
                await wait_for(pilot, lambda: not pane.below.loading)
            assert not fired(seeded, asked)
        assert [item.id for item in pane.status_list.items] == ids
        assert "The plot of the film" in str(texts(pane))
        assert pane.state.newer_cut  # the newest left memory; the top loads them again
        await pilot.press("g")
        await wait_for(pilot, lambda: "Numbered post 29" in texts(pane)[0]
                       and not pane.state.newer_cut)


async def test_kept_posts_come_back_as_they_are_now_and_quitting_deletes_them(
        seeded: Any, make_app: Any) -> None:
    """A post deleted while kept on disk does not come back; one edited comes back edited."""
    bob = seeded.client("bob")
    app = capped(make_app)
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await home_pane(pilot)
        await wait_for(pilot, lambda: kept_on_disk(app) == 13)
        bob.status_delete(numbered_post(bob, 3)["id"])
        bob.status_update(numbered_post(bob, 5)["id"], status="Numbered post 5, corrected")
        bob.status_post("After the changes")  # the stream brings it after them
        await wait_for(pilot, lambda: "After the changes" in texts(pane)[0])
        await pilot.press("n")  # read up to the new post
        await read_down_to(pilot, pane, "Good morning")
        shown = str(texts(pane))
        assert "Numbered post 4" in shown and "Numbered post 2" in shown
        assert "Numbered post 3<" not in shown
        assert "Numbered post 5, corrected" in shown and "Numbered post 5<" not in shown
        assert kept_on_disk(app) > 0
    assert kept_on_disk(app) == 0  # kept for the run only: quitting deletes them


async def test_posts_streamed_while_reading_the_oldest_do_not_push_the_reader_out(
        seeded: Any, make_app: Any) -> None:
    """At the cap, with the reader on the oldest posts in memory, streamed posts wait on the
    server instead of pushing the reader's post out; back at the top they load."""
    app = capped(make_app)
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await home_pane(pilot)
        await read_down_to(pilot, pane, "Good morning")
        await pilot.press("G")
        reading = pane.status_list.highlighted_item
        assert reading is not None and "Good morning" in reading.content
        bob = seeded.client("bob")
        posted = [str(bob.status_post(f"Streamed while reading the oldest {n}")["id"])
                  for n in range(3)]
        bob.status_update(reading.id, status="Good morning, edited")  # streamed after them
        await wait_for(pilot, lambda: "edited" in str(texts(pane)))  # all four taken
        assert pane.status_list.highlighted_item.id == reading.id  # the reader stays on it
        assert not any(i in pane.state for i in posted) and pane.state.newer_cut
        assert "3 new posts — press n" in str(pane.query_one(".new-posts").render())
        await pilot.press("n")  # to the top: the newest load
        await wait_for(pilot, lambda: "oldest 2" in texts(pane)[0] and not pane.state.newer_cut)
        assert "oldest 2" in pane.status_list.highlighted_item.content  # on the newest
        assert not pane.query_one(".new-posts").display  # nothing waits above it


async def test_posts_streamed_above_never_stop_the_reader_reading_down(
        seeded: Any, make_app: Any) -> None:
    """At the cap, with posts streamed above the reader, the older posts still load: the
    new posts they push out wait on the server, counted in the bar, and `n` loads them."""
    app = capped(make_app)
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await home_pane(pilot)
        bob = seeded.client("bob")
        for n in range(3):
            bob.status_post(f"Streamed above the reader {n}")
        await wait_for(pilot, lambda: pane.state.unread_above == 3)
        await read_down_to(pilot, pane, "Good morning")
        assert "3 new posts — press n" in str(pane.query_one(".new-posts").render())
        await pilot.press("n")
        await wait_for(pilot, lambda: "reader 2" in texts(pane)[0] and not pane.state.newer_cut)
        assert "reader 2" in pane.status_list.highlighted_item.content


async def test_n_loads_the_newest_for_a_reader_already_on_the_top_post(
        seeded: Any, make_app: Any) -> None:
    """A screen taller than the cap's posts: posts streamed at the cap wait on the server
    even for a reader on the top post, and `n` loads them (no move of the highlight)."""
    app = capped(make_app)
    async with app.run_test(size=(160, 100)) as pilot:
        pane = await home_pane(pilot)
        assert pane.status_list.highlighted == 0
        seeded.client("bob").status_post("Streamed over a tall screen")
        await wait_for(pilot, lambda: pane.state.newer_waiting == 1)
        await pilot.press("n")
        await wait_for(pilot, lambda: "tall screen" in texts(pane)[0])
