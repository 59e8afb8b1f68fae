"""A deterministic instance for snapshots: pages made of recorded Mastodon 4.6.4 responses.

Snapshots check how screens look; the Pilot and integration tests prove the real path
(Mastodon.py over HTTP). Times are fixed so that "3h ago" never changes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from fedtui.app.context import AccountRef, AppContext
from fedtui.config import Config, default_config
from fedtui.core.capabilities import ServerCapabilities
from fedtui.core.compose import ComposeLimits
from fedtui.core.model import Account, Context, Notification, Relationship, Status
from fedtui.core.panes import Page, PaneKind, PaneSpec

RECORDED = Path(__file__).parent.parent / "fixtures" / "mastodon-4.6.4"
NOW = datetime(2026, 8, 2, 12, 0, tzinfo=UTC)


def body(name: str) -> Any:
    return json.loads((RECORDED / name).read_text("utf-8"))["response"]["body"]


class RecordedInstance:
    """The subset of `InstanceClient` the reading screens call."""

    def __init__(self) -> None:
        self.capabilities = ServerCapabilities()

    PAGES: ClassVar[dict[PaneKind, list[str]]] = {
        PaneKind.HOME: ["api_v1_timelines_home__GET_002.json"],
        PaneKind.LOCAL: ["api_v1_timelines_public__GET_004.json"],
        PaneKind.FEDERATED: ["api_v1_timelines_public__GET_001.json"],
    }

    def page(self, spec: PaneSpec, cursor: object | None = None, *, limit: int = 40) -> Page[Any]:
        if spec.kind is PaneKind.NOTIFICATIONS:
            items: list[Any] = [Notification.from_api(n)
                                for i in (1, 3, 6, 7) for n in
                                body(f"api_v1_notifications__GET_{i:03d}.json")]
            return Page(items)
        names = self.PAGES.get(spec.kind, ["api_v1_timelines_home__GET_010.json"])
        return Page([Status.from_api(s) for name in names for s in body(name)])

    def thread(self, status_id: str) -> tuple[Status, Context]:
        statuses = [Status.from_api(s) for s in body("api_v1_timelines_home__GET_002.json")]
        focus = next(s for s in statuses if s.id == status_id)
        return focus, Context((), ())

    def account(self, account_id: str) -> Account:
        return Account.from_api(body("api_v1_accounts_ID__GET_001.json"))

    def relationship(self, account_id: str) -> Relationship:
        return Relationship(id=account_id, following=True, followed_by=True)

    def verify_credentials(self) -> Account:
        return Account.from_api(body("api_v1_accounts_ID__GET_001.json"))


class RecordedActions:
    """The subset of `Actions` the compose screen and the panes call: fixed answers."""

    def compose_limits(self) -> ComposeLimits:
        return ComposeLimits(max_characters=500, default_visibility="unlisted",
                             default_language="en")

    def markers(self, timelines: Any = ("home", "notifications")) -> dict[str, Any]:
        return {}

    def save_marker(self, timeline: str, last_read_id: str) -> None:
        return None


def snapshot_context(theme: str) -> AppContext:
    config: Config = default_config({"LANG": "en_US.UTF-8"})
    from dataclasses import replace

    config = replace(config, theme=theme)
    instance = RecordedInstance()
    from fedtui.store.draft_file import open_drafts

    return AppContext(
        config=config,
        account=AccountRef("https://social.example", "token", "mastodonpy_test"),
        connect=lambda ref: instance,  # type: ignore[arg-type,return-value]
        make_actions=lambda client: RecordedActions(),  # type: ignore[arg-type,return-value]
        clock=lambda: NOW,
        drafts=open_drafts()[0],  # in the test's own home, as a real start makes it
    )
