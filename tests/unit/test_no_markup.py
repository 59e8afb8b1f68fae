"""No text is ever parsed as Textual/Rich markup (issue #8): a scan of `fedtui/ui` for widget
calls that would read a built string as markup, so that new code cannot bring it back.

Textual reads a `str` as markup in `Static`/`Label` (unless `markup=False`), in the prompts
of `Option`, `Selection`, `Checkbox`, `Button` and command palette hits, in `DataTable`
cells, and in `notify` (which `FedtuiApp.notify` turns off for every caller).
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest

UI = Path(__file__).parents[2] / "fedtui" / "ui"
PLAIN_WIDGETS = {"Static", "Label"}
PROMPTS = {"Option", "Selection", "Checkbox", "RadioButton", "Button", "Hit",
           "DiscoveryHit"}
BUILDS_STR = {"str", "clean_line", "clean_text", "format", "join"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _builds_str(node: ast.expr) -> bool:
    """A string made at run time: an f-string, a concatenation, str(...), "".join(...)."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _builds_str(node.left) or _builds_str(node.right) or _is_literal(node.left)
    if isinstance(node, ast.IfExp):
        return _builds_str(node.body) or _builds_str(node.orelse)
    return isinstance(node, ast.Call) and _name(node.func) in BUILDS_STR


def _is_cell(node: ast.expr) -> bool:
    """A DataTable cell that is not parsed: a literal, a rich Text, or map(Text, ...)."""
    if _is_literal(node):
        return True
    if isinstance(node, ast.Starred):
        value = node.value
        return (isinstance(value, ast.Call) and _name(value.func) == "map"
                and bool(value.args) and _name(value.args[0]) == "Text")
    return isinstance(node, ast.Call) and _name(node.func) == "Text"


def problems() -> Iterator[str]:
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            where = f"{path.relative_to(UI.parent.parent)}:{node.lineno} {name}"
            first = node.args[0] if node.args else None
            markup_off = any(k.arg == "markup" and isinstance(k.value, ast.Constant)
                             and k.value.value is False for k in node.keywords)
            if name in PLAIN_WIDGETS and first is not None and not _is_literal(first) \
                    and not markup_off:
                yield f"{where}: a built string needs markup=False"
            elif name in PROMPTS and first is not None and _builds_str(first):
                yield f"{where}: wrap the prompt in Content(...) (a str is markup)"
            elif name == "add_row" and not all(_is_cell(arg) for arg in node.args):
                yield f"{where}: DataTable cells must be rich Text (a str is markup)"


def test_no_ui_code_hands_a_built_string_to_a_markup_parser() -> None:
    assert list(problems()) == []


def test_the_scan_finds_what_it_looks_for(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan itself can fail: each kind of mistake is caught."""
    import tests.unit.test_no_markup as scan

    bad = tmp_path / "ui" / "bad.py"
    bad.parent.mkdir()
    bad.write_text(
        "Static(f'{x}')\nLabel(name)\nOption(f'{x}')\nCheckbox('a' + b)\n"
        "table.add_row(title, 'x')\nStatic('literal')\nStatic(x, markup=False)\n"
        "Option(Content(x))\ntable.add_row(*map(Text, cells))\n", "utf-8")
    monkeypatch.setattr(scan, "UI", bad.parent)
    found = list(scan.problems())
    assert len(found) == 5, found


def test_every_notice_is_plain_text() -> None:
    from fedtui.ui.app import FedtuiApp

    source = inspect.getsource(FedtuiApp.notify)
    assert "markup=False" in source and "clean_text" in source
