"""The rings hold at run time, and importing fedtui does nothing but define names."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Iterator
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


# --- the network: one place builds sessions, and every adapter is given the run's ---------

ROOT = Path(__file__).resolve().parents[2] / "fedtui"
NETWORK_MODULES = {ROOT / "net.py", ROOT / "net_guards.py",
                   ROOT / "demo" / "server.py"}  # polls its own child on 127.0.0.1
#: What builds a connection or session, by module: only fedtui.net may call these.
SESSION_MAKERS = {
    "requests": {"Session", "session", "get", "post", "put", "patch", "delete", "head",
                 "options", "request"},
    "httpx": {"Client", "AsyncClient", "HTTPTransport", "AsyncHTTPTransport", "get", "post",
              "put", "patch", "delete", "head", "options", "request", "stream"},
    "urllib.request": {"urlopen", "build_opener", "Request"},
    "http.client": {"HTTPConnection", "HTTPSConnection"},
    "socket": {"create_connection"},
}
#: Adapters that reach the network: production code always hands them the run's Network.
NEEDS_NETWORK = {"InstanceClient", "register_app", "exchange_code", "ModelRegistry",
                 "download_file", "OpenAICompatibleModel", "AppContext"}


def _calls(tree: ast.AST) -> Iterator[tuple[ast.Call, str, str]]:
    """Each call with the module and name it resolves to through the file's imports."""
    aliases: dict[str, tuple[str, str]] = {}  # local name -> (module, name or "")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                aliases[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0], "")
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                aliases[alias.asname or alias.name] = (node.module, alias.name)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func, path = node.func, []
        while isinstance(func, ast.Attribute):
            path.insert(0, func.attr)
            func = func.value
        if not isinstance(func, ast.Name):
            continue
        module, name = aliases.get(func.id, ("", func.id))
        dotted = [p for p in [*module.split("."), name, *path] if p]
        for split in range(len(dotted) - 1, 0, -1):
            yield node, ".".join(dotted[:split]), ".".join(dotted[split:])
        yield node, "", dotted[-1] if not path else func.id


def _sources() -> Iterator[tuple[Path, ast.AST]]:
    for path in sorted(ROOT.rglob("*.py")):
        yield path, ast.parse(path.read_text("utf-8"), str(path))


def test_only_fedtui_net_builds_sessions_or_connections() -> None:
    found = []
    for path, tree in _sources():
        if path in NETWORK_MODULES:
            continue
        for call, module, name in _calls(tree):
            if name in SESSION_MAKERS.get(module, ()):
                found.append(f"{path.relative_to(ROOT)}:{call.lineno} {module}.{name}")
    assert found == []


def test_mastodon_py_always_gets_a_fedtui_session() -> None:
    found = []
    for path, tree in _sources():
        for call, module, name in _calls(tree):
            if module == "mastodon" and name in ("Mastodon", "Mastodon.create_app") and \
                    "session" not in {k.arg for k in call.keywords}:
                found.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert found == []


def test_every_adapter_is_given_the_runs_network() -> None:
    found = []
    for path, tree in _sources():
        for call, _module, name in _calls(tree):
            if name.split(".")[-1] in NEEDS_NETWORK and \
                    "network" not in {k.arg for k in call.keywords}:
                found.append(f"{path.relative_to(ROOT)}:{call.lineno} {name}")
    assert found == []


def test_the_architecture_checks_see_what_they_look_for() -> None:
    bad = ast.parse("import requests\nfrom httpx import Client as C\nimport mastodon\n"
                    "s = requests.Session()\nc = C(timeout=1)\n"
                    "m = mastodon.Mastodon(api_base_url='x')\nInstanceClient('u', 't')\n")
    names = {(module, name) for _, module, name in _calls(bad)}
    assert ("requests", "Session") in names and ("httpx", "Client") in names
    assert ("mastodon", "Mastodon") in names and ("", "InstanceClient") in names


# --- import-linter: every module has its ring, and no contract looks away ----------------

def _contracts() -> list[dict[str, object]]:
    import tomllib

    config = tomllib.loads((ROOT.parent / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _ring_of(module: str, layers: list[str]) -> str | None:
    for layer in layers:
        for name in layer.replace(":", "|").split("|"):
            name = name.strip()
            if module == name or module.startswith(name + "."):
                return layer
    return None


def test_every_module_of_fedtui_has_a_ring() -> None:
    (rings,) = [c for c in _contracts() if c["type"] == "layers"]
    layers = rings["layers"]
    assert isinstance(layers, list)
    modules = [".".join(("fedtui", *path.relative_to(ROOT).with_suffix("").parts))
               .removesuffix(".__init__") for path in ROOT.rglob("*.py")]
    assert "fedtui.app.context" in modules and "fedtui.net" in modules
    homeless = [m for m in modules if m != "fedtui" and _ring_of(m, layers) is None]
    assert homeless == []
    assert _ring_of("fedtui.app.context", layers) != _ring_of("fedtui.ui.app", layers)


def test_no_import_contract_allows_indirect_imports() -> None:
    contracts = _contracts()
    assert len(contracts) >= 3
    assert all("allow_indirect_imports" not in c for c in contracts)
