"""`t` in the App: the pipeline runs through the scheduler with a scripted model for speed.

The same keys with the real embedded model are in tests/model/test_translate_ui.py.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

import pytest

from fedtui.app.context import AccountRef
from fedtui.cli import build_context
from fedtui.config import default_config
from fedtui.errors import ModelUnavailable
from fedtui.llm.backend import CancelToken, ChatMessage, GenerationParams, ModelKind
from fedtui.ui.app import FedtuiApp
from fedtui.ui.screens.home import HomeScreen
from tests.ui.conftest import card, wait_for

GERMAN = "Morgen früh gibt es eine Demonstration vor dem Rathaus gegen die Mieterhöhungen."
ENGLISH = "Tomorrow morning there is a demonstration in front of the town hall."


class ScriptedModel:
    """Answers every prompt with one English sentence, a word at a time."""

    name = "scripted"
    kind = ModelKind.BASE
    context_length = 2048

    def __init__(self, answer: str, gate: threading.Event | None = None,
                 logprob: float | None = None) -> None:
        self.answer = answer
        self.gate = gate
        self.logprob = logprob  # each word's log-probability, when the model reports them
        self.prompts: list[str] = []
        self.guides: list[str] = []

    def complete(self, prompt: str, params: GenerationParams,
                 cancel: CancelToken | None = None) -> Iterator[str]:
        self.prompts.append(prompt)
        self.guides.append(params.guide)
        for index, word in enumerate(self.answer.split(" ")):
            if index == 2 and self.gate is not None:
                self.gate.wait(10)
            if cancel is not None and cancel.cancelled:
                return
            if self.logprob is not None and params.logprobs is not None:
                params.logprobs.append(self.logprob)
            yield word if index == 0 else f" {word}"
        yield "\n"

    def chat(self, messages: Sequence[ChatMessage], params: GenerationParams,
             cancel: CancelToken | None = None) -> Iterator[str]:
        raise NotImplementedError

    def count_tokens(self, text: str) -> int:
        return len(text.split())


class ScriptedRegistry:
    def __init__(self, model: ScriptedModel) -> None:
        self.model = model

    def active_name(self) -> str:
        return self.model.name

    def load(self, **options: Any) -> ScriptedModel:
        return self.model

    def take_notice(self) -> str | None:
        return None


@pytest.fixture
def german_post(mock_server: Any) -> Any:
    mock_server.client("bob").status_post(GERMAN, language="de")
    return mock_server


def make_app(server: Any, model: ScriptedModel, **translation: Any) -> FedtuiApp:
    config = default_config({"LANG": "en_US.UTF-8"})
    config = replace(config, translation=replace(config.translation, **translation))
    context = build_context(config, AccountRef(server.base_url, "alice_token", "alice"))
    context.models = lambda: ScriptedRegistry(model)  # type: ignore[assignment,return-value]
    return FedtuiApp(context)




async def test_t_streams_a_labelled_translation_and_t_again_shows_the_original(
        german_post: Any) -> None:
    gate = threading.Event()
    model = ScriptedModel(ENGLISH, gate)
    async with make_app(german_post, model).run_test(size=(160, 48)) as pilot:
        assert isinstance(pilot.app.screen, HomeScreen)
        pane = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) == 1)
        await wait_for(pilot, lambda: "[German]" in card(pane))
        await pilot.press("t")
        await wait_for(pilot, lambda: "Tomorrow morning ▍" in card(pane))
        gate.set()
        # Finished, not only arrived: the streaming cursor is gone and the label is final.
        await wait_for(pilot, lambda: "in front of the town hall." in card(pane)
                       and "▍" not in card(pane))
        text = card(pane)
        assert ("machine translation · German → English · likely right · scripted · on this "
                "device" in text)
        assert GERMAN in text  # the original stays above its translation
        assert "Morgen früh" in model.prompts[0]
        await pilot.press("t")
        await wait_for(pilot, lambda: "machine translation" not in card(pane))
        await pilot.press("t")  # the second look comes from the cache, no new generation
        await wait_for(pilot, lambda: "town hall." in card(pane))
        assert len(model.prompts) == 1


async def test_an_echo_is_never_shown_as_a_translation(german_post: Any) -> None:
    model = ScriptedModel(GERMAN)
    async with make_app(german_post, model).run_test(size=(160, 48)) as pilot:
        pane = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) == 1)
        await pilot.press("t")
        await wait_for(pilot, lambda: "could not translate" in card(pane))
        assert card(pane).count("Morgen früh") == 1
        assert card(pane).count("could not translate") == 1  # said once, with the reason
        assert "(it repeated the original)" in card(pane)
        assert len(model.prompts) == 3  # retried with two other prompts first


class FailingModel(ScriptedModel):
    def complete(self, prompt: str, params: GenerationParams,
                 cancel: CancelToken | None = None) -> Iterator[str]:
        raise ModelUnavailable("The model gemma3 has been unloaded.")


async def test_a_model_error_is_said_once_with_its_reason(german_post: Any) -> None:
    async with make_app(german_post, FailingModel(ENGLISH)).run_test(size=(160, 48)) as pilot:
        pane = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) == 1)
        await pilot.press("t")
        await wait_for(pilot, lambda: "could not translate" in card(pane))
        assert card(pane).count("could not translate") == 1
        assert "this post: The model gemma3 has been unloaded." in card(pane)


@pytest.mark.parametrize("auto", [False, True])
async def test_a_low_confidence_translation_sits_under_the_original_with_its_mark(
        german_post: Any, auto: bool) -> None:
    """A model unsure of every word: its answer is shown under the original, labelled "may
    be wrong", never in its place (by `t` and by auto-translate alike)."""
    model = ScriptedModel(ENGLISH, logprob=-2.0)
    async with make_app(german_post, model, auto_translate=auto).run_test(
            size=(160, 48)) as pilot:
        pane = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) == 1)
        if not auto:
            await pilot.press("t")
        await wait_for(pilot, lambda: "may be wrong" in card(pane) and "▍" not in card(pane))
        text = card(pane)
        label = "machine translation · German → English · may be wrong · scripted"
        assert label in text
        assert text.index(GERMAN) < text.index(label) < text.index("in front of the town hall")
        assert "⚠ May be wrong: the model was unsure. The original is above." in text
        assert len(model.prompts) == 1


