"""A pane's list renders its timeline by diffs, with live posts drawn ahead of their beat:
after any run of streamed posts, boosts, edits and deletions, slices of drawing ahead,
beats and moves of the reader, it shows the timeline's posts, in its order, each as it is
now (the reader sees no first version of an edited post), and the reader's post stays
highlighted (at the cap, the posts streamed in never push it out)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from fedtui.core.model import Account, Status
from fedtui.core.panes import PaneKind
from fedtui.core.timeline import TimelineState
from fedtui.mastodon.streaming import StreamEvent
from fedtui.ui.widgets.pane_view import PaneView, apply_events, new_posts
from fedtui.ui.widgets.status_list import StatusList

NOW = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)
ALICE = Account(id="1", username="alice", acct="alice", display_name="Alice", url="u")
BOB = Account(id="2", username="bob", acct="bob", display_name="Bob", url="u")
VERSION = re.compile(r"post (\d+) v(\d+)")
CAP = 12  # posts in memory: streamed posts push the oldest out, but never the reader's

# a post's version drawn ahead goes stale only in runs like post, slice, edit, beat: the
# kinds are weighted so that such runs are common
KINDS = ("post", "post", "boost", "edit", "edit", "delete", "slice", "slice", "beat", "key")
KEYS = ("j", "k", "G", "g")
operations = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 30)), max_size=40)


@dataclass
class Server:
    """The posts as the server has them, and the live events not taken yet."""

    versions: dict[int, int] = field(default_factory=dict)  # post number -> its version
    boosts: dict[str, int] = field(default_factory=dict)  # boost id -> post number
    events: list[StreamEvent] = field(default_factory=list)
    next_id: int = 100

    def status(self, number: int) -> Status:
        version = self.versions[number]
        more = "<p>and more</p>" * (version % 3)  # an edit may change the card's height
        return Status(id=str(number), account=ALICE, created_at=NOW,
                      content=f"<p>post {number} v{version}</p>{more}")

    def boost(self, boost_id: str) -> Status:
        return Status(id=boost_id, account=BOB, content="", created_at=NOW,
                      reblog=self.status(self.boosts[boost_id]))

    def has(self, item_id: str) -> bool:
        """Whether the post (or boost) with this id is still on the server."""
        return item_id in self.boosts or (item_id.isdigit() and int(item_id) in self.versions)

    def new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def act(self, kind: str, arg: int) -> None:
        posts = sorted(self.versions)
        if kind == "post":
            number = int(self.new_id())
            self.versions[number] = 0
            self.events.append(StreamEvent("update", status=self.status(number)))
        elif kind == "boost" and posts:
            boost_id = self.new_id()
            self.boosts[boost_id] = posts[arg % len(posts)]
            self.events.append(StreamEvent("update", status=self.boost(boost_id)))
        elif kind == "edit" and posts:
            number = posts[arg % len(posts)]
            self.versions[number] += 1
            self.events.append(StreamEvent("status.update", status=self.status(number)))
        elif kind == "delete" and posts:
            number = posts[arg % len(posts)]
            del self.versions[number]
            for boost_id in [b for b, n in self.boosts.items() if n == number]:
                del self.boosts[boost_id]  # a boost goes with its post
                self.events.append(StreamEvent("delete", deleted_id=boost_id))
            self.events.append(StreamEvent("delete", deleted_id=str(number)))


class ListApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.state: TimelineState[Status] = TimelineState(max_items=CAP)
        self.state.kept_below_focus = 1
        self.list = StatusList(PaneView(self.state, PaneKind.HOME), clock=lambda: NOW)

    def compose(self) -> ComposeResult:
        yield self.list

    def on_mount(self) -> None:
        self.list.show()
        self.list.focus()


def shown_wrong(app: ListApp) -> list[str]:
    """The cards on screen that show their post otherwise than the timeline has it now."""
    status_list = app.list
    wrong = []
    for index in status_list.visible_range():
        card = status_list.card_at(index)
        item = app.state.get(card.id)
        now = VERSION.findall((item.reblog or item).content) if item is not None else None
        if VERSION.findall(card.content.plain) != now:
            wrong.append(card.content.plain)
    return wrong


def time_for(cards: int) -> Callable[[], bool]:
    """A slice's test of whether it has time left: for so many cards."""
    left = iter(range(cards))
    return lambda: next(left, None) is not None


async def read_through(operations: list[tuple[str, int]]) -> None:
    server, app = Server(), ListApp()
    taken: list[StreamEvent] = []  # what the slices have looked at (`unseen`)
    async with app.run_test(size=(40, 14)) as pilot:
        status_list = app.list
        for kind, arg in operations:
            if kind == "slice":
                status_list.draw_ahead(new_posts(server.events[len(taken):]),
                                       time_for(1 + arg % 3))
                taken = list(server.events)
            elif kind == "beat":
                reading = status_list.highlighted_card
                app.state.focus_id = reading.id if reading is not None else None  # as a pane
                diff = apply_events(app.state, server.events).diff
                server.events, taken = [], []
                status_list.apply(diff)
                status_list.forget_ahead()
                await pilot.pause()
                assert [card.id for card in status_list.cards] == [
                    item.id for item in app.state.items]
                assert not shown_wrong(app)
                if reading is not None and server.has(reading.id):  # the reader stays
                    assert status_list.highlighted_card is not None
                    assert status_list.highlighted_card.id == reading.id
                assert (status_list.highlighted is None) == (not status_list.cards)
            elif kind == "key":
                await pilot.press(KEYS[arg % len(KEYS)])
                await pilot.pause()
                assert not shown_wrong(app)
            else:
                server.act(kind, arg)


@settings(max_examples=60, deadline=None)
@given(operations)
@example([("post", 0), ("slice", 0), ("edit", 0), ("beat", 0)])  # drawn ahead, then edited
@example([("post", 0), ("beat", 0), ("boost", 0), ("slice", 2), ("edit", 0), ("beat", 0)])
@example([("post", 0)] * CAP + [("beat", 0), ("key", 2), ("post", 0), ("beat", 0)])  # G: the end
def test_the_list_shows_the_timeline_as_it_is_after_any_live_run(
        operations: list[tuple[str, int]]) -> None:
    asyncio.run(read_through(operations))
