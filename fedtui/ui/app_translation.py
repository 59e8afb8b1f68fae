"""The App's side of on-device translation: `t`, auto-translate, the model's state.

The model's thread never waits for the UI thread: a change of a post's translation (every
streamed token) only marks the post, and the marked posts are repainted together at most
`REPAINT_EVERY` seconds apart, so a fast model neither costs one repaint per token nor
delays key presses.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from textual.app import App

from fedtui.app.translation_desk import TranslationDesk
from fedtui.ui import messages

if TYPE_CHECKING:
    from fedtui.app.context import AppContext
    from fedtui.llm.scheduler import ModelStatus

MODEL_STATES = {"loading": "loading the model…", "ready": "model ready", "failed": "no model"}
REPAINT_EVERY = 1 / 30  # seconds between repaints of streaming translations


class PendingRepaints:
    """Posts whose translation changed since the last repaint (filled from any thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids: dict[str, None] = {}
        self.last = 0.0  # when the last batch was repainted (monotonic)
        self.waiting = False  # a timer for the next batch is set

    def add(self, status_id: str) -> bool:
        """Mark a post; True when it is the first since the last batch (post a message)."""
        with self._lock:
            first = not self._ids
            self._ids[status_id] = None
            return first

    def take(self) -> list[str]:
        with self._lock:
            ids, self._ids = list(self._ids), {}
            return ids


class TranslationMixin(App[None]):
    """Routes `TranslateRequested` and `PostsInView`; repaints the posts that change."""

    context: AppContext
    model_state: str = ""
    _desk: TranslationDesk | None = None
    _pending: PendingRepaints | None = None

    def translation_desk(self) -> TranslationDesk | None:
        """The desk, built on first use; None when this App has no models (tests, --no-ai)."""
        if self._desk is None and self.context.models is not None:
            from fedtui.core.langdetect import FastTextDetector

            config = self.context.config
            self._pending = PendingRepaints()
            self._desk = TranslationDesk(
                registry=self.context.models, detector=FastTextDetector(),
                reader_languages=config.languages,
                target=config.translation.target_language,
                on_update=self._post_changed, on_model_status=self._model_status,
                store=self.context.translations, threads=config.translation.model_threads,
                unload_after=config.translation.unload_after)
        return self._desk

    def on_translate_requested(self, message: messages.TranslateRequested) -> None:
        desk = self.translation_desk()
        if desk is None:
            self.notify("On-device translation is not available in this session.",
                        severity="warning")
            return
        desk.toggle(message.status)

    def on_posts_in_view(self, message: messages.PostsInView) -> None:
        if not self.context.config.translation.auto_translate:
            return
        desk = self.translation_desk()
        if desk is None:
            return
        if message.visible or message.upcoming:
            desk.in_view(message.source, message.visible, message.upcoming,
                         focused=message.focused)
        else:
            desk.left_view(message.source)

    def _post_changed(self, status_id: str) -> None:
        """From any thread, without waiting: mark the post for the next repaint."""
        if self._pending is not None and self._pending.add(status_id):
            self.post_message(messages.TranslationsChanged())

    def on_translations_changed(self, message: messages.TranslationsChanged) -> None:
        pending = self._pending
        if pending is None or pending.waiting:
            return
        wait = pending.last + REPAINT_EVERY - time.monotonic()
        if wait > 0:
            pending.waiting = True
            self.set_timer(wait, self._repaint_pending)
        else:
            self._repaint_pending()

    def _repaint_pending(self) -> None:
        pending = self._pending
        if pending is None:
            return
        pending.waiting = False
        pending.last = time.monotonic()
        for status_id in pending.take():
            self.repaint_status(status_id)

    def repaint_status(self, status_id: str) -> None:
        from fedtui.ui.messages import CardsChanged
        from fedtui.ui.widgets.status_list import StatusList

        for screen in self.screen_stack:
            for status_list in screen.query(StatusList):
                status_list.post_message(CardsChanged((status_id,)))

    def _model_status(self, status: ModelStatus, message: str) -> None:
        def show() -> None:
            self.model_state = MODEL_STATES.get(str(status), "")
            if str(status) == "failed":
                self.notify(message or "The on-device model could not be loaded.",
                            title="Translation", severity="error", timeout=10)
            elif str(status) == "loading":
                self.notify("Loading the on-device model (first use)…", title="Translation")

        self.call_later(show)  # from any thread (a message), never waiting for the UI

    def on_unmount(self) -> None:
        if self._desk is not None:
            self._desk.shutdown()
