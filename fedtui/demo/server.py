"""`DemoServer`: mastodon-mock in a child process on a free loopback port.

The server runs as a subprocess (`python -m fedtui.demo._launch`, which runs
`mastodon_mock serve`) so fedtui itself never imports FastAPI or uvicorn. Its output goes
to a log file in a private temp dir, never to the terminal the TUI owns. The child watches
its stdin pipe and exits when this process goes away, even without a chance to clean up;
`stop()` (also registered with `atexit`) terminates it, kills it after a timeout and reaps
it, then removes the temp dir.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from fedtui.demo.accounts import ACCOUNTS, DEMO_DISPLAY_NAME, DEMO_TOKEN, DEMO_USERNAME, token_for
from fedtui.errors import FedtuiError

if TYPE_CHECKING:
    from fedtui.demo.world import DemoWorld

INSTALL_HINT = "the demo needs the demo extra: pip install 'fedtui[demo]'"
HOST = "127.0.0.1"


class DemoError(FedtuiError):
    """The local demo server could not be started or seeded."""


def _toml_str(value: str) -> str:
    # A JSON string (non-ASCII kept literal, control characters as \uXXXX) is a valid
    # TOML basic string.
    return json.dumps(value, ensure_ascii=False)


def demo_config_toml(*, port: int, media_dir: Path, heartbeat_seconds: float) -> str:
    """The mastodon-mock config: instance metadata and the seeded accounts and follows."""
    lines = [
        f"domain = {_toml_str(f'{HOST}:{port}')}",
        'url_scheme = "http"',
        'title = "fedtui demo"',
        'email = "demo@127.0.0.1"',
        'description = "A local demo instance started by fedtui. Nothing leaves this machine."',
        f"media_storage_path = {_toml_str(str(media_dir))}",
        'rules = ["Be kind.", "This instance disappears when fedtui demo exits."]',
        "",
        "[database]",
        'path = ":memory:"',
        "",
        "[server]",
        f'host = "{HOST}"',
        f"port = {port}",
        "",
        "[faults]",  # no fault injection in the demo: one middleware less per request
        "enabled = false",
        "",
        "[streaming]",
        "enabled = true",
        f"heartbeat_seconds = {heartbeat_seconds!r}",
        "",
    ]
    people = [(DEMO_USERNAME, DEMO_DISPLAY_NAME, "Trying out fedtui on a demo instance.", False)]
    people += [(a.username, a.display_name, a.note, a.bot) for a in ACCOUNTS]
    for username, display_name, note, bot in people:
        lines += [
            "[[seed.accounts]]",
            f"username = {_toml_str(username)}",
            f"display_name = {_toml_str(display_name)}",
            f"note = {_toml_str(note)}",
            f"bot = {'true' if bot else 'false'}",
            f"access_token = {_toml_str(token_for(username))}",
            "",
        ]
    edges = [(DEMO_USERNAME, a.username) for a in ACCOUNTS if a.followed]
    edges += [(a.username, DEMO_USERNAME) for a in ACCOUNTS if a.follows_demo]
    for follower, following in edges:
        lines += [
            "[[seed.follows]]",
            f"follower = {_toml_str(follower)}",
            f"following = {_toml_str(following)}",
            "",
        ]
    return "\n".join(lines)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _no_proxy_opener() -> urllib.request.OpenerDirector:
    # Loopback traffic must never go through a configured proxy.
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


class DemoServer:
    """A mastodon-mock server for `fedtui demo`, in a child process on 127.0.0.1."""

    def __init__(
        self,
        *,
        startup_timeout: float = 30.0,
        stop_timeout: float = 3.0,
        heartbeat_seconds: float = 1.0,
    ) -> None:
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        # Mastodon.py's stream close() returns only once the next byte arrives, so a short
        # SSE heartbeat keeps closing a stream quick.
        self.heartbeat_seconds = heartbeat_seconds
        self._process: subprocess.Popen[bytes] | None = None
        self._tmpdir: Path | None = None
        self._port: int | None = None
        self.world: DemoWorld | None = None  # set by `start_demo` after seeding

    # --- accessors ---------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def port(self) -> int:
        if self._port is None:
            raise DemoError("The demo server is not running.")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def token(self) -> str:
        """The demo user's fixed access token."""
        return DEMO_TOKEN

    @property
    def username(self) -> str:
        return DEMO_USERNAME

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def log_path(self) -> Path | None:
        return self._tmpdir / "mastodon-mock.log" if self._tmpdir is not None else None

    def token_for(self, username: str) -> str:
        """The fixed access token of any seeded account."""
        return token_for(username)

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> DemoServer:
        """Start the server and wait until it answers. Idempotent."""
        if self.running:
            return self
        if importlib.util.find_spec("mastodon_mock") is None:
            raise DemoError(f"mastodon-mock is not installed; {INSTALL_HINT}")
        self._tmpdir = Path(tempfile.mkdtemp(prefix="fedtui-demo-"))
        atexit.register(self.stop)
        try:
            if not any(self._spawn() for _ in range(3)):
                raise DemoError("The demo server could not find a free loopback port.")
        except BaseException:
            self.stop()
            raise
        return self

    def _spawn(self) -> bool:
        """Launch once; False when the port was taken meanwhile (worth another try)."""
        assert self._tmpdir is not None
        port = _free_port()
        media = self._tmpdir / "media"
        media.mkdir(exist_ok=True)
        config = self._tmpdir / "mastodon-mock.toml"
        config.write_text(
            demo_config_toml(port=port, media_dir=media, heartbeat_seconds=self.heartbeat_seconds),
            encoding="utf-8",
        )
        env = dict(os.environ)
        env["TMPDIR"] = str(self._tmpdir)  # the mock's temp SQLite file lands in our dir
        env["FEDTUI_DEMO_DIR"] = str(self._tmpdir)  # removed by the child if we vanish
        for var in ("PORT", "HOST"):
            env.pop(var, None)
        # The child imports fedtui.demo._launch: make this very fedtui importable there.
        source_root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (source_root, env.get("PYTHONPATH")) if p)
        args = ["--config", str(config), "--in-memory", "--host", HOST, "--port", str(port),
                "--log-level", "warning"]
        log_path = self._tmpdir / "mastodon-mock.log"
        with log_path.open("ab") as log:
            self._process = subprocess.Popen(  # our own interpreter and module
                [sys.executable, "-m", "fedtui.demo._launch", *args],
                stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
                cwd=self._tmpdir, env=env, close_fds=True,
            )
        self._port = port
        deadline = time.monotonic() + self.startup_timeout
        opener = _no_proxy_opener()
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                log_text = self._log_tail()
                self._reap()
                if "address already in use" in log_text.lower():
                    return False
                if "No module named" in log_text:
                    raise DemoError(f"The demo server could not start; {INSTALL_HINT}\n{log_text}")
                raise DemoError(f"The demo server exited during startup:\n{log_text}")
            try:
                with opener.open(f"{self.base_url}/api/v1/instance", timeout=1.0) as resp:
                    if resp.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        raise DemoError(
            f"The demo server did not answer within {self.startup_timeout:g} s.\n{self._log_tail()}"
        )

    def _log_tail(self, limit: int = 2000) -> str:
        path = self.log_path
        if path is None or not path.exists():
            return ""
        return path.read_text(encoding="utf-8", errors="replace")[-limit:].strip()

    def _reap(self) -> None:
        process, self._process = self._process, None
        self._port = None
        if process is None:
            return
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        # SIGTERM asks uvicorn for a graceful shutdown, which waits for open streams to end;
        # a following SIGINT makes it stop waiting. SIGKILL is the last resort.
        steps = [(signal.SIGTERM, 0.5), (signal.SIGINT, self.stop_timeout)]
        if os.name != "posix":  # Windows: SIGTERM is TerminateProcess, there is no SIGINT
            steps = [(signal.SIGTERM, self.stop_timeout)]
        for sig, wait in steps:
            if process.poll() is not None:
                break
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=wait)
        if process.poll() is None:
            process.kill()
        process.wait()

    def stop(self) -> None:
        """Terminate the server (kill it after `stop_timeout`), reap it, remove temp files.

        Idempotent; also runs at interpreter exit.
        """
        self._reap()
        atexit.unregister(self.stop)
        tmpdir, self._tmpdir = self._tmpdir, None
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.base_url if self._port is not None else "stopped"
        return f"<DemoServer {where}>"
