"""fedtui.net: which proxy is used, and how bad settings are reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fedtui.errors import ConfigError
from fedtui.net import describe_proxy, proxy_error, resolve_proxy


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
