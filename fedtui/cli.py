"""Command line: parse, wire config -> adapters -> App, run. Nothing heavy at import.

`fedtui` opens the client on the default account (or FEDTUI_INSTANCE/FEDTUI_TOKEN, or the
login screen); `fedtui demo` starts the local demo instance; other subcommands live in
`fedtui.commands`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from fedtui import __version__
from fedtui.errors import FedtuiError

if TYPE_CHECKING:
    from fedtui.config import Config
    from fedtui.llm.registry import ModelRegistry
    from fedtui.mastodon.client import InstanceClient
    from fedtui.ui.context import AccountRef, AppContext


def build_parser() -> argparse.ArgumentParser:
    from fedtui.commands import accounts, model, translate, wipe

    parser = argparse.ArgumentParser(
        prog="fedtui", description="A keyboard-driven terminal Fediverse client.")
    parser.add_argument("--version", action="version", version=f"fedtui {__version__}")
    parser.add_argument("--account", help="use this saved account (user@instance) for this run")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser("demo", help="run fedtui on a local demo instance (nothing leaves "
                                       "this machine)")
    demo.set_defaults(handler=run_demo)
    for module in (accounts, model, translate, wipe):
        module.register(sub)
    parser.set_defaults(handler=run_client)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.handler(args)
    except FedtuiError as err:
        print(f"fedtui: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return result


def _load_config() -> Config:
    from fedtui.config import load_config

    return load_config()


def build_context(config: Config, account: AccountRef | None, *, demo: bool = False) -> AppContext:
    """The App's view of the world: cache, saved accounts and a lazy instance client."""
    from fedtui import paths
    from fedtui.store.accounts import AccountStore
    from fedtui.store.cache import TimelineCache
    from fedtui.store.db import Database
    from fedtui.store.drafts import DraftStore
    from fedtui.store.translations import TranslationStore
    from fedtui.store.ui_state import UiState
    from fedtui.ui.context import AppContext

    notices: list[str] = []
    cache = None
    translations = None
    drafts = None
    try:
        paths.ensure_dir(paths.data_dir())
        database = Database(paths.db_path())
        if database.notice:
            notices.append(database.notice)
        cache = TimelineCache(database)
        translations = TranslationStore(database)
        drafts = DraftStore(database)
    except FedtuiError as err:
        notices.append(f"Running without a local cache: {err}")

    def connect(ref: AccountRef) -> InstanceClient:
        from fedtui.mastodon.client import InstanceClient

        return InstanceClient(ref.instance_url, ref.token, proxy=config.proxy,
                              timeout=config.network.timeout)

    def models() -> ModelRegistry:
        from fedtui.llm.registry import ModelRegistry
        from fedtui.net import resolve_proxy

        return ModelRegistry(proxy=resolve_proxy(config.proxy, os.environ),
                             timeout=config.network.timeout)

    return AppContext(config=config, account=account, connect=connect, cache=cache,
                      accounts=None if demo else AccountStore(), models=models,
                      translations=translations, drafts=drafts, demo=demo,
                      notices=notices, ui_state=UiState())


def resolve_account(chosen: str | None) -> AccountRef | None:
    """FEDTUI_INSTANCE/FEDTUI_TOKEN first, then --account, then the saved default."""
    from fedtui.store.accounts import AccountStore, env_account
    from fedtui.ui.context import AccountRef

    from_env = env_account(os.environ)
    if from_env is not None:
        instance, token = from_env
        return AccountRef(instance, token)
    store = AccountStore()
    saved = store.get(chosen) if chosen else store.default()
    if saved is None:
        return None
    return AccountRef(saved.instance_url, store.token(saved.key), saved.acct)


def run_app(context: AppContext) -> int:
    from fedtui.ui.app import FedtuiApp

    FedtuiApp(context).run()
    return 0


def run_client(args: argparse.Namespace) -> int:
    config = _load_config()
    return run_app(build_context(config, resolve_account(args.account)))


def run_demo(args: argparse.Namespace) -> int:
    """Start mastodon-mock with the demo world, open the app on it, stop it after."""
    from fedtui.demo import start_demo
    from fedtui.ui.context import AccountRef

    config = _load_config()
    print("Starting the local demo instance…", file=sys.stderr)
    with start_demo() as server:
        account = AccountRef(server.base_url, server.token, server.username)
        return run_app(build_context(config, account, demo=True))
