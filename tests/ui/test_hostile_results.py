"""Server answers that repeat or leave out what fedtui keys by (a hashtag equal to another
once sanitised, a list id twice, an account without an id): what can be shown is, each once,
and what cannot is said; real keys, Mastodon.py through `HostileRelay` before mastodon-mock."""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList

from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.screens.pickers import AddPaneScreen
from fedtui.ui.screens.search import SearchScreen
from tests.ui.conftest import wait_for
from tests.ui.test_hostile_text import relayed


def option_ids(picker: OptionList) -> list[str | None]:
    return [picker.get_option_at_index(i).id for i in range(picker.option_count)]


def twin_tags(path: str, data: Any) -> Any:
    """Two hashtags that differ only by a zero-width space (sanitising drops it), one twice."""
    if path.startswith("/api/v2/search") and isinstance(data, dict):
        tag = {"name": "terminal", "url": "https://x.example/tags/terminal"}
        data["hashtags"] = [tag, dict(tag, name="terminal\u200b"), tag,
                            dict(tag, name="tui")]
    return data


async def test_search_shows_hashtags_equal_once_sanitised_once(seeded: Any) -> None:
    async with relayed(seeded, twin_tags) as (pilot, said):
        app = pilot.app
        await pilot.press("slash")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press(*"term", "enter")
        results = app.screen.query_one("#search-results", OptionList)
        await wait_for(pilot, lambda: results.option_count > 0 or bool(said))
        tags = [i for i in option_ids(results) if i and i.startswith("tag:")]
    assert tags == ["tag:terminal", "tag:tui"]
    assert said == []


def twin_lists(path: str, data: Any) -> Any:
    if path.split("?")[0] == "/api/v1/lists" and isinstance(data, list) and data:
        data = [*data, dict(data[0], title="Friends (again)"), dict(data[0], id="")]
    return data


async def test_the_list_picker_offers_a_repeated_list_once(seeded: Any) -> None:
    seeded.client("alice").list_create("Friends")
    async with relayed(seeded, twin_lists) as (pilot, said):
        app = pilot.app
        await pilot.press("plus")
        await wait_for(pilot, lambda: isinstance(app.screen, AddPaneScreen))
        await pilot.press(*["down"] * 5, "enter")  # "One of your lists…"
        picker = app.screen.query_one("#lists", OptionList)
        await wait_for(pilot, lambda: picker.option_count > 0 or bool(said))
        titles = [str(picker.get_option_at_index(i).prompt)
                  for i in range(picker.option_count)]
    assert titles == ["Friends"]
    assert said == []


async def test_p_on_an_account_without_an_id_says_so_and_asks_nothing(seeded: Any) -> None:
    asked: list[str] = []

    def bob_without_id(path: str, data: Any) -> Any:
        asked.append(path)
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("account"), dict) \
                    and item["account"].get("username") == "bob":
                item["account"]["id"] = None
        return data

    async with relayed(seeded, bob_without_id) as (pilot, said):
        app = pilot.app
        await pilot.press("p")
        await wait_for(pilot, lambda: bool(said))
        assert isinstance(app.screen, HomeScreen)
    assert len(said) == 1 and "without an id: its profile cannot be opened" in said[0], said
    assert not [path for path in asked if path.split("?")[0] in ("/api/v1/accounts/",
                                                                  "/api/v1/accounts")]
