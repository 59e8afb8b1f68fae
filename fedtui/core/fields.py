"""Forgiving, sanitising readers of one field of API JSON (or of a Mastodon.py entity).

A missing or malformed field gives an empty value instead of an error: a server that sends
odd JSON costs that field, never the whole page. Every string they return has been through
`fedtui.core.sanitize` (server text is hostile): this is the boundary where API data becomes
fedtui's model, so no screen can forget it. `str_field` keeps line breaks (post HTML, bios,
alt text); `line_field` makes one line (names, handles, titles, URLs, types).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fedtui.core.sanitize import clean_line, clean_text


def _text(value: object) -> str:
    """A field's value as text: a string or a number (ids come as either); anything else
    (null, an object or a list where text belongs) is no text."""
    if isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool)):
        return str(value)
    return ""


def str_field(data: Mapping[str, Any], key: str) -> str:
    """A plain, safe `str`, line breaks kept (Mastodon.py's id types are str subclasses
    that print like ints)."""
    return clean_text(_text(data.get(key)))


def opt_str_field(data: Mapping[str, Any], key: str) -> str | None:
    """`str_field`, or None when absent or empty."""
    return str_field(data, key) or None


def line_field(data: Mapping[str, Any], key: str) -> str:
    """A safe single line: whitespace runs become one space."""
    return clean_line(_text(data.get(key)))


def opt_line_field(data: Mapping[str, Any], key: str) -> str | None:
    """`line_field`, or None when absent or empty."""
    return line_field(data, key) or None


def lines_field(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """A list of strings as safe single lines, the empty ones left out."""
    return tuple(line for item in list_field(data, key)
                 if item is not None and (line := clean_line(str(item))))


def int_field(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return 0


def opt_int_field(data: Mapping[str, Any], key: str) -> int | None:
    return None if data.get(key) is None else int_field(data, key)


def bool_field(data: Mapping[str, Any], key: str) -> bool:
    return bool(data.get(key) or False)


def list_field(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def mappings_field(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    return [item for item in list_field(data, key) if isinstance(item, Mapping)]


def mapping_field(data: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    value = data.get(key)
    return value if isinstance(value, Mapping) else None
