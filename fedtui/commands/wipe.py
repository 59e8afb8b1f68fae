"""`fedtui wipe`: delete the local cache (and, with --all, saved accounts and tokens)."""

from __future__ import annotations

import argparse
import shutil
from typing import Any


def register(sub: Any) -> None:
    wipe = sub.add_parser("wipe", help="delete fedtui's local cache from this machine")
    wipe.add_argument("--all", action="store_true",
                      help="also forget saved accounts and delete their tokens (keyring and "
                           "encrypted file)")
    wipe.set_defaults(handler=run_wipe)


def run_wipe(args: argparse.Namespace) -> int:
    from fedtui import paths
    from fedtui.store.accounts import AccountStore

    if args.all:
        AccountStore().forget_all()
    for folder in (paths.cache_dir(), paths.state_dir()):
        shutil.rmtree(folder, ignore_errors=True)
    database = paths.db_path()
    for leftover in database.parent.glob(database.name + "*"):
        leftover.unlink(missing_ok=True)
    print("Wiped the local cache" + (", saved accounts and tokens." if args.all else "."))
    return 0
