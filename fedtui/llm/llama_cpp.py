"""The on-device backend: a GGUF model run by llama-cpp-python.

`llama_cpp` is imported when a model is loaded, never when this module is imported. One
generation runs at a time per model (a lock); `cancel` is checked between tokens and while
waiting for the lock. llama.cpp's own log lines go to the `fedtui.llm.llama` logger, never to
the terminal (they would draw over the TUI).

Process-wide llama.cpp settings (its logs, its AMX kernels) are made once, as the first
model loads (`fedtui.llm.llama_native`). A greedy completion runs `fedtui.llm.guided`'s
loop, which checks tokens guessed from a `guide` in one pass.

`n_threads` (generation and prompt processing alike) defaults to every core
(`default_threads`); the model's threads run at a lower priority than the interface, so the
UI thread and the network go first.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from fedtui.errors import ModelUnavailable
from fedtui.llm.backend import CancelToken, ChatMessage, GenerationParams, ModelKind
from fedtui.llm.guided import guided_greedy, top_token
from fedtui.llm.llama_native import avoid_amx_kernels, route_native_logs
from fedtui.llm.prompt_states import PromptStates, shared_prefix, window_kept
from fedtui.llm.stored_examples import StoredExamples
from fedtui.memory import MemoryReturner, map_large_blocks

log = logging.getLogger(__name__)
_LOCK_POLL = 0.05
# A chat reuses llama.cpp's processed prompt only when its messages share a long prefix with
# the last chat's: outputs then don't depend on unrelated earlier generations (completions:
# `fedtui.llm.prompt_states`).
_MIN_SHARED_PREFIX = 64
_return_memory = MemoryReturner()
# The attention keys kept in 8 bits (GGML_TYPE_Q8_0) instead of 16: the embedded model's
# KV cache and its processed prompts kept aside take a quarter less (13 MB at the most,
# at the same speed; the values too would need flash attention, 7 % slower here).
_KEYS_TYPE = 8
# The layers with a sliding window (Gemma 3: five in six, 512 positions) keep only their
# window's positions, not the whole context's: the embedded model's KV cache takes 12 MB
# less, with the same answers. A prompt whose window has moved on is not continued from an
# earlier prefix (`fedtui.llm.prompt_states.window_kept`).
_FULL_WINDOW_CACHE = False
# Tokens llama.cpp processes in one pass (its batch and micro-batch; 512 by default). Its
# compute buffer is laid out for a pass this large, and the pages a pass touches stay
# resident; the sliding-window layers keep their window plus one pass. At 128 rather than
# 512, 10 minutes of translating every streamed post held 8.7 MB less (compute buffer
# 14.5 MB resident instead of 22, window cache 7.2 MB instead of 11.5); a 1,000-token
# prompt took the same 1.7 s (64: 3 % longer) and the translations were the same.
_BATCH = 128


def default_threads() -> int:
    """The model's threads when the user sets none: every core. They run at a lower
    priority than the interface (`fedtui.llm.scheduler.MODEL_NICENESS`): on 2 cores, with
    two threads a screen of 19 foreign posts was translated in 20 s instead of 26 and `j`
    stayed within its 33 ms (benchmarks/README.md, model_busy.py)."""
    return max(1, os.cpu_count() or 1)


class LlamaCppModel:
    """A loaded GGUF model. Loading happens in the constructor (blocking: call it off the UI
    thread). `kind` overrides the detection (CHAT when the GGUF has a chat template)."""

    def __init__(
        self,
        path: Path,
        *,
        name: str,
        kind: ModelKind | None = None,
        n_ctx: int = 2048,
        n_threads: int | None = None,
        examples_dir: Path | None = None,
    ) -> None:
        """`examples_dir`: where processed few-shot examples are kept across sessions
        (`fedtui.llm.stored_examples`; None: not kept)."""
        self._name = name
        self._path = Path(path)
        self.threads = n_threads if n_threads is not None else default_threads()
        self._lock = threading.Lock()
        self._last_chat = ""
        self._logit_scratch: list[Any] = []  # see `fedtui.llm.guided.top_token`
        if not self._path.is_file():
            raise ModelUnavailable(f"The model file {self._path} does not exist.")
        try:
            import llama_cpp
        except ImportError as exc:  # pragma: no cover - a dependency of fedtui
            raise ModelUnavailable(
                f"llama-cpp-python is not installed or failed to import ({exc}); "
                "reinstall fedtui to use the local model."
            ) from None
        route_native_logs()
        avoid_amx_kernels(llama_cpp.llama_cpp)
        map_large_blocks()
        started = time.perf_counter()
        try:
            self._llm: Any = llama_cpp.Llama(
                model_path=str(self._path),
                n_ctx=n_ctx,
                n_threads=self.threads,
                n_threads_batch=self.threads,
                type_k=_KEYS_TYPE,
                swa_full=_FULL_WINDOW_CACHE,
                n_batch=_BATCH,
                n_ubatch=_BATCH,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelUnavailable(
                f"The model {name} could not be loaded from {self._path} ({exc}); "
                "the file may be corrupt or in an unsupported format."
            ) from None
        self.load_seconds = time.perf_counter() - started
        store = None
        if examples_dir is not None:
            store = StoredExamples(examples_dir, _identity(self._path, llama_cpp, n_ctx))
        self._states = PromptStates(self._llm, store=store)
        self.metadata: dict[str, str] = dict(self._llm.metadata or {})
        has_template = bool(self.metadata.get("tokenizer.chat_template", "").strip())
        if has_template:
            # Use the GGUF's own template, not a built-in format guessed from it.
            self._llm.chat_format = "chat_template.default"
        self._kind = kind if kind is not None else (
            ModelKind.CHAT if has_template else ModelKind.BASE
        )
        log.info("loaded %s (%s) in %.2fs", name, self._kind, self.load_seconds)

    # -- LocalModel -------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self._name

    @property
    def kind(self) -> ModelKind:
        return self._kind

    @property
    def context_length(self) -> int:
        return int(self._llm.n_ctx())

    @property
    def path(self) -> Path:
        return self._path

    @property
    def prompt_tokens_processed(self) -> int:
        """Prompt tokens llama.cpp has processed in this context (its own count), for tests
        and benchmarks of prompt reuse."""
        import llama_cpp

        return int(llama_cpp.llama_perf_context(self._llm.ctx).n_p_eval)

    def count_tokens(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def complete(
        self, prompt: str, params: GenerationParams, cancel: CancelToken | None = None
    ) -> Iterator[str]:
        """Greedy decoding (temperature 0, what fedtui asks for) runs fedtui's own loop
        (`fedtui.llm.guided`): it checks tokens guessed from `params.guide` several at once,
        and costs less a token than llama-cpp-python's sampler chain (22.8 against 24.1 ms
        on 2 cores, the same answers); sampling goes through llama-cpp-python."""
        tokens: list[int] = []
        reusable = [0]
        greedy = params.temperature == 0

        def prepare() -> None:
            self._last_chat = ""
            tokens[:] = self._llm.tokenize(prompt.encode("utf-8"), special=True)
            head = prompt[: params.examples_end].encode("utf-8")
            examples = shared_prefix(self._llm.tokenize(head, special=True), tokens) if head else 0
            try:
                reusable[0] = self._states.prepare(tokens, examples)
            except Exception:  # kept prompts only save time: never fail a generation
                log.exception("reusing a processed prompt failed; processing it afresh")
                self._states.clear()
                self._llm.reset()
                reusable[0] = 0

        def start() -> Iterator[Any]:
            if greedy:
                guide = (self._llm.tokenize(params.guide.encode("utf-8"), add_bos=False)
                         if params.guide else [])
                return guided_greedy(self._llm, tokens, reusable[0], guide,
                                     max_tokens=params.max_tokens, stop=params.stop,
                                     logprobs=params.logprobs, cancel=cancel,
                                     scratch=self._logit_scratch)
            return iter(
                self._llm.create_completion(
                    prompt,
                    max_tokens=params.max_tokens,
                    temperature=params.temperature,
                    stop=list(params.stop) or None,
                    seed=params.seed,
                    stream=True,
                    logits_processor=_logprob_recorder(params.logprobs, self._logit_scratch),
                )
            )

        return self._stream(prepare, start, str if greedy else _completion_text, cancel)

    def chat(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        cancel: CancelToken | None = None,
    ) -> Iterator[str]:
        if "tokenizer.chat_template" not in self.metadata:
            # A base model has no template: continue a plain transcript instead.
            return self.complete(
                _plain_transcript(messages),
                GenerationParams(
                    max_tokens=params.max_tokens,
                    temperature=params.temperature,
                    stop=(*params.stop, "\nUser:", "\nSystem:"),
                    seed=params.seed,
                    logprobs=params.logprobs,
                ),
                cancel,
            )
        def create(msgs: Sequence[ChatMessage]) -> Iterator[Any]:
            return iter(
                self._llm.create_chat_completion(
                    messages=[{"role": m.role, "content": m.content} for m in msgs],
                    max_tokens=params.max_tokens,
                    temperature=params.temperature,
                    stop=list(params.stop) or None,
                    seed=params.seed,
                    stream=True,
                    logits_processor=_logprob_recorder(params.logprobs, self._logit_scratch),
                )
            )

        def start() -> Iterator[Any]:
            import jinja2

            try:
                return create(messages)
            except jinja2.TemplateError:
                # Some templates (Gemma's) reject a system turn: fold it into the first user turn.
                if not any(m.role == "system" for m in messages):
                    raise
                return create(_fold_system(messages))

        key = "\x1e".join(f"{m.role}\x1f{m.content}" for m in messages)

        def prepare() -> None:
            # llama-cpp-python continues any prefix the context holds: only from position 0.
            if (shared_prefix(self._last_chat, key) < min(_MIN_SHARED_PREFIX, len(key))
                    or not window_kept(self._llm, 1)):
                self._llm.reset()
            self._last_chat = key

        return self._stream(prepare, start, _chat_text, cancel)

    def close(self) -> None:
        """Free the model's memory (waits for a running generation to end) and give it back
        to the system: the C allocator kept part of what llama.cpp freed (the embedded model
        closed after 20 translations on a script's main thread left 123 MB resident, 58 MB
        given back; in the app, whose model has a thread of its own, 111 MB and 104 MB)."""
        with self._lock:
            llm, self._llm = self._llm, None
            self._states.close()
            if llm is not None:
                llm.close()
            del llm
        _return_memory()

    # -- internals --------------------------------------------------------------------------

    def _stream(
        self,
        prepare: Callable[[], None],
        start: Callable[[], Iterator[Any]],
        text_of: Callable[[Any], str],
        cancel: CancelToken | None,
    ) -> Iterator[str]:
        """Hold the lock while the stream is consumed; stop at the next token when cancelled.
        `prepare` readies the context for the prompt (under the lock, before `start`)."""
        while not self._lock.acquire(timeout=_LOCK_POLL):
            if cancel is not None and cancel.cancelled:
                return
        try:
            if self._llm is None:
                raise ModelUnavailable(f"The model {self._name} has been unloaded.")
            if cancel is not None and cancel.cancelled:
                return
            prepare()
            chunks = start()
            try:
                for chunk in chunks:
                    if cancel is not None and cancel.cancelled:
                        return
                    text = text_of(chunk)
                    if text:
                        yield text
            finally:
                close = getattr(chunks, "close", None)
                if close is not None:
                    with contextlib.suppress(Exception):
                        close()
                self._free_sampler()
        finally:
            self._lock.release()

    def _free_sampler(self) -> None:
        """Free the generation's sampler now. llama-cpp-python keeps each generation's
        sampler on the `Llama` (`_sampler`) until the next one replaces it, and the sampler
        frees its native memory (about 3 MB with Gemma's 262,144-token vocabulary) from a
        callback that refers back to it: a reference cycle, so the memory of every
        generation waited for a full garbage collection. Without the attribute (another
        llama-cpp-python) there is nothing to free."""
        sampler = getattr(self._llm, "_sampler", None)
        if sampler is not None:
            with contextlib.suppress(Exception):
                sampler.close()
            self._llm._sampler = None


def _identity(path: Path, llama_cpp: Any, n_ctx: int) -> str:
    """What a processed prompt's state depends on besides its tokens: the model file, the
    llama.cpp build and the CPU features it uses, the context's settings."""
    stat = path.stat()
    system = llama_cpp.llama_print_system_info().decode("utf-8", "replace")
    return (f"{path.name}|{stat.st_size}|{stat.st_mtime_ns}|{llama_cpp.__version__}|"
            f"{system}|n_ctx={n_ctx}|type_k={_KEYS_TYPE}|swa_full={_FULL_WINDOW_CACHE}|batch={_BATCH}")


def _logprob_recorder(sink: list[float] | None, scratch: list[Any]) -> Any:
    """A logits processor appending the log-probability of the most likely next token to
    `sink` (the chosen one under greedy decoding); None when nobody asked. llama.cpp
    returns log-probabilities only with `logits_all`, which keeps every prompt position's
    logits in memory; reading the last position's logits here costs about a millisecond,
    in the model's one array (`top_token`)."""
    if sink is None:
        return None
    import llama_cpp

    def record(input_ids: Any, scores: Any) -> Any:
        sink.append(top_token(scores, scratch)[1])
        return scores

    return llama_cpp.LogitsProcessorList([record])


def _completion_text(chunk: Any) -> str:
    return str(chunk["choices"][0].get("text") or "")


def _chat_text(chunk: Any) -> str:
    delta = chunk["choices"][0].get("delta") or {}
    return str(delta.get("content") or "")


def _fold_system(messages: Sequence[ChatMessage]) -> list[ChatMessage]:
    system = "\n\n".join(m.content for m in messages if m.role == "system")
    rest = [m for m in messages if m.role != "system"]
    if rest and rest[0].role == "user":
        return [ChatMessage("user", f"{system}\n\n{rest[0].content}"), *rest[1:]]
    return [ChatMessage("user", system), *rest]


def _plain_transcript(messages: Sequence[ChatMessage]) -> str:
    lines = [f"{m.role.capitalize()}: {m.content}" for m in messages]
    return "\n".join([*lines, "Assistant:"])
