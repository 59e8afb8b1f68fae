"""The one place that turns a task (`fedtui.core.prompts.FewShotTask`) into model input.

- BASE models (the embedded Gemma 3 270M) get a completion-style few-shot prompt: the
  instruction, labelled examples separated by blank lines, then the query and the output
  label; generation stops at the next label or blank line.
- CHAT models get messages: the instruction as the system turn, each example as a user and
  assistant turn, then the query as the last user turn (the GGUF's template does the rest).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from fedtui.core.prompts import FewShotTask
from fedtui.core.translate import TaskRunner
from fedtui.llm.backend import CancelToken, ChatMessage, GenerationParams, LocalModel, ModelKind

_BLANK_LINES = re.compile(r"\n\s*\n+")


@dataclass(frozen=True, slots=True)
class RenderedTask:
    """What to send: `prompt` for a BASE model, `messages` for a CHAT model, plus stops;
    `examples_end`: where the prompt's instruction and examples end (before the query)."""

    kind: ModelKind
    prompt: str
    messages: tuple[ChatMessage, ...]
    stop: tuple[str, ...]
    examples_end: int = 0


def _one_block(text: str) -> str:
    """Text without blank lines (a blank line ends an answer in a base prompt)."""
    return _BLANK_LINES.sub("\n", text.strip().replace("\r\n", "\n"))


def base_stops(task: FewShotTask) -> tuple[str, ...]:
    return ("\n\n", f"\n{task.input_label}:", f"\n{task.output_label}:")


def render_base(task: FewShotTask) -> tuple[str, tuple[str, ...]]:
    """A few-shot completion prompt ending with the output label, and its stop sequences."""
    blocks = [task.instruction.strip()] if task.instruction.strip() else []
    for source, target in task.examples:
        blocks.append(
            f"{task.input_label}: {_one_block(source)}\n{task.output_label}: {_one_block(target)}"
        )
    blocks.append(f"{task.input_label}: {_one_block(task.query)}\n{task.output_label}:")
    return "\n\n".join(blocks), base_stops(task)


def render_chat(task: FewShotTask) -> tuple[tuple[ChatMessage, ...], tuple[str, ...]]:
    """System instruction, examples as user/assistant turns, the query last; and stops."""
    messages: list[ChatMessage] = []
    if task.instruction.strip():
        messages.append(ChatMessage("system", task.instruction.strip()))
    for source, target in task.examples:
        messages.append(ChatMessage("user", f"{task.input_label}: {source.strip()}"))
        messages.append(ChatMessage("assistant", target.strip()))
    messages.append(ChatMessage("user", f"{task.input_label}: {task.query.strip()}"))
    return tuple(messages), (f"\n{task.input_label}:",)


def render(task: FewShotTask, kind: ModelKind) -> RenderedTask:
    if kind is ModelKind.CHAT:
        messages, stop = render_chat(task)
        return RenderedTask(kind=kind, prompt="", messages=messages, stop=stop)
    prompt, stop = render_base(task)
    examples_end = prompt.rfind("\n\n") + 2 if task.examples or task.instruction.strip() else 0
    return RenderedTask(kind=kind, prompt=prompt, messages=(), stop=stop,
                        examples_end=examples_end)


def run_task(
    model: LocalModel,
    task: FewShotTask,
    params: GenerationParams,
    cancel: CancelToken | None = None,
) -> Iterator[str]:
    """Render `task` for `model.kind` and stream the answer (stops merged into `params`)."""
    rendered = render(task, model.kind)
    merged = replace(params, stop=tuple(dict.fromkeys((*params.stop, *rendered.stop))),
                     examples_end=rendered.examples_end)
    if rendered.kind is ModelKind.CHAT:
        return model.chat(rendered.messages, merged, cancel)
    return model.complete(rendered.prompt, merged, cancel)


def task_runner(model: LocalModel, cancel: CancelToken | None = None) -> TaskRunner:
    """The core pipelines' `TaskRunner` over a loaded model (greedy decoding)."""

    def runner(task: FewShotTask, *, max_tokens: int, stop: tuple[str, ...],
               logprobs: list[float] | None = None, guide: str = "") -> Iterable[str]:
        params = GenerationParams(max_tokens=max_tokens, stop=stop, logprobs=logprobs,
                                  guide=guide)
        return run_task(model, task, params, cancel)

    return runner
