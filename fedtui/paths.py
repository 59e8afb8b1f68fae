"""Where fedtui keeps its files (platformdirs locations for the app name "fedtui").

Every function computes its answer when called, from the current environment: nothing is
read or created at import time. `ensure_dir` creates a folder readable only by its owner.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "fedtui"
#: Environment variable that points at a config file to use instead of the default one.
CONFIG_ENV = "FEDTUI_CONFIG"


def config_dir() -> Path:
    """The folder of the user's config file (e.g. ~/.config/fedtui)."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """The folder of the local cache database and the account list."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """The folder for disposable files (downloaded media previews)."""
    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def state_dir() -> Path:
    """The folder for logs and other state that is not worth backing up."""
    return platformdirs.user_state_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    """The folder of error reports (redacted: no tokens, no post text)."""
    return state_dir() / "logs"


def encrypted_tokens_file() -> Path:
    """The passphrase-protected token file, for accounts saved with `--encrypted-file`."""
    return data_dir() / "tokens.enc"


def config_file(environ: Mapping[str, str] | None = None) -> Path:
    """The config file: `$FEDTUI_CONFIG` when set, else `config.toml` in `config_dir()`."""
    env = os.environ if environ is None else environ
    override = env.get(CONFIG_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return config_dir() / "config.toml"


def db_path() -> Path:
    """The SQLite cache database."""
    return data_dir() / "fedtui.db"


def drafts_path() -> Path:
    """The drafts database (its own file: wiping or resetting the cache never touches it)."""
    return data_dir() / "drafts.db"


def draft_fallbacks() -> list[tuple[Path, str]]:
    """Folders that keep drafts when the data folder cannot be written, best first, each
    with how long it keeps them (a phrase; "" for as long as the user wants)."""
    places = [(state_dir(), "")]
    runtime = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    if runtime:
        places.append((Path(runtime) / APP_NAME, " (until this computer restarts)"))
    # not tempfile.gettempdir() on POSIX: it writes test files to find a folder (~ms)
    temp = Path(os.environ.get("TMPDIR") or ("/tmp" if os.name == "posix"
                                             else tempfile.gettempdir()))
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    places.append((temp / f"{APP_NAME}-{user}",
                   " (a temporary folder: it may be emptied when this computer restarts)"))
    return places


def accounts_file() -> Path:
    """The non-secret list of saved accounts (tokens live in the OS keyring)."""
    return data_dir() / "accounts.json"


def models_dir() -> Path:
    """The folder of downloaded language models."""
    return data_dir() / "models"


def rules_file(name: str) -> Path:
    """A rules file of the reader's (`ranking.toml`, `filters.toml`): beside the config
    file, so that `$FEDTUI_CONFIG` moves them with it."""
    return config_file().parent / name


def file_stamp(path: Path) -> tuple[int, int] | None:
    """A file's modification time and size, to tell whether it changed since it was read;
    None when there is no file (any other `OSError` is raised)."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    return found.st_mtime_ns, found.st_size


def move_aside(path: Path, suffixes: tuple[str, ...] = ("",)) -> Path:
    """Move a damaged file (and its `path + suffix` companions) to
    `<name>.corrupt-<timestamp>`, beside it; returns where it went."""
    from datetime import UTC, datetime

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    for suffix in suffixes:
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, f"{target}{suffix}")
    return target


def ensure_dir(path: Path) -> Path:
    """Create `path` (and its parents) if missing; a folder fedtui creates is mode 0o700."""
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path, 0o700)
    return path
