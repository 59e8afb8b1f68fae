"""fedtui's greedy decoding: one token a pass, or several guessed tokens checked in one pass.

A model decodes one token per forward pass; with the embedded Gemma every pass reads the
whole 262,144-token output matrix, so a pass of 3 tokens costs little more than one (31
against 24 ms on 2 cores). Some answers largely repeat a text known beforehand: a second
decode of the same sentence repeats the first answer, a round trip repeats the source, a
shortened sentence repeats the sentence. That text is the *guide* (prompt-lookup decoding):
after each token, the tokens that follow the same last one to three tokens in the guide are
guessed, and the model checks the chosen token and the guesses in one pass. A guess is kept
only where it is the token greedy decoding picks there, and the first wrong guess and what
follows it are dropped from the context: the answer is greedy decoding's. (A pass over
several tokens sums in another order than a pass over one, so where two tokens are nearly
tied the pick can differ, as it can when a prompt is processed in other chunks.) Without a
guide this is plain greedy decoding, a little cheaper a token than llama-cpp-python's
sampler chain, with the same answers.

This drives llama.cpp through llama-cpp-python's low-level functions and keeps the `Llama`
object's record of the processed tokens (`input_ids`, `n_tokens`) true, so that the next
completion reuses what is processed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from fedtui.llm.backend import CancelToken

# Guessed tokens checked in one pass. Each scored position keeps a row of the vocabulary's
# size in llama.cpp's output and compute buffers (1 MB each for Gemma, kept once used):
# 8 guesses held 14 MB more than none, 2 hold 3.4 MB more, and 2 or 3 were the quickest
# (a wrong guess costs time too).
LOOKAHEAD = 2
_LONGEST_MATCH = 3


def guess(generated: Sequence[int], guide: Sequence[int], limit: int = LOOKAHEAD) -> list[int]:
    """Up to `limit` tokens that follow, in `guide`, the longest tail (three tokens at most)
    of `generated` found there (its first occurrence); none when no tail is found."""
    for size in range(min(_LONGEST_MATCH, len(generated)), 0, -1):
        tail = list(generated[-size:])
        for start in range(len(guide) - size):
            if list(guide[start:start + size]) == tail:
                return list(guide[start + size:start + size + limit])
    return []


def held_back(text: str, stops: Sequence[str]) -> int:
    """How many characters at the end of `text` could be the start of a stop string (not
    streamed until the next token tells)."""
    longest = 0
    for stop in stops:
        for size in range(min(len(stop) - 1, len(text)), longest, -1):
            if text.endswith(stop[:size]):
                longest = size
                break
    return longest


def top_token(logits: Any, scratch: list[Any]) -> tuple[int, float]:
    """The most likely token of `logits` and its log-probability. The arithmetic uses one
    array kept in `scratch` (the model's: one generation at a time), not two new arrays of
    the vocabulary's size a token (1 MB each for Gemma's)."""
    import numpy as np

    if not scratch or scratch[0].shape != logits.shape:
        scratch[:] = [np.empty(logits.shape, dtype=np.float32)]
    shifted = scratch[0]
    top = int(logits.argmax())
    np.subtract(logits, logits[top], out=shifted)
    return top, -float(np.log(np.exp(shifted, out=shifted).sum()))


def fill_batch(batch: Any, tokens: Sequence[int], position: int, *, scored: bool) -> None:
    """Put `tokens` of sequence 0 from `position` on in a llama.cpp batch; `scored`: ask
    for the logits after each (for Gemma's vocabulary, 1 MB and a generated token's time)."""
    batch.n_tokens = len(tokens)
    for i, token in enumerate(tokens):
        batch.token[i] = token
        batch.pos[i] = position + i
        batch.n_seq_id[i] = 1
        batch.seq_id[i][0] = 0
        batch.logits[i] = scored


class _Pass:
    """One llama.cpp batch of up to LOOKAHEAD + 1 tokens of sequence 0, every one scored."""

    def __init__(self, llm: Any, scratch: list[Any]) -> None:
        import llama_cpp

        self._native = llama_cpp
        self._llm = llm
        self._batch = llama_cpp.llama_batch_init(LOOKAHEAD + 1, 0, 1)
        self._scratch = scratch

    def best(self, index: int) -> tuple[int, float]:
        """The most likely token after the batch's position `index` (-1: the last scored)
        and its log-probability."""
        import numpy as np

        logits = np.ctypeslib.as_array(self._native.llama_get_logits_ith(self._llm.ctx, index),
                                       shape=(self._llm.n_vocab(),))
        return top_token(logits, self._scratch)

    def run(self, tokens: Sequence[int], position: int) -> list[tuple[int, float]]:
        """Process `tokens` from `position` on; for each, the next token greedy decoding
        picks and its log-probability."""
        batch = self._batch
        fill_batch(batch, tokens, position, scored=True)
        if self._native.llama_decode(self._llm.ctx, batch) != 0:
            raise RuntimeError("llama.cpp could not process the guessed tokens")
        return [self.best(i) for i in range(len(tokens))]

    def close(self) -> None:
        self._native.llama_batch_free(self._batch)


def guided_greedy(
    llm: Any,
    prompt: Sequence[int],
    reusable: int,
    guide: Sequence[int],
    *,
    max_tokens: int,
    stop: Sequence[str],
    logprobs: list[float] | None = None,
    cancel: CancelToken | None = None,
    scratch: list[Any],
) -> Iterator[str]:
    """Stream the greedy continuation of `prompt` (tokens), of which the context holds the
    first `reusable` already processed, checking tokens guessed from `guide` as it goes.
    Stops at a stop string (not streamed), an end-of-generation token or `max_tokens` (at
    most what the context has room for); `logprobs` receives each chosen token's
    log-probability; `scratch` holds the model's array for that arithmetic (`top_token`)."""
    import llama_cpp

    if len(prompt) >= llm.n_ctx():
        raise ValueError(f"Requested tokens ({len(prompt)}) exceed context window of "
                         f"{llm.n_ctx()}")  # as llama-cpp-python says it
    vocab = llama_cpp.llama_model_get_vocab(llm.model)
    max_tokens = min(max_tokens, llm.n_ctx() - len(prompt))
    llm.n_tokens = min(reusable, len(prompt) - 1)
    llm.eval(list(prompt[llm.n_tokens:]))
    one_pass = _Pass(llm, scratch)
    answer: list[int] = []
    streamed = 0
    try:
        pending = [one_pass.best(-1)]
        while True:
            if cancel is not None and cancel.cancelled:
                return
            for token, logprob in pending:
                answer.append(token)
                if logprobs is not None:
                    logprobs.append(logprob)
                text = llm.detokenize(answer).decode("utf-8", errors="ignore")
                ends = [text.index(s) for s in stop if s in text]
                if ends or llama_cpp.llama_vocab_is_eog(vocab, token) or len(answer) >= max_tokens:
                    final = text[:min(ends)] if ends else text
                    if len(final) > streamed:
                        yield final[streamed:]
                    return
            ready = len(text) - held_back(text, stop)
            if ready > streamed:
                yield text[streamed:ready]
                streamed = ready
            guessed = guess(answer, guide, min(LOOKAHEAD, max_tokens - len(answer)))
            position = llm.n_tokens
            picks = one_pass.run([answer[-1], *guessed], position)
            accepted = 0
            while accepted < len(guessed) and picks[accepted][0] == guessed[accepted]:
                accepted += 1
            kept = [answer[-1], *guessed[:accepted]]
            llm.input_ids[position:position + len(kept)] = kept
            llm.n_tokens = position + len(kept)
            llama_cpp.llama_memory_seq_rm(llama_cpp.llama_get_memory(llm.ctx), 0,
                                          llm.n_tokens, -1)
            # The accepted guesses are chosen tokens already processed; the pick after the
            # last of them is the next chosen token.
            pending = picks[:accepted + 1]
    finally:
        one_pass.close()
        # The context's last logits may be those of a dropped guess: llama-cpp-python must
        # process a token again before it samples (as after its own speculative decoding).
        llm._requires_eval = True
