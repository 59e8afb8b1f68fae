"""Full collections wait for a pause in the input, and the old thresholds come back."""

from __future__ import annotations

import gc

import pytest

from fedtui.app.gc_pacing import NEVER, QuietCollector


def test_full_collections_wait_for_a_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    collected: list[int] = []
    monkeypatch.setattr("fedtui.app.gc_pacing.time.monotonic", lambda: clock[0])
    monkeypatch.setattr("fedtui.app.gc_pacing.gc.collect", lambda: collected.append(1) or 0)
    before = gc.get_threshold()
    collector = QuietCollector(idle_seconds=2.0)
    collector.start()
    try:
        assert gc.get_threshold()[2] == NEVER
        collector.input_seen()
        clock[0] += 1.0
        collector.tick()
        assert collected == []
        clock[0] += 1.5
        collector.tick()
        collector.tick()
        assert collected == [1]  # once per burst of input
    finally:
        collector.stop()
    assert gc.get_threshold() == before
