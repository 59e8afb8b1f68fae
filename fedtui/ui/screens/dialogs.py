"""Small questions over the current screen: confirm, choose one, vote, pick types."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from fedtui.core.model import Poll
from fedtui.core.notification_kinds import FILTERABLE, type_label
from fedtui.core.sanitize import clean_line
from fedtui.ui.screens.base import Dialog


class ChoiceDialog(Dialog[str | None]):
    """A question with a few answers; returns the id of the one chosen (None on escape).
    `default` is the answer highlighted at first (what enter chooses): the first one unless
    said otherwise, and never a destructive one."""

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], body: str = "",
                 *, default: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.body = body
        self.choices = tuple(choices)
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            if self.body:
                yield Static(self.body, classes="dialog-body", markup=False)
            yield OptionList(*(Option(Content(label), id=key) for key, label in self.choices))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.default is not None:
            options.highlighted = options.get_option_index(self.default)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


def confirm(title: str, yes: str, body: str = "", no: str = "Cancel") -> ChoiceDialog:
    """A yes/no question about something that cannot be undone: dismisses with "yes", "no"
    or None. "no" is highlighted: enter at once changes nothing."""
    return ChoiceDialog(title, [("yes", yes), ("no", no)], body, default="no")


class VoteDialog(Dialog[tuple[int, ...] | None]):
    """The options of a poll: enter votes for one; with multiple choice, space marks
    options and the Vote button sends them."""

    def __init__(self, poll: Poll) -> None:
        super().__init__()
        self.poll = poll

    def compose(self) -> ComposeResult:
        titles = [Content(clean_line(option.title)) for option in self.poll.options]
        with Vertical(classes="dialog"):
            if self.poll.multiple:
                yield Static("Vote: choose any (space marks, then Vote)",
                             classes="dialog-title")
                yield SelectionList[int](*((title, i) for i, title in enumerate(titles)),
                                         id="choices")
                yield Button("Vote", id="vote", variant="primary")
            else:
                yield Static("Vote: choose one (enter)", classes="dialog-title")
                yield OptionList(*(Option(title, id=str(i)) for i, title in enumerate(titles)),
                                 id="choices")

    def on_mount(self) -> None:
        self.query_one("#choices").focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss((int(event.option.id or 0),))

    @on(Button.Pressed, "#vote")
    def vote(self) -> None:
        chosen = tuple(sorted(self.query_one("#choices", SelectionList).selected))
        if not chosen:
            self.notify("Mark at least one option with space first.", severity="warning")
            return
        self.dismiss(chosen)


NOTIFICATION_TYPES: tuple[tuple[str, str], ...] = tuple(
    (kind, type_label(kind)) for kind in FILTERABLE)


class TypesDialog(Dialog[frozenset[str] | None]):
    """Which notification types a pane shows (none marked: all of them)."""

    def __init__(self, current: frozenset[str]) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Show which notifications? (space marks; none: all)",
                         classes="dialog-title")
            yield SelectionList[str](
                *((label, key, key in self.current) for key, label in NOTIFICATION_TYPES),
                id="types")
            yield Button("Show", id="apply", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#types").focus()

    @on(Button.Pressed, "#apply")
    def apply(self) -> None:
        self.dismiss(frozenset(self.query_one("#types", SelectionList).selected))
