"""One watcher for the reader's two rules files, `filters.toml` and `ranking.toml`.

Every `WATCH_EVERY` seconds a worker looks at both (a stat; a changed filters file is read
and parsed there, not on the UI thread). The UI thread is asked only to show what changed:
the lists the local filters fold, and the For you panes whose ranking rules changed. A
look that fails is reported once (a notice and a redacted report) and the watch stops:
not a report a second.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fedtui.core.panes import PaneKind
from fedtui.ui.workers import in_thread

if TYPE_CHECKING:
    from textual.timer import Timer

    from fedtui.app.rank_rules import RuleBook
    from fedtui.ui.app import FedtuiApp
    from fedtui.ui.widgets.pane import TimelinePane

WATCH_EVERY = 1.0  # seconds between two looks at the rules files


class RulesWatch:
    """Started by the App after its first frame."""

    def __init__(self, app: FedtuiApp) -> None:
        self.app = app
        self._timer: Timer | None = None

    @property
    def watching(self) -> bool:
        return self._timer is not None

    def start(self) -> None:
        self._timer = self.app.set_interval(WATCH_EVERY, self.look)
        self.look()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def ranked_panes(self) -> list[TimelinePane]:
        """The For you panes of every screen (a thread may be open above them)."""
        from fedtui.ui.widgets.pane import TimelinePane

        return [pane for screen in self.app.screen_stack
                for pane in screen.query(TimelinePane).results(TimelinePane)
                if pane.spec.kind is PaneKind.FOR_YOU]

    def look(self) -> None:
        """On the UI thread: what to look at, then the look itself in a worker."""
        if not self.watching:
            return
        panes = self.ranked_panes()
        books = [(pane, pane.session().ranker().book) for pane in panes]
        in_thread(self.app, lambda: self._look(books), group="rules-watch", exclusive=True,
                  name="rules-watch")

    def _look(self, books: list[tuple[TimelinePane, RuleBook]]) -> None:
        try:
            self._look_at(books)
        except Exception:
            self.app.call_from_thread(self.stop)
            raise  # the worker's error path: the report and the notice

    def _look_at(self, books: list[tuple[TimelinePane, RuleBook]]) -> None:
        filters = self.app.local_filters()
        if filters.service.reload():
            self.app.call_from_thread(filters.rules_changed)
        stale = [pane for pane, book in books if book.changed()]
        if stale:
            self.app.call_from_thread(self._rank_again, stale)

    @staticmethod
    def _rank_again(panes: list[TimelinePane]) -> None:
        for pane in panes:
            if pane.is_attached:
                pane.load_latest()
