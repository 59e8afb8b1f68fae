"""Server-side filters (v2): list, create, edit and delete them."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, Select, SelectionList, Static, TextArea

from fedtui.errors import FedtuiError
from fedtui.mastodon.action_types import ServerFilter, expires_in_seconds
from fedtui.ui.keymap import MANAGE_KEYS, bindings
from fedtui.ui.screens.base import Dialog, OverlayScreen
from fedtui.ui.widgets.key_hints import KeyHints
from fedtui.ui.workers import work

CONTEXTS = (("home", "Home and lists"), ("notifications", "Notifications"),
            ("public", "Public timelines"), ("thread", "Threads"), ("account", "Profiles"))
ACTIONS = (("Warn (fold behind a notice)", "warn"), ("Hide completely", "hide"),
           ("Blur media only", "blur"))
EXPIRY = (("Never", 0), ("30 minutes", 1800), ("1 hour", 3600), ("6 hours", 21600),
          ("1 day", 86400), ("1 week", 604800))
KEEP = -1  # "as it is": an edit that leaves the expiry alone


@dataclass(frozen=True, slots=True)
class FilterForm:
    title: str
    context: tuple[str, ...]
    action: str
    keywords: tuple[str, ...] | None  # None: unchanged
    expires_in: int | None  # None: never; KEEP: unchanged


class FiltersScreen(OverlayScreen[None]):
    BINDINGS = bindings(MANAGE_KEYS)

    def __init__(self) -> None:
        super().__init__()
        self.filters: list[ServerFilter] = []

    def compose(self) -> ComposeResult:
        yield Static("Server filters  ·  n new  ·  enter edit  ·  d delete  ·  esc back",
                     id="screen-title", markup=False)
        yield DataTable(id="filters", cursor_type="row", zebra_stripes=True)
        yield KeyHints()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Title", "Where", "Action", "Keywords", "Expires")
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="filters")
    def load(self) -> None:
        try:
            found = self.fedtui.context.actions().filters()
        except FedtuiError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error")
            return
        self.app.call_from_thread(self._show, found)

    def _show(self, found: list[ServerFilter]) -> None:
        self.filters = found
        table = self.query_one(DataTable)
        table.clear()
        for item in found:
            expires = item.expires_at.astimezone().strftime("%Y-%m-%d %H:%M") \
                if item.expires_at else "never"
            table.add_row(*map(Text, (item.title, ", ".join(item.context), item.action,
                                      ", ".join(item.keywords), expires)), key=item.id)
        if not found:
            self.notify("No filters yet: n creates one.")

    def _selected(self) -> ServerFilter | None:
        table = self.query_one(DataTable)
        if not self.filters or table.cursor_row >= len(self.filters):
            return None
        return self.filters[table.cursor_row]

    def action_new(self) -> None:
        self.app.push_screen(FilterEditor(None), lambda form: self._save(None, form))

    def action_edit(self) -> None:
        current = self._selected()
        if current is not None:
            self.app.push_screen(FilterEditor(current), lambda form: self._save(current, form))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def _save(self, current: ServerFilter | None, form: FilterForm | None) -> None:
        if form is not None:
            self.save(current, form)

    @work(thread=True, group="filters-save")
    def save(self, current: ServerFilter | None, form: FilterForm) -> None:
        actions = self.fedtui.context.actions()
        try:
            if current is None:
                actions.create_filter(form.title, form.context, form.keywords or (), form.action,
                                      expires_in=form.expires_in)
            else:
                expires = expires_in_seconds(current.expires_at) if form.expires_in == KEEP \
                    else form.expires_in
                actions.update_filter(current.id, title=form.title, context=form.context,
                                      action=form.action, keywords=form.keywords,
                                      expires_in=expires)
        except FedtuiError as err:
            self.app.call_from_thread(self.notify, f"The filter was not saved: {err}",
                                      severity="error")
            return
        self.app.call_from_thread(self.notify, f"Saved the filter “{form.title}”. Panes "
                                  "apply it from their next reload (ctrl+r).")
        self.load()

    def action_delete(self) -> None:
        current = self._selected()
        if current is None:
            return
        from fedtui.ui.screens.dialogs import confirm

        def answered(answer: str | None) -> None:
            if answer == "yes" and current is not None:
                self.delete(current)

        self.app.push_screen(confirm(f"Delete the filter “{current.title}”?", "Delete it"),
                             answered)

    @work(thread=True, group="filters-save")
    def delete(self, current: ServerFilter) -> None:
        try:
            self.fedtui.context.actions().delete_filter(current.id)
        except FedtuiError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Deleted the filter “{current.title}”.")
        self.load()


class FilterEditor(Dialog[FilterForm | None]):
    """Title, where it applies, what it does, its keywords and when it expires."""

    def __init__(self, current: ServerFilter | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        current = self.current
        where = set(current.context) if current else {"home", "notifications", "public"}
        expiry = [(label, value) for label, value in EXPIRY]
        if current is not None:
            expiry.insert(0, ("As it is", KEEP))
        with Vertical(classes="dialog"):
            yield Static("Edit filter" if current else "New filter", classes="dialog-title",
                         markup=False)
            yield Input(current.title if current else "", placeholder="title", id="title")
            yield TextArea("\n".join(current.keywords) if current else "", id="keywords",
                           placeholder="keywords or phrases, one a line", soft_wrap=True,
                           show_line_numbers=False)
            yield SelectionList[str](*((label, key, key in where) for key, label in CONTEXTS),
                                     id="context")
            with Horizontal(classes="dialog-row"):
                action = current.action if current else "warn"
                yield Select(ACTIONS, value=action if action in dict(ACTIONS).values() else "warn",
                             allow_blank=False, id="action", compact=True)
                yield Select(expiry, value=expiry[0][1], allow_blank=False, id="expires",
                             compact=True)
            yield Button("Save", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Button.Pressed, "#save")
    def save(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        context = tuple(self.query_one("#context", SelectionList).selected)
        words: tuple[str, ...] | None = tuple(
            w.strip() for w in self.query_one("#keywords", TextArea).text.splitlines()
            if w.strip())
        if self.current is not None and words == self.current.keywords:
            words = None  # unchanged: the server's keywords stay exactly as they are
        if not title or not context:
            self.notify("A filter needs a title and at least one place it applies.",
                        severity="warning")
            return
        action = self.query_one("#action", Select).value
        expires = self.query_one("#expires", Select).value
        self.dismiss(FilterForm(
            title=title, context=context, action=str(action), keywords=words,
            expires_in=None if expires == 0 else int(str(expires))))
