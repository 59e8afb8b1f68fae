"""Processed examples kept on disk (`fedtui.llm.stored_examples`): what is kept comes back
byte for byte, a damaged file is never handed to llama.cpp, the folder stays under its
limit, a folder that cannot be written costs time, not the answer, and only fedtui's own
instructions and examples are ever kept."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fedtui.core.filter_judge import judge_tasks
from fedtui.core.prompts import FewShotTask
from fedtui.core.provenance import Fact, Why
from fedtui.core.summary_phrase import phrase_task
from fedtui.core.translate import build_task, round_trip_task
from fedtui.core.why_phrase import why_task
from fedtui.llm.backend import ModelKind
from fedtui.llm.formats import render
from fedtui.llm.stored_examples import StoredExamples

EXAMPLES = (2, 9, 4, 1, 7)


def test_what_is_kept_comes_back_for_the_same_tokens_and_model(tmp_path: Path) -> None:
    store = StoredExamples(tmp_path, "gemma|1234")
    assert store.load(EXAMPLES) is None
    store.save(EXAMPLES, b"\x00state\xff" * 100)
    assert store.load(EXAMPLES) == b"\x00state\xff" * 100
    assert StoredExamples(tmp_path, "gemma|1234").load(EXAMPLES) == b"\x00state\xff" * 100
    assert store.load(EXAMPLES[:-1]) is None
    assert StoredExamples(tmp_path, "another build").load(EXAMPLES) is None


@given(st.binary(max_size=2000), st.integers(min_value=0, max_value=10_000))
def test_a_damaged_file_is_deleted_not_returned(data: bytes, where: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        store = StoredExamples(Path(folder), "gemma")
        store.save(EXAMPLES, data)
        (path,) = Path(folder).glob("*.state")
        content = bytearray(path.read_bytes())
        content[where % len(content)] ^= 0x01
        path.write_bytes(bytes(content))
        assert store.load(EXAMPLES) is None
        assert not path.exists()


def test_a_damaged_file_is_said_in_the_log(tmp_path: Path,
                                           caplog: pytest.LogCaptureFixture) -> None:
    store = StoredExamples(tmp_path, "gemma")
    store.save(EXAMPLES, b"state")
    (path,) = tmp_path.glob("*.state")
    path.write_bytes(b"not a state at all")
    with caplog.at_level(logging.WARNING, logger="fedtui.llm.stored_examples"):
        assert store.load(EXAMPLES) is None
    assert "damaged" in caplog.text


def test_the_folder_keeps_under_its_limit_the_least_recently_used_going_first(
        tmp_path: Path) -> None:
    store = StoredExamples(tmp_path, "gemma", limit_bytes=3 * 1100)
    sets = [(n, n + 1) for n in range(4)]
    seen: set[Path] = set()
    for number, tokens in enumerate(sets[:3]):
        store.save(tokens, bytes(1000))
        (new,) = set(tmp_path.glob("*.state")) - seen
        seen.add(new)
        os.utime(new, ns=(number * 10**9, number * 10**9))  # distinct, whatever the clock
    assert store.load(sets[0]) is not None  # used again: now the most recent
    store.save(sets[3], bytes(1000))
    assert [store.load(t) is not None for t in sets] == [True, False, True, True]
    assert sum(p.stat().st_size for p in tmp_path.glob("*.state")) <= 3 * 1100


def test_a_folder_that_cannot_be_written_is_logged_not_raised(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    store = StoredExamples(blocker / "examples", "gemma")
    with caplog.at_level(logging.WARNING, logger="fedtui.llm.stored_examples"):
        store.save(EXAMPLES, b"state")
        store.save(EXAMPLES[:-1], b"another state")
    assert store.load(EXAMPLES) is None
    assert caplog.text.count("could not keep processed examples") == 1  # said once


SECRET = "Zqxvhofmann"  # stands for anything from a server or the reader


def _every_task() -> list[FewShotTask]:
    post = f"Heute trifft {SECRET} uns am Bahnhof."
    translations = [build_task(post, "de", "en", variant) for variant in range(3)]
    back = round_trip_task(f"Today {SECRET} meets us at the station.", "de", "en")
    assert back is not None
    return [*translations, back, build_task(f"{SECRET} is here ⟦1⟧", "en", "de"),
            phrase_task(f"We met {SECRET} at the lake."),
            why_task((Fact(Why.IN_LIST, (SECRET,), detail="bob"),)),
            *judge_tasks(f"posts about {SECRET}", f"{SECRET} wrote this")]


def test_what_a_backend_may_store_is_fedtuis_own_text_never_a_posts() -> None:
    """The part of each prompt a backend may keep on disk (`examples_end`) holds none of a
    post, a name or the reader's words, for every task fedtui gives a model."""
    for task in _every_task():
        rendered = render(task, ModelKind.BASE)
        assert rendered.examples_end > 0
        assert SECRET not in rendered.prompt[: rendered.examples_end], task.instruction
        assert SECRET in rendered.prompt[rendered.examples_end:]


def test_a_write_that_fails_leaves_no_file_behind(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk: the half-written file is removed, nothing is kept, nothing raised."""
    store = StoredExamples(tmp_path / "examples", "gemma")

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("fedtui.llm.stored_examples.os.replace", full_disk)
    store.save(EXAMPLES, b"state")
    assert list((tmp_path / "examples").iterdir()) == []
