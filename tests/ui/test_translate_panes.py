"""Auto-translate over four panes, and streamed tokens that never make the model wait.

A scripted model for speed (the real one: tests/model/test_model_load.py)."""

from __future__ import annotations

import threading
from typing import Any

from fedtui.app.translation_desk import TranslationDesk
from fedtui.core.panes import PaneKind
from fedtui.ui.widgets.pane import TimelinePane
from tests.ui.conftest import card, wait_for
from tests.ui.test_translate import ENGLISH, GERMAN, ScriptedModel, make_app


def pane_of(app: Any, kind: PaneKind) -> TimelinePane:
    return next(p for p in app.screen.query(TimelinePane) if p.spec.kind is kind)


async def test_a_translation_another_pane_still_shows_is_not_cancelled(mock_server: Any) -> None:
    """Home shows a followers-only German post; moving in Local (which does not show it) no
    longer cancels its translation: each pane used to cancel all but its own window."""
    bob = mock_server.client("bob")
    for number in range(3):
        bob.status_post(f"A public English note, number {number}.", language="en")
    bob.status_post(GERMAN, language="de", visibility="private")
    gate = threading.Event()
    model = ScriptedModel(ENGLISH, gate)
    app = make_app(mock_server, model, auto_translate=True)
    async with app.run_test(size=(160, 48)) as pilot:
        home, local = pane_of(app, PaneKind.HOME), pane_of(app, PaneKind.LOCAL)
        await wait_for(pilot, lambda: len(home.status_list.items) == 4
                       and len(local.status_list.items) >= 3)
        assert GERMAN not in "".join(card(local, i) for i in range(3))
        await wait_for(pilot, lambda: "Tomorrow morning ▍" in card(home, 0))  # held mid-way
        desk = app.translation_desk()
        assert desk is not None
        await pilot.press("l", "l")
        await wait_for(pilot, lambda: local.status_list.has_focus)
        await pilot.press("j", "j", "k")
        await wait_for(pilot, lambda: desk.board.focused == id(local.status_list))
        gate.set()
        await wait_for(pilot, lambda: "in front of the town hall." in card(home, 0)
                       and "▍" not in card(home, 0))
        assert len(model.prompts) == 1  # translated once, never cancelled and restarted


async def test_posts_a_translation_pushes_off_screen_are_not_counted_on_it(
        mock_server: Any) -> None:
    """A pane says which posts are on its screen by its cards' heights, and says it again
    when translations make cards taller: the posts pushed below the fold then wait behind
    those still on screen (they were counted on screen until the cursor moved)."""
    bob = mock_server.client("bob")
    for _ in range(6):
        bob.status_post(" ".join([GERMAN] * 3), language="de")
    app = make_app(mock_server, ScriptedModel(ENGLISH), auto_translate=True)
    async with app.run_test(size=(60, 30)) as pilot:  # one pane
        home = pane_of(app, PaneKind.HOME)
        posts = home.status_list
        await wait_for(pilot, lambda: len(posts.items) == 6)
        desk = app.translation_desk()
        assert desk is not None

        def on_screen() -> tuple[str, ...]:
            return tuple(posts.card_at(index).id for index in posts.visible_range())

        def reported() -> tuple[str, ...]:
            window = desk.board.windows.get(id(posts))
            return window.visible if window is not None else ()

        await wait_for(pilot, lambda: all("town hall." in card(home, i) and "▍" not in card(home, i)
                                          for i in posts.visible_range()))
        await wait_for(pilot, lambda: reported() == on_screen())
        assert 0 < len(on_screen()) < 6


class BurstModel(ScriptedModel):
    """Streams `count` tokens in one go, then says so (`finished`)."""

    def __init__(self, count: int) -> None:
        super().__init__(" ".join(["word"] * count))
        self.finished = threading.Event()

    def complete(self, prompt: str, params: Any, cancel: Any = None) -> Any:
        yield from super().complete(prompt, params, cancel)
        self.finished.set()


