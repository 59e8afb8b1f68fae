"""The model registry: which GGUF models fedtui knows and which one is active.

Stored as JSON in the data dir (`models.json`: name -> path, kind, sha256, source, size,
mtime). The embedded default `gemma3-270m` is always present (assembled on first use into
the cache dir). Every failure to find, verify or fit a model raises
`fedtui.errors.ModelUnavailable` with a message the user can act on.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from fedtui import paths
from fedtui.errors import ModelUnavailable
from fedtui.llm import embedded
from fedtui.llm.backend import LocalModel, ModelKind
from fedtui.llm.embedded import EMBEDDED_NAME, embedded_model_path
from fedtui.llm.gguf import GGUFInfo, read_gguf_info
from fedtui.llm.llama_cpp import LlamaCppModel
from fedtui.net import Network

__all__ = [
    "EMBEDDED_NAME",
    "ModelEntry",
    "ModelRegistry",
    "embedded_model_path",
    "load_model",
]

Progress = Callable[[int, int], None]
REGISTRY_FILE = "models.json"
PROCESSED_EXAMPLES_DIR = "processed-examples"  # in the cache folder (fedtui.llm.stored_examples)
# A model needs its weights plus context and scratch memory; refuse files above this share.
RAM_FRACTION = 0.75
_NAME_RE = re.compile(r"[^a-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class ModelEntry:
    name: str
    path: Path | None  # None for the embedded model until it is assembled
    kind: ModelKind
    sha256: str | None
    source: str  # "embedded", "file", "endpoint" or the download URL
    size: int | None = None
    mtime_ns: int | None = None
    endpoint: str | None = None  # for "endpoint": the server's base URL
    remote_model: str | None = None  # for "endpoint": the model name the server knows
    api_key_env: str | None = None  # for "endpoint": the variable holding its key, if any

    @property
    def embedded(self) -> bool:
        return self.source == "embedded"

    @property
    def is_endpoint(self) -> bool:
        return self.source == "endpoint"

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path) if self.path else None, "kind": str(self.kind),
                "sha256": self.sha256, "source": self.source, "size": self.size,
                "mtime_ns": self.mtime_ns, "endpoint": self.endpoint,
                "remote_model": self.remote_model, "api_key_env": self.api_key_env}

    @classmethod
    def from_json(cls, name: str, data: dict[str, Any]) -> ModelEntry:
        path = data.get("path")
        source = str(data.get("source", "file"))
        if path is None and source != "endpoint":
            raise ValueError("a model file entry needs a path")
        return cls(name=name, path=Path(path) if path else None, kind=ModelKind(data["kind"]),
                   sha256=data.get("sha256"), source=source,
                   size=data.get("size"), mtime_ns=data.get("mtime_ns"),
                   endpoint=data.get("endpoint"), remote_model=data.get("remote_model"),
                   api_key_env=data.get("api_key_env"))


def total_ram_bytes() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - non-POSIX
        return None


def _gb(n: int) -> str:
    return f"{n / 1024**3:.1f} GB"


class ModelRegistry:
    """Reads and writes the registry file; `network` carries downloads and endpoints."""

    def __init__(
        self,
        data_dir: Path | None = None,
        *,
        models_dir: Path | None = None,
        cache_dir: Path | None = None,
        network: Network | None = None,
        ram_bytes: int | None = None,
    ) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
        self.models_dir = Path(models_dir) if models_dir is not None else (
            self.data_dir / "models" if data_dir is not None else paths.models_dir())
        self.cache_dir = Path(cache_dir) if cache_dir is not None else (
            paths.cache_dir() / "models")
        self.network = network if network is not None else Network()
        self.ram_bytes = ram_bytes if ram_bytes is not None else total_ram_bytes()
        self.notice: str | None = None  # the registry was damaged and moved aside

    @property
    def file(self) -> Path:
        return self.data_dir / REGISTRY_FILE

    # -- reading and writing ----------------------------------------------------------------

    def _load(self) -> tuple[str, dict[str, ModelEntry]]:
        try:
            raw = json.loads(self.file.read_text("utf-8"))
        except FileNotFoundError:
            raw = {}
        except OSError:
            raw = {}  # unreadable (not damaged): nothing known but the embedded model
        except ValueError:  # not JSON, or not UTF-8
            raw = self._damaged()
        if not isinstance(raw, dict) or not isinstance(raw.get("models") or {}, dict):
            raw = self._damaged()
        models: dict[str, ModelEntry] = {}
        for name, data in (raw.get("models") or {}).items():
            try:
                models[str(name)] = ModelEntry.from_json(str(name), data)
            except (KeyError, TypeError, ValueError):
                continue
        models.pop(EMBEDDED_NAME, None)
        active = raw.get("active")
        if not isinstance(active, str) or (active not in models and active != EMBEDDED_NAME):
            active = EMBEDDED_NAME
        return active, models

    def _damaged(self) -> dict[str, Any]:
        """Move a damaged registry aside (so it is never overwritten) and say so once
        (`take_notice`); the embedded model is then the only one known."""
        try:
            aside = paths.move_aside(self.file)
        except OSError as err:
            raise ModelUnavailable(f"The list of models at {self.file} is damaged and could "
                                   f"not be moved aside: {err.strerror or err}.") from None
        self.notice = (f"The list of models at {self.file} was damaged and has been moved "
                       f"aside to {aside}: add your models again (fedtui model add, "
                       "add-endpoint); the embedded model is active.")
        return {}

    def take_notice(self) -> str | None:
        """What went wrong reading the registry (said once), or None."""
        notice, self.notice = self.notice, None
        return notice

    def _save(self, active: str, models: dict[str, ModelEntry]) -> None:
        paths.ensure_dir(self.data_dir)
        data = {"active": active,
                "models": {name: entry.to_json() for name, entry in models.items()}}
        embedded.atomic_write_text(self.file, json.dumps(data, indent=2) + "\n")

    def embedded_entry(self) -> ModelEntry:
        target = self.cache_dir / embedded.embedded_file_name()
        return ModelEntry(
            name=EMBEDDED_NAME,
            path=target if target.is_file() else None,
            kind=ModelKind.BASE,  # a base model, whatever its metadata says
            sha256=embedded.embedded_sha256(),
            source="embedded",
        )

    # -- public API -------------------------------------------------------------------------

    def list_models(self) -> list[ModelEntry]:
        """The embedded model first, then the added ones by name."""
        _, models = self._load()
        return [self.embedded_entry(), *(models[n] for n in sorted(models))]

    def active_name(self) -> str:
        return self._load()[0]

    def get(self, name: str) -> ModelEntry:
        if name == EMBEDDED_NAME:
            return self.embedded_entry()
        _, models = self._load()
        if name not in models:
            known = ", ".join([EMBEDDED_NAME, *sorted(models)])
            raise ModelUnavailable(
                f"There is no model named {name!r}; the known models are: {known}."
            )
        return models[name]

    def active(self) -> ModelEntry:
        return self.get(self.active_name())

    def use(self, name: str) -> ModelEntry:
        """Make `name` the active model."""
        entry = self.get(name)
        _, models = self._load()
        self._save(name, models)
        return entry

    def add(self, path: Path, name: str | None = None, *, kind: ModelKind | None = None,
            source: str = "file", sha256: str | None = None,
            progress: Progress | None = None) -> ModelEntry:
        """Validate a GGUF file and register it (not activated). `kind` overrides detection."""
        path = Path(path).expanduser().resolve()
        info = self.check_file(path)
        name = name or _NAME_RE.sub("-", path.stem.lower()).strip("-") or "model"
        if name == EMBEDDED_NAME:
            raise ModelUnavailable(f"The name {name!r} is reserved for the embedded model.")
        digest = embedded.sha256_file(path) if sha256 is None else sha256.lower()
        st = path.stat()
        entry = ModelEntry(
            name=name, path=path, sha256=digest, source=source, size=st.st_size,
            mtime_ns=st.st_mtime_ns,
            kind=kind or (ModelKind.CHAT if info.has_chat_template else ModelKind.BASE),
        )
        active, models = self._load()
        models[name] = entry
        self._save(active, models)
        return entry

    def add_endpoint(self, name: str, base_url: str, remote_model: str, *,
                     kind: ModelKind = ModelKind.CHAT,
                     api_key_env: str | None = None) -> ModelEntry:
        """Register an OpenAI-compatible server the user runs (llama.cpp server, Ollama,
        vLLM). Its API key, if it needs one, is read from `api_key_env` when used."""
        from fedtui.llm.remote import normalize_base_url

        name = _NAME_RE.sub("-", name.lower()).strip("-")
        if not name or name == EMBEDDED_NAME:
            raise ModelUnavailable(f"Choose another name than {name!r} for this endpoint.")
        url = normalize_base_url(base_url)
        entry = ModelEntry(name=name, path=None, kind=kind, sha256=None, source="endpoint",
                           endpoint=url, remote_model=remote_model, api_key_env=api_key_env)
        active, models = self._load()
        models[name] = entry
        self._save(active, models)
        return entry

    def remove(self, name: str) -> None:
        if name == EMBEDDED_NAME:
            raise ModelUnavailable("The embedded model can't be removed.")
        self.get(name)
        active, models = self._load()
        models.pop(name, None)
        self._save(EMBEDDED_NAME if active == name else active, models)

    def download(self, url: str, sha256: str | None = None, name: str | None = None, *,
                 kind: ModelKind | None = None,
                 progress: Progress | None = None) -> ModelEntry:
        """Download a GGUF (resuming a partial download), verify and register it. A file
        already there is never replaced: a clashing name gets a `-2` suffix."""
        from fedtui.llm.download import download_file, file_name_for_url, free_target

        paths.ensure_dir(self.models_dir)
        target = free_target(self.models_dir, file_name_for_url(url))
        digest = download_file(url, target, sha256=sha256, network=self.network,
                               progress=progress, check=self.check_file)
        try:
            return self.add(target, name, kind=kind, source=url, sha256=digest)
        except ModelUnavailable:
            target.unlink(missing_ok=True)  # the new file (its name was free), never another
            raise

    def check_file(self, path: Path) -> GGUFInfo:
        """Exists, is a GGUF (magic, header) and fits in this machine's memory."""
        if not path.is_file():
            raise ModelUnavailable(f"The model file {path} does not exist.")
        info = read_gguf_info(path)
        size = path.stat().st_size
        if self.ram_bytes is not None and size > self.ram_bytes * RAM_FRACTION:
            raise ModelUnavailable(
                f"The model {path.name} ({_gb(size)}) is too large for this machine's memory "
                f"({_gb(self.ram_bytes)}); choose a smaller or more quantized model."
            )
        return info

    def resolve(self, entry: ModelEntry, progress: Progress | None = None) -> Path:
        """The verified file of `entry`; assembles the embedded model on first use."""
        if entry.embedded:
            return embedded_model_path(self.cache_dir, progress)
        assert entry.path is not None
        self.check_file(entry.path)
        st = entry.path.stat()
        if (st.st_size, st.st_mtime_ns) != (entry.size, entry.mtime_ns) and entry.sha256:
            actual = embedded.sha256_file(entry.path)
            if actual != entry.sha256:
                raise ModelUnavailable(
                    f"The model file {entry.path} has changed since it was added (checksum "
                    f"mismatch); run `fedtui model add {entry.path}` again if that is intended."
                )
            active, models = self._load()
            models[entry.name] = replace(entry, size=st.st_size, mtime_ns=st.st_mtime_ns)
            self._save(active, models)
        return entry.path

    def load(self, name: str | None = None, *, n_ctx: int = 2048, n_threads: int | None = None,
             progress: Progress | None = None) -> LocalModel:
        """Load `name` (default: the active model). Blocking: run it off the UI thread."""
        entry = self.get(name) if name is not None else self.active()
        if entry.is_endpoint:
            from fedtui.llm.remote import OpenAICompatibleModel

            assert entry.endpoint is not None and entry.remote_model is not None
            key = os.environ.get(entry.api_key_env) if entry.api_key_env else None
            return OpenAICompatibleModel(entry.endpoint, entry.remote_model, api_key=key,
                                         network=self.network, kind=entry.kind,
                                         name=entry.name)
        path = self.resolve(entry, progress)
        if entry.embedded:
            self.check_file(path)
        return LlamaCppModel(path, name=entry.name, kind=entry.kind, n_ctx=n_ctx,
                             n_threads=n_threads,
                             examples_dir=self.cache_dir / PROCESSED_EXAMPLES_DIR)


def load_model(name: str | None = None, *, registry: ModelRegistry,
               n_ctx: int = 2048, n_threads: int | None = None,
               progress: Progress | None = None) -> LocalModel:
    """Load a registered model (default: the active one, initially the embedded Gemma)."""
    return registry.load(name, n_ctx=n_ctx, n_threads=n_threads, progress=progress)
