"""Shared test fixtures: an isolated home, no network beyond loopback, a mastodon-mock server."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED = FIXTURES / "mastodon-4.6.4"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME, the XDG dirs and the keyring backend at a temp folder; clear proxies."""
    home = tmp_path / "home"
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("FEDTUI_ALLOW_PLAINTEXT_KEYRING", "1")  # fedtui refuses it otherwise
    for var in ("ALL_PROXY", "HTTPS_PROXY", "HTTP_PROXY", "all_proxy", "https_proxy",
                "http_proxy", "FEDTUI_INSTANCE", "FEDTUI_TOKEN", "FEDTUI_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return home


@pytest.fixture(autouse=True)
def no_error_reports(isolated_home: Path, request: pytest.FixtureRequest) -> Iterator[None]:
    """A worker failure is a notice now, not a test failure: fail the test on its report
    (tests that make one on purpose are marked `error_report`)."""
    yield
    logs = isolated_home / ".local/state/fedtui/logs"
    written = sorted(logs.glob("*.log")) if logs.is_dir() else []
    if written and request.node.get_closest_marker("error_report") is None:
        pytest.fail(f"fedtui wrote an error report:\n{written[0].read_text('utf-8')}")


def _is_loopback(address: Any) -> bool:
    if not isinstance(address, tuple):
        return isinstance(address, str | bytes)  # a unix socket path
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that connects anywhere but this machine."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise AssertionError(f"test tried to reach a non-loopback address: {address!r}")
        return real_connect(self, address)

    def guarded_ex(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise AssertionError(f"test tried to reach a non-loopback address: {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_ex)


@pytest.fixture(scope="session")
def mock_server_session() -> Iterator[Any]:
    """One mastodon-mock server (alice/bob/carol seeded) on a free loopback port per session."""
    from mastodon_mock.testing.server import MockServer

    server = MockServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mock_server(mock_server_session: Any) -> Any:
    """The session's mastodon-mock server, reset to its seed state and with no faults."""
    httpx.post(f"{mock_server_session.base_url}/api/v1/_mock/reset", timeout=10).raise_for_status()
    return mock_server_session


class Served:
    """The server a test talks to (`base_url`): mastodon-mock itself, or the minimal relay
    in front of it. Seeding and inspecting (`client`, `fault`) go to mastodon-mock."""

    def __init__(self, mock: Any, relay: Any = None) -> None:
        self.mock = mock
        self.relay = relay
        self.base_url: str = relay.base_url if relay is not None else mock.base_url
        self.name = relay.profile.name if relay is not None else "mastodon-mock"

    @property
    def minimal(self) -> bool:
        return self.relay is not None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.mock, name)


@pytest.fixture
def minimal_server(mock_server: Any) -> Iterator[Any]:
    """The minimal relay (profile "minimal") in front of a fresh mastodon-mock."""
    from tests.integration.minimal_server import MinimalServer

    with MinimalServer(mock_server.base_url, "minimal") as relay:
        yield relay


@pytest.fixture(params=["mastodon-mock", "minimal"])
def server(request: pytest.FixtureRequest, mock_server: Any) -> Iterator[Served]:
    """Run the test against mastodon-mock and against the minimal relay in front of it."""
    if request.param == "mastodon-mock":
        yield Served(mock_server)
        return
    from tests.integration.minimal_server import MinimalServer

    with MinimalServer(mock_server.base_url, request.param) as relay:
        yield Served(mock_server, relay)
