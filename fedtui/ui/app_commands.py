"""The App's writing and finding commands: compose (offering unfinished drafts first),
search, server filters, scheduled posts, and switching accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import ModalScreen, Screen

from fedtui.app.compose_request import ComposeRequest
from fedtui.core.panes import PaneSpec
from fedtui.errors import FedtuiError
from fedtui.ui import messages
from fedtui.ui.post_actions import PostActionsMixin
from fedtui.ui.screens.base import EditorScreen
from fedtui.ui.workers import work

if TYPE_CHECKING:
    from fedtui.app.context import AccountRef
    from fedtui.store.drafts import SavedDraft

#: Actions that open a screen of their own: not from inside a dialog or the editor.
SCREEN_OPENERS = frozenset({"compose", "search", "filters", "scheduled"})


class WriteCommandsMixin(PostActionsMixin):
    """Mixed into `FedtuiApp`."""

    def show_home(self) -> None:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in SCREEN_OPENERS:
            return True
        return self.context.account is not None and not isinstance(
            self.user_screen, ModalScreen | EditorScreen)

    @property
    def user_screen(self) -> Screen[object]:
        """The screen the user is on: the one under the command palette while it is open
        (its commands are those of that screen)."""
        from textual.command import CommandPalette

        if isinstance(self.screen, CommandPalette) and len(self.screen_stack) > 1:
            return self.screen_stack[-2]
        return self.screen

    # -- compose ------------------------------------------------------------------------

    def action_compose(self) -> None:
        self.offer_drafts()

    @work(thread=True, exclusive=True, group="drafts")
    def offer_drafts(self) -> None:
        """Unfinished drafts first: resume one, or start a new post."""
        store = self.context.drafts
        drafts: list[SavedDraft] = []
        if store is not None:
            try:
                drafts = store.unfinished(self.context.account_key)
            except FedtuiError as err:
                self.call_from_thread(self.notify, f"Could not read your drafts: {err}",
                                      severity="warning")
        if drafts:
            self.call_from_thread(self._pick_draft, drafts)
        else:
            self.call_from_thread(self.open_compose, ComposeRequest())

    def _pick_draft(self, drafts: list[SavedDraft]) -> None:
        from fedtui.ui.screens.dialogs import ChoiceDialog

        choices = [(draft.id, _draft_label(draft)) for draft in drafts[:9]]
        choices.append(("new", "Start a new post (the drafts stay)"))

        def chosen(answer: str | None) -> None:
            if answer == "new":
                self.open_compose(ComposeRequest())
            elif answer is not None:
                draft = next(d for d in drafts if d.id == answer)
                self.open_compose(ComposeRequest.resume(draft))

        self.push_screen(ChoiceDialog("You have unfinished drafts", choices), chosen)

    # -- search, filters, scheduled posts -------------------------------------------------

    def action_search(self) -> None:
        from fedtui.ui.screens.search import SearchScreen

        self.push_screen(SearchScreen())

    def action_filters(self) -> None:
        from fedtui.ui.screens.filters import FiltersScreen

        self.push_screen(FiltersScreen())

    def action_scheduled(self) -> None:
        from fedtui.ui.screens.scheduled import ScheduledScreen

        self.push_screen(ScheduledScreen())

    def open_pane(self, spec: PaneSpec) -> None:
        """Back to the panes, with `spec` added (or focused if it is there already)."""
        from fedtui.ui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        self.screen.post_message(messages.AddPane(spec))

    # -- accounts ---------------------------------------------------------------------

    def action_login(self) -> None:
        """The login screen, on the current instance's address (escape goes back)."""
        from fedtui.ui.screens.login import LoginScreen

        account = self.context.account
        if not isinstance(self.screen, LoginScreen):
            self.push_screen(LoginScreen(account.instance_url if account else ""))

    def switch_to(self, account: AccountRef) -> None:
        """Show another saved account's panes (from the command palette)."""
        self.context.switch_account(account)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.show_home()
        self.notify(f"Switched to {account.key}.")


def _draft_label(draft: SavedDraft) -> str:
    kind = {"reply": "Reply", "edit": "Edit"}.get(draft.kind, "Post")
    text = " ".join((draft.spoiler_text or draft.text).split()) or "(media or poll only)"
    text = text if len(text) <= 48 else text[:47] + "…"
    when = draft.updated_at.astimezone().strftime("%b %d %H:%M")
    failed = f" · not sent: {draft.last_error[:60]}" if draft.last_error else ""
    return f"{kind} · {when} · {text}{failed}"
