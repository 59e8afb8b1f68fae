"""Choices kept for the next start (the theme): the file, its mode, bad files, and which
theme wins when the config changes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from fedtui.errors import StoreError
from fedtui.store.ui_state import UiState
from fedtui.ui.themes import remembered_theme, starting_theme


def test_choices_are_kept_in_an_owner_only_file(tmp_path: Path) -> None:
    state = UiState(tmp_path / "state" / "ui.json")
    assert state.load() == {}
    state.save(theme="fedtui-light")
    state.save(other="x")
    assert state.load() == {"theme": "fedtui-light", "other": "x"}
    assert stat.S_IMODE(os.stat(state.path).st_mode) == 0o600
    assert UiState().path.name == "ui.json"  # in the state folder by default


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '{"theme": 3}', "\udcff"])
def test_a_bad_file_reads_as_no_choices(tmp_path: Path, body: str) -> None:
    path = tmp_path / "ui.json"
    path.write_bytes(body.encode("utf-8", "surrogateescape"))
    assert UiState(path).load() == {}


def test_a_file_that_cannot_be_written_is_said(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(StoreError, match="Could not save"):
        UiState(blocker / "ui.json").save(theme="fedtui-light")


def test_the_newer_choice_wins() -> None:
    picked = remembered_theme("fedtui-light", configured="fedtui-dark")
    assert starting_theme("fedtui-dark", picked) == "fedtui-light"
    assert starting_theme("fedtui-high-contrast", picked) == "fedtui-high-contrast"
    assert starting_theme("fedtui-dark", {}) == "fedtui-dark"
