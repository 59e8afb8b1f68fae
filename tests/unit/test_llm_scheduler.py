"""ModelScheduler with a scripted fake model: lazy load, priorities, dedupe, cancel, errors."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Hashable, Iterator, Sequence

import pytest

from fedtui.errors import ModelUnavailable
from fedtui.llm.backend import (
    CancelToken,
    ChatMessage,
    GenerationParams,
    LocalModel,
    ModelKind,
)
from fedtui.llm.scheduler import (
    MODEL_NICENESS,
    CancelledJob,
    JobState,
    ModelScheduler,
    ModelStatus,
    Priority,
)

TIMEOUT = 5.0


class FakeModel:
    """Streams `tokens`; if `gate` is set, waits for it before each token after the first."""

    def __init__(self, tokens: Sequence[str] = ("a", "b", "c")) -> None:
        self.tokens = list(tokens)
        self.gate: threading.Event | None = None
        self.closed = False

    name = "fake"
    kind = ModelKind.BASE
    context_length = 512

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def complete(self, prompt: str, params: GenerationParams,
                 cancel: CancelToken | None = None) -> Iterator[str]:
        for i, token in enumerate(self.tokens):
            if i and self.gate is not None:
                while not self.gate.wait(0.01):
                    if cancel is not None and cancel.cancelled:
                        return
            if cancel is not None and cancel.cancelled:
                return
            yield token

    def chat(self, messages: Sequence[ChatMessage], params: GenerationParams,
             cancel: CancelToken | None = None) -> Iterator[str]:
        return self.complete("", params, cancel)

    def close(self) -> None:
        self.closed = True


class Harness:
    def __init__(self, model: FakeModel | None = None, fail: Exception | None = None) -> None:
        self.model = model or FakeModel()
        self.fail = fail
        self.loads = 0
        self.statuses: list[tuple[ModelStatus, str]] = []
        self.scheduler = ModelScheduler(self.load, on_status=self.on_status)

    def load(self) -> LocalModel:
        self.loads += 1
        if self.fail is not None:
            raise self.fail
        return self.model

    def on_status(self, status: ModelStatus, message: str) -> None:
        self.statuses.append((status, message))


@pytest.fixture
def harness() -> Iterator[Harness]:
    h = Harness()
    yield h
    h.scheduler.shutdown()


def _complete(model: LocalModel, cancel: CancelToken) -> str:
    return "".join(model.complete("p", GenerationParams(), cancel))


def _blocker(started: threading.Event, release: threading.Event):  # type: ignore[no-untyped-def]
    def run(model: LocalModel, cancel: CancelToken) -> str:
        started.set()
        release.wait(TIMEOUT)
        return "first"
    return run


def test_loads_lazily_once_and_reports_status(harness: Harness) -> None:
    assert harness.loads == 0 and harness.scheduler.status is ModelStatus.IDLE
    handles = [harness.scheduler.submit(i, Priority.VISIBLE, _complete) for i in range(3)]
    assert [h.result(TIMEOUT) for h in handles] == ["abc"] * 3
    assert harness.loads == 1
    assert harness.statuses == [(ModelStatus.LOADING, ""), (ModelStatus.READY, "fake")]
    assert harness.scheduler.model is harness.model


def test_start_loading_without_a_job(harness: Harness) -> None:
    harness.scheduler.start_loading()
    for _ in range(500):
        if harness.scheduler.status is ModelStatus.READY:
            break
        threading.Event().wait(0.01)
    assert harness.scheduler.status is ModelStatus.READY
    assert harness.scheduler.submit("x", Priority.FOCUSED, _complete).result(TIMEOUT) == "abc"
    assert harness.loads == 1


def _recorder(order: list[str]) -> Callable[[str], Callable[[LocalModel, CancelToken], str]]:
    """Makes jobs that write their name down in `order` when they run."""

    def job(name: str) -> Callable[[LocalModel, CancelToken], str]:
        def run(model: LocalModel, cancel: CancelToken) -> str:
            order.append(name)
            return name
        return run

    return job


def _order_behind(harness: Harness, first: tuple[Priority, Hashable],
                  jobs: list[tuple[str, Priority, Hashable]]) -> tuple[list[Hashable], list[str]]:
    """Queue `jobs` (key, priority, group) while a job of `first` (priority, group) holds the
    model: the order `pending` says, and the order they ran in."""
    started, release = threading.Event(), threading.Event()
    order: list[str] = []
    job = _recorder(order)
    held = harness.scheduler.submit("first", first[0], _blocker(started, release),
                                    group=first[1])
    assert started.wait(TIMEOUT)
    handles = [harness.scheduler.submit(key, priority, job(key), group=group)
               for key, priority, group in jobs]
    pending = harness.scheduler.pending()
    release.set()
    for h in handles:
        h.result(TIMEOUT)
    assert held.result(TIMEOUT) == "first"
    return pending, order


def test_runs_by_priority_then_submission_order(harness: Harness) -> None:
    pending, ran = _order_behind(harness, (Priority.PREFETCH, None), [
        ("a", Priority.PREFETCH, None), ("b", Priority.VISIBLE, None),
        ("c", Priority.FOCUSED, None), ("d", Priority.PREFETCH, None),
        ("e", Priority.VISIBLE, None)])
    assert pending == ran == ["c", "b", "e", "a", "d"]


def test_within_a_priority_the_last_jobs_group_goes_first(harness: Harness) -> None:
    """Translations from one language share the model's cached prompt: while a German post
    is translated, the other German posts on screen are next, then the oldest job; a lower
    priority stays last."""
    pending, ran = _order_behind(harness, (Priority.VISIBLE, "de"), [
        ("fr1", Priority.VISIBLE, "fr"), ("de1", Priority.VISIBLE, "de"),
        ("fr2", Priority.VISIBLE, "fr"), ("de2", Priority.PREFETCH, "de"),
        ("de3", Priority.VISIBLE, "de"), ("draft", Priority.VISIBLE, None)])
    assert pending == ran == ["de1", "de3", "fr1", "fr2", "draft", "de2"]


def test_resubmitting_a_key_raises_its_priority_without_duplicating(harness: Harness) -> None:
    started, release = threading.Event(), threading.Event()
    runs: list[str] = []
    job = _recorder(runs)
    harness.scheduler.submit("block", Priority.FOCUSED, _blocker(started, release))
    assert started.wait(TIMEOUT)
    visible = harness.scheduler.submit("v", Priority.VISIBLE, job("v"))
    low = harness.scheduler.submit("post", Priority.PREFETCH, job("post"))
    again = harness.scheduler.submit("post", Priority.FOCUSED, job("duplicate"))
    lower = harness.scheduler.submit("post", Priority.PREFETCH, job("duplicate"))
    assert again is low and lower is low
    assert low.priority is Priority.FOCUSED
    assert harness.scheduler.pending() == ["post", "v"]
    release.set()
    assert low.result(TIMEOUT) == "post" and visible.result(TIMEOUT) == "v"
    assert runs == ["post", "v"]


def test_cancel_a_queued_job(harness: Harness) -> None:
    started, release = threading.Event(), threading.Event()
    done: list[object] = []
    harness.scheduler.submit("block", Priority.FOCUSED, _blocker(started, release))
    assert started.wait(TIMEOUT)
    queued = harness.scheduler.submit("q", Priority.VISIBLE, _complete, on_done=done.append,
                                      on_error=done.append)
    assert harness.scheduler.cancel("q") is True
    assert harness.scheduler.cancel("unknown") is False
    release.set()
    assert queued.wait(TIMEOUT) and queued.cancelled
    with pytest.raises(CancelledJob):
        queued.result(TIMEOUT)
    follow = harness.scheduler.submit("after", Priority.VISIBLE, _complete)
    assert follow.result(TIMEOUT) == "abc"
    assert done == []


def test_cancel_a_running_job_stops_at_the_next_token(harness: Harness) -> None:
    harness.model.tokens = [str(i) for i in range(1000)]
    harness.model.gate = threading.Event()
    first_token = threading.Event()
    tokens: list[str] = []

    def on_token(piece: str) -> None:
        tokens.append(piece)
        first_token.set()

    running = harness.scheduler.submit("r", Priority.FOCUSED, _complete, on_token=on_token)
    assert first_token.wait(TIMEOUT)
    assert running.state is JobState.RUNNING
    assert harness.scheduler.cancel("r")
    assert running.wait(TIMEOUT) and running.cancelled
    assert tokens == ["0"]
    harness.model.gate = None
    harness.model.tokens = ["x"]
    assert harness.scheduler.submit("r", Priority.FOCUSED, _complete).result(TIMEOUT) == "x"


def test_cancel_where_drops_posts_scrolled_away(harness: Harness) -> None:
    started, release = threading.Event(), threading.Event()
    harness.scheduler.submit("block", Priority.FOCUSED, _blocker(started, release))
    assert started.wait(TIMEOUT)
    handles = {k: harness.scheduler.submit(k, Priority.PREFETCH, _complete)
               for k in ("post:1", "post:2", "post:3", "thread:1")}
    cancelled = harness.scheduler.cancel_where(
        lambda key: isinstance(key, str) and key in ("post:1", "post:2"))
    assert cancelled == 2
    release.set()
    assert handles["post:1"].wait(TIMEOUT) and handles["post:1"].cancelled
    assert handles["post:2"].cancelled
    assert handles["post:3"].result(TIMEOUT) == "abc"
    assert handles["thread:1"].result(TIMEOUT) == "abc"


def test_streamed_tokens_reach_on_token_and_result_reaches_on_done(harness: Harness) -> None:
    tokens: list[str] = []
    results: list[str] = []
    finished = threading.Event()

    def on_done(result: str) -> None:
        results.append(result)
        finished.set()

    harness.scheduler.submit("k", Priority.FOCUSED, _complete, on_token=tokens.append,
                             on_done=on_done)
    assert finished.wait(TIMEOUT)
    assert tokens == ["a", "b", "c"] and results == ["abc"]


def test_errors_reach_on_error_and_result(harness: Harness) -> None:
    errors: list[BaseException] = []
    got_error = threading.Event()

    def boom(model: LocalModel, cancel: CancelToken) -> str:
        raise ValueError("bad prompt")

    def on_error(exc: BaseException) -> None:
        errors.append(exc)
        got_error.set()

    handle = harness.scheduler.submit("k", Priority.FOCUSED, boom, on_error=on_error)
    assert got_error.wait(TIMEOUT)
    assert isinstance(errors[0], ValueError)
    assert handle.state is JobState.FAILED
    with pytest.raises(ValueError, match="bad prompt"):
        handle.result(TIMEOUT)
    # The worker survives a failing job.
    assert harness.scheduler.submit("k2", Priority.FOCUSED, _complete).result(TIMEOUT) == "abc"


def test_load_failure_fails_jobs_with_the_message_and_retries_later() -> None:
    h = Harness(fail=ModelUnavailable("The model file x.gguf does not exist."))
    try:
        errors: list[BaseException] = []
        handle = h.scheduler.submit("k", Priority.FOCUSED, _complete, on_error=errors.append)
        with pytest.raises(ModelUnavailable, match="does not exist"):
            handle.result(TIMEOUT)
        assert h.statuses[-1] == (ModelStatus.FAILED, "The model file x.gguf does not exist.")
        assert len(errors) == 1
        h.fail = None
        assert h.scheduler.submit("k", Priority.FOCUSED, _complete).result(TIMEOUT) == "abc"
        assert h.loads == 2 and h.scheduler.status is ModelStatus.READY
    finally:
        h.scheduler.shutdown()


def test_shutdown_cancels_everything_and_closes_the_model() -> None:
    h = Harness()
    started, release = threading.Event(), threading.Event()
    h.scheduler.submit("block", Priority.FOCUSED, _blocker(started, release))
    assert started.wait(TIMEOUT)
    queued = h.scheduler.submit("q", Priority.VISIBLE, _complete)
    threading.Timer(0.1, release.set).start()
    h.scheduler.shutdown()
    assert queued.cancelled
    assert h.model.closed
    with pytest.raises(RuntimeError):
        h.scheduler.submit("late", Priority.FOCUSED, _complete)


def test_reprioritize_moves_queued_jobs_up_and_down_but_never_a_focused_one(
        harness: Harness) -> None:
    started, release = threading.Event(), threading.Event()
    harness.scheduler.submit("block", Priority.FOCUSED, _blocker(started, release))
    assert started.wait(TIMEOUT)
    harness.scheduler.submit("asked", Priority.FOCUSED, _complete)
    for key in ("a", "b", "c"):
        harness.scheduler.submit(key, Priority.VISIBLE, _complete)
    harness.scheduler.reprioritize({"a": Priority.PREFETCH, "c": Priority.ELSEWHERE,
                                    "asked": Priority.PREFETCH, "gone": Priority.VISIBLE})
    assert harness.scheduler.pending() == ["asked", "b", "c", "a"]
    release.set()


def test_an_idle_model_is_unloaded_and_loads_again_for_the_next_job() -> None:
    model = FakeModel()
    statuses: list[ModelStatus] = []
    loads: list[int] = []

    def load() -> LocalModel:
        loads.append(1)
        return model

    scheduler = ModelScheduler(load, on_status=lambda s, _m: statuses.append(s),
                               unload_after=0.05)
    try:
        assert scheduler.submit("a", Priority.VISIBLE, _complete).result(TIMEOUT) == "abc"
        deadline = time.monotonic() + TIMEOUT
        while scheduler.model is not None:  # wait for the state (bounded), not for a time
            assert time.monotonic() < deadline, "the idle model was never unloaded"
            threading.Event().wait(0.01)
        assert model.closed and statuses[-1] is ModelStatus.IDLE
        model.closed = False
        assert scheduler.submit("b", Priority.VISIBLE, _complete).result(TIMEOUT) == "abc"
        assert len(loads) == 2
    finally:
        scheduler.shutdown()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice: Linux")
def test_the_model_thread_yields_the_cpu_to_the_ui_thread(harness: Harness) -> None:
    def niceness(model: LocalModel, cancel: CancelToken) -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    theirs = harness.scheduler.submit("n", Priority.VISIBLE, niceness).result(TIMEOUT)
    assert theirs == min(19, mine + MODEL_NICENESS)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == mine  # not ours
