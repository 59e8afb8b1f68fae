"""FedtuiApp: screens, themes, keymap and the routing of intent messages.

Crashes: Textual prints an unhandled exception as a traceback with every frame's local
variables (tokens, request headers, posts). The App sends that output to a sink that is
never shown (`error_console`), and keeps the exception for `cli.run_app`, which writes a
redacted report (`fedtui.crashlog`) and exits non-zero. Textual offers no public hook for
the exception itself; it rings `bell()` inside its `except` block, so that is where the
App takes it (`panic()` for errors that render themselves). Workers never get that far:
`fedtui.ui.workers.work` turns their failures into `BackgroundFailed` notices, and so
does `thread_failed` for plain threads (streaming, read markers) while the App runs.
"""

from __future__ import annotations

import io
import sys
import threading
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from textual import events
from textual.app import App
from textual.notifications import SeverityLevel
from textual.theme import Theme

from fedtui.app.context import AccountRef, AppContext
from fedtui.app.gc_pacing import QuietCollector
from fedtui.core.model import Status
from fedtui.core.sanitize import clean_line, clean_text
from fedtui.errors import ConfigError, StoreError
from fedtui.ui import messages
from fedtui.ui.accounts_provider import AccountsProvider
from fedtui.ui.app_commands import WriteCommands
from fedtui.ui.app_translation import AppTranslation
from fedtui.ui.keymap import APP_KEYS, WRITE_KEYS, bindings, user_keymap
from fedtui.ui.live_spread import LiveSpread
from fedtui.ui.local_filters_ui import LocalFiltersView
from fedtui.ui.palette import KeysProvider
from fedtui.ui.post_actions import PostActions
from fedtui.ui.screens.base import EditorScreen
from fedtui.ui.strip_divide import mend_strip_divide
from fedtui.ui.themes import DEFAULT_THEME, remembered_theme, shipped_themes, starting_theme
from fedtui.ui.widgets.stream_inbox import LiveBeat
from fedtui.ui.workers import in_thread

if TYPE_CHECKING:
    from fedtui.app.compose_request import ComposeRequest
    from fedtui.app.summarise import Summaries
    from fedtui.app.translation_desk import TranslationDesk
    from fedtui.core.panes import PaneSpec
    from fedtui.ui.rules_watch import RulesWatch
    from fedtui.ui.screens.compose_keep import Sent
    from fedtui.ui.screens.thread import ThreadScreen
    from fedtui.ui.widgets.pane import TimelinePane


