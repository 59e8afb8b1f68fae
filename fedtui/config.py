"""The user's config file (TOML) read into frozen dataclasses.

The schema is the `SETTINGS` table: one row per setting with its parser, the expected
value in words, and the comment and sample used by `default_config_text()`. Unknown keys
and invalid values raise `ConfigError` naming the file, the dotted key and what was
expected. A missing config file means defaults.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import textwrap
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from fedtui import paths
from fedtui.errors import ConfigError

BUILTIN_THEMES = ("fedtui-dark", "fedtui-light", "fedtui-high-contrast")
PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")
_LANG_RE = re.compile(r"[a-z]{2}")
_BINDING_RE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
_KEY_RE = re.compile(r"[A-Za-z0-9_+\-]+|[^\s,]")


@dataclass(frozen=True, slots=True)
class TimelineConfig:
    page_size: int = 20  # Mastodon's own default: a quicker first answer
    streaming: bool = True
    poll_interval: int = 60
    relative_times: bool = True
    max_posts: int = 1000  # per pane, in memory; older ones are read back from disk past it


@dataclass(frozen=True, slots=True)
class TranslationConfig:
    auto_translate: bool = False
    target_language: str = "en"
    model_threads: int = 0  # 0: every core
    unload_after: int = 300  # seconds without a translation before the model is freed; 0: never


@dataclass(frozen=True, slots=True)
class NetworkConfig:
    timeout: float = 30.0


@dataclass(frozen=True, slots=True)
class Config:
    theme: str = "fedtui-dark"
    proxy: str | None = None
    languages: tuple[str, ...] = ("en",)
    #: binding id -> comma-separated keys ("j,down"), as Textual's keymap takes them.
    #: Ids are checked later by the UI against its bindings.
    keymap: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    timeline: TimelineConfig = field(default_factory=TimelineConfig)
    translation: TranslationConfig = field(default_factory=TranslationConfig)
    network: NetworkConfig = field(default_factory=NetworkConfig)
    #: The file the settings came from; None when no file was read.
    source: Path | None = field(default=None, compare=False)


class _Invalid(ValueError):
    """Raised by a parser; the setting's `expected` text makes the message."""


# --- parsers ---------------------------------------------------------------------------


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _Invalid


def _integer(low: int, high: int | None = None) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid
        if value < low or (high is not None and value > high):
            raise _Invalid
        return value

    return parse


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 600:
        raise _Invalid
    return float(value)


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid
    return value.strip()


def _proxy(value: Any) -> str | None:
    if not isinstance(value, str):
        raise _Invalid
    text: str = value.strip()
    if not text:
        return None
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise _Invalid from None
    if parts.scheme.lower() not in PROXY_SCHEMES or not parts.hostname:
        raise _Invalid
    return text


def _language(value: Any) -> str:
    if not isinstance(value, str) or not _LANG_RE.fullmatch(value.strip().lower()):
        raise _Invalid
    return value.strip().lower()


