"""Prompt formats: few-shot completion prompts for base models, messages for chat models."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from fedtui.core.prompts import FewShotTask, clean_answer
from fedtui.llm.backend import CancelToken, ChatMessage, GenerationParams, ModelKind
from fedtui.llm.formats import render, render_base, render_chat, run_task

TASK = FewShotTask(
    instruction="Translate German posts into English.",
    examples=[("Guten Morgen", "Good morning"), ("Danke schön!", "Thank you!")],
    query="Wo ist der Bahnhof?",
    input_label="German",
    output_label="English",
)


def test_base_prompt_is_labelled_few_shot_ending_with_the_output_label() -> None:
    prompt, stop = render_base(TASK)
    assert prompt == (
        "Translate German posts into English.\n\n"
        "German: Guten Morgen\nEnglish: Good morning\n\n"
        "German: Danke schön!\nEnglish: Thank you!\n\n"
        "German: Wo ist der Bahnhof?\nEnglish:"
    )
    assert stop == ("\n\n", "\nGerman:", "\nEnglish:")


def test_base_prompt_keeps_each_text_in_one_block() -> None:
    task = FewShotTask("", [("eins\n\n\nzwei", "one\n \ntwo")], "  drei\r\n\r\nvier  ",
                       "de", "en")
    prompt, _ = render_base(task)
    assert prompt == "de: eins\nzwei\nen: one\ntwo\n\nde: drei\nvier\nen:"
    assert "\n\n" not in prompt.split("\n\n")[-1]


def test_chat_messages_are_system_then_example_turns_then_query() -> None:
    messages, stop = render_chat(TASK)
    assert messages == (
        ChatMessage("system", "Translate German posts into English."),
        ChatMessage("user", "German: Guten Morgen"),
        ChatMessage("assistant", "Good morning"),
        ChatMessage("user", "German: Danke schön!"),
        ChatMessage("assistant", "Thank you!"),
        ChatMessage("user", "German: Wo ist der Bahnhof?"),
    )
    assert stop == ("\nGerman:",)


def test_a_base_prompt_says_where_its_instruction_and_examples_end() -> None:
    """Before the query, whose text differs from one prompt to the next (a backend keeps
    one processed prompt per set of examples, `fedtui.llm.prompt_states`)."""
    rendered = render(TASK, ModelKind.BASE)
    assert rendered.prompt[: rendered.examples_end] == (
        "Translate German posts into English.\n\n"
        "German: Guten Morgen\nEnglish: Good morning\n\n"
        "German: Danke schön!\nEnglish: Thank you!\n\n"
    )
    bare = render(FewShotTask("", [], "Wo ist der Bahnhof?", "de", "en"), ModelKind.BASE)
    assert bare.examples_end == 0


def test_render_picks_the_format_by_kind() -> None:
    base = render(TASK, ModelKind.BASE)
    chat = render(TASK, ModelKind.CHAT)
    assert base.prompt.endswith("English:") and base.messages == ()
    assert chat.prompt == "" and chat.messages[0].role == "system"


class Recorder:
    def __init__(self, kind: ModelKind) -> None:
        self.kind = kind
        self.calls: list[tuple[str, object, GenerationParams]] = []

    name = "rec"
    context_length = 100

    def count_tokens(self, text: str) -> int:
        return len(text)

    def complete(self, prompt: str, params: GenerationParams,
                 cancel: CancelToken | None = None) -> Iterator[str]:
        self.calls.append(("complete", prompt, params))
        return iter([" Where is", " the station?"])

    def chat(self, messages: Sequence[ChatMessage], params: GenerationParams,
             cancel: CancelToken | None = None) -> Iterator[str]:
        self.calls.append(("chat", tuple(messages), params))
        return iter(["English: Where is the station?"])


def test_run_task_sends_a_prompt_to_base_models_with_merged_stops() -> None:
    model = Recorder(ModelKind.BASE)
    out = "".join(run_task(model, TASK, GenerationParams(max_tokens=20, stop=("\n\n", "###"))))
    method, prompt, params = model.calls[0]
    assert method == "complete" and prompt == render_base(TASK)[0]
    assert params.stop == ("\n\n", "###", "\nGerman:", "\nEnglish:")
    assert params.max_tokens == 20
    assert prompt[params.examples_end:] == "German: Wo ist der Bahnhof?\nEnglish:"
    assert clean_answer(out, TASK) == "Where is the station?"


def test_run_task_sends_messages_to_chat_models() -> None:
    model = Recorder(ModelKind.CHAT)
    out = "".join(run_task(model, TASK, GenerationParams()))
    method, messages, _ = model.calls[0]
    assert method == "chat" and messages == render_chat(TASK)[0]
    assert clean_answer(out, TASK) == "Where is the station?"
