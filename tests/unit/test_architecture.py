"""The rings hold at run time, and importing fedtui does nothing but define names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import importlib, json, pkgutil, sys
import fedtui
names = [m.name for m in pkgutil.walk_packages(fedtui.__path__, "fedtui.")
         if m.name not in ("fedtui.__main__",) and not m.name.startswith("fedtui.ui")]
for name in names:
    importlib.import_module(name)
heavy = ("textual", "rich", "mastodon", "llama_cpp", "numpy", "httpx", "requests", "keyring")
print(json.dumps({"modules": names, "loaded": [h for h in heavy if h in sys.modules]}))
"""


def run_probe(code: str, home: Path) -> dict[str, list[str]]:
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "c"),
           "XDG_DATA_HOME": str(home / "d"), "XDG_CACHE_HOME": str(home / "k"),
           "XDG_STATE_HOME": str(home / "s")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True)
    result: dict[str, list[str]] = json.loads(out.stdout.splitlines()[-1])
    return result


def test_only_the_ui_loads_textual_and_heavy_libraries_load_lazily(tmp_path: Path) -> None:
    home = tmp_path / "probe"
    home.mkdir()
    result = run_probe(PROBE, home)
    assert "fedtui.core.timeline" in result["modules"]
    assert "fedtui.mastodon.client" in result["modules"]
    assert result["loaded"] == []


def test_importing_every_module_creates_no_files(tmp_path: Path) -> None:
    home = tmp_path / "probe"
    home.mkdir()
    code = PROBE.replace('and not m.name.startswith("fedtui.ui")', "")
    run_probe(code, home)
    assert list(home.rglob("*")) == []


def test_starting_the_app_does_not_load_the_model_or_the_api_client(tmp_path: Path) -> None:
    home = tmp_path / "probe"
    home.mkdir()
    code = ("import json, sys\nimport fedtui.cli, fedtui.ui.app\n"
            "print(json.dumps({'modules': [], 'loaded': [h for h in "
            "('llama_cpp', 'numpy', 'mastodon', 'requests') if h in sys.modules]}))")
    assert run_probe(code, home)["loaded"] == []
