"""fedtui.paths: platformdirs locations under the isolated home, FEDTUI_CONFIG, ensure_dir."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from fedtui import paths


def test_locations_follow_xdg(isolated_home: Path) -> None:
    assert paths.config_dir() == isolated_home / ".config" / "fedtui"
    assert paths.data_dir() == isolated_home / ".local/share" / "fedtui"
    assert paths.cache_dir() == isolated_home / ".cache" / "fedtui"
    assert paths.state_dir() == isolated_home / ".local/state" / "fedtui"
    assert paths.config_file() == paths.config_dir() / "config.toml"
    assert paths.db_path().parent == paths.data_dir()
    assert paths.accounts_file().parent == paths.data_dir()
    assert paths.models_dir() == paths.data_dir() / "models"


def test_nothing_is_created_by_asking(isolated_home: Path) -> None:
    paths.config_file()
    paths.db_path()
    paths.models_dir()
    assert not paths.config_dir().exists()
    assert not paths.data_dir().exists()


def test_fedtui_config_overrides_the_config_file(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.toml"
    assert paths.config_file({"FEDTUI_CONFIG": str(target)}) == target
    assert paths.config_file({"FEDTUI_CONFIG": "  "}) == paths.config_dir() / "config.toml"


def test_fedtui_config_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FEDTUI_CONFIG", str(tmp_path / "x.toml"))
    assert paths.config_file() == tmp_path / "x.toml"


def test_ensure_dir_is_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    assert paths.ensure_dir(target) == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    assert paths.ensure_dir(target) == target  # idempotent


def test_draft_fallbacks_are_private_places_best_first(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    places = paths.draft_fallbacks()
    assert [p for p, _ in places] == [paths.state_dir(), tmp_path / "run" / "fedtui",
                                      tmp_path / "tmp" / f"fedtui-{os.getuid()}"]
    assert places[0][1] == "" and "restarts" in places[1][1] and "temporary" in places[2][1]
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert len(paths.draft_fallbacks()) == 2
    assert paths.drafts_path() == paths.data_dir() / "drafts.db"


def test_the_rules_files_move_with_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fedtui.app.local_filters import filters_file
    from fedtui.app.rank_rules import ranking_file

    assert filters_file() == paths.config_dir() / "filters.toml"
    assert ranking_file() == paths.config_dir() / "ranking.toml"
    monkeypatch.setenv("FEDTUI_CONFIG", str(tmp_path / "mine" / "fedtui.toml"))
    assert filters_file() == tmp_path / "mine" / "filters.toml"
    assert ranking_file() == tmp_path / "mine" / "ranking.toml"
