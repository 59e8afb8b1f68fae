"""Sending from the compose screen: checks, the alt-text warning, uploads with progress,
then one post with the draft's idempotency key, so retries never post twice.

A failed send keeps the draft (marked failed, with the server's reason); a 429 waits as
long as the server says and tries again by itself while the UI stays usable.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.timer import Timer

from fedtui.core.capabilities import Feature, FeatureMissing
from fedtui.core.compose import (
    MediaDraft,
    PostDraft,
    draft_problems,
    missing_alt_text,
    published_notice,
)
from fedtui.core.model import Status
from fedtui.errors import FedtuiError, RateLimited
from fedtui.mastodon.action_types import ScheduledPost
from fedtui.store.drafts import SavedDraft
from fedtui.ui.keymap import key_named
from fedtui.ui.screens.compose_keep import Sent
from fedtui.ui.widgets.media_editor import MediaEditor
from fedtui.ui.workers import in_thread

if TYPE_CHECKING:
    from fedtui.ui.screens.compose import ComposeScreen

MAX_AUTO_WAIT = 600.0  # seconds: beyond this a 429 is reported, not waited out
NO_SCHEDULE = "This server does not schedule posts: empty the schedule field to post now."


def sent(draft: PostDraft, result: Status | ScheduledPost, host: str) -> Sent:
    """What a new post's send did, with the notice that says it plainly."""
    if isinstance(result, ScheduledPost):
        when = result.scheduled_at.astimezone().strftime("%Y-%m-%d %H:%M")
        return Sent(result, f"Scheduled for {when} (U lists scheduled posts).")
    notice, changed = published_notice(draft, result, host)
    return Sent(result, notice, changed)


