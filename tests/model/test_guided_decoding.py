"""Prompt-lookup decoding (`GenerationParams.guide`, `fedtui.llm.guided`) on the embedded
model: the answer of greedy decoding, in far fewer passes when the guide is right, and the
context left true for the next prompt."""

from __future__ import annotations

import pytest

from fedtui.core.prompts import FewShotTask, clean_answer
from fedtui.core.translate import build_task
from fedtui.llm.backend import GenerationParams
from fedtui.llm.formats import render, run_task
from fedtui.llm.llama_cpp import LlamaCppModel, _logprob_recorder

pytestmark = [pytest.mark.model, pytest.mark.xdist_group("model")]

SENTENCE = "Tomorrow the library on Main Street opens at nine for everyone."
COPY = FewShotTask(
    instruction="Copy each sentence exactly.",
    examples=(("The cat sleeps on the warm windowsill.",
               "The cat sleeps on the warm windowsill."),
              ("We met at the station at noon.", "We met at the station at noon.")),
    query=SENTENCE,
    input_label="Sentence",
    output_label="Copy",
)


def _run(model: LlamaCppModel, task: FewShotTask, guide: str = "",
         max_tokens: int = 40) -> tuple[str, list[float], int]:
    """The raw answer, its tokens' log-probabilities, and how many tokens llama.cpp
    processed one at a time for it."""
    import llama_cpp

    before = llama_cpp.llama_perf_context(model._llm.ctx).n_eval
    logprobs: list[float] = []
    text = "".join(run_task(model, task, GenerationParams(
        max_tokens=max_tokens, stop=("\n",), logprobs=logprobs, guide=guide)))
    return text, logprobs, llama_cpp.llama_perf_context(model._llm.ctx).n_eval - before


def test_a_right_guide_gives_the_same_answer_in_a_few_passes(gemma: LlamaCppModel) -> None:
    _run(gemma, COPY)  # the prompt processed: the runs below each process its last token
    plain, plain_logprobs, one_at_a_time = _run(gemma, COPY)
    guided, guided_logprobs, guided_one_at_a_time = _run(gemma, COPY, guide=SENTENCE)
    assert clean_answer(plain, COPY) == SENTENCE
    assert guided == plain
    assert len(guided_logprobs) == len(plain_logprobs) > 10
    assert guided_logprobs == pytest.approx(plain_logprobs, abs=0.05)
    assert one_at_a_time > 10
    # the prompt's last token, then passes of several (the last, past the guide, of one)
    assert guided_one_at_a_time <= one_at_a_time // 3


def test_greedy_decoding_answers_as_llama_cpp_python_does(gemma: LlamaCppModel) -> None:
    """fedtui's loop (`fedtui.llm.guided`, every greedy completion) against llama-cpp-python's
    own sampler chain at temperature 0, each on a prompt the context holds (each processes
    its last token only): the same text and log-probabilities, with no guide or a guide
    that never matches."""
    task = build_task("Am Samstag räumen wir den Park am Fluss auf.", "de", "en")
    rendered = render(task, gemma.kind)
    _run(gemma, task)
    ours, our_logprobs, _ = _run(gemma, task)
    unmatched, unmatched_logprobs, _ = _run(gemma, task, guide="☃ ☄")
    their_logprobs: list[float] = []
    theirs = "".join(chunk["choices"][0]["text"] for chunk in gemma._llm.create_completion(
        rendered.prompt, max_tokens=40, temperature=0.0, stop=["\n", *rendered.stop],
        stream=True, logits_processor=_logprob_recorder(their_logprobs, [])))
    assert ours == unmatched == theirs
    assert len(our_logprobs) == len(their_logprobs) > 5
    assert our_logprobs == pytest.approx(their_logprobs, abs=1e-5)
    assert unmatched_logprobs == our_logprobs


def test_a_guided_answer_keeps_to_its_budget(gemma: LlamaCppModel) -> None:
    text, logprobs, _ = _run(gemma, COPY, guide=SENTENCE, max_tokens=4)
    assert len(logprobs) == 4
    assert 1 <= len(text.split()) <= 4 and SENTENCE.startswith(text.strip())


def test_a_stop_string_met_inside_a_pass_ends_the_answer(gemma: LlamaCppModel) -> None:
    """The guide runs on past the answer into the next example, so a stop string ("\n\n")
    arrives among guessed tokens checked in one pass."""
    rendered = render(COPY, gemma.kind)
    plain = "".join(gemma.complete(rendered.prompt, GenerationParams(
        max_tokens=200, stop=rendered.stop)))
    guided = "".join(gemma.complete(rendered.prompt, GenerationParams(
        max_tokens=200, stop=rendered.stop, guide=f"{SENTENCE}\n\nSentence: More text.")))
    assert guided == plain
    assert SENTENCE in guided and "Sentence:" not in guided


def test_a_prompt_longer_than_the_context_is_refused_as_without_a_guide(
        gemma: LlamaCppModel) -> None:
    prompt = "word " * (gemma.context_length + 10)
    for guide in ("", "word word"):
        with pytest.raises(ValueError, match="exceed context window"):
            "".join(gemma.complete(prompt, GenerationParams(max_tokens=8, guide=guide)))


def test_the_context_is_true_after_a_guided_answer(gemma: LlamaCppModel) -> None:
    """A post's first decode, its second decode guided by the first answer (other examples
    after the same ones: the context then holds guessed tokens, some dropped), then the
    first decode again: the same answer as before."""
    source = "Heute Abend koche ich Linsensuppe für alle."
    first = build_task(source, "de", "en")
    answer, _, _ = _run(gemma, first)
    _run(gemma, build_task(source, "de", "en", variant=1), guide=clean_answer(answer, first))
    again, _, _ = _run(gemma, first)
    assert again == answer
