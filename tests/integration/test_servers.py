"""fedtui against servers that lack endpoints or ignore fields: the minimal relay in front of
mastodon-mock, in each of its profiles. No call may loop or flood; what a server lacks is
learned once and said calmly."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fedtui.core.capabilities import Feature, FeatureMissing
from fedtui.core.model import Notification, Status
from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.errors import ApiError
from fedtui.mastodon.actions import PostDraft
from fedtui.mastodon.server import TooManyRequests
from tests.integration.actions_support import actions_for, tiny_png
from tests.integration.minimal_server import PROFILES, MinimalServer

#: The most requests each of these actions may send on a server seen for the first time:
#: the instance asked once (v2 and v1, each with and without the trailing slash), then the
#: call itself (an upload: the file, then the processed answer).
FIRST_CALL_CEILING = 6


@pytest.fixture(params=sorted(PROFILES))
def relay(request: pytest.FixtureRequest, mock_server: Any) -> Iterator[MinimalServer]:
    with MinimalServer(mock_server.base_url, request.param) as server:
        yield server


def key() -> str:
    return str(uuid.uuid4())


def counted(relay: MinimalServer, call: Callable[[], Any]) -> tuple[Any, list[str]]:
    mark = relay.mark()
    return call(), relay.since(mark)


def favourited_notification(mock: Any) -> str:
    """A notification for bob (carol favourited his post); its id."""
    bob, carol = mock.client("bob"), mock.client("carol")
    carol.status_favourite(bob.status_post("fav me")["id"])
    return str(bob.notifications(types=["favourite"])[0]["id"])


def test_search_dismiss_and_upload_send_a_bounded_number_of_requests(
        relay: MinimalServer, mock_server: Any, tmp_path: Path) -> None:
    """Before the fix, each of these sent about 1,000 requests, then crashed with a
    RecursionError (Mastodon.py's version detection looping on the 404s)."""
    bob = actions_for(relay, "bob")
    found, sent = counted(relay, lambda: bob.search("alice"))
    assert "alice" in [a.acct for a in found.accounts]
    assert len(sent) <= FIRST_CALL_CEILING, sent
    assert sum("/search" in r for r in sent) == 1
    _, again = counted(relay, lambda: bob.search("alice"))
    assert len(again) == 1, again  # the version is settled: no instance request again

    notification = favourited_notification(mock_server)
    _, sent = counted(relay, lambda: bob.dismiss_notification(notification))
    assert len(sent) == 1, sent
    assert not mock_server.client("bob").notifications(types=["favourite"])

    fresh = actions_for(relay, "carol")  # a new session: nothing learned yet
    media, sent = counted(relay, lambda: fresh.upload_media(tiny_png(tmp_path / "a.png"),
                                                            "A red square."))
    assert media.id and media.description == "A red square."
    assert len(sent) <= FIRST_CALL_CEILING, sent
    assert sum("/media" in r for r in sent) <= 2


def test_compose_limits_without_the_trailing_slash_instance(relay: MinimalServer) -> None:
    alice = actions_for(relay, "alice")
    limits, sent = counted(relay, alice.compose_limits)
    assert limits.max_characters > 0 and limits.default_visibility == "public"
    assert "GET /api/v1/accounts/verify_credentials" in sent
    assert len(sent) <= 5, sent
    assert Feature.INSTANCE not in alice.client.capabilities.missing
    assert alice.client.instance().version == relay.profile.version


def test_a_server_without_instance_information_gets_the_usual_limits(
        mock_server: Any) -> None:
    profile = PROFILES["minimal"]
    bare = type(profile)("bare", "", missing=("GET /api/v[12]/instance",))
    with MinimalServer(mock_server.base_url, bare) as relay:
        alice = actions_for(relay, "alice")
        limits = alice.compose_limits()
        assert limits.max_characters == 500
        capabilities = alice.client.capabilities
        assert Feature.INSTANCE in capabilities.missing
        assert capabilities.unsaid(Feature.INSTANCE) == [
            "This server does not describe its limits; fedtui uses the usual ones "
            "(500 characters, 4 attachments)."]
        assert capabilities.unsaid(Feature.INSTANCE) == []  # said once
        _, sent = counted(relay, lambda: alice.search("bob"))
        assert len(sent) == 1, sent  # the baseline version: no probing


def test_one_call_never_sends_more_than_its_budget(mock_server: Any) -> None:
    with MinimalServer(mock_server.base_url, "minimal") as relay:
        alice = actions_for(relay, "alice")
        alice.client.budget.ceiling = 5
        status = alice.post(PostDraft(text="hello"), key())
        assert isinstance(status, Status)
        with pytest.raises(TooManyRequests, match="stopped after 5 requests"):
            alice.client.call(lambda api: [api.status(status.id) for _ in range(20)])
        assert alice.client.budget.count == 6  # the sixth answer stopped the call
        assert alice.client.status(status.id).id == status.id  # the next call starts afresh


@pytest.mark.parametrize("kind", [PaneKind.LOCAL, PaneKind.FEDERATED, PaneKind.HASHTAG])
def test_public_timelines_never_ask_the_instance_again(relay: MinimalServer, mock_server: Any,
                                                        kind: PaneKind) -> None:
    """Mastodon.py asks /api/v2/instance/ before each public or hashtag timeline and keeps
    only an answer: where that is missing, every page and every poll sent an extra 404."""
    for n in range(3):
        mock_server.client("bob").status_post(f"post {n} #daily")
    client = actions_for(relay, "alice").client
    client.server_info()  # what fedtui asks once per session
    spec = PaneSpec(kind, "daily" if kind is PaneKind.HASHTAG else "")
    mark = relay.mark()
    first = client.page(spec, limit=2)
    client.page(spec, first.older, limit=2)
    for _ in range(3):  # polls for newer posts, as a live feed asks them
        client.page(spec, client.newer_than(spec, first.items[0].id), limit=2)
    sent = relay.since(mark)
    assert len(sent) == 5 and not [r for r in sent if "/instance" in r], sent


def test_read_markers_missing_are_learned_once(minimal_server: MinimalServer) -> None:
    bob = actions_for(minimal_server, "bob")
    markers, sent = counted(minimal_server, bob.markers)
    assert markers == {} and sent == ["GET /api/v1/markers"]
    saved, sent = counted(minimal_server, lambda: bob.save_marker("home", "1"))
    assert saved is None and sent == []
    assert bob.client.capabilities.unsaid() == [
        "This server does not keep reading positions; each start begins at the newest post."]


def test_grouped_notifications_missing_fall_back_to_plain_ones(
        minimal_server: MinimalServer, mock_server: Any) -> None:
    favourited_notification(mock_server)
    client = actions_for(minimal_server, "bob").client
    page = client.notifications_page()
    assert "favourite" in [n.type for n in page.items]
    assert all(type(n) is Notification for n in page.items)
    _, sent = counted(minimal_server, client.notifications_page)
    assert sent == ["GET /api/v1/notifications"]
    assert client.capabilities.unsaid() == []  # nothing worth saying: plain ones work


def test_filters_that_cannot_be_created_are_said_once(minimal_server: MinimalServer) -> None:
    bob = actions_for(minimal_server, "bob")
    assert bob.filters() == []
    with pytest.raises(FeatureMissing, match="does not let apps create or change filters"):
        bob.create_filter("Spoilers", ["home"], ["finale"])
    mark = minimal_server.mark()
    with pytest.raises(FeatureMissing):
        bob.create_filter("x", ["home"], ["y"])
    assert minimal_server.since(mark) == []  # known: not asked again


def test_a_scheduled_post_is_never_published_where_scheduling_is_missing(
        minimal_server: MinimalServer, mock_server: Any) -> None:
    alice = actions_for(minimal_server, "alice")
    later = datetime.now(UTC) + timedelta(hours=2)
    with pytest.raises(FeatureMissing, match="does not schedule posts"):
        alice.post(PostDraft(text="for later", scheduled_at=later), key())
    assert not [s for s in own(mock_server, "alice") if "for later" in s["content"]]


def test_a_scheduled_post_the_server_ignored_is_learned(mock_server: Any) -> None:
    with MinimalServer(mock_server.base_url, "gotosocial-like") as relay:
        alice = actions_for(relay, "alice")
        later = datetime.now(UTC) + timedelta(hours=2)
        first = alice.post(PostDraft(text="meant for later", scheduled_at=later), key())
        assert isinstance(first, Status)  # the server published it at once
        assert alice.client.capabilities.unsaid(Feature.SCHEDULED) == [
            "This server does not schedule posts."]
        with pytest.raises(FeatureMissing):
            alice.post(PostDraft(text="also for later", scheduled_at=later), key())


def test_a_quote_the_server_ignored_is_learned(minimal_server: MinimalServer,
                                               mock_server: Any) -> None:
    target = mock_server.client("bob").status_post("quote me")
    alice = actions_for(minimal_server, "alice")
    posted = alice.post(PostDraft(text="look", quote_id=str(target["id"])), key())
    assert isinstance(posted, Status)
    assert Feature.QUOTES in alice.client.capabilities.missing
    with pytest.raises(FeatureMissing, match="does not support quote posts"):
        alice.post(PostDraft(text="again", quote_id=str(target["id"])), key())


def test_edit_and_redraft_get_plain_text_where_the_source_is_missing_or_html(
        minimal_server: MinimalServer) -> None:
    alice = actions_for(minimal_server, "alice")
    posted = alice.post(PostDraft(text="Line one\n\nLine <two> & more", visibility="private",
                                  spoiler_text="careful"), key())
    assert isinstance(posted, Status)
    source = alice.source(posted.id)
    assert source.text == "Line one\n\nLine <two> & more"
    assert (source.visibility, source.spoiler_text) == ("private", "careful")
    assert Feature.SOURCE in alice.client.capabilities.missing
    _, sent = counted(minimal_server, lambda: alice.source(posted.id))
    assert sent == [f"GET /api/v1/statuses/{posted.id}"]
    redraft = alice.delete(posted.id)
    assert redraft.text == "Line one\n\nLine <two> & more"
    assert (redraft.visibility, redraft.spoiler_text) == ("private", "careful")


def own(mock: Any, username: str) -> list[Any]:
    api = mock.client(username)
    return list(api.account_statuses(api.me().id, limit=40))


@pytest.mark.parametrize(("reported", "settled"), [
    ("4.3.2", "4.3.2"), ("2.7.2 (compatible; Pleroma 2.6.1)", "2.7.2"),
    ("0.17.3+git-2c4a1b", "3.5.0"), ("4.0.2+hometown-1.1.1", "4.0.2"), ("", "3.5.0"),
])
def test_the_settled_version_follows_the_servers_answer(mock_server: Any, reported: str,
                                                        settled: str) -> None:
    profile = type(PROFILES["minimal"])("custom", reported)
    with MinimalServer(mock_server.base_url, profile) as relay:
        api = actions_for(relay, "alice").client.api
        assert api.retrieve_mastodon_version() == settled
        major, minor, patch = (int(x) for x in settled.split("."))
        assert (api.mastodon_major, api.mastodon_minor, api.mastodon_patch) == (
            major, minor, patch)
        assert api.verify_minimum_version("2.4.1", cached=True)
        assert api.verify_minimum_version("2.4.1")  # even uncached: no request, no loop


def test_login_on_the_minimal_server_does_not_probe(minimal_server: MinimalServer) -> None:
    """Mastodon.py's log_in asks the version when it does not know it: on this server that
    looped until a RecursionError."""
    import re

    from fedtui.mastodon.auth import authorization_url, exchange_code, register_app
    from tests.integration.mastodon_support import approve_in_browser

    base = minimal_server.base_url
    reg = register_app(base)
    shown = approve_in_browser(authorization_url(reg, base), "bob")
    match = re.search(r"Authorization code: (\S+?)<", shown.text)
    assert match
    mark = minimal_server.mark()
    token = exchange_code(reg, base, match.group(1))
    assert minimal_server.since(mark) == ["GET /.well-known/oauth-authorization-server",
                                          "POST /oauth/token"]
    assert actions_for_token(base, token).client.verify_credentials().username == "bob"


def actions_for_token(base_url: str, token: str) -> Any:
    from fedtui.mastodon.actions import Actions
    from fedtui.mastodon.client import InstanceClient

    return Actions(InstanceClient(base_url, token))


def test_edits_missing_are_told_apart_from_a_post_that_is_gone(mock_server: Any) -> None:
    with MinimalServer(mock_server.base_url, "old-mastodon") as relay:
        alice = actions_for(relay, "alice")
        posted = alice.post(PostDraft(text="helo"), key())
        assert isinstance(posted, Status)
        gone = alice.post(PostDraft(text="bye"), key())
        assert isinstance(gone, Status)
        alice.delete(gone.id)
        with pytest.raises(ApiError) as err:  # the post is missing, not the feature
            alice.edit(gone.id, PostDraft(text="bye!"))
        assert err.value.status == 404 and not isinstance(err.value, FeatureMissing)
        assert Feature.EDIT not in alice.client.capabilities.missing
        with pytest.raises(FeatureMissing, match="does not let posts be edited"):
            alice.edit(posted.id, PostDraft(text="hello"))
        draft = alice.source(posted.id)  # no source endpoint there either: the text
        assert draft.text == "helo"
