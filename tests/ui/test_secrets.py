"""Hostile answers that used to crash the App (and print its token): a clear message now;
a failing background task: a notice and a redacted report, and the App keeps running."""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path
from typing import Any

import pytest

from fedtui import paths
from fedtui.app.context import AccountRef
from fedtui.cli import build_context
from fedtui.mastodon.client import InstanceClient
from fedtui.ui.app import FedtuiApp
from fedtui.ui.screens.compose import ComposeScreen
from fedtui.ui.screens.home import HomeScreen
from tests.integration.mastodon_support import TcpRelay
from tests.ui.conftest import seeded_config, wait_for

TOKEN = "alice_token"


def reports() -> list[Path]:
    folder = paths.log_dir()
    return sorted(folder.glob("*.log")) if folder.is_dir() else []


def screen_text(app: FedtuiApp) -> str:
    """What the screen shows, as text (the screenshot is SVG)."""
    import html
    import re

    return html.unescape(" ".join(re.findall(r"<text[^>]*>(.*?)</text>",
                                             app.export_screenshot()))).replace("\xa0", " ")


def assert_no_token_anywhere(app: FedtuiApp, *texts: str) -> None:
    assert TOKEN not in app.export_screenshot()
    for text in texts:
        assert TOKEN not in text
    for report in reports():
        assert TOKEN not in report.read_text("utf-8")


async def home(pilot: Any) -> HomeScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    screen = pilot.app.screen
    assert isinstance(screen, HomeScreen)
    await wait_for(pilot, lambda: len(screen.panes[0].status_list.items) >= 20)
    return screen


async def test_an_account_answered_as_a_list_is_a_message_not_a_crash(make_app: Any,
                                                                       seeded: Any) -> None:
    app = make_app()
    with seeded.fault(path="/api/v1/accounts/verify_credentials", status=200, body=[]):
        async with app.run_test(size=(120, 40)) as pilot:
            await home(pilot)
            await pilot.press("c")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, ComposeScreen))
            status = pilot.app.screen.query_one("#compose-status")
            await wait_for(pilot, lambda: "malformed account data" in str(status.render()))
            assert app.is_running and app.crash is None
            assert_no_token_anywhere(app, str(status.render()))
    assert not app.return_code and reports() == []


def rewrite_pump(src: socket.socket, dst: socket.socket, old: bytes, new: bytes) -> None:
    """Copy `src` to `dst`, replacing `old` by `new` (same length) across chunk edges."""
    held = b""
    try:
        while data := src.recv(65536):
            data = (held + data).replace(old, new)
            cut = next((k for k in range(len(old) - 1, 0, -1) if data.endswith(old[:k])), 0)
            held = data[len(data) - cut:]
            dst.sendall(data[:len(data) - cut])
        dst.sendall(held)
    except OSError:
        pass
    for s in (src, dst):
        with contextlib.suppress(OSError):
            s.shutdown(socket.SHUT_RDWR)


