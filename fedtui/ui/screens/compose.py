"""Writing a post: text with the server's character count, CW, visibility, language,
schedule, poll, media with alt text, and a preview of the post replied to or quoted.

Every edit is handed at once to a `DraftWriter`, which commits the newest snapshot on its
own thread, so a crash, a kill -9 or a failed send loses nothing but the change being
written; `kept_revision` acknowledges each commit (`DraftKeeping`). When drafts cannot be
kept the screen says so instead of promising it. `DraftSender` sends.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Input, Select, Static, TextArea

from fedtui.app.compose_request import VISIBILITY_LABELS, ComposeRequest, parse_schedule
from fedtui.core.capabilities import Feature
from fedtui.core.compose import (
    ComposeLimits,
    PollDraft,
    count_characters,
    more_private,
    reply_draft,
)
from fedtui.core.langdetect import FastTextDetector, normalize_lang
from fedtui.core.model import Status
from fedtui.core.sanitize import clean_text
from fedtui.errors import FedtuiError, NetworkError
from fedtui.store.drafts import SavedDraft
from fedtui.ui.external_editor import edit_externally
from fedtui.ui.keymap import COMPOSE_KEYS, bindings
from fedtui.ui.post_view import brief_status
from fedtui.ui.screens.base import EditorScreen
from fedtui.ui.screens.compose_keep import DraftKeeping, DraftKept, Sent
from fedtui.ui.screens.compose_quit import ask_before_quit
from fedtui.ui.screens.compose_send import NO_SCHEDULE, DraftSender
from fedtui.ui.screens.compose_translate import DraftTranslation
from fedtui.ui.widgets.key_hints import KeyHints
from fedtui.ui.widgets.media_editor import MediaEditor
from fedtui.ui.widgets.poll_editor import PollEditor
from fedtui.ui.workers import work

HINT = "tab: next field · ctrl+o poll · ctrl+g media · ctrl+t translate · schedule: e.g. +2h"
POLL_ENDED = ("Its poll has ended: sending the edit opens it again for the time below "
              "(at least 5 minutes); ctrl+o removes the poll.")
EDIT_HINT = "tab: next field · ctrl+g media · an edit keeps the post's visibility and language"
DETECT_DELAY = 0.3  # seconds of quiet typing before the language is detected
DETECT_MIN_CHARS = 24
DETECT_CONFIDENCE = 0.7


class ComposeScreen(EditorScreen[Sent | None]):
    """Dismisses with the new or edited `Status`, a `ScheduledPost`, or None."""

    BINDINGS = bindings(COMPOSE_KEYS)

    def __init__(self, request: ComposeRequest, account_key: str) -> None:
        super().__init__()
        self.request = request
        self.limits = ComposeLimits()
        self.target: Status | None = request.target
        saved = request.saved
        if saved is None:
            draft = request.draft
            kind = request.kind
            target_id = request.target.id if request.target and kind != "new" else None
            if draft is None:
                saved = SavedDraft(account_key=account_key, kind=kind,
                                   target_status_id=target_id, visibility="")
            else:
                saved = SavedDraft.from_post_draft(account_key, draft, kind=kind,
                                                   target_status_id=target_id,
                                                   media=request.media)
        self.saved = saved
        self._start_visibility = saved.visibility  # what the post or the draft set
        self.keeping = DraftKeeping(self, stored=request.saved is not None)
        self.sender = DraftSender(self, {m.media_id: m.description for m in saved.media
                                         if m.media_id})
        self._detect_timer: Timer | None = None
        self._touched: set[str] = set()  # fields the user changed (defaults leave them)
        self._auto_language: str | None = None
        self._detector: FastTextDetector | None = None
        self._draft_translation = DraftTranslation(self)

    # -- layout ----------------------------------------------------------------------

    def title_text(self) -> str:
        what = {"reply": "Reply", "edit": "Edit post"}.get(self.saved.kind, "New post")
        if self.saved.quote_id and self.saved.kind != "edit":
            what = "Quote post"
        return f"{what}  ·  ctrl+s send  ·  {self.keeping.phrase()}"

    def compose(self) -> ComposeResult:
        saved = self.saved
        fixed = saved.kind == "edit"  # an edit keeps the post's visibility and language
        yield Static(self.title_text(), id="screen-title", markup=False)
        yield Static("", id="compose-target", markup=False)
        yield Input(saved.spoiler_text, placeholder="content warning (optional)",
                    id="compose-cw", compact=True)
        yield TextArea(saved.text, id="compose-text", soft_wrap=True, show_line_numbers=False,
                       tab_behavior="focus")
        with Horizontal(id="compose-options"):
            yield Select([(label, value) for label, value in VISIBILITY_LABELS],
                         value=more_private(saved.visibility, "public"), allow_blank=False,
                         id="compose-visibility", compact=True, disabled=fixed)
            yield Static(" lang ", classes="compose-label")
            yield Input(saved.language or "", placeholder="auto", id="compose-language",
                        max_length=8, compact=True, disabled=fixed)
            yield Static(" schedule ", classes="compose-label")
            yield Input(_schedule_text(saved), placeholder="now", id="compose-schedule",
                        compact=True, disabled=fixed)
            yield Static("", id="compose-count", markup=False)
        if saved.poll is not None:
            yield PollEditor(self.limits, saved.poll, id="compose-poll")
        yield MediaEditor(saved.media, self.limits.max_media_attachments, id="compose-media")
        yield Static("", id="compose-status", markup=False)
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one("#compose-media", MediaEditor).display = bool(self.saved.media)
        self._show_target()
        self._update_count()
        text = self.query_one("#compose-text", TextArea)
        text.focus()
        text.move_cursor(text.document.end)
        store = self.fedtui.context.drafts
        if store is not None and store.checking is None:
            store.check_soon()  # a full or read-only disk opens the file: see that it writes
        if store is None:
            self.say("Drafts cannot be kept on this computer (see the notice): what you write "
                     "here is lost if fedtui closes before it is sent.", error=True)
        elif self.saved.last_error:
            self.say(f"The last send failed: {self.saved.last_error}", error=True)
        elif store.where:
            self.say(store.moved or f"Drafts are kept in {store.where}.", bool(store.moved))
            self.keeping.moved_said = store.moved
        else:
            self.say(EDIT_HINT if self.saved.kind == "edit" else HINT)
        poll = self.target.poll if self.target is not None else None
        if self.saved.kind == "edit" and poll is not None and poll.expired:
            self.say(POLL_ENDED, error=True)  # the server has no way to keep it closed
        self.prepare()

    def _show_target(self) -> None:
        target = self.query_one("#compose-target", Static)
        status = self.target
        target.display = status is not None and self.saved.kind != "edit"
        if status is not None:
            verb = "↩ replying to" if self.saved.kind == "reply" else "❝ quoting"
            target.update(Content.assemble((f"{verb} @{status.account.acct}: ", "$text-muted"),
                                           brief_status(status, 200)))

    @work(thread=True, exclusive=True, group="compose-prepare")
    def prepare(self) -> None:
        """The server's limits, the user's defaults and handle, the replied-to post: they
        can only narrow a reply's privacy (set from the post), and failing changes nothing."""
        context = self.fedtui.context
        try:
            limits = context.limits()
            me = context.me()
        except FedtuiError as err:  # the server is down, or the account refused
            reach = "Could not reach the server: " if isinstance(err, NetworkError) else ""
            self.app.call_from_thread(self.say, f"{reach}{err}", True)
            return
        target = self.target
        if target is None and self.saved.target_status_id and self.saved.kind == "reply":
            try:
                target = context.client().status(self.saved.target_status_id)
            except FedtuiError:
                target = None
        capabilities = context.client().capabilities
        said = capabilities.unsaid(Feature.INSTANCE, Feature.SCHEDULED, Feature.QUOTES,
                                   Feature.EDIT)
        self.app.call_from_thread(self._prepared, limits, me.acct, target, " ".join(said),
                                  capabilities.supports(Feature.SCHEDULED))

    def _prepared(self, limits: ComposeLimits, own_acct: str, target: Status | None,
                  said: str = "", can_schedule: bool = True) -> None:
        self.sender.can_schedule = can_schedule and self.sender.can_schedule
        self.limits = limits
        self.query_one("#compose-media", MediaEditor).max_media = limits.max_media_attachments
        self.target = target
        self._show_target()
        if said:
            self.say(said)
        if not self.sender.can_schedule and self.schedule(strict=False) is not None:
            self.say(NO_SCHEDULE, error=True)  # before sending: it would not be scheduled
        request, saved = self.request, self.saved
        fresh = request.saved is None
        if fresh and request.mentions_only and target is not None and request.draft:
            start = reply_draft(target, own_acct)  # now without the user's own handle
            text = self.query_one("#compose-text", TextArea)
            if text.text == request.draft.text and start.text != text.text:
                text.text = start.text
                text.move_cursor(text.document.end)
        select = self.query_one("#compose-visibility", Select)
        if select.value == (self._start_visibility or "public"):  # not chosen by the user
            shown = self._start_visibility or limits.default_visibility
            if fresh and request.kind != "edit" and request.target is not None:
                shown = more_private(shown, limits.default_visibility)  # only narrower
            self.saved = saved = replace(saved, visibility=shown)
            select.value = shown
        if not saved.language and limits.default_language and not self._language_field():
            self._set_auto_language(limits.default_language)
        self._update_count()
        if not self.current().is_empty:
            self.save_now()

    # -- reading the fields ----------------------------------------------------------

    def _language_field(self) -> str:
        return self.query_one("#compose-language", Input).value.strip()

    def current(self) -> SavedDraft:
        """The draft as the fields show it now."""
        visibility = self.query_one("#compose-visibility", Select).value
        polls = self.query("#compose-poll").results(PollEditor)
        poll: PollDraft | None = next((p.value() for p in polls), None)
        return replace(
            self.saved,
            text=self.query_one("#compose-text", TextArea).text,
            spoiler_text=self.query_one("#compose-cw", Input).value,
            # Before the field has mounted (a few ms), what the post or draft set: never
            # wider than the post's.
            visibility=(str(visibility) if isinstance(visibility, str)
                        else more_private(self.saved.visibility, "public")),
            language=normalize_lang(self._language_field()) or None,
            poll=poll,
            media=self.query_one("#compose-media", MediaEditor).value(),
            scheduled_at=self.schedule(strict=False),
        )

    def schedule(self, strict: bool = True) -> datetime | None:
        """The "schedule" field as a time; not `strict`: None when it is not one."""
        text = self.query_one("#compose-schedule", Input).value
        try:
            return parse_schedule(text, datetime.now(UTC))
        except ValueError:
            if strict:
                raise
            return None

    def _update_count(self) -> None:
        draft = self.current()
        used = count_characters(draft.text, self.limits, spoiler_text=draft.spoiler_text)
        left = self.limits.max_characters - used
        counter = self.query_one("#compose-count", Static)
        counter.update(f"{used}/{self.limits.max_characters}")
        counter.set_class(left < 0, "over")

    # -- sending and leaving (`DraftSender`, `DraftKeeping`) ----------------------------

    def action_send(self) -> None:
        self.sender.send_asked()

    def on_draft_kept(self, message: DraftKept) -> None:
        self.keeping.kept(message)

    def action_dismiss_screen(self) -> None:
        self.keeping.ask_to_close()

    def quit_asked(self) -> None:
        ask_before_quit(self)

    def on_unmount(self) -> None:
        self.keeping.unmounted()

    def action_translate_draft(self) -> None:
        self._draft_translation.toggle()

    def say(self, text: str, error: bool = False) -> None:
        status = self.query_one("#compose-status", Static)
        status.update(clean_text(text))  # may quote a server (errors kept with the draft)
        status.set_class(error, "error")

    # -- saving as the user types ----------------------------------------------------

    @on(TextArea.Changed)
    @on(Input.Changed, "#compose-cw")
    def typed(self) -> None:
        self._update_count()
        self.save_now()

    @on(Input.Changed, "#compose-language")
    def language_typed(self, event: Input.Changed) -> None:
        if event.value != (self._auto_language or ""):
            self._touched.add("language")
        self.typed()

    @on(Input.Changed, "#compose-schedule")
    def schedule_typed(self, event: Input.Changed) -> None:
        self.typed()
        if not self.sender.can_schedule and event.value.strip():
            self.say(NO_SCHEDULE, error=True)

    @on(Select.Changed, "#compose-visibility")
    @on(PollEditor.Changed)
    @on(MediaEditor.Changed)
    def field_changed(self) -> None:
        self._update_count()
        self.save_now()

    def save_now(self) -> None:
        """Hand the draft as it is now to its writer; detect its language after a pause."""
        if self.keeping.finished:
            return
        draft = self.current()
        self.saved = draft
        if draft.is_empty and not self.keeping.stored:
            return
        self.keeping.stored = True
        self.keeping.hand(draft)
        if self._detect_timer is not None:
            self._detect_timer.stop()
        self._detect_timer = self.set_timer(DETECT_DELAY, self._detect)

    def _detect(self) -> None:
        text, finished = self.saved.text, self.keeping.finished
        if not finished and "language" not in self._touched and len(text) >= DETECT_MIN_CHARS:
            self.detect_language(text)

    @work(thread=True, exclusive=True, group="compose-language")
    def detect_language(self, text: str) -> None:
        if self._detector is None:
            self._detector = FastTextDetector()
        try:
            found = self._detector.detect(text)
        except Exception:  # no detector installed: the account's default stays
            return
        if found.confidence >= DETECT_CONFIDENCE and found.lang != "und":
            self.app.call_from_thread(self._set_auto_language, found.lang)

    def _set_auto_language(self, lang: str) -> None:
        if "language" in self._touched:
            return
        self._auto_language = lang
        self.query_one("#compose-language", Input).value = lang

    # -- poll, media, external editor -------------------------------------------------

    def action_toggle_poll(self) -> None:
        polls = list(self.query("#compose-poll").results(PollEditor))
        if polls:
            polls[0].remove()
            self.call_after_refresh(self.save_now)
            self.say("Poll removed.")
            return
        if self.query_one("#compose-media", MediaEditor).rows:
            self.say("A post can have a poll or media, not both.", error=True)
            return
        editor = PollEditor(self.limits, id="compose-poll")
        self.mount(editor, before=self.query_one("#compose-media"))
        self.call_after_refresh(lambda: editor.option_inputs[0].focus())
        self.say("Poll: type the options; tab moves between fields.")

    def action_attach(self) -> None:
        if list(self.query("#compose-poll").results(PollEditor)):
            self.say("A post can have a poll or media, not both.", error=True)
            return
        media = self.query_one("#compose-media", MediaEditor)
        media.display = True
        media.query_one("#media-path", Input).focus()
        self.say("Type a file path (tab completes), enter adds it, then write its alt text.")

    def action_external_editor(self) -> None:
        """Edit the text in $VISUAL / $EDITOR; the app is suspended meanwhile."""
        area = self.query_one("#compose-text", TextArea)
        text, problem = edit_externally(self.app, area.text)
        if text is None:
            self.say(problem, error=True)
        else:
            area.text = text

def _schedule_text(saved: SavedDraft) -> str:
    if saved.scheduled_at is None:
        return ""
    return saved.scheduled_at.astimezone().strftime("%Y-%m-%d %H:%M")
