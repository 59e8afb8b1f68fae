"""What a pane does besides showing posts: saving its read marker (`ReadMarkers` decides
when), follow requests, dismissing and filtering notifications, following the hashtag a
pane shows, and the For you (local) ranking (`=` / `-` lift or sink an author)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widget import Widget

from fedtui.core.capabilities import Feature
from fedtui.core.model import Account, Notification
from fedtui.core.panes import Page, PaneKind, PaneSpec
from fedtui.core.timeline import TimelineDiff, TimelineState
from fedtui.errors import FedtuiError
from fedtui.ui.keymap import NOTIFICATION_KEYS, RANK_KEYS, TAG_KEYS, bindings
from fedtui.ui.workers import work

if TYPE_CHECKING:
    from fedtui.app.context import AccountSession
    from fedtui.ui.app import FedtuiApp
    from fedtui.ui.widgets.status_list import StatusList


class PaneActionsMixin(Widget):
    """Mixed into `TimelinePane`."""

    BINDINGS = bindings(NOTIFICATION_KEYS + TAG_KEYS + RANK_KEYS)

    spec: PaneSpec
    state: TimelineState[Any]

    types: frozenset[str] = frozenset()  # notification types shown (empty: all)

    @property
    def fedtui(self) -> FedtuiApp:
        raise NotImplementedError

    @property
    def status_list(self) -> StatusList:
        raise NotImplementedError

    def render_diff(self, diff: TimelineDiff) -> None:
        raise NotImplementedError

    def session(self) -> AccountSession:
        """The account this pane is read as (another saved account, or the main one)."""
        return self.fedtui.context.session(self.spec.account)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("answer_request", "dismiss_notification", "filter_types"):
            return self.spec.kind is PaneKind.NOTIFICATIONS
        if action == "follow_tag":
            return self.spec.kind is PaneKind.HASHTAG
        return True

    def say_missing(self, *features: Feature) -> None:
        """What the server lacks of `features`, as a calm line in this pane, once a session."""
        from fedtui.ui.widgets.pane_problem import PaneNote

        for said in self.session().client().capabilities.unsaid(*features):
            self.query_one(PaneNote).say(said)

    # -- fetching ------------------------------------------------------------------------

    def fetch_page(self, cursor: object | None, limit: int) -> Page[Any]:
        """One page of this pane (blocking; from a worker), with the type filter applied."""
        client = self.session().client()
        if self.spec.kind is PaneKind.NOTIFICATIONS and self.types:
            return client.notifications_page(cursor, types=sorted(self.types), limit=limit)
        return client.page(self.spec, cursor, limit=limit)

    # -- For you (local): the reader's ranking ---------------------------------------------

    def action_rank_author(self, step: int) -> None:
        status = self.status_list.highlighted_status
        if status is None:
            self.notify("Highlight a post first.", severity="warning")
            return
        self.rank_author(status.account, step)

    @work(thread=True, group="rank")
    def rank_author(self, author: Account, step: int) -> None:
        try:
            said = self.session().ranker().nudge(author, float(step))
        except FedtuiError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error", timeout=10)
            return
        self.app.call_from_thread(self._author_ranked, said)

    def _author_ranked(self, said: str) -> None:
        self.notify(said)
        for pane in self.screen.query(type(self)):
            if pane.spec.kind is PaneKind.FOR_YOU:
                pane.reload()

    # -- read markers ----------------------------------------------------------------------

    def highlight_focus(self) -> None:
        """Move the list's highlight to the state's focused item."""
        focus = self.state.focus_id
        index = self.status_list.index_of(focus) if focus is not None else None
        if index is not None:
            self.status_list.highlighted = index

    @work(thread=True, exclusive=True, group="marker")
    def save_marker(self, timeline: str, item_id: str) -> None:
        try:
            self.session().actions().save_marker(timeline, item_id)
        except FedtuiError as err:  # a lost marker costs nothing but the position
            self.app.call_from_thread(self.notify, f"Could not save where you stopped "
                                      f"reading: {err}", severity="warning")

    # -- notifications -------------------------------------------------------------------

    def _notification(self) -> Notification | None:
        item = self.status_list.highlighted_item
        return item if isinstance(item, Notification) else None

    def action_answer_request(self, accept: bool) -> None:
        item = self._notification()
        if item is None or item.type != "follow_request":
            self.notify("Highlight a follow request first.", severity="warning")
            return
        self.notification_call(item, "accept" if accept else "reject")

    def action_dismiss_notification(self) -> None:
        item = self._notification()
        if item is not None:
            self.notification_call(item, "dismiss")

    @work(thread=True, group="notification-actions")
    def notification_call(self, item: Notification, what: str) -> None:
        actions = self.session().actions()
        who = f"@{item.account.acct}"
        try:
            if what == "dismiss":
                if item.group_key and getattr(item, "notifications_count", 1) > 1:
                    actions.dismiss_notification_group(item.group_key)
                else:
                    actions.dismiss_notification(item.id)
                said = "Dismissed."
            else:
                actions.answer_follow_request(item.account.id, accept=what == "accept")
                said = (f"{who} can follow you now." if what == "accept"
                        else f"Declined {who}'s follow request.")
        except FedtuiError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error")
            return
        self.app.call_from_thread(self._forget, item.id, said)

    def _forget(self, item_id: str, said: str) -> None:
        self.render_diff(self.state.discard(item_id))
        self.notify(said)

    def action_filter_types(self) -> None:
        from fedtui.ui.screens.dialogs import TypesDialog

        def chosen(types: frozenset[str] | None) -> None:
            if types is not None and types != self.types:
                self.types = types
                self.set_types_title()
                self.reload()

        self.app.push_screen(TypesDialog(self.types), chosen)

    def set_types_title(self) -> None:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    # -- hashtags --------------------------------------------------------------------------

    def action_follow_tag(self) -> None:
        self.toggle_tag(self.spec.argument)

    @work(thread=True, group="tag")
    def toggle_tag(self, name: str) -> None:
        actions = self.session().actions()
        try:
            following = actions.tag_followed(name)
            actions.follow_tag(name, undo=following)
            self.session().explainer().forget()  # "why" asks for the reader's tags again
        except FedtuiError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error")
            return
        said = f"Unfollowed #{name}." if following else (
            f"Following #{name}: its posts come to your home timeline.")
        self.app.call_from_thread(self.notify, said)
