"""`S` (a thread) and `C` (a catch-up): a summary whose every point cites its posts.

The points come from `fedtui.app.summarise` in a worker, quoted at once (no model); `m`
runs them again through the model's queue, translating foreign posts first and keeping a
shorter phrasing only where the faithfulness check passes, point by point. `1`-`9` (or
`enter` on a line) open a cited post; `esc` cancels whatever is still running.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from fedtui.core.render import status_text
from fedtui.core.sanitize import clean_line
from fedtui.core.summary import Point, Reader, Summary
from fedtui.errors import FedtuiError
from fedtui.ui import messages
from fedtui.ui.keymap import SUMMARY_KEYS, bindings
from fedtui.ui.screens.base import Dialog
from fedtui.ui.workers import work

if TYPE_CHECKING:
    from fedtui.app.summarise import Helpers, Source, Summaries, Update
    from fedtui.app.translation_desk import TranslationDesk
    from fedtui.core.model import Status
    from fedtui.llm.backend import CancelToken, LocalModel

EXTRACTIVE = "summary · extractive"


def model_label(name: str) -> str:
    return f"summary by {name} · on this device · may be wrong"


class SummaryScreen(Dialog[None]):
    """A summary being made: its points as they come, then its numbered sources."""

    BINDINGS = bindings(SUMMARY_KEYS)

    def __init__(self, title: str, fetch: Callable[[], Source], *, account: str = "",
                 on_done: Callable[[Source], None] | None = None) -> None:
        super().__init__()
        self.heading = clean_line(title)
        self.fetch = fetch
        self.account = account
        self.on_done = on_done
        self.source: Source | None = None
        self.reader = Reader()
        self.points: list[Point | None] = []
        self.method = "extractive"
        self.finished = False
        self.stopped = threading.Event()  # esc: the runs stop at their next point
        self.job_key = ("summary", id(self))
        self.submitted = False  # the model's queue has a job of this panel

    @classmethod
    def of_thread(cls, status: Status, source: Widget) -> SummaryScreen:
        """`S` on a post of a list (a pane's posts are read as the pane's account)."""
        from fedtui.ui.widgets.pane import TimelinePane

        account = next((node.spec.account for node in source.ancestors_with_self
                        if isinstance(node, TimelinePane)), "")
        shown = status.shown

        def fetch() -> Source:
            from fedtui.app.summarise import thread_source
            from fedtui.ui.app import FedtuiApp

            app = source.app
            assert isinstance(app, FedtuiApp)
            return thread_source(app.context.session(account).client(), shown.id)

        who = f"@{shown.account.acct}"
        return cls(f"Summary of the thread of {who}'s post", fetch, account=account)

    @property
    def summary(self) -> Summary:
        return Summary(self.method, tuple(p for p in self.points if p is not None))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="summary"):
            yield Static(self.heading, classes="dialog-title", markup=False)
            yield Static(EXTRACTIVE, id="summary-label", markup=False)
            yield OptionList(id="summary-points", markup=False)
            yield Static("Reading the posts…", id="summary-note", markup=False)

    def on_mount(self) -> None:
        self.start()

    def on_unmount(self) -> None:
        self.cancel()

    def cancel(self) -> None:
        self.stopped.set()
        desk = self.fedtui.translation_desk()
        if desk is not None and self.submitted:
            desk.scheduler.cancel(self.job_key)

    def action_dismiss_screen(self) -> None:
        self.cancel()
        super().action_dismiss_screen()

    # -- the runs ------------------------------------------------------------------------

    def summaries(self) -> Summaries:
        return self.fedtui.summaries()

    def helpers(self, desk: TranslationDesk | None) -> Helpers:
        """The quick pass: foreign posts marked, their translations only if cached."""
        from fedtui.app.summarise import Helpers

        if desk is None:
            return Helpers()

        def cached(status: Status) -> str | None:
            found = desk.cached(status)
            return found.content.text if found is not None and found.content.ok else None

        return Helpers(foreign=foreign_in(desk), translate=cached, target=desk.target,
                       language=desk.language_of)

    @work(thread=True, exclusive=True, group="summary")
    def start(self) -> None:
        try:
            source = self.fetch()
            session = self.fedtui.context.session(self.account)
            from fedtui.app.summarise import reader_of

            reader = reader_of(session.explainer().reader()[0])
        except FedtuiError as err:
            self.app.call_from_thread(self._note, f"Could not read the posts: {err}")
            return
        desk = self.fedtui.translation_desk()
        if desk is not None:
            desk.decide(source.statuses)
        self.app.call_from_thread(self._begin, source, reader)
        helpers = self.helpers(desk)
        for update in self.summaries().run(source, reader, helpers, self.stopped.is_set):
            self.app.call_from_thread(self._show, update, "")
        self._tell_store_notices()
        if not self.stopped.is_set():
            self.app.call_from_thread(self._finish, desk)

    def action_phrase(self) -> None:
        """`m`: translate and phrase with the on-device model, in its queue."""
        desk = self.fedtui.translation_desk()
        if desk is None or self.source is None or not self.finished:
            self.notify("The summary is not ready for the model yet." if desk is not None
                        else "No on-device model in this session.", severity="warning")
            return
        from fedtui.llm.scheduler import Priority

        source, reader = self.source, self.reader
        self._note("Waiting for the on-device model…")

        def run(model: LocalModel, token: CancelToken) -> None:
            helpers = model_helpers(desk, model, token)
            stop = lambda: token.cancelled or self.stopped.is_set()  # noqa: E731
            for update in self.summaries().run(source, reader, helpers, stop):
                self._from_model(self._show, update, model.name)
            self._tell_store_notices()

        self.submitted = True
        desk.scheduler.submit(self.job_key, Priority.FOCUSED, run,
                              on_done=lambda _: self._from_model(self._phrased),
                              on_error=lambda err: self._from_model(
                                  self._note, f"The model could not help: {err}"))

    def _tell_store_notices(self) -> None:
        """From a worker: say once what went wrong with the kept summaries' file."""
        for notice in self.summaries().notices():
            self.app.call_from_thread(self.notify, notice, severity="warning")

    def _from_model(self, callback: Callable[..., object], *args: object) -> None:
        """From the model's thread: run `callback` on the UI thread unless the panel left."""
        if not self.stopped.is_set():
            self.app.call_from_thread(callback, *args)

    # -- on the UI thread ----------------------------------------------------------------

    def _begin(self, source: Source, reader: Reader) -> None:
        self.source, self.reader = source, reader
        if not source.statuses:
            self._note("Nothing new to summarise.")

    def _show(self, update: Update, model: str) -> None:
        if self.stopped.is_set():  # closed: a late point from a worker goes nowhere
            return
        if len(self.points) != update.total:  # the model's context chunks a long thread
            self.points = [None] * update.total
        self.points[update.index] = update.point
        if update.point.phrased and model:
            self.method = f"model:{model}"
            self.query_one("#summary-label", Static).update(model_label(model))
        self._paint()
        self._note(f"{sum(p is not None for p in self.points)} of {update.total} points…")

    def _paint(self) -> None:
        summary = self.summary
        lines = [Option(Content(f"• {line}"), id=f"p{i}")
                 for i, line in enumerate(summary.lines())]
        statuses = {s.shown.id: s.shown for s in self.source.statuses} if self.source else {}
        for number, sid in enumerate(summary.sources(), 1):
            shown = statuses.get(sid)
            text = " ".join(status_text(shown).split()) if shown is not None else ""
            who = f"@{shown.account.acct}" if shown is not None else sid
            lines.append(Option(Content(clean_line(f"[{number}] {who}: {text}")[:200]),
                                id=f"s{sid}"))
        points = self.query_one("#summary-points", OptionList)
        highlighted = points.highlighted
        points.set_options(lines)
        if highlighted is not None and highlighted < len(lines):
            points.highlighted = highlighted

    def _finish(self, desk: TranslationDesk | None) -> None:
        if self.stopped.is_set():
            return
        self.finished = True
        if self.source is not None and self.on_done is not None:
            self.on_done(self.source)
        untranslated = [p for p in self.summary.points if "(in " in p.who]
        hint = " · m: the on-device model" if desk is not None else ""
        if untranslated and desk is not None:
            hint = f" · m: translate {len(untranslated)} post(s) and shorten with the model"
        self._note(f"{len(self.summary.points)} points · 1-9: open a cited post{hint}")

    def _phrased(self) -> None:
        phrased = sum(p.phrased for p in self.summary.points)
        self._note(f"The model shortened {phrased} of {len(self.summary.points)} points; "
                   "the others quote their post (they failed the check).")

    def _note(self, text: str) -> None:
        if self.stopped.is_set():
            return
        self.query_one("#summary-note", Static).update(clean_line(text))

    # -- opening the sources -------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and event.character in "123456789":
            event.stop()
            self.open_source(int(event.character))

    def open_source(self, number: int) -> None:
        sources = self.summary.sources()
        if not 1 <= number <= len(sources):
            self.notify(f"No cited post [{number}].", severity="warning")
            return
        self.open_post(sources[number - 1])

    def open_post(self, status_id: str) -> None:
        statuses = {s.shown.id: s.shown for s in self.source.statuses} if self.source else {}
        if status_id in statuses:
            self.app.post_message(messages.OpenThread(statuses[status_id]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("s"):
            self.open_post(option_id[1:])
        elif option_id.startswith("p"):
            point = self.summary.points[int(option_id[1:])]
            self.open_post(point.cites[0])


def foreign_in(desk: TranslationDesk) -> Callable[[Status], str | None]:
    """The language name of a post the reader does not read (as the desk decided it)."""
    from fedtui.core.langdetect import language_name

    def foreign(status: Status) -> str | None:
        if not desk.is_foreign(status):
            return None
        return language_name(desk.language_of(status) or "")

    return foreign


def model_helpers(desk: TranslationDesk, model: LocalModel, token: CancelToken) -> Helpers:
    """The model pass: translations through the pipeline (cache first), phrasing checked."""
    from fedtui.app.summarise import Helpers, translate_by
    from fedtui.core.translate import Translator
    from fedtui.llm.formats import task_runner

    runner = task_runner(model, token)
    translator = Translator(runner, desk.detector, model.name)
    return Helpers(foreign=foreign_in(desk),
                   translate=translate_by(translator, desk.target, desk.cached),
                   runner=runner, model_name=model.name, target=desk.target,
                   language=desk.language_of, context_tokens=model.context_length)
