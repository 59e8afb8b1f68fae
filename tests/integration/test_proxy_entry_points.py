"""The proxy, set in the config or in each *_PROXY variable, carries every connection of
the real entry points: the `fedtui login` command and the App built by `cli.build_context`
(timelines and streams). A real SOCKS5/HTTP proxy (pproxy) sits in front of mastodon-mock
behind a counting relay: every connection the relay sees came through the proxy, and
with the proxy down not one reaches it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fedtui.app.context import AccountRef
from fedtui.cli import build_context
from fedtui.config import load_config
from fedtui.ui.app import FedtuiApp
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.widgets.pane_problem import PaneProblem
from tests.integration.mastodon_support import approve_in_browser, pasted_code, wait_for
from tests.integration.net_support import CountingRelay, Pproxy
from tests.ui.conftest import wait_for as wait_in_app

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.xdist_group("pproxy")

#: (where the proxy is set, its scheme): the config file and each environment variable.
WAYS = [("config", "socks5h"), ("ALL_PROXY", "socks5h"), ("all_proxy", "socks5"),
        ("HTTPS_PROXY", "http"), ("https_proxy", "socks5h"), ("HTTP_PROXY", "http"),
        ("http_proxy", "socks5")]


@pytest.fixture
def relay(mock_server: Any) -> Iterator[CountingRelay]:
    with CountingRelay(int(mock_server.base_url.rsplit(":", 1)[1])) as counting:
        yield counting


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[Pproxy]:
    with Pproxy(tmp_path / "pproxy.log") as running:
        yield running


@pytest.fixture
def dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def set_proxy(way: str, url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Set the proxy the way a user would: in the config file, or in one variable."""
    if way == "config":
        config = tmp_path / "config.toml"
        config.write_text(f'proxy = "{url}"\n', "utf-8")
        monkeypatch.setenv("FEDTUI_CONFIG", str(config))
    else:
        monkeypatch.setenv(way, url)


def proxied(proxy: Pproxy, relay: CountingRelay) -> int:
    return sum(target.endswith(f":{relay.port}") for target in proxy.targets())


