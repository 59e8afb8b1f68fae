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
from pathlib import Path
from typing import Any

from tests.hostile_support import hostile_strings, inject
from tests.integration.mastodon_support import HttpRelay


class HostileRelay(HttpRelay):
    """Forwards every request to `target`; JSON answers come back with hostile strings."""

    def __init__(self, target: str, seed: int = 8,
                 rewrite: Callable[[str, Any], Any] | None = None) -> None:
        """`rewrite(path, data)`, when given, replaces the injection: it returns the JSON
        to send for `path` (for tests that need one hostile value in one field)."""
        super().__init__(target)
        self.rewrite = rewrite
        self.screen = "start"
        self.injected: Counter[str] = Counter()
        self._payloads = hostile_strings(seed)
        self._lock = threading.Lock()

    def answer(self, method: str, path: str, headers: dict[str, str],
               body: bytes) -> tuple[int, dict[str, str], bytes]:
        status, answered, data = self.forward(method, path, headers, body)
        hostile = not path.startswith(("/oauth", "/api/v1/_mock"))
        if hostile and answered.get("content-type", "").startswith("application/json"):
            with contextlib.suppress(ValueError):
                data = self._poison(path, json.loads(data))
        return status, answered, data

    def _poison(self, path: str, data: Any) -> bytes:
        if self.rewrite is not None:
            return json.dumps(self.rewrite(path, data)).encode()
        with self._lock:
            screen = self.screen

            def count() -> None:
                self.injected[screen] += 1

            poisoned = inject(data, self._payloads, on_string=count)
        return json.dumps(poisoned).encode()  # ASCII escapes keep lone surrogates intact


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
             timeout: float = 90.0) -> str:
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

    def wait_for(self, *words: str, since: int = 0, timeout: float = 90.0) -> str:
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
