"""Writing a post again. Delete and redraft (`D`): the text comes back whole, whatever the
post was (a reply, a quote) and whatever became of the deletion's answer. Edit (`e`): what
the server cannot change is not offered. Real keys and App, Mastodon.py against
mastodon-mock; a lost answer is the server's real deletion followed by a dropped
connection."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, Select

from fedtui.ui.screens.dialogs import ChoiceDialog
from fedtui.ui.screens.home import HomeScreen
from tests.integration.mastodon_support import HttpRelay
from tests.ui.conftest import wait_for
from tests.ui.test_compose import composing, loaded, own_statuses, text_of


class LostAnswers(HttpRelay):
    """Deletions reach the server, and the connection drops before their answer comes
    back; with `unreachable`, nothing after such a deletion gets through either."""

    def __init__(self, upstream_url: str, *, unreachable: bool = False) -> None:
        super().__init__(upstream_url)
        self.unreachable = unreachable
        self.deleted = False

    def answer(self, method: str, path: str, headers: dict[str, str],
               body: bytes) -> tuple[int, dict[str, str], bytes]:
        if self.deleted and self.unreachable:
            raise ConnectionResetError("the network is down")
        found = self.forward(method, path, headers, body)
        if method == "DELETE" and path.startswith("/api/v1/statuses/"):
            self.deleted = True
            raise ConnectionResetError("the answer is lost")  # the handler hangs up
        return found


def said_by(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The notices the app shows from now on."""
    said: list[str] = []
    notify = app.notify

    def noted(message: Any, **kwargs: Any) -> None:
        said.append(str(message))
        notify(message, **kwargs)

    monkeypatch.setattr(app, "notify", noted)
    return said


async def redraft_top(pilot: Any) -> None:
    await pilot.press("D")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
    await pilot.press("up", "enter")


async def prepared(pilot: Any) -> Any:
    """The editor, once its start (the server's limits, the post replied to) is in."""
    screen = await composing(pilot)
    await wait_for(pilot, lambda: not any(worker.group == "compose-prepare"
                                          and not worker.is_finished
                                          for worker in pilot.app.workers))
    return screen


async def test_a_redrafted_reply_keeps_its_text(make_writer_app: Any, seeded: Any) -> None:
    """Its text was taken for a fresh reply's mentions and written over with "@bob "."""
    bob_post = own_statuses(seeded, "bob")[0]
    seeded.client("alice").status_post("@bob my long considered answer",
                                       in_reply_to_id=bob_post["id"])
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await redraft_top(pilot)
        screen = await prepared(pilot)
        assert screen.saved.kind == "reply"
        assert text_of(screen) == "@bob my long considered answer"


async def test_a_redraft_whose_deletion_answer_is_lost_still_opens_the_text(
        make_writer_app: Any, seeded: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The post is gone on the server: it was deleted, and its text comes back (it said
    "The post was not deleted", and the text was lost)."""
    posted = seeded.client("alice").status_post("Words I want back", spoiler_text="soft")
    with LostAnswers(seeded.base_url) as relay:
        app = make_writer_app(base_url=relay.url)
        async with app.run_test(size=(120, 40)) as pilot:
            pane = await loaded(pilot)
            said = said_by(app, monkeypatch)
            await redraft_top(pilot)
            screen = await prepared(pilot)
            assert relay.deleted
            assert text_of(screen) == "Words I want back"
            assert screen.query_one("#compose-cw").value == "soft"
            assert all(s.id != posted["id"] for s in pane.status_list.items), said
            assert any("here it is to write again" in s for s in said)
            assert not any("not deleted" in s for s in said)
    assert all(s["id"] != posted["id"] for s in own_statuses(seeded))


async def test_a_deletion_that_cannot_be_told_opens_the_text_with_a_warning(
        make_writer_app: Any, seeded: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The answer is lost and the server cannot be asked afterwards: the text read before
    the deletion is in the editor, and the writer is told to look before sending."""
    seeded.client("alice").status_post("Maybe deleted, never lost")
    with LostAnswers(seeded.base_url, unreachable=True) as relay:
        app = make_writer_app(base_url=relay.url)
        async with app.run_test(size=(120, 40)) as pilot:
            await loaded(pilot)
            said = said_by(app, monkeypatch)
            await redraft_top(pilot)
            screen = await composing(pilot)
            assert text_of(screen) == "Maybe deleted, never lost"
            await wait_for(pilot, lambda: any(
                "Could not tell whether the post was deleted" in s
                and "look at your profile before sending" in s for s in said))
            assert isinstance(pilot.app.screen_stack[1], HomeScreen)


async def test_a_redrafted_quote_quotes_again(make_writer_app: Any, seeded: Any) -> None:
    """The quote was dropped without a word."""
    quoted = own_statuses(seeded, "bob")[0]
    seeded.client("alice").status_post("Look at this", quoted_status_id=quoted["id"])
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await redraft_top(pilot)
        screen = await prepared(pilot)
        assert screen.saved.quote_id == quoted["id"]
        await pilot.press(*" again")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    posted = own_statuses(seeded)[0]
    assert "Look at this again" in posted["content"]
    assert posted["quote"]["quoted_status"]["id"] == quoted["id"]


async def test_an_edit_does_not_offer_to_change_visibility_or_language(
        make_writer_app: Any, seeded: Any) -> None:
    """The server keeps both as posted: a change was ignored and "Edited." said."""
    seeded.client("alice").status_post("Public thoughts", visibility="unlisted",
                                       language="en")
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("e")
        screen = await prepared(pilot)
        await wait_for(pilot, lambda: text_of(screen) == "Public thoughts")
        visibility = screen.query_one("#compose-visibility", Select)
        assert visibility.value == "unlisted" and visibility.disabled
        assert screen.query_one("#compose-language", Input).disabled
        assert screen.query_one("#compose-schedule", Input).disabled
        assert screen.title_text().startswith("Edit post")


async def test_editing_a_post_whose_poll_ended_says_the_edit_opens_it_again(
        make_writer_app: Any, seeded: Any) -> None:
    """A server keeps no edited poll closed: an edit sends it with a time ahead (at least
    five minutes), and it opened again without a word."""
    from dataclasses import replace

    from fedtui.app.compose_request import ComposeRequest
    from fedtui.ui.screens.compose import POLL_ENDED
    from tests.ui.test_compose import status_line

    alice = seeded.client("alice")
    poll = alice.make_poll(["yes", "no"], expires_in=300)
    posted = alice.status_post("Shall we?", poll=poll)
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        status = next(s for s in pane.status_list.items if s.id == posted["id"])
        assert status.poll is not None and not status.poll.expired
        source = pilot.app.context.actions().source(status.id)
        ended = replace(status, poll=replace(status.poll, expired=True))  # five minutes on
        pilot.app.open_compose(ComposeRequest.edit(ended, source))
        await pilot.pause()  # (a key would wait for the screen to mount)
        screen = await prepared(pilot)
        assert status_line(screen) == POLL_ENDED
