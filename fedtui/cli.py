"""Command line: parse, wire config -> adapters -> App, run. Nothing heavy at import.

`fedtui` opens the client on the default account (or FEDTUI_INSTANCE/FEDTUI_TOKEN, or the
login screen); `fedtui demo` starts the local demo instance; other subcommands live in
`fedtui.commands`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from fedtui import __version__
from fedtui.app.wiring import network_for, resolve_account
from fedtui.errors import FedtuiError
from fedtui.frame_rate import pace_frames
from fedtui.memory import map_large_blocks

if TYPE_CHECKING:
    from fedtui.app.context import AccountRef, AppContext
    from fedtui.config import Config
    from fedtui.llm.registry import ModelRegistry
    from fedtui.mastodon.client import InstanceClient
    from fedtui.store.accounts import AccountStore


def build_parser() -> argparse.ArgumentParser:
    from fedtui.commands import accounts, model, summary, timeline, translate, wipe

    parser = argparse.ArgumentParser(
        prog="fedtui", description="A keyboard-driven terminal Fediverse client.")
    parser.add_argument("--version", action="version", version=f"fedtui {__version__}")
    parser.add_argument("--account", help="use this saved account (user@instance) for this run")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser("demo", help="run fedtui on a local demo instance (nothing leaves "
                                       "this machine)")
    demo.set_defaults(handler=run_demo)
    for module in (accounts, model, summary, timeline, translate, wipe):
        module.register(sub)
    parser.set_defaults(handler=run_client)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; a failure prints one sentence (and, if unexpected, writes a redacted
    report to the state dir) and gives a non-zero status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    map_large_blocks()  # a client open all day keeps less of what it freed
    pace_frames()  # before Textual is imported: a key's frame comes sooner
    try:
        result: int = args.handler(args)
        sys.stdout.flush()  # a reader gone (`| head`) shows here, not at exit
    except BrokenPipeError as error:
        return stdout_closed() if _stdout_gone() else crashed(error, "the command line")
    except FedtuiError as err:
        print(f"fedtui: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        return crashed(error, "the command line")
    return result


def stdout_closed() -> int:
    """The reader of stdout has gone: end quietly, as a program killed by SIGPIPE would,
    with stdout pointed at /dev/null so that the flush at exit fails no more."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return 141


def _stdout_gone() -> bool:
    """stdout's reader has closed (a pipe's write end then polls as an error)."""
    import select

    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), 0)
        return any(event & (select.POLLERR | select.POLLHUP) for _, event in poller.poll(0))
    except (AttributeError, OSError, ValueError):
        return True  # no poll() here: the pipe this error names is taken to be stdout


def crashed(error: BaseException, where: str, secrets: Sequence[str] = ()) -> int:
    """Report an unexpected error (redacted, in the state dir) and say so in one line."""
    from fedtui.crashlog import print_crash, write_report

    print_crash(error, write_report(error, where=where, secrets=secrets))
    return 1


def _load_config() -> Config:
    from fedtui.config import load_config

    return load_config()


def build_context(config: Config, account: AccountRef | None, *, demo: bool = False,
                  accounts: AccountStore | None = None) -> AppContext:
    """The App's view of the world: cache, saved accounts and a lazy instance client.

    Every connection uses the one `network_for(config)`; the demo instance, a server this
    run started on 127.0.0.1, is reached directly.
    """
    from fedtui import paths
    from fedtui.app.context import AppContext
    from fedtui.store.accounts import AccountStore
    from fedtui.store.cache import TimelineCache
    from fedtui.store.capabilities import CapabilityStore
    from fedtui.store.db import Database
    from fedtui.store.draft_file import open_drafts, salvager
    from fedtui.store.judgements import JudgementStore
    from fedtui.store.older import OlderPosts
    from fedtui.store.translations import TranslationStore
    from fedtui.store.ui_state import UiState

    network = network_for(config)
    instance_network = replace(network, proxy=None) if demo else network
    notices: list[str] = []
    cache = None
    older = None
    translations = None
    judgements = None
    database = None
    try:  # the Database makes its folder (an OSError there is a StoreError)
        database = Database(paths.db_path(), salvage=salvager("cache", always=False))
        if database.notice:
            notices.append(database.notice)
        cache = TimelineCache(database)
        older = OlderPosts(database)
        translations = TranslationStore(database)
        judgements = JudgementStore(database)
    except FedtuiError as err:
        notices.append(f"Running without a local cache: {err}")
    drafts, draft_notices = open_drafts(database)
    notices.extend(draft_notices)

    capabilities = CapabilityStore(database) if database is not None else None

    def connect(ref: AccountRef) -> InstanceClient:
        from fedtui.mastodon.client import InstanceClient

        client = InstanceClient(ref.instance_url, ref.token, network=instance_network)
        if capabilities is not None and capabilities.attach(client.capabilities,
                                                            client.base_url):
            # what was remembered holds for the version it was learned on: ask which runs
            threading.Thread(target=ask_version, args=(client,), name="server-version",
                             daemon=True).start()
        return client

    def models() -> ModelRegistry:
        from fedtui.llm.registry import ModelRegistry

        return ModelRegistry(network=network)

    return AppContext(config=config, account=account, connect=connect, cache=cache,
                      older=older, network=network,
                      accounts=None if demo else accounts or AccountStore(), models=models,
                      translations=translations, judgements=judgements, drafts=drafts,
                      demo=demo,
                      notices=notices, ui_state=UiState())


def ask_version(client: InstanceClient) -> None:
    """Let the server say its version (in a thread of its own; a failure says nothing)."""
    with contextlib.suppress(FedtuiError):
        client.server_info()


def run_app(context: AppContext) -> int:
    """Run the App; after a crash, a redacted report and a non-zero status."""
    from fedtui.ui.app import FedtuiApp

    app = FedtuiApp(context)
    try:
        app.run()
    except Exception as error:
        return crashed(error, "the interface", context.known_secrets())
    if not app.return_code:
        return 0
    crash = app.crash or RuntimeError("the interface stopped on an error it did not name")
    crashed(crash, "the interface", context.known_secrets())
    return app.return_code


def run_client(args: argparse.Namespace) -> int:
    """Open the App; an encrypted token file asks its passphrase here, before the first frame."""
    from fedtui.commands.accounts import account_store
    from fedtui.store.accounts import env_account, no_prompt

    config = _load_config()
    store = account_store()
    account = resolve_account(args.account, store)
    if env_account(os.environ) is None and store.uses_tokenfile():
        store.tokenfile.unlock()  # once, for every saved account the panes may show
    store.tokenfile.ask = no_prompt  # the App owns the terminal from here on
    return run_app(build_context(config, account, accounts=store))


def run_demo(args: argparse.Namespace) -> int:
    """Start mastodon-mock with the demo world, open the app on it, stop it after."""
    from fedtui.app.context import AccountRef
    from fedtui.demo import start_demo

    config = _load_config()
    started = time.monotonic()

    def progress(step: str) -> None:
        print(f"[{time.monotonic() - started:4.1f} s] {step}", file=sys.stderr, flush=True)

    with start_demo(progress=progress) as server:
        progress("Ready; opening fedtui.")
        account = AccountRef(server.base_url, server.token, server.username)
        return run_app(build_context(config, account, demo=True))
