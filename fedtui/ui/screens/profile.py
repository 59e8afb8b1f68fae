"""A profile: header, bio, fields, counts, then the account's posts as a pane."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, Static

from fedtui.core.model import Account, Relationship
from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.core.render import display_name, render_html
from fedtui.core.sanitize import clean_line
from fedtui.errors import FedtuiError
from fedtui.ui.post_view import rich_text_content
from fedtui.ui.screens.base import OverlayScreen
from fedtui.ui.widgets.pane import TimelinePane


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
    lines.append(Content.styled(
        f"{account.statuses_count} posts · {account.following_count} following · "
        f"{account.followers_count} followers", "$text-muted"))
    return Content("\n").join(lines)


class ProfileScreen(OverlayScreen[None]):
    def __init__(self, account: Account) -> None:
        super().__init__()
        self.account = account

    def compose(self) -> ComposeResult:
        yield Static(profile_content(self.account, None), id="profile-header")
        yield TimelinePane(PaneSpec(PaneKind.ACCOUNT, self.account.id, f"@{self.account.acct}"))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TimelinePane).status_list.focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        client = self.fedtui.context.client()
        try:
            account = client.account(self.account.id)
            relationship = client.relationship(self.account.id)
        except FedtuiError as err:
            self.app.call_from_thread(self.notify, str(err), severity="warning")
            return
        self.app.call_from_thread(self._show, account, relationship)

    def _show(self, account: Account, relationship: Relationship) -> None:
        self.account = account
        self.query_one("#profile-header", Static).update(profile_content(account, relationship))
