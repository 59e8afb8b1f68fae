"""Choices made inside the app and kept for the next start (the theme picked in the command
palette): `ui.json` (mode 0o600) in the state folder. Not the config file: that one is the
user's, and fedtui never rewrites it.

A missing, unreadable or malformed file reads as no choices: it can only cost the choice.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from fedtui import paths
from fedtui.errors import StoreError


class UiState:
    """Small string settings by name."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.state_dir() / "ui.json"

    def load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {key: value for key, value in data.items()
                if isinstance(key, str) and isinstance(value, str)}

    def save(self, **values: str) -> None:
        """Merge `values` into the file (written whole, then moved into place)."""
        data = {**self.load(), **values}
        temporary = self.path.with_suffix(".tmp")
        try:
            paths.ensure_dir(self.path.parent)
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                json.dump(data, file, ensure_ascii=False, indent=1)
            os.replace(temporary, self.path)
        except OSError as err:
            raise StoreError(f"Could not save {self.path}: {err.strerror or err}") from err
