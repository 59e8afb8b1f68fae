"""Intent messages: widgets say what the user wants; the screen or App decides how."""

from __future__ import annotations

from textual.message import Message

from fedtui.core.model import Account, Status
from fedtui.core.panes import PaneSpec


class OpenThread(Message):
    def __init__(self, status: Status) -> None:
        super().__init__()
        self.status = status


class OpenProfile(Message):
    def __init__(self, account: Account) -> None:
        super().__init__()
        self.account = account


class OpenLink(Message):
    def __init__(self, status: Status) -> None:
        super().__init__()
        self.status = status


class AddPane(Message):
    def __init__(self, spec: PaneSpec) -> None:
        super().__init__()
        self.spec = spec


class LoadOlder(Message):
    """The reader reached the end of what a list holds."""


class ShowNew(Message):
    """The reader asked to jump to the newest posts."""