async def test_t_on_a_post_already_in_the_readers_language_says_so(mock_server: Any) -> None:
    """Untagged English: the detector decides it (tags are often wrong), and neither
    "English → English" nor the text twice is shown; the model is not asked."""
    mock_server.client("bob").status_post("The town hall opens at nine tomorrow morning.")
    model = ScriptedModel(ENGLISH)
    async with make_app(mock_server, model).run_test(size=(160, 48)) as pilot:
        pane = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) == 1)
        desk = pilot.app.translation_desk()
        assert desk is not None
        await wait_for(pilot, lambda: desk.language_of(pane.status_list.items[0]) == "en")
        await pilot.press("t")
        await wait_for(pilot, lambda: "already in English · nothing to translate" in card(pane))
        assert "→" not in card(pane) and card(pane).count("town hall opens") == 1
        assert model.prompts == []
        await pilot.press("t")
        await wait_for(pilot, lambda: "already in English" not in card(pane))


async def test_auto_translate_translates_foreign_posts_as_they_come_into_view(
        german_post: Any) -> None:
    german_post.client("bob").status_post("An English post needs no translation.",
                                          language="en")
    model = ScriptedModel(ENGLISH)
    app = make_app(german_post, model, auto_translate=True)
    async with app.run_test(size=(160, 48)) as pilot:
        pane = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) == 2)
        await pilot.press("j", "k")
        await wait_for(pilot, lambda: "town hall." in card(pane, 1))
        assert "machine translation" not in card(pane, 0)
        assert len(model.prompts) == 1


async def test_a_translation_is_kept_on_disk_for_the_next_session(german_post: Any) -> None:
    first = ScriptedModel(ENGLISH)
    async with make_app(german_post, first).run_test(size=(160, 48)) as pilot:
        pane = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) == 1)
        await pilot.press("t")
        await wait_for(pilot, lambda: "town hall." in card(pane))
    second = ScriptedModel("this model must not be asked")
    async with make_app(german_post, second).run_test(size=(160, 48)) as pilot:
        pane = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) == 1)
        await pilot.press("t")
        await pilot.pause()
        assert "town hall." in card(pane)
        assert second.prompts == []


