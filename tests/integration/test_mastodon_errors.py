"""Server failures become fedtui errors with actionable messages (mastodon-mock fault injection)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.errors import (
    ApiError,
    AuthError,
    FedtuiError,
    NetworkError,
    ProxyError,
    RateLimited,
)
from fedtui.mastodon.client import InstanceClient
from tests.integration.mastodon_support import ConnectionCounter, fault

HOME = PaneSpec(PaneKind.HOME)
HOME_PATH = "/api/v1/timelines/home"


@pytest.fixture
def client(mock_server: Any) -> InstanceClient:
    return InstanceClient(mock_server.base_url, "alice_token", timeout=5)


def test_server_error_then_recovery(mock_server: Any, client: InstanceClient) -> None:
    with fault(mock_server.base_url, path=HOME_PATH, status=500, count=1):
        with pytest.raises(ApiError) as err:
            client.page(HOME)
        assert err.value.status == 500
        assert "server error (HTTP 500" in str(err.value)
        assert client.host in str(err.value)
        client.page(HOME)  # the fault fired once; the next call works


def test_rate_limit_uses_retry_after(mock_server: Any, client: InstanceClient) -> None:
    with fault(mock_server.base_url, path=HOME_PATH, type="ratelimit",
               headers={"Retry-After": "120"}, count=1), pytest.raises(RateLimited) as err:
        client.page(HOME)
    assert err.value.status == 429
    assert err.value.retry_after == pytest.approx(120)
    assert "2 min" in str(err.value)


def test_rate_limit_falls_back_to_ratelimit_reset(mock_server: Any,
                                                  client: InstanceClient) -> None:
    reset = (datetime.now(UTC) + timedelta(seconds=90)).isoformat()
    headers = {"X-RateLimit-Reset": reset, "X-RateLimit-Remaining": "0"}
    with (fault(mock_server.base_url, path=HOME_PATH, status=429, headers=headers, count=1),
          pytest.raises(RateLimited) as err):
        client.page(HOME)
    assert 80 <= err.value.retry_after <= 93  # the Date header has 1 s resolution


def test_revoked_token_is_an_auth_error(mock_server: Any) -> None:
    with pytest.raises(AuthError) as err:
        InstanceClient(mock_server.base_url, "not-a-token").verify_credentials()
    assert err.value.status == 401
    assert "log in again" in str(err.value)


def test_forbidden_is_an_auth_error(mock_server: Any, client: InstanceClient) -> None:
    with (fault(mock_server.base_url, path=HOME_PATH, status=403, count=1),
          pytest.raises(AuthError) as err):
        client.page(HOME)
    assert err.value.status == 403


def test_not_found_keeps_the_servers_words(mock_server: Any, client: InstanceClient) -> None:
    with pytest.raises(ApiError) as err:
        client.status("424242")
    assert err.value.status == 404
    assert "HTTP 404" in str(err.value)


@pytest.mark.parametrize("truncate", [True, False])
def test_malformed_body(mock_server: Any, client: InstanceClient, truncate: bool) -> None:
    with fault(mock_server.base_url, path=HOME_PATH, type="malformed", truncate=truncate,
               count=1), pytest.raises(ApiError) as err:
        client.page(HOME)
    assert "malformed data" in str(err.value)
    assert type(err.value) is ApiError


def test_slow_server_times_out(mock_server: Any) -> None:
    slow = InstanceClient(mock_server.base_url, "alice_token", timeout=0.3)
    with (fault(mock_server.base_url, path=HOME_PATH, type="latency", delay_ms=1500, count=1),
          pytest.raises(NetworkError) as err):
        slow.page(HOME)
    assert "did not answer within" in str(err.value)
    assert not isinstance(err.value, ProxyError)


def test_unreachable_instance_is_a_network_error() -> None:
    with ConnectionCounter() as dead:
        url = dead.url
    with pytest.raises(NetworkError) as err:
        InstanceClient(url, "x", timeout=2).verify_credentials()
    assert not isinstance(err.value, ProxyError)
    assert "Could not reach 127.0.0.1" in str(err.value)


def test_every_method_raises_only_fedtui_errors(mock_server: Any,
                                                client: InstanceClient) -> None:
    calls: list[Callable[[], object]] = [
        client.verify_credentials, client.instance, client.lists, client.followed_tags,
        lambda: client.status("1"), lambda: client.thread("1"),
        lambda: client.account("1"), lambda: client.lookup("alice"),
        lambda: client.relationship("1"), lambda: client.page(PaneSpec(PaneKind.NOTIFICATIONS)),
    ]
    with fault(mock_server.base_url, path_regex=r"^/(api|\.well-known)/", status=503):
        for call in calls:
            with pytest.raises(FedtuiError):
                call()


def test_an_empty_account_id_is_a_clear_error_asking_nothing() -> None:
    with ConnectionCounter() as counter:  # any request would be a NetworkError
        client = InstanceClient(counter.url, "alice_token", timeout=2)
        with pytest.raises(ApiError, match="without an id"):
            client.account("")
        with pytest.raises(ApiError, match="has nothing to show"):
            client.page(PaneSpec(PaneKind.ACCOUNT, "", "@bob"))
    assert counter.count == 0
