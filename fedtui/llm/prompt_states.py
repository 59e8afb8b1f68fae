"""Processed prompts kept aside, so a prompt processed a while ago need not be processed again.

llama.cpp keeps one processed prompt per context (its KV cache), and llama-cpp-python reuses
it for the next prompt only as far as the two share a prefix. The translation pipeline
alternates prompts: a post translated into English, an unsure answer translated back (other
examples, another prompt), the next post into English again; each switch processed the
whole few-shot prompt again (about 0.3 s on one thread). `PromptStates` copies the KV cache
of sequence 0 aside before a different prompt replaces it (a few MB, about a millisecond)
and copies it back when a later prompt shares a longer prefix with it than with what the
context holds. One is kept per set of examples: a prompt says how many of its tokens are its
instruction and examples (`examples`), so a second decode's prompt (the first decode's
examples and one more) is kept beside the first decode's, not in its place.

llama-cpp-python's own `save_state`/`load_state` would do, but they also copy its whole
score matrix (a row of 262,144 floats per token for Gemma 3: hundreds of MB), which made
them slower than processing the prompt again; this uses llama.cpp's per-sequence state
functions and the `Llama` attributes `ctx`, `input_ids` and `n_tokens`. With a store
(`fedtui.llm.stored_examples`), a set of examples nothing holds yet is loaded from disk, or
processed alone and stored, before the rest of its prompt.
"""

from __future__ import annotations

import ctypes
import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fedtui.llm.guided import fill_batch
from fedtui.llm.stored_examples import StoredExamples

log = logging.getLogger(__name__)
# A prompt reuses what is processed (in the context or kept aside) only for a prefix of at
# least this many tokens (the few-shot examples), so that an answer never depends on an
# unrelated earlier prompt that happened to start alike.
MIN_SHARED_TOKENS = 24
# Processed prompts kept aside (1-3 MB each). Into English and back, four languages; with a
# store of examples, one: the examples of any other prompt (another language, the second
# try, the way back) are read from disk in a few milliseconds. 40 posts of mt_calib
# through the pipeline: 3 kept held 10 MB less than 8 at the same speed, 1 another 3-6 MB
# less, at the same speed again (19.4 / 19.6 s against 19.3 s) and with the same answers.
KEEP = 8
KEEP_WITH_STORE = 1


@dataclass(frozen=True, slots=True)
class _Saved:
    tokens: tuple[int, ...]
    examples: int  # how many of `tokens` are the prompt's instruction and examples
    data: Any  # a ctypes byte array: llama.cpp's state of sequence 0


