"""The contract every model backend fulfils: streaming completion and chat.

Backends are blocking and stream text pieces as the model produces them; callers run them
in a worker thread (the scheduler does). `cancel` is checked between tokens.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class ModelKind(StrEnum):
    BASE = "base"  # completion-style, few-shot prompts (the embedded Gemma 3 270M)
    CHAT = "chat"  # instruction-tuned, uses the chat template in its GGUF metadata


@dataclass(frozen=True, slots=True)
class ChatMessage:
    role: str  # "system", "user" or "assistant"
    content: str


@dataclass(frozen=True, slots=True)
class GenerationParams:
    max_tokens: int = 256
    temperature: float = 0.0
    stop: tuple[str, ...] = ()
    seed: int = 0
    # When a list: the backend appends each generated token's log-probability (if it can).
    logprobs: list[float] | None = None
    # Text the answer may largely repeat (an earlier answer to the same question, the
    # source of a round trip): a backend may check several of its tokens at once. The
    # answer is greedy decoding's either way (up to the rounding of a pass over several
    # tokens, `fedtui.llm.guided`); only the time differs.
    guide: str = ""
    # How many of the prompt's first characters are its instruction and few-shot examples,
    # which later prompts repeat (0: not said): a backend that keeps processed prompts
    # keeps one per set of examples (`fedtui.llm.prompt_states`), and may keep them on
    # disk (fedtui's own text, never a post's: `fedtui.core.prompts.FewShotTask`).
    examples_end: int = 0


@dataclass(slots=True)
class CancelToken:
    """Set from any thread; the backend stops at the next token."""

    _event: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class LocalModel(Protocol):
    """A loaded model. `name` is shown in labels ("· gemma3-270m · on this device")."""

    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> ModelKind: ...

    @property
    def context_length(self) -> int: ...

    def complete(
        self, prompt: str, params: GenerationParams, cancel: CancelToken | None = None
    ) -> Iterator[str]:
        """Stream the continuation of `prompt`, piece by piece."""
        ...

    def chat(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        cancel: CancelToken | None = None,
    ) -> Iterator[str]:
        """Stream the assistant's reply using the model's own chat template."""
        ...

    def count_tokens(self, text: str) -> int: ...
