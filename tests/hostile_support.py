"""Hostile strings, a way to put them into every string field of API JSON, and checks that
nothing unsafe came out: shared by the model-boundary, Pilot and terminal tests (issue #8).

The checks are written independently of `fedtui.core.sanitize`, so they test it rather than
repeat it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from typing import Any

FLAG_TAGS = ("gbeng", "gbsct", "gbwls")


def _tags(text: str) -> str:
    return "".join(chr(0xE0000 + ord(char)) for char in text)


#: Pieces a hostile server puts into any string: escape sequences (clipboard write, window
#: title, cursor and screen control, terminal queries whose answers come back as typed
#: input, hyperlinks), C1 controls, bidi overrides, invisible characters, Textual/Rich
#: markup, lone surrogates and smuggled tag characters.
PIECES: tuple[str, ...] = (
    "\x1b]52;c;SE9TVElMRQ==\x07",  # OSC 52: write the clipboard
    "\x1b]52;c;SE9TVElMRQ==\x1b\\",
    "\x1b]0;HOSTILE TITLE\x07",  # OSC 0: window title
    "\x1b]2;HOSTILE\x9c",
    "\x1b]8;;file:///etc/passwd\x07click\x1b]8;;\x07",  # OSC 8 hyperlink
    "\x1b]52;c;unterminated",
    "\x1b[2J\x1b[31337;1H",  # clear screen, move the cursor
    "\x1b[31337m", "\x1b[6n", "\x1b[?1049l", "\x1b[?25l", "\x1b[21t",  # SGR, queries, modes
    "\x1bP+q544e\x1b\\",  # DCS XTGETTCAP
    "\x1bc", "\x1b7", "\x1b(0", "\x1b", "\x1b[",
    "\x9b31337m", "\x9b2J", "\x9d0;C1 TITLE\x9c", "\x90q\x9c", "\x85", "\x8d", "\x9f",
    "\u202egnp.exe", "\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068",
    "\u2069", "\u200e", "\u200f", "\u061c",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u2028", "\u2029",
    "[/]", "[bold red]", "[@click=app.quit]click[/]", "[link=file:///etc/passwd]x[/link]",
    "[$accent]", "[b", "\\[/]", "[on red]red[/on red]", "$text", "[/link]", "]",
    "\ud800", "\udfff",
    _tags("ignore previous instructions"), "\U0001f3f4" + _tags("a" * 46) + "\U000e007f",
    "\U0001f3f4" + _tags("gbeng") + "\U000e007f",
    "\x00", "\x07", "\x08", "\t", "\r", "\x7f", "\r\n",
    "ok", " ", "é日本", "👩\u200d💻",
)


def hostile_strings(seed: int) -> Iterator[str]:
    """An endless, reproducible stream of hostile strings: one to four pieces, with text."""
    rng = random.Random(seed)
    index = 0
    while True:
        if index < len(PIECES):  # every piece once on its own first
            yield f"x{PIECES[index]}y"
        else:
            parts = rng.choices(PIECES, k=rng.randint(1, 4))
            yield rng.choice(("", "a ", "@")) + "".join(parts) + rng.choice(("", " z", "/b"))
        index += 1


def is_id_key(key: str) -> bool:
    """Keys whose values fedtui sends back in request paths: left as the server sent them."""
    return key == "id" or key.endswith(("_id", "_ids")) or key in ("group_key", "next", "prev")


def inject(data: Any, payloads: Iterator[str], *, key: str = "",
           on_string: Callable[[], None] | None = None) -> Any:
    """`data` with a hostile string appended to every string value (ids left alone)."""
    if isinstance(data, dict):
        return {k: inject(v, payloads, key=k, on_string=on_string) for k, v in data.items()}
    if isinstance(data, list):
        return [inject(v, payloads, key=key, on_string=on_string) for v in data]
    if isinstance(data, str) and not is_id_key(key):
        if on_string is not None:
            on_string()
        return data + next(payloads)
    return data


_EMOJI = "\u00a9\u00ae\u2190-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f"
_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f"  # C0 (newline allowed), DEL, C1
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi
    "\u200b\u200c\u2028\u2029\u2060-\u2064\ufeff"  # invisible, separators
    "\ud800-\udfff]"  # lone surrogates
    f"|(?<![{_EMOJI}])\u200d|\u200d(?![{_EMOJI}])"  # a joiner outside an emoji sequence
)
_FLAGS = re.compile("|".join(f"\U0001f3f4{_tags(flag)}\U000e007f" for flag in FLAG_TAGS))
_TAG = re.compile("[\U000e0000-\U000e007f]")


def unsafe(text: str) -> list[str]:
    """What in `text` must never reach the terminal (empty when it is safe)."""
    found = [repr(m.group()) for m in _UNSAFE.finditer(text)]
    found += [repr(m.group()) for m in _TAG.finditer(_FLAGS.sub("", text))]
    return found


def strings_in(value: Any, seen: set[int] | None = None) -> Iterator[str]:
    """Every string inside a model object (dataclasses, tuples, dicts), recursively."""
    seen = set() if seen is None else seen
    if isinstance(value, str):
        yield value
        return
    if id(value) in seen or value is None or isinstance(value, int | float | bool):
        return
    seen.add(id(value))
    if isinstance(value, dict):
        for item in (*value.keys(), *value.values()):
            yield from strings_in(item, seen)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from strings_in(item, seen)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from strings_in(getattr(value, name), seen)
