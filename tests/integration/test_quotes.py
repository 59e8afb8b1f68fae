"""Quoted posts through the real path (Mastodon.py over HTTP): mastodon-mock's Mastodon 4.5+
quotes, the same rewritten as Akkoma and Pleroma send them, servers that drop them, and
quotes whose post is not available. Posting: what the server did with a schedule or a quote."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from fedtui.core.capabilities import Feature
from fedtui.core.compose import published_notice
from fedtui.core.model import Status
from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.core.quoted import quote_excerpt, unavailable
from fedtui.mastodon.actions import PostDraft
from tests.integration.actions_support import actions_for
from tests.integration.minimal_server import MinimalServer, Profile


def quoting(mock: Any) -> tuple[Any, Any]:
    """carol posts; bob (whom alice follows) quotes it. Both as the server answered."""
    quoted = mock.client("carol").status_post("Original [/] thought <b>bold</b>")
    quote = mock.client("bob").status_post("Look at this", quoted_status_id=quoted["id"])
    return quoted, quote


def in_home(server: Any, status_id: Any) -> Status:
    alice = actions_for(server, "alice").client
    page = alice.page(PaneSpec(PaneKind.HOME))
    return next(s for s in page.items if isinstance(s, Status) and s.id == str(status_id))


def test_a_quote_on_the_timeline_and_in_the_thread_carries_the_quoted_post(
        server: Any) -> None:
    quoted, quote = quoting(server.mock)
    status = in_home(server, quote["id"])
    if server.minimal:  # a server without quotes: nothing to show, nothing invented
        assert status.quote is None
        return
    assert status.quote is not None and status.quote.state == "accepted"
    assert status.quote.status is not None and status.quote.status.id == str(quoted["id"])
    found = quote_excerpt(status.quote)
    assert (found.acct, found.text) == ("carol", "Original [/] thought <b>bold</b>")
    focus, _ = actions_for(server, "alice").client.thread(status.id)
    assert focus.quote is not None and focus.quote.status_id == str(quoted["id"])


@pytest.mark.parametrize("form", ["akkoma", "pleroma"])
def test_akkoma_and_pleroma_quotes_are_read_too(mock_server: Any, form: str) -> None:
    quoted, quote = quoting(mock_server)
    profile = Profile(f"{form}-like", "2.7.2 (compatible; Pleroma 2.6.1)", quote_form=form)
    with MinimalServer(mock_server.base_url, profile) as relay:
        status = in_home(relay, quote["id"])
    assert status.quote is not None and status.quote.status is not None
    assert status.quote.status.id == str(quoted["id"])
    assert quote_excerpt(status.quote).acct == "carol"


def test_a_revoked_quote_says_so_and_cannot_be_opened(mock_server: Any) -> None:
    quoted, quote = quoting(mock_server)
    httpx.post(f"{mock_server.base_url}/api/v1/statuses/{quoted['id']}/quotes/{quote['id']}"
               "/revoke", headers={"Authorization": "Bearer carol_token"},
               timeout=10).raise_for_status()  # (Mastodon.py has no call for it)
    status = in_home(mock_server, quote["id"])
    assert status.quote is not None and status.quote.status is None
    assert unavailable(status.quote) == "The author of the quoted post removed this quote."
    assert quote_excerpt(status.quote).note == unavailable(status.quote)


def key() -> str:
    return str(uuid.uuid4())


def test_a_post_the_server_published_instead_of_scheduling_is_said_plainly(
        mock_server: Any) -> None:
    with MinimalServer(mock_server.base_url, "gotosocial-like") as relay:
        alice = actions_for(relay, "alice")
        draft = PostDraft(text="meant for later",
                          scheduled_at=datetime.now(UTC) + timedelta(hours=2))
        posted = alice.post(draft, key())
        assert isinstance(posted, Status)
        notice, changed = published_notice(draft, posted, alice.client.host)
        assert changed
        assert notice == f"Published now: {alice.client.host} does not schedule posts."
        assert Feature.SCHEDULED in alice.client.capabilities.missing


def test_a_quote_the_server_dropped_is_said_plainly(server: Any) -> None:
    target = server.client("bob").status_post("quote me")
    alice = actions_for(server, "alice")
    draft = PostDraft(text="look", quote_id=str(target["id"]))
    posted = alice.post(draft, key())
    assert isinstance(posted, Status)
    notice, changed = published_notice(draft, posted, alice.client.host)
    if server.minimal:
        assert (notice, changed) == (
            f"Posted without the quote: {alice.client.host} does not support quote posts.",
            True)
        assert Feature.QUOTES in alice.client.capabilities.missing
    else:
        assert (notice, changed) == ("Posted.", False)
        assert posted.quote is not None and posted.quote.status_id == str(target["id"])
        assert Feature.QUOTES not in alice.client.capabilities.missing
