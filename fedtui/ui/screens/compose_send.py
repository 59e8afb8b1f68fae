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
    ComposeLimits,
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
from fedtui.ui.screens.compose_keep import ComposeKeeper, Sent
from fedtui.ui.widgets.media_editor import MediaEditor
from fedtui.ui.workers import work

if TYPE_CHECKING:
    from datetime import datetime

MAX_AUTO_WAIT = 600.0  # seconds: beyond this a 429 is reported, not waited out
NO_SCHEDULE = "This server does not schedule posts: empty the schedule field to post now."


def sent(draft: PostDraft, result: Status | ScheduledPost, host: str) -> Sent:
    """What a new post's send did, with the notice that says it plainly."""
    if isinstance(result, ScheduledPost):
        when = result.scheduled_at.astimezone().strftime("%Y-%m-%d %H:%M")
        return Sent(result, f"Scheduled for {when} (U lists scheduled posts).")
    notice, changed = published_notice(draft, result, host)
    return Sent(result, notice, changed)


class ComposeSender(ComposeKeeper):
    """The sending half of `ComposeScreen`."""

    saved: SavedDraft
    limits: ComposeLimits

    def __init__(self) -> None:
        super().__init__()
        self.sending = False
        self._retry_timer: Timer | None = None
        self._retry_at = 0.0
        self._alt_sent: dict[str, str] = {}  # media id -> alt text the server has
        self.can_schedule = True  # False once the server is known not to schedule posts

    def schedule(self, strict: bool = True) -> datetime | None:
        raise NotImplementedError

    def save_now(self) -> None:
        raise NotImplementedError

    # -- checks --------------------------------------------------------------------------

    def action_send(self) -> None:
        if self.sending:
            self.say("Already sending…")
            return
        try:
            scheduled_at = self.schedule()
        except ValueError as err:
            self.say(str(err), error=True)
            return
        if scheduled_at is not None and not self.can_schedule:
            self.save_now()
            self.say(NO_SCHEDULE, error=True)
            return
        draft = replace(self.current(), scheduled_at=scheduled_at)
        problems = draft_problems(draft.to_post_draft(), self.limits, len(draft.media))
        if draft.poll is not None and draft.media:
            problems.append("A post can have a poll or media, not both.")
        if draft.kind == "edit" and scheduled_at is not None:
            problems.append("An edit cannot be scheduled.")
        if problems:
            self.say(" ".join(problems), error=True)
            return
        self.saved = draft
        self.save_now()
        bare = missing_alt_text(draft.media)
        if not bare:
            self.start_send()
            return
        from fedtui.ui.screens.dialogs import ChoiceDialog

        count = len(bare)
        body = (f"{count} attachment{'s have' if count != 1 else ' has'} no alt text. People "
                "who use screen readers or can't load images won't know what "
                f"{'they show' if count != 1 else 'it shows'}.")

        def answered(answer: str | None) -> None:
            if answer == "send":
                self.start_send()
            else:
                self.say("Write the alt text next to each file (ctrl+t shows them).")

        self.app.push_screen(ChoiceDialog("Send without alt text?", [
            ("back", "Go back and describe the media"),
            ("send", "Send without alt text"),
        ], body), answered)

    def start_send(self) -> None:
        self.sending = True
        self.say("Sending…")
        self.send(self.saved)

    # -- the worker ----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="compose-send")
    def send(self, saved: SavedDraft) -> None:
        context = self.fedtui.context
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
            self.app.call_from_thread(self._failed, err)
            return
        self.finished = True
        actions.client.capabilities.unsaid(Feature.SCHEDULED, Feature.QUOTES)  # said: `result`
        if self.writer is not None:
            try:
                self.writer.forget(saved.id)
            except FedtuiError as err:
                self.app.call_from_thread(self.notify, f"Sent, but the draft stays: {err}",
                                          severity="warning")
        self.app.call_from_thread(self.dismiss, result)

    def _upload(self, saved: SavedDraft) -> tuple[MediaDraft, ...]:
        """Upload the files not yet on the server; remember each id in the draft at once,
        so a retry after a failure does not upload them again."""
        context = self.fedtui.context
        editor = self.query_one("#compose-media", MediaEditor)
        done: list[MediaDraft] = []
        for index, item in enumerate(saved.media):
            if item.media_id is None:
                name = Path(item.path).name

                def progress(sent: int, total: int, index: int = index,
                             name: str = name) -> None:
                    percent = 100 * sent // total if total else 100
                    state = "processing…" if sent >= total else f"uploading {percent}%"
                    self.app.call_from_thread(editor.progress, index, state)
                    self.app.call_from_thread(self.say, f"{name}: {state}")

                attachment = context.actions().upload_media(Path(item.path), item.description,
                                                            on_progress=progress)
                item = replace(item, media_id=attachment.id)
                self._alt_sent[attachment.id] = item.description
                self.app.call_from_thread(editor.uploaded, index, attachment.id)
                saved = replace(saved, media=(*done, item, *saved.media[index + 1:]))
                if context.drafts is not None:
                    context.drafts.save(saved)
            done.append(item)
        return tuple(done)

    # -- failures --------------------------------------------------------------------------

    def _failed(self, err: FedtuiError) -> None:
        self.sending = False
        if isinstance(err, FeatureMissing) and err.feature is Feature.SCHEDULED:
            self.can_schedule = False
        self.saved = replace(self.saved, last_error=str(err))
        self.hand_to_writer(self.saved)  # a write still pending must not store it without
        if isinstance(err, RateLimited) and err.retry_after <= MAX_AUTO_WAIT:
            self._retry_at = max(1.0, err.retry_after)
            self._tick()
            return
        kept = ("the draft is kept" if self.writer is not None and not self.save_problem else
                "and the draft could NOT be kept: copy the text before closing")
        self.say(f"Not sent; {kept}. {err}", error=True)
        self.notify(f"Not sent; {kept}. {err}", severity="error", timeout=10)

    def _tick(self) -> None:
        """Count down a 429's wait, then send again (same idempotency key)."""
        if self.finished or not self.is_attached:
            return
        if self._retry_at <= 0:
            self.start_send()
            return
        self.say(f"The server is limiting requests: sending again in {round(self._retry_at)} "
                 "s. You can keep editing; esc keeps the draft.", error=True)
        step = min(1.0, self._retry_at)
        self._retry_at -= step
        self._retry_timer = self.set_timer(step, self._tick)
