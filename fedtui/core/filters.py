"""Server-side filters (v2): what to do with a status the server marked as `filtered`.

The server evaluates the user's filters for the context of each request and attaches the
matches to the status (and to a boosted status). fedtui only reads them: HIDE drops the
item from the pane, WARN folds it behind "Filtered: <title>", BLUR shows the text but
hides media. The strongest action of all matches wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, TypeVar

from fedtui.core.model import Notification, Status
from fedtui.core.panes import PaneKind

T = TypeVar("T")


class FilterAction(StrEnum):
    SHOW = "show"
    BLUR = "blur"
    WARN = "warn"
    HIDE = "hide"


_STRENGTH = {FilterAction.SHOW: 0, FilterAction.BLUR: 1, FilterAction.WARN: 2,
             FilterAction.HIDE: 3}

#: Filter context of each pane kind; None where Mastodon applies no filters.
_CONTEXTS: dict[PaneKind, str | None] = {
    PaneKind.HOME: "home", PaneKind.LIST: "home", PaneKind.NOTIFICATIONS: "notifications",
    PaneKind.LOCAL: "public", PaneKind.FEDERATED: "public", PaneKind.HASHTAG: "public",
    PaneKind.ACCOUNT: "account", PaneKind.CONVERSATIONS: "thread",
    PaneKind.BOOKMARKS: None, PaneKind.FAVOURITES: None,
}


@dataclass(frozen=True, slots=True)
class Verdict:
    """What to do with one status, and the titles of the filters that decided it."""

    action: FilterAction
    titles: tuple[str, ...] = ()

    SHOW: ClassVar[FilterAction] = FilterAction.SHOW
    BLUR: ClassVar[FilterAction] = FilterAction.BLUR
    WARN: ClassVar[FilterAction] = FilterAction.WARN
    HIDE: ClassVar[FilterAction] = FilterAction.HIDE

    @property
    def title(self) -> str:
        """The filter titles joined for a one-line notice ("Filtered: <title>")."""
        return ", ".join(self.titles)


SHOW = Verdict(FilterAction.SHOW)


def filter_context(kind: PaneKind) -> str | None:
    """The filter context ("home", "public", ...) whose filters apply to a pane kind."""
    return _CONTEXTS.get(kind)


def filter_verdict(status: Status, context: str | None = None) -> Verdict:
    """The verdict for a status (a boost also carries its boosted status's matches).

    With `context`, matches of filters that do not apply there are ignored (a cached
    status fetched for another pane); without it every match counts.
    """
    matches = status.filtered + (status.reblog.filtered if status.reblog is not None else ())
    action = FilterAction.SHOW
    titles: dict[str, None] = {}
    for match in matches:
        if context is not None and match.context and context not in match.context:
            continue
        try:
            found = FilterAction(match.action)
        except ValueError:
            found = FilterAction.WARN  # an action this version does not know: fold it
        if found is FilterAction.SHOW:
            continue
        titles.setdefault(match.title or "filtered", None)
        if _STRENGTH[found] > _STRENGTH[action]:
            action = found
    return Verdict(action, tuple(titles)) if titles else SHOW


def item_verdict(item: object, context: str | None = None) -> Verdict:
    """`filter_verdict` for a timeline item: a status or a notification about one."""
    status = item.status if isinstance(item, Notification) else item
    return filter_verdict(status, context) if isinstance(status, Status) else SHOW


def visible(items: Iterable[T], context: str | None = None) -> list[tuple[T, Verdict]]:
    """The items a pane displays, with their verdicts: HIDE ones are left out."""
    judged = ((item, item_verdict(item, context)) for item in items)
    return [(item, verdict) for item, verdict in judged if verdict.action is not FilterAction.HIDE]
