"""A hostile instance for whole-UI tests: a loopback relay in front of mastodon-mock that
puts a hostile string into every string field of every JSON response, error bodies
included, and a pseudo-terminal that runs the real `fedtui` against it.

The relay counts what it injected per "screen" (the test names the screen it is driving),
so a test can report how many hostile inputs each screen met.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import struct
import subprocess
import sys
import termios
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.hostile_support import hostile_strings, inject

_HOP = ("transfer-encoding", "connection", "content-length", "keep-alive")


class HostileRelay:
    """Forwards every request to `target`; JSON answers come back with hostile strings."""

    def __init__(self, target: str, seed: int = 8,
                 rewrite: Callable[[str, Any], Any] | None = None) -> None:
        """`rewrite(path, data)`, when given, replaces the injection: it returns the JSON
        to send for `path` (for tests that need one hostile value in one field)."""
        self.target = target.rstrip("/")
        self.rewrite = rewrite
        self.screen = "start"
        self.injected: Counter[str] = Counter()
        self._payloads = hostile_strings(seed)
        self._lock = threading.Lock()
        relay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                status, headers, data = relay.forward(self.command, self.path,
                                                      dict(self.headers.items()), body)
                self.send_response(status)
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def forward(self, method: str, path: str, headers: dict[str, str],
                body: bytes | None) -> tuple[int, list[tuple[str, str]], bytes]:
        parts = urlsplit(self.target)
        conn = HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=30)
        sent = {k: v for k, v in headers.items() if k.lower() not in ("host", "connection")}
        conn.request(method, path, body=body, headers=sent)
        answer = conn.getresponse()
        data = answer.read()
        conn.close()
        out = [(k, v.replace(self.target, self.url)) for k, v in answer.getheaders()
               if k.lower() not in _HOP]
        hostile = not path.startswith(("/oauth", "/api/v1/_mock"))
        if hostile and answer.getheader("Content-Type", "").startswith("application/json"):
            with contextlib.suppress(ValueError):
                data = self._poison(path, json.loads(data))
        return answer.status, out, data

    def _poison(self, path: str, data: Any) -> bytes:
        if self.rewrite is not None:
            return json.dumps(self.rewrite(path, data)).encode()
        with self._lock:
            screen = self.screen

            def count() -> None:
                self.injected[screen] += 1

            poisoned = inject(data, self._payloads, on_string=count)
        return json.dumps(poisoned).encode()  # ASCII escapes keep lone surrogates intact

    def __enter__(self) -> HostileRelay:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


_ESCAPE = re.compile(rb"\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
                     rb"|\x1b[^\[\]]")


class Terminal:
    """The real `python -m fedtui` on a pseudo-terminal: keys in, raw bytes out."""

    def __init__(self, env: dict[str, str], cwd: Path, columns: int = 160,
                 rows: int = 48) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.master = master
        self.output = bytearray()
        self._lock = threading.Lock()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "fedtui"], stdin=slave, stdout=slave, stderr=slave,
            env=env, cwd=cwd, start_new_session=True, close_fds=True)
        os.close(slave)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.output.extend(chunk)

    def raw(self) -> bytes:
        with self._lock:
            return bytes(self.output)

    def text(self, since: int = 0) -> str:
        """What was written since byte `since`, escape sequences taken out."""
        return _ESCAPE.sub(b"", self.raw()[since:]).decode("utf-8", "replace")

    def mark(self) -> int:
        return len(self.raw())

    def press(self, *keys: str) -> None:
        for key in keys:
            os.write(self.master, key.encode())

    def wait(self, predicate: Callable[[str], bool], since: int = 0,
             timeout: float = 30.0) -> str:
        """Until the text written since `since` satisfies `predicate` (or the app ended)."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.text(since)
            if predicate(text):
                return text
            if self.process.poll() is not None:
                raise AssertionError(f"fedtui ended ({self.process.returncode}):\n{text[-3000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"not seen on the terminal in time:\n{text[-3000:]}")
            time.sleep(0.05)

    def wait_for(self, *words: str, since: int = 0, timeout: float = 30.0) -> str:
        return self.wait(lambda text: any(word in text for word in words), since, timeout)

    def close(self) -> int:
        if self.process.poll() is None:
            self.press("\x11")  # ctrl+q
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.reader.join(5)
        os.close(self.master)
        return self.process.returncode
