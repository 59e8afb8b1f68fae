"""The local demo instance behind `fedtui demo`: mastodon-mock in a subprocess, seeded.

    with start_demo() as server:        # starts mastodon-mock and seeds the demo world
        server.base_url, server.token   # log in as the demo user with these
        server.world                    # a `DemoWorld` summary of what was seeded

Heavy imports (Mastodon.py) happen only when seeding; mastodon-mock itself runs in a child
process, so FastAPI and uvicorn are never imported into fedtui.
"""

from __future__ import annotations

from collections.abc import Callable

from fedtui.demo.accounts import DEMO_TOKEN, DEMO_USERNAME
from fedtui.demo.server import INSTALL_HINT, DemoError, DemoServer
from fedtui.demo.world import DemoWorld, seed_world

__all__ = [
    "DEMO_TOKEN",
    "DEMO_USERNAME",
    "INSTALL_HINT",
    "DemoError",
    "DemoServer",
    "DemoWorld",
    "seed_world",
    "start_demo",
]


def start_demo(*, seed: bool = True, progress: Callable[[str], None] | None = None) -> DemoServer:
    """Start the demo server and (by default) seed the demo world into it.

    `progress` is told each step in a short sentence (the server starting, the posts
    seeded so far). Raises `DemoError` when mastodon-mock is missing or the server fails to
    start or seed; the server is stopped again in that case.
    """
    say = progress or (lambda _step: None)
    say("Starting the local Mastodon-API server (mastodon-mock)…")
    server = DemoServer().start()
    say(f"The server answers at {server.base_url}.")
    if seed:
        try:
            server.world = seed_world(server, progress=say)
        except BaseException as err:
            server.stop()
            if isinstance(err, Exception) and not isinstance(err, DemoError):
                raise DemoError(f"Seeding the demo world failed: {err}") from err
            raise
    return server
