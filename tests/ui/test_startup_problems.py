"""A start-up that fails says what failed and what to do: a few words in the pane's header,
the whole sentence in the pane (with the keys that retry and log in again) and one notice.
Real keys, the real App, Mastodon.py against mastodon-mock on loopback."""

from __future__ import annotations

from typing import Any

from fedtui.app.context import AccountRef
from fedtui.cli import build_context
from fedtui.ui.app import FedtuiApp
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.screens.login import LoginScreen
from fedtui.ui.widgets.pane import TimelinePane
from fedtui.ui.widgets.pane_problem import PaneProblem
from tests.integration.mastodon_support import ConnectionCounter
from tests.ui.conftest import seeded_config, wait_for


def app_on(base_url: str, token: str = "alice_token") -> FedtuiApp:
    return FedtuiApp(build_context(seeded_config(), AccountRef(base_url, token, "alice")))


def notices(app: Any) -> list[str]:
    said: list[str] = []
    real = app.notify

    def spy(message: str, **kwargs: Any) -> None:
        said.append(message)
        real(message, **kwargs)

    app.notify = spy
    return said


def problem_of(pane: TimelinePane) -> str:
    return str(pane.query_one(PaneProblem).render())


async def failed_home(pilot: Any, count: int = 4) -> list[TimelinePane]:
    """The panes, once the first `count` of them have failed."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    panes = pilot.app.screen.panes
    await wait_for(pilot, lambda: all(pane.failed for pane in panes[:count]))
    return panes


async def test_a_rejected_token_says_so_and_L_opens_the_login(seeded: Any) -> None:
    app = app_on(seeded.base_url, "no_such_token")
    said = notices(app)
    async with app.run_test(size=(160, 48)) as pilot:
        panes = await failed_home(pilot, 2)  # the public timelines need no token
        home = panes[0]
        assert home.status_text == "offline: token rejected"
        line = problem_of(home)
        assert "rejected the access token (HTTP 401" in line
        assert line.endswith("Press L to log in again (ctrl+r retries).")
        assert home.query_one(PaneProblem).display
        assert said.count(line) == 1  # every pane shows it; one notice says it
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        assert app.screen.query_one("#instance").value == seeded.base_url
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_ctrl_r_retries_every_failed_pane(seeded: Any) -> None:
    app = app_on(seeded.base_url)
    outage = seeded.fault(path_regex=r"^/api/v[12]/(timelines|notifications)", status=503)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            panes = await failed_home(pilot)
            assert panes[0].status_text == "offline: server error"
            assert "had a server error (HTTP 503" in problem_of(panes[1])
            outage.delete()
            await pilot.press("ctrl+r")  # the focus is on the first pane: all of them retry
            await wait_for(pilot, lambda: all(pane.status_text in ("up to date", "live")
                                              for pane in panes))
            assert not any(pane.failed for pane in panes)
            assert not panes[1].query_one(PaneProblem).display
            assert len(panes[0].status_list.items) >= 20
    finally:
        outage.delete()


async def test_a_retry_that_fails_again_says_so_again(seeded: Any) -> None:
    app = app_on(seeded.base_url, "no_such_token")
    said = notices(app)
    async with app.run_test(size=(160, 48)) as pilot:
        panes = await failed_home(pilot, 2)
        line = problem_of(panes[0])
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: said.count(line) == 2)
        await wait_for(pilot, lambda: panes[0].failed and panes[1].failed)


async def test_https_to_a_plain_http_server_on_loopback_suggests_http(seeded: Any) -> None:
    port = seeded.base_url.rsplit(":", 1)[1]
    app = app_on(f"https://127.0.0.1:{port}")
    async with app.run_test(size=(160, 48)) as pilot:
        panes = await failed_home(pilot)
        assert panes[0].status_text == "offline: TLS failed"
        line = problem_of(panes[0])
        assert line.startswith(f"The secure (TLS) connection to 127.0.0.1:{port} failed")
        assert f"Is it plain http? Try http://127.0.0.1:{port} instead." in line
        assert "overloaded" not in line
        assert line.endswith("Press ctrl+r to retry, or L logs in again.")


async def test_a_refused_connection_names_the_address(seeded: Any) -> None:
    with ConnectionCounter() as dead:
        port = dead.port
    app = app_on(f"http://127.0.0.1:{port}")
    async with app.run_test(size=(160, 48)) as pilot:
        panes = await failed_home(pilot)
        assert panes[0].status_text == "offline: refused"
        line = problem_of(panes[0])
        assert f"Could not reach 127.0.0.1:{port}: the connection was refused" in line
        assert "Is it plain http" not in line  # already http

