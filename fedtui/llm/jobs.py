"""A model job's priority, state and handle (what `ModelScheduler.submit` returns)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any, Generic, TypeVar

from fedtui.llm.backend import CancelToken

R = TypeVar("R")


class Priority(IntEnum):
    """Lower runs sooner."""

    FOCUSED = 0  # the post under the cursor (asked for with `t`)
    VISIBLE = 1  # posts on screen in the focused pane
    ELSEWHERE = 2  # posts on screen in another pane
    PREFETCH = 3  # posts just below the fold
    BACKGROUND = 4  # local filters judging posts: after every translation


class ModelStatus(StrEnum):
    IDLE = "idle"  # not loaded yet
    LOADING = "loading"
    READY = "ready"
    FAILED = "failed"


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


StatusCallback = Callable[[ModelStatus, str], None]


@dataclass(eq=False)
class JobHandle(Generic[R]):
    """A submitted job: its state, its cancel token, and its result once finished."""

    key: Hashable
    priority: Priority
    cancel_token: CancelToken = field(default_factory=CancelToken)
    state: JobState = JobState.QUEUED
    _result: Any = None
    _error: BaseException | None = None
    _finished: threading.Event = field(default_factory=threading.Event)

    @property
    def done(self) -> bool:
        return self._finished.is_set()

    @property
    def cancelled(self) -> bool:
        return self.state is JobState.CANCELLED

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the job finished, failed or was cancelled; False on timeout."""
        return self._finished.wait(timeout)

    def result(self, timeout: float | None = None) -> R:
        """The job's result; re-raises its error. TimeoutError if still running after
        `timeout`; `CancelledJob` if it was cancelled."""
        if not self._finished.wait(timeout):
            raise TimeoutError(f"job {self.key!r} is still {self.state}")
        if self._error is not None:
            raise self._error
        if self.state is JobState.CANCELLED:
            raise CancelledJob(f"job {self.key!r} was cancelled")
        return self._result  # type: ignore[no-any-return]

    def _finish(self, state: JobState, result: Any = None,
                error: BaseException | None = None) -> None:
        self.state, self._result, self._error = state, result, error
        self._finished.set()


class CancelledJob(Exception):
    """`JobHandle.result()` of a cancelled job."""
