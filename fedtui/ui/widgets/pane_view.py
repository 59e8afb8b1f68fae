"""What a pane's list shows of its timeline (the items, less those a server filter hides
and, in a notifications pane filtered by type, those of other types), and how a batch of
live events changes the timeline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from fedtui.core.filters import FilterAction, filter_context, item_verdict, visible
from fedtui.core.panes import PaneKind
from fedtui.core.timeline import TimelineDiff, TimelineState

if TYPE_CHECKING:
    from fedtui.mastodon.streaming import StreamEvent

STATUS_TEXT = {"connected": "live", "disconnected": "reconnecting…", "polling": "polling"}
NEW_POST_KINDS = ("update", "notification", "conversation")


class PaneView:
    """The `ListSource` of a pane's `StatusList`; the pane's `TimelineState` is the owner."""

    def __init__(self, state: TimelineState[Any], kind: PaneKind,
                 waiting: Callable[[Any], bool] = lambda item: False) -> None:
        self.state = state
        self.context = filter_context(kind)
        self.types: frozenset[str] = frozenset()  # notification types shown (empty: all)
        self.limit: int | None = None  # at most so many (the first frame's screenful)
        self.waiting = waiting  # whether an item is held back by a local filter

    def shown(self) -> Sequence[Any]:
        items = [item for item, _ in visible(self.state.items, self.context)]
        if self.types:  # live notifications of other types wait outside the filter
            items = [item for item in items if getattr(item, "type", "") in self.types]
        return [item for item in items if not self.waiting(item)][:self.limit]

    def ordered(self) -> Sequence[Any]:
        return self.state.items

    def shows(self, item: Any) -> bool:
        if self.types and getattr(item, "type", "") not in self.types:
            return False
        return (item_verdict(item, self.context).action is not FilterAction.HIDE
                and not self.waiting(item))

    def get(self, item_id: str) -> Any:
        return self.state.get(item_id)

    def depth(self, item_id: str) -> int:
        return 0

    def head(self, item_id: str) -> str:
        return ""


class LiveChange(NamedTuple):
    """What a batch of live events did to a pane's timeline."""

    diff: TimelineDiff  # the change, as one diff
    posts: list[Any]  # the new or changed posts
    said: str  # what the header should say of the connection now ("" when unchanged)
    capped: bool  # new posts pushed the oldest out (past the pane's cap)
    deleted: list[str]  # ids of the statuses deleted
    edited: list[Any]  # the new versions of the statuses edited


def new_post(event: StreamEvent) -> Any:
    """The post (or notification) a live event brings in, or None."""
    if event.kind not in NEW_POST_KINDS:
        return None
    return event.notification if event.kind == "notification" else event.status


def new_posts(events: Sequence[StreamEvent]) -> list[Any]:
    """The posts these live events bring in, in order."""
    return [item for event in events if (item := new_post(event)) is not None]


def apply_events(state: TimelineState[Any], events: Sequence[StreamEvent]) -> LiveChange:
    """Apply live events to `state`."""
    diff, posts, said, capped, deleted, edited = TimelineDiff(), [], "", False, [], []
    for event in events:
        if (item := new_post(event)) is not None:
            added = state.prepend_newer([item])
            capped = capped or bool(added.removed)
            diff += added
            posts.append(item)
        elif event.kind == "status.update" and event.status is not None:
            diff += state.update(event.status)
            posts.append(event.status)
            edited.append(event.status)
        elif event.kind == "delete" and event.deleted_id:
            diff += state.remove(event.deleted_id)
            deleted.append(event.deleted_id)
        elif event.kind in STATUS_TEXT:
            said = STATUS_TEXT[event.kind]
    return LiveChange(diff, posts, said, capped, deleted, edited)
