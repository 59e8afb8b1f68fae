"""`ranking.toml` -> `Rules` (pure: text in). Every mistake is a `RulesError` that names
its line, so that the reader can find it; the caller keeps the rules it had.

Top-level keys are the weights of `fedtui.core.ranking.DEFAULTS` (any left out keep their
default); the tables `[languages]`, `[hashtags]`, `[keywords]` and `[accounts]` map names
to weights. Unknown keys are mistakes too (a typo must not silently do nothing).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from typing import Any

from fedtui.core.ranking import DEFAULTS, TABLES, Rules, normal_name
from fedtui.errors import ConfigError

_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=""")
POSITIVE = frozenset({"half_life_hours"})
CAPS = frozenset(name for name in DEFAULTS if name.endswith("_cap"))


class RulesError(ConfigError):
    """A mistake in the rules file; `line` is 1-based (None when no line can be named)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def line_of(text: str, table: str | None, key: str | None = None) -> int | None:
    """The line that sets `key` in `table` (None: top level), or the table's header when
    `key` is None; None when it is not written plainly (a dotted key, an inline table)."""
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            current = header.group(1).strip().strip("\"'")
            if key is None and current == table:
                return number
            continue
        found = _KEY.match(line)
        if found and key is not None and current == table:
            raw = found.group(1)
            if raw[:1] in "\"'":
                raw = raw[1:-1]
            if raw == key:
                return number
    return None


def _error(source: str, text: str, message: str, table: str | None,
           key: str | None) -> RulesError:
    line = line_of(text, table, key)
    if line is None and table is not None and key is not None:
        line = line_of(text, table)
    where = f"{source} line {line}" if line is not None else source
    return RulesError(f"{where}: {message}", line)


def _syntax(source: str, text: str, err: tomllib.TOMLDecodeError) -> RulesError:
    message = str(err)
    found = _AT.search(message)
    line: int | None = None
    if found is not None:
        line = int(found.group(1)) if found.group(1) else max(1, len(text.splitlines()))
        column = f" (column {found.group(2)})" if found.group(2) else ""
        message = _AT.sub("", message) + column
    where = f"{source} line {line}" if line is not None else source
    return RulesError(f"{where}: {message[:1].lower()}{message[1:]}", line)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _table(doc: Mapping[str, Any], name: str, source: str, text: str) -> dict[str, float]:
    raw = doc.get(name, {})
    if not isinstance(raw, Mapping):
        raise _error(source, text, f"“{name}” must be a table: [{name}] and then lines such "
                     "as name = 2.0", None, name)
    found: dict[str, float] = {}
    for key, value in raw.items():
        weight = _number(value)
        if weight is None:
            raise _error(source, text, f"the weight of “{key}” in [{name}] must be a number "
                         f"such as 2.0 or -5 (got {value!r})", name, key)
        normal = normal_name(name, key)
        if not normal:
            raise _error(source, text, f"an empty name in [{name}]", name, key)
        if normal in found:
            raise _error(source, text, f"“{key}” is in [{name}] twice (names ignore case"
                         + (" and a leading #" if name == "hashtags" else
                            " and a leading @" if name == "accounts" else "") + ")",
                         name, key)
        found[normal] = weight
    return found


def parse_rules(text: str, source: str = "ranking.toml") -> Rules:
    """The rules `text` sets; RulesError (naming the line) on the first mistake."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _syntax(source, text, err) from None
    weights = dict(DEFAULTS)
    known = sorted(DEFAULTS) + [f"[{t}]" for t in TABLES]
    for key, value in doc.items():
        if key in TABLES:
            continue
        if key not in DEFAULTS:
            raise _error(source, text, f"unknown rule “{key}” (known: {', '.join(known)})",
                         None, key)
        number = _number(value)
        if number is None:
            raise _error(source, text, f"“{key}” must be a number such as 1.5 (got "
                         f"{value!r})", None, key)
        if key in POSITIVE and number <= 0:
            raise _error(source, text, f"“{key}” must be more than 0 (got {value!r})",
                         None, key)
        if key in CAPS and number < 0:
            raise _error(source, text, f"“{key}” is a cap: 0 or more (got {value!r})",
                         None, key)
        weights[key] = number
    tables = {name: _table(doc, name, source, text) for name in TABLES}
    return Rules(weights=weights, **tables)


DEFAULT_TEXT = """\
# fedtui: the rules of your "For you (local)" pane. Nothing here leaves this machine.
# A post's score is the sum of the rules that apply to it; `w` on a post shows each one.
# `=` and `-` on a post lift or sink its author in [accounts] below.

half_life_hours = 12   # a post's recency score halves every 12 hours
recency = 2.0          # the recency score of a brand-new post
followed = 1.0         # the author is someone you follow
mutual = 0.5           # ... and follows you back
interactions = 0.5     # per doubling of your replies, favourites and boosts to the author
interactions_cap = 1.5
boosts = 0.5           # per tenfold of the post's boosts (capped: volume does not win)
boosts_cap = 1.0
favourites = 0.5       # per tenfold of its favourites
favourites_cap = 1.0
replies = 0.0          # per tenfold of its replies
replies_cap = 1.0
media = 0.2            # it has pictures, video or sound
is_reply = -0.3        # it answers someone else

[languages]            # language code = weight
# en = 0.5

[hashtags]             # hashtag (no #) = weight
# birdwatching = 3.0

[keywords]             # matches words that start with it, ignoring case
# giveaway = -5.0

[accounts]             # "user@server" = weight
"""
