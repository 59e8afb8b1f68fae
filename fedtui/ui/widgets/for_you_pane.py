"""The "For you (local)" pane: what the reader's other timelines fetched, ranked by their
rules in `ranking.toml`, and kept current: a post that streams into home, a list or a
followed hashtag is scored in a worker and placed by its score (the screen passes the
panes' `PostsArrived` on to `rank_in`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fedtui.core.model import Status
from fedtui.core.panes import GATHERED, Page, PaneSpec
from fedtui.core.timeline import RankedState, TimelineDiff
from fedtui.ui.widgets.pane import TimelinePane
from fedtui.ui.widgets.pane_problem import PaneNote
from fedtui.ui.workers import work

RANKED_SHOWN = 200  # posts a For you pane shows at most (the best of what was gathered)


class ForYouPane(TimelinePane):
    """A pane in the ranking's order (a `RankedState`): one page, nothing older."""

    def __init__(self, spec: PaneSpec, *, load_now: bool = True) -> None:
        super().__init__(spec, load_now=load_now, state=RankedState(RANKED_SHOWN))

    def fetch_page(self, cursor: object | None, limit: int) -> Page[Any]:
        """In a worker: what the account's other panes hold and a fresh page of each
        source, ranked by ranking.toml (one page: a ranking has nothing older)."""
        if cursor is not None:
            return Page(items=[])
        held = self.app.call_from_thread(lambda: [
            item for pane in self.screen.query(TimelinePane).results(TimelinePane)
            if pane.spec.kind in GATHERED and pane.spec.account == self.spec.account
            for item in pane.state.items])
        ranking = self.session().ranker().page(RANKED_SHOWN, held)
        if ranking.problem:
            self.app.call_from_thread(self.notify, ranking.problem, severity="error",
                                      timeout=10)
        if ranking.notes:  # what the server would not tell: calm lines in the pane
            self.app.call_from_thread(self._say_notes, ranking.notes)
        return Page(items=ranking.items,
                    scores={item.id: found.total for item, found in ranking.ranked})

    def _say_notes(self, notes: tuple[str, ...]) -> None:
        for note in notes:
            self.query_one(PaneNote).say(note)

    def replace_page(self, page: Page[Any]) -> TimelineDiff:
        assert isinstance(self.state, RankedState)
        return self.state.rank(page.items, page.scores or {})

    def rank_in(self, posts: Sequence[Status]) -> None:
        """Posts that streamed into a timeline this pane ranks: placed by their score."""
        if self.asked:
            self._score_arrivals(list(posts))

    @work(thread=True, group="rank-in")
    def _score_arrivals(self, posts: list[Status]) -> None:
        from fedtui.errors import FedtuiError

        try:
            admitted = self.session().ranker().admit(posts)
        except FedtuiError:  # the server would not say who the reader follows: next time
            return
        if admitted:
            self.app.call_from_thread(self._place, [(item, found.total)
                                                    for item, found in admitted])

    def _place(self, scored: list[tuple[Status, float]]) -> None:
        if self.torn_down():
            return
        assert isinstance(self.state, RankedState)
        self._sync_focus()
        self.render_diff(self.state.place(scored))
