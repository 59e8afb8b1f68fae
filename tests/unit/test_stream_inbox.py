"""fedtui.ui.widgets.stream_inbox: a burst wakes the UI once, nothing is lost or twice, and
every pane takes its batch on the same beat."""

from __future__ import annotations

import heapq
import itertools
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


def test_unseen_gives_each_event_once_and_leaves_them_all_for_take() -> None:
    inbox: StreamInbox[int] = StreamInbox(lambda: None)
    inbox.put(0)
    inbox.put(1)
    assert inbox.unseen() == [0, 1]
    inbox.put(2)
    assert inbox.unseen() == [2]
    assert inbox.unseen() == []
    assert inbox.take() == [0, 1, 2]  # looked at, still taken whole
    inbox.put(3)
    assert inbox.unseen() == [3]  # a new batch: looked at from its start


class Schedule:
    """A fake clock and `set_timer` that fires timers in the order they fall due."""

    def __init__(self) -> None:
        self.now = 100.0
        self.due: list[tuple[float, int, Any]] = []
        self._set = itertools.count()  # timers due at once fire in the order they were set

    def __call__(self, delay: float, callback: Any) -> None:
        heapq.heappush(self.due, (self.now + delay, next(self._set), callback))

    def fire(self) -> None:
        at, _, callback = heapq.heappop(self.due)
        self.now = max(self.now, at)
        callback()


def test_until_the_beat_the_panes_prepare_in_short_slices_each_first_in_turn() -> None:
    timers = Schedule()
    beat = LiveBeat(timers, interval=0.2, clock=lambda: timers.now)
    calls: list[tuple[str, bool, bool]] = []  # the pane, time left as it began, and after

    def ahead(pane: str, cost: float) -> Any:
        def prepare(in_time: Any) -> None:
            began = in_time()
            timers.now += cost
            calls.append((pane, began, in_time()))
        return prepare

    beat.request("home", lambda: None)
    timers.fire()  # a beat after a quiet spell: the next one is 0.2 s away
    taken: list[str] = []
    beat.request("home", lambda: taken.append("home"), ahead("home", LiveBeat.AHEAD_SLICE))
    beat.request("local", lambda: taken.append("local"), ahead("local", 0.0))
    timers.fire()  # home takes the whole slice: local waits
    assert calls == [("home", True, False)]  # the slice ends as its 2 ms are spent
    calls.clear()
    timers.fire()  # the next slice: local goes first now
    assert [pane for pane, _, _ in calls] == ["local", "home"]
    while not taken:
        timers.fire()
    assert taken == ["home", "local"]
    assert len(calls) > 2  # slices all along the 0.2 s
    calls.clear()
    while timers.due:  # a slice still on the timer does nothing after the beat
        timers.fire()
    assert calls == [] and taken == ["home", "local"]


def test_a_pane_asking_again_before_the_beat_does_not_set_a_second_slice() -> None:
    timers = Timers()
    beat = LiveBeat(timers, interval=0.2, clock=lambda: timers.now)
    for _ in range(3):
        beat.request("home", lambda: None, lambda in_time: None)
    assert len(timers.set) == 2  # one slice, one beat
