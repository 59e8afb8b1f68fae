"""Local filters in the App, on the seeded mastodon-mock world: a hidden post leaves one
line naming the rule, `s` opens it, `w` says which rule decided, `m` mutes an author, the
rules file is read again when it changes (a broken rule is named, the old rules stay)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from textual.content import Content

from fedtui.app.local_filters import filters_file
from fedtui.core.local_filters import full_acct
from fedtui.core.provenance import Why
from fedtui.llm.backend import CancelToken, GenerationParams
from fedtui.ui.screens.dialogs import ChoiceDialog
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.screens.local_filters import LocalFiltersScreen
from fedtui.ui.widgets.pane import TimelinePane
from tests.integration.provenance_world import World, seed
from tests.ui.conftest import wait_for
from tests.ui.test_key_hints import palette_choose
from tests.ui.test_translate import ScriptedModel, ScriptedRegistry
from tests.ui.test_why import alice_app, highlight, home_pane, panel_text, why_shown

RULES = """\
[[filter]]
name = "no news"
keywords = ["big news"]

[[filter]]
name = "roots"
regex = 'thread\\s+root'
"""


@pytest.fixture
def world(mock_server: Any) -> World:
    path = filters_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RULES, encoding="utf-8")
    return seed(mock_server.base_url)


def card(pane: TimelinePane, item_id: str) -> str:
    status_list = pane.status_list
    index = status_list.index_of(item_id)
    assert index is not None
    prompt = status_list.card_at(index).content
    assert isinstance(prompt, Content)
    return prompt.plain


async def test_a_hidden_post_names_its_rule_opens_with_s_and_w_says_why(world: World) -> None:
    async with alice_app(world).run_test(size=(160, 48)) as pilot:
        pane = await home_pane(pilot)
        boost = world.ids["erin_boost"]
        assert "⚠ Your filter: no news — press s to show" in card(pane, boost)
        assert "Big news from hank" not in card(pane, boost)
        assert "Your filter: roots" in card(pane, world.ids["bob_root"])
        assert "Your filter" not in card(pane, world.ids["bob_hello"])
        await highlight(pilot, pane, world, "erin_boost")
        await pilot.press("s")
        await wait_for(pilot, lambda: "Big news from hank" in card(pane, boost))
        await pilot.press("w")
        screen = await why_shown(pilot)
        local = [f for f in screen.facts if f.why is Why.LOCAL_FILTER]
        assert [(f.names, f.detail, f.matched) for f in local] == [
            (("no news",), "hidden:keywords", ("big news",))]
        assert "Your local filter “no news” (keywords) hides it (big news)." in (
            panel_text(screen))


async def test_m_mutes_the_author_and_the_rules_screen_lists_it(world: World) -> None:
    async with alice_app(world).run_test(size=(160, 48)) as pilot:
        pane = await home_pane(pilot)
        await highlight(pilot, pane, world, "bob_hello")
        bob = pane.status_list.highlighted_status
        assert bob is not None
        who = full_acct(bob.account)  # bob@ the server's domain
        assert who.startswith("bob@")
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("enter")  # the first answer: the author
        hello = world.ids["bob_hello"]
        await wait_for(pilot, lambda: f"Your filter: mute @{who}" in card(pane, hello))
        assert f"Your filter: mute @{who}" in card(pane, world.ids["bob_to_alice"])
        text = (filters_file()).read_text(encoding="utf-8")
        assert text.startswith(RULES) and f'accounts = ["{who}"]' in text
        await pilot.press("ctrl+p")
        await palette_choose(pilot, "Local filters")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, LocalFiltersScreen))
        rules = str(pilot.app.screen.query_one("#local-filters-rules").render())
        assert f"mute @{who} · muted account: {who}" in rules
        assert "no news · keywords: big news" in rules


async def test_an_edited_file_applies_and_a_broken_one_keeps_the_rules(world: World) -> None:
    async with alice_app(world).run_test(size=(160, 48)) as pilot:
        pane = await home_pane(pilot)
        said: list[str] = []
        pilot.app.notify = lambda message, **kw: said.append(str(message))  # type: ignore
        path = filters_file()
        hello, boost = world.ids["bob_hello"], world.ids["erin_boost"]
        path.write_text(RULES + '\n[[filter]]\nname = "hello"\nkeywords = ["hello"]\n',
                        encoding="utf-8")
        await wait_for(pilot, lambda: "Your filter: hello" in card(pane, hello))
        path.write_text('[[filter]]\nname = "broken"\nregex = "(unclosed"\n',
                        encoding="utf-8")
        view = pilot.app.local_filters()
        await wait_for(pilot, lambda: bool(view.service.problems))
        assert "line 1: filter “broken”: the regular expression is not valid" in (
            view.service.problems[0])
        # The file is read off the UI thread: its problems are said a moment after.
        await wait_for(pilot, lambda: any(
            "line 1: filter “broken”" in line and "rules in force before stay" in line
            for line in said))
        assert "Your filter: hello" in card(pane, hello)  # the rules before stay
        assert "Your filter: no news" in card(pane, boost)
        assert isinstance(pilot.app.screen, HomeScreen)


class NewsJudge(ScriptedModel):
    """Says yes when the post in the question is about news, once the gate is open."""

    def complete(self, prompt: str, params: GenerationParams,
                 cancel: CancelToken | None = None) -> Iterator[str]:
        assert self.gate is not None
        self.gate.wait(60)
        self.prompts.append(prompt)
        yield " yes" if "news" in prompt.rsplit("Post:", 1)[1].split("\n")[0] else " no"


async def test_a_describe_rule_holds_posts_back_until_the_model_judged_them(
        world: World) -> None:
    (filters_file()).write_text(
        '[[filter]]\nname = "news"\ndescribe = "news"\njudge_before_showing = true\n',
        encoding="utf-8")
    gate = threading.Event()
    app = alice_app(world)
    app.context.models = lambda: ScriptedRegistry(NewsJudge("", gate))  # type: ignore
    async with app.run_test(size=(160, 48)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, HomeScreen)
        pane = screen.panes[0]
        boost = world.ids["erin_boost"]
        await wait_for(pilot, lambda: pane.state.get(boost) is not None)
        assert all(item.id != boost for item in pane.status_list.items)  # held back
        gate.set()
        await wait_for(pilot, lambda: len(pane.status_list.items) == 9)
        assert "⚠ Your filter: news — press s to show" in card(pane, boost)
        assert "Your filter" not in card(pane, world.ids["bob_hello"])
        await highlight(pilot, pane, world, "bob_hello")
        await pilot.press("w")
        why = await why_shown(pilot)
        kept = [f for f in why.facts if f.why is Why.LOCAL_FILTER]
        assert [(f.names, f.detail) for f in kept] == [(("news",), "kept:describe")]
        assert "judged it and kept it (“yes” in 0 of 3 answers, threshold 0.5)" in (
            panel_text(why))
