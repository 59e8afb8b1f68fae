"""Loopback servers for the network-safety tests: a scripted raw HTTP server, a host that
records Authorization headers, and a real SOCKS5/HTTP proxy (pproxy) that logs connections.

Everything binds 127.0.0.x and stops when its context exits.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from tests.integration.mastodon_support import Listener, TcpRelay, wait_for

Script = Callable[[socket.socket, str], int]  # (connection, request head) -> bytes sent


def read_head(conn: socket.socket) -> str:
    """The request line and headers (the body, if any, is ignored)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.split(b"\r\n\r\n", 1)[0].decode("latin-1")


class ScriptedServer(Listener):
    """Answers each connection with `script`; counts bytes sent and keeps request heads."""

    def __init__(self, script: Script, host: str = "127.0.0.1") -> None:
        super().__init__()
        if host != "127.0.0.1":  # rebind on another loopback address
            self.sock.close()
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.sock.bind((host, 0))
            self.sock.listen(16)
            self.sock.settimeout(0.1)
            self.port = self.sock.getsockname()[1]
        self.host = host
        self.script = script
        self.heads: list[str] = []
        self.sent = 0
        self.connections = 0
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def handle(self, conn: socket.socket) -> None:
        with self._lock:
            self.connections += 1
        threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        sent = 0
        try:
            head = read_head(conn)
            with self._lock:
                self.heads.append(head)
            sent = self.script(conn, head)
        except OSError:
            pass
        finally:
            with self._lock:
                self.sent += sent
            with contextlib.suppress(OSError):
                conn.close()

    def authorizations(self) -> list[str]:
        with self._lock:
            return [h for h in self.heads if re.search(r"^authorization:", h, re.I | re.M)]


def send_all(conn: socket.socket, parts: Iterator[bytes], closed: threading.Event) -> int:
    """Send `parts` until they end, the peer goes away or `closed` is set; bytes sent."""
    sent = 0
    for part in parts:
        if closed.is_set():
            break
        try:
            conn.sendall(part)
        except OSError:
            break
        sent += len(part)
    return sent


def head(status: str = "200 OK", content_type: str = "application/json",
         extra: str = "") -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nConnection: close\r\n"
            f"{extra}\r\n").encode()


#: pproxy 2.7.9 installs uvloop when it can and then fails to find an event loop on 3.11:
#: run it on asyncio's own loop.
_PPROXY = ("import sys, asyncio; sys.modules['uvloop'] = None; "
           "asyncio.set_event_loop(asyncio.new_event_loop()); "
           "from pproxy.server import main; sys.argv[0] = 'pproxy'; main()")


class CountingRelay(TcpRelay):
    """A TCP relay to `target_port` that counts the connections it accepts: the 'server'
    side of the proxy tests (every one must have come through the proxy)."""

    def __init__(self, target_port: int) -> None:
        super().__init__(target_port)
        self.count = 0

    def handle(self, conn: socket.socket) -> None:
        self.count += 1
        super().handle(conn)


class Pproxy:
    """pproxy on a free loopback port (HTTP and SOCKS5 on the same port), logging each
    connection it makes ("socks5 127.0.0.1:54321 -> localhost:8000")."""

    def __init__(self, log: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, scheme: str) -> str:
        return f"{scheme}://127.0.0.1:{self.port}"

    def targets(self) -> list[str]:
        """The host:port of every connection made through the proxy so far."""
        text = self.log.read_text("utf-8", "replace") if self.log.exists() else ""
        return re.findall(r" -> (\S+)", text)

    def __enter__(self) -> Pproxy:
        out = self.log.open("wb")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", _PPROXY, "-l", f"http+socks5://127.0.0.1:{self.port}", "-v"],
            stdout=out, stderr=subprocess.STDOUT, env=env)
        out.close()

        def up() -> bool:
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", self.port)) == 0

        assert wait_for(up, timeout=20), self.log.read_text("utf-8", "replace")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
