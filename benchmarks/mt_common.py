"""What the translation benchmarks share: the data sets, the embedded model, and one timed
translation (seconds per post, process CPU time, first piece on screen)."""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent


def run_parser(commands: Any, data: Path) -> argparse.ArgumentParser:
    """The `run` command with the options both translation benchmarks share (`commands`:
    the parser's subparsers; `data`: the default set)."""
    run = commands.add_parser("run")
    run.add_argument("--data", type=Path, default=data)
    run.add_argument("--label", required=True)
    run.add_argument("--limit", type=int, default=0)
    run.add_argument("--threads", type=int, default=None)
    return run


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, to record beside every figure."""
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


@dataclass(frozen=True, slots=True)
class Timed:
    result: Any  # the Translation
    seconds: float  # wall clock for the whole post
    cpu: float  # this process's CPU time meanwhile (a loaded machine inflates it less)
    first: float | None  # wall clock until the first non-blank piece was shown


def timed_translate(translator: Any, text: str, lang: str | None, target: str = "en") -> Timed:
    """Translate one post through the real pipeline, timing the first piece and the whole."""
    t0, cpu0 = time.perf_counter(), time.process_time()
    first: list[float] = []

    def on_partial(shown: str) -> None:
        if shown.strip() and not first:
            first.append(time.perf_counter() - t0)

    result = translator.translate(text, target, tag=lang, on_partial=on_partial)
    return Timed(result, time.perf_counter() - t0, time.process_time() - cpu0,
                 first[0] if first else None)
