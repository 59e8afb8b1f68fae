"""Intent messages: widgets say what the user wants; the screen or App decides how."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.message import Message
from textual.widget import Widget

from fedtui.core.model import Account, Item, Status
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


class TranslateRequested(Message):
    """`t`: translate this post on the device, or show its original again."""

    def __init__(self, status: Status) -> None:
        super().__init__()
        self.status = status


class ExplainRequested(Message):
    """`w`: why is this item in its list? `items` is everything the list holds (boosts of
    the same post elsewhere in it count), `source` the list itself."""

    def __init__(self, item: Item, items: Sequence[Item], source: Widget) -> None:
        super().__init__()
        self.item = item
        self.items = items
        self.source = source


class MuteLocally(Message):
    """`m`: mute the post's author or their server in the local filters."""

    def __init__(self, status: Status) -> None:
        super().__init__()
        self.status = status


class SummaryRequested(Message):
    """`S`: summarise the thread of this post; `source` is the list it was asked in."""

    def __init__(self, status: Status, source: Widget) -> None:
        super().__init__()
        self.status = status
        self.source = source


class PostsInView(Message):
    """The posts around the reader's position in one list changed (for auto-translation).
    `source` names the list; nothing visible nor upcoming: the list is gone."""

    def __init__(self, visible: list[Status], upcoming: list[Status], *, source: int = 0,
                 focused: bool = False) -> None:
        super().__init__()
        self.visible = visible
        self.upcoming = upcoming
        self.source = source
        self.focused = focused


class TranslationsChanged(Message):
    """Translations moved on (a token, a result): repaint the posts waiting for it, at
    most once a frame (`AppTranslation`)."""


class PostAction(Message):
    """The reader wants to act on a post: reply, quote, boost, favourite, bookmark, vote,
    edit, delete, redraft or copy_url."""

    def __init__(self, action: str, status: Status) -> None:
        super().__init__()
        self.action = action
        self.status = status


class FirstFrameShown(Message):
    """The App's first frame is on the terminal (what would delay it may start now)."""


class BackgroundFailed(Message):
    """A worker failed; its report (redacted) is at `report`, or None if unwritable."""

    def __init__(self, error: str, task: str, report: Path | None) -> None:
        super().__init__()
        self.error = error
        self.task = task
        self.report = report


class PostsArrived(Message):
    """From a pane, up to its screen: these posts streamed into a timeline that For you
    panes rank (home, a list, a followed hashtag) of this account."""

    def __init__(self, account: str | None, posts: Sequence[Status]) -> None:
        super().__init__()
        self.account = account
        self.posts = tuple(posts)


class StatusChanged(Message, bubble=False):
    """To the owner of a list of posts (a pane, a thread): this post has a new version (an
    edit, counts, a boost or favourite, a vote). The owner updates its state; its list
    renders the change."""

    def __init__(self, status: Status) -> None:
        super().__init__()
        self.status = status


class StatusPosted(Message, bubble=False):
    """To the owner of a list of posts: the reader just posted this status."""

    def __init__(self, status: Status) -> None:
        super().__init__()
        self.status = status


class StatusDeleted(Message, bubble=False):
    """To the owner of a list of posts: this status was deleted (it and boosts of it go)."""

    def __init__(self, status_id: str) -> None:
        super().__init__()
        self.status_id = status_id


class CardsChanged(Message, bubble=False):
    """To a list: how these statuses look changed (their language is known, a translation
    arrived or moved on), not the posts themselves: their cards are drawn again."""

    def __init__(self, status_ids: tuple[str, ...]) -> None:
        super().__init__()
        self.status_ids = status_ids
