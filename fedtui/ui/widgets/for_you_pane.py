"""The "For you (local)" pane: what the reader's other timelines fetched, ranked by their
rules in `ranking.toml`, and kept current: a post that streams into home, a list or a
followed hashtag is scored in a worker and placed by its score (the screen passes the
panes' `PostsArrived` on to `rank_in`). A post placed while a new ranking is computed from
what the panes held is placed again on it."""

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
        #: Posts placed since a ranking on its way gathered the panes' posts (None: none is)
        self._placed_meanwhile: list[tuple[Status, float]] | None = None

    def fetch_page(self, cursor: object | None, limit: int) -> Page[Any]:
        """In a worker: what the account's other panes hold and a fresh page of each
        source, ranked by ranking.toml (one page: a ranking has nothing older)."""
        if cursor is not None:
            return Page(items=[])
        held = self.app.call_from_thread(self._gather)
        ranking = self.session().ranker().page(RANKED_SHOWN, held)
        if ranking.problem:
            self.app.call_from_thread(self.notify, ranking.problem, severity="error",
                                      timeout=10)
        if ranking.notes:  # what the server would not tell: calm lines in the pane
            self.app.call_from_thread(self._say_notes, ranking.notes)
        return Page(items=ranking.items,
                    scores={item.id: found.total for item, found in ranking.ranked})

    def _gather(self) -> list[Any]:
        """What the account's other panes hold now (and the placing from now on is kept)."""
        self._placed_meanwhile = []
        return [item for pane in self.screen.query(TimelinePane).results(TimelinePane)
                if pane.spec.kind in GATHERED and pane.spec.account == self.spec.account
                for item in pane.state.items]

    def _say_notes(self, notes: tuple[str, ...]) -> None:
        for note in notes:
            self.query_one(PaneNote).say(note)

    def replace_page(self, page: Page[Any]) -> TimelineDiff:
        assert isinstance(self.state, RankedState)
        diff = self.state.rank(page.items, page.scores or {})
        placed, self._placed_meanwhile = self._placed_meanwhile or [], None
        return diff + self.state.place(placed) if placed else diff  # made without them

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
        if self._placed_meanwhile is not None:  # (bounded: a ranking that failed never lands)
            self._placed_meanwhile = [*self._placed_meanwhile, *scored][-RANKED_SHOWN:]
        self._sync_focus()
        self.render_diff(self.state.place(scored))
