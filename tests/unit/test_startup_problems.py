"""How a connection failed, in words a person acts on, and what a pane says about it."""

from __future__ import annotations

import socket

import pytest
import requests

from fedtui.core.problems import pane_problem
from fedtui.errors import ApiError, AuthError, NetworkError, ProxyError, RateLimited
from fedtui.mastodon.session import network_failure, translate_error


def chained(outer: BaseException, inner: BaseException) -> BaseException:
    outer.__cause__ = inner
    return outer


@pytest.mark.parametrize(("exc", "failure", "words"), [
    (chained(requests.exceptions.ConnectionError("x"), socket.gaierror(-2, "Name unknown")),
     "dns", "the name box.example was not found (DNS)"),
    (chained(requests.exceptions.ConnectionError("x"), ConnectionRefusedError(111, "refused")),
     "refused", "the connection was refused"),
    (requests.exceptions.ConnectTimeout("connect timed out"), "connect-timeout",
     "no connection within 20 s"),
    (requests.exceptions.ReadTimeout("read timed out"), "timeout", "may be overloaded"),
    (chained(requests.exceptions.ReadTimeout("x"),
             TimeoutError("_ssl.c:989: The handshake operation timed out")),
     "tls-timeout", "did not complete a secure (TLS) handshake within 20 s"),
    (chained(requests.exceptions.ConnectionError("x"), ConnectionResetError(104, "reset")),
     "reset", "closed the connection"),
])
def test_each_failure_is_named(exc: BaseException, failure: str, words: str) -> None:
    assert network_failure(exc) == failure
    mapped = translate_error(exc, "https://box.example:8443", timeout=20)
    assert isinstance(mapped, NetworkError) and mapped.failure == failure
    assert words in str(mapped)
    assert "box.example" in str(mapped)
    assert "http://" not in str(mapped)  # a real name keeps https
    if failure != "timeout":
        assert "overloaded" not in str(mapped)


@pytest.mark.parametrize(("err", "state", "ends"), [
    (AuthError("h rejected the access token (HTTP 401).", status=401), "token rejected",
     "Press L to log in again (ctrl+r retries)."),
    (AuthError("h refused this request (HTTP 403).", status=403), "not allowed",
     "Press L to log in again (ctrl+r retries)."),
    (RateLimited("h is limiting requests.", retry_after=30), "rate limited (retry in 30s)",
     "Press ctrl+r to retry after the wait."),
    (ProxyError("The proxy is down."), "proxy down", "Press ctrl+r to retry."),
    (NetworkError("Could not reach h.", failure="refused"), "refused",
     "Press ctrl+r to retry, or L logs in again."),
    (NetworkError("Could not reach h."), "unreachable", "or L logs in again."),
    (ApiError("h had a server error (HTTP 502).", status=502), "server error",
     "Press ctrl+r to retry."),
    (ApiError("h did not accept the request (HTTP 410).", status=410), "HTTP 410",
     "Press ctrl+r to retry."),
])
def test_a_pane_says_a_few_words_in_its_header_and_all_of_it_in_its_line(
        err: Exception, state: str, ends: str) -> None:
    problem = pane_problem(err, retry_key="ctrl+r", login_key="L")  # type: ignore[arg-type]
    assert problem.state == state
    assert problem.line.startswith(str(err))
    assert problem.line.endswith(ends)
    assert problem.login == isinstance(err, AuthError)


def test_a_hostile_server_text_stays_plain_and_safe() -> None:
    from tests.hostile_support import unsafe

    err = ApiError("h did not accept the request (HTTP 422: [bold]x\x1b]52;c;QQ==\x07"
                   "\u202eevil\u200b).", status=422)
    line = pane_problem(err, retry_key="ctrl+r", login_key="L").line
    assert "[bold]x" in line and not unsafe(line)
    assert "\x1b" not in line and "\u202e" not in line
