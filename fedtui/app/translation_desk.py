"""On-device translation, a service the UI calls: language badges, `t`, auto-translate,
the model's state.

No Textual here: the App owns one `TranslationDesk`, calls it from the UI thread, and gets
its callbacks on the model's worker thread (it hops back with `call_from_thread`). The
model loads lazily, on the first translation, never at start-up.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from fedtui.core.bounded import Recent
from fedtui.core.langdetect import (
    Detector,
    LanguageDecision,
    decide_language,
    language_name,
    normalize_lang,
    reads_language,
)
from fedtui.core.model import Status
from fedtui.core.render import status_text
from fedtui.core.translation_queue import Rank, ViewBoard, Window
from fedtui.core.translation_result import (
    FAILED_MESSAGE,
    Confidence,
    StatusTranslation,
    Translation,
    translation_cache_key,
)
from fedtui.errors import FedtuiError

if TYPE_CHECKING:  # the pipeline and the scheduler load with the first translation
    from fedtui.llm.backend import CancelToken, LocalModel
    from fedtui.llm.registry import ModelRegistry
    from fedtui.llm.scheduler import ModelScheduler, ModelStatus, Priority
    from fedtui.store.translations import TranslationStore


class ViewState(StrEnum):
    WAITING = "waiting"  # queued, or the model is loading
    STREAMING = "streaming"
    DONE = "done"
    FAILED = "failed"
    SAME_LANGUAGE = "same-language"  # already in the target language: nothing to translate


@dataclass
class TranslationView:
    """What the card of one post shows under the original."""

    state: ViewState = ViewState.WAITING
    requested: bool = False  # the reader pressed `t` (else: auto-translate)
    partial: str = ""
    result: StatusTranslation | None = None
    error: str = ""  # why it failed, a whole sentence
    language: str = ""  # the post's language, when it is already the target

    def label(self, model: str) -> str:
        if self.state is ViewState.SAME_LANGUAGE:
            return f"already in {language_name(self.language)} · nothing to translate"
        if self.result is not None:
            content = self.result.content
            source, target = language_name(content.source_lang), language_name(content.target_lang)
            trust = ("may be wrong" if self.result.confidence is not Confidence.HIGH
                     else "likely right")
            return (f"machine translation · {source} → {target} · {trust} · {model}"
                    " · on this device")
        return f"machine translation · {model} · on this device"


@dataclass
class TranslationDesk:
    """Languages of posts, the translations the reader asked for, and the model's queue."""

    registry: Callable[[], ModelRegistry]  # the models the user has, built on first use
    detector: Detector
    reader_languages: tuple[str, ...]
    target: str
    on_update: Callable[[str], None]  # a post's view changed (called from any thread)
    on_model_status: Callable[[ModelStatus, str], None]
    store: TranslationStore | None = None  # translations kept on disk across sessions
    on_notice: Callable[[str], None] | None = None  # something the user should read
    threads: int = 0  # the model's CPU threads; 0: every core
    unload_after: float = 0  # seconds idle before the model is freed; 0: never
    views: dict[str, TranslationView] = field(default_factory=Recent)
    board: ViewBoard = field(default_factory=ViewBoard)  # what every list shows
    _in_view: dict[str, Status] = field(default_factory=dict)
    _model_name: str = ""
    _languages: dict[str, LanguageDecision] = field(default_factory=Recent)
    _results: dict[tuple[str, ...], StatusTranslation] = field(default_factory=Recent)
    _scheduler: ModelScheduler | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- languages ---------------------------------------------------------------------

    def decide(self, statuses: Iterable[Status]) -> tuple[str, ...]:
        """Decide the language of each post (call from a worker: the detector loads for the
        batch and is dropped after it); the ids of the posts whose language is now not the
        one they were tagged with (their badge changes)."""
        retagged: list[str] = []
        with self.detector.loaded():
            for status in statuses:
                shown = status.shown
                if shown.id not in self._languages:
                    text = "\n".join([shown.spoiler_text, status_text(shown)])
                    self._languages[shown.id] = decide_language(text, shown.language,
                                                                self.detector)
                if normalize_lang(self.language_of(status)) != normalize_lang(status.language):
                    retagged.append(status.id)
        return tuple(retagged)

    def language_of(self, status: Status) -> str | None:
        decision = self._languages.get(status.shown.id)
        return decision.lang if decision is not None else status.shown.language

    def is_foreign(self, status: Status) -> bool:
        lang = self.language_of(status)
        return lang is not None and not reads_language(lang, self.reader_languages)

    # -- translations ------------------------------------------------------------------

    def view(self, status: Status) -> TranslationView | None:
        return self.views.get(status.shown.id)

    def toggle(self, status: Status) -> None:
        """`t`: show the translation (translating if needed), or the original again."""
        key = status.shown.id
        view = self.views.get(key)
        if view is not None and (view.requested or view.state is not ViewState.WAITING):
            del self.views[key]
            if self._scheduler is not None:
                self._scheduler.cancel(key)
            self.on_update(key)
            return
        decided = self._languages.get(key)  # by the detector: tags are often wrong
        if decided is not None and normalize_lang(decided.lang) == normalize_lang(self.target):
            self.views[key] = TranslationView(ViewState.SAME_LANGUAGE, requested=True,
                                              language=self.target)
            self.on_update(key)
            return
        from fedtui.llm.scheduler import Priority

        self.show(status, Priority.FOCUSED)

    def show(self, status: Status, priority: Priority) -> None:
        """Show the translation of `status`: from the cache at once, else queued."""
        from fedtui.llm.scheduler import Priority

        shown = status.shown
        requested = priority is Priority.FOCUSED
        if shown.id in self.views and not requested:
            return
        cached = self.cached(shown)
        if cached is not None:
            self.views[shown.id] = TranslationView(ViewState.DONE, requested, result=cached)
            self.on_update(shown.id)
            return
        self.views[shown.id] = TranslationView(requested=requested)
        self.on_update(shown.id)
        self.scheduler.submit(shown.id, priority, self._job(shown),
                              on_done=lambda result: self._finished(shown, result),
                              on_error=lambda err: self._failed(shown.id, err),
                              group=normalize_lang(self.language_of(status)))

    def translate_text(self, key: str, text: str, target: str, *,
                       on_partial: Callable[[str], None],
                       on_done: Callable[[Translation], None],
                       on_error: Callable[[BaseException], None]) -> None:
        """Translate free text (a draft) first in the queue; callbacks come on any thread."""

        def run(model: LocalModel, cancel: CancelToken) -> Translation:
            from fedtui.core.translate import Translator
            from fedtui.llm.formats import task_runner

            translator = Translator(task_runner(model, cancel), self.detector, model.name)
            return translator.translate(text, target, on_partial=on_partial)

        from fedtui.llm.scheduler import Priority

        self.scheduler.submit(key, Priority.FOCUSED, run, on_done=on_done, on_error=on_error)

    def in_view(self, source: Hashable, visible: Sequence[Status],
                 upcoming: Sequence[Status], *, focused: bool) -> None:
        """Auto-translate: `source` (a list of posts) shows `visible` and is about to show
        `upcoming`. Jobs are ordered over every list and dropped only when their post is
        in none (`fedtui.core.translation_queue`)."""
        for status in (*visible, *upcoming):
            self._in_view[status.shown.id] = status
        self.board.report(source, Window.of([s.shown.id for s in visible],
                                            [s.shown.id for s in upcoming]), focused=focused)
        self._plan()

    def left_view(self, source: Hashable) -> None:
        """`source` is gone (a closed pane, a thread left): its posts may be dropped."""
        if source in self.board.windows:
            self.board.forget(source)
            self._plan()

    def _plan(self) -> None:
        from fedtui.llm.scheduler import Priority

        gone = self.board.gone([key for key, view in self.views.items() if not view.requested
                                and view.state in (ViewState.WAITING, ViewState.STREAMING)])
        if gone and self._scheduler is not None:
            self._scheduler.cancel_where(lambda key: key in gone)
        for key in gone:
            del self.views[key]
        ranked = self.board.ranked()
        self._in_view = {key: self._in_view[key] for key, _ in ranked if key in self._in_view}
        priorities = {Rank.FOCUSED: Priority.VISIBLE, Rank.SHOWN: Priority.ELSEWHERE,
                      Rank.UPCOMING: Priority.PREFETCH}
        queued: dict[Hashable, Priority] = {}
        for key, rank in ranked:
            status = self._in_view.get(key)
            if status is None or not self.is_foreign(status):
                continue
            if key in self.views:
                if self.views[key].state is ViewState.WAITING:
                    queued[key] = priorities[rank]
            else:
                self.show(status, priorities[rank])
        if queued and self._scheduler is not None:
            self._scheduler.reprioritize(queued)

    def cached(self, status: Status) -> StatusTranslation | None:
        """A translation made before, in this session or an earlier one."""
        key = self.cache_key(status)
        result = self._results.get(key)
        if result is None and self.store is not None:
            try:
                result = self.store.get(key)
            except FedtuiError:
                result = None
            if result is not None:
                self._results[key] = result
        return result

    def cache_key(self, status: Status) -> tuple[str, ...]:
        return translation_cache_key(status, self.model_name, self.target)

    @property
    def model_name(self) -> str:
        """The active model's name (for labels and cache keys), without loading it."""
        if not self._model_name:
            registry = self.registry()
            self._model_name = registry.active_name()
            self._said(registry)
        return self._model_name

    def _said(self, registry: ModelRegistry) -> None:
        notice = registry.take_notice()  # the registry was damaged and moved aside
        if notice and self.on_notice is not None:
            self.on_notice(notice)

    @property
    def scheduler(self) -> ModelScheduler:
        with self._lock:
            if self._scheduler is None:
                from fedtui.llm.scheduler import ModelScheduler

                self._scheduler = ModelScheduler(self._load_model,
                                                 on_status=self.on_model_status,
                                                 unload_after=self.unload_after or None)
            return self._scheduler

    def _load_model(self) -> LocalModel:
        registry = self.registry()
        try:
            return registry.load(n_threads=self.threads or None)
        finally:
            self._said(registry)

    def shutdown(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)

    # -- on the model's thread ---------------------------------------------------------

    def _job(self, status: Status) -> Callable[[LocalModel, CancelToken], StatusTranslation]:
        def run(model: LocalModel, cancel: CancelToken) -> StatusTranslation:
            from fedtui.core.translate import Translator, translate_status
            from fedtui.llm.formats import task_runner

            translator = Translator(task_runner(model, cancel), self.detector, model.name)
            return translate_status(status, translator, self.target,
                                    on_partial=lambda text: self._partial(status.id, text))

        return run

    def _partial(self, key: str, text: str) -> None:
        view = self.views.get(key)
        if view is not None:
            view.state, view.partial = ViewState.STREAMING, text
            self.on_update(key)

    def _finished(self, status: Status, result: StatusTranslation) -> None:
        key = self.cache_key(status)
        self._results[key] = result
        if self.store is not None and result.content.ok:
            with contextlib.suppress(FedtuiError):  # shown anyway; the next session misses
                self.store.put(key, result)
        view = self.views.get(status.id)
        if view is not None:
            failed = result.content.confidence is Confidence.FAILED
            view.state = ViewState.FAILED if failed else ViewState.DONE
            if result.content.ok and result.content.source_lang == result.content.target_lang:
                view.state, view.language = ViewState.SAME_LANGUAGE, result.content.target_lang
            view.result, view.error = result, result.content.message if failed else ""
            self.on_update(status.id)

    def _failed(self, key: str, err: BaseException) -> None:
        view = self.views.get(key)
        if view is not None:
            reason = str(err) or type(err).__name__
            view.state, view.error = ViewState.FAILED, f"{FAILED_MESSAGE[:-1]}: {reason}"
            self.on_update(key)
