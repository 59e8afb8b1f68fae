"""`=` / `-` on a post: lift or sink its author in `ranking.toml` (in a worker: the file is
read and written keeping its comments), then rank the screen's For you panes again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fedtui.core.panes import PaneKind
from fedtui.errors import FedtuiError
from fedtui.ui.workers import in_thread

if TYPE_CHECKING:
    from fedtui.ui.widgets.pane import TimelinePane


def rank_highlighted_author(pane: TimelinePane, step: int) -> None:
    """Nudge the author of the pane's highlighted post by `step` (1 lifts, -1 sinks)."""
    status = pane.status_list.highlighted_status
    if status is None:
        pane.notify("Highlight a post first.", severity="warning")
        return
    author, app = status.account, pane.app

    def nudge() -> None:
        try:
            said = pane.session().ranker().nudge(author, float(step))
        except FedtuiError as err:
            app.call_from_thread(pane.notify, str(err), severity="error", timeout=10)
            return
        app.call_from_thread(_ranked, pane, said)

    in_thread(pane, nudge, group="rank", name="rank_author")


def _ranked(pane: TimelinePane, said: str) -> None:
    from fedtui.ui.widgets.pane import TimelinePane

    pane.notify(said)
    for other in pane.screen.query(TimelinePane).results(TimelinePane):
        if other.spec.kind is PaneKind.FOR_YOU:
            other.load_latest()
