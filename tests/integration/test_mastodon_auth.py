"""OAuth login against mastodon-mock: app registration, loopback redirect, pasted code."""

from __future__ import annotations

import re
import threading
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from fedtui.errors import ApiError, AuthError, ProxyError
from fedtui.mastodon.auth import (
    OOB_REDIRECT,
    SCOPES,
    AppRegistration,
    LoopbackRedirect,
    authorization_url,
    exchange_code,
    register_app,
)
from fedtui.mastodon.client import InstanceClient
from fedtui.net import Network
from tests.integration.mastodon_support import approve_in_browser, fault, pasted_code


def test_loopback_login(mock_server: Any) -> None:
    base = mock_server.base_url
    with LoopbackRedirect() as receiver:
        assert receiver.redirect_uri.startswith("http://127.0.0.1:")
        reg = register_app(base, receiver.redirect_uri)
        assert reg.redirect_uri == receiver.redirect_uri and reg.client_id and reg.client_secret
        url = authorization_url(reg, base, state=receiver.state)
        query = parse_qs(urlsplit(url).query)
        assert url.startswith(f"{base}/oauth/authorize?")
        assert query["scope"] == [" ".join(SCOPES)]
        assert query["state"] == [receiver.state]

        done = approve_in_browser(url, "carol")
        assert done.status_code == 200 and "logged in" in done.text
        code = receiver.wait(timeout=5)
    token = exchange_code(reg, base, code)
    assert InstanceClient(base, token).verify_credentials().username == "carol"


def test_pasted_code_login(mock_server: Any) -> None:
    base = mock_server.base_url
    reg = register_app(base)
    assert reg.redirect_uri == OOB_REDIRECT
    shown = approve_in_browser(authorization_url(reg, base), "bob")
    match = re.search(r"Authorization code: (\S+?)<", shown.text)
    assert match
    token = exchange_code(reg, base, f"  {match.group(1)}\n")  # pasted with whitespace
    assert InstanceClient(base, token).verify_credentials().username == "bob"


def test_bad_code_is_an_auth_error(mock_server: Any) -> None:
    reg = register_app(mock_server.base_url)
    with pytest.raises(AuthError) as err:
        exchange_code(reg, mock_server.base_url, "not-a-code")
    assert "did not accept the authorization code" in str(err.value)
    with pytest.raises(AuthError):
        exchange_code(reg, mock_server.base_url, "   ")


@pytest.mark.parametrize(("effect", "said"), [
    ({"status": 500}, "had a server error (HTTP 500"),
    ({"type": "malformed"}, "sent malformed data"),
])
def test_a_server_error_on_the_token_exchange_does_not_blame_the_code(
        mock_server: Any, effect: dict[str, Any], said: str) -> None:
    base = mock_server.base_url
    reg = register_app(base)
    code = pasted_code(approve_in_browser(authorization_url(reg, base), "bob"))
    with fault(base, path="/oauth/token", **effect), pytest.raises(ApiError) as err:
        exchange_code(reg, base, code)
    assert not isinstance(err.value, AuthError)
    assert said in str(err.value) and "did not accept the authorization code" not in str(err.value)
    token = exchange_code(reg, base, code)  # the code was still good: trying again works
    assert InstanceClient(base, token).verify_credentials().username == "bob"


def test_login_through_a_dead_proxy_fails_clearly(mock_server: Any) -> None:
    with pytest.raises(ProxyError):
        register_app(mock_server.base_url, network=Network("socks5h://127.0.0.1:9", 2))
    reg = AppRegistration("id", "secret", OOB_REDIRECT)
    with pytest.raises(ProxyError):
        exchange_code(reg, mock_server.base_url, "code",
                      network=Network("http://127.0.0.1:9", 2))


def test_loopback_redirect_rejects_foreign_state_and_times_out() -> None:
    with LoopbackRedirect(state="expected") as receiver:
        bad = httpx.get(f"{receiver.redirect_uri}?code=x&state=other", timeout=5)
        assert bad.status_code == 400
        assert httpx.get(f"http://127.0.0.1:{receiver.port}/elsewhere", timeout=5).status_code \
            == 404
        with pytest.raises(AuthError) as err:
            receiver.wait(timeout=0.1)
        assert "No answer from the browser" in str(err.value)


def test_loopback_redirect_reports_a_refusal() -> None:
    with LoopbackRedirect() as receiver:
        url = f"{receiver.redirect_uri}?error=access_denied&state={receiver.state}"
        threading.Thread(target=httpx.get, args=(url,), daemon=True).start()
        with pytest.raises(AuthError) as err:
            receiver.wait(timeout=5)
    assert "access_denied" in str(err.value)
