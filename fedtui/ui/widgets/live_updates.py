"""A pane's live feed: the server's stream (or polling where it has none) keeps the pane
current. Events wait in an inbox, filled by the feed's thread without waiting for the UI,
until the app's next live beat, when the pane takes them all as one change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fedtui.core.panes import OWN_EVENTS_ONLY, STREAMABLE
from fedtui.ui.widgets.stream_inbox import StreamInbox

if TYPE_CHECKING:
    from fedtui.mastodon.streaming import LiveFeed, StreamEvent
    from fedtui.ui.widgets.pane import TimelinePane


class LiveUpdates:
    """Started once the pane's first page is in; stopped when the pane goes."""

    def __init__(self, pane: TimelinePane) -> None:
        self._pane = pane
        self._feed: LiveFeed | None = None
        self._inbox: StreamInbox[StreamEvent] = StreamInbox(
            lambda: pane.post_message(pane.StreamArrived()))

    def start(self) -> None:
        """Start the feed (once; only for kinds the server streams, when the config
        allows), continuing after the newest post the pane holds."""
        pane = self._pane
        timeline = pane.fedtui.context.config.timeline
        if self._feed is not None or pane.spec.kind not in STREAMABLE or not timeline.streaming:
            return
        from fedtui.mastodon.streaming import LiveFeed

        self._feed = LiveFeed(pane.session().client(), pane.spec, self._arrived,
                              since_id=pane.state.newest_id, nothing=not pane.state.items,
                              poll_interval=timeline.poll_interval)
        self._feed.start()

    def stop(self) -> None:
        if self._feed is not None:
            self._feed.stop()

    @property
    def hears_status_events(self) -> bool:
        """Whether the feed brings the edits and deletions of the pane's posts (a
        notifications or conversations stream does not)."""
        return self._feed is not None and self._pane.spec.kind not in OWN_EVENTS_ONLY

    def take(self) -> list[StreamEvent]:
        """Every event that arrived since the last take, in order."""
        return self._inbox.take()

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
