"""Few-shot examples processed in one session are loaded in the next, on the embedded model
loaded as fedtui loads it (`ModelRegistry.load`): the first post of a language is then
processed from its own text on, and answers as it did when its examples were processed."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from fedtui.core.prompts import FewShotTask, clean_answer
from fedtui.core.translate import build_task
from fedtui.llm.backend import GenerationParams, LocalModel
from fedtui.llm.formats import run_task
from fedtui.llm.llama_cpp import LlamaCppModel
from fedtui.llm.prompt_states import KEEP_WITH_STORE
from fedtui.llm.registry import PROCESSED_EXAMPLES_DIR, ModelRegistry

pytestmark = [pytest.mark.model, pytest.mark.xdist_group("model")]
POSTS = ("Am Montag beginnt die Schule wieder.", "Die Bäckerei an der Ecke hat wieder geöffnet.")


def _session(root: Path, tasks: list[FewShotTask]) -> list[tuple[str, int]]:
    """A model loaded as fedtui loads it, then closed: each task's answer and how many
    prompt tokens llama.cpp processed for it."""
    model: LocalModel = ModelRegistry(root / "data", cache_dir=root / "cache").load()
    assert isinstance(model, LlamaCppModel)
    results = []
    try:
        for task in tasks:
            before = model.prompt_tokens_processed
            text = "".join(run_task(model, task, GenerationParams(max_tokens=32, stop=("\n",))))
            results.append((clean_answer(text, task), model.prompt_tokens_processed - before))
    finally:
        model.close()
    return results


def _stored(root: Path) -> list[Path]:
    return sorted((root / "cache" / PROCESSED_EXAMPLES_DIR).glob("*.state"))


def test_examples_processed_in_one_session_are_loaded_in_the_next(tmp_path: Path) -> None:
    tasks = [build_task(post, "de", "en") for post in POSTS]
    first = _session(tmp_path, tasks)
    assert first[0][1] > 100  # the examples, then the post
    assert len(_stored(tmp_path)) == 1  # one set of examples, whatever the posts
    second = _session(tmp_path, tasks[::-1])
    assert [answer for answer, _ in second] == [answer for answer, _ in first[::-1]]
    assert second[0][1] < 30, second  # loaded: only the post's block (the examples: 100+)


def test_damaged_stored_examples_cost_time_not_the_answer(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    task = build_task(POSTS[0], "de", "en")
    ((answer, _),) = _session(tmp_path, [task])
    (stored,) = _stored(tmp_path)
    content = bytearray(stored.read_bytes())
    content[len(content) // 2] ^= 0xFF
    stored.write_bytes(bytes(content))
    with caplog.at_level(logging.WARNING, logger="fedtui.llm.stored_examples"):
        ((again, processed),) = _session(tmp_path, [task])
    assert again == answer
    assert processed > 100  # processed afresh, and stored again
    assert "damaged" in caplog.text
    ((_, processed),) = _session(tmp_path, [task])
    assert processed < 30  # loaded again


def test_more_languages_than_are_kept_in_memory_are_read_from_the_store(
        tmp_path: Path) -> None:
    """With a store, a few processed prompts are kept in memory (`KEEP_WITH_STORE`); the
    examples of the other languages met in the session are read back from disk, not
    processed again."""
    _five_languages_twice(tmp_path)


def test_without_a_store_that_can_be_written_more_prompts_are_kept_in_memory(
        tmp_path: Path) -> None:
    """A folder that cannot be written (here a file in its place; a full disk alike)
    stores nothing: the examples of five languages are then kept in memory."""
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / PROCESSED_EXAMPLES_DIR).write_text("not a folder")
    _five_languages_twice(tmp_path)


def _five_languages_twice(root: Path) -> None:
    """Five languages in turn, twice, in one session: the second round answers as the
    first and processes only each post's block."""
    posts = {"de": POSTS[0], "fr": "La boulangerie du coin a rouvert ce matin.",
             "es": "La panadería de la esquina abrió otra vez.",
             "it": "La panetteria all'angolo ha riaperto stamattina.",
             "pt": "A padaria da esquina reabriu esta manhã."}
    tasks = [build_task(post, lang, "en") for lang, post in posts.items()]
    assert len(tasks) > KEEP_WITH_STORE + 1  # and the one the context holds
    results = _session(root, [*tasks, *tasks])
    first, again = results[:len(tasks)], results[len(tasks):]
    assert all(processed > 100 for _, processed in first)
    assert [answer for answer, _ in again] == [answer for answer, _ in first]
    assert all(processed < 40 for _, processed in again), again