async def test_streamed_tokens_never_wait_for_the_ui_and_repaint_once_per_frame(
        mock_server: Any) -> None:
    """The UI thread is held while the model streams 300 tokens: the model finishes anyway
    (it used to wait for the UI thread at every token), and the post is repainted a few
    times, not once per token."""
    mock_server.client("bob").status_post(GERMAN, language="de")
    model = BurstModel(300)
    app = make_app(mock_server, model)
    async with app.run_test(size=(160, 48)) as pilot:
        pane = pane_of(app, PaneKind.HOME)
        await wait_for(pilot, lambda: len(pane.status_list.items) == 1)
        repaints: list[str] = []
        original = app.repaint_status

        def counted(status_id: str) -> None:
            repaints.append(status_id)
            original(status_id)

        app.repaint_status = counted  # type: ignore[method-assign]
        await pilot.press("t")
        await wait_for(pilot, lambda: bool(model.prompts))
        assert model.finished.wait(30), "the model waited for the UI thread"  # UI held here
        await wait_for(pilot, lambda: "could not translate" in card(pane)
                       or ("word word" in card(pane) and "▍" not in card(pane)), timeout=20)
        assert 1 <= len(repaints) <= 10



async def test_a_post_found_foreign_after_the_cached_page_is_auto_translated(
        mock_server: Any, monkeypatch: Any) -> None:
    """Tagged English, written in German, on the cached page of the last run: that page is
    on screen before the detector decides (held here until it is); the fresh page brings
    the same posts with their languages, and auto-translate asks for it without a key."""
    mock_server.client("bob").status_post(GERMAN, language="en")
    first = make_app(mock_server, ScriptedModel(ENGLISH), auto_translate=False)
    async with first.run_test(size=(160, 48)) as pilot:
        home = pane_of(first, PaneKind.HOME)
        await wait_for(pilot, lambda: len(home.status_list.items) == 1)
    detector_may_run = threading.Event()
    decide = TranslationDesk.decide

    def held_decide(desk: TranslationDesk, statuses: Any) -> None:
        detector_may_run.wait(30)
        decide(desk, statuses)

    monkeypatch.setattr(TranslationDesk, "decide", held_decide)
    model = ScriptedModel(ENGLISH)
    app = make_app(mock_server, model, auto_translate=True)
    async with app.run_test(size=(160, 48)) as pilot:
        home = pane_of(app, PaneKind.HOME)
        await wait_for(pilot, lambda: "cached" in home.status_text
                       and home.status_list.highlighted == 0)
        await pilot.pause()
        detector_may_run.set()
        await wait_for(pilot, lambda: "cached" not in home.status_text)
        await wait_for(pilot, lambda: "town hall." in card(home, 0), timeout=20)
        assert len(model.prompts) == 1


async def test_posts_in_the_language_just_translated_go_next(mock_server: Any) -> None:
    """Three foreign posts on screen, French between two German ones: while the top one
    (German) is translated, the other German post is next (the model's prompt for German
    is still cached), then the French one, which was above it on screen."""
    bob = mock_server.client("bob")
    # Each says what the scripted answer says (a time it lacks would ask for a second decode).
    bob.status_post("Morgen früh demonstrieren wir vor dem Rathaus.", language="de")
    bob.status_post("Demain matin, nous manifestons devant la mairie.", language="fr")
    bob.status_post(GERMAN, language="de")
    gate = threading.Event()
    model = ScriptedModel(ENGLISH, gate)
    app = make_app(mock_server, model, auto_translate=True)
    async with app.run_test(size=(160, 48)) as pilot:
        home = pane_of(app, PaneKind.HOME)
        await wait_for(pilot, lambda: len(home.status_list.items) == 3)
        await wait_for(pilot, lambda: "Tomorrow morning ▍" in card(home, 0))
        desk = app.translation_desk()
        assert desk is not None
        await wait_for(pilot, lambda: desk.scheduler.pending() == [
            home.status_list.items[2].id, home.status_list.items[1].id])
        gate.set()
        await wait_for(pilot, lambda: len(model.prompts) == 3
                       and all("town hall." in card(home, i) for i in range(3)))
    assert [prompt.split("\n", 1)[0] for prompt in model.prompts] == [
        "Translate German social media posts into English.",
        "Translate German social media posts into English.",
        "Translate French social media posts into English."]
