"""What the App does with `PostAction` and `OpenLink` intents: toggles shown at once and
rolled back if the server refuses, votes, copy and open (http and https links only), and
the own-post actions (edit, delete, redraft).

Every change to a post is broadcast to every pane and list of the acting account that
shows it, on any screen (`FedtuiApp.show_status_everywhere`). The account is the one
acting when the key was pressed, whatever pane has the focus when the server answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from fedtui.app.compose_request import ComposeRequest
from fedtui.core.capabilities import SAYINGS, Feature
from fedtui.core.compose import PostDraft
from fedtui.core.model import Poll, Status
from fedtui.core.quoted import unavailable
from fedtui.core.render import status_links
from fedtui.core.sanitize import web_url
from fedtui.errors import FedtuiError
from fedtui.mastodon.action_types import DeletionUnsure
from fedtui.ui import messages
from fedtui.ui.workers import in_thread

if TYPE_CHECKING:
    from fedtui.ui.app import FedtuiApp

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


class PostActions:
    """The App's actions on posts; the App hands it the intents."""

    def __init__(self, app: FedtuiApp) -> None:
        self._app = app
        #: (account, post id) -> the post as its toggles last showed it, and how many of
        #: them are on their way: a refused one undoes only itself
        self._toggled: dict[tuple[str, str], tuple[Status, int]] = {}

    def _in_thread(self, function: Callable[[], object], name: str) -> None:
        in_thread(self._app, function, group="post-actions", name=name)

    def act(self, message: messages.PostAction) -> None:
        """`PostAction`: boost, favourite, bookmark, copy, vote, reply, quote, open the
        quoted post, edit, delete, redraft."""
        app, status, action = self._app, message.status.shown, message.action
        account = app.context.acting
        if action in TOGGLES:
            self.toggle(status, action, account)
        elif action == "copy_url":
            url = web_url(status.url) or web_url(status.uri)
            if url is None:
                app.notify("This post has no web link to copy.", severity="warning")
                return
            app.copy_to_clipboard(url)
            app.notify(f"Copied the link: {url}")
        elif action == "vote":
            self.ask_vote(status, account)
        elif action in ("reply", "quote"):
            self.open_compose_for(action, status)
        elif action == "open_quote":
            self.open_quote(status)
        elif action in ("edit", "delete", "redraft"):
            self._in_thread(lambda: self._own_post_action(action, status, account),
                            "own_post_action")

    # -- links: only http and https, and the notice names the exact URL opened -----------

    def open_links(self, message: messages.OpenLink) -> None:
        """`OpenLink`: the post's one link, or a choice of them (the post itself last)."""
        app = self._app
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

                app.push_screen(LinkPicker(links), self._picked_link)
        elif address:
            app.notify(f"This post's address is not a web link, so it was not opened: "
                       f"{address}", severity="warning")
        else:
            app.notify("This post has no links.")

    def _picked_link(self, url: str | None) -> None:
        if url:
            self.open_link(url)

    def open_link(self, url: str) -> None:
        in_thread(self._app, lambda: self._open_link(url), group="browser", name="open_link")

    def _open_link(self, url: str) -> None:
        """In a worker: hand an http(s) link to the system browser; say the exact URL
        either way."""
        from fedtui import browser

        app = self._app
        safe = web_url(url)
        if safe is None:
            app.call_from_thread(app.notify, "fedtui opens only http and https links; "
                                 f"not opened: {url}", severity="warning")
            return
        opened = browser.open_in_window(safe)
        note = "Opened in your browser" if opened else "No browser available; the link is"
        app.call_from_thread(app.notify, f"{note}: {safe}")

    # -- boost, favourite, bookmark: shown at once, undone if refused ---------------------

    def toggle(self, status: Status, action: str, account: str) -> None:
        key = (account, status.id)
        shown = toggled(status, action)
        self._toggled[key] = (shown, self._toggled.get(key, (shown, 0))[1] + 1)
        self._app.show_status_everywhere(shown, account)
        self._in_thread(lambda: self._send_toggle(status, action, account), "send_toggle")

    def _toggle_landed(self, key: tuple[str, str], shown: Status) -> None:
        """A toggle's answer came: `shown` is the post now (kept while others are on
        their way)."""
        _, on_way = self._toggled.get(key, (shown, 1))
        if on_way > 1:
            self._toggled[key] = (shown, on_way - 1)
        else:
            self._toggled.pop(key, None)

    def _send_toggle(self, before: Status, action: str, account: str) -> None:
        app = self._app
        flag, _, done, undone = TOGGLES[action]
        undo = bool(getattr(before, flag))
        actions = app.context.session(account).actions()
        call = {"boost": actions.boost, "favourite": actions.favourite,
                "bookmark": actions.bookmark}[action]
        try:
            fresh = call(before.id, undo=undo)
        except FedtuiError as err:
            app.call_from_thread(self._toggle_refused, before, action, account, err)
            return
        # the server's counts, but the flag as asked (some servers answer before indexing)
        fresh = replace(fresh, **{flag: not undo})  # type: ignore[arg-type]
        app.call_from_thread(self._toggle_landed, (account, before.id), fresh)
        app.call_from_thread(app.show_status_everywhere, fresh, account)
        app.call_from_thread(app.notify, f"{undone if undo else done}: {short(before)}")

    def _toggle_refused(self, before: Status, action: str, account: str,
                        err: FedtuiError) -> None:
        """Only this action is undone, on the post as shown now (a bookmark made while a
        favourite was on its way stays)."""
        flag = TOGGLES[action][0]
        key = (account, before.id)
        shown = self._toggled.get(key, (toggled(before, action), 1))[0]
        if getattr(shown, flag) != getattr(before, flag):
            shown = toggled(shown, action)
        self._toggle_landed(key, shown)
        self._app.show_status_everywhere(shown, account)
        what = {"boost": "boost", "favourite": "favourite", "bookmark": "bookmark"}[action]
        self._app.notify(f"Could not {what} the post, so it is back as it was. {err}",
                         severity="error", timeout=8)

    # -- polls -------------------------------------------------------------------------

    def ask_vote(self, status: Status, account: str) -> None:
        app, poll = self._app, status.poll
        if poll is None:
            app.notify("This post has no poll.", severity="warning")
            return
        if poll.expired:
            app.notify("This poll has ended.", severity="warning")
            return
        if poll.voted:
            app.notify("You have already voted in this poll.", severity="warning")
            return
        from fedtui.ui.screens.dialogs import VoteDialog

        def chosen(choices: tuple[int, ...] | None) -> None:
            if choices:
                self._in_thread(lambda: self._send_vote(status, choices, account), "send_vote")

        app.push_screen(VoteDialog(poll), chosen)

    def _send_vote(self, status: Status, choices: tuple[int, ...], account: str) -> None:
        app = self._app
        assert status.poll is not None
        try:
            poll: Poll = app.context.session(account).actions().vote(status.poll.id, choices)
        except FedtuiError as err:
            app.call_from_thread(app.notify, f"Your vote was not counted: {err}",
                                 severity="error")
            return
        app.call_from_thread(app.show_status_everywhere, replace(status, poll=poll), account)
        app.call_from_thread(app.notify, "Voted.")

    # -- reply, quote, edit, delete, redraft ---------------------------------------------

    def open_compose_for(self, action: str, status: Status) -> None:
        app = self._app
        if action == "quote":
            known = app.context.known_capabilities()
            if known is not None and not known.supports(Feature.QUOTES):
                app.notify(f"{SAYINGS[Feature.QUOTES]} (y copies its link.)")
                return
        request = (ComposeRequest.reply(status, app.context.acting_acct) if action == "reply"
                   else ComposeRequest.quote(status))
        app.open_compose(request)

    # -- the quoted post ---------------------------------------------------------------

    def open_quote(self, status: Status) -> None:
        """`i`: the quoted post's thread, or one sentence on why it cannot be opened."""
        app, quote = self._app, status.quote
        if quote is None:
            app.notify("This post does not quote another post.")
            return
        why = unavailable(quote)
        if why is not None:
            app.notify(why)
        elif quote.status is not None:
            app.post_message(messages.OpenThread(quote.status))
        elif (status_id := quote.status_id):
            self._in_thread(lambda: self._fetch_quoted(status_id), "fetch_quoted")

    def _fetch_quoted(self, status_id: str) -> None:
        """A quoted post the server sent only by its id: ask for it, then open it."""
        app = self._app
        try:
            quoted = app.context.client().status(status_id)
        except FedtuiError as err:
            app.call_from_thread(app.notify, f"Could not open the quoted post: {err}",
                                 severity="error")
            return
        app.call_from_thread(app.post_message, messages.OpenThread(quoted))

    def _own_post_action(self, action: str, status: Status, account: str) -> None:
        app = self._app
        session = app.context.session(account)
        try:
            me = session.me()
        except FedtuiError as err:
            app.call_from_thread(app.notify, str(err), severity="error")
            return
        if status.account.id != me.id:
            verb = {"edit": "edit", "delete": "delete", "redraft": "redraft"}[action]
            app.call_from_thread(app.notify, f"You can only {verb} your own posts.",
                                 severity="warning")
            return
        if action == "edit":
            try:
                source = session.actions().source(status.id)
            except FedtuiError as err:
                app.call_from_thread(app.notify, f"Could not load the post: {err}",
                                     severity="error")
                return
            app.call_from_thread(app.open_compose, ComposeRequest.edit(status, source))
        else:
            app.call_from_thread(self._confirm_delete, action, status, account)

    def _confirm_delete(self, action: str, status: Status, account: str) -> None:
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
                self._in_thread(lambda: self._send_delete(action, status, account),
                                "send_delete")

        self._app.push_screen(dialog, answered)

    def _send_delete(self, action: str, status: Status, account: str) -> None:
        app = self._app
        actions = app.context.session(account).actions()
        try:
            draft: PostDraft = (actions.delete_to_redraft(status.id) if action == "redraft"
                                else actions.delete(status.id))
        except DeletionUnsure as err:
            said = f"Could not tell whether the post was deleted: {err}"
            if err.draft is not None:  # its text is not lost: the writer decides
                app.call_from_thread(app.open_compose, ComposeRequest.redraft(err.draft, status))
                said += " Here it is to write again; look at your profile before sending."
            app.call_from_thread(app.notify, said, severity="warning", timeout=15)
            return
        except FedtuiError as err:
            app.call_from_thread(app.notify, f"The post was not deleted: {err}",
                                 severity="error")
            return
        app.call_from_thread(app.forget_status_everywhere, status.id, account)
        if action == "redraft":
            app.call_from_thread(app.open_compose, ComposeRequest.redraft(draft, status))
            app.call_from_thread(app.notify, "Deleted; here it is to write again.")
        else:
            app.call_from_thread(app.notify, "Deleted.")
