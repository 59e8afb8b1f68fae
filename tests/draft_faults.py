"""Real disk faults for the drafts tests: a data folder that cannot exist, a read-only
mount, a full file system (mounts need root: without it those tests are skipped)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def blocked(home: Path, variable: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point `variable` (an XDG folder) below a plain file: nothing can be created there."""
    wall = home / f"not-a-folder-{variable}"
    wall.write_text("a file where a folder should be")
    monkeypatch.setenv(variable, str(wall / "inside"))
    return wall / "inside"


def _mount(*args: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a file system needs root")
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if done.returncode:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """`folder` re-mounted read-only (its files stay readable)."""
    _mount("--bind", str(folder), str(folder))
    try:
        _mount("-o", "remount,bind,ro", str(folder))
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@contextmanager
def full(folder: Path, before: Callable[[], object] | None = None) -> Iterator[Path]:
    """`folder` on a tiny file system filled to the last byte (after `before` ran)."""
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(folder))
    try:
        if before is not None:
            before()
        with open(folder / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
