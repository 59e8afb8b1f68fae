"""OAuth login for any server that speaks the Mastodon API, through Mastodon.py.

Flow: `register_app` (once per login, with the redirect URI to use), send the user to
`authorization_url`, get the code back (from a `LoopbackRedirect` on 127.0.0.1, or pasted
by the user with the out-of-band redirect `OOB_REDIRECT`), then `exchange_code` for the
access token. Requests go through the `fedtui.net.Network` given (the run's proxy).
"""

from __future__ import annotations

import html
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fedtui.errors import ApiError, AuthError, FedtuiError, NetworkError, RateLimited
from fedtui.mastodon.session import (
    USER_AGENT,
    ResponseLog,
    build_api,
    host_of,
    translate_error,
    translate_errors,
)
from fedtui.net import Network

SCOPES = ("read", "write", "follow", "push")
OOB_REDIRECT = "urn:ietf:wg:oauth:2.0:oob"
APP_NAME = "fedtui"


@dataclass(frozen=True, slots=True)
class AppRegistration:
    client_id: str
    client_secret: str = field(repr=False)
    redirect_uri: str = ""


def _allow_http(base_url: str) -> bool:
    """OAuth over plain http only when the user gave an http:// instance URL (tests, .onion)."""
    return base_url.strip().lower().startswith("http://")


def register_app(base_url: str, redirect_uri: str = OOB_REDIRECT, *,
                 network: Network | None = None) -> AppRegistration:
    """Register fedtui as an OAuth app on the server (POST /api/v1/apps)."""
    from mastodon import Mastodon

    network = network if network is not None else Network(timeout=20.0)
    timeout = network.timeout
    log = ResponseLog()
    session = network.requests_session(token_site=base_url)
    session.hooks["response"].append(log.hook)
    host = host_of(base_url)
    with translate_errors(base_url, log=log, timeout=timeout):
        try:
            client_id, client_secret = Mastodon.create_app(
                APP_NAME, scopes=list(SCOPES), redirect_uris=redirect_uri,
                api_base_url=base_url, request_timeout=timeout,
                session=session, user_agent=USER_AGENT)
        except (KeyError, TypeError) as exc:
            last = log.last
            status = f" (HTTP {last.status})" if last is not None else ""
            raise ApiError(f"{host} did not register fedtui as an app{status}. Check the "
                           "instance address; the server may not allow new apps.",
                           status=last.status if last is not None else None) from exc
    return AppRegistration(str(client_id), str(client_secret), redirect_uri)


def authorization_url(reg: AppRegistration, base_url: str, *, state: str | None = None,
                      force_login: bool = False) -> str:
    """The page where the user approves fedtui (no request is made)."""
    api = build_api(base_url, None, client_id=reg.client_id, client_secret=reg.client_secret)
    return str(api.auth_request_url(
        redirect_uris=reg.redirect_uri, scopes=list(SCOPES), state=state,
        force_login=force_login, skip_server_info=True, allow_http=_allow_http(base_url)))


def _server_fault(error: FedtuiError) -> bool:
    """A server error (HTTP 5xx) or an answer that was not JSON."""
    return (isinstance(error, ApiError) and not isinstance(error, AuthError)
            and (error.status is None or error.status >= 500))


def exchange_code(reg: AppRegistration, base_url: str, code: str, *,
                  network: Network | None = None) -> str:
    """Trade the authorization code for an access token."""
    from mastodon.errors import MastodonAPIError, MastodonIllegalArgumentError

    code = code.strip()
    host = host_of(base_url)
    if not code:
        raise AuthError("The authorization code is empty. Paste the code the server showed "
                        "after you approved fedtui.")
    network = network if network is not None else Network(timeout=20.0)
    timeout = network.timeout
    log = ResponseLog()
    api = build_api(base_url, None, network=network, log=log,
                    client_id=reg.client_id, client_secret=reg.client_secret)
    try:
        token = api.log_in(code=code, redirect_uri=reg.redirect_uri, scopes=list(SCOPES),
                           allow_http=_allow_http(base_url))
    except MastodonIllegalArgumentError as exc:
        inner = exc.__context__
        mapped = translate_error(inner, base_url, log=log, timeout=timeout) if inner else None
        if mapped is not None and (isinstance(mapped, NetworkError | RateLimited)
                                   or _server_fault(mapped)):
            raise mapped from exc  # the server's failure, not the code's: trying again may work
        raise AuthError(f"{host} did not accept the authorization code. A code works only "
                        "once and expires after a few minutes: start the login again.") from exc
    except MastodonAPIError as exc:
        if "scopes" in str(exc):
            raise AuthError(f"{host} granted fewer permissions than fedtui needs "
                            f"({' '.join(SCOPES)}). Log in again and approve all of them.") from exc
        raise translate_error(exc, base_url, log=log, timeout=timeout) or exc from exc
    except Exception as exc:
        mapped = translate_error(exc, base_url, log=log, timeout=timeout)
        if mapped is None:
            raise
        raise mapped from exc
    return str(token)


_DONE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>fedtui</title></head>
<body><h1>{title}</h1><p>{text}</p></body></html>"""


class LoopbackRedirect:
    """Receives the OAuth redirect at http://127.0.0.1:PORT/callback (a free port).

    Use as a context manager: register the app with `redirect_uri`, pass `state` to
    `authorization_url`, open it in the browser, then `wait()` for the code.
    """

    def __init__(self, *, path: str = "/callback", state: str | None = None) -> None:
        self.path = path
        self.state = state if state is not None else secrets.token_urlsafe(16)
        self._done = threading.Event()
        self._code: str | None = None
        self._error: str | None = None
        self._server: HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("LoopbackRedirect is not started")
        return int(self._server.server_address[1])

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    def start(self) -> LoopbackRedirect:
        if self._server is None:
            self._server = HTTPServer(("127.0.0.1", 0), self._handler_class())
            self._thread = threading.Thread(target=self._server.serve_forever,
                                            kwargs={"poll_interval": 0.1},
                                            name="oauth-redirect", daemon=True)
            self._thread.start()
        return self

    def close(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(2.0)
            self._thread = None

    def __enter__(self) -> LoopbackRedirect:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def wait(self, timeout: float = 300.0) -> str:
        """The authorization code, once the browser comes back; AuthError on refusal/timeout."""
        if not self._done.wait(timeout):
            raise AuthError(f"No answer from the browser within {round(timeout)} s. Start the "
                            "login again, or use the paste-a-code login instead.")
        if self._code is None:
            raise AuthError(f"The login was not approved ({self._error or 'no code'}). Start "
                            "the login again and choose Authorize.")
        return self._code

    def _receive(self, query: str) -> tuple[int, str, str]:
        params = parse_qs(query)
        state = params.get("state", [""])[0]
        if self.state and state != self.state:
            return 400, "Login link mismatch", ("This answer does not belong to the login "
                                                "fedtui started. Start the login again.")
        code = params.get("code", [""])[0]
        if code:
            self._code = code
            self._done.set()
            return 200, "Logged in", "fedtui is logged in. You can close this tab."
        self._error = params.get("error_description", params.get("error", ["no code"]))[0]
        self._done.set()
        return 400, "Login not approved", f"The server said: {self._error}"

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path != receiver.path:
                    status, title, text = 404, "Not found", "Nothing here."
                else:
                    status, title, text = receiver._receive(parts.query)
                body = _DONE_PAGE.format(title=html.escape(title), text=html.escape(text))
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
