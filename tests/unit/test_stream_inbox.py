"""fedtui.ui.widgets.stream_inbox: a burst wakes the UI once and nothing is lost or twice."""

from __future__ import annotations

import threading

from fedtui.ui.widgets.stream_inbox import StreamInbox


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
