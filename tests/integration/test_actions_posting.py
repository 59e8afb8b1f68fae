"""Posting against mastodon-mock: CW and polls, media with alt text, edit, delete and
redraft, scheduled posts, compose limits, votes."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fedtui.core.capabilities import FeatureMissing
from fedtui.core.compose import count_characters
from fedtui.core.model import Status
from fedtui.errors import ApiError
from fedtui.mastodon.actions import PollDraft, PostDraft, ScheduledPost
from tests.integration.actions_support import actions_for, own_statuses, tiny_png


def key() -> str:
    return str(uuid.uuid4())


def test_post_with_cw_and_poll(mock_server: Any) -> None:
    bob = actions_for(mock_server, "bob")
    draft = PostDraft(text="Which editor?", spoiler_text="holy war", visibility="unlisted",
                      language="en",
                      poll=PollDraft(("vim", "emacs", "nano"), expires_in=3600, multiple=True))
    posted = bob.post(draft, key())
    assert isinstance(posted, Status)
    assert posted.spoiler_text == "holy war"
    assert posted.visibility == "unlisted"
    assert posted.poll is not None
    assert [o.title for o in posted.poll.options] == ["vim", "emacs", "nano"]
    assert posted.poll.multiple
    assert own_statuses(mock_server, "bob")[0].id == posted.id


def test_reply_and_vote(mock_server: Any) -> None:
    alice, bob = actions_for(mock_server, "alice"), actions_for(mock_server, "bob")
    question = alice.post(PostDraft(text="Tea or coffee?", poll=PollDraft(("tea", "coffee"))),
                          key())
    assert isinstance(question, Status) and question.poll is not None
    reply = bob.post(PostDraft(text="@alice tea!", in_reply_to_id=question.id), key())
    assert isinstance(reply, Status) and reply.in_reply_to_id == question.id
    poll = bob.vote(question.poll.id, [0])
    assert poll.voted and poll.own_votes == (0,)
    assert poll.options[0].votes_count == 1


def test_double_vote_gives_the_servers_message(mock_server: Any) -> None:
    """mastodon-mock accepts a second vote, so the 422 real Mastodon sends is injected."""
    alice, bob = actions_for(mock_server, "alice"), actions_for(mock_server, "bob")
    question = alice.post(PostDraft(text="?", poll=PollDraft(("a", "b"))), key())
    assert isinstance(question, Status) and question.poll is not None
    bob.vote(question.poll.id, [1])
    message = "Validation failed: You have already voted on this poll"
    with mock_server.fault(path=f"/api/v1/polls/{question.poll.id}/votes", status=422,
                           body={"error": message}, count=1), \
            pytest.raises(ApiError) as err:
        bob.vote(question.poll.id, [0])
    assert err.value.status == 422
    assert "You have already voted on this poll" in str(err.value)


def test_upload_media_with_alt_text_and_post_it(server: Any, tmp_path: Path) -> None:
    bob = actions_for(server, "bob")
    progress: list[tuple[int, int]] = []
    png = tiny_png(tmp_path / "red.png")
    media = bob.upload_media(png, "A red square.", on_progress=lambda d, t: progress.append(
        (d, t)))
    assert media.type == "image" and media.url
    assert media.description == "A red square."
    size = png.stat().st_size
    assert progress[0] == (0, size) and progress[-1] == (size, size)
    changed = bob.set_alt_text(media.id, "A small red square.")
    assert changed.description == "A small red square."
    posted = bob.post(PostDraft(text="look", media_ids=(media.id,), sensitive=True), key())
    assert isinstance(posted, Status)
    assert [(m.id, m.description) for m in posted.media] == [(media.id, "A small red square.")]
    assert posted.sensitive


def test_upload_waits_while_the_server_processes(mock_server: Any, tmp_path: Path) -> None:
    """The upload is real; its answer is turned into Mastodon's "202, url null" by a response
    hook (mastodon-mock processes instantly), and the first polls get 206 from a fault."""
    bob = actions_for(mock_server, "bob")
    seen: list[tuple[str, int]] = []

    def as_processing(response: Any, *args: Any, **kwargs: Any) -> Any:
        request = response.request
        seen.append((f"{request.method} {request.path_url.split('?')[0]}",
                     response.status_code))
        if request.method == "POST" and request.path_url.startswith("/api/v2/media"):
            data = json.loads(response.content)
            data["url"] = None
            response.status_code = 202
            response._content = json.dumps(data).encode()
        return response

    bob.client.api.session.hooks["response"].append(as_processing)
    with mock_server.fault(path_regex=r"^/api/v1/media/\d+$", methods=["GET"], status=206,
                           body={"id": "0", "type": "image", "url": None}, count=2):
        media = bob.upload_media(tiny_png(tmp_path / "a.png"), "alt")
    assert media.url and media.description == "alt"
    polls = [s for r, s in seen if r.startswith("GET /api/v1/media/")]
    assert polls == [206, 206, 200]


def test_upload_that_never_finishes_processing_is_bounded(mock_server: Any,
                                                         tmp_path: Path) -> None:
    bob = actions_for(mock_server, "bob")
    with mock_server.fault(path_regex=r"^/api/v2/media$", status=202,
                           body={"id": "123", "type": "image", "url": None}), \
            mock_server.fault(path_regex=r"^/api/v1/media/", status=206,
                              body={"id": "123", "url": None}), \
            pytest.raises(ApiError, match="still processing"):
        bob.upload_media(tiny_png(tmp_path / "a.png"), processing_timeout=0.6)


def test_upload_missing_or_too_large_file(mock_server: Any, tmp_path: Path) -> None:
    bob = actions_for(mock_server, "bob")
    with pytest.raises(ApiError, match="does not exist"):
        bob.upload_media(tmp_path / "nope.png")
    limits = bob.compose_limits()  # learns the server's size limits (10 MB for images)
    assert limits.max_media_attachments == 4
    big = tmp_path / "big.png"
    with big.open("wb") as f:
        f.truncate(10 * 1024 * 1024 + 1)
    with pytest.raises(ApiError, match="too large"):
        bob.upload_media(big)
    unknown = tmp_path / "blob.unknownext"
    unknown.write_bytes(b"x")
    with pytest.raises(ApiError, match="cannot tell"):
        bob.upload_media(unknown)


def test_edit_from_source(server: Any) -> None:
    bob = actions_for(server, "bob")
    posted = bob.post(PostDraft(text="helo wrold", spoiler_text="typo"), key())
    assert isinstance(posted, Status) and posted.edited_at is None
    source = bob.source(posted.id)
    assert (source.text, source.spoiler_text) == ("helo wrold", "typo")
    edited = bob.edit(posted.id, PostDraft(text="hello world", spoiler_text=""))
    assert edited.edited_at is not None
    assert "hello world" in edited.content
    assert edited.spoiler_text == ""
    assert bob.source(posted.id).text == "hello world"


def test_edit_keeps_media_and_changes_alt_text(mock_server: Any, tmp_path: Path) -> None:
    bob = actions_for(mock_server, "bob")
    media = bob.upload_media(tiny_png(tmp_path / "a.png"), "old alt")
    posted = bob.post(PostDraft(text="pic", media_ids=(media.id,)), key())
    assert isinstance(posted, Status)
    draft = bob.source(posted.id)
    assert draft.media_ids == (media.id,)
    edited = bob.edit(posted.id, PostDraft(text="pic!", media_ids=draft.media_ids),
                      media_descriptions={media.id: "new alt"})
    assert [m.id for m in edited.media] == [media.id]


def test_delete_and_redraft(server: Any, tmp_path: Path) -> None:
    bob = actions_for(server, "bob")
    media = bob.upload_media(tiny_png(tmp_path / "a.png"), "alt")
    posted = bob.post(PostDraft(text="oops #fedtui", spoiler_text="cw", visibility="private",
                                media_ids=(media.id,)), key())
    assert isinstance(posted, Status)
    redraft = bob.delete(posted.id)
    assert redraft.text == "oops #fedtui"
    assert redraft.spoiler_text == "cw" and redraft.visibility == "private"
    assert redraft.media_ids == (media.id,)
    assert posted.id not in [s.id for s in own_statuses(server, "bob")]
    again = bob.post(redraft, key())
    assert isinstance(again, Status) and "oops" in again.content
    polled = bob.post(PostDraft(text="q", poll=PollDraft(("a", "b"), expires_in=7200)), key())
    assert isinstance(polled, Status)
    poll_redraft = bob.delete(polled.id)
    assert poll_redraft.poll is not None and poll_redraft.poll.options == ("a", "b")
    assert 300 <= poll_redraft.poll.expires_in <= 7200


def test_scheduled_post_list_and_cancel(server: Any) -> None:
    bob = actions_for(server, "bob")
    when = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=3)
    if server.minimal:  # no scheduling there: refused before anything is published
        with pytest.raises(FeatureMissing, match="does not schedule posts"):
            bob.post(PostDraft(text="from the past", scheduled_at=when), key())
        with pytest.raises(FeatureMissing):
            bob.scheduled()
        assert own_statuses(server, "bob") == []
        return
    scheduled = bob.post(PostDraft(text="from the past", spoiler_text="time",
                                   scheduled_at=when), key())
    assert isinstance(scheduled, ScheduledPost)
    assert scheduled.scheduled_at == when
    assert scheduled.draft.text == "from the past"
    listed = bob.scheduled()
    assert [s.id for s in listed] == [scheduled.id]
    assert listed[0].draft.text == "from the past"
    bob.cancel_scheduled(scheduled.id)
    assert bob.scheduled() == []
    assert own_statuses(server, "bob") == []


def test_compose_limits_and_defaults(server: Any) -> None:
    bob = actions_for(server, "bob")
    limits = bob.compose_limits()
    assert limits.max_characters == 500
    assert limits.characters_reserved_per_url == 23
    assert (limits.max_poll_options, limits.max_poll_option_characters) == (4, 50)
    assert (limits.min_poll_expiration, limits.max_poll_expiration) == (300, 2629746)
    assert limits.default_visibility == "public"
    assert limits.default_language is None


def test_character_count_agrees_with_the_server_at_the_limit(mock_server: Any) -> None:
    """A post of exactly the limit is accepted and one over is refused with the server's
    message. (mastodon-mock counts code points, so only text where both agree is used.)"""
    bob = actions_for(mock_server, "bob")
    limits = bob.compose_limits()
    text = "x" * limits.max_characters
    assert count_characters(text, limits) == limits.max_characters
    assert isinstance(bob.post(PostDraft(text=text), key()), Status)
    with pytest.raises(ApiError) as err:
        bob.post(PostDraft(text=text + "y"), key())
    assert err.value.status == 422
    assert "Text is too long" in str(err.value)
