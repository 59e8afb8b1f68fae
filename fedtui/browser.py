"""Hand a URL to the user's browser, if this machine has one."""

from __future__ import annotations


def open_in_browser(url: str) -> bool:
    """True when a browser took the URL; False on a headless machine or over SSH."""
    import webbrowser  # looks for browsers when loaded: only when a link is opened

    try:
        return bool(webbrowser.open(url))
    except webbrowser.Error:
        return False
