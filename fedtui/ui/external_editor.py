"""Editing a post's text in the user's own editor ($VISUAL, $EDITOR, else vi)."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile

from textual.app import App, SuspendNotSupported


def edit_externally(app: App[object], text: str) -> tuple[str | None, str]:
    """Suspend the app, let the editor change `text`; (new text, "") or (None, why not)."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False,
                                     encoding="utf-8") as handle:
        handle.write(text)
        path = handle.name
    try:
        with app.suspend():
            subprocess.run([*shlex.split(editor), path], check=False)
        with open(path, encoding="utf-8") as handle:
            return handle.read().rstrip("\n"), ""
    except SuspendNotSupported:
        return None, "This terminal cannot hand the screen to an editor."
    except OSError as err:
        return None, f"Could not run the editor '{editor}': {err.strerror}"
    finally:
        os.unlink(path)