def login_command(instance: str, mock_server: Any) -> subprocess.CompletedProcess[str]:
    """`fedtui login INSTANCE --no-browser` as a user runs it: approve in the browser (which
    talks to the server itself, not through fedtui), paste the code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "fedtui", "login", instance, "--no-browser"], cwd=ROOT, env=env,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None and process.stdin is not None
    lines: list[str] = []
    for line in process.stderr:
        lines.append(line)
        if line.strip().startswith("http"):
            address = line.strip().replace(instance, mock_server.base_url)
            process.stdin.write(pasted_code(approve_in_browser(address, "bob")) + "\n")
            process.stdin.flush()
            break
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out,
                                       "".join(lines) + err)


@pytest.mark.parametrize(("way", "scheme"), WAYS)
def test_login_command_goes_only_through_the_proxy(way: str, scheme: str, proxy: Pproxy,
                                                   relay: CountingRelay, mock_server: Any,
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    set_proxy(way, proxy.url(scheme), tmp_path, monkeypatch)
    instance = f"http://localhost:{relay.port}"
    result = login_command(instance, mock_server)
    assert result.returncode == 0, result.stderr
    assert "Logged in as @bob@localhost" in result.stderr
    assert relay.count >= 2  # app registration, token, verify_credentials
    assert wait_for(lambda: proxied(proxy, relay) == relay.count)  # 0 went direct
    if scheme == "socks5h":  # the name went to the proxy, not to a local resolver
        assert f"localhost:{relay.port}" in proxy.targets()


@pytest.mark.parametrize("way", [way for way, _ in WAYS])
def test_login_command_with_the_proxy_down_reaches_nobody(way: str, dead_port: int,
                                                          relay: CountingRelay,
                                                          mock_server: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    set_proxy(way, f"socks5h://127.0.0.1:{dead_port}", tmp_path, monkeypatch)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "fedtui", "login", f"http://localhost:{relay.port}",
         "--no-browser"], cwd=ROOT, env=env, input="", capture_output=True, text=True,
        timeout=60)
    assert result.returncode == 1
    assert f"Could not connect through the proxy socks5h://127.0.0.1:{dead_port}" \
        in result.stderr
    assert "does not fall back to a direct connection" in result.stderr
    assert "Traceback" not in result.stderr
    assert relay.count == 0


def app_for(instance: str) -> FedtuiApp:
    """The App as `fedtui` builds it: the real config loader and context builder."""
    return FedtuiApp(build_context(load_config(), AccountRef(instance, "alice_token", "alice")))


@pytest.mark.parametrize(("way", "scheme"), WAYS)
async def test_the_app_reads_and_streams_only_through_the_proxy(
        way: str, scheme: str, proxy: Pproxy, relay: CountingRelay, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    set_proxy(way, proxy.url(scheme), tmp_path, monkeypatch)
    looked_up: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def spy(host: Any, *args: Any, **kwargs: Any) -> Any:
        looked_up.append(str(host))
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", spy)
    async with app_for(f"http://localhost:{relay.port}").run_test(size=(160, 48)) as pilot:
        assert isinstance(pilot.app.screen, HomeScreen)
        panes = pilot.app.screen.panes
        # every pane live (leaving while one is still loading races its worker with exit)
        await wait_in_app(pilot, lambda: all("live" in p.status_text for p in panes),
                          timeout=30)
    assert relay.count >= 3  # pages and streams
    assert wait_for(lambda: proxied(proxy, relay) == relay.count)  # 0 went direct
    if scheme == "socks5h":
        assert "localhost" not in looked_up


@pytest.mark.parametrize("way", [way for way, _ in WAYS])
async def test_the_app_with_the_proxy_down_says_so_and_reaches_nobody(
        way: str, dead_port: int, relay: CountingRelay, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    set_proxy(way, f"http://127.0.0.1:{dead_port}", tmp_path, monkeypatch)
    async with app_for(f"http://localhost:{relay.port}").run_test(size=(160, 48)) as pilot:
        assert isinstance(pilot.app.screen, HomeScreen)
        panes = pilot.app.screen.panes
        await wait_in_app(pilot, lambda: all("offline" in p.status_text for p in panes),
                          timeout=20)
        assert panes[0].status_text == "offline: proxy down"
        problem = panes[0].query_one(PaneProblem).problem
        assert problem is not None and "does not fall back to a direct connection" in problem.line
    assert relay.count == 0


async def test_the_login_screen_goes_only_through_the_proxy(proxy: Pproxy, relay: CountingRelay,
                                                            mock_server: Any,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.setenv("ALL_PROXY", proxy.url("socks5h"))
    instance = f"http://localhost:{relay.port}"
    codes: list[str] = []

    def browser(url: str) -> bool:  # the user's browser talks to the server itself
        codes.append(pasted_code(approve_in_browser(url.replace(instance,
                                                                mock_server.base_url), "carol")))
        return True

    monkeypatch.setattr("fedtui.ui.screens.login.open_in_window", browser)
    app = FedtuiApp(build_context(load_config(), None))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.click("#instance")
        await pilot.press(*instance, "enter")
        await wait_in_app(pilot, lambda: bool(codes), timeout=20)
        await wait_in_app(pilot, lambda: pilot.app.screen.query_one("#code").display)
        await pilot.press(*codes[0], "enter")
        await wait_in_app(pilot, lambda: isinstance(pilot.app.screen, HomeScreen), timeout=20)
        panes = pilot.app.screen.panes
        await wait_in_app(pilot, lambda: all("live" in p.status_text for p in panes),
                          timeout=30)
    assert relay.count >= 3  # registration, token, verify_credentials (and the panes)
    assert wait_for(lambda: proxied(proxy, relay) == relay.count)  # 0 went direct
