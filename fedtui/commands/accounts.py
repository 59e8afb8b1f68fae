"""`fedtui login INSTANCE` and `fedtui accounts`: OAuth login and saved accounts."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from fedtui.browser import open_in_browser

if TYPE_CHECKING:
    from collections.abc import Callable

    from fedtui.app.context import AccountRef
    from fedtui.config import Config
    from fedtui.mastodon.client import InstanceClient
    from fedtui.store.accounts import AccountStore


def register(sub: Any) -> None:
    login = sub.add_parser("login", help="log in to a Mastodon-API server (OAuth)")
    login.add_argument("instance", help="the server, e.g. mastodon.social")
    login.add_argument("--loopback", action="store_true",
                       help="receive the code on a 127.0.0.1 redirect instead of pasting it")
    login.add_argument("--no-browser", action="store_true", help="only print the address")
    where = login.add_mutually_exclusive_group()
    where.add_argument("--encrypted-file", dest="token_store", action="store_const",
                       const="encrypted-file",
                       help="keep the token in a file protected by a passphrase instead of "
                            "the OS keyring (for machines without one)")
    where.add_argument("--keyring", dest="token_store", action="store_const",
                       const="keyring", help="keep the token in the OS keyring (moves an "
                       "account saved with --encrypted-file; the default for a new one)")
    login.add_argument("--new-file", action="store_true",
                       help="with --encrypted-file: start a new file with a new passphrase "
                            "(for a forgotten one: the tokens in the old file are lost)")
    login.set_defaults(handler=run_login)

    accounts = sub.add_parser("accounts", help="list, switch or remove saved accounts")
    actions = accounts.add_subparsers(dest="accounts_action", metavar="ACTION")
    actions.add_parser("list", help="list saved accounts (the default is starred)")
    use = actions.add_parser("default", help="make an account the default")
    use.add_argument("key", help="user@instance, as `fedtui accounts list` shows it")
    remove = actions.add_parser("remove", help="forget an account and delete its token")
    remove.add_argument("key")
    accounts.set_defaults(handler=run_accounts)


def run_login(args: argparse.Namespace) -> int:
    from fedtui.app.wiring import network_for
    from fedtui.config import load_config
    from fedtui.errors import ConfigError
    from fedtui.mastodon import auth
    from fedtui.mastodon.client import InstanceClient
    from fedtui.store.accounts import account_key, normalize_instance_url

    network = network_for(load_config())
    try:
        instance = normalize_instance_url(args.instance)
    except ValueError as err:
        raise ConfigError(str(err)) from None
    store = account_store()
    encrypted = {"encrypted-file": True, "keyring": False}.get(args.token_store)
    if args.new_file and not encrypted:
        raise ConfigError("--new-file starts a new encrypted file: give --encrypted-file too.")
    # checked before the browser opens: after, a refusal would throw the approval away
    store.check_before_login(instance, encrypted, new_file=args.new_file)
    if args.loopback:
        with auth.LoopbackRedirect() as receiver:
            registration = auth.register_app(instance, receiver.redirect_uri, network=network)
            show_address(auth.authorization_url(registration, instance, state=receiver.state),
                         browser=not args.no_browser)
            print("Waiting for the browser to come back to fedtui…", file=sys.stderr)
            code = receiver.wait()
    else:
        registration = auth.register_app(instance, auth.OOB_REDIRECT, network=network)
        show_address(auth.authorization_url(registration, instance), browser=not args.no_browser)
        code = ask_line("Paste the authorisation code: ", input).strip()
    token = auth.exchange_code(registration, instance, code, network=network)
    me = InstanceClient(instance, token, network=network).verify_credentials()
    before = store.token_store_of(account_key(instance, me.acct))
    saved = store.add(instance, me.acct, token, encrypted=encrypted)
    moved = ""
    if before is not None and encrypted is not None and before != encrypted:
        old = store.tokenfile.path if before else "the OS keyring"
        moved = f" It was moved from {old}, where no copy is left."
    if args.new_file:
        lost = store.forget_lost_tokens()
        moved += "".join(f" {key} was forgotten: its token was in the old file; log in "
                         "again to use it." for key in lost)
    print(f"Logged in as {saved.handle}. The token is in {store.where(saved.key)}.{moved}",
          file=sys.stderr)
    return 0


def ask_passphrase(prompt: str, new: bool) -> str:
    """The passphrase from the terminal (not echoed), or a line of stdin when not a tty."""
    if sys.stdin.isatty():
        import getpass

        return ask_line(prompt, getpass.getpass)
    print(prompt, end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().rstrip("\r\n")


def ask_line(prompt: str, read: Callable[[str], str]) -> str:
    """`read(prompt)`; the end of input (ctrl+d) cancels the command in one line."""
    from fedtui.errors import Cancelled

    try:
        return read(prompt)
    except EOFError:
        print(file=sys.stderr)
        raise Cancelled("Cancelled: the input ended at the prompt.") from None


def account_store() -> AccountStore:
    """The saved accounts; the encrypted token file asks its passphrase on this terminal."""
    from fedtui.store.accounts import AccountStore
    from fedtui.store.tokenfile import EncryptedTokenFile

    return AccountStore(tokenfile=EncryptedTokenFile(ask_passphrase))


def signed_in(chosen: str | None, config: Config) -> tuple[AccountRef, InstanceClient]:
    """The account a headless command acts as (see `resolve_account`) and its instance
    client, through the configured proxy."""
    from fedtui.app.wiring import network_for, resolve_account
    from fedtui.errors import FedtuiError
    from fedtui.mastodon.client import InstanceClient

    account = resolve_account(chosen, account_store())
    if account is None:
        raise FedtuiError("No account: run `fedtui login`, or set FEDTUI_INSTANCE and "
                          "FEDTUI_TOKEN.")
    return account, InstanceClient(account.instance_url, account.token,
                                   network=network_for(config))


def show_address(url: str, *, browser: bool) -> None:
    print(f"Open this address in a browser and allow fedtui:\n\n  {url}\n", file=sys.stderr)
    if browser:
        open_in_browser(url)


def run_accounts(args: argparse.Namespace) -> int:
    store = account_store()
    if args.accounts_action == "default":
        store.set_default(args.key)
        print(f"{args.key} is now the default account.")
    elif args.accounts_action == "remove":
        store.remove(args.key)
        print(f"Removed {args.key} and its token.")
    else:
        saved = store.list()
        if not saved:
            print("No saved accounts. Log in with: fedtui login INSTANCE")
        for account in saved:
            print(f"{'*' if account.is_default else ' '} {account.key}  ({account.instance_url}"
                  f"; token in {store.where(account.key)})")
    return 0
