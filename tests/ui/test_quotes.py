"""Quoted posts on the screen and what the screen says after a post went out: real keys, the
real App, Mastodon.py against mastodon-mock and against the minimal relay in front of it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from textual.content import Content

from fedtui.core.capabilities import SAYINGS, Feature
from fedtui.core.model import Quote, Status
from fedtui.core.quoted import QUOTE_LINES
from fedtui.ui.keymap import specs_by_id
from fedtui.ui.post_view import ViewOptions, status_content
from fedtui.ui.quote_box import quote_box
from fedtui.ui.screens.compose import ComposeScreen
from fedtui.ui.screens.compose_send import NO_SCHEDULE
from fedtui.ui.screens.home import HomeScreen
from fedtui.ui.screens.thread import ThreadScreen
from fedtui.ui.widgets.key_hints import KeyHints
from tests.integration.minimal_server import MinimalServer
from tests.ui.conftest import card, wait_for
from tests.ui.test_compose import composing, loaded, own_statuses, status_line
from tests.ui.test_servers import highlight

OPENS = "i opens it"  # the key of `post.open_quote`, unless remapped

HOSTILE = "Original [/] thought [bold]x\x1b[31m"
NOW = datetime(2026, 8, 2, 12, 0, tzinfo=UTC)


def quoted_post(text: str = "<p>" + "long words here " * 60 + "</p>", **fields: Any) -> Status:
    return Status.from_api({"id": "1", "content": "<p>look</p>", "quote": {
        "state": "accepted", "quoted_status": {
            "id": "9", "content": text, "created_at": "2026-08-02T11:00:00Z",
            "account": {"id": "3", "acct": "carol", "display_name": "Carol"}, **fields}}})


# -- the box (no App) ---------------------------------------------------------------------

@pytest.mark.parametrize("width", [20, 24, 39, 60, 120])
def test_the_box_fits_the_pane_and_stays_short(width: int) -> None:
    status = quoted_post(media_attachments=[{"id": "m", "type": "image", "description": "a"}])
    assert status.quote is not None
    box = quote_box(status.quote, False, "1h", width).split("\n")
    assert all(line.cell_length <= width for line in box)
    assert box[0].plain.startswith("╭ ❝ Carol") and box[-1].plain.startswith("╰ ")
    assert all(line.plain.startswith("│ ") for line in box[1:-1])
    text_lines = [line for line in box if "long words" in line.plain]
    assert len(text_lines) <= QUOTE_LINES and text_lines[-1].plain.endswith("…")
    assert len(box) <= 2 + QUOTE_LINES + 1  # author (wrapped at most once), text, media


def test_the_card_folds_its_own_text_and_keeps_the_box_whole() -> None:
    long = "<p>" + "many words in the quoting post " * 40 + "</p>"
    status = Status.from_api({"id": "1", "content": long, "account": {"acct": "bob"},
                              "quote": {"state": "accepted", "quoted_status": {
                                  "id": "9", "content": "<p>short</p>",
                                  "account": {"acct": "carol"}}}})
    shown = status_content(status, ViewOptions(now=NOW, width=39)).plain
    assert "more lines — press s to show" in shown
    assert "│ short" in shown or "╰ short" in shown


def test_hostile_text_in_the_box_is_shown_as_typed() -> None:
    status = quoted_post(f"<p>{HOSTILE}</p>", spoiler_text="[red]cw[/]")
    assert status.quote is not None
    closed = quote_box(status.quote, False, "1h", 60).plain
    assert "⚠ CW: [red]cw[/] — press s to show" in closed and "thought" not in closed
    opened = quote_box(status.quote, True, "1h", None)
    assert isinstance(opened, Content)
    assert "Original [/] thought [bold]x" in opened.plain and "\x1b" not in opened.plain


def test_a_quote_without_its_post_is_one_line() -> None:
    assert quote_box(Quote("deleted"), False, "", 40).plain == (
        "❝ The quoted post was deleted.")
    assert quote_box(Quote("accepted", None, "7"), False, "", 40).plain == (
        f"❝ It quotes another post. · {OPENS}")


def test_the_key_is_in_the_keymap_for_the_key_line_help_and_palette() -> None:
    spec = specs_by_id()["post.open_quote"]
    assert (spec.keys, spec.action) == ("i", "post('open_quote')") and spec.hint > 0


# -- the real App -----------------------------------------------------------------------

def quoting(server: Any) -> tuple[Any, Any]:
    quoted = server.client("carol").status_post(HOSTILE)
    quote = server.client("bob").status_post("Look at this", quoted_status_id=quoted["id"])
    return quoted, quote


async def test_a_quoted_post_is_shown_and_i_or_enter_opens_it(make_app: Any,
                                                             server: Any) -> None:
    quoted, _ = quoting(server)
    said: list[str] = []
    app = make_app(base_url=server.base_url)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        await wait_for(pilot, lambda: any("Look at this" in s.content
                                          for s in pane.status_list.items))
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore
        highlight(pane, "Look at this")
        shown = card(pane, pane.status_list.highlighted or 0)
        if server.minimal:  # the server sends no quotes: none shown, and `i` says so
            assert "❝" not in shown
            await pilot.press("i")
            await wait_for(pilot, lambda: "This post does not quote another post." in said)
            assert isinstance(app.screen, HomeScreen)
            return
        assert "❝ Carol @carol" in shown and OPENS in shown
        assert "Original [/] thought [bold]x" in shown and "\x1b" not in shown
        hints = " ".join(hint.plain for _, hint in app.screen.query_one(KeyHints).hints()[0])
        assert "i Quoted" in hints
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ThreadScreen))
        assert app.screen.focus_status.id == str(quoted["id"])
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("enter")  # the quoting post's thread: the quoted post under it
        await wait_for(pilot, lambda: isinstance(app.screen, ThreadScreen))
        thread = app.screen
        await wait_for(pilot, lambda: "esc to go back" in str(
            thread.query_one("#screen-title").render()))
        await pilot.press("j")
        entries = thread.query_one("#thread")
        assert entries.highlighted_status.id == str(quoted["id"])
        assert "❝ quoted by Bob" in card_of(entries)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is not thread
                       and isinstance(app.screen, ThreadScreen))
        assert app.screen.focus_status.id == str(quoted["id"])


def card_of(status_list: Any) -> str:
    return str(status_list.card_at(status_list.highlighted).content)


async def test_a_quote_the_server_dropped_is_said_and_q_says_it_calmly_after(
        make_writer_app: Any, minimal_server: Any, mock_server: Any) -> None:
    said: list[str] = []
    app = make_writer_app(base_url=minimal_server.base_url)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await loaded(pilot)
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore
        highlight(pane, "Good morning from bob")
        await pilot.press("Q")
        screen = await composing(pilot)
        await pilot.press(*"Worth reading")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        host = app.context.client().host
        await wait_for(pilot, lambda: any(s.startswith("Posted without the quote") for s in said))
        assert f"Posted without the quote: {host} does not support quote posts." in said
        assert "Posted." not in said
        assert sum("does not support quote posts" in s for s in said) == 1  # said once
        highlight(pane, "Good morning from bob")
        await pilot.press("Q")
        await wait_for(pilot, lambda: f"{SAYINGS[Feature.QUOTES]} (y copies its link.)" in said)
        assert isinstance(app.screen, HomeScreen)  # no composer for a quote it cannot send
        assert screen.keeping.finished
    assert "Worth reading" in own_statuses(mock_server)[0]["content"]


async def test_a_schedule_the_server_ignored_is_said_then_refused_before_sending(
        make_writer_app: Any, mock_server: Any) -> None:
    said: list[str] = []
    with MinimalServer(mock_server.base_url, "gotosocial-like") as relay:
        app = make_writer_app(base_url=relay.base_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await loaded(pilot)
            app.notify = lambda message, **kw: said.append(str(message))  # type: ignore
            await pilot.press("c")
            screen = await composing(pilot)
            await pilot.press(*"meant for later")
            screen.query_one("#compose-schedule").focus()
            await pilot.press(*"+2h")
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            host = app.context.client().host
            await wait_for(pilot, lambda: any(s.startswith("Published now") for s in said))
            assert f"Published now: {host} does not schedule posts." in said
            assert not any("Scheduled for" in s or s == "Posted." for s in said)
            # the next post meant for later: said before sending, refused, kept
            await pilot.press("c")
            screen = await composing(pilot)
            await wait_for(pilot, lambda: not screen.sender.can_schedule)
            await pilot.press(*"also for later")
            screen.query_one("#compose-schedule").focus()
            await pilot.press(*"+2h")
            assert NO_SCHEDULE in status_line(screen)  # as it is typed
            mark = relay.mark()
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: NO_SCHEDULE in status_line(screen))
            await wait_for(pilot, lambda: screen.keeping.kept_revision == screen.keeping.revision)
            assert isinstance(app.screen, ComposeScreen)
            assert "POST /api/v1/statuses" not in relay.since(mark)
            store = app.context.drafts
            assert store is not None
            kept = store.unfinished(app.context.account_key)
            assert [d.text for d in kept] == ["also for later"]
    texts = [s["content"] for s in own_statuses(mock_server)]
    assert any("meant for later" in t for t in texts)
    assert not any("also for later" in t for t in texts)


def test_a_thread_lists_each_quoted_post_once_under_the_first_post_quoting_it() -> None:
    from fedtui.core.thread_state import with_quoted

    def post(status_id: str, quotes: str | None = None, state: str = "accepted") -> Status:
        quote = {"state": state, "quoted_status": {
            "id": quotes, "content": "q", "account": {"acct": "carol"}}} if quotes else None
        return Status.from_api({"id": status_id, "content": "x", "quote": quote,
                                "account": {"acct": "bob", "display_name": "Bob"}})

    order = [post("1", quotes="9"), post("2", quotes="9"), post("3", quotes="1"),
             post("4", quotes="8", state="pending")]
    shown, depths, heads = with_quoted(order, {"1": 0, "2": 1, "3": 1, "4": 2})
    assert [s.id for s in shown] == ["1", "9", "2", "3", "4"]  # 1 is in the thread already
    assert depths["9"] == 1 and heads == {"9": "❝ quoted by Bob"}