class DraftSender:
    """Sends the draft of one compose screen (its fields, `say` and `keeping`)."""

    def __init__(self, screen: ComposeScreen, alt_sent: dict[str, str]) -> None:
        self._screen = screen
        self.sending = False
        self._retry_timer: Timer | None = None
        self._retry_at = 0.0
        self._alt_sent = alt_sent  # media id -> alt text the server has
        self.can_schedule = True  # False once the server is known not to schedule posts

    # -- checks --------------------------------------------------------------------------

    def send_asked(self) -> None:
        """ctrl+s: the checks, the alt-text warning, then the send."""
        screen = self._screen
        if self.sending:
            screen.say("Already sending…")
            return
        try:
            scheduled_at = screen.schedule()
        except ValueError as err:
            screen.say(str(err), error=True)
            return
        if scheduled_at is not None and not self.can_schedule:
            screen.save_now()
            screen.say(NO_SCHEDULE, error=True)
            return
        draft = replace(screen.current(), scheduled_at=scheduled_at)
        problems = draft_problems(draft.to_post_draft(), screen.limits, len(draft.media))
        if draft.poll is not None and draft.media:
            problems.append("A post can have a poll or media, not both.")
        if draft.kind == "edit" and scheduled_at is not None:
            problems.append("An edit cannot be scheduled.")
        if problems:
            screen.say(" ".join(problems), error=True)
            return
        screen.saved = draft
        screen.save_now()
        bare = missing_alt_text(draft.media)
        if not bare:
            self.start()
            return
        from fedtui.ui.screens.dialogs import ChoiceDialog

        count = len(bare)
        body = (f"{count} attachment{'s have' if count != 1 else ' has'} no alt text. People "
                "who use screen readers or can't load images won't know what "
                f"{'they show' if count != 1 else 'it shows'}.")

        def answered(answer: str | None) -> None:
            if answer == "send":
                self.start()
            else:
                keymap = screen.fedtui.context.config.keymap
                screen.say(f"Write the alt text next to each file "
                           f"({key_named('compose.attach', keymap)} shows them).")

        screen.app.push_screen(ChoiceDialog("Send without alt text?", [
            ("back", "Go back and describe the media"),
            ("send", "Send without alt text"),
        ], body), answered)

    def start(self) -> None:
        """Send now (once: a countdown after a 429 that is still running stops)."""
        if self.sending:
            return
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        screen = self._screen
        self.sending = True
        screen.say("Sending…")
        saved = screen.saved
        in_thread(screen, lambda: self._send(saved), group="compose-send", exclusive=True,
                  name="send")

    # -- the worker ----------------------------------------------------------------------

    def _send(self, saved: SavedDraft) -> None:
        screen = self._screen
        app, context, keeping = screen.app, screen.fedtui.context, screen.keeping
        try:
            actions = context.actions()
            if saved.scheduled_at is not None:  # known not to schedule: before any upload
                actions.client.capabilities.check(Feature.SCHEDULED)
            media = self._upload(saved)
            saved = replace(saved, media=media)
            draft = saved.to_post_draft()
            if saved.kind == "edit" and saved.target_status_id:
                changed = {m.media_id: m.description for m in media
                           if m.media_id and self._alt_sent.get(m.media_id) != m.description}
                edited = actions.edit(saved.target_status_id, draft,
                                      media_descriptions=changed or None)
                result = Sent(edited, "Edited.")
            else:
                for item in media:  # alt text changed after an earlier upload
                    if item.media_id and self._alt_sent.get(item.media_id, item.description) \
                            != item.description:
                        actions.set_alt_text(item.media_id, item.description)
                result = sent(draft, actions.post(draft, saved.idempotency_key),
                              actions.client.host)
        except FedtuiError as err:
            if context.drafts is not None:
                with contextlib.suppress(FedtuiError):
                    context.drafts.mark_failed(saved.id, str(err))
            app.call_from_thread(self._failed, err)
            return
        keeping.finished = True
        actions.client.capabilities.unsaid(Feature.SCHEDULED, Feature.QUOTES)  # said: `result`
        if keeping.writer is not None:
            try:
                keeping.writer.forget(saved.id)
            except FedtuiError as err:
                app.call_from_thread(screen.notify, f"Sent, but the draft stays: {err}",
                                     severity="warning")
        app.call_from_thread(keeping.leave, result)

    def _upload(self, saved: SavedDraft) -> tuple[MediaDraft, ...]:
        """Upload the files not yet on the server; remember each id in the draft at once,
        so a retry after a failure does not upload them again."""
        screen = self._screen
        app, context = screen.app, screen.fedtui.context
        editor = screen.query_one("#compose-media", MediaEditor)
        done: list[MediaDraft] = []
        for index, item in enumerate(saved.media):
            if item.media_id is None:
                name = Path(item.path).name

                def progress(sent: int, total: int, index: int = index,
                             name: str = name) -> None:
                    percent = 100 * sent // total if total else 100
                    state = "processing…" if sent >= total else f"uploading {percent}%"
                    app.call_from_thread(editor.progress, index, state)
                    app.call_from_thread(screen.say, f"{name}: {state}")

                attachment = context.actions().upload_media(Path(item.path), item.description,
                                                            on_progress=progress)
                item = replace(item, media_id=attachment.id)
                self._alt_sent[attachment.id] = item.description
                app.call_from_thread(editor.uploaded, index, attachment.id)
                saved = replace(saved, media=(*done, item, *saved.media[index + 1:]))
                if context.drafts is not None:
                    context.drafts.save(saved)
            done.append(item)
        return tuple(done)

    # -- failures --------------------------------------------------------------------------

    def _failed(self, err: FedtuiError) -> None:
        screen, keeping = self._screen, self._screen.keeping
        self.sending = False
        if isinstance(err, FeatureMissing) and err.feature is Feature.SCHEDULED:
            self.can_schedule = False
        screen.saved = replace(screen.saved, last_error=str(err))
        keeping.hand(screen.saved)  # a write still pending must not store it without
        if isinstance(err, RateLimited) and err.retry_after <= MAX_AUTO_WAIT:
            self._retry_at = max(1.0, err.retry_after)
            self._tick()
            return
        kept = ("the draft is kept" if keeping.writer is not None and not keeping.save_problem
                else "and the draft could NOT be kept: copy the text before closing")
        screen.say(f"Not sent; {kept}. {err}", error=True)
        screen.notify(f"Not sent; {kept}. {err}", severity="error", timeout=10)

    def _tick(self) -> None:
        """Count down a 429's wait, then send again (same idempotency key)."""
        screen = self._screen
        if screen.keeping.finished or not screen.is_attached or self.sending:
            return
        if screen.app.screen is not screen:  # a dialog over the editor: its answer first
            self._retry_timer = screen.set_timer(1.0, self._tick)
            return
        if self._retry_at <= 0:
            self.start()
            return
        screen.say(f"The server is limiting requests: sending again in "
                   f"{round(self._retry_at)} s. You can keep editing; esc keeps the draft.",
                   error=True)
        step = min(1.0, self._retry_at)
        self._retry_at -= step
        self._retry_timer = screen.set_timer(step, self._tick)