async def test_ctrl_t_in_compose_translates_the_draft_and_keeps_the_original(
        german_post: Any) -> None:
    from fedtui.ui.screens.compose import ComposeScreen

    model = ScriptedModel("Guten Morgen an alle im Garten.")
    async with make_app(german_post, model).run_test(size=(120, 40)) as pilot:
        pane = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) == 1)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ComposeScreen))
        screen = pilot.app.screen
        await wait_for(pilot, lambda: not screen.query_one("#compose-text").disabled)
        original = "Good morning to everyone in the garden."
        await pilot.press(*original)
        language = screen.query_one("#compose-language")
        language.value = "de"
        await pilot.press("ctrl+t")
        box = screen.query_one("#compose-text")
        await wait_for(pilot, lambda: box.text == "Guten Morgen an alle im Garten.")
        status = str(screen.query_one("#compose-status").render())
        assert "English → German · scripted · on this device" in status
        await pilot.press("ctrl+t")
        assert box.text == original


def test_a_translation_and_a_thread_keep_their_rule_on_every_wrapped_line() -> None:
    from fedtui.app.translation_desk import TranslationView, ViewState
    from fedtui.core.model import Status
    from fedtui.core.translation_result import Confidence, StatusTranslation, Translation
    from fedtui.ui.post_view import ViewOptions, status_content

    status = Status.from_api({
        "id": "1", "created_at": "2026-11-26T08:00:00Z", "language": "de",
        "content": "<p>Heute war ein langer Tag im Garten, und die Tomaten sind endlich reif "
                   "geworden, nach einem sehr kalten Frühling.</p>",
        "account": {"id": "2", "username": "greta", "acct": "greta", "display_name": "Greta"},
    })
    english = Translation("Today was a long day in the garden, and the tomatoes have finally "
                          "ripened after a very cold spring.", "de", "en", "gemma3-270m",
                          Confidence.HIGH, 1)
    view = TranslationView(ViewState.DONE, True, result=StatusTranslation(english, None, (), ()))
    card = status_content(status, ViewOptions(now=status.created_at, translation=view,
                                              model_name="gemma3-270m", depth=2, width=36))
    lines = str(card).split("\n")
    assert all(line.startswith("│ │ ") and len(line) <= 36 for line in lines)
    block = [line for line in lines if "┃" in line]
    assert len(block) >= 5  # label and text wrapped at 36 cells, each line ruled
    first = lines.index(block[0])
    assert all(line.startswith("│ │ ┃ ") for line in lines[first:first + len(block)])


async def test_a_language_badge_appears_when_the_language_is_known(mock_server: Any) -> None:
    """A German post tagged English: the cached page paints before the detector ran (no
    badge); once the server's page is in and its language decided, the badge is drawn,
    without a resize."""
    mock_server.client("bob").status_post(GERMAN, language="en")
    model = ScriptedModel(ENGLISH)
    async with make_app(mock_server, model).run_test(size=(160, 48)) as pilot:
        pane = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: "up to date" in pane.status_text
                       or "live" in pane.status_text)
    async with make_app(mock_server, model).run_test(size=(160, 48)) as pilot:
        pane = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) == 1)
        await wait_for(pilot, lambda: "[German]" in card(pane))
        await wait_for(pilot, lambda: "live" in pane.status_text)
        mock_server.client("bob").status_post(GERMAN.replace("Morgen", "Heute"), language="en")
        await wait_for(pilot, lambda: "Heute" in card(pane) and "[German]" in card(pane))


async def test_a_damaged_list_of_models_is_said_when_translating(german_post: Any,
                                                                tmp_path: Any) -> None:
    from fedtui.llm.registry import ModelRegistry

    model = ScriptedModel(ENGLISH)

    class Registry(ModelRegistry):  # the real list of models; the scripted model loads
        def load(self, *args: Any, **options: Any) -> Any:
            return model

    (tmp_path / "models.json").write_text('{"active": "mine", "mod', "utf-8")
    app = make_app(german_post, model)
    app.context.models = lambda: Registry(tmp_path)
    said: list[str] = []
    app.notify = lambda message, **kw: said.append(str(message))  # type: ignore
    async with app.run_test(size=(160, 48)) as pilot:
        pane = pilot.app.screen.panes[0]
        await wait_for(pilot, lambda: len(pane.status_list.items) == 1)
        await pilot.press("t")
        await wait_for(pilot, lambda: "town hall." in card(pane))
        await wait_for(pilot, lambda: any("was damaged" in s for s in said))
    [aside] = tmp_path.glob("models.json.corrupt-*")
    assert aside.read_text("utf-8") == '{"active": "mine", "mod'
    damaged = [s for s in said if "was damaged" in s]
    assert len(damaged) == 1 and str(aside) in damaged[0]  # said once, where it went
