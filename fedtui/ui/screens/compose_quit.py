"""Quitting while writing (`q` outside a text field, ctrl+q): keep the draft and quit (the
default), discard it and quit, or go back to writing. Without any text, quit at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from fedtui.ui.screens.compose_keep import DRAFTS_CLOSE, SENDING
from fedtui.ui.screens.dialogs import ChoiceDialog

if TYPE_CHECKING:
    from fedtui.ui.screens.compose import ComposeScreen


def ask_before_quit(screen: ComposeScreen) -> None:
    app = screen.app
    if screen.sender.sending:  # its answer decides what becomes of the draft
        screen.say(SENDING)
        return
    if screen.current().is_empty:
        app.exit()
        return

    def answered(answer: str | None) -> None:
        if answer in ("keep", "discard"):
            screen.keeping.close_with(keep=answer == "keep")
            app.call_later(exit_when_written, app)

    if screen.keeping.writer is None:
        choices = [("back", "Go back to writing (drafts cannot be kept on this computer)"),
                   ("discard", "Quit and lose the text")]
    else:
        choices = [("keep", "Quit and keep the draft (c offers it again)"),
                   ("discard", "Quit and discard the draft"), ("back", "Go back to writing")]
    app.push_screen(ChoiceDialog("Quit fedtui?", choices), answered)


async def exit_when_written(app: App[object]) -> None:
    """Exit once the draft is saved or deleted (its worker would not outlive the app)."""
    await app.workers.wait_for_complete([w for w in app.workers if w.group == DRAFTS_CLOSE])
    app.exit()
