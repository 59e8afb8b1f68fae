"""`ranking.toml` in the config folder: read again whenever it changed (its modification
time and size are checked on each use; no watcher thread), and edited by `=` and `-`.

A broken file never takes the ranking away: the rules last read stay in force and the
problem, with its line, is what `current()` says. Edits go through tomlkit, which keeps the
file's comments, order and layout (a hand-written regular-expression edit would not), and
replace the file in one rename so that a crash leaves the old file or the new one.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

from fedtui.core.ranking import Rules, normal_name
from fedtui.core.ranking_rules import DEFAULT_TEXT, RulesError, parse_rules
from fedtui.paths import file_stamp

FILE_NAME = "ranking.toml"
STEP = 1.0  # how far one `=` or `-` moves an author


def ranking_file() -> Path:
    """`ranking.toml`, beside the config file (`$FEDTUI_CONFIG` moves both)."""
    from fedtui import paths

    return paths.rules_file(FILE_NAME)


class RuleBook:
    """The rules in force, from one `ranking.toml` (thread-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._read: tuple[int, int] | bool | None = False  # False: never read
        self._rules = Rules()
        self._problem: str | None = None

    def changed(self) -> bool:
        """Whether the file changed since it was last read (a cheap stat); False before
        the first read."""
        try:
            return self._read is not False and file_stamp(self.path) != self._read
        except OSError:
            return False

    def current(self) -> tuple[Rules, str | None]:
        """The rules in force, and what is wrong with the file (None: nothing)."""
        with self._lock:
            try:
                stamp = file_stamp(self.path)
            except OSError as err:
                return self._rules, f"Could not read {self.path}: {err.strerror or err}"
            if stamp != self._read:
                self._read = stamp
                self._load(stamp)
            return self._rules, self._problem

    def _load(self, stamp: tuple[int, int] | None) -> None:
        if stamp is None:  # no file (or it was removed): the defaults
            self._rules, self._problem = Rules(), None
            return
        try:
            text = self.path.read_text(encoding="utf-8")
            self._rules, self._problem = parse_rules(text, self.path.name), None
        except RulesError as err:
            self._problem = f"{err} (the rules read before stay in force)"
        except (OSError, UnicodeDecodeError) as err:
            self._problem = f"Could not read {self.path}: {err} (the rules read before " \
                            "stay in force)"

    def nudge(self, handle: str, step: float = STEP) -> tuple[float, str]:
        """Lift (`step` > 0) or sink an account in `[accounts]`; its new weight and the
        sentence that says so. A missing file is created from the commented default;
        a broken one is left alone (RulesError: fix the line it names first)."""
        import tomlkit
        from tomlkit.exceptions import TOMLKitError

        handle = normal_name("accounts", handle)
        with self._lock:
            try:
                text = self.path.read_text(encoding="utf-8")
            except FileNotFoundError:
                text = DEFAULT_TEXT
            except (OSError, UnicodeDecodeError) as err:
                raise RulesError(f"Could not read {self.path}: {err}") from None
            try:
                parse_rules(text, self.path.name)  # a broken file is not touched
            except RulesError as err:
                raise RulesError(f"{err}: fix it first, then = and - can change the file.",
                                 err.line) from None
            try:
                doc = tomlkit.parse(text)
            except TOMLKitError as err:  # pragma: no cover - tomllib accepted it
                raise RulesError(f"{self.path.name}: {err}") from None
            if "accounts" not in doc:
                doc.add(tomlkit.nl())
                doc.add("accounts", tomlkit.table())
            table = doc["accounts"]
            key = next((k for k in table if normal_name("accounts", k) == handle), handle)
            weight = round(float(table.get(key, 0.0)) + step, 2)
            if key in table:
                table[key] = weight
            else:
                table.add(key, weight)
                table[key].comment("lifted with =" if step > 0 else "sunk with -")
            self._write(tomlkit.dumps(doc))
        moved = "Lifted" if step > 0 else "Sank"
        return weight, (f"{moved} @{handle} in your ranking: {weight:+g} in {self.path} "
                        "(For you panes rank again).")

    def _write(self, text: str) -> None:
        """Replace the file in one rename (a crash leaves the old one or the new one)."""
        from fedtui import paths

        folder = paths.ensure_dir(self.path.parent)
        fd, tmp = tempfile.mkstemp(prefix=".ranking-", suffix=".toml", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
