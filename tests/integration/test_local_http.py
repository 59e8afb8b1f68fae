"""https to a server on loopback that speaks plain http: the TLS failure is named as such
(not "overloaded") and http is suggested, by the client, `fedtui login` and the in-app
login. Real names keep https and get no such suggestion."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from fedtui.cli import build_context, main
from fedtui.config import default_config
from fedtui.errors import NetworkError
from fedtui.mastodon.client import InstanceClient
from fedtui.mastodon.session import translate_error
from fedtui.ui.app import FedtuiApp
from tests.integration.mastodon_support import ConnectionCounter, Listener
from tests.ui.conftest import wait_for


class Silent(Listener):
    """Takes connections and never answers: a TLS handshake to it never ends."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[socket.socket] = []

    def handle(self, conn: socket.socket) -> None:
        self.held.append(conn)

    def __exit__(self, *exc: object) -> None:
        for conn in self.held:
            conn.close()
        super().__exit__(*exc)


def port_of(server: Any) -> str:
    return str(server.base_url.rsplit(":", 1)[1])


def test_a_tls_handshake_that_never_ends_is_not_called_overload() -> None:
    with Silent() as silent, pytest.raises(NetworkError) as err:
        InstanceClient(f"https://127.0.0.1:{silent.port}", "x",
                       timeout=0.5).verify_credentials()
    message = str(err.value)
    assert err.value.failure == "tls-timeout"
    assert "overloaded" not in message
    assert f"127.0.0.1:{silent.port} took the connection but did not complete a secure" \
           in message
    assert message.endswith(f"Is it plain http? Try http://127.0.0.1:{silent.port} instead.")


def test_https_to_plain_http_on_loopback_suggests_http(mock_server: Any) -> None:
    port = port_of(mock_server)
    with pytest.raises(NetworkError) as err:
        InstanceClient(f"https://localhost:{port}", "alice_token",
                       timeout=5).verify_credentials()
    assert err.value.failure == "tls"
    assert f"Try http://localhost:{port} instead." in str(err.value)
    # the address suggested works
    assert InstanceClient(f"http://localhost:{port}", "alice_token",
                          timeout=5).verify_credentials().acct == "alice"


def test_refused_on_loopback_asks_whether_the_server_runs() -> None:
    with ConnectionCounter() as dead:
        port = dead.port
    with pytest.raises(NetworkError) as err:
        InstanceClient(f"https://127.0.0.1:{port}", "x", timeout=2).verify_credentials()
    assert err.value.failure == "refused"
    assert str(err.value).endswith(
        f"Is the server running? If it speaks plain http, try http://127.0.0.1:{port} "
        "instead.")


def test_a_real_name_gets_no_http_suggestion() -> None:
    import ssl

    import requests

    exc = requests.exceptions.SSLError(ssl.SSLError(1, "[SSL] wrong version number"))
    mapped = translate_error(exc, "https://social.example")
    assert isinstance(mapped, NetworkError) and mapped.failure == "tls"
    assert "http://" not in str(mapped)
    assert str(mapped).endswith("Check the instance address and that the server is up.")


def test_fedtui_login_without_a_scheme_suggests_http(mock_server: Any,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    port = port_of(mock_server)
    assert main(["login", f"127.0.0.1:{port}"]) == 1
    err = capsys.readouterr().err
    assert f"Is it plain http? Try http://127.0.0.1:{port} instead." in err
    assert "overloaded" not in err


async def test_the_in_app_login_suggests_http(mock_server: Any) -> None:
    port = port_of(mock_server)
    app = FedtuiApp(build_context(default_config({}), None))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.click("#instance")
        await pilot.press(*f"127.0.0.1:{port}", "enter")
        said = app.screen.query_one("#login-url")
        await wait_for(pilot, lambda: "Try http://" in str(said.render()))
        assert f"Try http://127.0.0.1:{port} instead." in str(said.render())
