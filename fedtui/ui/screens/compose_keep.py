"""Keeping the compose screen's draft: its save thread, what the screen promises about the
draft (only what is true), and leaving with the draft kept or discarded (`DraftKeeping`,
which the screen holds).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from textual.message import Message
from textual.widgets import Static

from fedtui.core.model import Status
from fedtui.errors import FedtuiError
from fedtui.mastodon.action_types import ScheduledPost
from fedtui.store.draft_writer import DraftWriter
from fedtui.store.drafts import SavedDraft
from fedtui.ui.workers import in_thread

if TYPE_CHECKING:
    from fedtui.ui.screens.compose import ComposeScreen


@dataclass(frozen=True, slots=True)
class Sent:
    """What a send did: the post (or the scheduled post) and the notice that says so;
    `changed`: the server did not do all the draft asked (it ignored a schedule, a quote)."""

    post: Status | ScheduledPost
    notice: str
    changed: bool = False


DRAFTS_CLOSE = "drafts-close"  # the worker group that keeps or forgets a closed draft
SENDING = "Sending… the server's answer comes first (the editor closes once the post is sent)."


class DraftKept(Message):
    """The draft as of `revision` is committed to the store (or `problem` says why not)."""

    def __init__(self, revision: int, problem: str | None = None) -> None:
        super().__init__()
        self.revision = revision
        self.problem = problem


class DraftKeeping:
    """The draft of one compose screen (its `current()`, `say` and title): handed to its
    writer at every change, and what the screen promises about it."""

    def __init__(self, screen: ComposeScreen, *, stored: bool) -> None:
        self._screen = screen
        self.revision = 0  # one more for every change of the fields
        self.kept_revision = 0  # the newest revision the store has committed
        self.save_problem: str | None = None  # why the last write failed
        self.stored = stored  # is there a row in the store yet?
        self.finished = False  # sent or discarded: nothing more to save
        self.left = False  # the editor is closing (or closed)
        self.moved_said: str | None = None

    @cached_property
    def writer(self) -> DraftWriter | None:
        """The draft's save thread (None when drafts cannot be kept)."""
        screen = self._screen
        store = screen.fedtui.context.drafts
        if store is None:
            return None
        return DraftWriter(store, on_kept=lambda rev: screen.post_message(DraftKept(rev)),
                           on_failed=lambda why: screen.post_message(DraftKept(-1, why)))

    def hand(self, draft: SavedDraft) -> None:
        """Give `draft` to its writer as the newest revision (stored soon, in the writer's
        own time)."""
        self.revision += 1
        if self.writer is not None:
            self.writer.put(draft, self.revision)

    @property
    def draft_kept(self) -> bool:
        """True when the store holds the draft as the fields show it."""
        return (self.writer is not None and not self.save_problem
                and self.kept_revision >= self.revision)

    def phrase(self) -> str:
        """The title's promise about the draft, true at the time."""
        if self.writer is None:
            return "esc close (this draft cannot be kept)"
        if self.save_problem:
            return "esc close (the draft is NOT saved: see below)"
        return "esc close (the draft is kept)"

    def kept(self, message: DraftKept) -> None:
        """The writer committed a revision, or failed to."""
        screen = self._screen
        title = screen.query_one("#screen-title", Static)
        if message.problem:
            self.save_problem = message.problem
            title.update(screen.title_text())
            screen.say(f"The draft could not be saved: {message.problem} Copy the text "
                       "before closing.", error=True)
            return
        self.kept_revision = max(self.kept_revision, message.revision)
        store = screen.fedtui.context.drafts
        if store is not None and store.moved and store.moved != self.moved_said:
            self.moved_said = store.moved  # a full disk: the draft went elsewhere
            screen.say(store.moved, error=True)
        if self.save_problem:
            self.save_problem = None
            title.update(screen.title_text())
            screen.say("The draft is saved again.")

    # -- leaving -----------------------------------------------------------------------

    def ask_to_close(self) -> None:
        """esc: close at once when there is nothing written, else keep, discard or back
        (not while a send is on its way: its answer decides what becomes of the draft)."""
        if self._screen.sender.sending:
            self._screen.say(SENDING)
            return
        if self._screen.current().is_empty:
            self.close_with(keep=False)
            return
        from fedtui.ui.screens.dialogs import ChoiceDialog

        def answered(answer: str | None) -> None:
            if answer in ("keep", "discard"):
                self.close_with(keep=answer == "keep")

        if self.writer is None:
            choices = [("back", "Go back to writing (drafts cannot be kept on this computer)"),
                       ("discard", "Close and lose the text")]
        else:
            choices = [("keep", "Keep the draft (c offers it again)"),
                       ("discard", "Discard the draft"), ("back", "Go back to writing")]
        self._screen.app.push_screen(ChoiceDialog("Close the editor?", choices), answered)

    def close_with(self, keep: bool) -> None:
        """Leave, keeping or deleting the stored draft (in an App worker: it outlives
        the screen)."""
        screen = self._screen
        draft = screen.current()
        writer = self.writer
        self.finished = True
        if writer is not None and (keep or self.stored):
            def write() -> None:
                with contextlib.suppress(FedtuiError):
                    if keep:
                        writer.close(keep=draft)
                    else:
                        writer.forget(draft.id)

            in_thread(screen.app, write, group=DRAFTS_CLOSE, name="close_draft")
        self.leave(None)

    def leave(self, result: Sent | None) -> None:
        """Close the editor, once. Screens opened over it (help, the palette, a dialog
        whose answer no longer matters once the post is sent) close first: `dismiss`
        closes whichever screen is on top."""
        if self.left:
            return
        self.left = True
        screen = self._screen
        app = screen.app
        if app.screen is screen:
            screen.dismiss(result)
            return

        async def close_over_then_leave() -> None:
            while app.screen is not screen and screen in app.screen_stack:
                await app.screen.dismiss()
            if app.screen is screen:
                screen.dismiss(result)

        app.call_later(close_over_then_leave)

    def unmounted(self) -> None:
        """Closing the app mid-sentence: commit what the writer had not committed yet."""
        if not self.finished and self.writer is not None:
            self.writer.flush()  # local SQLite, once, at exit
            self.writer.close()
