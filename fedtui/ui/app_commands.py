"""The App's writing and finding commands: compose (offering unfinished drafts first),
search, server filters, scheduled posts, and switching accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import ModalScreen, Screen

from fedtui.app.compose_request import ComposeRequest
from fedtui.core.panes import PaneSpec
from fedtui.errors import FedtuiError
from fedtui.ui import messages
from fedtui.ui.screens.base import EditorScreen
from fedtui.ui.workers import in_thread

if TYPE_CHECKING:
    from fedtui.app.context import AccountRef
    from fedtui.store.drafts import SavedDraft
    from fedtui.ui.app import FedtuiApp

#: Actions that open a screen of their own: not from inside a dialog or the editor.
SCREEN_OPENERS = frozenset({"compose", "search", "filters", "scheduled"})


class WriteCommands:
    """The App's commands that open a place of their own; the App's keys call them."""

    def __init__(self, app: FedtuiApp) -> None:
        self._app = app

    def allowed(self, action: str) -> bool:
        """Whether `action` may run now: the commands that open a screen need an account,
        and are not opened from inside a dialog or the editor."""
        if action not in SCREEN_OPENERS:
            return True
        return self._app.context.account is not None and not isinstance(
            self.user_screen, ModalScreen | EditorScreen)

    @property
    def user_screen(self) -> Screen[object]:
        """The screen the user is on: the one under the command palette while it is open
        (its commands are those of that screen)."""
        from textual.command import CommandPalette

        app = self._app
        if isinstance(app.screen, CommandPalette) and len(app.screen_stack) > 1:
            return app.screen_stack[-2]
        return app.screen

    # -- compose ------------------------------------------------------------------------

    def compose(self) -> None:
        """Unfinished drafts first: resume one, or start a new post."""
        in_thread(self._app, self._offer_drafts, group="drafts", exclusive=True,
                  name="offer_drafts")

    def _offer_drafts(self) -> None:
        app = self._app
        store = app.context.drafts
        drafts: list[SavedDraft] = []
        if store is not None:
            try:
                drafts = store.unfinished(app.context.account_key)
            except FedtuiError as err:
                app.call_from_thread(app.notify, f"Could not read your drafts: {err}",
                                     severity="warning")
        if drafts:
            app.call_from_thread(self._pick_draft, drafts)
        else:
            app.call_from_thread(app.open_compose, ComposeRequest())

    def _pick_draft(self, drafts: list[SavedDraft]) -> None:
        from fedtui.ui.screens.dialogs import ChoiceDialog

        app = self._app
        choices = [(draft.id, _draft_label(draft)) for draft in drafts[:9]]
        choices.append(("new", "Start a new post (the drafts stay)"))

        def chosen(answer: str | None) -> None:
            if answer == "new":
                app.open_compose(ComposeRequest())
            elif answer is not None:
                draft = next(d for d in drafts if d.id == answer)
                app.open_compose(ComposeRequest.resume(draft))

        app.push_screen(ChoiceDialog("You have unfinished drafts", choices), chosen)

    # -- search, filters, scheduled posts -------------------------------------------------

    def search(self) -> None:
        from fedtui.ui.screens.search import SearchScreen

        self._app.push_screen(SearchScreen())

    def filters(self) -> None:
        from fedtui.ui.screens.filters import FiltersScreen

        self._app.push_screen(FiltersScreen())

    def scheduled(self) -> None:
        from fedtui.ui.screens.scheduled import ScheduledScreen

        self._app.push_screen(ScheduledScreen())

    def open_pane(self, spec: PaneSpec) -> None:
        """Back to the panes, with `spec` added (or focused if it is there already)."""
        from fedtui.ui.screens.home import HomeScreen

        app = self._app
        while len(app.screen_stack) > 1 and not isinstance(app.screen, HomeScreen):
            app.pop_screen()
        app.screen.post_message(messages.AddPane(spec))

    # -- accounts ---------------------------------------------------------------------

    def login(self) -> None:
        """The login screen, on the current instance's address (escape goes back)."""
        from fedtui.ui.screens.login import LoginScreen

        app = self._app
        account = app.context.account
        if not isinstance(app.screen, LoginScreen):
            app.push_screen(LoginScreen(account.instance_url if account else ""))

    def switch_to(self, account: AccountRef) -> None:
        """Show another saved account's panes (from the command palette)."""
        app = self._app
        app.context.switch_account(account)
        while len(app.screen_stack) > 1:
            app.pop_screen()
        app.show_home()
        app.notify(f"Switched to {account.key}.")


def _draft_label(draft: SavedDraft) -> str:
    kind = {"reply": "Reply", "edit": "Edit"}.get(draft.kind, "Post")
    text = " ".join((draft.spoiler_text or draft.text).split()) or "(media or poll only)"
    text = text if len(text) <= 48 else text[:47] + "…"
    when = draft.updated_at.astimezone().strftime("%b %d %H:%M")
    failed = f" · not sent: {draft.last_error[:60]}" if draft.last_error else ""
    return f"{kind} · {when} · {text}{failed}"
