"""Lines a pane shows above its posts, in full and wrapped (the header keeps only a few
words): `PaneProblem` when its server failed it (what failed and the keys that help; the
first pane that meets a problem also says it in a notice, panes meeting the same one after
it stay quiet), and `PaneNote`, a calm sentence about what this server does not do
("this server does not keep reading positions"), said once, where it matters."""

from __future__ import annotations

from textual.widgets import Static

from fedtui.core.problems import Problem, pane_problem
from fedtui.errors import FedtuiError
from fedtui.ui.keymap import key_named


class PaneProblem(Static):
    """Hidden until `show`; plain text, never markup."""

    DEFAULT_CSS = "PaneProblem { display: none; height: auto; }"

    def __init__(self) -> None:
        super().__init__("", classes="pane-problem", markup=False)
        self.problem: Problem | None = None

    def show(self, problem: Problem) -> None:
        self.problem = problem
        self.update(problem.line)
        self.display = True

    def clear(self) -> None:
        if self.problem is not None:
            self.problem = None
            self.update("")
            self.display = False


class PaneNote(Static):
    """Muted sentences about the server, hidden until the first one."""

    DEFAULT_CSS = "PaneNote { display: none; height: auto; color: $text-muted; }"

    def __init__(self) -> None:
        super().__init__("", classes="pane-note", markup=False)
        self.sentences: list[str] = []

    def say(self, sentence: str) -> None:
        if sentence not in self.sentences:
            self.sentences.append(sentence)
            self.update("\n".join(self.sentences))
            self.display = True


def show_problem(line: PaneProblem, err: FedtuiError, title: str,
                 keymap: dict[str, str]) -> str:
    """Show `err` on `line` and say it once on screen; the header's words. `keymap` holds
    the user's remaps (the config's `[keymap]`)."""
    problem = pane_problem(err, retry_key=key_named("pane.refresh", keymap),
                           login_key=key_named("app.login", keymap))
    said = any(other.problem is not None and other.problem.line == problem.line
               for other in line.screen.query(PaneProblem))
    line.show(problem)
    if not said:
        line.app.notify(problem.line, title=title, severity="error", timeout=10)
    return problem.state
