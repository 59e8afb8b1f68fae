"""One timeline pane: header, "N new posts" bar, the post list, and its workers.

Start-up order: the cached page paints at once, then the server's page replaces it, then
the live feed (streaming, or polling where streaming is unavailable) keeps it current.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from fedtui.app.kept_below import PaneBelow
from fedtui.core.capabilities import Feature
from fedtui.core.group_merge import NotificationsState
from fedtui.core.model import Item, Status, item_status
from fedtui.core.panes import GATHERED, Page, PaneKind, PaneSpec
from fedtui.core.timeline import TimelineDiff, TimelineState
from fedtui.errors import FedtuiError
from fedtui.ui import messages
from fedtui.ui.keymap import RANK_KEYS, bindings, key_named
from fedtui.ui.widgets.author_rank import rank_highlighted_author
from fedtui.ui.widgets.live_updates import LiveUpdates
from fedtui.ui.widgets.new_posts import NewPosts
from fedtui.ui.widgets.older_pages import OlderPages
from fedtui.ui.widgets.pane_header import NewPostsBar, PaneHeader
from fedtui.ui.widgets.pane_problem import PaneNote, PaneProblem, show_problem
from fedtui.ui.widgets.pane_view import PaneView, apply_events
from fedtui.ui.widgets.read_markers import ReadMarkers
from fedtui.ui.widgets.status_list import StatusList
from fedtui.ui.workers import work

if TYPE_CHECKING:
    from fedtui.app.context import AccountSession
    from fedtui.mastodon.streaming import StreamEvent
    from fedtui.ui.app import FedtuiApp


MIN_CARD_HEIGHT = 3  # lines: author, text, counts


class TimelinePane(Vertical, can_focus=False):
    """A column showing one `PaneSpec` (the kinds with keys of their own:
    `fedtui.ui.widgets.pane_kinds`)."""

    BINDINGS = bindings(RANK_KEYS)
    DEFAULT_CLASSES = "pane"

    class Settled(Message):
        """The first answer (or error) from the server arrived for this pane."""

    class StreamArrived(Message, bubble=False):
        """Live events wait in the pane's inbox."""

    def __init__(self, spec: PaneSpec, *, load_now: bool = True,
                 state: TimelineState[Any] | None = None) -> None:
        super().__init__()
        self.spec = spec
        self._load_now = load_now  # False: the screen starts it (the first pane goes first)
        self.state: TimelineState[Any] = state if state is not None else (
            NotificationsState() if spec.kind is PaneKind.NOTIFICATIONS else TimelineState())
        self._capped_by_config = state is None  # a For you pane's ranking has its own size
        # what the list shows of the state
        self.view = PaneView(self.state, spec.kind, waiting=self._held_back)
        # the older posts: on disk (those the cap pushed out), then the server's
        self.below = PaneBelow(spec, lambda: self.fedtui.context.kept_below())
        self.older = OlderPages(self)
        self.live = LiveUpdates(self)
        self.above = NewPosts(self)  # the new posts above the reader: the bar, `n`
        self._status_text = "loading…"
        self._asked = self._from_top = False
        self.markers = ReadMarkers(self)

    @property
    def fedtui(self) -> FedtuiApp:
        from fedtui.ui.app import FedtuiApp

        assert isinstance(self.app, FedtuiApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield PaneHeader(self.header_text(), classes="pane-header")
        yield NewPostsBar(key_named("timeline.show_new", self.fedtui.context.config.keymap))
        yield PaneProblem()
        yield PaneNote()
        yield Static("", classes="empty", markup=False)
        yield StatusList(self.view, clock=self.fedtui.context.clock,
                         desk=self.fedtui.translation_desk(),
                         fold=self.fedtui.local_filters().fold,
                         relative_times=self.fedtui.context.config.timeline.relative_times,
                         keymap=self.fedtui.context.config.keymap)

    def _held_back(self, item: Any) -> bool:
        """Whether a local filter holds `item` back until the model judged it."""
        return self.fedtui.local_filters().waiting(item)

    @property
    def status_text(self) -> str:
        """What the header says about the pane's connection ("live", "offline: …")."""
        return self._status_text

    @property
    def failed(self) -> bool:
        """Whether the server failed this pane's last request for its newest page."""
        return self.query_one(PaneProblem).problem is not None

    @property
    def reads_as(self) -> str:
        """The key of the account whose server the pane asks ("": the main one)."""
        return self.spec.account

    @property
    def hears_status_events(self) -> bool:
        """Whether the pane's own stream brings the edits and deletions of its posts."""
        return self.live.hears_status_events

    @property
    def status_list(self) -> StatusList:
        return self.query_one(StatusList)

    def session(self) -> AccountSession:
        """The account this pane is read as (another saved account, or the main one)."""
        return self.fedtui.context.session(self.spec.account)

    def say_missing(self, *features: Feature) -> None:
        """What the server lacks of `features`, as a calm line in this pane, once a session."""
        for said in self.session().client().capabilities.unsaid(*features):
            self.query_one(PaneNote).say(said)

    def fetch_page(self, cursor: object | None, limit: int) -> Page[Any]:
        """One page of this pane (blocking; from a worker)."""
        return self.session().client().page(self.spec, cursor, limit=limit)

    def on_resize(self, event: events.Resize) -> None:
        """The reader's screenful stays in memory when posts stream in at the cap."""
        self.state.kept_below_focus = event.size.height // MIN_CARD_HEIGHT

    def on_mount(self) -> None:
        if self._capped_by_config:
            self.state.max_items = self.fedtui.context.config.timeline.max_posts
            self.state.keep_pushed_out = self.fedtui.context.older is not None
        if self._load_now:
            if not self.fedtui.first_frame_shown:  # the App's first frame: a screenful only
                self.view.limit = max(1, self.app.size.height // MIN_CARD_HEIGHT)
            self.paint_cached()
            self.load_latest()

    def paint_cached(self) -> None:
        """The last known page, at once (the server's answer replaces it). Panes that do
        not load at mount wait for the screen: the first pane's frame goes out alone."""
        cached = self.fedtui.context.cached_items(self.spec)
        if cached and not self.state.items:
            self.state.replace_all(cached)
            self.set_status("cached · updating…")
            self._show()

    def show_all(self) -> None:
        """Show every post, after a first frame that showed only a screenful."""
        if self.view.limit is not None:
            self.view.limit = None
            self._show()

    def on_unmount(self) -> None:
        self.live.stop()

    # -- display -----------------------------------------------------------------------

    def heading(self) -> str:
        """What the header says the pane shows (before its state: "live", "offline: …")."""
        return self.spec.title

    def header_text(self) -> str:
        return f"{self.heading()} · {self._status_text}"

    def set_status(self, text: str) -> None:
        self._status_text = text
        if self.is_mounted:
            self.query_one(PaneHeader).show(left=self.header_text())

    def show_position(self, now: bool = True) -> None:
        """"12/40" in the header: the highlighted post and how many are loaded (there is
        no scrollbar), and whether older posts are loading."""
        status_list = self.status_list
        self.query_one(PaneHeader).place(status_list.highlighted, status_list.card_count,
                                         loading_older=self.below.loading, now=now)

    def _show(self) -> None:
        """Render the whole list again (a new page, a new filter)."""
        self.status_list.show()
        self._shown()

    def render_diff(self, diff: TimelineDiff) -> None:
        """Render one change of the state on the list."""
        if diff:  # the first frame's screenful (a limit) has no end to append to
            self.status_list.apply(diff, rebuild=self.view.limit is not None)
            self._shown()
        elif self.state.newer_waiting:  # streamed posts wait on the server: counted
            self.above.say()
        self.below.keep(self.state.take_pushed_out())

    def _shown(self) -> None:
        empty = self.query_one(".empty", Static)
        nothing = not self.status_list.card_count
        if empty.display != nothing:  # not at every change: an update lays the screen out
            empty.update(f"Nothing in {self.spec.title} yet." if nothing else "")
            empty.display = nothing
        self.above.say()
        self.show_position()

    def action_rank_author(self, step: int) -> None:
        rank_highlighted_author(self, step)

    # -- loading -----------------------------------------------------------------------

    @property
    def asked(self) -> bool:
        """Whether this pane has asked the server for its newest page yet."""
        return self._asked

    def load_latest(self, from_top: bool = False) -> None:
        """Fetch the newest page, replace what is shown, then start the live feed;
        `from_top`: it is another view (read from its top, nothing in it new)."""
        self._asked, self._from_top = True, self._from_top or from_top
        self._fetch_latest(self.live.reload_started())

    @work(thread=True, exclusive=True, group="latest")
    def _fetch_latest(self, number: int) -> None:
        context = self.fedtui.context
        try:
            marker_soon = self.markers.fetch_soon()
            size = context.config.timeline.page_size
            page: Page[Any] = self.fetch_page(None, size)
            marker = marker_soon.result()
            if not self.markers.ready:  # the first answer: down to where the reader was
                page = self.markers.pages_to(page, marker, size)
        except FedtuiError as err:
            self.app.call_from_thread(self._failed, err, number)
            return
        if get_current_worker().is_cancelled:
            return
        self._decide_ahead(page.items)
        self.app.call_from_thread(self._replace, page, marker, number)
        if not self.view.types and (problem := context.save_items(self.spec, page.items)):
            self.app.call_from_thread(self.fedtui.notify, problem, severity="warning")

    @work(thread=True, exclusive=True, group="marker")
    def save_marker(self, timeline: str, item_id: str) -> None:
        """Tell the server the reader has read down to `item_id` (`ReadMarkers` says when)."""
        try:
            self.session().actions().save_marker(timeline, item_id)
        except FedtuiError as err:  # a lost marker costs nothing but the position
            self.app.call_from_thread(self.notify, f"Could not save where you stopped "
                                      f"reading: {err}", severity="warning")

    def torn_down(self) -> bool:
        """Whether the pane's widgets are gone (the app is exiting) when a worker's answer
        arrives: there is nothing left to show it in."""
        return not self.is_mounted or not self.query(PaneHeader)

    def _replace(self, page: Page[Any], marker: str | None, number: int) -> None:
        if self.torn_down():
            return
        first, back_to_newest = not self.markers.ready, self.state.newer_cut or self._from_top
        self._from_top = False
        diff = self.markers.restore(list(page.items), marker) if first else None
        if diff is None:
            diff = self.replace_page(page)
        self.below.fresh(page.older)
        self.query_one(PaneProblem).clear()
        self.set_status(self.live.connection or "up to date")  # the feed goes on
        self.render_diff(diff)
        if back_to_newest:  # the reader went up (`g`, `n`) for the posts cut: the newest
            self.status_list.action_first()  # (first: so that posts applied again stay)
        if taken := self.live.reload_ended(number):  # the page may predate them
            self.apply_events(taken)
        if back_to_newest:
            self.state.mark_read_to_top()
            self.status_list.action_first()
        self._shown()
        if first and marker is not None:
            self.markers.show_reader()
        # the page's languages were decided in the worker: posts the cached page showed
        # may be foreign now
        self.status_list.report_view()
        self.live.start()
        self.post_message(self.Settled())

    def replace_page(self, page: Page[Any]) -> TimelineDiff:
        """The state holds `page` now (a fresh newest page)."""
        return self.state.replace_all(list(page.items))

    def _failed(self, err: FedtuiError, number: int) -> None:
        self.live.reload_ended(number)  # the events taken meanwhile are shown already
        if self.torn_down():
            return
        state = show_problem(self.query_one(PaneProblem), err, self.spec.title,
                             dict(self.fedtui.context.config.keymap))
        self.set_status(f"offline: {state}")
        self.post_message(self.Settled())

    def _decide_ahead(self, items: Sequence[Item | None]) -> None:
        """In a worker: what the local filters decide of each post, and each post's
        language (badges, auto-translate), so that the UI thread only looks them up."""
        self.fedtui.local_filters().service.decide_ahead(items)
        if (desk := self.fedtui.translation_desk()) is not None:
            desk.decide(status for item in items if item is not None
                        and (status := item_status(item)) is not None)

    def on_load_older(self, event: messages.LoadOlder) -> None:
        event.stop()
        if (load := self.older.next_load()) is not None:
            self.load_older(*load)
            self.show_position(now=False)

    @work(thread=True, group="older")
    def load_older(self, cursor: object, kept_below: str | None, generation: int,
                   size: int) -> None:
        """The next `size` posts down (`OlderPages.fetch`)."""
        try:
            found = self.older.fetch(cursor, kept_below, size)
        except FedtuiError as err:
            self.app.call_from_thread(self.older.failed, err, generation)
            return
        self._decide_ahead(found if isinstance(found, list) else found.items)
        self.app.call_from_thread(self.older.append, found, generation)

    # -- live updates ------------------------------------------------------------------

    def on_timeline_pane_stream_arrived(self, message: StreamArrived) -> None:
        """Live events wait: every pane takes its batch on the app's next live beat."""
        message.stop()
        self.fedtui.live_beat.request(self, self.live.drain, self.live.draw_ahead)

    def apply_events(self, events: Sequence[StreamEvent]) -> None:
        """Apply a batch of live events as one change of the list; the languages of the new
        posts are decided afterwards (one detector load for the batch), and their badges
        drawn when known."""
        self._sync_focus()
        diff, posts, said, capped, deleted, edited = apply_events(self.state, events)
        self.older.heard(edited, deleted)
        for status_id in deleted:
            self.fedtui.live_spread.deleted(status_id, self.spec.account)
        for status in edited:
            self.fedtui.live_spread.edited(status, self.spec.account)
        if said:
            self.set_status(said)
        if said == "polling":
            self.say_missing(Feature.STREAMING)
        if capped:
            self.older.continue_below_oldest()
        self.render_diff(diff)
        self.status_list.forget_ahead()
        if posts and self.fedtui.translation_desk() is not None:
            self._decide_then_draw(posts, self.status_list)
        if posts and self.spec.kind in GATHERED:  # For you panes rank them in
            self.post_message(messages.PostsArrived(self.spec.account, [
                post for post in posts if isinstance(post, Status)]))

    @work(thread=True, group="languages")
    def _decide_then_draw(self, posts: list[Item], status_list: StatusList) -> None:
        """Decide the batch's languages; redraw the cards whose badge changed (the
        detector disagreed with the post's tag)."""
        desk = self.fedtui.translation_desk()
        if desk is not None and (changed := desk.decide(
                status for post in posts if (status := item_status(post)) is not None)):
            status_list.post_message(messages.CardsChanged(changed))

    def on_status_changed(self, message: messages.StatusChanged) -> None:
        """A post has a new version (an action, an edit elsewhere)."""
        self.render_diff(self.state.update(message.status))
        self.older.heard([message.status], [])
        self.live.heard(edited=message.status)

    def on_status_posted(self, message: messages.StatusPosted) -> None:
        """The reader posted: a home pane shows it at once (the stream may follow)."""
        if self.spec.kind is PaneKind.HOME:
            self.render_diff(self.state.prepend_newer([message.status]))

    def on_status_deleted(self, message: messages.StatusDeleted) -> None:
        self.render_diff(self.state.remove(message.status_id))
        self.older.heard([], [message.status_id])
        self.live.heard(deleted=message.status_id)

    def _sync_focus(self) -> None:
        item = self.status_list.highlighted_item
        self.state.focus_id = item.id if item is not None else None

    def on_show_new(self, event: messages.ShowNew) -> None:
        event.stop()
        self.above.show()

    def on_card_list_highlighted(self, event: StatusList.Highlighted) -> None:
        event.stop()  # nothing above the pane listens: a key's message goes no further
        self._sync_focus()
        self.above.reader_moved()
        self.show_position(now=False)
        self.markers.reader_moved()

