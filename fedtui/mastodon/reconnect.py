"""When a live feed connects again: exponential backoff with jitter that restarts only
after a connection proved steady, and when to poll a while instead of reconnecting."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator

#: Connections in a row that died young before the feed polls for a while instead.
YOUNG_DEATHS = 5


def backoff_delays(first: float = 1.0, cap: float = 60.0, *,
                   rng: Callable[[], float] = random.random) -> Iterator[float]:
    """Exponential delays with "equal jitter": the n-th is in [c/2, c], c = min(cap, first*2^n)."""
    attempt = 0
    while True:
        ceiling = min(cap, first * 2 ** min(attempt, 30))
        yield ceiling / 2 + rng() * ceiling / 2
        attempt += 1


class Reconnects:
    """The delays between one feed's connections. A connection that brought an event or
    stayed up `steady_after` seconds restarts them; one that died younger (a proxy that
    cuts streams after their first heartbeat) lets them grow."""

    def __init__(self, backoff: tuple[float, float], steady_after: float,
                 rng: Callable[[], float], clock: Callable[[], float] = time.monotonic) -> None:
        self._backoff, self._rng, self._clock = backoff, rng, clock
        self.steady_after = steady_after
        self._since = 0.0  # when the current connection went live
        self._proved = False  # it brought an event
        self._young = 0  # connections in a row that died young
        self.restart()

    def restart(self) -> None:
        self._delays = backoff_delays(*self._backoff, rng=self._rng)

    def went_live(self) -> None:
        self._since, self._proved = self._clock(), False

    def heard_event(self) -> None:
        self._proved = True

    def ended(self) -> bool:
        """The live connection ended: whether it was the `YOUNG_DEATHS`th in a row to die
        young (time to poll a while)."""
        if self._proved or self._clock() - self._since >= self.steady_after:
            self._young = 0
            self.restart()
            return False
        self._young = (self._young + 1) % YOUNG_DEATHS
        return self._young == 0

    def next_delay(self) -> float:
        return next(self._delays)
