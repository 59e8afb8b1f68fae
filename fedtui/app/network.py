"""The run's network, built once from the config for the App and the subcommands alike."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fedtui.config import Config
    from fedtui.net import Network


def network_for(config: Config) -> Network:
    """The run's network: the config's `proxy`, else the *_PROXY environment variables."""
    from fedtui.net import Network

    return Network.from_settings(config.proxy, os.environ, timeout=config.network.timeout)
