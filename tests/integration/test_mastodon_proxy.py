"""Proxies: a dead proxy fails with ProxyError and nothing goes direct; a live one is used."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.errors import ProxyError
from fedtui.mastodon.client import InstanceClient
from fedtui.mastodon.streaming import LiveFeed, StreamEvent
from fedtui.net import Network
from tests.integration.mastodon_support import (
    ConnectionCounter,
    ForwardProxy,
    Listener,
    wait_for,
)


@pytest.fixture
def dead_proxy_port() -> Iterator[int]:
    """A loopback port nobody listens on, held for the test: bound but not listening, it
    refuses every connection and no other listener can take it meanwhile."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


class NotAProxy(Listener):
    """A port that answers every connection with an HTTP error page, not SOCKS."""

    def handle(self, conn: socket.socket) -> None:
        with conn:
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")


@pytest.mark.parametrize("scheme", ["socks5h", "socks5", "http"])
def test_dead_proxy_fails_and_nothing_goes_direct(scheme: str, dead_proxy_port: int) -> None:
    proxy = f"{scheme}://127.0.0.1:{dead_proxy_port}"
    with ConnectionCounter() as instance:
        network = Network(proxy, timeout=2)
        client = InstanceClient(instance.url, "alice_token", network=network)
        with pytest.raises(ProxyError) as err:
            client.verify_credentials()
        with pytest.raises(ProxyError):
            client.page(PaneSpec(PaneKind.HOME))
        with network.httpx_client() as http, pytest.raises(ProxyError):
            http.get(f"{instance.url}/media/x.png")
        with pytest.raises(ProxyError):
            network.requests_session().get(f"{instance.url}/api/v1/instance")
    assert instance.count == 0  # the instance never heard from us
    message = str(err.value)
    assert proxy in message
    assert "does not fall back to a direct connection" in message


@pytest.mark.parametrize("scheme", ["socks5h", "socks5"])
def test_a_proxy_that_does_not_speak_socks_fails_and_nothing_goes_direct(scheme: str) -> None:
    with ConnectionCounter() as instance, NotAProxy() as not_a_proxy:
        proxy = f"{scheme}://127.0.0.1:{not_a_proxy.port}"
        network = Network(proxy, timeout=2)
        with pytest.raises(ProxyError) as err:
            InstanceClient(instance.url, "alice_token", network=network).verify_credentials()
        with network.httpx_client() as http, pytest.raises(ProxyError) as http_err:
            http.get(f"{instance.url}/media/x.png")
    assert instance.count == 0
    for message in (str(err.value), str(http_err.value)):
        assert proxy in message
        assert "does not fall back to a direct connection" in message


def test_socks5h_resolves_names_through_the_proxy(dead_proxy_port: int,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []
    real = socket.getaddrinfo

    def spy(host: Any, *args: Any, **kwargs: Any) -> Any:
        looked_up.append(str(host))
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", spy)
    client = InstanceClient("https://mastodon.invalid", "t",
                            network=Network(f"socks5h://127.0.0.1:{dead_proxy_port}", 2))
    with pytest.raises(ProxyError):
        client.verify_credentials()
    assert "mastodon.invalid" not in looked_up


def test_environment_proxy_is_used_when_config_sets_none(dead_proxy_port: int) -> None:
    network = Network.from_settings(
        None, {"HTTPS_PROXY": f"http://127.0.0.1:{dead_proxy_port}"}, timeout=2)
    with ConnectionCounter() as instance, pytest.raises(ProxyError):
        InstanceClient(instance.url, "t", network=network).verify_credentials()
    assert instance.count == 0


def test_sessions_ignore_proxy_environment(monkeypatch: pytest.MonkeyPatch,
                                           dead_proxy_port: int, mock_server: Any) -> None:
    """With no proxy configured, a stray *_PROXY variable must not be picked up silently."""
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{dead_proxy_port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    assert InstanceClient(mock_server.base_url, "alice_token").verify_credentials().username \
        == "alice"
    with Network(timeout=5).httpx_client() as http:
        assert http.get(f"{mock_server.base_url}/api/v1/instance").status_code == 200


def test_live_proxy_carries_every_request(mock_server: Any) -> None:
    with ForwardProxy() as proxy:
        client = InstanceClient(mock_server.base_url, "alice_token",
                                network=Network(proxy.url))
        assert client.verify_credentials().username == "alice"
        assert client.page(PaneSpec(PaneKind.LOCAL)).items is not None
        with Network(proxy.url, 5).httpx_client() as http:
            assert http.get(f"{mock_server.base_url}/api/v1/instance").status_code == 200
    paths = [line.split(" ", 1)[1] for line in proxy.seen]
    assert f"{mock_server.base_url}/api/v1/accounts/verify_credentials" in paths
    assert any("/api/v1/timelines/public" in p for p in paths)
    assert f"{mock_server.base_url}/api/v1/instance" in paths


def test_live_feed_reports_a_dead_proxy(dead_proxy_port: int) -> None:
    events: list[StreamEvent] = []
    lock = threading.Lock()

    def record(event: StreamEvent) -> None:
        with lock:
            events.append(event)

    with ConnectionCounter() as instance:
        client = InstanceClient(instance.url, "t",
                                network=Network(f"socks5h://127.0.0.1:{dead_proxy_port}", 2))
        feed = LiveFeed(client, PaneSpec(PaneKind.HOME), record, backoff=(0.05, 0.1))
        feed.start()
        try:
            assert wait_for(lambda: len(events) >= 2)
        finally:
            feed.stop()
    assert instance.count == 0
    assert events[0].kind == "disconnected"
    assert "Could not open a live connection" in events[0].message
    assert "does not fall back to a direct connection" in events[0].message
