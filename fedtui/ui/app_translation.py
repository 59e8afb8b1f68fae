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

from fedtui.app.translation_desk import TranslationDesk
from fedtui.ui import messages

if TYPE_CHECKING:
    from fedtui.core.model import Status
    from fedtui.llm.scheduler import ModelStatus
    from fedtui.ui.app import FedtuiApp

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


class AppTranslation:
    """The App's translation desk, built on first use, and the repaints of the posts whose
    translation changes; the App hands it `TranslateRequested`, `PostsInView` and
    `TranslationsChanged`."""

    def __init__(self, app: FedtuiApp) -> None:
        self._app = app
        self._desk: TranslationDesk | None = None
        self._pending = PendingRepaints()

    def desk(self) -> TranslationDesk | None:
        """The desk; None when this App has no models (tests, --no-ai)."""
        context = self._app.context
        if self._desk is None and context.models is not None:
            from fedtui.core.langdetect import FastTextDetector

            config = context.config
            self._desk = TranslationDesk(
                registry=context.models, detector=FastTextDetector(),
                reader_languages=config.languages,
                target=config.translation.target_language,
                on_update=self._post_changed, on_model_status=self._model_status,
                on_notice=self._notice,
                store=context.translations, threads=config.translation.model_threads,
                unload_after=config.translation.unload_after)
        return self._desk

    def toggle(self, status: Status) -> None:
        """`t` on a post: its translation, or the original again."""
        desk = self.desk()
        if desk is None:
            self._app.notify("On-device translation is not available in this session.",
                             severity="warning")
            return
        desk.toggle(status)

    def in_view(self, message: messages.PostsInView) -> None:
        """Auto-translate: a list shows other posts (or is gone)."""
        if not self._app.context.config.translation.auto_translate:
            return
        desk = self.desk()
        if desk is None:
            return
        if message.visible or message.upcoming:
            desk.in_view(message.source, message.visible, message.upcoming,
                         focused=message.focused)
        else:
            desk.left_view(message.source)

    def _post_changed(self, status_id: str) -> None:
        """From any thread, without waiting: mark the post for the next repaint."""
        if self._pending.add(status_id):
            self._app.post_message(messages.TranslationsChanged())

    def changed(self) -> None:
        """Posts were marked: repaint them now, or once `REPAINT_EVERY` has passed."""
        pending = self._pending
        if pending.waiting:
            return
        wait = pending.last + REPAINT_EVERY - time.monotonic()
        if wait > 0:
            pending.waiting = True
            self._app.set_timer(wait, self._repaint_pending)
        else:
            self._repaint_pending()

    def _repaint_pending(self) -> None:
        pending = self._pending
        pending.waiting = False
        pending.last = time.monotonic()
        for status_id in pending.take():
            self._app.repaint_status(status_id)

    def _notice(self, message: str) -> None:
        self._app.call_later(lambda: self._app.notify(
            message, title="Translation", severity="warning", timeout=10))

    def _model_status(self, status: ModelStatus, message: str) -> None:
        def show() -> None:
            if str(status) == "failed":
                self._app.notify(message or "The on-device model could not be loaded.",
                                 title="Translation", severity="error", timeout=10)
            elif str(status) == "loading":
                self._app.notify("Loading the on-device model (first use)…",
                                 title="Translation")

        self._app.call_later(show)  # from any thread (a message), never waiting for the UI

    def shutdown(self) -> None:
        if self._desk is not None:
            self._desk.shutdown()
