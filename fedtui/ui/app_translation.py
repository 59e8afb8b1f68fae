"""The App's side of on-device translation: `t`, auto-translate, the model's state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from fedtui.ui import messages
from fedtui.ui.translations import TranslationDesk

if TYPE_CHECKING:
    from fedtui.llm.scheduler import ModelStatus
    from fedtui.ui.context import AppContext

MODEL_STATES = {"loading": "loading the model…", "ready": "model ready", "failed": "no model"}


class TranslationMixin(App[None]):
    """Routes `TranslateRequested` and `PostsInView`; repaints the posts that change."""

    context: AppContext
    model_state: str = ""
    _desk: TranslationDesk | None = None

    def translation_desk(self) -> TranslationDesk | None:
        """The desk, built on first use; None when this App has no models (tests, --no-ai)."""
        if self._desk is None and self.context.models is not None:
            from fedtui.core.langdetect import FastTextDetector

            config = self.context.config
            self._desk = TranslationDesk(
                registry=self.context.models, detector=FastTextDetector(),
                reader_languages=config.languages,
                target=config.translation.target_language,
                on_update=self._post_changed, on_model_status=self._model_status,
                store=self.context.translations)
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
        from fedtui.llm.scheduler import Priority

        desk.keep_only({s.id for s in (*message.visible, *message.upcoming)})
        for statuses, priority in ((message.visible, Priority.VISIBLE),
                                   (message.upcoming, Priority.PREFETCH)):
            for status in statuses:
                if desk.is_foreign(status):
                    desk.show(status, priority)

    def _post_changed(self, status_id: str) -> None:
        """From any thread: repaint the cards of this post on every screen."""
        try:
            self.call_from_thread(self.repaint_status, status_id)
        except RuntimeError:  # already on the UI thread
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

        try:
            self.call_from_thread(show)
        except RuntimeError:
            show()

    def on_unmount(self) -> None:
        if self._desk is not None:
            self._desk.shutdown()