class FedtuiApp(App[None]):
    """The terminal client. `context` carries everything from the outside world."""

    CSS_PATH = "app.tcss"
    TITLE = "fedtui"
    BINDINGS = bindings(APP_KEYS + WRITE_KEYS)
    COMMANDS = App.COMMANDS | {AccountsProvider, KeysProvider}

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        #: The unhandled exception that stopped the App (None: it did not crash).
        self.crash: BaseException | None = None
        self.previous_excepthook = threading.excepthook
        self.error_console = Console(file=io.StringIO(), markup=False, highlight=False)
        self.collector = QuietCollector()
        mend_strip_divide()  # lines drawn whole are not garbage for the cyclic collector
        self.first_frame_shown = False
        #: When the panes take their live events (all on one beat).
        self.live_beat = LiveBeat(self.set_timer)
        #: Streamed edits and deletions, told to the lists whose streams do not bring them.
        self.live_spread = LiveSpread(self.owners_of)
        self._local: LocalFiltersView | None = None
        self.rules_watch: RulesWatch | None = None  # watching from the first frame
        self._summaries: Summaries | None = None  # made on the first summary
        self.translation = AppTranslation(self)
        self.post_actions = PostActions(self)
        self.commands = WriteCommands(self)
        for theme in shipped_themes():
            self.register_theme(theme)
        wanted = self._starting_theme()
        if wanted not in self.available_themes:
            context.notices.append(
                f"Theme '{wanted}' is not installed; using {DEFAULT_THEME}. "
                f"Available: {', '.join(sorted(self.available_themes))}."
            )
            wanted = DEFAULT_THEME
        self.theme = self._theme_kept = wanted
        try:
            source = str(context.config.source or "config")
            self.set_keymap(user_keymap(context.config.keymap, source))
        except ConfigError as err:
            context.notices.append(str(err))

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every notice (widgets' and screens' `notify` land here) as plain, sanitised text
        without this App's tokens: notices quote servers, links and errors, so they are
        never read as markup."""
        text, heading = clean_text(str(message)), clean_line(str(title))
        for token in self.known_secrets():
            text, heading = (part.replace(token, "[token hidden]") for part in (text, heading))
        super().notify(text, title=heading, severity=severity, timeout=timeout, markup=False)

    def header_text(self) -> str:
        account = self.context.account
        where = account.key if account is not None else "not logged in"
        if self.context.acting:
            where += f"  ·  acting as {self.context.acting}"
        demo = "  ·  LOCAL DEMO INSTANCE (nothing leaves this machine)" if self.context.demo else ""
        return f"fedtui  ·  {where}{demo}"

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self.collector.input_seen()
            self.live_beat.input_seen()
        await super().on_event(event)

    def bell(self) -> None:
        error = sys.exc_info()[1]
        if error is not None and self.crash is None:
            self.crash = error
        super().bell()

    def panic(self, *renderables: RenderableType) -> None:
        if self.crash is None:
            self.crash = next((r for r in renderables if isinstance(r, BaseException)), None)
        super().panic(*renderables)

    def known_secrets(self) -> list[str]:
        """Every token this App holds, to redact from reports by value."""
        return self.context.known_secrets()

    def on_background_failed(self, message: messages.BackgroundFailed) -> None:
        where = f" Details: {message.report}" if message.report else ""
        self.notify(f"A background task ({message.task}) failed with {message.error}; "
                    f"fedtui keeps running.{where}", severity="error", timeout=10,
                    markup=False)

    def thread_failed(self, args: threading.ExceptHookArgs) -> None:
        """`threading.excepthook` while the App runs: a report and a notice, no traceback
        written over the screen."""
        from fedtui.crashlog import write_report

        error = args.exc_value
        if error is None or not isinstance(error, Exception):
            return
        name = args.thread.name if args.thread is not None else "a thread"
        path = write_report(error, where=f"thread {name}", secrets=self.known_secrets())
        self.post_message(messages.BackgroundFailed(type(error).__name__, name, path))

    def on_mount(self) -> None:
        self.previous_excepthook = threading.excepthook
        threading.excepthook = self.thread_failed
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.collector.start()
        self.set_interval(1.0, self.collector.tick)
        if self.context.account is None:
            from fedtui.ui.screens.login import LoginScreen

            self.push_screen(LoginScreen())
        else:
            self.show_home()

    def on_ready(self) -> None:
        from fedtui.ui.rules_watch import RulesWatch

        self.local_filters().start()
        self.rules_watch = RulesWatch(self)
        self.rules_watch.start()
        self.first_frame_shown = True
        self.screen.post_message(messages.FirstFrameShown())

    def on_unmount(self) -> None:
        threading.excepthook = self.previous_excepthook
        self.collector.stop()
        self.context.end_kept_below()
        self.translation.shutdown()

    # -- posts: actions (`PostActions`), and every list showing a post told of a change --

    def on_post_action(self, message: messages.PostAction) -> None:
        self.post_actions.act(message)

    def on_open_link(self, message: messages.OpenLink) -> None:
        self.post_actions.open_links(message)

    def owners_of(self, account: str) -> list[TimelinePane | ThreadScreen]:
        """Every owner of a list of posts read as `account` (its key; "" or the main
        one's for the main account), on every screen: the panes, and the screens that own
        their list (a thread). Another account's lists have ids and flags of their own
        (another server's ids may be the same numbers)."""
        from fedtui.ui.screens.thread import ThreadScreen
        from fedtui.ui.widgets.pane import TimelinePane

        key = self.context.reading_key(account)
        return [owner for screen in self.screen_stack
                for owner in (screen, *screen.query(TimelinePane))
                if isinstance(owner, (TimelinePane, ThreadScreen))
                and self.context.reading_key(owner.reads_as) == key]

    def show_status_everywhere(self, status: Status, account: str) -> None:
        """A post changed (counts, edit, vote) as `account` saw it: every pane and thread
        of that account showing it is told."""
        for owner in self.owners_of(account):
            owner.post_message(messages.StatusChanged(status))

    def forget_status_everywhere(self, status_id: str, account: str) -> None:
        """A post of `account`'s server was deleted: every pane and thread of that account
        showing it is told."""
        for owner in self.owners_of(account):
            owner.post_message(messages.StatusDeleted(status_id))

    def open_compose(self, request: ComposeRequest) -> None:
        from fedtui.ui.screens.compose import ComposeScreen

        self.push_screen(ComposeScreen(request, self.context.account_key), self._compose_done)

    def _compose_done(self, sent: Sent | None) -> None:
        """The compose screen sent: show the post (home panes at once), and say what the
        server did with it."""
        if sent is None:
            return
        post, account = sent.post, self.context.acting  # it sent as the acting account
        if isinstance(post, Status):
            if post.edited_at is not None:
                self.show_status_everywhere(post, account)
            else:
                for owner in self.owners_of(account):
                    owner.post_message(messages.StatusPosted(post))
        if sent.changed:  # the server ignored part of the draft (a schedule, a quote)
            self.notify(sent.notice, severity="warning", timeout=10)
        else:
            self.notify(sent.notice)

    # -- commands that open a place of their own (`WriteCommands`) ------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.commands.allowed(action)

    def action_compose(self) -> None:
        self.commands.compose()

    def action_search(self) -> None:
        self.commands.search()

    def action_filters(self) -> None:
        self.commands.filters()

    def action_scheduled(self) -> None:
        self.commands.scheduled()

    def action_login(self) -> None:
        self.commands.login()

    def open_pane(self, spec: PaneSpec) -> None:
        """Back to the panes, with `spec` added (or focused if it is there already)."""
        self.commands.open_pane(spec)

    def switch_to(self, account: AccountRef) -> None:
        """Show another saved account's panes (from the command palette)."""
        self.commands.switch_to(account)

    # -- translation (`AppTranslation`) ------------------------------------------------

    def translation_desk(self) -> TranslationDesk | None:
        """The translation desk, built on first use; None when this App has no models."""
        return self.translation.desk()

    def on_translate_requested(self, message: messages.TranslateRequested) -> None:
        self.translation.toggle(message.status)

    def on_posts_in_view(self, message: messages.PostsInView) -> None:
        self.translation.in_view(message)

    def on_translations_changed(self, message: messages.TranslationsChanged) -> None:
        self.translation.changed()

    def repaint_status(self, status_id: str) -> None:
        """Draw the cards of one post again, in every list of every screen."""
        from fedtui.ui.widgets.status_list import StatusList

        for screen in self.screen_stack:
            for status_list in screen.query(StatusList):
                status_list.post_message(messages.CardsChanged((status_id,)))

    def show_home(self) -> None:
        from fedtui.ui.screens.home import HomeScreen

        self.push_screen(HomeScreen(self.context.layout()))

    def logged_in(self, account: AccountRef) -> None:
        """The login screen succeeded: show that account's panes."""
        self.context.switch_account(account)
        while len(self.screen_stack) > 1:  # the login screen, and the panes it replaces
            self.pop_screen()
        self.show_home()

    def local_filters(self) -> LocalFiltersView:
        """The local filters (the rules file is read on first use)."""
        if self._local is None:
            self._local = LocalFiltersView(self)
        return self._local

    # -- routing -------------------------------------------------------------------------

    def on_mute_locally(self, message: messages.MuteLocally) -> None:
        self.local_filters().ask_mute(message.status)

    def action_local_filters(self) -> None:
        from fedtui.ui.screens.local_filters import LocalFiltersScreen

        self.push_screen(LocalFiltersScreen())

    def on_open_thread(self, message: messages.OpenThread) -> None:
        from fedtui.ui.screens.thread import ThreadScreen

        screen = self.screen
        if isinstance(screen, ThreadScreen) and screen.focus_status.id == message.status.id:
            return  # `enter` on the thread's own post: it is open
        self.push_screen(ThreadScreen(message.status, self.context.acting))

    def on_open_profile(self, message: messages.OpenProfile) -> None:
        from fedtui.ui.screens.profile import ProfileScreen

        account = message.account
        if not account.id:  # nothing to ask the server by
            self.notify(f"The server sent @{account.acct} without an id: its profile cannot "
                        "be opened.", severity="warning")
            return
        if isinstance(self.screen, ProfileScreen) and self.screen.account.id == account.id:
            return  # `p` on a post of the profile shown: it is open
        self.push_screen(ProfileScreen(account))

    def on_explain_requested(self, message: messages.ExplainRequested) -> None:
        from fedtui.ui.screens.why import WhyScreen

        self.push_screen(WhyScreen.asked(message))

    def on_summary_requested(self, message: messages.SummaryRequested) -> None:
        from fedtui.ui.screens.summary import SummaryScreen

        self.push_screen(SummaryScreen.of_thread(message.status, message.source))

    def summaries(self) -> Summaries:
        """The summaries (kept by their posts and edits) and catch-up positions, kept on
        disk for the next start; opened on the first summary."""
        if self._summaries is None:
            from fedtui.app.summarise import open_summaries

            self._summaries = open_summaries()
        return self._summaries

    # -- the theme, kept for the next start -----------------------------------------------

    def _starting_theme(self) -> str:
        """The config's theme, or the one last picked in the app (see `themes`)."""
        state = self.context.ui_state
        return starting_theme(self.context.config.theme, state.load() if state else {})

    def _remember_theme(self, theme: Theme) -> None:
        """A theme was picked (in the command palette): keep it for the next start."""
        state = self.context.ui_state
        if state is None or theme.name == self._theme_kept:
            return
        self._theme_kept = theme.name
        values = remembered_theme(theme.name, self.context.config.theme)

        def save() -> None:
            try:
                state.save(**values)
            except StoreError as err:
                self.call_from_thread(self.notify, f"The theme is not kept: {err}",
                                      severity="warning")

        in_thread(self, save, group="ui-state", name="keep-theme")

    # -- screens -----------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit; an editor with unsent text asks first (`EditorScreen.quit_asked`)."""
        if isinstance(self.screen, EditorScreen):
            self.screen.quit_asked()
        else:
            self.exit()

    def action_help(self) -> None:
        from fedtui.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_dismiss_screen(self) -> None:
        if len(self.screen_stack) > 2:
            self.pop_screen()
