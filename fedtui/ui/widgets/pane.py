"""One timeline pane: header, "N new posts" bar, the post list, and its workers.

Start-up order: the cached page paints at once, then the server's page replaces it, then
the live feed (streaming, or polling where streaming is unavailable) keeps it current.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from fedtui.app.kept_below import PaneBelow
from fedtui.core.capabilities import Feature
from fedtui.core.model import Item, Status, item_status
from fedtui.core.notification_kinds import type_label
from fedtui.core.panes import GATHERED, STREAMABLE, Page, PaneKind, PaneSpec
from fedtui.core.timeline import TimelineDiff, TimelineState
from fedtui.errors import FedtuiError
from fedtui.ui import messages
from fedtui.ui.widgets.pane_actions import PaneActionsMixin
from fedtui.ui.widgets.pane_header import NewPostsBar, PaneHeader
from fedtui.ui.widgets.pane_problem import PaneNote, PaneProblem, show_problem
from fedtui.ui.widgets.pane_view import PaneView, apply_events
from fedtui.ui.widgets.read_markers import ReadMarkers
from fedtui.ui.widgets.status_list import StatusList
from fedtui.ui.widgets.stream_inbox import StreamInbox
from fedtui.ui.workers import work

if TYPE_CHECKING:
    from fedtui.mastodon.streaming import StreamEvent
    from fedtui.ui.app import FedtuiApp


MIN_CARD_HEIGHT = 3  # lines: author, text, counts


class TimelinePane(PaneActionsMixin, Vertical, can_focus=False):
    """A column showing one `PaneSpec`."""

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
        self.state: TimelineState[Any] = state if state is not None else TimelineState()
        self._capped_by_config = state is None  # a For you pane's ranking has its own size
        # what the list shows of the state
        self.view = PaneView(self.state, spec.kind, waiting=self._held_back)
        self._inbox: StreamInbox[StreamEvent] = StreamInbox(
            lambda: self.post_message(self.StreamArrived()))
        # the older posts: on disk (those the cap pushed out), then the server's
        self.below = PaneBelow(spec, lambda: self.fedtui.context.kept_below())
        self._live: Any = None
        self._status_text = "loading…"
        self._asked = False
        self.markers = ReadMarkers(self)

    @property
    def fedtui(self) -> FedtuiApp:
        from fedtui.ui.app import FedtuiApp

        assert isinstance(self.app, FedtuiApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield PaneHeader(self._header_text(), classes="pane-header")
        yield NewPostsBar()
        yield PaneProblem()
        yield PaneNote()
        yield Static("", classes="empty", markup=False)
        yield StatusList(self.view, clock=self.fedtui.context.clock,
                         desk=self.fedtui.translation_desk(),
                         fold=self.fedtui.local_filters().fold,
                         relative_times=self.fedtui.context.config.timeline.relative_times)

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
    def status_list(self) -> StatusList:
        return self.query_one(StatusList)

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
            self._set_status("cached · updating…")
            self._show()

    def show_all(self) -> None:
        """Show every post, after a first frame that showed only a screenful."""
        if self.view.limit is not None:
            self.view.limit = None
            self._show()

    def on_unmount(self) -> None:
        if self._live is not None:
            self._live.stop()

    # -- display -----------------------------------------------------------------------

    def _header_text(self) -> str:
        only = f" (only {', '.join(sorted(map(type_label, self.types)))})" if self.types else ""
        return f"{self.spec.title}{only} · {self._status_text}"

    def set_types_title(self) -> None:
        self.view.types = self.types
        self._set_status("loading…")

    def reload(self) -> None:
        self.load_latest()

    def _set_status(self, text: str) -> None:
        self._status_text = text
        if self.is_mounted:
            self.query_one(PaneHeader).show(left=self._header_text())

    def _show_position(self, now: bool = True) -> None:
        """"12/40" in the header: the highlighted post and how many are loaded (there is
        no scrollbar)."""
        status_list = self.status_list
        self.query_one(PaneHeader).place(status_list.highlighted, status_list.card_count,
                                         now=now)

    def _show(self) -> None:
        """Render the whole list again (a new page, a new filter)."""
        self.status_list.show()
        self._shown()

    def render_diff(self, diff: TimelineDiff) -> None:
        """Render one change of the state on the list."""
        if diff:  # the first frame's screenful (a limit) has no end to append to
            self.status_list.apply(diff, rebuild=self.view.limit is not None)
            self._shown()
        self.below.keep(self.state.take_pushed_out())

    def _shown(self) -> None:
        empty = self.query_one(".empty", Static)
        nothing = not self.status_list.card_count
        empty.update(f"Nothing in {self.spec.title} yet." if nothing else "")
        empty.display = nothing
        self._update_new_bar()
        self._show_position()

    def unread_shown(self) -> int:
        """How many posts wait above the reader that the list shows (a post a filter hides
        is never "new" on screen)."""
        if not self.state.unread_above:
            return 0
        return sum(1 for i in self.state.unread_ids
                   if (item := self.state.get(i)) is not None and self.view.shows(item))

    def _update_new_bar(self) -> None:
        """Say how many posts wait above."""
        self.query_one(NewPostsBar).say(self.unread_shown())

    # -- loading -----------------------------------------------------------------------

    @property
    def asked(self) -> bool:
        """Whether this pane has asked the server for its newest page yet."""
        return self._asked

    def load_latest(self) -> None:
        """Fetch the newest page, replace what is shown, then start the live feed."""
        self._asked = True
        self._fetch_latest()

    @work(thread=True, exclusive=True, group="latest")
    def _fetch_latest(self) -> None:
        context = self.fedtui.context
        try:
            marker_soon = self.markers.fetch_soon()
            size = context.config.timeline.page_size
            page: Page[Any] = self.fetch_page(None, size)
            marker = marker_soon.result()
            if not self.markers.ready:  # the first answer: down to where the reader was
                page = self.markers.pages_to(page, marker, size)
        except FedtuiError as err:
            self.app.call_from_thread(self._failed, err)
            return
        if get_current_worker().is_cancelled:
            return
        self._decide_ahead(page.items)
        self.app.call_from_thread(self._replace, page, marker)
        if not self.types and (problem := context.save_items(self.spec, page.items)):
            self.app.call_from_thread(self.fedtui.notify, problem, severity="warning")

    def _torn_down(self) -> bool:
        """Whether the pane's widgets are gone (the app is exiting) when a worker's answer
        arrives: there is nothing left to show it in."""
        return not self.is_mounted or not self.query(PaneHeader)

    def _replace(self, page: Page[Any], marker: str | None = None) -> None:
        if self._torn_down():
            return
        first = not self.markers.ready
        diff = self.markers.restore(list(page.items), marker) if first else None
        if diff is None:
            diff = self.replace_page(page)
        self.below.fresh(page.older)
        self.query_one(PaneProblem).clear()
        self._set_status("up to date")
        self.render_diff(diff)
        self._shown()
        if first and marker is not None:
            self.highlight_focus()
        # the page's languages were decided in the worker: posts the cached page showed
        # may be foreign now
        self.status_list.report_view()
        self._start_live()
        self.post_message(self.Settled())

    def replace_page(self, page: Page[Any]) -> TimelineDiff:
        """The state holds `page` now (a fresh newest page)."""
        return self.state.replace_all(list(page.items))

    def _failed(self, err: FedtuiError) -> None:
        if self._torn_down():
            return
        state = show_problem(self.query_one(PaneProblem), err, self.spec.title,
                             dict(self.fedtui.context.config.keymap))
        self._set_status(f"offline: {state}")
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
        room = self.state.max_items - len(self.state)
        # at most half the cap: at the cap older posts push out as many of the newest, not
        # the reader's; and none that would push out the unread ones above
        size = min(self.fedtui.context.config.timeline.page_size, self.state.max_items // 2,
                   room if self.state.unread_above else self.state.max_items)
        if size > 0 and (load := self.below.next_load(self.state.oldest_id)) is not None:
            self.load_older(*load, size)

    @work(thread=True, group="older")
    def load_older(self, cursor: object, kept_below: str | None, generation: int,
                   size: int) -> None:
        """The next `size` posts down: those the cap pushed out below `kept_below` (the
        oldest post kept in memory) when there are, else the server's page at `cursor`."""
        if kept_below and (items := self.below.kept_below(kept_below, size)):
            self._decide_ahead(items)
            self.app.call_from_thread(self._append, items, generation)
            return
        try:
            page = self.fetch_page(cursor, size)
        except FedtuiError as err:
            self.app.call_from_thread(self._older_failed, err, generation)
            return
        self._decide_ahead(page.items)
        self.app.call_from_thread(self._append, page, generation)

    def _append(self, page: Page[Any] | list[Item], generation: int) -> None:
        """An older page from the server, or posts read back from disk (a list: the
        server's pages continue below them); dropped when the newest page came since."""
        if generation != self.below.generation:
            return
        if isinstance(page, list):
            self.below.loaded(more=True)
        else:
            self.below.loaded(page.older if page.items else None)
        if self._torn_down():
            return
        items = page if isinstance(page, list) else list(page.items)
        if items:
            self.render_diff(self.state.append_older(items))
        if isinstance(page, list):
            self._older_below_oldest()

    def _older_below_oldest(self) -> None:
        """Scrolling past the end asks the server for what is just older than the oldest
        post in memory (the posts the cap dropped), not for the page after the last one
        loaded."""
        oldest = self.state.get(self.state.oldest_id or "")
        if oldest is not None:
            edge = getattr(oldest, "page_min_id", None) or oldest.id
            self.below.continue_at(self.session().client().older_than(self.spec, edge))

    def _older_failed(self, err: FedtuiError, generation: int) -> None:
        if generation != self.below.generation:
            return
        self.below.loaded(more=True)
        self.fedtui.notify(f"Could not load older posts: {err}", severity="warning")

    # -- live updates ------------------------------------------------------------------

    def _start_live(self) -> None:
        context = self.fedtui.context
        if self._live is not None or self.spec.kind not in STREAMABLE:
            return
        if not context.config.timeline.streaming:
            return
        from fedtui.mastodon.streaming import LiveFeed

        newest = self.state.newest_id
        self._live = LiveFeed(self.session().client(), self.spec, self._from_stream_thread,
                              since_id=newest, poll_interval=context.config.timeline.poll_interval)
        self._live.start()

    def _from_stream_thread(self, event: StreamEvent) -> None:
        """Called by the live feed's thread: into the inbox, without waiting for the UI."""
        if self.is_attached:
            self.fedtui.local_filters().service.decide_ahead([event.notification or event.status])
            self._inbox.put(event)

    def on_timeline_pane_stream_arrived(self, message: StreamArrived) -> None:
        """Live events wait: every pane takes its batch on the app's next live beat."""
        message.stop()
        self.fedtui.live_beat.request(self, self._drain)

    def _drain(self) -> None:
        if not self._torn_down():
            self.apply_events(self._inbox.take())

    def apply_event(self, event: StreamEvent) -> None:
        """Apply one live event without moving what the reader is looking at."""
        self.apply_events([event])

    def apply_events(self, events: Sequence[StreamEvent]) -> None:
        """Apply a batch of live events as one change of the list; the languages of the new
        posts are decided afterwards (one detector load for the batch), and their badges
        drawn when known."""
        self._sync_focus()
        diff, posts, said, capped, deleted = apply_events(self.state, events)
        for status_id in deleted:
            self.below.forget_status(status_id)
        if said:
            self._set_status(said)
        if said == "polling":
            self.say_missing(Feature.STREAMING)
        if capped:
            self._older_below_oldest()
        self.render_diff(diff)
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

    def on_status_posted(self, message: messages.StatusPosted) -> None:
        """The reader posted: a home pane shows it at once (the stream may follow)."""
        if self.spec.kind is PaneKind.HOME:
            self.render_diff(self.state.prepend_newer([message.status]))

    def on_status_deleted(self, message: messages.StatusDeleted) -> None:
        self.render_diff(self.state.remove(message.status_id))
        self.below.forget_status(message.status_id)

    def _sync_focus(self) -> None:
        item = self.status_list.highlighted_item
        self.state.focus_id = item.id if item is not None else None

    def on_show_new(self, event: messages.ShowNew) -> None:
        event.stop()
        self.state.mark_read_to_top()
        self.status_list.action_first()
        self._update_new_bar()

    def on_card_list_highlighted(self, event: StatusList.Highlighted) -> None:
        self._sync_focus()
        if self.status_list.highlighted == 0 and self.state.unread_above:
            self.state.mark_read_to_top()  # the newest post on the list is seen
        if self.status_list.highlighted == 0 and self.state.newer_cut:
            self.load_latest()  # older pages pushed the newest out: the top loads them again
        self._update_new_bar()
        self._show_position(now=False)
        self.markers.reader_moved()

