"""Shipped themes: TOML files in `themes/` (packaged into the wheel as `fedtui/_themes`),
and which theme to start with: the config's, or the one last chosen in the app."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from textual.theme import Theme

from fedtui.errors import ConfigError

DEFAULT_THEME = "fedtui-dark"
_THEME_KEYS = frozenset(
    {"name", "dark", "primary", "secondary", "accent", "warning", "error", "success",
     "foreground", "background", "surface", "panel", "boost"}
)


def themes_dir() -> Path:
    """Where the shipped theme files are: inside the wheel, or at the top of a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_themes"
    return installed if installed.is_dir() else package.parent / "themes"


def load_theme(path: Path) -> Theme:
    """One theme file -> a Textual Theme; errors name the file and the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: cannot read this theme: {err}") from err
    unknown = sorted(set(data) - _THEME_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key '{unknown[0]}' (expected one of "
                          f"{', '.join(sorted(_THEME_KEYS))})")
    if not isinstance(data.get("name"), str) or not isinstance(data.get("primary"), str):
        raise ConfigError(f"{path}: 'name' and 'primary' are required strings")
    return Theme(**data)


def shipped_themes() -> list[Theme]:
    return [load_theme(path) for path in sorted(themes_dir().glob("*.toml"))]


def starting_theme(configured: str, saved: Mapping[str, str]) -> str:
    """The theme last chosen in the app (`saved`, see `remembered_theme`), unless the
    config names another theme than it did then: the newer choice wins."""
    chosen = saved.get("theme", "")
    return chosen if chosen and saved.get("config_theme") == configured else configured


def remembered_theme(chosen: str, configured: str) -> dict[str, str]:
    """What to save when the user picks a theme (and the config's theme at that moment)."""
    return {"theme": chosen, "config_theme": configured}
