"""Every notification type reads as words: the known ones by name (`admin.sign_up` "signed
up"), an unknown one as plain words from its name, never raw and never as markup. Real keys,
the real App, Mastodon.py against a relay in front of mastodon-mock that renames types."""

from __future__ import annotations

from typing import Any

from fedtui.app.context import AccountRef
from fedtui.cli import build_context
from fedtui.core.model import Notification
from fedtui.ui.app import FedtuiApp
from fedtui.ui.screens.dialogs import TypesDialog
from fedtui.ui.screens.home import HomeScreen
from tests.hostile_relay import HostileRelay
from tests.hostile_support import unsafe
from tests.ui.conftest import card, seeded_config, wait_for

HOSTILE_TYPE = "[bold red]x\x1b[31m\u202e:brand_new.thing"
RENAMED = {"follow_request": "admin.sign_up", "mention": HOSTILE_TYPE}


def renamed_types(path: str, data: Any) -> Any:
    """Notification types as a newer or other server would send them."""
    if "notifications" not in path:
        return data
    if isinstance(data, dict):
        return {key: (RENAMED.get(value, value) if key == "type" and isinstance(value, str)
                      else renamed_types(path, value)) for key, value in data.items()}
    if isinstance(data, list):
        return [renamed_types(path, item) for item in data]
    return data


async def test_unknown_and_admin_notification_types_read_as_words(seeded: Any) -> None:
    seeded.client("alice").account_follow(
        seeded.client("carol").account_verify_credentials()["id"])
    seeded.client("bob").status_post("@carol hello there")
    with HostileRelay(seeded.base_url, rewrite=renamed_types) as relay:
        app = FedtuiApp(build_context(seeded_config(), AccountRef(relay.url, "carol_token",
                                                                  "carol")))
        async with app.run_test(size=(160, 48)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            pane = app.screen.panes[1]
            await wait_for(pilot, lambda: len(pane.status_list.items) >= 2)
            cards = {item.type: card(pane, index)
                     for index, item in enumerate(pane.status_list.items)
                     if isinstance(item, Notification)}
            assert "Alice signed up" in cards["admin.sign_up"]
            hostile = cards[next(kind for kind in cards if kind != "admin.sign_up")]
            assert "notified you (brand new thing)" in hostile
            assert "[bold" not in hostile and "\u202e" not in hostile
            assert not unsafe(hostile)
            await pilot.press("l", "T")
            await wait_for(pilot, lambda: isinstance(app.screen, TypesDialog))
            labels = [str(option.prompt) for option in app.screen.query_one("#types")
                      .options]
            assert "New sign-ups (moderators)" in labels
            assert "Year in review" in labels
