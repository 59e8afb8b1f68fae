"""Pure parts of the Mastodon adapter: error mapping, rate-limit waits, ids, instance info."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from mastodon import errors as m

from fedtui.errors import ApiError, AuthError, NetworkError, RateLimited
from fedtui.mastodon.client import InstanceInfo
from fedtui.mastodon.reconnect import YOUNG_DEATHS, Reconnects
from fedtui.mastodon.session import ResponseInfo, host_of, retry_after_seconds, translate_error
from fedtui.mastodon.streaming import id_newer

BASE = "https://social.example"
NOW = 1_800_000_000.0


def _info(**headers: str) -> ResponseInfo:
    return ResponseInfo(429, {k.lower().replace("_", "-"): v for k, v in headers.items()}, NOW)


def test_retry_after_seconds_and_http_date() -> None:
    assert retry_after_seconds(_info(Retry_After="42"), now=NOW) == 42
    later = format_datetime(datetime.fromtimestamp(NOW + 30, UTC), usegmt=True)
    assert retry_after_seconds(_info(Retry_After=later), now=NOW) == pytest.approx(30)


def test_retry_after_from_ratelimit_reset() -> None:
    reset = datetime.fromtimestamp(NOW + 75, UTC).isoformat()
    assert retry_after_seconds(_info(X_RateLimit_Reset=reset), now=NOW) == pytest.approx(75)
    assert retry_after_seconds(_info(X_RateLimit_Reset=str(int(NOW + 10))), now=NOW) == 10
    past = (datetime.fromtimestamp(NOW, UTC) - timedelta(hours=1)).isoformat()
    assert retry_after_seconds(_info(X_RateLimit_Reset=past), now=NOW) == 0
    assert retry_after_seconds(_info(), now=NOW) == 60
    assert retry_after_seconds(None) == 60
    assert retry_after_seconds(_info(Retry_After="soon"), now=NOW) == 60


@pytest.mark.parametrize(
    ("exc", "kind", "status", "words"),
    [
        (m.MastodonUnauthorizedError("Mastodon API returned error", 401, "Unauthorized",
                                     "The access token is invalid"), AuthError, 401,
         "The access token is invalid"),
        (m.MastodonAPIError("Mastodon API returned error", 403, "Forbidden", None), AuthError,
         403, "HTTP 403"),
        (m.MastodonAPIError("Mastodon API returned error", 422, "Unprocessable",
                            "Validation failed: Text can't be blank"), ApiError, 422,
         "Text can't be blank"),
        (m.MastodonInternalServerError("Mastodon API returned error", 500, "ISE", None),
         ApiError, 500, "Try again in a moment"),
        (m.MastodonAPIError("Could not parse response as JSON, response code was 200, bad json "
                            "content was b'{'.", "Exception was: x"), ApiError, None,
         "malformed data"),
        (m.MastodonNetworkError("Could not complete request: boom"), NetworkError, None,
         "Could not reach social.example"),
        (m.MastodonRatelimitError("Hit rate limit."), RateLimited, 429, "HTTP 429"),
    ],
)
def test_translate_error(exc: Exception, kind: type[Exception], status: int | None,
                         words: str) -> None:
    mapped = translate_error(exc, BASE)
    assert type(mapped) is kind
    assert getattr(mapped, "status", None) == status
    assert words in str(mapped)
    assert str(mapped).endswith(".")


def test_unrelated_exceptions_are_not_translated() -> None:
    assert translate_error(KeyError("x"), BASE) is None


def test_host_of() -> None:
    assert host_of("https://social.example/") == "social.example"
    assert host_of("social.example") == "social.example"
    assert host_of("http://127.0.0.1:3000") == "127.0.0.1:3000"


def test_id_order() -> None:
    assert id_newer("110", "99")
    assert not id_newer("99", "110")
    assert id_newer("AbC2", "AbC1")  # Pleroma-style flake ids sort as text
    assert not id_newer("5", "5")


def test_instance_info_tolerates_sparse_and_odd_data() -> None:
    info = InstanceInfo.from_api({"uri": "old.example", "title": "Old", "version": "2.9.0",
                                  "max_toot_chars": "1000", "languages": "en"})
    assert (info.domain, info.max_characters, info.languages) == ("old.example", 1000, ())
    assert info.streaming_url is None
    empty = InstanceInfo.from_api({})
    assert (empty.domain, empty.max_characters, empty.max_poll_options) == ("", 500, 4)


def test_mastodon_py_loads_without_its_push_crypto() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom fedtui.mastodon.session import build_api\n"
            "build_api('http://127.0.0.1:9', 'token')\n"
            "print('cryptography' in sys.modules)\n"
            "import cryptography\nprint('importable')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "importable"]


def test_the_demo_seeds_with_mastodon_py_loaded_as_the_app_loads_it() -> None:
    """`fedtui demo` seeds in the process that then runs the app: no push crypto there."""
    import subprocess
    import sys

    code = ("import sys\nfrom fedtui.demo.world import make_client\n"
            "make_client('http://127.0.0.1:9', 'token')\n"
            "print('cryptography' in sys.modules, 'charset_normalizer' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


def test_requests_loads_without_a_charset_detector_and_still_reads_utf8() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom fedtui.mastodon.session import build_api\n"
            "build_api('http://127.0.0.1:9', 'token')\n"
            "print('charset_normalizer' in sys.modules)\n"
            "import requests\nanswer = requests.models.Response()\n"
            "answer._content = 'Grüße 日本'.encode()\nprint(answer.text == 'Grüße 日本')\n"
            "import charset_normalizer\nprint('importable')\n")
    run = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True,
                         text=True, check=True)
    assert run.stdout.split() == ["False", "True", "importable"]
    assert run.stderr == ""  # requests' warning about the missing detector is not printed


def test_the_backoff_restarts_only_after_a_steady_connection() -> None:
    """Young connections (no event, shorter than `steady_after`) let the delays grow, and
    every `YOUNG_DEATHS`th says to poll; an event or a long enough life restarts them."""
    now = [0.0]
    reconnects = Reconnects((1.0, 60.0), 30.0, rng=lambda: 1.0, clock=lambda: now[0])

    def connection(lasted: float, *, event: bool = False) -> bool:
        reconnects.went_live()
        if event:
            reconnects.heard_event()
        now[0] += lasted
        return reconnects.ended()

    young = [connection(1.0) for _ in range(YOUNG_DEATHS)]
    assert young == [False] * (YOUNG_DEATHS - 1) + [True]
    assert [reconnects.next_delay() for _ in range(3)] == [1, 2, 4]
    assert not connection(30.0)  # stayed up: a fresh start
    assert reconnects.next_delay() == 1
    assert not connection(1.0, event=True)
    assert reconnects.next_delay() == 1
