"""fedtui.ui.widgets.stream_inbox: a burst wakes the UI once, nothing is lost or twice, and
every pane takes its batch on the same beat."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from fedtui.ui.widgets.stream_inbox import LiveBeat, StreamInbox


def test_a_burst_wakes_once_and_is_taken_whole_in_order() -> None:
    woken: list[int] = []
    inbox: StreamInbox[int] = StreamInbox(lambda: woken.append(1))
    for n in range(5):
        inbox.put(n)
    assert woken == [1]
    assert inbox.take() == [0, 1, 2, 3, 4]
    assert inbox.take() == []
    inbox.put(5)
    assert woken == [1, 1]  # a new batch wakes again
    assert inbox.take() == [5]


def test_threads_putting_while_the_ui_takes_lose_nothing() -> None:
    inbox: StreamInbox[int] = StreamInbox(lambda: None)
    taken: list[int] = []

    def feed(start: int) -> None:
        for n in range(start, start + 2000):
            inbox.put(n)

    threads = [threading.Thread(target=feed, args=(k * 2000,)) for k in range(4)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        taken += inbox.take()
    for thread in threads:
        thread.join()
    taken += inbox.take()
    assert sorted(taken) == list(range(8000))


class Timers:
    """A fake clock and `set_timer`: the beats fire when the test says."""

    def __init__(self) -> None:
        self.now = 100.0
        self.set: list[tuple[float, Any]] = []

    def __call__(self, delay: float, callback: Any) -> None:
        self.set.append((delay, callback))

    def fire(self) -> float:
        delay, callback = self.set.pop(0)
        self.now += delay
        callback()
        return delay


def test_four_panes_asking_take_their_events_on_one_beat() -> None:
    timers = Timers()
    beat = LiveBeat(timers, interval=0.2, clock=lambda: timers.now)
    taken: list[str] = []
    for pane in ("home", "notifications", "home", "local", "federated"):
        beat.request(pane, lambda pane=pane: taken.append(pane))
    assert len(timers.set) == 1 and timers.set[0][0] == LiveBeat.FRAME  # after a quiet spell
    timers.fire()
    assert taken == ["home", "notifications", "local", "federated"]  # each once, in order
    beat.request("home", lambda: taken.append("home again"))
    assert timers.fire() == pytest.approx(0.2)  # asked at once: 0.2 s after the last beat
    assert taken[-1] == "home again" and not timers.set


def test_a_beat_that_costs_more_spaces_the_next_ones_out() -> None:
    timers = Timers()
    beat = LiveBeat(timers, interval=0.2, share=4.0, clock=lambda: timers.now)

    def slow() -> None:
        timers.now += 0.1  # taking the events costs 100 ms

    beat.request("home", slow)
    timers.fire()
    beat.request("home", lambda: None)
    assert timers.set[0][0] == pytest.approx(0.4 - 0.1)  # 4 x 100 ms from the last start


def test_a_beat_waits_while_keys_come_but_not_for_ever() -> None:
    timers = Timers()
    beat = LiveBeat(timers, interval=0.2, clock=lambda: timers.now)
    taken: list[str] = []
    beat.request("home", lambda: taken.append("home"))
    waited = 0.0
    while not taken:
        beat.input_seen()  # a key just before each try
        waited += timers.fire()
    assert LiveBeat.MOST_DELAY <= waited < LiveBeat.MOST_DELAY + LiveBeat.KEYS_FIRST + 0.05
    beat.request("home", lambda: taken.append("again"))
    timers.now += 1.0  # no key for a second: on time
    timers.fire()
    assert taken == ["home", "again"]
