"""Writing with the keyboard: compose, reply, edit, delete, redraft, drafts that survive,
and sends that fail; real keys, real App, Mastodon.py against mastodon-mock."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.widgets import Select

from fedtui.config import NetworkConfig, TimelineConfig
from fedtui.core.model import Status
from fedtui.store.draft_writer import DraftWriter
from fedtui.ui.screens.compose import ComposeScreen
from fedtui.ui.screens.dialogs import ChoiceDialog
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.widgets.pane import TimelinePane
from tests.ui.conftest import wait_for


def stored_draft(app: Any) -> Any:
    """The account's first unfinished draft as the draft store has it now (None: none yet;
    the draft writer stores in its own time)."""
    drafts = app.context.drafts.unfinished(app.context.account_key)
    return drafts[0] if drafts else None


def stored_error(app: Any) -> str:
    draft = stored_draft(app)
    return (draft.last_error or "") if draft is not None else ""


def home_pane(app: Any) -> TimelinePane:
    assert isinstance(app.screen_stack[1], HomeScreen)
    return app.screen_stack[1].panes[0]


async def loaded(pilot: Any) -> TimelinePane:
    pane = home_pane(pilot.app)
    await wait_for(pilot, lambda: len(pane.status_list.items) >= 20)
    return pane


def own_statuses(server: Any, username: str = "alice") -> list[Any]:
    client = server.client(username)
    me = client.account_verify_credentials()
    return list(client.account_statuses(me["id"], limit=40))


async def composing(pilot: Any) -> ComposeScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ComposeScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ComposeScreen)
    await wait_for(pilot, lambda: screen.limits.max_characters > 0 and
                   not screen.query_one("#compose-text").disabled and
                   screen.query_one("#compose-visibility", Select).value != Select.NULL)
    return screen


def text_of(screen: ComposeScreen) -> str:
    return str(screen.query_one("#compose-text").text)


def status_line(screen: ComposeScreen) -> str:
    return str(screen.query_one("#compose-status").render())


async def test_compose_with_cw_and_poll_posts_and_shows_it(make_writer_app: Any,
                                                           seeded: Any) -> None:
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        await pilot.press("c")
        screen = await composing(pilot)
        await pilot.press(*"Which editor do you use?")
        await pilot.press("shift+tab")  # back to the content warning
        await pilot.press(*"editor wars")
        await pilot.press("ctrl+o")  # a poll
        await wait_for(pilot, lambda: bool(screen.query(".poll-option")))
        await pilot.press(*"vim", "tab", *"emacs")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await wait_for(pilot, lambda: "Which editor" in pane.status_list.items[0].content)
        posted = pane.status_list.items[0]
        assert isinstance(posted, Status)
        assert posted.spoiler_text == "editor wars"
        assert posted.poll is not None
        assert [o.title for o in posted.poll.options] == ["vim", "emacs"]
    server_side = own_statuses(seeded)[0]
    assert server_side["spoiler_text"] == "editor wars"
    assert [o["title"] for o in server_side["poll"]["options"]] == ["vim", "emacs"]


async def test_reply_mentions_the_author_and_keeps_the_cw(make_writer_app: Any,
                                                          seeded: Any) -> None:
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        items = pane.status_list.items
        pane.status_list.highlighted = next(i for i, s in enumerate(items) if s.spoiler_text)
        target = pane.status_list.highlighted_status
        assert target is not None
        await pilot.press("r")
        screen = await composing(pilot)
        await wait_for(pilot, lambda: text_of(screen) == "@bob ")
        assert screen.query_one("#compose-cw").value == "Spoilers for the film"
        assert "@bob" in str(screen.query_one("#compose-target").render())
        await pilot.press(*"I agree")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    reply = own_statuses(seeded)[0]
    assert reply["in_reply_to_id"] == target.id
    assert reply["spoiler_text"] == "Spoilers for the film"
    assert "I agree" in reply["content"]


async def test_quote_posts_with_the_quoted_post(make_writer_app: Any, seeded: Any) -> None:
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        target = pane.status_list.highlighted_status
        assert target is not None
        await pilot.press("Q")
        screen = await composing(pilot)
        assert "@bob" in str(screen.query_one("#compose-target").render())
        await pilot.press(*"Worth reading")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    quote = own_statuses(seeded)[0]
    assert "Worth reading" in quote["content"]
    assert quote["quote"]["quoted_status"]["id"] == target.id


async def test_edit_loads_the_source_and_saves_the_change(make_writer_app: Any,
                                                          seeded: Any) -> None:
    seeded.client("alice").status_post("Helo world")
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        assert "Helo world" in pane.status_list.items[0].content
        await pilot.press("e")
        screen = await composing(pilot)
        await wait_for(pilot, lambda: text_of(screen) == "Helo world")
        await pilot.press("home", "right", "right", *"l")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await wait_for(pilot, lambda: "Hello world" in pane.status_list.items[0].content)
        assert "edited" in str(pane.status_list.card_at(0).content)
    assert "Hello world" in own_statuses(seeded)[0]["content"]


async def test_delete_asks_first_then_removes_the_post(make_writer_app: Any,
                                                       seeded: Any) -> None:
    posted = seeded.client("alice").status_post("Short-lived")
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("escape")  # changed my mind: nothing happens
        assert pane.status_list.items[0].id == posted["id"]
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("enter")  # the highlighted answer is Cancel: nothing happens
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await pilot.app.workers.wait_for_complete()
        assert pane.status_list.items[0].id == posted["id"]
        assert any(s["id"] == posted["id"] for s in own_statuses(seeded))
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("up", "enter")
        await wait_for(pilot, lambda: pane.status_list.items[0].id != posted["id"])
    assert all(s["id"] != posted["id"] for s in own_statuses(seeded))


async def test_delete_of_someone_elses_post_is_refused(make_writer_app: Any) -> None:
    said: list[str] = []
    app = make_writer_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
        await pilot.press("d")
        await wait_for(pilot, lambda: any("your own posts" in s for s in said))
        assert not isinstance(pilot.app.screen, ChoiceDialog)


async def test_redraft_deletes_and_reopens_the_text(make_writer_app: Any, seeded: Any) -> None:
    posted = seeded.client("alice").status_post("Typo'd thoght", spoiler_text="musings")
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("up", "enter")
        screen = await composing(pilot)
        assert text_of(screen) == "Typo'd thoght"
        assert screen.query_one("#compose-cw").value == "musings"
        assert all(s.id != posted["id"] for s in pane.status_list.items)
        await pilot.press("end", "left", "left", "left", *"u")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
    statuses = own_statuses(seeded)
    assert "Typo'd thought" in statuses[0]["content"]
    assert all(s["id"] != posted["id"] for s in statuses)


async def test_a_draft_survives_quitting_and_is_offered_again(make_writer_app: Any) -> None:
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        screen = await composing(pilot)
        await pilot.press(*"A thought I must not lose")
        store = pilot.app.context.drafts
        await wait_for(pilot, lambda: any("must not lose" in d.text for d in
                                          store.unfinished(pilot.app.context.account_key)))
        pilot.app.exit()  # as if the terminal closed
    assert screen.keeping.finished is False
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("enter")  # the draft is the first choice
        screen = await composing(pilot)
        assert text_of(screen) == "A thought I must not lose"


async def test_escape_asks_and_keeps_or_discards_the_draft(make_writer_app: Any) -> None:
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        store = pilot.app.context.drafts
        key = pilot.app.context.account_key
        await pilot.press("c")
        await composing(pilot)
        await pilot.press(*"maybe later")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("enter")  # keep it
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await wait_for(pilot, lambda: [d.text for d in store.unfinished(key)] == ["maybe later"])
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("enter")
        await composing(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # discard it
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await wait_for(pilot, lambda: store.unfinished(key) == [])


async def test_a_timeout_keeps_the_draft_and_the_retry_posts_once(make_writer_app: Any,
                                                                  seeded: Any) -> None:
    # long enough for a busy machine's page loads; the fault below outlasts it
    app = make_writer_app(network=NetworkConfig(timeout=4.0),
                          timeline=TimelineConfig(streaming=False))
    before = len(own_statuses(seeded))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        screen = await composing(pilot)
        await pilot.press(*"Posted exactly once")
        # the server is too slow: the client gives up
        seeded.fault(path="/api/v1/statuses", methods=["POST"], type="latency",
                     delay_ms=9000, count=1)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Not sent; the draft is kept" in status_line(screen))
        await wait_for(pilot, lambda: "did not answer" in stored_error(app))
        # as if that first request had reached the server after all, with its key
        seeded.client("alice").status_post("Posted exactly once",
                                           idempotency_key=stored_draft(app).idempotency_key)
        assert len(own_statuses(seeded)) == before + 1
        await pilot.press("ctrl+s")  # retry: the same idempotency key
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await wait_for(pilot, lambda: stored_draft(app) is None)
    texts = [s["content"] for s in own_statuses(seeded)]
    assert sum("Posted exactly once" in text for text in texts) == 1


async def test_a_server_error_keeps_the_draft_and_its_reason(
        make_writer_app: Any, seeded: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # the draft writer stores nothing until the send failed (as on a busy machine)
    gate = threading.Event()
    write = DraftWriter._write_pending

    def late(writer: DraftWriter) -> None:
        gate.wait(30)
        write(writer)

    monkeypatch.setattr(DraftWriter, "_write_pending", late)
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        try:
            await loaded(pilot)
            await pilot.press("c")
            screen = await composing(pilot)
            await pilot.press(*"Try again later")
            with seeded.fault(path="/api/v1/statuses", methods=["POST"], status=500):
                await pilot.press("ctrl+s")
                await wait_for(pilot, lambda: "HTTP 500" in status_line(screen))
        finally:
            gate.set()
        assert isinstance(pilot.app.screen, ComposeScreen)
        await wait_for(pilot, lambda: "HTTP 500" in stored_error(pilot.app))
        assert stored_draft(pilot.app).text == "Try again later"


async def test_a_422_shows_the_servers_own_message(make_writer_app: Any, seeded: Any) -> None:
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        screen = await composing(pilot)
        await pilot.press(*"Something the server dislikes")
        with seeded.fault(path="/api/v1/statuses", methods=["POST"], status=422,
                          body={"error": "Validation failed: Text contains a banned word"}):
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: "Text contains a banned word" in status_line(screen))


async def rate_limited(pilot: Any, seeded: Any, text: str,
                       wait: int) -> tuple[TimelinePane, ComposeScreen]:
    """`text` written and sent, and the server's 429 (retry after `wait` s) being counted
    down in the editor."""
    pane = await loaded(pilot)
    await pilot.press("c")
    screen = await composing(pilot)
    await pilot.press(*text)
    seeded.fault(path="/api/v1/statuses", methods=["POST"], type="ratelimit",
                 headers={"Retry-After": str(wait)}, count=1)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: f"sending again in {wait} s" in status_line(screen))
    return pane, screen


async def test_a_429_waits_as_told_while_the_ui_stays_usable(make_writer_app: Any,
                                                             seeded: Any) -> None:
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        pane, screen = await rate_limited(pilot, seeded, "Patience", 3)
        await pilot.press(*" pays")  # still typing while it waits
        await wait_for(pilot, lambda: text_of(screen) == "Patience pays")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await wait_for(pilot, lambda: "Patience pays" in pane.status_list.items[0].content)
    texts = [s["content"] for s in own_statuses(seeded)]
    assert sum("Patience" in text for text in texts) == 1


async def test_over_the_limit_is_said_and_not_sent(make_writer_app: Any) -> None:
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        screen = await composing(pilot)
        screen.query_one("#compose-text").text = "x" * (screen.limits.max_characters + 5)
        await wait_for(pilot, lambda: screen.query_one("#compose-count").has_class("over"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "characters over the limit" in status_line(screen))
        assert isinstance(pilot.app.screen, ComposeScreen)


async def test_ctrl_e_says_when_the_terminal_cannot_lend_the_screen(
        make_writer_app: Any) -> None:
    async with make_writer_app().run_test(size=(120, 40)) as pilot:  # headless: no suspend
        await loaded(pilot)
        await pilot.press("c")
        screen = await composing(pilot)
        await pilot.press(*"kept as it is", "ctrl+e")
        await wait_for(pilot, lambda: "cannot hand the screen" in status_line(screen))
        assert text_of(screen) == "kept as it is"


async def test_q_while_writing_asks_and_keeps_the_draft(make_writer_app: Any) -> None:
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        store = pilot.app.context.drafts
        key = pilot.app.context.account_key
        await pilot.press("c")
        screen = await composing(pilot)
        await pilot.press(*"Half a thought")
        await pilot.press("tab")  # to the visibility list: q is a key there, not a letter
        assert screen.query_one("#compose-visibility").has_focus
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("up", "enter")  # the last answer: go back to writing
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        assert pilot.app.is_running and text_of(screen) == "Half a thought"
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("enter")  # the highlighted answer: quit and keep the draft
        await wait_for(pilot, lambda: not pilot.app.is_running)
    assert [d.text for d in store.unfinished(key)] == ["Half a thought"]
    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("enter")  # the draft is offered again
        screen = await composing(pilot)
        assert text_of(screen) == "Half a thought"
        await pilot.press("tab", "q")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # quit and discard it
        await wait_for(pilot, lambda: not pilot.app.is_running)
    assert store.unfinished(key) == []


async def test_a_reply_sent_from_a_thread_appears_under_its_parent(make_writer_app: Any,
                                                                   seeded: Any) -> None:
    from fedtui.ui.screens.thread import ThreadScreen

    async with make_writer_app().run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        items = pane.status_list.items
        pane.status_list.highlighted = next(
            i for i, s in enumerate(items) if "Good morning" in s.content)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ThreadScreen))
        thread_screen = pilot.app.screen
        thread = thread_screen.query_one("#thread")
        await wait_for(pilot, lambda: len(thread.items) == 2)
        thread.highlighted = 0  # reply to the first post, which already has a reply
        await pilot.press("r")
        screen = await composing(pilot)
        await pilot.press(*"Seen from the thread")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: pilot.app.screen is thread_screen)
        await wait_for(pilot, lambda: len(thread.items) == 3)
        reply = thread.items[2]
        assert "Seen from the thread" in reply.content
        assert reply.in_reply_to_id == thread.items[0].id
        assert thread_screen.state.depth(reply.id) == 1
        assert thread.highlighted == 2
        assert not screen.is_attached
    assert "Seen from the thread" in own_statuses(seeded)[0]["content"]
