"""Full collections wait for a pause in the input, come on time without input, and the old
thresholds come back."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from fedtui.app.gc_pacing import NEVER, Pacing, QuietCollector


@dataclass
class FakeGc:
    """The clock and the collector's view of the young generations, moved by the test."""

    now: float = 100.0
    promoted: int = 0  # young collections since the last full one
    collected: list[float] = field(default_factory=list)
    quiet: list[float] = field(default_factory=list)  # seconds since the last key, per run
    last_key: float = 0.0
    frozen: int = 0

    def collect(self) -> int:
        self.collected.append(self.now)
        self.quiet.append(self.now - self.last_key)
        self.promoted = 0
        return 0

    def freeze(self) -> None:
        self.frozen += 1


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGc]:
    fake = FakeGc()
    monkeypatch.setattr("fedtui.app.gc_pacing.gc.collect", fake.collect)
    monkeypatch.setattr("fedtui.app.gc_pacing.gc.freeze", fake.freeze)
    monkeypatch.setattr("fedtui.app.gc_pacing.gc.unfreeze", lambda: None)
    monkeypatch.setattr("fedtui.app.gc_pacing.gc.get_count", lambda: (0, 0, fake.promoted))
    yield fake


def collector(fake: FakeGc) -> QuietCollector:
    return QuietCollector(Pacing(idle=2.0, gap=0.5, interval=30.0, promoted=10),
                          clock=lambda: fake.now)


def run_for(fake: FakeGc, pacer: QuietCollector, seconds: int, *, key_every: float = 0,
            promoted_per_second: int = 0) -> None:
    """Tick once a second for `seconds`, pressing a key every `key_every` s (0: none)."""
    for second in range(seconds):
        fake.now += 1.0
        fake.promoted += promoted_per_second
        if key_every and second % key_every == 0:
            fake.last_key = fake.now
            pacer.input_seen()
        pacer.tick()


def test_after_a_burst_of_input_once_the_reader_pauses(fake: FakeGc) -> None:
    pacer = collector(fake)
    fake.now += 6.0  # a fifth of the interval since the last one
    pacer.input_seen()
    fake.now += 1.0
    assert not pacer.tick()
    fake.now += 1.5
    assert pacer.tick() and pacer.tick() is False  # once per burst
    assert fake.collected == [108.5]


def test_nothing_to_do_means_no_collection(fake: FakeGc) -> None:
    pacer = collector(fake)
    run_for(fake, pacer, 600)
    assert fake.collected == []


def test_on_time_while_nobody_types(fake: FakeGc) -> None:
    """A streaming pane keeps promoting objects: a full collection every `interval`
    seconds, or sooner once the young generations promoted `promoted` batches."""
    pacer = collector(fake)
    run_for(fake, pacer, 300, promoted_per_second=0)
    fake.promoted = 1
    run_for(fake, pacer, 30)
    assert len(fake.collected) == 1  # on time: 30 s after the last one
    fake.collected.clear()
    run_for(fake, pacer, 100, promoted_per_second=1)
    gaps = [b - a for a, b in zip(fake.collected, fake.collected[1:], strict=False)]
    assert len(fake.collected) >= 9 and all(gap == 10 for gap in gaps)  # the young grew


def test_never_in_the_middle_of_a_key_burst(fake: FakeGc) -> None:
    """Keys every second: no collection until far overdue; keys every 3 s: in the pauses."""
    pacer = collector(fake)
    steady = fake.now
    for _ in range(250):  # a key every 0.25 s for 250 s while the young generations grow
        for _ in range(4):
            fake.now += 0.25
            pacer.input_seen()
        fake.promoted += 1
        pacer.tick()
    assert fake.collected == [steady + 200.0]  # 20 times overdue (200 batches): runs anyway
    fake.collected.clear()
    fake.quiet.clear()
    run_for(fake, pacer, 120, key_every=3, promoted_per_second=1)
    assert len(fake.collected) >= 10
    assert fake.quiet[0] >= 0.5  # overdue from the burst: the first short pause
    assert min(fake.quiet[1:]) >= 2.0  # then only in the pauses
    assert min(b - a for a, b in zip(fake.collected, fake.collected[1:], strict=False)) >= 2


def test_overdue_a_short_pause_is_enough(fake: FakeGc) -> None:
    pacer = collector(fake)
    fake.promoted = 40  # four times the batches
    pacer.input_seen()
    fake.now += 0.4
    assert not pacer.tick()
    fake.now += 0.2
    assert pacer.tick()


def test_the_start_up_heap_is_frozen_once_and_the_thresholds_come_back(fake: FakeGc) -> None:
    before = gc.get_threshold()
    pacer = collector(fake)
    pacer.start()
    try:
        assert gc.get_threshold()[2] == NEVER
        for _ in range(3):
            fake.now += 6
            pacer.input_seen()
            fake.now += 2
            assert pacer.tick()
    finally:
        pacer.stop()
    assert gc.get_threshold() == before
    assert fake.frozen == 1 and pacer.collections == 3


def test_a_real_collection_is_timed_and_the_freeze_undone() -> None:
    clock = [0.0]
    pacer = QuietCollector(clock=lambda: clock[0])
    pacer.start()
    try:
        pacer.input_seen()
        clock[0] = 100.0
        assert pacer.tick()
        assert pacer.longest_pause > 0 and gc.get_freeze_count() > 0
    finally:
        pacer.stop()
    assert gc.get_freeze_count() == 0
