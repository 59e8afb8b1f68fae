"""fedtui.core.cldr_calendar, written by tools/cldr_calendar.py, agrees with Babel's CLDR."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import babel
import pytest

from fedtui.core.cldr_calendar import BABEL_VERSION, NAMES
from tests.tools_loader import load_tool


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return load_tool("cldr_calendar")


def test_written_from_the_installed_babel() -> None:
    assert babel.__version__ == BABEL_VERSION, "run tools/cldr_calendar.py (see its docstring)"


def test_every_language_as_babel_gives_it(tool: ModuleType) -> None:
    languages = [lang for lang in tool.languages() if lang != "root"]
    assert sorted(NAMES) == languages
    for lang in languages:
        assert json.loads(NAMES[lang]) == tool.extract(lang), lang


def test_the_calendar_check_loads_no_babel() -> None:
    """Babel keeps every locale it loaded in memory (about 1 MB a language)."""
    probe = ("import sys\n"
             "from fedtui.core.calendar_words import calendar_words\n"
             "words = calendar_words('de')\n"
             "assert 'weekday 0' in words.forms and 'day -1' in words.days\n"
             "assert calendar_words('xx') is None\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).parents[2])
    assert done.stdout.strip() == "[]"
