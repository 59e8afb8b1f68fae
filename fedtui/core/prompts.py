"""Task descriptions for the language model, independent of any model or prompt format.

`fedtui.llm.formats` renders a task for the active model (few-shot completion prompt for a
base model, chat messages for an instruction-tuned one). Pure data: no I/O, no llm import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FewShotTask:
    """An instruction, worked examples (input, output) and the query to answer.

    The instruction and examples are fedtui's own text, never a post's, a name's or the
    reader's (those go in `query`): a backend may keep them processed on disk
    (`fedtui.llm.stored_examples`)."""

    instruction: str
    examples: Sequence[tuple[str, str]]
    query: str
    input_label: str
    output_label: str


def clean_answer(text: str, task: FewShotTask) -> str:
    """The streamed answer without surrounding space or a repeated output label."""
    answer = text.strip()
    label = f"{task.output_label}:"
    if answer.startswith(label):
        answer = answer[len(label):].strip()
    return answer
