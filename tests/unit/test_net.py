"""fedtui.net: which proxy is used, and how bad settings are reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fedtui.cli import main
from fedtui.errors import ConfigError
from fedtui.mastodon.stream_guard import streaming_base
from fedtui.net import Network, describe_proxy, proxy_error, resolve_proxy, same_site


def test_no_proxy_anywhere() -> None:
    assert resolve_proxy(None, {}) is None
    assert resolve_proxy("  ", {"NO_PROXY": "*"}) is None


def test_config_setting_wins_over_environment() -> None:
    env = {"ALL_PROXY": "http://env:1", "HTTPS_PROXY": "http://env:2"}
    assert resolve_proxy("socks5h://127.0.0.1:9050", env) == "socks5h://127.0.0.1:9050"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"ALL_PROXY": "socks5://a:1", "HTTPS_PROXY": "http://b:2"}, "socks5://a:1"),
        ({"all_proxy": "socks5h://a:1", "HTTP_PROXY": "http://b:2"}, "socks5h://a:1"),
        ({"HTTPS_PROXY": "https://b:2", "HTTP_PROXY": "http://c:3"}, "https://b:2"),
        ({"https_proxy": "http://b:2"}, "http://b:2"),
        ({"http_proxy": "http://c:3"}, "http://c:3"),
    ],
)
def test_environment_precedence(env: dict[str, str], expected: str) -> None:
    assert resolve_proxy(None, env) == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("127.0.0.1:9050", "no scheme"),
        ("socks4://127.0.0.1:9050", "unsupported scheme socks4://"),
        ("ftp://proxy:21", "unsupported scheme"),
        ("http://", "not a valid proxy address"),
        ("http://host:notaport", "not a valid proxy address"),
    ],
)
def test_bad_settings_are_config_errors(value: str, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        resolve_proxy(value, {})
    assert words in str(err.value)
    assert "The `proxy` setting" in str(err.value)
    with pytest.raises(ConfigError) as from_env:
        resolve_proxy(None, {"HTTPS_PROXY": value})
    assert "HTTPS_PROXY" in str(from_env.value)


def test_passwords_never_appear_in_messages() -> None:
    assert describe_proxy("socks5h://user:hunter2@127.0.0.1:9050") == \
        "socks5h://user:***@127.0.0.1:9050"
    assert describe_proxy("http://127.0.0.1:8080") == "http://127.0.0.1:8080"
    message = str(proxy_error("http://me:hunter2@proxy:3128", "refused"))
    assert "hunter2" not in message
    assert "does not fall back to a direct connection" in message
    with pytest.raises(ConfigError) as err:
        resolve_proxy("http://me:hunter2@proxy:port", {})
    assert "hunter2" not in str(err.value)


def test_importing_the_adapters_loads_no_network_library() -> None:
    code = (
        "import sys; import fedtui.net, fedtui.mastodon.client, fedtui.mastodon.streaming, "
        "fedtui.mastodon.auth, fedtui.mastodon.session; "
        "print(sorted(m for m in ('mastodon', 'requests', 'httpx', 'socks') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=root)
    assert out.stdout.strip() == "[]"


def test_network_from_settings_is_the_resolver() -> None:
    env = {"http_proxy": "http://127.0.0.1:3128"}
    assert Network.from_settings(None, env, timeout=7) == Network("http://127.0.0.1:3128", 7)
    assert Network.from_settings("socks5h://127.0.0.1:9050", env, timeout=7).proxy == \
        "socks5h://127.0.0.1:9050"
    assert Network.from_settings(None, {}, timeout=7).proxy is None


def test_a_bad_proxy_variable_stops_the_command_with_a_message(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "127.0.0.1:9050")
    assert main(["login", "example.social"]) == 1
    err = capsys.readouterr().err
    assert "The HTTPS_PROXY environment variable is '127.0.0.1:9050', which has no scheme" in err


@pytest.mark.parametrize(
    ("instance", "other", "same"),
    [
        ("https://example.social", "wss://example.social", True),
        ("https://example.social", "https://example.social:443/api", True),
        ("https://example.social", "wss://streaming.example.social", True),
        ("https://Example.Social.", "wss://STREAMING.example.social", True),
        ("http://127.0.0.1:3000", "ws://127.0.0.1:3000", True),
        ("https://example.social", "ws://example.social", False),  # a step down to http
        ("https://example.social", "wss://example.social:4000", False),  # another port
        ("https://example.social", "wss://evil.example", False),
        ("https://example.social", "wss://notexample.social", False),
        ("https://social.example.com", "wss://streaming.example.com", False),  # a sibling
        ("https://example.social", "wss://example.social.evil.example", False),
        ("http://127.0.0.1:3000", "ws://127.0.0.2:3000", False),
        ("https://example.social", "ftp://example.social", False),
        ("https://example.social", "", False),
    ],
)
def test_same_site(instance: str, other: str, same: bool) -> None:
    assert same_site(instance, other) is same


def test_streaming_comes_from_the_instance_unless_the_advertised_host_is_its_own() -> None:
    assert streaming_base("https://example.social/", "wss://streaming.example.social/x") == \
        "https://streaming.example.social"
    assert streaming_base("https://example.social", "wss://evil.example") == \
        "https://example.social"
    assert streaming_base("https://example.social", None) == "https://example.social"
    assert streaming_base("http://127.0.0.1:3000", "ws://127.0.0.1:3000") == \
        "http://127.0.0.1:3000"