class SurrogateRelay(TcpRelay):
    """Forwards to mastodon-mock; in answers, `QQSURR` becomes the JSON escape `\\ud800`."""

    def handle(self, conn: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        with self._lock:
            self._pairs.append((conn, upstream))
        threading.Thread(target=rewrite_pump, args=(conn, upstream, b"\0", b"\0"),
                         daemon=True).start()
        threading.Thread(target=rewrite_pump, args=(upstream, conn, b"QQSURR", b"\\ud800"),
                         daemon=True).start()


async def test_a_lone_surrogate_in_a_page_is_left_out(seeded: Any) -> None:
    seeded.client("bob").status_post("QQSURR lone surrogate")
    port = int(seeded.base_url.rsplit(":", 1)[1])
    with SurrogateRelay(port) as relay:
        for start in ("first", "second, from the cache"):
            app = FedtuiApp(build_context(seeded_config(),
                                          AccountRef(relay.url, TOKEN, "alice")))
            async with app.run_test(size=(120, 40)) as pilot:
                screen = await home(pilot)
                first = str(screen.panes[0].status_list.card_at(0).content)
                assert "\nlone surrogate" in first and "\ufffd" not in first, start
                assert_no_token_anywhere(app)
            assert not app.return_code and app.crash is None, start
    assert reports() == []


@pytest.mark.error_report
async def test_a_failing_post_action_is_a_notice_and_a_redacted_report(
        make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A service's blocking call (`in_thread`, not a `work` method) fails the same way."""
    from fedtui.mastodon.actions import Actions

    def broken(self: Actions, status_id: str, undo: bool = False) -> Any:
        raise ValueError(f"unexpected answer ?access_token={TOKEN}")

    monkeypatch.setattr(Actions, "boost", broken)
    app = make_app()
    said: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await home(pilot)
        await wait_for(pilot, lambda: screen.panes[0].status_list.card_count > 0)
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
        await pilot.press("b")
        await wait_for(pilot, lambda: any("background task" in s for s in said))
        assert app.is_running and app.crash is None
        assert_no_token_anywhere(app, *said)
    assert not app.return_code
    [report] = reports()
    text = report.read_text("utf-8")
    assert "ValueError" in text and "in broken" in text and "send_toggle" in text


@pytest.mark.error_report
async def test_a_failing_rules_watch_is_one_notice_and_one_report_then_stops(
        make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The watch looks every second: a look that fails is said once, not once a second."""
    app = make_app()
    said: list[str] = []
    looks: list[int] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot)
        await wait_for(pilot, lambda: app.rules_watch is not None)
        watch = app.rules_watch
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]

        def broken() -> bool:
            looks.append(1)
            raise ValueError(f"unreadable rules ?access_token={TOKEN}")

        monkeypatch.setattr(app.local_filters().service, "reload", broken)
        await wait_for(pilot, lambda: not watch.watching)
        await wait_for(pilot, lambda: any("background task (rules-watch)" in s for s in said))
        watch.look()  # a tick already on its way: nothing more
        await pilot.pause()
        assert looks == [1] and len(said) == 1
        assert app.is_running and app.crash is None
        assert_no_token_anywhere(app, *said)
    assert not app.return_code
    [report] = reports()
    assert "ValueError" in report.read_text("utf-8")


@pytest.mark.error_report
async def test_a_failing_background_task_is_a_notice_and_a_redacted_report(
        make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: InstanceClient) -> Any:
        headers = {"Authorization": f"Bearer {TOKEN}"}  # a local, as in Mastodon.py
        raise ValueError(f"unexpected answer for {headers} ?access_token={TOKEN}")

    monkeypatch.setattr(InstanceClient, "verify_credentials", broken)
    app = make_app()
    said: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
        await home(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: any("background task" in s for s in said))
        assert app.is_running and app.crash is None
        await pilot.press("escape")  # the App still answers keys
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        assert_no_token_anywhere(app, *said)
    assert not app.return_code
    [report] = reports()
    text = report.read_text("utf-8")
    assert "ValueError" in text and "in broken" in text and str(report) in said[-1]
    assert "access_token=[redacted]" in text  # the source line, redacted
    assert "message left out" in text  # not the message: it may quote a post
    assert report.stat().st_mode & 0o077 == 0


@pytest.mark.error_report
async def test_a_failing_plain_thread_is_a_notice_too(make_app: Any) -> None:
    def fail() -> None:
        raise RuntimeError(f"stream ended for ?access_token={TOKEN}")

    app = make_app()
    said: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
        await home(pilot)
        thread = threading.Thread(target=fail, name="live-home")
        thread.start()
        await wait_for(pilot, lambda: any("(live-home) failed with RuntimeError" in s
                                          for s in said))
        assert app.is_running
        assert_no_token_anywhere(app, *said)
    assert threading.excepthook != app.thread_failed  # put back on unmount
    assert len(reports()) == 1


async def test_a_notice_never_shows_the_token(make_app: Any) -> None:
    """Whatever a notice quotes (an error, a URL with the token in it), the token is hidden."""
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await home(pilot)
        app.notify(f"Not opened: ?access_token={TOKEN}", title=TOKEN)
        await wait_for(pilot, lambda: "[token hidden]" in screen_text(app))
        assert_no_token_anywhere(app)
