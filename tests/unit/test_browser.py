"""Inside the TUI only a browser with a window of its own is launched."""

from __future__ import annotations

import pytest

from fedtui.browser import graphical_session


@pytest.mark.parametrize(("env", "platform", "graphical"), [
    ({}, "linux", False),
    ({"DISPLAY": ":0"}, "linux", True),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "freebsd14", True),
    ({"DISPLAY": ""}, "linux", False),
    ({}, "darwin", True),
    ({}, "win32", True),
])
def test_a_graphical_session_needs_a_display_outside_macos_and_windows(
        env: dict[str, str], platform: str, graphical: bool) -> None:
    assert graphical_session(env, platform) is graphical
