"""What a server lacks, learned once and said once; the version Mastodon.py is given; the
defaults of replies and quotes and the text of edits, all from the post alone."""

from __future__ import annotations

import threading

import pytest

from fedtui.app.compose_request import ComposeRequest
from fedtui.core.capabilities import (
    BASELINE_VERSION,
    Feature,
    FeatureMissing,
    ServerCapabilities,
    mastodon_version,
)
from fedtui.core.compose import plain_source, quote_draft, reply_draft
from fedtui.core.model import Status


def status(**changes: object) -> Status:
    data: dict[str, object] = {
        "id": "7", "content": "<p>@carol the <b>plot</b> twist</p>", "visibility": "private",
        "spoiler_text": "Plot", "sensitive": True,
        "account": {"id": "2", "acct": "bob", "username": "bob"},
        "mentions": [{"id": "3", "acct": "carol", "username": "carol"},
                     {"id": "1", "acct": "alice", "username": "alice"}],
    }
    data.update(changes)
    return Status.from_api(data)


@pytest.mark.parametrize(("reported", "settled"), [
    ("4.3.2", "4.3.2"), ("4.5.0-beta.1", "4.5.0"), ("2.7.2 (compatible; Pleroma 2.6.1)", "2.7.2"),
    ("3.0.0 (compatible; Akkoma 3.13.2)", "3.0.0"), ("0.17.3+git-2c4a1b", BASELINE_VERSION),
    ("4.0.2+hometown-1.1.1", "4.0.2"), ("1.0+4.2.1", "4.2.1"), ("", BASELINE_VERSION),
    (None, BASELINE_VERSION), ("garbage", BASELINE_VERSION), ("4.2", "4.2.0"),
])
def test_mastodon_version_of_what_servers_report(reported: str | None, settled: str) -> None:
    assert mastodon_version(reported) == settled


def test_missing_features_are_learned_from_404_405_501_only() -> None:
    caps = ServerCapabilities()
    assert caps.supports(Feature.MARKERS)
    assert not caps.learn(Feature.MARKERS, 500)  # a failure, not an absence
    assert not caps.learn(Feature.MARKERS, None)
    assert caps.supports(Feature.MARKERS)
    assert caps.learn(Feature.MARKERS, 404)
    assert caps.learn(Feature.FILTERS, 405)
    assert caps.learn(Feature.SCHEDULED, 501)
    assert caps.missing == {Feature.MARKERS, Feature.FILTERS, Feature.SCHEDULED}
    with pytest.raises(FeatureMissing, match="does not keep reading positions") as err:
        caps.check(Feature.MARKERS)
    assert err.value.feature is Feature.MARKERS


def test_each_sentence_is_said_once_and_only_where_asked() -> None:
    caps = ServerCapabilities()
    caps.mark_missing(Feature.MARKERS)
    caps.mark_missing(Feature.GROUPED_NOTIFICATIONS)  # nothing worth saying
    assert caps.unsaid(Feature.QUOTES) == []
    assert caps.unsaid(Feature.MARKERS, Feature.GROUPED_NOTIFICATIONS) == [
        "This server does not keep reading positions; each start begins at the newest post."]
    assert caps.unsaid() == []
    assert not caps.mark_missing(Feature.MARKERS)  # known already


def test_learning_from_many_threads_says_it_once() -> None:
    caps = ServerCapabilities()
    said: list[str] = []

    def worker() -> None:
        caps.learn(Feature.MARKERS, 404)
        said.extend(caps.unsaid(Feature.MARKERS))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(said) == 1


def test_a_reply_takes_visibility_cw_and_mentions_from_the_post() -> None:
    request = ComposeRequest.reply(status(), "alice")
    draft = request.draft
    assert draft is not None
    assert (draft.visibility, draft.spoiler_text, draft.text) == (
        "private", "Plot", "@bob @carol ")
    assert draft.in_reply_to_id == "7" and draft.sensitive
    # the account's default can only narrow it
    assert reply_draft(status(), "alice", default_visibility="direct").visibility == "direct"
    assert reply_draft(status(), "alice", default_visibility="public").visibility == "private"


def test_a_quote_takes_visibility_and_cw_from_the_post() -> None:
    draft = ComposeRequest.quote(status(visibility="unlisted")).draft
    assert draft is not None
    assert (draft.visibility, draft.spoiler_text, draft.quote_id) == ("unlisted", "Plot", "7")
    assert quote_draft(status(), "direct").visibility == "direct"


@pytest.mark.parametrize(("text", "expected"), [
    ("plain <not a tag> & text", "plain <not a tag> & text"),
    ("<p>Line one</p><p>Line &lt;two&gt; &amp; more</p>", "Line one\n\nLine <two> & more"),
    ("first<br>second", "first\nsecond"),
    (None, "@carol the plot twist"),
    ("", "@carol the plot twist"),
])
def test_the_source_to_edit_is_plain_text(text: str | None, expected: str) -> None:
    assert plain_source(text, status().content) == expected
