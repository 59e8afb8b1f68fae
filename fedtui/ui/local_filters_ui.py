"""The App's side of the local filters: folds, held-back posts, repaints, the mute key.

The service (`fedtui.app.local_filters`) decides; this asks it for each card and list,
and repaints the lists when the rules change (`RulesWatch` notices) or the model has
judged posts (batched: the model's thread never waits for the UI thread).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fedtui.app.local_filters import LocalFilters, filters_file
from fedtui.core.local_filters import RuleKind, full_acct
from fedtui.core.model import Item, Status
from fedtui.core.timeline import status_ids
from fedtui.ui.app_translation import PendingRepaints

if TYPE_CHECKING:
    from fedtui.llm.scheduler import ModelScheduler
    from fedtui.ui.app import FedtuiApp


class LocalFiltersView:
    """Built by the App on first use; every method runs on the UI thread but `_judged`."""

    def __init__(self, app: FedtuiApp) -> None:
        self.app = app
        self.service = LocalFilters(filters_file(), scheduler=self._scheduler,
                                    on_judged=self._judged, store=app.context.judgements)
        self.service.asking = False  # the model loads after the first frame, not for it
        self._pending = PendingRepaints()
        self._said: tuple[str, ...] = ()

    def _scheduler(self) -> ModelScheduler | None:
        desk = self.app.translation_desk()
        return desk.scheduler if desk is not None else None

    def start(self) -> None:
        """After the first frame: say what is wrong with the rules, and let describe rules
        ask the model (the App's `RulesWatch` reads the file again when it changes)."""
        self.service.start_asking()
        if self.service.problems:
            self.rules_changed()
        elif any(r.kind is RuleKind.DESCRIBE for r in self.service.rules):
            self.repaint(None)  # the posts drawn for the first frame are judged now

    def fold(self, item: Item) -> str:
        """The names of the rules that hide `item` ("" when it is shown)."""
        return self.service.decide(item).title

    def waiting(self, item: Item) -> bool:
        """Whether `item` is held back until a "judge before showing" rule judged it."""
        return self.service.decide(item).waiting

    def reload(self) -> None:
        """Read the file again now (after an edit in fedtui), and show what changed."""
        if self.service.reload():
            self.rules_changed()

    def rules_changed(self) -> None:
        """The rules (or their problems) changed: say what is wrong, repaint the lists."""
        problems = self.service.problems
        if problems and problems != self._said:
            self.app.notify("\n".join(problems), title="Local filters", severity="error",
                            timeout=15)
        self._said = problems
        self.repaint(None)

    def _judged(self, status_id: str) -> None:
        """From the model's thread: mark the post; the first mark asks for a repaint."""
        if self._pending.add(status_id):
            self.app.call_later(self._repaint_judged)

    def _repaint_judged(self) -> None:
        self.repaint(self._pending.take())

    def repaint(self, changed: list[str] | None) -> None:
        """Every list shows what the rules decide now (`changed`: these statuses' cards
        are drawn again; None: every card)."""
        from fedtui.ui.widgets.status_list import StatusList

        held = changed is None or any(rule.before_showing for rule in self.service.rules)
        for screen in self.app.screen_stack:
            for status_list in screen.query(StatusList):
                ids = changed if changed is not None else [
                    sid for item in status_list.items for sid in status_ids(item)]
                if held:  # posts held back may show now: the list is built again
                    status_list.show()
                status_list.refresh_statuses(ids)

    def ask_mute(self, status: Status) -> None:
        """`m`: mute the author or their server here (a rule in the file), after asking."""
        from fedtui.ui.screens.dialogs import ChoiceDialog

        acct = full_acct(status.shown.account)
        domain = acct.rpartition("@")[2] if "@" in acct else ""
        choices = [("accounts", f"Mute @{acct} here")]
        if domain:
            choices.append(("domains", f"Mute everyone on {domain} here"))
        choices.append(("cancel", "Cancel"))

        def chosen(answer: str | None) -> None:
            if answer in ("accounts", "domains"):
                self.mute(RuleKind(answer), status)

        self.app.push_screen(ChoiceDialog(
            "Mute in your local filters", choices,
            f"A rule is added to {self.service.path}: their posts fold behind one line "
            "naming it (s shows one). Your server is not told."), chosen)

    def mute(self, kind: RuleKind, status: Status) -> None:
        try:
            said = self.service.mute(kind, status)
        except OSError as err:
            self.app.notify(f"Could not write {self.service.path}: {err}", severity="error")
            return
        self.app.notify(said)
        self.repaint(None)