def shared_prefix(a: Sequence[object], b: Sequence[object]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def same_examples(a: Sequence[int], a_examples: int, b: Sequence[int], b_examples: int) -> bool:
    """Whether two prompts start with the same instruction and examples (for prompts that
    do not say where theirs end, a shared prefix of `MIN_SHARED_TOKENS` is taken for it)."""
    return shared_prefix(a, b) >= max(MIN_SHARED_TOKENS, a_examples, b_examples)


def window_kept(llm: Any, reused: int) -> bool:
    """Whether the context still holds every position the token after its first `reused`
    looks back on. A model's sliding-window layers keep only their window's last positions
    of a longer prompt (`swa_full=False`), so its prefix cannot always be continued."""
    import llama_cpp

    window = llama_cpp.llama_model_n_swa(llm.model)
    if reused == 0 or window <= 0:
        return True
    lowest = llama_cpp.llama_memory_seq_pos_min(llama_cpp.llama_get_memory(llm.ctx), 0)
    return bool(lowest <= max(0, reused - window))


class PromptStates:
    """Before each completion (`prepare`), reuse the best processed prefix of its prompt."""

    def __init__(self, llm: Any, store: StoredExamples | None = None) -> None:
        self._llm = llm
        self._store = store
        self._saved: OrderedDict[tuple[int, ...], _Saved] = OrderedDict()
        self._examples = 0  # of the prompt the context holds

    def prepare(self, prompt: Sequence[int], examples: int = 0) -> int:
        """Make the context hold the longest processed prefix of `prompt` there is (the one
        it holds, one kept aside, or none); returns its length in tokens. `examples`: how
        many of its tokens are its instruction and examples (0: not said); with a store,
        they are loaded from it, or processed now and stored, when nothing holds them."""
        reused = self._reuse(prompt, examples)
        if not window_kept(self._llm, reused):
            self._llm.reset()
            reused = 0
        if self._store is not None and reused < examples < len(prompt):
            return self._stored_examples(tuple(prompt[:examples]), reused)
        return reused

    def _reuse(self, prompt: Sequence[int], examples: int) -> int:
        held, held_examples = self._held(), self._examples
        self._examples = examples
        in_context = shared_prefix(held, prompt)
        best, best_shared = None, in_context
        for saved in self._saved.values():
            shared = shared_prefix(saved.tokens, prompt)
            if shared > best_shared:
                best, best_shared = saved, shared
        if best_shared < MIN_SHARED_TOKENS:
            self._put_aside(held, held_examples)
            self._llm.reset()
            return 0
        if best is None:
            if not same_examples(held, held_examples, prompt, examples):
                self._put_aside(held, held_examples)  # other examples, about to be overwritten
            return in_context
        self._saved.move_to_end(best.tokens)  # the newest: putting `held` aside keeps it
        self._put_aside(held, held_examples, unless=best)
        return self._restore(best, prompt, best_shared)

    def clear(self) -> None:
        self._saved.clear()
        self._examples = 0

    def close(self) -> None:
        """Forget the kept prompts and the model, which is being freed."""
        self._saved.clear()
        self._llm = None

    def _held(self) -> tuple[int, ...]:
        return tuple(int(t) for t in self._llm.input_ids[: self._llm.n_tokens])

    def _put_aside(self, tokens: tuple[int, ...], examples: int,
                   unless: _Saved | None = None) -> None:
        """Copy the context's processed prompt aside, in place of any kept one with the same
        examples (but `unless`, about to be restored)."""
        if len(tokens) < MIN_SHARED_TOKENS or tokens in self._saved:
            return
        data = self._copy()
        if data is None:
            return
        for kept in [k for k in self._saved.values()
                     if same_examples(k.tokens, k.examples, tokens, examples) and k is not unless]:
            del self._saved[kept.tokens]  # the same examples: the newest copy is enough
        self._saved[tokens] = _Saved(tokens, examples, data)
        while len(self._saved) > self._kept_at_most():
            self._saved.popitem(last=False)

    def _kept_at_most(self) -> int:
        """Fewer processed prompts while a store keeps the examples of the others."""
        return KEEP_WITH_STORE if self._store is not None and self._store.writable else KEEP

    def _copy(self) -> Any:
        """llama.cpp's state of sequence 0 (a ctypes byte array), or None."""
        import llama_cpp

        ctx = self._llm.ctx
        size = llama_cpp.llama_state_seq_get_size(ctx, 0)
        data = (ctypes.c_uint8 * size)()
        if llama_cpp.llama_state_seq_get_data(ctx, data, size, 0) != size:
            log.warning("could not copy the processed prompt")
            return None
        return data

    def _stored_examples(self, examples: tuple[int, ...], reused: int) -> int:
        """The context holds `examples` processed: from the store, else processed from
        `reused` on (what the context holds of them) and stored."""
        assert self._store is not None
        stored = self._store.load(examples)
        if stored is not None:
            data = (ctypes.c_uint8 * len(stored)).from_buffer_copy(stored)
            if self._set(data, examples, len(examples)):
                return len(examples)
            log.warning("llama.cpp could not read stored processed examples: processing "
                        "them again")
            reused = 0
        self._process(examples, reused)
        processed = self._copy()
        if processed is not None:
            self._store.save(examples, bytes(processed))
        return len(examples)

    def _process(self, tokens: tuple[int, ...], start: int) -> None:
        """Process `tokens` from `start` on into sequence 0, scoring none of them: the rest
        of the prompt follows (llama-cpp-python's `eval` scores the last, which for Gemma's
        262,144-token vocabulary costs as much as a generated token)."""
        import llama_cpp

        llama_cpp.llama_memory_seq_rm(llama_cpp.llama_get_memory(self._llm.ctx), 0, start, -1)
        size = self._llm.n_batch
        batch = llama_cpp.llama_batch_init(size, 0, 1)
        try:
            for first in range(start, len(tokens), size):
                fill_batch(batch, tokens[first:first + size], first, scored=False)
                if llama_cpp.llama_decode(self._llm.ctx, batch) != 0:
                    raise RuntimeError("llama.cpp could not process the examples")
        finally:
            llama_cpp.llama_batch_free(batch)
        self._llm.input_ids[: len(tokens)] = tokens
        self._llm.n_tokens = len(tokens)

    def _restore(self, saved: _Saved, prompt: Sequence[int], shared: int) -> int:
        # At least the prompt's last token is processed again: llama-cpp-python samples
        # from the logits of a decode, which the restored state does not carry.
        kept = min(shared, len(prompt) - 1)
        if self._set(saved.data, saved.tokens, kept):
            return kept
        log.warning("could not restore a processed prompt")
        self._saved.pop(saved.tokens, None)
        self._llm.reset()
        return 0

    def _set(self, data: Any, tokens: Sequence[int], kept: int) -> bool:
        """Put `data` (`_copy`'s: the state of `tokens` processed) in sequence 0, the
        context then counting the first `kept` of them as processed; False when llama.cpp
        could not read it."""
        import llama_cpp

        if llama_cpp.llama_state_seq_set_data(self._llm.ctx, data, len(data), 0) != len(data):
            return False
        self._llm.input_ids[: len(tokens)] = tokens
        self._llm.n_tokens = kept
        return True
