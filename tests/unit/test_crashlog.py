"""Error reports: redaction of every kind of credential, no locals, no post text by default;
and every worker goes through fedtui's one error path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fedtui import crashlog, paths
from fedtui.app.context import AccountRef
from fedtui.core.fields import str_field
from fedtui.mastodon.auth import AppRegistration

SECRET = "s3cr3t-t0ken-value"


@pytest.mark.parametrize("text", [
    f"headers={{'Authorization': 'Bearer {SECRET}'}}",
    f"Authorization: Bearer {SECRET}",
    f"GET /api/v1/streaming?stream=user&access_token={SECRET}",
    f'{{"client_secret": "{SECRET}", "code": "{SECRET}"}}',
    f"grant_type=authorization_code&code={SECRET}&redirect_uri=x",
    f"socks5h://user:{SECRET}@127.0.0.1:9050",
    f"AccountRef(token='{SECRET}')",
])
def test_every_credential_shape_is_redacted_even_when_its_value_is_unknown(text: str) -> None:
    for known in ([SECRET], []):
        out = crashlog.redact(text, known)
        assert SECRET not in out and crashlog.REDACTED in out


def test_a_known_secret_is_redacted_wherever_it_is() -> None:
    assert crashlog.redact(f"the value {SECRET} alone", [SECRET]) == "the value [redacted] alone"


def failure() -> ValueError:
    token = SECRET  # noqa: F841 - a local that a traceback with locals would print
    post = "the post said: meet me at the border"
    try:
        raise KeyError(post)
    except KeyError as inner:
        try:
            raise ValueError(f"Bearer {SECRET}") from inner
        except ValueError as outer:
            return outer


@pytest.mark.error_report
def test_a_report_has_frames_but_no_locals_or_messages(isolated_home: Path) -> None:
    path = crashlog.write_report(failure(), where="a test", secrets=[SECRET], environ={})
    assert path is not None and path.parent == paths.log_dir()
    text = path.read_text("utf-8")
    assert "in failure" in text and "builtins.KeyError" in text and "builtins.ValueError" in text
    assert SECRET not in text and "border" not in text
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.error_report
def test_messages_are_kept_only_when_asked_and_still_redacted(isolated_home: Path) -> None:
    path = crashlog.write_report(failure(), where="a test",
                                 environ={"FEDTUI_LOG_TEXT": "1", "FEDTUI_TOKEN": SECRET})
    assert path is not None
    text = path.read_text("utf-8")
    assert "meet me at the border" in text and SECRET not in text


def test_objects_holding_secrets_do_not_show_them() -> None:
    assert SECRET not in repr(AccountRef("https://example.social", SECRET, "alice"))
    assert SECRET not in repr(AppRegistration("id", SECRET, "urn:ietf:wg:oauth:2.0:oob"))


def test_lone_surrogates_are_left_out() -> None:
    """No file or terminal can encode one (they crashed every start from the cache)."""
    assert str_field({"content": "a\ud800b\udfff"}, "content") == "ab"
    assert str_field({"content": "😀"}, "content") == "😀"


def test_every_worker_uses_the_one_error_path() -> None:
    """`work` or `in_thread` (fedtui.ui.workers), never Textual's decorator or
    `run_worker` directly: those end the App on a failure."""
    root = Path(crashlog.__file__).parent
    direct = [str(p.relative_to(root)) for p in root.rglob("*.py")
              if p.name != "workers.py"
              and re.search(r"from textual import [^\n]*\bwork\b|textual\.work\b|\.run_worker\(",
                            p.read_text())]
    assert direct == []
