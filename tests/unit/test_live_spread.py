"""fedtui.ui.live_spread: a streamed edit or deletion is told once, to the owners of the
stream's account whose own streams do not bring it, however many panes heard it. (Which
lists an account owns: `FedtuiApp.owners_of`, shown by tests/ui/test_panes.py.)"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from fedtui.core.model import Account, Status
from fedtui.ui import live_spread
from fedtui.ui.live_spread import LiveSpread
from fedtui.ui.messages import StatusChanged, StatusDeleted

BOB = Account(id="2", username="bob", acct="bob", display_name="Bob", url="u")
POST = Status(id="7", account=BOB, content="<p>first</p>",
              created_at=datetime(2026, 8, 1, tzinfo=UTC))


@dataclass
class Owner:
    hears_status_events: bool
    told: list[Any] = field(default_factory=list)

    def post_message(self, message: Any) -> bool:
        self.told.append(message)
        return True


def test_each_change_is_told_once_to_the_owners_that_do_not_hear_it() -> None:
    home, notifications, thread = Owner(True), Owner(False), Owner(False)
    elsewhere = Owner(False)  # another account's list: another server's ids
    owners = {"": [home, notifications, thread], "zoe@elsewhere.example": [elsewhere]}
    spread = LiveSpread(owners.__getitem__)
    edited = replace(POST, content="<p>edited</p>")
    for _ in range(3):  # home, local and federated heard it
        spread.edited(edited, "")
        spread.deleted("8", "")
    assert home.told == [] and elsewhere.told == []
    for owner in (notifications, thread):
        assert [type(m) for m in owner.told] == [StatusChanged, StatusDeleted]
        assert owner.told[0].status is edited and owner.told[1].status_id == "8"
    spread.edited(replace(edited, content="<p>edited again</p>"), "")  # another version
    assert len(notifications.told) == 3


def test_what_was_told_is_remembered_within_a_bound(monkeypatch: Any) -> None:
    monkeypatch.setattr(live_spread, "RECENT", 2)
    deaf = Owner(False)
    spread = LiveSpread(lambda account: [deaf])
    for status_id in ("1", "2", "3", "1"):  # "1" was forgotten by then
        spread.deleted(status_id, "")
    assert [m.status_id for m in deaf.told] == ["1", "2", "3", "1"]
