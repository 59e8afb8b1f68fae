"""`fedtui model list|use|add|download|remove`: manage the on-device language models."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from fedtui.errors import ModelUnavailable

if TYPE_CHECKING:
    from fedtui.config import Config

_BAR_WIDTH = 30


def register(sub: Any) -> None:
    model = sub.add_parser("model", help="list, choose, add or download on-device models")
    actions = model.add_subparsers(dest="model_action", metavar="ACTION")
    actions.add_parser("list", help="list the known models (the active one is starred)")
    use = actions.add_parser("use", help="make a model the active one")
    use.add_argument("name", help="a name from `fedtui model list`")
    add = actions.add_parser("add", help="register a GGUF model file on this machine")
    add.add_argument("path", help="the .gguf file")
    add.add_argument("--name", help="the name to use for it (default: from the file name)")
    add.add_argument("--kind", choices=("base", "chat"),
                     help="override the detection (chat if the file has a chat template)")
    download = actions.add_parser("download", help="download a GGUF model (resumable)")
    download.add_argument("url", help="an https:// address of a .gguf file")
    download.add_argument("--sha256", metavar="HEX", help="the expected checksum")
    download.add_argument("--name", help="the name to use for it")
    download.add_argument("--kind", choices=("base", "chat"), help="override the detection")
    endpoint = actions.add_parser(
        "add-endpoint", help="use an OpenAI-compatible server you run (llama.cpp, Ollama, vLLM)")
    endpoint.add_argument("name", help="a name for it in fedtui")
    endpoint.add_argument("url", help="its base address, e.g. http://127.0.0.1:8080/v1")
    endpoint.add_argument("--model", dest="remote_model", required=True,
                          help="the model name the server knows")
    endpoint.add_argument("--kind", choices=("base", "chat"), default="chat",
                          help="chat (instruction-tuned, the default) or base")
    endpoint.add_argument("--api-key-env", metavar="VAR",
                          help="an environment variable holding its API key, if it needs one")
    remove = actions.add_parser("remove", help="forget an added model (the file is kept)")
    remove.add_argument("name")
    model.set_defaults(handler=run)


class ProgressBar:
    """A one-line progress bar on a terminal stream; silent when it isn't a terminal."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty()
        self._last = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self._last < 0.1 and done != total):
            return
        self._last = now
        mb = f"{done / 1e6:.0f}" + (f"/{total / 1e6:.0f} MB" if total else " MB")
        if total:
            filled = int(_BAR_WIDTH * done / total)
            bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
            line = f"{self.label} [{bar}] {100 * done // total:3d}% {mb}"
        else:
            line = f"{self.label} {mb}"
        self.stream.write("\r" + line)
        self.stream.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def model_registry(config: Config | None = None) -> Any:
    """The model registry, reaching model endpoints through the config's network settings
    (`config`, else the config file)."""
    from fedtui.app.wiring import network_for
    from fedtui.config import load_config
    from fedtui.llm.registry import ModelRegistry

    return ModelRegistry(network=network_for(config or load_config()))


def _size(n: int | None) -> str:
    return f"{n / 1e6:.0f} MB" if n else ""


def _with_bar(label: str, action: Callable[[ProgressBar], Any]) -> Any:
    bar = ProgressBar(label)
    try:
        return action(bar)
    finally:
        bar.finish()


def run(args: argparse.Namespace) -> int:
    from fedtui.llm.backend import ModelKind

    registry = None
    try:
        registry = model_registry()
        action = getattr(args, "model_action", None) or "list"
        kind = ModelKind(args.kind) if getattr(args, "kind", None) else None
        if action == "use":
            entry = registry.get(args.name)
            if not entry.is_endpoint:
                _with_bar("Preparing the model", lambda bar: registry.resolve(entry, bar))
            registry.use(args.name)
            print(f"{args.name} is now the active model.")
        elif action == "add":
            entry = registry.add(args.path, args.name, kind=kind)
            print(f"Added {entry.name} ({entry.kind} model, {_size(entry.size)}). "
                  f"Make it active with: fedtui model use {entry.name}")
        elif action == "download":
            entry = _with_bar("Downloading", lambda bar: registry.download(
                args.url, args.sha256, args.name, kind=kind, progress=bar))
            print(f"Downloaded {entry.name} ({entry.kind} model, {_size(entry.size)}) "
                  f"to {entry.path}. Make it active with: fedtui model use {entry.name}")
        elif action == "add-endpoint":
            entry = registry.add_endpoint(args.name, args.url, args.remote_model,
                                          kind=ModelKind(args.kind),
                                          api_key_env=args.api_key_env)
            print(f"Added {entry.name} ({entry.endpoint}, model {entry.remote_model}). "
                  f"Make it active with: fedtui model use {entry.name}")
        elif action == "remove":
            registry.remove(args.name)
            print(f"Removed {args.name} from the list of models; its file was kept.")
        else:
            _print_list(registry)
    except ModelUnavailable as err:
        print(f"fedtui: {err}", file=sys.stderr)
        return 1
    finally:
        notice = registry.take_notice() if registry is not None else None
        if notice:
            print(f"fedtui: {notice}", file=sys.stderr)
    return 0


def _print_list(registry: Any) -> None:
    active = registry.active_name()
    rows = []
    for entry in registry.list_models():
        if entry.embedded:
            where = str(entry.path) if entry.path else "built in (prepared on first use)"
        elif entry.is_endpoint:
            where = f"{entry.endpoint} (model {entry.remote_model}, your own server)"
        else:
            where = str(entry.path)
            if not entry.path.is_file():
                where += "  (missing)"
        star = "*" if entry.name == active else " "
        rows.append((star, entry.name, str(entry.kind), where))
    width = max(len(name) for _, name, _, _ in rows)
    for star, name, kind, where in rows:
        print(f"{star} {name:<{width}}  {kind:<4}  {where}")
