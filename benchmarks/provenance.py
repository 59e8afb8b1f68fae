"""Time `fedtui.core.provenance.explain` for a pane of 1,000 posts (700 posts, 300 boosts).

    PYTHONPATH=. python benchmarks/provenance.py
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fedtui.core.model import Account, Mention, Status, Tag
from fedtui.core.provenance import Followed, Origin, Reader, explain

T0 = datetime(2026, 5, 1, tzinfo=UTC)


def pane() -> tuple[list[Status], Reader]:
    people = [Account(id=f"a{i}", username=f"p{i}", acct=f"p{i}", display_name="", url="")
              for i in range(300)]
    reader = Reader(id="me", following={p.id: Followed(p.acct) for p in people[::2]},
                    tags=frozenset({"t1", "t3"}), lists={p.id: ("L",) for p in people[::5]},
                    joined=frozenset(str(i) for i in range(0, 700, 50)))
    me = Mention("me", "me", "me", "")
    originals = [Status(id=str(i), account=people[i % 300], content="<p>x</p>",
                        created_at=T0 + timedelta(minutes=i), tags=(Tag(f"t{i % 5}"),),
                        mentions=(me,) if i % 11 == 0 else (),
                        in_reply_to_id=str(i - 1) if i % 3 else None) for i in range(700)]
    boosts = [Status(id=f"b{i}", account=people[(i * 7) % 300], content="",
                     created_at=T0 + timedelta(minutes=700 + i), reblog=originals[i % 700])
              for i in range(300)]
    return [*boosts[::-1], *originals[::-1]], reader


def main() -> None:
    items, reader = pane()
    report("provenance", len(items), timed(lambda: explain(items, Origin("home"), reader), 30))


def timed(run: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Wall median, wall worst and CPU median of `runs` calls, in ms."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return (statistics.median(wall) * 1000, max(wall) * 1000,
            statistics.median(cpu) * 1000)


def report(what: str, count: int, figures: tuple[float, float, float]) -> None:
    median, worst, cpu = figures
    print(f"{what} for {count} posts: wall median {median:.1f} ms, worst {worst:.1f} ms; "
          f"CPU median {cpu:.1f} ms; load average {os.getloadavg()[0]:.2f} "
          f"(target: under 50 ms)")


if __name__ == "__main__":
    main()
