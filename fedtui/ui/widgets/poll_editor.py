"""The poll part of the compose screen: 2..max options, duration, multiple, hide totals."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Select

from fedtui.core.compose import ComposeLimits, PollDraft

DURATIONS: tuple[tuple[str, int], ...] = (
    ("5 minutes", 300),
    ("30 minutes", 1800),
    ("1 hour", 3600),
    ("6 hours", 21600),
    ("1 day", 86400),
    ("3 days", 259200),
    ("7 days", 604800),
)


class PollEditor(Vertical):
    """Edits a `PollDraft`; says `Changed` on every edit."""

    class Changed(Message):
        pass

    def __init__(self, limits: ComposeLimits, poll: PollDraft | None = None, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.limits = limits
        self._initial = poll or PollDraft(options=("", ""))

    def _durations(self) -> list[tuple[str, int]]:
        allowed = [(label, seconds) for label, seconds in DURATIONS
                   if self.limits.min_poll_expiration <= seconds
                   <= self.limits.max_poll_expiration]
        if self._initial.expires_in not in {seconds for _, seconds in allowed}:
            allowed.append((_duration_label(self._initial.expires_in), self._initial.expires_in))
        return allowed

    def compose(self) -> ComposeResult:
        options = list(self._initial.options) or ["", ""]
        while len(options) < 2:
            options.append("")
        with Vertical(id="poll-options"):
            for index, text in enumerate(options):
                yield self._option_input(index, text)
        with Horizontal(classes="poll-settings"):
            yield Button("+ option", id="poll-add", compact=True)
            yield Button("− option", id="poll-remove", compact=True)
            yield Select(self._durations(), value=self._initial.expires_in, allow_blank=False,
                         id="poll-duration", compact=True)
            yield Checkbox("multiple", self._initial.multiple, id="poll-multiple",
                           compact=True)
            yield Checkbox("hide totals", self._initial.hide_totals, id="poll-hide",
                           compact=True)

    def _option_input(self, index: int, text: str) -> Input:
        return Input(text, placeholder=f"option {index + 1}",
                     max_length=self.limits.max_poll_option_characters,
                     classes="poll-option", compact=True)

    @property
    def option_inputs(self) -> list[Input]:
        return list(self.query(".poll-option").results(Input))

    def value(self) -> PollDraft:
        duration = self.query_one("#poll-duration", Select).value
        return PollDraft(
            options=tuple(field.value for field in self.option_inputs),
            expires_in=duration if isinstance(duration, int) else 86400,
            multiple=self.query_one("#poll-multiple", Checkbox).value,
            hide_totals=self.query_one("#poll-hide", Checkbox).value,
        )

    @on(Button.Pressed, "#poll-add")
    def add_option(self, event: Button.Pressed) -> None:
        event.stop()
        count = len(self.option_inputs)
        if count >= self.limits.max_poll_options:
            self.notify(f"This server allows at most {self.limits.max_poll_options} options.",
                        severity="warning")
            return
        field = self._option_input(count, "")
        self.query_one("#poll-options", Vertical).mount(field)
        field.focus()
        self.post_message(self.Changed())

    @on(Button.Pressed, "#poll-remove")
    def remove_option(self, event: Button.Pressed) -> None:
        event.stop()
        fields = self.option_inputs
        if len(fields) <= 2:
            self.notify("A poll needs at least two options.", severity="warning")
            return
        fields[-1].remove()
        self.post_message(self.Changed())

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def changed(self, event: Input.Changed | Select.Changed | Checkbox.Changed) -> None:
        event.stop()
        self.post_message(self.Changed())


def _duration_label(seconds: int) -> str:
    if seconds >= 86400:
        return f"{round(seconds / 86400)} days"
    if seconds >= 3600:
        return f"{round(seconds / 3600)} hours"
    return f"{max(1, round(seconds / 60))} minutes"
