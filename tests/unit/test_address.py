"""Which hosts are local, and the http address suggested when https to them fails."""

from __future__ import annotations

import pytest

from fedtui.core.address import http_alternative, http_hint, is_local_host


@pytest.mark.parametrize("host", [
    "localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]", "10.0.0.5", "192.168.1.20",
    "172.16.3.4", "fe80::1", "::ffff:127.0.0.1", "mastodon", "pi.local", "box.lan",
    "svc.internal", "nas.home.arpa", "app.localhost", "LOCALHOST.",
])
def test_local_hosts(host: str) -> None:
    assert is_local_host(host)


@pytest.mark.parametrize("host", [
    "mastodon.social", "8.8.8.8", "2001:4860::8888", "social.example", "", "local.example",
])
def test_real_names_are_not_local(host: str) -> None:
    assert not is_local_host(host)


def test_the_http_alternative_keeps_port_and_path() -> None:
    assert http_alternative("https://127.0.0.1:8000") == "http://127.0.0.1:8000"
    assert http_alternative("https://[::1]:3000/sub/") == "http://[::1]:3000/sub"
    assert http_alternative("http://127.0.0.1:8000") is None
    assert http_alternative("https://mastodon.social") is None
    assert http_hint("https://mastodon.social") == ""
    assert http_hint("https://box.lan") == " Is it plain http? Try http://box.lan instead."
