"""FedtuiApp: screens, themes, keymap and the routing of intent messages."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.notifications import SeverityLevel

from fedtui.core.sanitize import clean_line, clean_text
from fedtui.errors import ConfigError
from fedtui.ui import messages
from fedtui.ui.accounts_provider import AccountsProvider
from fedtui.ui.app_commands import WriteCommandsMixin
from fedtui.ui.app_translation import TranslationMixin
from fedtui.ui.context import AccountRef, AppContext
from fedtui.ui.gc_pacing import QuietCollector
from fedtui.ui.keymap import APP_KEYS, WRITE_KEYS, bindings, user_keymap
from fedtui.ui.themes import DEFAULT_THEME, shipped_themes


class FedtuiApp(WriteCommandsMixin, TranslationMixin, App[None]):
    """The terminal client. `context` carries everything from the outside world."""

    CSS_PATH = "app.tcss"
    TITLE = "fedtui"
    BINDINGS = bindings(APP_KEYS + WRITE_KEYS)
    COMMANDS = App.COMMANDS | {AccountsProvider}

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.collector = QuietCollector()
        self.first_frame_shown = False
        for theme in shipped_themes():
            self.register_theme(theme)
        wanted = context.config.theme
        if wanted not in self.available_themes:
            context.notices.append(
                f"Theme '{wanted}' is not installed; using {DEFAULT_THEME}. "
                f"Available: {', '.join(sorted(self.available_themes))}."
            )
            wanted = DEFAULT_THEME
        self.theme = wanted
        try:
            source = str(context.config.source or "config")
            self.set_keymap(user_keymap(context.config.keymap, source))
        except ConfigError as err:
            context.notices.append(str(err))

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every notice (widgets' and screens' `notify` land here) as plain, sanitised text:
        notices quote servers, links and errors, so they are never read as markup."""
        super().notify(clean_text(str(message)), title=clean_line(str(title)),
                       severity=severity, timeout=timeout, markup=False)

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
        await super().on_event(event)

    def on_mount(self) -> None:
        self.collector.start()
        self.set_interval(1.0, self.collector.tick)
        if self.context.account is None:
            from fedtui.ui.screens.login import LoginScreen

            self.push_screen(LoginScreen())
        else:
            self.show_home()

    def on_ready(self) -> None:
        self.first_frame_shown = True
        self.screen.post_message(messages.FirstFrameShown())

    def on_unmount(self) -> None:
        self.collector.stop()

    def show_home(self) -> None:
        from fedtui.ui.screens.home import HomeScreen

        self.push_screen(HomeScreen(self.context.layout()))

    def logged_in(self, account: AccountRef) -> None:
        """The login screen succeeded: show that account's panes."""
        self.context.switch_account(account)
        self.pop_screen()
        self.show_home()

    # -- routing -------------------------------------------------------------------------

    def on_open_thread(self, message: messages.OpenThread) -> None:
        from fedtui.ui.screens.thread import ThreadScreen

        self.push_screen(ThreadScreen(message.status))

    def on_open_profile(self, message: messages.OpenProfile) -> None:
        from fedtui.ui.screens.profile import ProfileScreen

        self.push_screen(ProfileScreen(message.account))

    def action_help(self) -> None:
        from fedtui.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_dismiss_screen(self) -> None:
        if len(self.screen_stack) > 2:
            self.pop_screen()
