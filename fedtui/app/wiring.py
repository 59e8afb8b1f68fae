"""What the App and the subcommands are wired with: the run's network and the account."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fedtui.app.context import AccountRef
    from fedtui.config import Config
    from fedtui.net import Network
    from fedtui.store.accounts import AccountStore


def network_for(config: Config) -> Network:
    """The run's network: the config's `proxy`, else the *_PROXY environment variables."""
    from fedtui.net import Network

    return Network.from_settings(config.proxy, os.environ, timeout=config.network.timeout)


def resolve_account(chosen: str | None, store: AccountStore | None = None) -> AccountRef | None:
    """FEDTUI_INSTANCE/FEDTUI_TOKEN first, then --account, then the saved default."""
    from fedtui.app.context import AccountRef
    from fedtui.store.accounts import AccountStore, env_account

    from_env = env_account(os.environ)
    if from_env is not None:
        instance, token = from_env
        return AccountRef(instance, token)
    store = store or AccountStore()
    saved = store.get(chosen) if chosen else store.default()
    if saved is None:
        return None
    return AccountRef(saved.instance_url, store.token(saved.key), saved.acct)
