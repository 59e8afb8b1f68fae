"""Helpers for the action tests: fedtui `Actions` for the seeded accounts, a tiny PNG."""

from __future__ import annotations

import socket
import struct
import threading
import zlib
from pathlib import Path
from typing import Any

from fedtui.mastodon.actions import Actions
from fedtui.mastodon.client import InstanceClient
from tests.integration.mastodon_support import Listener, pump


def actions_for(server: Any, username: str, *, timeout: float = 20.0) -> Actions:
    return Actions(InstanceClient(server.base_url, f"{username}_token", timeout=timeout))


def tiny_png(path: Path, width: int = 2, height: int = 2) -> Path:
    """A valid RGB PNG of `width` x `height` red pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    path.write_bytes(png)
    return path


def own_statuses(server: Any, username: str) -> list[Any]:
    """Every status of `username`, newest first, straight from the server."""
    api = server.client(username)
    me = api.me()
    return list(api.account_statuses(me.id, limit=40))


class SlowAnswers(Listener):
    """A loopback relay to `target_port` that passes requests at once but holds every answer
    for `delay` seconds: the server has done the work when the client gives up waiting."""

    def __init__(self, target_port: int, delay: float) -> None:
        super().__init__()
        self.target_port = target_port
        self.delay = delay

    def handle(self, conn: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        threading.Thread(target=pump, args=(conn, upstream), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, conn, self.delay),
                         daemon=True).start()
