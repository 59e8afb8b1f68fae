"""Runs model jobs one at a time on a background thread, most urgent first.

The model is loaded lazily (on the first job or `start_loading()`), on the worker thread,
reporting `ModelStatus` changes to `on_status` so the UI can show an indicator. Jobs have a
key (e.g. a post id) and a `Priority`; submitting a key that is already queued raises its
priority instead of adding a duplicate. Within a priority, a job of the same `group` as the
one that ran last goes first (translations from one language: the model's cached prompt
serves the next one too), then submission order. `cancel`/`cancel_where` drop queued jobs and stop a
running one at its next token (posts scrolled out of view).

All callbacks run on the worker thread: UI code must hand them over to its own thread
without waiting for it (`post_message`): a worker that waits for the UI thread per token
stalls both. Callbacks of a job are those given when it was first submitted.

With `unload_after` (seconds), a model that has had no job for that long is closed (its
memory freed) and loads again with the next job.

On Linux the worker thread (and the threads llama.cpp starts from it) runs at a lower CPU
priority (`MODEL_NICENESS`): on a machine with more work than cores the UI thread and the
network go first, and the model takes what is left.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from fedtui.llm.backend import CancelToken, ChatMessage, GenerationParams, LocalModel, ModelKind
from fedtui.llm.jobs import (
    CancelledJob,
    JobHandle,
    JobState,
    ModelStatus,
    Priority,
    StatusCallback,
)

__all__ = ["CancelledJob", "JobHandle", "JobState", "ModelScheduler", "ModelStatus", "Priority"]

log = logging.getLogger(__name__)
R = TypeVar("R")
MODEL_NICENESS = 10  # added to the model thread's nice value (Linux: per thread)


@dataclass(eq=False)
class _Job:
    handle: JobHandle[Any]
    run: Callable[[LocalModel, CancelToken], Any]
    on_token: Callable[[str], None] | None
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    seq: int
    group: Hashable = None


class _TeeModel:
    """The model as seen by a job: every streamed piece is also sent to `on_token`."""

    def __init__(self, model: LocalModel, on_token: Callable[[str], None]) -> None:
        self._model = model
        self._on_token = on_token

    @property
    def name(self) -> str:
        return self._model.name

    @property
    def kind(self) -> ModelKind:
        return self._model.kind

    @property
    def context_length(self) -> int:
        return self._model.context_length

    def count_tokens(self, text: str) -> int:
        return self._model.count_tokens(text)

    def _tee(self, pieces: Iterator[str]) -> Iterator[str]:
        for piece in pieces:
            self._on_token(piece)
            yield piece

    def complete(self, prompt: str, params: GenerationParams,
                 cancel: CancelToken | None = None) -> Iterator[str]:
        return self._tee(self._model.complete(prompt, params, cancel))

    def chat(self, messages: Sequence[ChatMessage], params: GenerationParams,
             cancel: CancelToken | None = None) -> Iterator[str]:
        return self._tee(self._model.chat(messages, params, cancel))


class ModelScheduler:
    """One worker thread, one model, jobs by priority, then the last job's group, then
    submission order."""

    def __init__(self, load: Callable[[], LocalModel], *,
                 on_status: StatusCallback | None = None,
                 unload_after: float | None = None) -> None:
        self._load = load
        self._on_status = on_status
        self._unload_after = unload_after or None
        self._last_used = time.monotonic()
        self._cond = threading.Condition()
        self._queue: list[tuple[int, int, Hashable]] = []
        self._jobs: dict[Hashable, _Job] = {}  # queued and running jobs by key
        self._running: _Job | None = None
        self._last_group: Hashable = None
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._want_load = False
        self._model: LocalModel | None = None
        self.status = ModelStatus.IDLE
        self.status_message = ""

    @property
    def model(self) -> LocalModel | None:
        """The loaded model, or None before it is ready."""
        return self._model

    def start_loading(self) -> None:
        """Load the model now (in the background) instead of on the first job."""
        with self._cond:
            self._want_load = True
            self._ensure_thread()
            self._cond.notify_all()

    def submit(
        self,
        job_key: Hashable,
        priority: Priority,
        run: Callable[[LocalModel, CancelToken], R],
        *,
        on_token: Callable[[str], None] | None = None,
        on_done: Callable[[R], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        group: Hashable = None,
    ) -> JobHandle[R]:
        """Queue `run`; `group` (None: none) names jobs that share a prompt prefix."""
        with self._cond:
            if self._stopping:
                raise RuntimeError("the model scheduler has been shut down")
            existing = self._jobs.get(job_key)
            if existing is not None:
                handle = existing.handle
                if handle.state is JobState.QUEUED and priority < handle.priority:
                    handle.priority = priority
                    existing.seq = next(self._seq)
                    heapq.heappush(self._queue, (int(priority), existing.seq, job_key))
                    self._cond.notify_all()
                return handle
            new_handle: JobHandle[R] = JobHandle(key=job_key, priority=priority)
            job = _Job(new_handle, run, on_token, on_done, on_error, next(self._seq), group)
            self._jobs[job_key] = job
            heapq.heappush(self._queue, (int(priority), job.seq, job_key))
            self._ensure_thread()
            self._cond.notify_all()
            return new_handle

    def reprioritize(self, priorities: Mapping[Hashable, Priority]) -> None:
        """Move queued jobs up or down (the reader's focus moved to another pane); those
        given run in the order given within a priority. A `FOCUSED` job stays first."""
        with self._cond:
            for key, priority in priorities.items():
                job = self._jobs.get(key)
                if (job is None or job.handle.state is not JobState.QUEUED
                        or job.handle.priority is Priority.FOCUSED):
                    continue
                job.handle.priority = priority
                job.seq = next(self._seq)
                heapq.heappush(self._queue, (int(priority), job.seq, key))
            self._cond.notify_all()

    def cancel(self, job_key: Hashable) -> bool:
        """Cancel a queued or running job; False if there is none with that key."""
        return self.cancel_where(lambda key: key == job_key) > 0

    def cancel_where(self, predicate: Callable[[Hashable], bool]) -> int:
        """Cancel every queued or running job whose key matches; returns how many."""
        with self._cond:
            matching = [job for key, job in self._jobs.items() if predicate(key)]
            for job in matching:
                job.handle.cancel_token.cancel()
                if job.handle.state is JobState.QUEUED:
                    del self._jobs[job.handle.key]
                    job.handle._finish(JobState.CANCELLED)
            return len(matching)

    def pending(self) -> list[Hashable]:
        """Keys of queued jobs, in the order they would run."""
        with self._cond:
            queued = sorted((j for j in self._jobs.values() if j.handle.state is JobState.QUEUED),
                            key=lambda j: (int(j.handle.priority), j.seq))
            last = self._last_group
        order: list[Hashable] = []
        while queued:
            job = _group_first(queued[0], queued, last)
            queued.remove(job)
            order.append(job.handle.key)
            last = job.group
        return order

    def shutdown(self, wait: bool = True, timeout: float | None = 10.0) -> None:
        """Cancel everything, stop the worker and free the model."""
        with self._cond:
            self._stopping = True
            for job in list(self._jobs.values()):
                job.handle.cancel_token.cancel()
                if job.handle.state is JobState.QUEUED:
                    job.handle._finish(JobState.CANCELLED)
            self._jobs = {k: j for k, j in self._jobs.items() if j is self._running}
            self._queue.clear()
            self._cond.notify_all()
            thread = self._thread
        if wait and thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        model, self._model = self._model, None
        close = getattr(model, "close", None)
        if callable(close):
            try:
                close()
            except Exception:  # pragma: no cover - freeing memory at exit
                log.exception("closing the model failed")

    # -- worker -----------------------------------------------------------------------------

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="fedtui-model",
                                            daemon=True)
            self._thread.start()

    def _set_status(self, status: ModelStatus, message: str = "") -> None:
        self.status, self.status_message = status, message
        if self._on_status is not None:
            try:
                self._on_status(status, message)
            except Exception:
                log.exception("model status callback failed")

    def _next_job(self) -> _Job | None:
        """Wait for the next job (None when stopping, when asked to load, or when the model
        has been idle for `unload_after`); must hold the condition."""
        while True:
            if self._stopping:
                return None
            while self._queue:
                _, seq, key = heapq.heappop(self._queue)
                job = self._jobs.get(key)
                if job is not None and job.seq == seq and job.handle.state is JobState.QUEUED:
                    queued = (j for j in self._jobs.values() if j.handle.state is JobState.QUEUED)
                    chosen = _group_first(job, queued, self._last_group)
                    if chosen is not job:  # back in the queue, in its place
                        heapq.heappush(self._queue, (int(job.handle.priority), job.seq, key))
                    return chosen
            if self._want_load and self._model is None:
                return None
            if self._model is None or self._unload_after is None:
                self._cond.wait()
                continue
            idle_left = self._last_used + self._unload_after - time.monotonic()
            if idle_left <= 0:
                return None
            self._cond.wait(idle_left)

    def _work(self) -> None:
        _lower_priority()
        while True:
            with self._cond:
                job = self._next_job()
                if job is None and self._stopping:
                    return
                if job is not None:
                    job.handle.state = JobState.RUNNING
                    self._running, self._last_group = job, job.group
                unload = job is None and self._model is not None and not self._want_load
            if unload:
                self._unload()
                continue
            if self._model is None and not self._ensure_model():
                continue
            if job is not None:
                self._run(job)
                self._last_used = time.monotonic()

    def _unload(self) -> None:
        """Free the idle model; the next job loads it again."""
        with self._cond:
            model, self._model = self._model, None
        close = getattr(model, "close", None)
        if callable(close):
            try:
                close()
            except Exception:  # pragma: no cover - freeing memory
                log.exception("closing the idle model failed")
        self._set_status(ModelStatus.IDLE, "unloaded after being idle")

    def _ensure_model(self) -> bool:
        """Load the model (once); on failure fail every queued job and keep going."""
        self._set_status(ModelStatus.LOADING)
        try:
            model = self._load()
        except Exception as exc:
            self._set_status(ModelStatus.FAILED, str(exc))
            with self._cond:
                self._want_load = False
                failed = list(self._jobs.values())
                self._jobs.clear()
                self._queue.clear()
                self._running = None
            for job in failed:
                self._finish(job, error=exc)
            return False
        with self._cond:
            self._model = model
            self._want_load = False
            self._last_used = time.monotonic()
            stopping = self._stopping
        self._set_status(ModelStatus.READY, model.name)
        if stopping:
            self.shutdown(wait=False)
        return True

    def _run(self, job: _Job) -> None:
        model = self._model
        assert model is not None
        token = job.handle.cancel_token
        view: LocalModel = model if job.on_token is None else _TeeModel(model, job.on_token)
        try:
            result = None if token.cancelled else job.run(view, token)
        except Exception as exc:
            self._finish(job, error=exc)
        else:
            self._finish(job, result=result)

    def _finish(self, job: _Job, result: Any = None, error: BaseException | None = None) -> None:
        with self._cond:
            if self._jobs.get(job.handle.key) is job:
                del self._jobs[job.handle.key]
            if self._running is job:
                self._running = None
        handle = job.handle
        if handle.cancel_token.cancelled:
            handle._finish(JobState.CANCELLED)
            return
        if error is not None:
            handle._finish(JobState.FAILED, error=error)
            callback: Callable[..., None] | None = job.on_error
            arg: Any = error
        else:
            handle._finish(JobState.DONE, result=result)
            callback, arg = job.on_done, result
        if callback is None:
            if error is not None:
                log.warning("model job %r failed: %s", handle.key, error)
            return
        try:
            callback(arg)
        except Exception:
            log.exception("callback of model job %r failed", handle.key)


def _group_first(top: _Job, queued: Iterable[_Job], last: Hashable) -> _Job:
    """`top` (next by priority, then age), or the oldest of `queued` of its priority in the
    group that ran `last`: the rule the worker and `pending` share."""
    if last is None or top.group == last:
        return top
    same = [job for job in queued
            if job.group == last and job.handle.priority == top.handle.priority]
    return min(same, key=lambda job: job.seq, default=top)


def _lower_priority() -> None:
    """Make the calling thread yield the CPU to the others (Linux nice values are per
    thread; elsewhere this would renice the whole process, so nothing is done)."""
    if sys.platform != "linux":
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid)
                       + MODEL_NICENESS)
    except OSError:  # pragma: no cover - a sandbox may refuse it; the model still runs
        log.debug("could not lower the model thread's priority", exc_info=True)
