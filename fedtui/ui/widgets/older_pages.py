"""What a pane shows below its oldest post as the reader scrolls past the end: the posts the
pane's cap pushed out (kept on disk) first, then the server's older pages. A page that
arrives after the newest page was loaded again is dropped (its generation is old). The
posts of a page may predate the edits and deletions heard while it was on its way: those
are applied again once it is in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fedtui.core.model import Item, Status
from fedtui.core.panes import Page
from fedtui.errors import FedtuiError

if TYPE_CHECKING:
    from fedtui.ui.widgets.pane import TimelinePane

#: (server cursor, oldest post kept in memory or None, generation, how many posts)
OlderLoad = tuple[object, str | None, int, int]


class OlderPages:
    """The older posts of one pane; the pane's `load_older` worker calls `fetch`."""

    def __init__(self, pane: TimelinePane) -> None:
        self._pane = pane
        self._edited: dict[str, Status] = {}  # heard while a load is on its way
        self._deleted: set[str] = set()

    def next_load(self) -> OlderLoad | None:
        """What to load next (under way from now), or None (nothing older, a load under
        way). At most half the cap: at the cap older posts push out as many of the newest,
        not the reader's (the unread ones among them wait on the server, still counted as
        new)."""
        pane, state = self._pane, self._pane.state
        size = min(pane.fedtui.context.config.timeline.page_size, state.max_items // 2)
        if size > 0 and (load := pane.below.next_load(state.oldest_id)) is not None:
            self._edited, self._deleted = {}, set()
            return (*load, size)
        return None

    def heard(self, edited: list[Status], deleted: list[str]) -> None:
        """Edits and deletions heard live: told to the posts kept on disk, and kept while a
        load is on its way, for `append`."""
        below = self._pane.below
        for status in edited:
            below.update_status(status)
        for status_id in deleted:
            below.forget_status(status_id)
        if below.loading:
            self._edited.update((status.id, status) for status in edited)
            self._deleted.update(deleted)

    def fetch(self, cursor: object | None, kept_below: str | None,
              size: int) -> Page[Any] | list[Item]:
        """Blocking (a worker): the next `size` posts down, those the cap pushed out below
        `kept_below` (the oldest post in memory) when there are, else the server's page at
        `cursor`; [] when none are kept and the server has nothing older (`cursor` None: a
        request without it would bring the newest page). FedtuiError when the server
        fails."""
        if kept_below and (items := self._pane.below.kept_below(kept_below, size)):
            return items
        if cursor is None:
            return []
        return self._pane.fetch_page(cursor, size)

    def append(self, page: Page[Any] | list[Item], generation: int) -> None:
        """An older page from the server, or posts read back from disk (a list: the
        server's pages continue below them; empty: nothing is left below); dropped when the
        newest page came since."""
        pane = self._pane
        if generation != pane.below.generation:
            return
        if isinstance(page, list):
            pane.below.loaded(more=True)
            pane.below.read_back(page)
        else:
            pane.below.loaded(page.older if page.items else None)
        if pane.torn_down():
            return
        items = page if isinstance(page, list) else list(page.items)
        if items:
            diff = pane.state.append_older(items)
            for status in self._edited.values():  # the page may predate them
                diff += pane.state.update(status)
            for status_id in self._deleted:
                diff += pane.state.remove(status_id)
            pane.render_diff(diff)
        pane.show_position()
        if isinstance(page, list) and page:
            self.continue_below_oldest()

    def continue_below_oldest(self) -> None:
        """Scrolling past the end asks the server for what is just older than the oldest
        post in memory (the posts the cap dropped), not for the page after the last one
        loaded."""
        pane = self._pane
        oldest = pane.state.get(pane.state.oldest_id or "")
        if oldest is not None:
            edge = getattr(oldest, "page_min_id", None) or oldest.id
            pane.below.continue_at(pane.session().client().older_than(pane.spec, edge))

    def failed(self, err: FedtuiError, generation: int) -> None:
        pane = self._pane
        if generation != pane.below.generation:
            return
        pane.below.loaded(more=True)
        if not pane.torn_down():
            pane.show_position()
        pane.fedtui.notify(f"Could not load older posts: {err}", severity="warning")
