"""`fedtui login INSTANCE` and `fedtui accounts`: OAuth login and saved accounts."""

from __future__ import annotations

import argparse
import sys
import webbrowser
from typing import Any

OOB_REDIRECT = "urn:ietf:wg:oauth:2.0:oob"


def register(sub: Any) -> None:
    login = sub.add_parser("login", help="log in to a Mastodon-API server (OAuth)")
    login.add_argument("instance", help="the server, e.g. mastodon.social")
    login.add_argument("--loopback", action="store_true",
                       help="receive the code on a 127.0.0.1 redirect instead of pasting it")
    login.add_argument("--no-browser", action="store_true", help="only print the address")
    login.set_defaults(handler=run_login)

    accounts = sub.add_parser("accounts", help="list, switch or remove saved accounts")
    actions = accounts.add_subparsers(dest="accounts_action", metavar="ACTION")
    actions.add_parser("list", help="list saved accounts (the default is starred)")
    use = actions.add_parser("default", help="make an account the default")
    use.add_argument("key", help="user@instance, as `fedtui accounts list` shows it")
    remove = actions.add_parser("remove", help="forget an account and delete its token")
    remove.add_argument("key")
    accounts.set_defaults(handler=run_accounts)


def normalise_instance(text: str) -> str:
    text = text.strip().rstrip("/")
    return text if "://" in text else f"https://{text}"


def run_login(args: argparse.Namespace) -> int:
    from fedtui.config import load_config
    from fedtui.mastodon import auth
    from fedtui.mastodon.client import InstanceClient
    from fedtui.store.accounts import AccountStore

    proxy = load_config().proxy
    instance = normalise_instance(args.instance)
    receiver = auth.LoopbackRedirect() if args.loopback else None
    redirect = receiver.redirect_uri if receiver is not None else OOB_REDIRECT
    registration = auth.register_app(instance, proxy, redirect)
    url = auth.authorization_url(registration, instance, proxy)
    print(f"Open this address in a browser and allow fedtui:\n\n  {url}\n", file=sys.stderr)
    if not args.no_browser:
        try:
            webbrowser.open(url)
        except webbrowser.Error:
            pass
    if receiver is not None:
        print("Waiting for the browser to come back to fedtui…", file=sys.stderr)
        code = receiver.wait_for_code()
    else:
        code = input("Paste the authorisation code: ").strip()
    token = auth.exchange_code(registration, instance, code, proxy)
    me = InstanceClient(instance, token, proxy=proxy).verify_credentials()
    store = AccountStore()
    saved = store.add(instance, me.acct, token)
    print(f"Logged in as {saved.handle}. The token is in your OS keyring.", file=sys.stderr)
    return 0


def run_accounts(args: argparse.Namespace) -> int:
    from fedtui.store.accounts import AccountStore

    store = AccountStore()
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
            print(f"{'*' if account.is_default else ' '} {account.key}  ({account.instance_url})")
    return 0
