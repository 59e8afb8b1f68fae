"""The main screen: as many timeline panes side by side as fit at a readable width, a
window that always holds the focused pane, and a tab strip listing every pane whenever
some of them do not fit (`h`/`l` and a click reach the hidden ones)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static

from fedtui.core.panes import PaneSpec
from fedtui.ui import messages
from fedtui.ui.keymap import HOME_KEYS, bindings, key_named
from fedtui.ui.widgets.for_you_pane import ForYouPane
from fedtui.ui.widgets.key_hints import KeyHints
from fedtui.ui.widgets.pane import TimelinePane
from fedtui.ui.widgets.pane_kinds import timeline_pane
from fedtui.ui.widgets.pane_problem import PaneProblem
from fedtui.ui.widgets.pane_tabs import PaneTabs
from fedtui.ui.widgets.status_list import StatusList

if TYPE_CHECKING:
    from fedtui.ui.app import FedtuiApp

MIN_PANE_WIDTH = 40  # columns: as many panes as fit at this width show side by side
ASK_ALL_AFTER = 3.0  # seconds after the first pane's answer: every pane still waiting asks


class HomeScreen(Screen[None]):
    BINDINGS = bindings(HOME_KEYS)

    def __init__(self, panes: list[PaneSpec]) -> None:
        super().__init__()
        self._initial = panes
        self._active = 0
        self._first = 0  # the leftmost pane on screen
        self._others_painted = False
        self._asking = False  # the panes have begun to ask, one after the other

    @property
    def fedtui(self) -> FedtuiApp:
        from fedtui.ui.app import FedtuiApp

        assert isinstance(self.app, FedtuiApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Static(self.fedtui.header_text(), id="app-header", markup=False)
        keymap = self.fedtui.context.config.keymap
        yield PaneTabs(id="tabs", keys=(key_named("pane.left", keymap),
                                        key_named("pane.right", keymap)))
        with Horizontal(id="panes"):
            for index, spec in enumerate(self._initial):
                yield timeline_pane(spec, load_now=index == 0)
        yield KeyHints()

    def on_mount(self) -> None:
        if self.fedtui.first_frame_shown:  # pushed later: after a login, an account switch
            self.call_after_refresh(self._paint_others)
        self._focus_active()
        for notice in self.fedtui.context.notices:
            self.notify(notice, severity="warning", timeout=8)
        self.fedtui.context.notices.clear()

    # -- panes ---------------------------------------------------------------------------

    @property
    def panes(self) -> list[TimelinePane]:
        return list(self.query(TimelinePane))

    @property
    def specs(self) -> list[PaneSpec]:
        return [pane.spec for pane in self.panes]

    @property
    def active_pane(self) -> TimelinePane | None:
        panes = self.panes
        return panes[self._active] if panes else None

    def action_catch_up(self) -> None:
        """`C`: summarise what the focused pane holds past its read marker (or past the
        last catch-up of this pane, kept between runs, whichever is newer)."""
        from fedtui.app.summarise import catchup_of
        from fedtui.ui.screens.summary import SummaryScreen

        pane = self.active_pane
        if pane is None:
            return
        summaries = self.fedtui.summaries()
        main = self.fedtui.context.account
        account = pane.spec.account or (main.key if main is not None else "")
        key = replace(pane.spec, account="").key  # as `fedtui summary catchup` keys it
        source = catchup_of(pane.state.items,
                            [pane.markers.marker_id, summaries.last_catchup(account, key)])
        if not source.statuses:
            self.notify(f"Nothing new in {pane.spec.title} since you last read.")
            return

        def done(finished: object) -> None:
            if source.newest_id:
                summaries.remember_catchup(account, key, source.newest_id)

        self.app.push_screen(SummaryScreen(
            f"Catch up · {pane.spec.title} · {len(source.statuses)} posts", lambda: source,
            account=pane.spec.account, on_done=done))

    def _focus_active(self) -> None:
        """Show the window of panes holding the active one, then focus it (a hidden widget
        cannot take the focus). At once, not later: the next key, however quickly it comes,
        counts from the pane this one chose."""
        panes = self.panes
        if not panes:
            return
        self._layout_for_width(self.app.size.width)
        self.set_focus(panes[self._active].status_list)

    def on_first_frame_shown(self, event: messages.FirstFrameShown) -> None:
        self.call_after_refresh(self._paint_others)

    def on_timeline_pane_settled(self, event: TimelinePane.Settled) -> None:
        """A pane has its first answer: the next one asks. One page at a time: the first
        paints sooner, and pages converted side by side would raise the memory high-water
        mark, which the process keeps. A slow pane holds the others up ASK_ALL_AFTER s at most."""
        self._paint_others()
        if not self._asking:
            self._asking = True
            self.set_timer(ASK_ALL_AFTER, self._ask_waiting)
        self._ask_waiting(1)

    def _ask_waiting(self, count: int | None = None) -> None:
        for pane in [pane for pane in self.panes if not pane.asked][:count]:
            pane.load_latest()

    def _paint_others(self) -> None:
        """The other panes' cached pages, once the first pane's frame is out (it goes out
        sooner alone)."""
        if not self._others_painted:
            self._others_painted = True
            panes = self.panes
            if panes:
                panes[0].show_all()
            for pane in panes[1:]:
                pane.paint_cached()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A list took the focus (a key, a click): its pane is the active one. What has the
        focus now decides, not the event: focus events of quick keys arrive late."""
        if isinstance(event.widget, StatusList):
            for index, pane in enumerate(self.panes):
                if pane.status_list is self.focused:
                    self._active = index
                    self.fedtui.context.act_as(pane.spec.account)
            self.query_one("#app-header", Static).update(self.fedtui.header_text())
            self._layout_for_width(self.app.size.width)

    def on_pane_tabs_chosen(self, event: PaneTabs.Chosen) -> None:
        self._active = event.index
        self._focus_active()

    def action_focus_pane(self, step: int) -> None:
        if self.panes:
            self._active = (self._active + step) % len(self.panes)
            self._focus_active()

    def action_move_pane(self, step: int) -> None:
        panes = self.panes
        pane = self.active_pane
        target = self._active + step
        if pane is None or not 0 <= target < len(panes):
            return
        container = self.query_one("#panes", Horizontal)
        if step < 0:
            container.move_child(pane, before=panes[target])
        else:
            container.move_child(pane, after=panes[target])
        self._active = target
        self._saved_layout_changed()
        self._focus_active()

    def action_close_pane(self) -> None:
        pane = self.active_pane
        if pane is None or len(self.panes) == 1:
            self.notify("The last pane stays open.", severity="warning")
            return
        self.call_later(self._after, pane.remove(), self._after_close)

    def _after_close(self) -> None:
        self._saved_layout_changed()
        self._focus_active()

    def action_add_pane(self) -> None:
        from fedtui.ui.screens.pickers import AddPaneScreen

        self.app.push_screen(AddPaneScreen())

    def on_posts_arrived(self, message: messages.PostsArrived) -> None:
        """Posts streamed into home, a list or a hashtag: the For you panes rank them in."""
        for pane in self.query(ForYouPane).results(ForYouPane):
            if pane.spec.account == message.account:
                pane.rank_in(message.posts)

    def on_add_pane(self, message: messages.AddPane) -> None:
        self.add_pane(message.spec)

    def add_pane(self, spec: PaneSpec) -> None:
        existing = [pane.spec.key for pane in self.panes]
        if spec.key in existing:
            self._active = existing.index(spec.key)
            self._after_add()
        else:
            self._active = len(existing)
            mounting = self.query_one("#panes", Horizontal).mount(timeline_pane(spec))
            self.call_later(self._after, mounting, self._after_add)

    async def _after(self, change: Awaitable[object], then: Callable[[], None]) -> None:
        """Run `then` once a mount or removal has really finished (not just been asked)."""
        await change
        then()

    def _after_add(self) -> None:
        self._saved_layout_changed()
        self._focus_active()

    def action_refresh_pane(self) -> None:
        """Reload this pane, and every pane the server failed (a retry after a start-up
        problem is one key, whichever pane has the focus)."""
        for pane in self.panes:
            if pane is self.active_pane or pane.failed:
                pane.query_one(PaneProblem).clear()  # a failure again is said again
                pane.set_status("reloading…")
                pane.load_latest()

    def _saved_layout_changed(self) -> None:
        if problem := self.fedtui.context.save_layout(self.specs):
            self.notify(problem, severity="warning")
        self._update_tabs()

    # -- how many panes fit -------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._layout_for_width(event.size.width)

    def _layout_for_width(self, width: int) -> None:
        """Show as many panes as fit at MIN_PANE_WIDTH, a window holding the active one;
        mark the active pane (its header) and say on the tab strip what is hidden."""
        panes = self.panes
        if not panes:
            return
        self._active = max(0, min(self._active, len(panes) - 1))
        fit = max(1, min(len(panes), width // MIN_PANE_WIDTH))
        first = min(self._first, self._active)
        first = max(first, self._active - fit + 1)
        self._first = first = max(0, min(first, len(panes) - fit))
        for index, pane in enumerate(panes):
            pane.display = first <= index < first + fit
            pane.set_class(index == self._active, "active")
        self.set_class(fit < len(panes), "tabbed")
        self._update_tabs()

    def _update_tabs(self) -> None:
        panes = self.panes
        fit = sum(1 for pane in panes if pane.display)
        self.query_one(PaneTabs).show([pane.spec.title for pane in panes], self._active,
                                      range(self._first, self._first + fit))