def _languages(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise _Invalid
    codes = [_language(item) for item in items]
    return tuple(dict.fromkeys(codes))


def _keys(value: Any) -> str:
    """`"j, down"` or `["j", "down"]` -> "j,down"."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(k, str) for k in items):
        raise _Invalid
    keys = [k.strip() for k in items]
    if not keys or not all(_KEY_RE.fullmatch(k) for k in keys):
        raise _Invalid
    return ",".join(dict.fromkeys(keys))


# --- the schema ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Setting:
    key: str  # dotted: "theme", "timeline.page_size"
    parse: Callable[[Any], Any]
    expected: str
    doc: str
    sample: str  # a TOML value for the sample config


_BOOL = "true or false"
SETTINGS: tuple[Setting, ...] = (
    Setting("theme", _name, "a theme name such as 'fedtui-dark'",
            "Colour theme: fedtui-dark, fedtui-light, fedtui-high-contrast or an installed "
            "theme.", '"fedtui-dark"'),
    Setting("proxy", _proxy,
            "a proxy URL starting with http://, https://, socks5:// or socks5h://",
            "Send all traffic through this proxy (socks5h:// resolves names through it, "
            "as Tor needs). fedtui never falls back to a direct connection.",
            '"socks5h://127.0.0.1:9050"'),
    Setting("languages", _languages,
            "a list of two-letter ISO 639-1 language codes such as [\"de\", \"en\"]",
            "Languages you read (ISO 639-1); posts in others are offered for translation. "
            "Default: your locale's language.", '["en"]'),
    Setting("timeline.page_size", _integer(1, 80), "an integer from 1 to 80",
            "Posts fetched per request.", "20"),
    Setting("timeline.streaming", _boolean, _BOOL,
            "Receive new posts live; when false, poll instead.", "true"),
    Setting("timeline.poll_interval", _integer(10), "a whole number of seconds, 10 or more",
            "Seconds between checks for new posts when not streaming.", "60"),
    Setting("timeline.relative_times", _boolean, _BOOL,
            "Show times as '5m ago' rather than a date and time.", "true"),
    # at most 2,500: the per-post caches (core/bounded.py) hold four panes at that cap
    Setting("timeline.max_posts", _integer(20, 2500), "a whole number from 20 to 2500",
            "Posts each pane keeps in memory; scrolling past them reads the older ones back "
            "from the local cache, then from the server.", "1000"),
    Setting("translation.auto_translate", _boolean, _BOOL,
            "Translate posts in other languages without being asked (on this machine).",
            "false"),
    Setting("translation.target_language", _language,
            "a two-letter ISO 639-1 language code such as \"en\"",
            "Language to translate into. Default: the first of `languages`.", '"en"'),
    Setting("translation.model_threads", _integer(0, 256), "a whole number from 0 to 256",
            "CPU threads the on-device model uses; 0 means every core (its threads yield to "
            "the interface).", "0"),
    Setting("translation.unload_after", _integer(0), "a whole number of seconds, 0 or more",
            "Seconds without translating after which the on-device model is unloaded to free "
            "its memory (it loads again when needed); 0 keeps it loaded.", "300"),
    Setting("network.timeout", _seconds, "a number of seconds above 0 and at most 600",
            "Seconds to wait for the instance or the proxy before giving up.", "30"),
)
_BY_KEY = {s.key: s for s in SETTINGS}
_SECTIONS = tuple(dict.fromkeys(s.key.split(".")[0] for s in SETTINGS if "." in s.key))
_KEYMAP_EXPECTED = "a key or a comma-separated list of keys such as \"j,down\""
_BINDING_EXPECTED = "a binding id such as \"timeline.down\""


# --- errors ----------------------------------------------------------------------------


def _show(value: Any) -> str:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dict):
        text = "a table"
    elif isinstance(value, list):
        text = json.dumps(value, default=str, ensure_ascii=False)
    elif isinstance(value, str):
        text = repr(value)
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _invalid(path: Path, key: str, expected: str, value: Any) -> ConfigError:
    return ConfigError(f"Config file {path}: {key}: expected {expected}, got {_show(value)}.")


def _unknown(path: Path, key: str, known: list[str]) -> ConfigError:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return ConfigError(
        f"Config file {path}: unknown setting {key}{hint}; "
        f"expected one of: {', '.join(known)}."
    )


# --- loading ---------------------------------------------------------------------------


def locale_languages(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Languages from LANGUAGE, LC_ALL, LC_MESSAGES or LANG (first set wins); else ("en",)."""
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        codes: list[str] = []
        for part in env.get(var, "").split(":"):
            code = re.split(r"[_.@-]", part.strip(), maxsplit=1)[0].lower()
            if _LANG_RE.fullmatch(code) and code not in codes:
                codes.append(code)
        if codes:
            return tuple(codes)
    return ("en",)


def default_config(environ: Mapping[str, str] | None = None) -> Config:
    """The settings used when there is no config file."""
    return _build({}, {}, None, environ)


def load_config(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Read the config file (`path`, else `$FEDTUI_CONFIG`, else the default location).

    Only a missing file at the default location means defaults; a file named explicitly
    must exist.
    """
    env = os.environ if environ is None else environ
    from_env = path is None and bool(env.get(paths.CONFIG_ENV, "").strip())
    explicit = path is not None or from_env
    path = path if path is not None else paths.config_file(env)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if not explicit:
            return default_config(env)
        where = f"{paths.CONFIG_ENV} points to {path}" if from_env else f"{path}"
        raise ConfigError(f"Config file not found: {where} does not exist.") from None
    except OSError as exc:
        raise ConfigError(f"Config file {path} could not be read: {exc.strerror}.") from None
    try:
        doc = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"Config file {path} is not UTF-8 text; save it as UTF-8.") from None
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(path, exc) from None
    values, keymap = _parse_document(doc, path)
    return _build(values, keymap, path, env)


def _syntax_error(path: Path, exc: tomllib.TOMLDecodeError) -> ConfigError:
    text = str(exc)
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", text)
    if match:
        reason = text[: match.start()]
        where = f"line {match.group(1)}, column {match.group(2)}"
    else:
        reason = re.sub(r"\s*\(at end of document\)$", "", text)
        where = "at the end of the file"
    return ConfigError(f"Config file {path}, {where}: invalid TOML: {reason}.")


def _parse_document(doc: Mapping[str, Any], path: Path) -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    keymap: dict[str, str] = {}
    top_level = sorted([k for k in _BY_KEY if "." not in k] + [*_SECTIONS, "keymap"])
    for key, value in doc.items():
        if key == "keymap" or key in _SECTIONS:
            if not isinstance(value, dict):
                raise _invalid(path, key, f"a table ([{key}])", value)
            if key == "keymap":
                keymap = _parse_keymap(value, path)
                continue
            known = [k for k in _BY_KEY if k.startswith(key + ".")]
            for sub, subvalue in value.items():
                _set(values, f"{key}.{sub}", subvalue, path, known)
        else:
            _set(values, key, value, path, top_level)
    return values, keymap


def _set(values: dict[str, Any], key: str, value: Any, path: Path, known: list[str]) -> None:
    setting = _BY_KEY.get(key)
    if setting is None:
        raise _unknown(path, key, known)
    try:
        values[key] = setting.parse(value)
    except _Invalid:
        raise _invalid(path, key, setting.expected, value) from None


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """`timeline.down = "j"` unquoted is a nested table in TOML; read it as one id."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            flat.update(_flatten(value, name))
        else:
            flat[name] = value
    return flat


def _parse_keymap(table: Mapping[str, Any], path: Path) -> dict[str, str]:
    keymap: dict[str, str] = {}
    for binding, value in _flatten(table).items():
        dotted = f'keymap."{binding}"'
        if not _BINDING_RE.fullmatch(binding):
            raise ConfigError(
                f"Config file {path}: {dotted}: expected {_BINDING_EXPECTED} "
                "(scope first, lower case, dotted)."
            )
        try:
            keymap[binding] = _keys(value)
        except _Invalid:
            raise _invalid(path, dotted, _KEYMAP_EXPECTED, value) from None
    return keymap


def _section(values: Mapping[str, Any], name: str) -> dict[str, Any]:
    prefix = name + "."
    return {k.removeprefix(prefix): v for k, v in values.items() if k.startswith(prefix)}


def _build(
    values: Mapping[str, Any],
    keymap: Mapping[str, str],
    path: Path | None,
    environ: Mapping[str, str] | None,
) -> Config:
    languages: tuple[str, ...] = values.get("languages") or locale_languages(environ)
    translation = {"target_language": languages[0], **_section(values, "translation")}
    return Config(
        theme=values.get("theme", "fedtui-dark"),
        proxy=values.get("proxy"),
        languages=languages,
        keymap=MappingProxyType(dict(keymap)),
        timeline=TimelineConfig(**_section(values, "timeline")),
        translation=TranslationConfig(**translation),
        network=NetworkConfig(**_section(values, "network")),
        source=path,
    )


# --- the sample file -------------------------------------------------------------------


def default_config_text() -> str:
    """A commented sample config: every setting with its default, commented out."""
    lines = [
        "# fedtui configuration (TOML). Every setting is optional: remove the leading '# '",
        "# of a line to change it. $FEDTUI_CONFIG can name another file.",
    ]
    section = ""
    for setting in SETTINGS:
        head, _, name = setting.key.rpartition(".")
        if head != section:
            section = head
            lines += ["", f"[{section}]"]
        doc = textwrap.wrap(setting.doc, 86)
        lines += ["", *(f"# {line}" for line in doc), f"# {name} = {setting.sample}"]
    lines += [
        "",
        "[keymap]",
        "",
        "# Binding id = key, or comma-separated keys (Textual key names). For example:",
        '# "timeline.down" = "j,down"',
        '# "timeline.up" = "k,up"',
    ]
    return "\n".join(lines) + "\n"
