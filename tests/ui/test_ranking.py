"""The For you (local) pane: `+` adds it, it shows what home, the lists and the followed
hashtag hold ranked by ranking.toml, `w` gives a post's score and breakdown, and `=` / `-`
lift or sink an author in the file. Pilot presses real keys against mastodon-mock."""

from __future__ import annotations

import os
import tomllib
from typing import Any

import pytest

from fedtui.app.rank_rules import ranking_file
from fedtui.core.panes import PaneKind
from fedtui.core.provenance import Why
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.screens.why import WhyScreen
from fedtui.ui.widgets.pane import TimelinePane
from tests.integration.provenance_world import World, seed
from tests.ui.conftest import wait_for
from tests.ui.test_hostile_text import notices
from tests.ui.test_why import alice_app

RULES = """\
# my own rules
recency = 0.5  # time matters little to me

[hashtags]  # what I like
birds = 10.0
"""


@pytest.fixture
def world(mock_server: Any) -> World:
    return seed(mock_server.base_url)


def write_rules(text: str) -> None:
    path = ranking_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))  # a change, however quick


def labels(pane: TimelinePane, world: World) -> list[str]:
    return [world.label_of(item.shown.id) for item in pane.status_list.items]


async def add_for_you(pilot: Any) -> TimelinePane:
    screen = pilot.app.screen
    assert isinstance(screen, HomeScreen)
    await wait_for(pilot, lambda: len(screen.panes[0].status_list.items) >= 9)
    await pilot.press("plus")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#kinds")))
    kinds = pilot.app.screen.query_one("#kinds")
    kinds.highlighted = [o.id for o in kinds.options].index(PaneKind.FOR_YOU.value)
    await pilot.press("enter")
    await wait_for(pilot, lambda: pilot.app.screen is screen and len(screen.panes) == 5)
    pane = screen.panes[4]
    assert pane.spec.kind is PaneKind.FOR_YOU and pane.spec.title == "For you (local)"
    assert screen.active_pane is pane
    return pane


async def test_add_for_you_see_the_score_with_w_and_lift_an_author_with_equals(
        world: World) -> None:
    write_rules(RULES)
    async with alice_app(world).run_test(size=(200, 48)) as pilot:
        said = notices(pilot.app)
        pane = await add_for_you(pilot)
        await wait_for(pilot, lambda: len(pane.status_list.items) >= 9)
        assert labels(pane, world)[0] == "gina_birds"  # the lifted hashtag first
        assert pane.status_list.highlighted == 0
        home_pane = pilot.app.screen.panes[0]
        assert home_pane.spec.kind is PaneKind.HOME  # home stays chronological
        assert [i.id for i in home_pane.state.items] == sorted(
            (i.id for i in home_pane.state.items), key=lambda i: (len(i), i), reverse=True)

        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, WhyScreen)
                       and bool(pilot.app.screen.facts))
        why = pilot.app.screen
        ranked = [fact for fact in why.facts if fact.why is Why.RANKED]
        assert len(ranked) == 1
        breakdown = dict(ranked[0].breakdown)
        assert breakdown["hashtag:birds"] == 10.0
        assert float(ranked[0].detail) == pytest.approx(sum(breakdown.values()), abs=0.005)
        assert "Your ranking.toml scores it" in str(why.query_one("#why-facts").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))

        bob_index = labels(pane, world).index("bob_hello")
        pane.status_list.focus()
        await pilot.press(*["j"] * bob_index)
        assert labels(pane, world)[pane.status_list.highlighted] == "bob_hello"
        await pilot.press("equals_sign")
        await wait_for(pilot, lambda: any(s.startswith("Lifted @bob@") for s in said))
        text = ranking_file().read_text(encoding="utf-8")
        assert text.startswith(RULES)  # every comment and line kept
        accounts = tomllib.loads(text)["accounts"]
        assert list(accounts.values()) == [1.0] and next(iter(accounts)).startswith("bob@")
        assert "# lifted with =" in text
        assert labels(pane, world).index("bob_hello") < labels(pane, world).index(
            "erin_mention")  # followed, answered once (and lifted): above erin's mention

        await pilot.press("minus", "minus")
        await wait_for(pilot, lambda: sum(s.startswith("Sank @bob@") for s in said) == 2)
        accounts = tomllib.loads(ranking_file().read_text(encoding="utf-8"))["accounts"]
        assert list(accounts.values()) == [-1.0]
        # the pane ranks again by itself: sunk, bob's post falls below erin's
        await wait_for(pilot, lambda: labels(pane, world).index("bob_hello")
                       > labels(pane, world).index("erin_mention"))


