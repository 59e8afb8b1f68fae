"""A profile: header, bio, fields, counts, then the account's posts as a pane."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from fedtui.core.model import Account, Relationship
from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.core.render import display_name, render_html
from fedtui.core.sanitize import clean_line
from fedtui.errors import FedtuiError
from fedtui.ui.keymap import PROFILE_KEYS, bindings
from fedtui.ui.post_view import rich_text_content
from fedtui.ui.screens.base import OverlayScreen
from fedtui.ui.widgets.key_hints import KeyHints
from fedtui.ui.widgets.pane import TimelinePane
from fedtui.ui.workers import work


def profile_content(account: Account, relationship: Relationship | None) -> Content:
    """Name, handle, bio, fields and counts of an account."""
    lines = [
        Content.assemble((display_name(account), "bold $primary"), " ",
                         (f"@{clean_line(account.acct)}", "$text-muted"),
                         (" · bot" if account.bot else "", "$warning"),
                         (" · 🔒 approves followers" if account.locked else "", "$warning")),
    ]
    if relationship is not None:
        state = [label for flag, label in (
            (relationship.following, "you follow them"),
            (relationship.requested, "follow requested"),
            (relationship.followed_by, "follows you"),
            (relationship.muting, "muted"),
            (relationship.blocking, "blocked"),
        ) if flag]
        if state:
            lines.append(Content.styled(" · ".join(state), "$success"))
    bio = render_html(account.note, account.emojis)
    if bio.blocks:
        lines.append(rich_text_content(bio))
    for field in account.fields:
        value = rich_text_content(render_html(field.value, account.emojis))
        mark = " ✓" if field.verified_at else ""
        lines.append(Content.styled(f"{clean_line(field.name)}{mark}: ", "bold") + value)
    posts, followers = account.statuses_count, account.followers_count
    lines.append(Content.styled(
        f"{posts} post{'' if posts == 1 else 's'} · {account.following_count} following · "
        f"{followers} follower{'' if followers == 1 else 's'}", "$text-muted"))
    return Content("\n").join(lines)


MUTE_DURATIONS = (("0", "Until I unmute"), ("3600", "For 1 hour"), ("86400", "For 1 day"),
                  ("604800", "For 1 week"), ("2592000", "For 30 days"))


class ProfileScreen(OverlayScreen[None]):
    BINDINGS = bindings(PROFILE_KEYS)

    def __init__(self, account: Account) -> None:
        super().__init__()
        self.account = account
        self.relationship: Relationship | None = None
        self.own = False  # the reader's own: nothing to follow, mute, block or report

    def compose(self) -> ComposeResult:
        yield Static(profile_content(self.account, None), id="profile-header", markup=False)
        yield TimelinePane(PaneSpec(PaneKind.ACCOUNT, self.account.id, f"@{self.account.acct}",
                                    account=self.fedtui.context.acting))
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(TimelinePane).status_list.focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        client = self.fedtui.context.client()
        try:
            account = client.account(self.account.id)
            relationship = client.relationship(self.account.id)
            own = self.fedtui.context.me().id == account.id
        except FedtuiError as err:
            self.app.call_from_thread(self.notify, str(err), severity="warning")
            return
        self.app.call_from_thread(self._show, account, relationship, own)

    def _show(self, account: Account, relationship: Relationship, own: bool = False) -> None:
        self.account = account
        self.relationship = relationship
        if own != self.own:
            self.own = own
            self.refresh_bindings()
        self.query_one("#profile-header", Static).update(profile_content(account, relationship))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The reader's own profile offers no follow, mute, block or report (the server
        refused them with an error)."""
        return not (self.own and action in ("follow", "mute", "block", "report"))

    def action_summarise_posts(self) -> None:
        """`C`: a summary of this account's recent posts."""
        from fedtui.app.summarise import profile_source
        from fedtui.ui.screens.summary import SummaryScreen

        account_id, client = self.account.id, self.fedtui.context.client
        self.app.push_screen(SummaryScreen(f"Recent posts of @{self.account.acct}",
                                           lambda: profile_source(client(), account_id)))

    # -- follow, mute, block, report ----------------------------------------------------

    def action_follow(self) -> None:
        rel = self.relationship
        self.act("follow", undo=bool(rel and (rel.following or rel.requested)))

    def action_mute(self) -> None:
        if self.relationship is not None and self.relationship.muting:
            self.act("mute", undo=True)
            return
        from fedtui.ui.screens.dialogs import ChoiceDialog

        def chosen(answer: str | None) -> None:
            if answer is not None:
                self.act("mute", duration=int(answer) or None)

        self.app.push_screen(ChoiceDialog(f"Mute @{self.account.acct}?", MUTE_DURATIONS,
                                          "Their posts and notifications stop showing; they "
                                          "are not told."), chosen)

    def action_block(self) -> None:
        if self.relationship is not None and self.relationship.blocking:
            self.act("block", undo=True)
            return
        from fedtui.ui.screens.dialogs import confirm

        def answered(answer: str | None) -> None:
            if answer == "yes":
                self.act("block")

        self.app.push_screen(confirm(f"Block @{self.account.acct}?", "Block",
                                     "They can no longer follow you or see your posts, and "
                                     "you stop seeing theirs."), answered)

    def action_report(self) -> None:
        from fedtui.ui.screens.report import ReportDialog, ReportForm

        status = self.query_one(TimelinePane).status_list.highlighted_status

        def filled(form: ReportForm | None) -> None:
            if form is not None:
                self.send_report(form)

        self.app.push_screen(ReportDialog(self.account, status), filled)

    @work(thread=True, group="profile-actions")
    def act(self, what: str, undo: bool = False, duration: int | None = None) -> None:
        actions = self.fedtui.context.actions()
        who = f"@{self.account.acct}"
        try:
            if what == "follow":
                rel = actions.follow(self.account.id, undo=undo)
                said = f"Unfollowed {who}." if undo else (
                    f"Asked to follow {who}." if rel.requested else f"Following {who}.")
            elif what == "mute":
                rel = actions.mute(self.account.id, duration=duration, undo=undo)
                said = f"Unmuted {who}." if undo else f"Muted {who}."
            else:
                rel = actions.block(self.account.id, undo=undo)
                said = f"Unblocked {who}." if undo else f"Blocked {who}."
        except FedtuiError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error")
            return
        if what == "follow":
            self.fedtui.context.session(self.fedtui.context.acting).explainer().forget()
        self.app.call_from_thread(self._show, self.account, rel, self.own)
        self.app.call_from_thread(self.notify, said)

    @work(thread=True, group="profile-actions")
    def send_report(self, form: object) -> None:
        from fedtui.ui.screens.report import ReportForm

        assert isinstance(form, ReportForm)
        try:
            self.fedtui.context.actions().report(
                self.account.id, status_ids=form.status_ids, comment=form.comment,
                category=form.category, rule_ids=form.rule_ids, forward=form.forward)
        except FedtuiError as err:
            self.app.call_from_thread(self.notify, f"The report was not sent: {err}",
                                      severity="error")
            return
        self.app.call_from_thread(self.notify, f"Reported @{self.account.acct} to the "
                                  "moderators. Thank you.")
