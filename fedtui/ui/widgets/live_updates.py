"""A pane's live feed: the server's stream (or polling where it has none) keeps the pane
current. Events wait in an inbox, filled by the feed's thread without waiting for the UI,
until the app's next live beat, when the pane takes them all as one change.

A newest page the pane loads again may have been made by the server before some of the
events taken while it was on its way: those events are kept, to be applied again on top of
it (`reload_started`, `reload_ended`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fedtui.core.panes import OWN_EVENTS_ONLY, STREAMABLE
from fedtui.ui.widgets.pane_view import STATUS_TEXT, new_posts
from fedtui.ui.widgets.stream_inbox import StreamInbox

if TYPE_CHECKING:
    from fedtui.core.model import Status
    from fedtui.mastodon.streaming import LiveFeed, StreamEvent
    from fedtui.ui.widgets.pane import TimelinePane

#: Events kept at most while a newest page is on its way (a request that broke never
#: ends: the keeping must not grow all day).
KEPT_IN_RELOAD = 500


class LiveUpdates:
    """Started once the pane's first page is in; stopped when the pane goes."""

    def __init__(self, pane: TimelinePane) -> None:
        self._pane = pane
        self._feed: LiveFeed | None = None
        self._inbox: StreamInbox[StreamEvent] = StreamInbox(
            lambda: pane.post_message(pane.StreamArrived()))
        self._reloads = 0  # newest pages asked for: the last one's end stops the keeping
        #: What the feed last said of its connection ("live", "reconnecting…", "polling";
        #: "" before it said anything): what the header says again after a reload.
        self.connection = ""
        self._taken_in_reload: list[StreamEvent] | None = None  # None: no page on its way

    def start(self) -> None:
        """Start the feed (once; only for kinds the server streams; polling when the config
        says not to stream), continuing after the newest post the pane holds."""
        pane = self._pane
        timeline = pane.fedtui.context.config.timeline
        if self._feed is not None or pane.spec.kind not in STREAMABLE:
            return
        from fedtui.mastodon.streaming import LiveFeed

        self._feed = LiveFeed(pane.session().client(), pane.spec, self._arrived,
                              since_id=pane.state.newest_id, nothing=not pane.state.items,
                              stream=timeline.streaming, poll_interval=timeline.poll_interval)
        self._feed.start()

    def stop(self) -> None:
        if self._feed is not None:
            self._feed.stop()

    @property
    def hears_status_events(self) -> bool:
        """Whether the feed brings the edits and deletions of the pane's posts (a
        notifications or conversations stream does not)."""
        return self._feed is not None and self._pane.spec.kind not in OWN_EVENTS_ONLY

    def draw_ahead(self, in_time: Callable[[], bool]) -> None:
        """Until the live beat: the cards of the new posts waiting, a few at a time."""
        if not self._pane.torn_down():
            self._pane.status_list.draw_ahead(new_posts(self.unseen()), in_time)

    def drain(self) -> None:
        """On the live beat: the pane takes every event waiting, as one change."""
        if not self._pane.torn_down():
            self._pane.apply_events(self.take())

    def take(self) -> list[StreamEvent]:
        """Every event that arrived since the last take, in order."""
        events = self._inbox.take()
        for event in events:
            self.connection = STATUS_TEXT.get(event.kind, self.connection)
        if self._taken_in_reload is not None:
            self._taken_in_reload += [e for e in events if e.kind not in STATUS_TEXT]
            del self._taken_in_reload[:-KEPT_IN_RELOAD]
        return events

    def heard(self, *, edited: Status | None = None, deleted: str | None = None) -> None:
        """An edit or deletion told by another pane or an action, not by the feed: kept
        as those taken are, while a newest page is on its way."""
        if self._taken_in_reload is not None:
            from fedtui.mastodon.streaming import StreamEvent

            self._taken_in_reload.append(StreamEvent("delete", deleted_id=deleted)
                                         if edited is None else
                                         StreamEvent("status.update", status=edited))

    def reload_started(self) -> int:
        """The pane asks for its newest page (again): from now on keep the posts, edits
        and deletions taken, until `reload_ended`. Returns the request's number."""
        if self._taken_in_reload is None:
            self._taken_in_reload = []
        self._reloads += 1
        return self._reloads

    def reload_ended(self, number: int) -> list[StreamEvent]:
        """Request `number` is answered (or failed): the events kept while requests were
        on their way, to apply again on top of its page. The keeping stops once the last
        request asked for has ended."""
        kept = list(self._taken_in_reload or ())
        if number == self._reloads:
            self._taken_in_reload = None
        return kept

    def unseen(self) -> list[StreamEvent]:
        """The events that arrived since the last look, which wait for `take` still."""
        return self._inbox.unseen()

    def _arrived(self, event: StreamEvent) -> None:
        """Called by the feed's thread: into the inbox, without waiting for the UI."""
        pane = self._pane
        if pane.is_attached:
            pane.fedtui.local_filters().service.decide_ahead(
                [event.notification or event.status])
            self._inbox.put(event)
