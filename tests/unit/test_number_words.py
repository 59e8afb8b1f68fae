"""fedtui.core.number_words, written by tools/number_words.py, agrees with num2words."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from types import ModuleType

import pytest

from fedtui.core.lexicon import lexicon
from fedtui.core.number_words import NUM2WORDS_VERSION, WORDS
from tests.tools_loader import load_tool


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return load_tool("number_words")


def test_written_from_the_installed_num2words() -> None:
    assert version("num2words") == NUM2WORDS_VERSION, "run tools/number_words.py (its docstring)"


def test_every_language_as_num2words_spells_it(tool: ModuleType) -> None:
    assert sorted(WORDS) == tool.languages()
    for lang in WORDS:
        assert WORDS[lang] == tool.extract(lang), lang


def test_a_code_is_looked_up_as_num2words_does() -> None:
    assert lexicon("de").number_words["drei"] == "3"
    assert lexicon("pt-BR").number_words["três"] == "3"
    assert lexicon("zh").number_words["三"] == "3"  # Japanese's numerals
    assert lexicon("xx").number_words == {}


def test_the_lexicon_imports_no_num2words() -> None:
    code = ("import sys; from fedtui.core.lexicon import lexicon; lexicon('de'); lexicon('ja');"
            "print(any(m.startswith('num2words') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
