"""A pane's reading position on the server (the markers API: home and notifications).

It is asked for beside the pane's first page; the first page reaches down to it (at most
`MARKER_PAGES` pages) and the reader is put there, with the newer posts counted as new.
Once the reader rests on a post newer than it for `MARKER_DELAY` s, that post is saved as
read. A server that keeps no reading positions is said once, calmly; a failure to read one
is never fatal to the pane.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from textual.timer import Timer

from fedtui.core.capabilities import Feature
from fedtui.core.panes import Page, PaneKind
from fedtui.core.timeline import TimelineDiff, id_key

if TYPE_CHECKING:
    from fedtui.ui.widgets.pane import TimelinePane

#: Panes whose reading position the server keeps (the markers API's timelines).
MARKED = {PaneKind.HOME: "home", PaneKind.NOTIFICATIONS: "notifications"}
MARKER_DELAY = 1.0  # seconds the reader stays on a post before it is saved as read
MARKER_PAGES = 5  # pages read at most, at start, to reach the reader's saved position


class ReadMarkers:
    """The read marker of one pane: what the server said, and when to tell it more."""

    def __init__(self, pane: TimelinePane) -> None:
        self._pane = pane
        self.marker_id: str | None = None  # the server's read marker, as last loaded or saved
        self.ready = False  # the first page is in: moving down the list now means reading
        self._timer: Timer | None = None

    @property
    def timeline(self) -> str | None:
        """The markers API's name of the pane's timeline; None: it keeps no marker."""
        return MARKED.get(self._pane.spec.kind)

    def _fetch(self, timeline: str) -> str | None:
        """The server's read marker of `timeline` (blocking), or None."""
        try:
            marker = self._pane.session().actions().markers((timeline,)).get(timeline)
        except Exception:  # the read position is a nicety: never fatal to the pane
            return None
        return marker.last_read_id if marker is not None and marker.last_read_id else None

    def fetch_soon(self) -> Future[str | None]:
        """The server's read marker for the pane (None: none, or none to ask for), asked on
        a thread of its own, so that the page is asked for at the same time (one round trip
        less before the first answer, which counts over Tor)."""
        future: Future[str | None] = Future()
        timeline = self.timeline
        if timeline is None or self.ready:
            future.set_result(None)
        else:
            threading.Thread(target=lambda: future.set_result(self._fetch(timeline)),
                             name=f"marker-{self._pane.spec.kind.value}", daemon=True).start()
        return future

    def pages_to(self, page: Page[Any], marker_id: str | None, limit: int) -> Page[Any]:
        """In a worker: `page` and the older pages after it, down to the one holding the
        saved reading position (at most MARKER_PAGES pages in all)."""
        pane = self._pane
        if self.timeline is not None:
            pane.app.call_from_thread(pane.say_missing, Feature.MARKERS)
        if marker_id is None:
            return page
        mark = id_key(marker_id)
        items, older, pages = list(page.items), page.older, 1
        while (older is not None and pages < MARKER_PAGES
               and not any(id_key(item.id) <= mark for item in items)):
            more = pane.fetch_page(older, limit)
            items.extend(more.items)
            older, pages = more.older, pages + 1
        return Page(items=items, older=older, newer=page.newer)

    def restore(self, items: list[Any], marker_id: str | None) -> TimelineDiff | None:
        """Put `items` in the pane's state with the reader on the marked item (or the
        newest one older than it) and the newer ones counted as new; the change, or None
        when the marked item is not in `items`."""
        self.ready = True
        # without a marker, the newest post at start is the line to read past
        self.marker_id = marker_id or self.marker_id or (items[0].id if items else None)
        if marker_id is None:
            return None
        mark = id_key(marker_id)
        index = next((i for i, item in enumerate(items) if id_key(item.id) <= mark), None)
        if index is None:
            return None
        state = self._pane.state
        diff = state.replace_all(items[index:])
        state.focus_id = items[index].id
        return diff + state.prepend_newer(items[:index])

    def reader_moved(self) -> None:
        """The highlight moved: once it rests on something newer than the marker, save."""
        if self._newer_under_reader() is None:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._pane.set_timer(MARKER_DELAY, self._save)

    def show_reader(self) -> None:
        """Highlight the post `restore` put the reader on, once the list shows it."""
        focus, status_list = self._pane.state.focus_id, self._pane.status_list
        index = status_list.index_of(focus) if focus is not None else None
        if index is not None:
            status_list.highlighted = index

    def _newer_under_reader(self) -> str | None:
        """The id of the highlighted item if it is newer than the marker (and the pane
        keeps one, and its first page is in), else None."""
        item = self._pane.status_list.highlighted_item
        if self.timeline is None or item is None or not self.ready:
            return None
        if self.marker_id is not None and id_key(item.id) <= id_key(self.marker_id):
            return None
        return str(item.id)

    def _save(self) -> None:
        timeline, item_id = self.timeline, self._newer_under_reader()
        if timeline is not None and item_id is not None:
            self.marker_id = item_id
            self._pane.save_marker(timeline, item_id)
