"""Screens stacked over the panes: escape goes back."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import ModalScreen, Screen

from fedtui.ui.keymap import SCREEN_KEYS, bindings

if TYPE_CHECKING:
    from fedtui.ui.app import FedtuiApp

R = TypeVar("R")


class BackScreen(Screen[R]):
    """Escape dismisses it; `fedtui` is the typed App."""

    BINDINGS = bindings(SCREEN_KEYS)

    @property
    def fedtui(self) -> FedtuiApp:
        from fedtui.ui.app import FedtuiApp

        assert isinstance(self.app, FedtuiApp)
        return self.app

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)


class OverlayScreen(BackScreen[R]):
    """A full screen over the panes (thread, profile, help)."""


class EditorScreen(OverlayScreen[R]):
    """A full screen with text being written: keys that open other screens stay off, and
    quitting goes through `quit_asked` (the compose screen asks what to do with a draft)."""

    def quit_asked(self) -> None:
        self.app.exit()


class Dialog(BackScreen[R], ModalScreen[R]):
    """A small dialog over the panes (add pane, pick a link)."""
