"""Run every benchmark one after another and print their tables (`make bench`).

    .venv/bin/python benchmarks/run_all.py [--quick] [--skip startup,scroll,...]

startup.py, scroll.py, burst.py, draft_loss.py and ranking.py always; translate_bench.py,
translate_ui.py, langdetect_bench.py and summary.py when present. Each runs as its own
process with this interpreter, so one benchmark's imports and memory never colour another's.
JSON goes to benchmarks/results/. Benchmarks on a busy machine are noisy: the 1-minute load
average is printed before each.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ORDER = ("startup", "scroll", "burst", "draft_loss", "ranking", "translate_bench",
         "translate_ui", "langdetect_bench", "summary")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs (startup 3, scroll 100 presses): a smoke test")
    parser.add_argument("--skip", default="", help="comma-separated names to skip")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    quick = {"startup": ["--runs", "3"], "scroll": ["--presses", "100"],
             "burst": ["--posts", "100", "--seconds", "5", "--ticks", "2"],
             "draft_loss": ["--runs", "5"], "translate_bench": ["--limit", "20"],
             "summary": ["--no-model"]}
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    failures: list[str] = []
    for name in ORDER:
        script = HERE / f"{name}.py"
        if name in skip or not script.exists():
            continue
        extra = quick.get(name, []) if args.quick else []
        with open("/proc/loadavg") as f:
            load = f.read().split()[0]
        print(f"\n=== {name} (load average {load}) ===", flush=True)
        started = time.monotonic()
        result = subprocess.run([sys.executable, str(script), *extra], cwd=ROOT, env=env,
                                check=False)
        print(f"--- {name}: exit {result.returncode} in {time.monotonic() - started:.0f} s",
              flush=True)
        if result.returncode != 0:
            failures.append(name)
    if failures:
        print(f"\nfailed: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