async def test_a_changed_file_ranks_again_and_a_broken_one_keeps_the_old_rules(
        world: World) -> None:
    write_rules(RULES)
    async with alice_app(world).run_test(size=(200, 48)) as pilot:
        said = notices(pilot.app)
        pane = await add_for_you(pilot)
        await wait_for(pilot, lambda: len(pane.status_list.items) >= 9
                       and labels(pane, world)[0] == "gina_birds")
        write_rules(RULES.replace("birds = 10.0", "birds = -10.0"))
        await wait_for(pilot, lambda: labels(pane, world)[-1] == "gina_birds")
        write_rules(RULES + "oops = = 1\n")
        await wait_for(pilot, lambda: any("ranking.toml line 6: " in s for s in said))
        assert labels(pane, world)[-1] == "gina_birds"  # the rules read before rank


async def test_what_the_server_will_not_tell_is_a_calm_line_and_the_rest_still_ranks(
        world: World, mock_server: Any) -> None:
    write_rules(RULES)
    with mock_server.fault(path="/api/v1/lists", status=503):
        async with alice_app(world).run_test(size=(200, 48)) as pilot:
            pane = await add_for_you(pilot)
            await wait_for(pilot, lambda: len(pane.status_list.items) >= 9)
            assert labels(pane, world)[0] == "gina_birds"  # the followed hashtag still read
            note = pane.query_one(".pane-note")
            await wait_for(pilot, lambda: "Could not read your lists" in str(note.render()))
            assert note.display


async def test_a_streamed_post_is_ranked_in_at_its_place_without_ranking_again(
        world: World) -> None:
    write_rules(RULES)
    async with alice_app(world).run_test(size=(200, 48)) as pilot:
        pane = await add_for_you(pilot)
        await wait_for(pilot, lambda: len(pane.status_list.items) >= 9
                       and labels(pane, world)[0] == "gina_birds")
        home = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: "live" in home.status_text)
        before = labels(pane, world)
        await pilot.press("j")  # the reader is on the second post
        erin = world.api("erin")
        world.ids["erin_kingfisher"] = str(erin.status_post("A kingfisher! #birds")["id"])
        world.ids["erin_plain"] = str(erin.status_post("Lunch was fine")["id"])
        await wait_for(pilot, lambda: {"erin_kingfisher", "erin_plain"} <= set(
            labels(pane, world)))
        now = labels(pane, world)
        assert now[0] == "erin_kingfisher"  # followed and #birds: above gina's #birds post
        assert [label for label in now if label not in ("erin_kingfisher", "erin_plain")] \
            == before  # the others keep their order: placed, not ranked again
        scores = [pane.state.scores[item.id] for item in pane.state.items]
        assert scores == sorted(scores, reverse=True)
        assert pane.state.scores[world.ids["erin_plain"]] < pane.state.scores[
            world.ids["gina_birds"]]
        highlighted = pane.status_list.highlighted_item
        assert highlighted is not None and world.label_of(highlighted.id) == before[1]
        assert world.ids["erin_kingfisher"] in pane.state.unread_ids  # above the reader


async def test_a_post_placed_while_the_pane_ranks_again_stays(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new ranking is made from what the panes held before the post streamed in: the
    post is placed again on it."""
    from fedtui.ui.widgets.for_you_pane import ForYouPane
    from tests.ui.test_live_reload import held_after

    write_rules(RULES)
    async with alice_app(world).run_test(size=(200, 48)) as pilot:
        pane = await add_for_you(pilot)
        home = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) >= 9
                       and "live" in home.status_text)
        with held_after(monkeypatch, ForYouPane, "fetch_page",
                        lambda pane, cursor, limit: cursor is None) as (answered, deliver):
            await pilot.press("ctrl+r")  # rank again
            await wait_for(pilot, answered.is_set)  # ranked: then the post
            erin = world.api("erin")
            world.ids["erin_kingfisher"] = str(erin.status_post("A kingfisher! #birds")["id"])
            await wait_for(pilot, lambda: "erin_kingfisher" in labels(pane, world))
            deliver.set()
            await wait_for(pilot, lambda: not any(  # the new ranking is in
                worker.node is pane and worker.group == "latest" and not worker.is_finished
                for worker in pilot.app.workers))
        assert labels(pane, world)[0] == "erin_kingfisher"
