"""ctrl+t in compose: translate the draft on this device into the post's language.

The original is kept: ctrl+t again puts it back. The model never posts anything; the
translation is only text in the box, for the writer to read, change and send.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Input, TextArea

from fedtui.core.langdetect import language_name, normalize_lang
from fedtui.core.translation_result import Translation

if TYPE_CHECKING:
    from fedtui.ui.screens.compose import ComposeScreen


class DraftTranslation:
    """ctrl+t of one compose screen (its `#compose-text`, `#compose-language` and `say`):
    the draft translated, or the original put back."""

    def __init__(self, screen: ComposeScreen) -> None:
        self.screen = screen
        self._original_text: str | None = None  # kept while the box shows a translation
        self._translating = False

    def say(self, text: str, error: bool = False) -> None:
        self.screen.say(text, error)

    def toggle(self) -> None:
        """Translate the draft, or put the original back if the box shows a translation."""
        box = self.screen.query_one("#compose-text", TextArea)
        if self._original_text is not None:
            box.text, self._original_text = self._original_text, None
            self.say("Your original text is back (ctrl+t translates again).")
            return
        target = normalize_lang(self.screen.query_one("#compose-language", Input).value)
        from fedtui.ui.app import FedtuiApp

        app = self.screen.app
        desk = app.translation_desk() if isinstance(app, FedtuiApp) else None
        if self._translating or not box.text.strip():
            return
        if desk is None:
            self.say("On-device translation is not available in this session.", error=True)
            return
        if target is None:
            self.say("Type the language to translate into in the lang field (e.g. de), "
                     "then press ctrl+t.", error=True)
            return
        self._translating = True
        source = box.text
        self.say(f"Translating into {language_name(target)} on this device…")
        hop = app.call_from_thread
        desk.translate_text(
            f"draft:{id(self.screen)}", source, target,
            on_partial=lambda text: hop(self._draft_translation_partial, text),
            on_done=lambda result: hop(self._draft_translated, source, result),
            on_error=lambda err: hop(self._draft_translation_failed, str(err)))

    def _draft_translation_partial(self, text: str) -> None:
        self.say(f"Translating… {text[-60:]}")

    def _draft_translated(self, source: str, result: Translation) -> None:
        self._translating = False
        if not result.ok:
            self._draft_translation_failed(result.message or "no usable output")
            return
        if result.source_lang == result.target_lang:
            self.say(f"The draft is already in {language_name(result.target_lang)}.")
            return
        box = self.screen.query_one("#compose-text", TextArea)
        self._original_text = source
        box.text = result.text
        note = f" ({result.confidence} confidence: {result.message})" if result.message else ""
        self.say(f"Machine translation · {language_name(result.source_lang)} → "
                 f"{language_name(result.target_lang)} · {result.model} · on this device"
                 f"{note} · ctrl+t restores your original")

    def _draft_translation_failed(self, why: str) -> None:
        self._translating = False
        self.say(f"The model could not translate the draft: {why}", error=True)
