"""Error reports in the state dir: what failed and where, never a secret or a post.

A report holds the exception types, the message of fedtui's own errors and the frames
(file, line, function, source line) of the traceback; never local variables. Other
exceptions' messages may quote server data (a post's JSON), so they are left out unless
`FEDTUI_LOG_TEXT=1`. Everything written goes through `redact`: known token values,
`Authorization`/`Bearer` values, `access_token=`/`code=`/`client_secret=` parameters and
passwords in URLs become "[redacted]".
"""

from __future__ import annotations

import os
import platform
import re
import sys
import traceback
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from fedtui import __version__, paths
from fedtui.errors import FedtuiError

#: Set to 1 to include every exception's message (it may quote post text) in reports.
TEXT_ENV = "FEDTUI_LOG_TEXT"
REDACTED = "[redacted]"

_PATTERNS = (
    # "Authorization: Bearer abc", "'Authorization': 'Bearer abc'", "Bearer abc"
    re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(?:bearer\s+)?[^\s'\",}]+"),
    re.compile(r"(?i)(bearer\s+)[^\s'\",}]+"),
    # access_token=abc, "client_secret": "abc", code=abc, password=abc (query, form, JSON)
    re.compile(r"(?i)((?:access_token|refresh_token|client_secret|password|passphrase|code|"
               r"token)['\"]?\s*[:=]\s*['\"]?)[^\s&'\",}]+"),
    # scheme://user:password@host
    re.compile(r"(?i)([a-z][a-z0-9+.-]*://)[^/\s@'\"]+@"),
)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with every known secret value and every credential pattern replaced."""
    for value in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(value, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: f"{m.group(1)}{REDACTED}", text)
    return text


def env_secrets(environ: Mapping[str, str] | None = None) -> list[str]:
    """Secrets the environment holds (FEDTUI_TOKEN), to redact by value."""
    env = os.environ if environ is None else environ
    return [v for v in (env.get("FEDTUI_TOKEN", "").strip(),) if v]


def _message(exc: BaseException, with_text: bool) -> str:
    if isinstance(exc, FedtuiError) or with_text:
        return str(exc)
    return "(message left out: it may quote server data; set FEDTUI_LOG_TEXT=1 to keep it)"


def format_report(exc: BaseException, *, where: str, with_text: bool = False) -> str:
    """The report's text, before redaction: no locals, messages only when safe."""
    lines = [
        f"fedtui {__version__} error report, {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"Python {platform.python_version()} on {platform.platform(terse=True)}",
        f"Where: {where}",
        "",
    ]
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for depth, item in enumerate(reversed(chain)):
        if depth:
            lines.append("During it, another error happened:")
        lines.append("Traceback (most recent call last):")
        for frame in traceback.extract_tb(item.__traceback__):
            lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
        name = f"{type(item).__module__}.{type(item).__qualname__}"
        lines.append(f"{name}: {_message(item, with_text)}")
        lines.append("")
    return "\n".join(lines)


def write_report(exc: BaseException, *, where: str, secrets: Iterable[str] = (),
                 environ: Mapping[str, str] | None = None) -> Path | None:
    """Write a redacted report to a new file in the state dir; its path, or None if that
    failed (the caller still says what happened)."""
    env = os.environ if environ is None else environ
    with_text = env.get(TEXT_ENV, "").strip() == "1"
    known = [*secrets, *env_secrets(env)]
    text = redact(format_report(exc, where=where, with_text=with_text), known)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    try:
        folder = paths.ensure_dir(paths.log_dir())
        path = folder / f"error-{stamp}-{os.getpid()}.log"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8", errors="replace") as handle:
            handle.write(text + "\n")
    except OSError:
        return None
    return path


def crash_notice(exc: BaseException, path: Path | None) -> str:
    """The short sentence printed when fedtui stops on an unexpected error."""
    where = f"A report (without tokens or posts) is in {path}." if path else (
        "No report could be written to the state folder.")
    return f"fedtui stopped on an unexpected error ({type(exc).__name__}). {where}"


def print_crash(exc: BaseException, path: Path | None) -> None:
    print(f"fedtui: {crash_notice(exc, path)}", file=sys.stderr)
