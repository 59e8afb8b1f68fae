"""Draft loss under kill -9: how much of what was typed into compose a SIGKILL throws away.

Starts the demo instance, then per run launches the real `fedtui` (`python -m fedtui`, with
`--root` on PYTHONPATH, so another checkout can be measured) in a pseudo-terminal
(120x40, fresh HOME/XDG_* folders, FEDTUI_INSTANCE/FEDTUI_TOKEN of the demo user), presses
`c`, waits for the compose title, and types 8-40 keys of a text like a person: 60-120 ms
between keys, 150-500 ms between words (fixed seed). 0-400 ms after the last key it sends
SIGKILL, then reads the drafts table from the files left behind (`drafts.db`, or the cache
`fedtui.db` of versions that kept drafts there) with plain sqlite3.

Per run: keys typed before the kill, keys in the saved draft, keys lost, and the loss
window: the age at the kill of the oldest lost key (0 when nothing was lost). The window
includes the time a key takes to reach the app through the terminal, which no saving
scheme can shorten.

    .venv/bin/python benchmarks/draft_loss.py [--runs 20] [--root PATH] [--label NAME]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import random
import select
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
TEXT = ("the quick brown fox jumps over the lazy dog while the kettle boils and the "
        "rain keeps falling on the roof of the old house by the river ")
COMPOSE_TITLE = b"ctrl+s send"


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


class Terminal:
    """A process in a pseudo-terminal; its output is drained by a thread."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int],
                 cwd: Path) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     cwd=cwd, close_fds=True, start_new_session=True)
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.2)
                if ready:
                    chunk = os.read(self.master, 65536)
                    if not chunk:
                        return
                    with self.lock:
                        self.output += chunk
            except OSError:
                return

    def seen(self, needle: bytes, since: int = 0) -> bool:
        with self.lock:
            return needle in self.output[since:]

    def mark(self) -> int:
        with self.lock:
            return len(self.output)

    def type(self, key: str) -> None:
        os.write(self.master, key.encode())

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        os.close(self.master)


def saved_text(home: Path) -> str:
    """The newest draft's text in whatever file the fedtui under test keeps drafts."""
    data = home / "data" / "fedtui"
    for name in ("drafts.db", "fedtui.db"):
        path = data / name
        if not path.exists():
            continue
        conn = sqlite3.connect(path)
        try:
            row = conn.execute("SELECT body FROM drafts ORDER BY updated_at DESC "
                               "LIMIT 1").fetchone()
        except sqlite3.Error:
            row = None
        finally:
            conn.close()
        if row is not None:
            return str(json.loads(row[0]).get("text") or "")
    return ""


def wait(predicate: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False


def one_run(index: int, args: argparse.Namespace, server: object, rng: random.Random,
            workdir: Path) -> dict[str, object]:
    home = workdir / f"run{index}"
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": os.environ.get("PATH", ""),
           "HOME": str(home / "home"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_STATE_HOME": str(home / "state"), "PYTHONPATH": str(args.root),
           "FEDTUI_INSTANCE": server.base_url, "FEDTUI_TOKEN": server.token,  # type: ignore[attr-defined]
           "NO_PROXY": "127.0.0.1,localhost"}
    for key in ("home", "config", "data", "cache", "state"):
        (home / key).mkdir(parents=True, exist_ok=True)
    # `-m` puts the working folder first on sys.path: run in the measured checkout
    term = Terminal([sys.executable, "-m", "fedtui"], env, (120, 40), args.root)
    result: dict[str, object] = {"run": index}
    try:
        if not wait(lambda: term.seen(b"Home"), 60):
            result["error"] = "home never shown"
            return result
        time.sleep(1.0)  # let the first pages settle: typing starts on a quiet app
        mark = term.mark()
        term.type("c")
        if not wait(lambda: term.seen(COMPOSE_TITLE, mark), 30):
            result["error"] = "compose never opened"
            return result
        time.sleep(0.5)
        keys = rng.randint(8, 40)
        sent: list[float] = []
        for char in TEXT[:keys]:
            term.type(char)
            sent.append(time.monotonic())
            if len(sent) < keys:
                time.sleep(rng.uniform(0.15, 0.5) if char == " " else rng.uniform(0.06, 0.12))
        time.sleep(rng.uniform(0.0, 0.4))  # the kill comes 0-400 ms after the last key
        killed_at = time.monotonic()
        term.kill()
    finally:
        if term.proc.poll() is None:
            term.kill()
    text = saved_text(home)
    typed = TEXT[:len(sent)]
    kept = len(text) if typed.startswith(text) else 0
    lost = len(sent) - kept
    result.update(typed=len(sent), kept=kept, lost=lost,
                  window_ms=round((killed_at - sent[kept]) * 1000, 1) if lost else 0.0,
                  last_key_age_ms=round((killed_at - sent[-1]) * 1000, 1) if sent else None,
                  prefix_ok=typed.startswith(text))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="checkout whose fedtui is measured (default: this one)")
    parser.add_argument("--label", default="fedtui")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--output", type=Path, help="JSON file (default: benchmarks/results/)")
    args = parser.parse_args(argv)

    from fedtui.demo import start_demo

    print("starting and seeding the demo instance…", file=sys.stderr)
    server = start_demo()
    rng = random.Random(args.seed)
    runs: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="fedtui-bench-drafts-") as workdir:
        try:
            for index in range(args.runs):
                result = one_run(index, args, server, rng, Path(workdir))
                runs.append(result)
                print(f"run {index}: {result}", file=sys.stderr)
        finally:
            server.stop()
    measured = [r for r in runs if not r.get("error")]
    windows = [float(r["window_ms"]) for r in measured]  # type: ignore[arg-type]
    lost = [int(r["lost"]) for r in measured]  # type: ignore[call-overload]
    summary = {
        "runs": len(measured), "errors": len(runs) - len(measured),
        "runs_losing_keys": sum(1 for n in lost if n),
        "keys_lost_max": max(lost, default=0),
        "keys_lost_total": sum(lost),
        "window_ms_median": statistics.median(windows) if windows else None,
        "window_ms_max": max(windows, default=None),
        "prefix_mismatches": sum(1 for r in measured if not r["prefix_ok"]),
    }
    report = {"benchmark": "draft_loss", "label": args.label, "root": str(args.root),
              "date": time.strftime("%Y-%m-%dT%H:%M:%S"), "loadavg": loadavg(),
              "summary": summary, "runs": runs}
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = args.output or RESULTS / f"draft_loss-{time.strftime('%Y%m%d-%H%M%S')}.json"
    output.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"\ndraft loss under kill -9: {args.label} ({args.root}), load average {loadavg()}")
    print("| runs | runs losing keys | keys lost (max / total) | loss window median | max |")
    print("|---|---|---|---|---|")
    print(f"| {summary['runs']} | {summary['runs_losing_keys']} | {summary['keys_lost_max']} / "
          f"{summary['keys_lost_total']} | {summary['window_ms_median']} ms | "
          f"{summary['window_ms_max']} ms |")
    if summary["errors"] or summary["prefix_mismatches"]:
        print(f"errors: {summary['errors']}, saved text not a prefix of the typed text: "
              f"{summary['prefix_mismatches']}")
    print(f"results: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
