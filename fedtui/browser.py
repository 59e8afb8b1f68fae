"""Hand a URL to the user's browser, if this machine has one."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping


def open_in_browser(url: str) -> bool:
    """True when a browser took the URL (it may be a console one, in this terminal)."""
    import webbrowser  # looks for browsers when loaded: only when a link is opened

    try:
        return bool(webbrowser.open(url))
    except webbrowser.Error:
        return False


def graphical_session(environ: Mapping[str, str] | None = None,
                      platform: str | None = None) -> bool:
    """Whether a browser would open in a window of its own: on macOS and Windows, else
    only with DISPLAY or WAYLAND_DISPLAY (without, Python picks w3m, lynx...)."""
    env = os.environ if environ is None else environ
    if (platform or sys.platform) in ("darwin", "win32", "cygwin"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def open_in_window(url: str) -> bool:
    """`open_in_browser` for the TUI: never a console browser drawing over it; False on a
    headless machine or over SSH (show the URL instead)."""
    return graphical_session() and open_in_browser(url)
