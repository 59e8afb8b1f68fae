"""A crash in the interface, in a real `fedtui` process on a terminal: one sentence on
stderr naming the report, a redacted report in the state dir, a non-zero status, and the
token nowhere (screen, stderr, report)."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path
from typing import Any

import pytest

TOKEN = "alice_token"

#: `fedtui` (cli.main) with the home screen failing on mount, the token in its locals.
SCRIPT = """
import sys
from fedtui import cli
from fedtui.ui.app import FedtuiApp

def show_home(self):
    token = self.context.account.token
    headers = {"Authorization": f"Bearer {token}"}
    raise RuntimeError(f"cannot show {headers}")

FedtuiApp.show_home = show_home
sys.exit(cli.main([]))
"""


def run_on_a_terminal(env: dict[str, str]) -> tuple[int, str]:
    """Run SCRIPT on a pseudo-terminal (stdin, stdout, stderr); (status, what it showed)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    screen = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            screen.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT], stdin=follower, stdout=follower,
                            stderr=follower, env=env, close_fds=True)
    os.close(follower)
    try:
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reader.join(10)
    os.close(leader)
    return proc.returncode, screen.decode("utf-8", "replace")


@pytest.mark.error_report
@pytest.mark.parametrize("with_text", [False, True])
def test_a_crash_exits_non_zero_with_a_redacted_report(mock_server: Any, isolated_home: Path,
                                                        with_text: bool) -> None:
    env = dict(os.environ, FEDTUI_INSTANCE=mock_server.base_url, FEDTUI_TOKEN=TOKEN,
               TERM="xterm-256color", PYTHONPATH=str(Path(__file__).parents[2]))
    if with_text:
        env["FEDTUI_LOG_TEXT"] = "1"
    status, screen = run_on_a_terminal(env)

    assert status == 1
    logs = isolated_home / ".local/state/fedtui/logs"
    [report] = list(logs.glob("*.log"))
    assert screen.rstrip().endswith(
        "fedtui: fedtui stopped on an unexpected error (RuntimeError). A report (without "
        f"tokens or posts) is in {report}.")
    text = report.read_text("utf-8")
    assert "in show_home" in text and "builtins.RuntimeError" in text
    assert ("cannot show {'Authorization': '[redacted]'}" in text) is with_text
    assert "locals" not in text and "Traceback (most recent call last)" in text
    for output in (screen, text):
        assert TOKEN not in output
