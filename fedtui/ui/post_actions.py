"""What the App does with `PostAction` intents: toggles shown at once and rolled back if
the server refuses, votes, copy and open (http and https links only), and the own-post
actions (edit, delete, redraft).

Every change to a post is broadcast to every pane and list that shows it, on any screen.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import App
from textual.widget import Widget

from fedtui.app.compose_request import ComposeRequest
from fedtui.core.capabilities import SAYINGS, Feature
from fedtui.core.compose import PostDraft
from fedtui.core.model import Poll, Status
from fedtui.core.quoted import unavailable
from fedtui.core.render import status_links
from fedtui.core.sanitize import web_url
from fedtui.errors import FedtuiError
from fedtui.ui import messages
from fedtui.ui.widgets.pane import TimelinePane
from fedtui.ui.workers import work

if TYPE_CHECKING:
    from fedtui.app.context import AppContext
    from fedtui.ui.screens.compose_keep import Sent

TOGGLES = {
    # action: (flag, count field, done, undone)
    "boost": ("reblogged", "reblogs_count", "Boosted", "Boost undone"),
    "favourite": ("favourited", "favourites_count", "Favourited", "Favourite undone"),
    "bookmark": ("bookmarked", "", "Bookmarked", "Bookmark removed"),
}


def toggled(status: Status, action: str) -> Status:
    """`status` as it looks once `action` (boost, favourite, bookmark) is flipped."""
    flag, count, _, _ = TOGGLES[action]
    on = not getattr(status, flag)
    changes: dict[str, object] = {flag: on}
    if count:
        changes[count] = max(0, getattr(status, count) + (1 if on else -1))
    return replace(status, **changes)  # type: ignore[arg-type]


def short(status: Status, width: int = 40) -> str:
    from fedtui.core.render import render_html

    text = status.spoiler_text or render_html(status.content).plain
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class PostActionsMixin(App[None]):
    """Mixed into `FedtuiApp`."""

    context: AppContext

    # -- broadcasting ------------------------------------------------------------------

    def _owners(self) -> list[Widget]:
        """Every owner of a list of posts, on every screen: the panes, and the screens
        that own their list (a thread)."""
        return [owner for screen in self.screen_stack
                for owner in (screen, *screen.query(TimelinePane))]

    def show_status_everywhere(self, status: Status) -> None:
        """A post changed (counts, edit, vote): every pane and thread showing it is told."""
        for owner in self._owners():
            owner.post_message(messages.StatusChanged(status))

    def forget_status_everywhere(self, status_id: str) -> None:
        """A post was deleted: every pane and thread showing it is told."""
        for owner in self._owners():
            owner.post_message(messages.StatusDeleted(status_id))

    def show_new_post(self, status: Status) -> None:
        """The user posted: every pane and thread is told (home panes show it at once)."""
        for owner in self._owners():
            owner.post_message(messages.StatusPosted(status))

    # -- routing -----------------------------------------------------------------------

    def on_post_action(self, message: messages.PostAction) -> None:
        status = message.status.shown
        action = message.action
        if action in TOGGLES:
            self.toggle(status, action)
        elif action == "copy_url":
            url = web_url(status.url) or web_url(status.uri)
            if url is None:
                self.notify("This post has no web link to copy.", severity="warning")
                return
            self.copy_to_clipboard(url)
            self.notify(f"Copied the link: {url}")
        elif action == "vote":
            self.ask_vote(status)
        elif action in ("reply", "quote"):
            self.open_compose_for(action, status)
        elif action == "open_quote":
            self.open_quote(status)
        elif action in ("edit", "delete", "redraft"):
            self.own_post_action(action, status)

    # -- links: only http and https, and the notice names the exact URL opened -----------

    def on_open_link(self, message: messages.OpenLink) -> None:
        links = status_links(message.status)
        address = message.status.shown.url
        own = web_url(address)
        if own is not None and own not in links:
            links = (*links, own)  # the post itself, last: open it in the browser
        if links:
            if len(links) == 1:
                self.open_link(links[0])
            else:
                from fedtui.ui.screens.pickers import LinkPicker

                self.push_screen(LinkPicker(links), self._picked_link)
        elif address:
            self.notify(f"This post's address is not a web link, so it was not opened: "
                        f"{address}", severity="warning")
        else:
            self.notify("This post has no links.")

    def _picked_link(self, url: str | None) -> None:
        if url:
            self.open_link(url)

    @work(thread=True, group="browser")
    def open_link(self, url: str) -> None:
        """Hand an http(s) link to the system browser; say the exact URL either way."""
        from fedtui import browser

        safe = web_url(url)
        if safe is None:
            self.call_from_thread(self.notify, "fedtui opens only http and https links; "
                                  f"not opened: {url}", severity="warning")
            return
        opened = browser.open_in_browser(safe)
        note = "Opened in your browser" if opened else "No browser available; the link is"
        self.call_from_thread(self.notify, f"{note}: {safe}")

    # -- boost, favourite, bookmark: shown at once, undone if refused ---------------------

    def toggle(self, status: Status, action: str) -> None:
        hoped = toggled(status, action)
        self.show_status_everywhere(hoped)
        self.send_toggle(status, action)

    @work(thread=True, group="post-actions")
    def send_toggle(self, before: Status, action: str) -> None:
        flag, _, done, undone = TOGGLES[action]
        undo = bool(getattr(before, flag))
        actions = self.context.actions()
        call = {"boost": actions.boost, "favourite": actions.favourite,
                "bookmark": actions.bookmark}[action]
        try:
            fresh = call(before.id, undo=undo)
        except FedtuiError as err:
            self.call_from_thread(self._toggle_refused, before, action, err)
            return
        # the server's counts, but the flag as asked (some servers answer before indexing)
        fresh = replace(fresh, **{flag: not undo})  # type: ignore[arg-type]
        self.call_from_thread(self.show_status_everywhere, fresh)
        self.call_from_thread(self.notify, f"{undone if undo else done}: {short(before)}")

    def _toggle_refused(self, before: Status, action: str, err: FedtuiError) -> None:
        self.show_status_everywhere(before)
        what = {"boost": "boost", "favourite": "favourite", "bookmark": "bookmark"}[action]
        self.notify(f"Could not {what} the post, so it is back as it was. {err}",
                    severity="error", timeout=8)

    # -- polls -------------------------------------------------------------------------

    def ask_vote(self, status: Status) -> None:
        poll = status.poll
        if poll is None:
            self.notify("This post has no poll.", severity="warning")
            return
        if poll.expired:
            self.notify("This poll has ended.", severity="warning")
            return
        if poll.voted:
            self.notify("You have already voted in this poll.", severity="warning")
            return
        from fedtui.ui.screens.dialogs import VoteDialog

        def chosen(choices: tuple[int, ...] | None) -> None:
            if choices:
                self.send_vote(status, choices)

        self.push_screen(VoteDialog(poll), chosen)

    @work(thread=True, group="post-actions")
    def send_vote(self, status: Status, choices: tuple[int, ...]) -> None:
        assert status.poll is not None
        try:
            poll: Poll = self.context.actions().vote(status.poll.id, choices)
        except FedtuiError as err:
            self.call_from_thread(self.notify, f"Your vote was not counted: {err}",
                                  severity="error")
            return
        self.call_from_thread(self.show_status_everywhere, replace(status, poll=poll))
        self.call_from_thread(self.notify, "Voted.")

    # -- reply, quote, edit, delete, redraft ---------------------------------------------

    def open_compose_for(self, action: str, status: Status) -> None:
        if action == "quote":
            known = self.context.known_capabilities()
            if known is not None and not known.supports(Feature.QUOTES):
                self.notify(f"{SAYINGS[Feature.QUOTES]} (y copies its link.)")
                return
        request = (ComposeRequest.reply(status, self.context.acting_acct) if action == "reply"
                   else ComposeRequest.quote(status))
        self.open_compose(request)

    def open_compose(self, request: ComposeRequest) -> None:
        from fedtui.ui.screens.compose import ComposeScreen

        self.push_screen(ComposeScreen(request, self.context.account_key), self.compose_done)

    def compose_done(self, sent: Sent | None) -> None:
        """The compose screen sent: show the post, and say what the server did with it."""
        if sent is None:
            return
        post = sent.post
        if isinstance(post, Status):
            if post.edited_at is not None:
                self.show_status_everywhere(post)
            else:
                self.show_new_post(post)
        if sent.changed:  # the server ignored part of the draft (a schedule, a quote)
            self.notify(sent.notice, severity="warning", timeout=10)
        else:
            self.notify(sent.notice)

    # -- the quoted post ---------------------------------------------------------------

    def open_quote(self, status: Status) -> None:
        """`i`: the quoted post's thread, or one sentence on why it cannot be opened."""
        quote = status.quote
        if quote is None:
            self.notify("This post does not quote another post.")
            return
        why = unavailable(quote)
        if why is not None:
            self.notify(why)
        elif quote.status is not None:
            self.post_message(messages.OpenThread(quote.status))
        elif quote.status_id:
            self.fetch_quoted(quote.status_id)

    @work(thread=True, group="post-actions")
    def fetch_quoted(self, status_id: str) -> None:
        """A quoted post the server sent only by its id: ask for it, then open it."""
        try:
            quoted = self.context.client().status(status_id)
        except FedtuiError as err:
            self.call_from_thread(self.notify, f"Could not open the quoted post: {err}",
                                  severity="error")
            return
        self.call_from_thread(self.post_message, messages.OpenThread(quoted))

    @work(thread=True, group="post-actions")
    def own_post_action(self, action: str, status: Status) -> None:
        try:
            me = self.context.me()
        except FedtuiError as err:
            self.call_from_thread(self.notify, str(err), severity="error")
            return
        if status.account.id != me.id:
            verb = {"edit": "edit", "delete": "delete", "redraft": "redraft"}[action]
            self.call_from_thread(self.notify, f"You can only {verb} your own posts.",
                                  severity="warning")
            return
        if action == "edit":
            try:
                source = self.context.actions().source(status.id)
            except FedtuiError as err:
                self.call_from_thread(self.notify, f"Could not load the post: {err}",
                                      severity="error")
                return
            self.call_from_thread(self.open_compose, ComposeRequest.edit(status, source))
        else:
            self.call_from_thread(self._confirm_delete, action, status)

    def _confirm_delete(self, action: str, status: Status) -> None:
        from fedtui.ui.screens.dialogs import confirm

        if action == "delete":
            dialog = confirm("Delete this post?", "Delete it",
                             f"“{short(status, 60)}” — this cannot be undone.")
        else:
            dialog = confirm("Delete this post and write it again?", "Delete and redraft",
                             f"“{short(status, 60)}” — its boosts, favourites and replies "
                             "are lost; the text, media and poll come back in the editor.")

        def answered(answer: str | None) -> None:
            if answer == "yes":
                self.send_delete(action, status)

        self.push_screen(dialog, answered)

    @work(thread=True, group="post-actions")
    def send_delete(self, action: str, status: Status) -> None:
        try:
            draft: PostDraft = self.context.actions().delete(status.id)
        except FedtuiError as err:
            self.call_from_thread(self.notify, f"The post was not deleted: {err}",
                                  severity="error")
            return
        self.call_from_thread(self.forget_status_everywhere, status.id)
        if action == "redraft":
            self.call_from_thread(self.open_compose, ComposeRequest.redraft(draft, status))
            self.call_from_thread(self.notify, "Deleted; here it is to write again.")
        else:
            self.call_from_thread(self.notify, "Deleted.")
