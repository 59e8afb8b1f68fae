"""`w` (and the command palette): why is this post here? Pilot presses the keys in the App
on a seeded mastodon-mock world whose answers are known (tests/integration/provenance_world)."""

from __future__ import annotations

from typing import Any

import pytest

from fedtui.app.context import AccountRef
from fedtui.cli import build_context
from fedtui.core.model import Status
from fedtui.core.provenance import Why
from fedtui.ui.app import FedtuiApp
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.screens.why import WhyScreen
from fedtui.ui.widgets.pane import TimelinePane
from tests.integration.provenance_world import POSTS, World, seed
from tests.ui.conftest import seeded_config, wait_for
from tests.ui.test_key_hints import palette_choose


@pytest.fixture
def world(mock_server: Any) -> World:
    return seed(mock_server.base_url)


def alice_app(world: World) -> FedtuiApp:
    return FedtuiApp(build_context(seeded_config(),
                                   AccountRef(world.base_url, "alice_token", "alice")))


async def home_pane(pilot: Any) -> TimelinePane:
    screen = pilot.app.screen
    assert isinstance(screen, HomeScreen)
    pane = screen.panes[0]
    await wait_for(pilot, lambda: len(pane.status_list.items) >= 9)
    return pane


async def highlight(pilot: Any, pane: TimelinePane, world: World, label: str) -> None:
    target = world.ids[label]
    index = next(i for i, item in enumerate(pane.status_list.items) if item.id == target)
    await pilot.press(*["j"] * index)
    assert pane.status_list.highlighted == index


async def why_shown(pilot: Any) -> WhyScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, WhyScreen))
    screen = pilot.app.screen
    assert isinstance(screen, WhyScreen)
    await wait_for(pilot, lambda: bool(screen.facts))
    return screen


def panel_text(screen: WhyScreen) -> str:
    return str(screen.query_one("#why-facts").render())


async def test_w_on_a_boost_names_every_booster_and_their_lists(world: World) -> None:
    async with alice_app(world).run_test(size=(160, 48)) as pilot:
        pane = await home_pane(pilot)
        await highlight(pilot, pane, world, "erin_boost")
        await pilot.press("w")
        screen = await why_shown(pilot)
        facts = {(f.why, tuple(sorted(n.casefold() for n in f.names)), f.detail)
                 for f in screen.facts}
        # the pane shows erin's and frank's boosts; the server also names gina's
        assert facts == {(Why.SOURCE, (), "home"), (Why.BOOSTED_BY, ("erin", "frank"), ""),
                         (Why.BOOSTED_BY_OTHERS, ("gina",), ""),
                         (Why.IN_LIST, ("birders",), "erin"),
                         (Why.IN_LIST, ("birders",), "frank")}
        text = panel_text(screen)
        assert "Boosted by accounts you follow: @frank, @erin." in text  # newest first
        assert "Also boosted by: @gina." in text
        assert str(screen.query_one(".dialog-body").render()) == (
            "hank @hank (boosted by @erin): Big news from hank")
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_w_on_a_reply_in_a_thread_the_reader_joined(world: World) -> None:
    async with alice_app(world).run_test(size=(160, 48)) as pilot:
        pane = await home_pane(pilot)
        await highlight(pilot, pane, world, "frank_in_thread")
        await pilot.press("w")
        screen = await why_shown(pilot)
        expected = {(why, tuple(names), detail) for why, names, detail in
                    POSTS["frank_in_thread"]}
        found = {(f.why.value, tuple(n.casefold() for n in f.names),
                  world.label_of(f.detail) if f.detail in world.ids.values() else f.detail)
                 for f in screen.facts if f.why is not Why.SOURCE}
        assert found == expected
        assert "It replies in a thread you took part in." in panel_text(screen)
        assert "You follow the author @frank." in panel_text(screen)


async def test_the_palette_explains_the_highlighted_post(world: World) -> None:
    async with alice_app(world).run_test(size=(160, 48)) as pilot:
        pane = await home_pane(pilot)
        await highlight(pilot, pane, world, "erin_mention")
        item = pane.status_list.highlighted_item
        assert isinstance(item, Status) and item.id == world.ids["erin_mention"]
        await pilot.press("ctrl+p")
        await palette_choose(pilot, "Why am I seeing")
        screen = await why_shown(pilot)
        assert {f.why for f in screen.facts} == {
            Why.SOURCE, Why.FOLLOWED_AUTHOR, Why.IN_LIST, Why.MENTIONS_YOU}
        assert "It mentions you." in panel_text(screen)


async def test_closing_the_panel_before_the_answer_loses_nothing(world: World) -> None:
    async with alice_app(world).run_test(size=(160, 48)) as pilot:
        pane = await home_pane(pilot)
        await pilot.press("w", "escape")
        assert isinstance(pilot.app.screen, HomeScreen)
        await wait_for(pilot, lambda: all(worker.is_finished for worker in pilot.app.workers
                                          if worker.name == "explain"))
        await pilot.press("j", "w")  # and it still works afterwards
        screen = await why_shown(pilot)
        assert screen.item is pane.status_list.highlighted_item


async def test_following_from_a_profile_shows_in_the_next_why(world: World) -> None:
    from fedtui.ui.screens.profile import ProfileScreen

    async with alice_app(world).run_test(size=(160, 48)) as pilot:
        await home_pane(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, HomeScreen)
        local = screen.panes[2]
        await pilot.press("l", "l")
        await wait_for(pilot, lambda: local.status_list.has_focus
                       and len(local.status_list.items) >= 9)
        await highlight(pilot, local, world, "gina_birds")
        await pilot.press("w")
        before = await why_shown(pilot)
        assert Why.FOLLOWED_AUTHOR not in {f.why for f in before.facts}
        await pilot.press("escape", "p")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ProfileScreen))
        profile = pilot.app.screen
        assert isinstance(profile, ProfileScreen)
        await wait_for(pilot, lambda: profile.relationship is not None)
        await pilot.press("F")
        await wait_for(pilot, lambda: profile.relationship is not None
                       and profile.relationship.following)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await pilot.press("w")
        after = await why_shown(pilot)
        assert "You follow the author @gina." in panel_text(after)


@pytest.mark.parametrize(("answer", "shown"), [
    ("You follow @bob, who is in your list “Close friends”.",
     "model text · on this device · may be wrong\nYou follow @bob, who is in your list "
     "“Close friends”."),
    ("You follow @mallory, a friend of bob.",
     "The model's sentence is not shown: it names @mallory, who is not among the facts."),
])
async def test_m_says_the_facts_in_one_sentence_only_when_it_names_nothing_else(
        world: World, answer: str, shown: str) -> None:
    from tests.ui.test_translate import ScriptedModel, ScriptedRegistry

    model = ScriptedModel(answer)
    app = alice_app(world)
    app.context.models = lambda: ScriptedRegistry(model)  # type: ignore
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await home_pane(pilot)
        await highlight(pilot, pane, world, "bob_hello")
        await pilot.press("w")
        screen = await why_shown(pilot)
        await pilot.press("m")
        sentence = screen.query_one("#why-sentence")
        await wait_for(pilot, lambda: str(sentence.render()) == shown)
        query = model.prompts[0].rsplit("Facts:", 1)[1]
        assert query == (" It came from your home timeline. You follow the author @bob. "
                         "@bob is in your lists: Close friends.\nSentence:")
        # The sentence may only say the facts, which guide the model (`GenerationParams`).
        assert model.guides[0] == query.removesuffix("\nSentence:").strip()
