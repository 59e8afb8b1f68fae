"""Local filters: where the rules file is, the rules in force, what is wrong with the file,
and how rules are written; enter edits the file in $EDITOR (written with examples first)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from fedtui.core.local_filters import KIND_LABELS, Rule
from fedtui.core.sanitize import clean_line
from fedtui.ui.keymap import MANAGE_KEYS, bindings
from fedtui.ui.screens.base import Dialog

HOW = ("Rules stay on this machine. A post a rule matches folds behind one line naming the "
       "rule: s shows it, w says which rule decided. Kinds: keywords, regex, accounts, "
       "domains, and describe (\"crypto giveaways\": the on-device model judges each post in "
       "the background, yes or no, with a threshold; judge_before_showing = true holds a "
       "post back until judged). m on a post mutes its author or server. The file is read "
       "again when you save it.")


def rule_line(rule: Rule) -> str:
    what = ", ".join(rule.terms)
    extra = ""
    if rule.before_showing:
        extra = " · judged before showing"
    if len(what) > 60:
        what = what[:59] + "…"
    return clean_line(f"{rule.name} · {KIND_LABELS[rule.kind]}: {what}{extra}")


class LocalFiltersScreen(Dialog[None]):
    BINDINGS = bindings(spec for spec in MANAGE_KEYS if spec.id == "manage.edit")

    def compose(self) -> ComposeResult:
        service = self.fedtui.local_filters().service
        with Vertical(classes="dialog", id="local-filters"):
            yield Static("Local filters  ·  enter edits the file  ·  esc back",
                         classes="dialog-title", markup=False)
            yield Static(str(service.path), classes="dialog-body", markup=False)
            with VerticalScroll(id="local-filters-scroll"):
                yield Static(self.rules_content(), id="local-filters-rules", markup=False)
                yield Static(HOW, classes="dialog-body", markup=False)

    def rules_content(self) -> Content:
        service = self.fedtui.local_filters().service
        lines = [Content.assemble(("• ", "$primary"), rule_line(rule))
                 for rule in service.rules]
        if not lines:
            lines.append(Content.styled("No rules yet.", "$text-muted"))
        lines.extend(Content.styled(clean_line(p), "$warning") for p in service.problems)
        return Content("\n").join(lines)

    def action_edit(self) -> None:
        from fedtui.ui.external_editor import edit_externally

        view = self.fedtui.local_filters()
        try:
            path = view.service.ensure_file()
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            self.notify(f"Could not read {view.service.path}: {err}", severity="error")
            return
        edited, why_not = edit_externally(self.app, text)
        if edited is None:
            self.notify(f"{why_not} Edit {path} in any editor: it is read again when saved.",
                        severity="warning")
            return
        try:
            path.write_text(edited + "\n", encoding="utf-8")
        except OSError as err:
            self.notify(f"Could not save {path}: {err}", severity="error")
            return
        view.reload()
        self.query_one("#local-filters-rules", Static).update(self.rules_content())
