"""`w`: why is this post here? The facts, each with the data behind it (who, which tag,
which list, when), from `fedtui.app.explain`; nothing is guessed. `m` asks the on-device
model to say them in one sentence, labelled as model text and shown only when every
account, tag, list and number it names is among the facts (`fedtui.core.why_phrase`)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from fedtui.core.model import Item, Notification, Status
from fedtui.core.panes import PaneKind
from fedtui.core.provenance import Fact, Origin
from fedtui.core.ranking import ranked_fact
from fedtui.core.render import display_name, status_text
from fedtui.core.sanitize import clean_line
from fedtui.core.why_phrase import LABEL, Checked
from fedtui.errors import FedtuiError
from fedtui.ui import messages
from fedtui.ui.keymap import WHY_KEYS, bindings
from fedtui.ui.screens.base import Dialog
from fedtui.ui.workers import work


def about(item: Item) -> str:
    """The item in one line: who, and the start of what they wrote."""
    status = item.status if isinstance(item, Notification) else item
    shown = status.shown if status is not None else None
    who = shown.account if shown is not None else item.account
    line = f"{display_name(who)} @{who.acct}"
    if isinstance(item, Notification):
        line = f"{item.type} from @{item.account.acct}" + (f" · {line}" if shown else "")
    elif item.reblog is not None:
        line += f" (boosted by @{item.account.acct})"
    if shown is not None and (text := " ".join(status_text(shown).split())):
        line += f": {text}"
    return clean_line(line if len(line) <= 120 else line[:119] + "…")


def facts_content(facts: Sequence[Fact], notes: Sequence[str]) -> Content:
    lines = [Content.assemble(("• ", "$primary"), fact.sentence()) for fact in facts]
    lines.extend(Content.styled(clean_line(note), "$warning") for note in notes)
    return Content("\n").join(lines)


class WhyScreen(Dialog[None]):
    """The facts for one item of a list, worked out in a thread (the server is asked
    whom the reader follows, their tags and lists, on first use)."""

    BINDINGS = bindings(WHY_KEYS)

    def __init__(self, item: Item, items: Sequence[Item], origin: Origin, *,
                 account: str = "", profile: str = "") -> None:
        super().__init__()
        self.item = item
        self.items = tuple(items)
        self.origin = origin
        self.account = account
        self.profile = profile
        self.facts: tuple[Fact, ...] = ()

    @classmethod
    def asked(cls, message: messages.ExplainRequested) -> WhyScreen:
        """For `w` in a pane (its source) or in a thread."""
        from fedtui.ui.widgets.pane import TimelinePane

        for node in message.source.ancestors_with_self:
            if isinstance(node, TimelinePane):
                spec = node.spec
                profile = spec.argument if spec.kind is PaneKind.ACCOUNT else ""
                return cls(message.item, message.items, Origin.of_pane(spec),
                           account=spec.account, profile=profile)
        return cls(message.item, message.items, Origin("thread"))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="why"):
            yield Static("Why you see this post", classes="dialog-title", markup=False)
            yield Static(about(self.item), classes="dialog-body", markup=False)
            with VerticalScroll(id="why-scroll"):
                yield Static("Asking your server whom you follow, your hashtags and lists…",
                             id="why-facts", markup=False)
                yield Static("", id="why-sentence", markup=False)

    def on_mount(self) -> None:
        self.explain()

    @work(thread=True, exclusive=True, group="why")
    def explain(self) -> None:
        status = self.item.status if isinstance(self.item, Notification) else self.item
        ranked = self.origin.kind == PaneKind.FOR_YOU.value and isinstance(self.item, Status)
        try:
            session = self.fedtui.context.session(self.account)
            found = session.explainer().explain(
                self.items, self.origin, profile=self.profile,
                focus=status.shown.id if status is not None else "",
                seen=session.ranker().boosters() if ranked else None,
                local=self.fedtui.local_filters().service)
            facts = found.facts.get(self.item.id, ())
            if ranked and isinstance(self.item, Status):  # the score and each contribution
                facts += (ranked_fact(session.ranker().score_of(self.item)),)
        except FedtuiError as err:
            self.app.call_from_thread(self._show, (), (f"Could not explain this post: {err}",))
            return
        self.app.call_from_thread(self._show, facts, found.notes)

    def _show(self, facts: tuple[Fact, ...], notes: tuple[str, ...]) -> None:
        self.facts = facts
        self.query_one("#why-facts", Static).update(facts_content(facts, notes))

    def action_phrase(self) -> None:
        """`m`: the facts in one sentence, by the on-device model in its queue."""
        desk = self.fedtui.translation_desk()
        if desk is None or not self.facts:
            self.notify("No on-device model in this session." if desk is None
                        else "The facts are not known yet.", severity="warning")
            return
        from fedtui.app.explain import phrase
        from fedtui.llm.scheduler import Priority

        facts = self.facts
        self._say("Asking the on-device model…")

        def shown(checked: Checked) -> None:
            if checked.sentence is None:
                said = f"The model's sentence is not shown: {checked.reason}."
            else:
                said = f"{LABEL}\n{checked.sentence}"
            self.app.call_from_thread(self._say, said)

        desk.scheduler.submit(("why", self.item.id), Priority.FOCUSED,
                              lambda model, cancel: phrase(facts, model, cancel),
                              on_done=shown, on_error=lambda err: self.app.call_from_thread(
                                  self._say, f"The model could not help: {err}"))

    def _say(self, text: str) -> None:
        if self.is_attached:
            self.query_one("#why-sentence", Static).update(text)
