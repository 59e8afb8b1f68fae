"""`fedtui wipe`: delete fedtui's files from this machine, after saying what will go.

The list comes first (each kind of file, where it is, its size), then a y/N question;
`--yes` answers it for scripts, and without a terminal to ask on, nothing is deleted.
The cache, damaged caches moved aside, media previews, the model's processed examples
and logs go. Drafts (and damaged drafts files moved aside, and drafts kept elsewhere while
the data folder could not be written) stay unless `--all`; language models stay unless
`--models` or `--all`; `--all` also forgets saved accounts and deletes their tokens.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    wipe = sub.add_parser("wipe", help="delete fedtui's local files from this machine "
                                       "(says what first, and asks)")
    wipe.add_argument("--all", action="store_true",
                      help="also delete drafts and language models, and forget saved "
                           "accounts and their tokens (keyring and encrypted file)")
    wipe.add_argument("--models", action="store_true",
                      help="also delete downloaded and assembled language models")
    wipe.add_argument("--yes", "-y", action="store_true",
                      help="do not ask (for scripts)")
    wipe.set_defaults(handler=run_wipe)


@dataclass(frozen=True, slots=True)
class Part:
    """One kind of file: what it is, its files and folders, whether this run deletes it,
    and the option that would."""

    label: str
    files: tuple[Path, ...]
    goes: bool
    option: str = ""

    @property
    def size(self) -> int:
        return sum(_size(f) for f in self.files)


def _size(path: Path) -> int:
    if path.is_symlink() or path.is_file():
        return path.lstat().st_size
    total = 0
    for item in path.rglob("*"):
        with suppress(OSError):
            if item.is_file() and not item.is_symlink():
                total += item.lstat().st_size
    return total


def human(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")  # pragma: no cover


def _existing(*candidates: Path) -> tuple[Path, ...]:
    return tuple(p for p in candidates if p.exists() or p.is_symlink())


def _with_sidecars(path: Path) -> tuple[Path, ...]:
    return _existing(*(Path(f"{path}{s}") for s in ("", "-wal", "-shm", "-journal",
                                                     ".lock")))


def _count_drafts(path: Path) -> int | None:
    with suppress(sqlite3.Error), closing(sqlite3.connect(f"{path.as_uri()}?mode=ro",
                                                          uri=True)) as conn:
        return int(conn.execute("SELECT count(*) FROM drafts").fetchone()[0])
    return None


def _drafts_label(count: int, files: tuple[Path, ...]) -> str:
    damaged = sum(".corrupt-" in f.name and not f.name.endswith(("-wal", "-shm", "-journal"))
                  for f in files)
    label = f"drafts ({count})"
    return label + (f" and {damaged} damaged drafts file{'s' * (damaged != 1)} moved aside"
                    if damaged else "")


def plan(wipe_all: bool, with_models: bool) -> list[Part]:
    """What there is, and what this run deletes."""
    from fedtui import paths
    from fedtui.llm.registry import PROCESSED_EXAMPLES_DIR, REGISTRY_FILE

    data, cache, state = paths.data_dir(), paths.cache_dir(), paths.state_dir()
    drafts = paths.drafts_path()
    stand_ins = [folder / drafts.name for folder, _ in paths.draft_fallbacks()]
    models_cache = cache / "models"
    examples = _existing(models_cache / PROCESSED_EXAMPLES_DIR)
    models = tuple(sorted(p for p in models_cache.iterdir() if p not in examples)
                   ) if models_cache.is_dir() else ()
    drafts_files = _with_sidecars(drafts) + tuple(
        f for s in stand_ins for f in _with_sidecars(s)) + tuple(
        sorted(data.glob(f"{drafts.name}.corrupt-*")))
    count = sum(_count_drafts(p) or 0 for p in (drafts, *stand_ins) if p.exists())
    state_files = tuple(p for p in (state.iterdir() if state.is_dir() else ())
                        if p not in drafts_files)
    return [
        Part("the local cache (timelines, translations, what servers lack)",
             _with_sidecars(paths.db_path()), True),
        Part("damaged caches moved aside", tuple(sorted(data.glob(
            f"{paths.db_path().name}.corrupt-*"))), True),
        Part("media previews", tuple(p for p in (cache.iterdir() if cache.is_dir() else ())
                                     if p != models_cache), True),
        Part("the model's processed examples (fedtui's own text, made again when needed)",
             examples, True),
        Part("logs and other state", state_files, True),
        Part(_drafts_label(count, drafts_files), drafts_files, wipe_all, "--all"),
        Part("language models",
             models + _existing(paths.models_dir(), data / REGISTRY_FILE),
             wipe_all or with_models, "--models or --all"),
    ]


def run_wipe(args: argparse.Namespace) -> int:
    parts = [p for p in plan(args.all, args.models) if p.files]
    going = [p for p in parts if p.goes]
    if not going and not args.all:
        print("There is nothing to delete.")
        _say_kept(parts)
        return 0
    print("fedtui wipe deletes:")
    for part in going:
        print(f"  {part.label}: {human(part.size)}")
        for path in part.files:
            print(f"      {path}")
    if args.all:
        print("  saved accounts, and their tokens (keyring and encrypted token file)")
    _say_kept(parts)
    if not args.yes:
        if not sys.stdin.isatty():
            print("Nothing was deleted: there is no terminal to ask on. Run `fedtui wipe "
                  "--yes` to delete the above without asking.", file=sys.stderr)
            return 1
        try:
            answer = input("Delete these? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was deleted.")
            return 1
    return _delete(going, args.all)


def _say_kept(parts: list[Part]) -> None:
    kept = [p for p in parts if not p.goes]
    if not kept:
        return
    print("It keeps:")
    for part in kept:
        print(f"  {part.label}: {human(part.size)} ({part.option} deletes them)")


def _delete(going: list[Part], wipe_all: bool) -> int:
    from fedtui.store.accounts import AccountStore
    from fedtui.store.secrets import SERVICE

    failed: list[str] = []
    total = sum(p.size for p in going)
    left = AccountStore().forget_all() if wipe_all else []
    failed += [f"the token of {key} in the OS keyring (service \"{SERVICE}\", user "
               f"\"{key}\"): the keyring is locked or unavailable; remove it by hand"
               for key in left]
    for part in going:
        for path in part.files:
            try:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink(missing_ok=True)
            except OSError as err:
                failed.append(f"{path}: {err.strerror}")
    if failed:
        print("These could not be deleted:\n  " + "\n  ".join(failed), file=sys.stderr)
        return 1
    print(f"Deleted; {human(total)} freed." + (" Saved accounts are forgotten."
                                                   if wipe_all else ""))
    return 0
