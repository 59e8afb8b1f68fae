"""Forgiving readers of one field of API JSON (or of a Mastodon.py entity).

A missing or malformed field gives an empty value instead of an error: a server that sends
odd JSON costs that field, never the whole page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

#: JSON may escape a lone surrogate (`"\\ud800"`); no file or terminal can encode one.
_SURROGATE = re.compile("[\ud800-\udfff]")


def text(value: object) -> str:
    """`str(value)` with lone surrogates replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", str(value))


def str_field(data: Mapping[str, Any], key: str) -> str:
    """A plain `str` (Mastodon.py's id types are str subclasses that print like ints)."""
    value = data.get(key)
    return "" if value is None else text(value)


def opt_str_field(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    return text(value)


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
