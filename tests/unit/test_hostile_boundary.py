"""The model boundary against hostile servers (issue #8): every recorded Mastodon response,
with a hostile string put into each of its string fields, becomes model objects, rendered
text and error messages with nothing unsafe for a terminal in any of them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fedtui.core.fields import (
    line_field,
    lines_field,
    opt_line_field,
    opt_str_field,
    str_field,
)
from fedtui.core.model import (
    Account,
    Context,
    Notification,
    NotificationGroup,
    Relationship,
    Status,
)
from fedtui.core.render import (
    display_name,
    media_lines,
    poll_lines,
    render_html,
    status_links,
)
from fedtui.errors import (
    ApiError,
    AuthError,
    ConfigError,
    FedtuiError,
    ModelUnavailable,
    NetworkError,
    ProxyError,
    RateLimited,
    SecretStoreError,
    StoreError,
)
from fedtui.mastodon.action_types import (
    Marker,
    ReportRule,
    ScheduledPost,
    SearchResults,
    ServerFilter,
)
from fedtui.mastodon.client import InstanceInfo
from fedtui.mastodon.session import translate_error
from tests.hostile_support import PIECES, hostile_strings, inject, strings_in, unsafe

#: One worker runs them all, so the total of hostile inputs is counted in one place.
pytestmark = pytest.mark.xdist_group("hostile-boundary")

RECORDED = Path(__file__).parents[1] / "fixtures" / "mastodon-4.6.4"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@cache
def bodies(prefix: str) -> tuple[Any, ...]:
    found = tuple(json.loads(p.read_text("utf-8"))["response"]["body"]
                  for p in sorted(RECORDED.glob(f"{prefix}_[0-9]*.json")))
    assert found, prefix
    if prefix == "api_v1_statuses_ID_context__GET":  # the recorded threads are empty
        found += ({"ancestors": bodies("api_v1_timelines_home__GET")[0],
                   "descendants": bodies("api_v1_timelines_public__GET")[0]},)
    elif prefix == "api_v1_instance_rules__GET":  # so are the recorded rules
        found += ([{"id": "1", "text": "Be kind", "hint": "No insults"}],)
    return found


def items(body: Any) -> list[Any]:
    return body if isinstance(body, list) else [body]


def statuses(body: Any) -> Iterator[object]:
    for data in items(body):
        status = Status.from_api(data)
        shown = status.shown
        yield status
        yield render_html(shown.content, shown.emojis).plain
        yield display_name(shown.account), media_lines(status), status_links(status)
        if shown.poll is not None:
            yield poll_lines(shown.poll, NOW)


def accounts(body: Any) -> Iterator[object]:
    for data in items(body):
        account = Account.from_api(data)
        yield account, display_name(account), render_html(account.note).plain
        yield [render_html(field.value).plain for field in account.fields]


def notifications(body: Any) -> Iterator[object]:
    for data in items(body):
        yield Notification.from_api(data)


#: Which model reads which recorded responses.
BUILDERS: dict[str, Callable[[Any], Iterator[object]]] = {
    "api_v1_timelines_home__GET": statuses,
    "api_v1_timelines_public__GET": statuses,
    "api_v1_timelines_tag_TAG__GET": statuses,
    "api_v1_timelines_list_ID__GET": statuses,
    "api_v1_accounts_ID_statuses__GET": statuses,
    "api_v1_bookmarks__GET": statuses,
    "api_v1_statuses_ID__GET": statuses,
    "api_v1_statuses__POST": statuses,
    "api_v1_accounts_verify_credentials__GET": accounts,
    "api_v1_accounts_ID__GET": accounts,
    "api_v1_accounts_lookup__GET": accounts,
    "api_v1_notifications__GET": notifications,
    "api_v2_notifications__GET": lambda body: iter(NotificationGroup.page_from_api(body)),
    "api_v1_statuses_ID_context__GET": lambda body: iter([Context.from_api(body)]),
    "api_v1_accounts_relationships__GET": lambda body: map(Relationship.from_api, items(body)),
    "api_v2_search__GET": lambda body: iter([SearchResults.from_api(body)]),
    "api_v2_filters_ID__GET": lambda body: map(ServerFilter.from_api, items(body)),
    "api_v1_scheduled_statuses__GET": lambda body: map(ScheduledPost.from_api, items(body)),
    "api_v2_instance__GET": lambda body: iter([InstanceInfo.from_api(body)]),
    "api_v1_instance__GET": lambda body: iter([InstanceInfo.from_api(body)]),
    "api_v1_instance_rules__GET": lambda body: map(ReportRule.from_api, items(body)),
    "api_v1_markers__GET": lambda body: (Marker.from_api(k, v) for k, v in body.items()),
}


@pytest.fixture(scope="module")
def tried() -> Iterator[dict[str, int]]:
    """Hostile strings tried per kind of response; the total is checked and printed."""
    counts: dict[str, int] = {}
    yield counts
    total = sum(counts.values())
    print(f"\nhostile inputs at the model boundary: {total} "
          f"({', '.join(f'{k}: {v}' for k, v in sorted(counts.items()))})")
    if len(counts) == len(BUILDERS):  # every kind ran (not a -k selection)
        assert total >= 10_000


@pytest.mark.parametrize("prefix", sorted(BUILDERS))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32))
def test_hostile_responses_become_safe_models(prefix: str, seed: int,
                                              tried: dict[str, int]) -> None:
    payloads = hostile_strings(seed)
    for body in bodies(prefix):
        count = 0

        def counted() -> None:
            nonlocal count
            count += 1

        hostile = inject(body, payloads, on_string=counted)
        for built in BUILDERS[prefix](hostile):
            for text in strings_in(built):
                assert not unsafe(text), (prefix, text)
        tried[prefix] = tried.get(prefix, 0) + count


@pytest.mark.parametrize("piece", PIECES)
def test_hostile_error_bodies_become_safe_messages(piece: str) -> None:
    from mastodon import errors as m

    for status in (401, 403, 404, 422, 500, None):
        exc = m.MastodonAPIError("Mastodon API returned error", status, "Reason",
                                 f"bad {piece} thing")
        if status is None:
            exc = m.MastodonAPIError(f"odd {piece} reply")
        err = translate_error(exc, "https://host.example")
        assert err is not None
        assert not unsafe(str(err)) and not unsafe(" ".join(map(str, err.args)))


def test_field_readers_sanitise_every_string() -> None:
    data = {"text": "a\x1b[2J\nb\u202e", "name": " Al\x9bice \n Smith ", "none": None,
            "tags": ["x\x1b]0;t\x07", "", "\u200b", 3], "id": 12}
    assert str_field(data, "text") == "a\nb"
    assert opt_str_field(data, "none") is None and opt_str_field({"x": "\x1b"}, "x") is None
    assert line_field(data, "name") == "Alce Smith"  # "\x9bi" is a whole C1 CSI
    assert opt_line_field(data, "missing") is None
    assert lines_field(data, "tags") == ("x", "3")
    assert str_field(data, "id") == "12"


@pytest.mark.parametrize("piece", PIECES)
def test_every_error_message_is_sanitised(piece: str) -> None:
    made = [FedtuiError(f"a {piece} b"), ApiError(f"a {piece} b", status=422),
            RateLimited(f"a {piece} b", retry_after=3.0), AuthError(f"{piece}"),
            NetworkError(piece), ProxyError(piece), ConfigError(piece), StoreError(piece),
            SecretStoreError(piece), ModelUnavailable(piece)]
    for err in made:
        assert not unsafe(str(err)), (type(err), str(err))
        assert all(not unsafe(arg) for arg in err.args if isinstance(arg, str))
    assert "[/]" in str(FedtuiError("x [/] y"))  # markup stays text; the UI never parses it
