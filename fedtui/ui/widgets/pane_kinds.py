"""The panes whose kind brings keys of its own, and the one place that picks a pane's class.

A notifications pane answers follow requests, dismisses notifications and shows only the
types the reader chose; a hashtag pane follows or unfollows its tag; a For you pane ranks
(`fedtui.ui.widgets.for_you_pane`). Every other kind is a plain `TimelinePane`.
"""

from __future__ import annotations

from typing import Any

from fedtui.core.model import Notification
from fedtui.core.notification_kinds import type_label
from fedtui.core.panes import Page, PaneKind, PaneSpec
from fedtui.errors import FedtuiError
from fedtui.ui.keymap import NOTIFICATION_KEYS, TAG_KEYS, bindings
from fedtui.ui.widgets.for_you_pane import ForYouPane
from fedtui.ui.widgets.pane import TimelinePane
from fedtui.ui.workers import work


def timeline_pane(spec: PaneSpec, *, load_now: bool = True) -> TimelinePane:
    """The pane that shows `spec`."""
    kinds: dict[PaneKind, type[TimelinePane]] = {
        PaneKind.FOR_YOU: ForYouPane, PaneKind.NOTIFICATIONS: NotificationsPane,
        PaneKind.HASHTAG: HashtagPane}
    return kinds.get(spec.kind, TimelinePane)(spec, load_now=load_now)


class NotificationsPane(TimelinePane):
    """Notifications: follow requests answered, notifications dismissed, types chosen."""

    BINDINGS = bindings(NOTIFICATION_KEYS)

    @property
    def types(self) -> frozenset[str]:
        """The notification types shown (empty: all)."""
        return self.view.types

    def heading(self) -> str:
        if not self.types:
            return self.spec.title
        return f"{self.spec.title} (only {', '.join(sorted(map(type_label, self.types)))})"

    def fetch_page(self, cursor: object | None, limit: int) -> Page[Any]:
        if not self.types:
            return super().fetch_page(cursor, limit)
        return self.session().client().notifications_page(cursor, types=sorted(self.types),
                                                          limit=limit)

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
                self.view.types = types
                self.set_status("loading…")
                # another view: what was there all along is not new (it came back counted
                # new, above the reader)
                self.load_latest(from_top=True)

        self.app.push_screen(TypesDialog(self.types), chosen)


class HashtagPane(TimelinePane):
    """A hashtag's posts; its tag can be followed from here."""

    BINDINGS = bindings(TAG_KEYS)

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
