"""Long-run benchmark: memory over time of the real `fedtui` with four streaming panes.

Starts the demo instance (mastodon-mock in a subprocess, seeded), launches the real fedtui
(`python -m fedtui` from `--root`, default this checkout) in a private tmux server
(`tmux -L fedtui-bench-longrun`, 160x48: the four default panes side by side) with fresh
XDG folders, and posts one public status every `--interval` s (2) as a followed local
account mentioning the demo user, so each post streams into all four panes (Home,
Notifications, Local, Federated). Phases alternate every `--phase-minutes` (5): idle
(no key) and active (`j`/`k` alternately every `--key-every` s, 20). VmRSS of the fedtui
process tree is sampled every `--sample` s (15). Every garbage collection of generation 2,
and every collection of 5 ms or more, is timed inside fedtui (`gc.callbacks`, installed by
this script's `--child` mode before `fedtui.cli.main` runs: nothing in fedtui changes).
At the end the screen must show the last post (the stream was live all along).
`--translate` posts the foreign sources of `data/mt_calib.jsonl` in turn with auto-translate
on, so the model loads and translates every post: memory with the model (the size of the
GGUF it maps is reported beside the RSS). Its active phases press `j` and `n` (back to the
newest post: auto-translate translates the posts on screen). With `--translate-minutes M`
the foreign posts stop after M minutes (English ones follow), so the model goes idle, and
`--unload-after S` sets `translation.unload_after`: memory after the idle model unloads.
`--pacing BATCHES,SECONDS` paces fedtui's full collections otherwise; `--garbage AFTER,FOR`
counts, by type, the objects that only the cyclic collector frees over FOR s; `--heap
AFTER,FRAMES[,SINCE]` says where the Python memory held after AFTER s was allocated (and
what grew since SINCE s).

    .venv/bin/python benchmarks/longrun.py --minutes 120
    .venv/bin/python benchmarks/longrun.py --minutes 20 --root /tmp/base-memory --label before
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from startup import proc_tree  # the process tree of the measured fedtui

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SOCKET = f"fedtui-bench-longrun-{os.getpid()}"
GC_LOG_ENV = "FEDTUI_LONGRUN_GC_LOG"
PACING_ENV = "FEDTUI_LONGRUN_PACING"
GARBAGE_ENV = "FEDTUI_LONGRUN_GARBAGE"
HEAP_ENV = "FEDTUI_LONGRUN_HEAP"
if TYPE_CHECKING:
    import tracemalloc

TARGET_GROWTH_MB_H, TARGET_RSS_MB, TARGET_OVER_MODEL_MB = 10.0, 80.0, 150.0


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def child() -> int:
    """Run fedtui with every long or full garbage collection timed into a JSON-lines log."""
    import gc

    log = open(os.environ[GC_LOG_ENV], "a", buffering=1, encoding="utf-8")  # noqa: SIM115
    started: list[float] = [0.0]
    sqlite_used = sqlite_memory_probe()

    def timed(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
            return
        pause = time.perf_counter() - started[0]
        if info["generation"] == 2 or pause >= 0.005:
            log.write(json.dumps({"t": time.time(), "gen": info["generation"],
                                  "ms": round(pause * 1000, 2),
                                  "collected": info["collected"],
                                  "sqlite_kb": sqlite_used() // 1024}) + "\n")

    gc.callbacks.append(timed)
    if os.environ.get(PACING_ENV):  # --pacing: fedtui's full collections paced otherwise
        import functools

        from fedtui.app import gc_pacing

        batches, seconds = os.environ[PACING_ENV].split(",")
        gc_pacing.Pacing = functools.partial(  # type: ignore[misc]
            gc_pacing.Pacing, promoted=int(batches), interval=float(seconds))
    if os.environ.get(GARBAGE_ENV):
        threading.Thread(target=garbage_census, daemon=True,
                         args=(*map(float, os.environ[GARBAGE_ENV].split(",")),
                               os.environ[GC_LOG_ENV] + ".garbage")).start()
    if os.environ.get(HEAP_ENV):
        import tracemalloc

        after, frames, *since = os.environ[HEAP_ENV].split(",")
        tracemalloc.start(int(frames))
        threading.Thread(target=heap_census, daemon=True,
                         args=(float(after), os.environ[GC_LOG_ENV] + ".heap",
                               float(since[0]) if since else None)).start()
    from fedtui.cli import main

    return main([])


def sqlite_memory_probe() -> Callable[[], int]:
    """SQLite's own heap in this process (`sqlite3_memory_used`: the page caches of every
    connection), read through the library Python's `sqlite3` loaded; 0 if not found."""
    import ctypes
    import sqlite3  # noqa: F401  (loads the library the probe must read)

    try:
        library = ctypes.CDLL("libsqlite3.so.0")
    except OSError:
        return lambda: 0
    library.sqlite3_memory_used.restype = ctypes.c_int64
    return library.sqlite3_memory_used


def heap_census(after: float, path: str, since: float | None = None) -> None:
    """`--heap`: after `after` s and a full collection, the Python memory still held, by
    the line that allocated it (tracemalloc, started before fedtui imports anything); with
    `since`, also what grew from `since` s to `after` s."""
    import gc
    import tracemalloc

    def settled() -> tracemalloc.Snapshot:
        gc.collect()
        return tracemalloc.take_snapshot()

    started = time.monotonic()
    base = None
    if since is not None:
        time.sleep(since)
        base = settled()
    time.sleep(max(0.0, after - (time.monotonic() - started)))
    snapshot = settled()
    rows = [{"where": where(stat.traceback), "kb": round(stat.size / 1024, 1),
             "blocks": stat.count} for stat in snapshot.statistics("traceback")[:40]]
    by_file = [{"where": str(stat.traceback), "kb": round(stat.size / 1024, 1)}
               for stat in snapshot.statistics("filename")[:25]]
    total = sum(stat.size for stat in snapshot.statistics("filename"))
    census: dict[str, object] = {"after_s": after, "total_kb": round(total / 1024),
                                 "lines": rows, "files": by_file}
    if base is not None:
        census["since_s"] = since
        census["grew_kb"] = round((total - sum(
            stat.size for stat in base.statistics("filename"))) / 1024)
        census["grown"] = [{"where": where(diff.traceback), "kb": round(diff.size_diff / 1024, 1),
                            "blocks": diff.count_diff}
                           for diff in snapshot.compare_to(base, "traceback")[:40]]
    write_whole(Path(path), json.dumps(census))


def where(traceback: tracemalloc.Traceback) -> str:
    """A tracemalloc traceback as `file:line` of each frame, the allocating one first."""
    return " <- ".join(f"{frame.filename}:{frame.lineno}" for frame in reversed(traceback))


def garbage_census(after: float, span: float, path: str) -> None:
    """`--garbage`: after `after` s, keep every object that collections find unreachable
    for `span` s (`gc.DEBUG_SAVEALL`), then write how many of each type to `path`."""
    import gc

    time.sleep(after)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    time.sleep(span)
    gc.collect()
    gc.set_debug(0)
    kinds = collections.Counter(type_name(o) for o in gc.garbage)
    found = len(gc.garbage)
    cycles = cycle_kinds(gc.garbage)
    gc.garbage.clear()
    write_whole(Path(path), json.dumps({"after_s": after, "span_s": span, "objects": found,
                                        "types": kinds.most_common(20), "cycles": cycles}))


def write_whole(path: Path, text: str) -> None:
    """Write `text` to `path` so that a reader never sees half of it (a census is read
    as soon as its file exists)."""
    part = path.with_name(path.name + ".part")
    part.write_text(text, encoding="utf-8")
    part.replace(path)


def type_name(obj: object) -> str:
    return f"{type(obj).__module__}.{type(obj).__qualname__}"


def cycle_kinds(garbage: list[object]) -> list[tuple[str, int]]:
    """The reference cycles among `garbage` (its strongly connected components), counted by
    the types that make each one: what the collector had to break, not what hung on it."""
    import gc

    index = {id(obj): n for n, obj in enumerate(garbage)}
    edges = [[index[id(ref)] for ref in gc.get_referents(obj) if id(ref) in index]
             for obj in garbage]
    order, low, on_stack, stack, counter = {}, {}, set(), [], collections.Counter()
    for root in range(len(garbage)):  # Tarjan's algorithm, iterative
        if root in order:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                order[node] = low[node] = len(order)
                stack.append(node)
                on_stack.add(node)
            if position < len(edges[node]):
                work.append((node, position + 1))
                child = edges[node][position]
                if child not in order:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], order[child])
                continue
            for child in edges[node]:
                if child in on_stack:
                    low[node] = min(low[node], low[child])
            if low[node] == order[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1 or node in edges[node]:
                    shape = collections.Counter(type_name(garbage[m]) for m in members)
                    counter[" + ".join(f"{n} {kind}" for kind, n in sorted(shape.items()))] += 1
    return counter.most_common(15)


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return round(total / 1024, 1)


def model_mapped_mb(pids: list[int]) -> float:
    """The size of the GGUF files the process tree maps (the loaded model; 0: none)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            in_model = False
            for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
                first = line.split(" ", 1)[0]
                if "-" in first and ":" not in first:  # a mapping's header
                    in_model = line.rstrip().endswith(".gguf")
                elif in_model and line.startswith("Size:"):
                    total += int(line.split()[1])
    return round(total / 1024, 1)


def foreign_post(number: int) -> str:
    """`--translate`: the foreign sources of `data/mt_calib.jsonl` in turn (17 languages)."""
    return calibration_sources()[number % len(calibration_sources())]


@functools.cache
def calibration_sources() -> list[str]:
    lines = (ROOT / "benchmarks" / "data" / "mt_calib.jsonl").read_text(encoding="utf-8")
    return [json.loads(line)["src"] for line in lines.splitlines() if line.strip()]


def foreign_then_plain(minutes: float, interval: float) -> Callable[[int], str]:
    """`--translate-minutes`: foreign posts for `minutes` after the first, then plain ones."""
    plain = plain_post(interval)
    started: float | None = None

    def text(number: int) -> str:
        nonlocal started
        if started is None:
            started = time.monotonic()
        if time.monotonic() - started < minutes * 60:
            return foreign_post(number)
        return plain(number)

    return text


def plain_post(interval: float) -> Callable[[int], str]:
    return lambda _number: (f"a post every {interval:g} s, with a #hashtag and a "
                            "https://example.org/link to render")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, "-f", "/dev/null", *args],
                          capture_output=True, text=True, check=False).stdout


class Poster(threading.Thread):
    """One public post every `interval` s, mentioning the demo user (all four panes)."""

    def __init__(self, server: object, interval: float, text: Callable[[int], str]) -> None:
        super().__init__(daemon=True)
        self.text = text
        from fedtui.demo.accounts import ACCOUNTS

        self.base_url = str(server.base_url)  # type: ignore[attr-defined]
        author = next(a.username for a in ACCOUNTS if a.followed)
        self.token = str(server.token_for(author))  # type: ignore[attr-defined]
        self.interval = interval
        self.count = 0
        self.failures = 0
        self.stopping = threading.Event()
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def post(self, text: str) -> None:
        body = json.dumps({"status": text, "visibility": "public"}).encode()
        request = urllib.request.Request(
            f"{self.base_url}/api/v1/statuses", data=body,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        with self.opener.open(request, timeout=10) as response:
            response.read()

    def run(self) -> None:
        next_at = time.monotonic()
        while not self.stopping.is_set():
            try:
                self.post(f"@demo LONGRUN-{self.count + 1} {self.text(self.count)}")
                self.count += 1
            except OSError:
                self.failures += 1
            next_at += self.interval
            self.stopping.wait(max(0.0, next_at - time.monotonic()))


def fedtui_command(args: argparse.Namespace, base_url: str, token: str, home: Path,
                   gc_log: Path) -> str:
    env = {"TERM": "tmux-256color", "LANG": "C.UTF-8", "PATH": "/usr/local/bin:/usr/bin:/bin",
           "HOME": str(home / "home"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_STATE_HOME": str(home / "state"), "FEDTUI_INSTANCE": base_url,
           "FEDTUI_TOKEN": token, "NO_PROXY": "127.0.0.1,localhost",
           "PYTHONPATH": str(args.root), GC_LOG_ENV: str(gc_log),
           PACING_ENV: args.pacing or "", GARBAGE_ENV: args.garbage or "",
           HEAP_ENV: args.heap or ""}
    env.update(dict(item.split("=", 1) for item in args.env))
    for key in ("home", "config", "data", "cache", "state"):
        (home / key).mkdir(parents=True, exist_ok=True)
    if args.translate:  # every foreign post translated as it streams in
        (home / "config" / "fedtui").mkdir(exist_ok=True)
        unload = "" if args.unload_after is None else f"unload_after = {args.unload_after}\n"
        (home / "config" / "fedtui" / "config.toml").write_text(
            "[translation]\nauto_translate = true\n" + unload, encoding="utf-8")
    assigns = " ".join(shlex.quote(f"{k}={v}") for k, v in env.items())
    return (f"cd {shlex.quote(str(args.root))} && exec env -i {assigns} "
            f"{shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).resolve()))} --child")


def growth_per_hour(samples: list[dict[str, float]], after_min: float) -> float | None:
    """Least-squares slope of RSS over time (MB per hour) for samples after `after_min`."""
    points = [(s["min"], s["rss_mb"]) for s in samples if s["min"] >= after_min]
    if len(points) < 3:
        return None
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    var = sum((x - mean_x) ** 2 for x, _ in points)
    if not var:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / var
    return round(slope * 60, 1)


def wait_for_censuses(args: argparse.Namespace, gc_log: Path, limit: float = 600) -> None:
    """`--heap` and `--garbage` write their census from inside fedtui, which tracemalloc
    slows: wait (at most `limit` s) for them before fedtui is stopped."""
    wanted = [Path(f"{gc_log}{suffix}") for option, suffix in
              ((args.heap, ".heap"), (args.garbage, ".garbage")) if option]
    deadline = time.monotonic() + limit
    while not all(path.exists() for path in wanted) and time.monotonic() < deadline:
        time.sleep(1)


def run(args: argparse.Namespace) -> dict[str, object]:
    from fedtui.demo import start_demo

    print("starting and seeding the demo instance…", file=sys.stderr)
    server = start_demo()
    workdir = Path(tempfile.mkdtemp(prefix="fedtui-bench-longrun-"))
    gc_log = workdir / "gc.jsonl"
    gc_log.touch()
    if args.translate and args.translate_minutes is not None:
        text = foreign_then_plain(args.translate_minutes, args.interval)
    else:
        text = foreign_post if args.translate else plain_post(args.interval)
    poster = Poster(server, args.interval, text)
    samples: list[dict[str, float]] = []
    keys = 0
    pids: list[int] = []
    screen = ""
    try:
        tmux("new-session", "-d", "-s", "keepalive", "-x", "20", "-y", "5", "sleep 86400")
        tmux("set-option", "-g", "status", "off")
        tmux("set-option", "-g", "default-terminal", "tmux-256color")
        tmux("set-option", "-g", "remain-on-exit", "on")
        command = fedtui_command(args, server.base_url, server.token, workdir, gc_log)
        tmux("new-session", "-d", "-s", "fedtui", "-x", str(args.width), "-y", str(args.height),
             command)
        pid = int(tmux("list-panes", "-t", "fedtui", "-F", "#{pane_pid}").split()[0])
        deadline = time.monotonic() + 30
        while "live" not in (screen := tmux("capture-pane", "-p", "-t", "fedtui")):
            if time.monotonic() > deadline:
                raise RuntimeError(f"fedtui did not go live:\n{screen}")
            time.sleep(0.2)
        poster.start()
        start = time.monotonic()
        end = start + args.minutes * 60
        next_sample = next_key = start
        while (now := time.monotonic()) < end:
            minute = (now - start) / 60
            active = int(minute // args.phase_minutes) % 2 == 1
            if now >= next_sample:
                pids = proc_tree(pid)
                mapped = model_mapped_mb(pids)
                samples.append({"min": round(minute, 2), "rss_mb": rss_mb(pids),
                                "active": active, "posts": poster.count,
                                "model_mapped_mb": mapped})
                print(f"{minute:6.1f} min  {'active' if active else 'idle  '}  "
                      f"rss {samples[-1]['rss_mb']:7.1f} MB  posts {poster.count}"
                      + (f"  model mapped {mapped} MB" if mapped else ""), file=sys.stderr)
                next_sample += args.sample
            if active and now >= next_key:
                back = "n" if args.translate else "k"  # auto-translate translates what is shown
                tmux("send-keys", "-t", "fedtui", "j" if keys % 2 == 0 else back)
                keys += 1
            if now >= next_key:
                next_key += args.key_every
            time.sleep(max(0.05, min(next_sample, next_key, end) - time.monotonic()))
        poster.stopping.set()
        poster.join(timeout=15)
        last = f"LONGRUN-{poster.count}"
        seen_deadline = time.monotonic() + 30
        while True:
            tmux("send-keys", "-t", "fedtui", "n")  # to the newest post
            time.sleep(0.5)
            screen = tmux("capture-pane", "-p", "-t", "fedtui")
            if last in screen or time.monotonic() > seen_deadline:
                break
        last_seen = last in screen
        if not last_seen:
            print(screen, file=sys.stderr)
        wait_for_censuses(args, gc_log)
    finally:
        poster.stopping.set()
        pids = proc_tree(pids[0]) if pids else []
        socket = tmux("display-message", "-p", "#{socket_path}").strip()
        tmux("kill-server")
        if socket:
            Path(socket).unlink(missing_ok=True)  # tmux leaves its socket file behind
        for pid_ in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid_, 9)
        server.stop()
    gcs = [json.loads(line) for line in gc_log.read_text().splitlines() if line.strip()]
    census = Path(f"{gc_log}.garbage")
    garbage = json.loads(census.read_text()) if census.exists() else None
    heap_file = Path(f"{gc_log}.heap")
    heap = json.loads(heap_file.read_text()) if heap_file.exists() else None
    shutil.rmtree(workdir, ignore_errors=True)
    full = [g["ms"] for g in gcs if g["gen"] == 2]
    return {
        "samples": samples, "posts": poster.count, "post_failures": poster.failures,
        "keys": keys, "last_post_on_screen": last_seen,
        "growth_mb_per_h_after_10min": growth_per_hour(samples, 10.0),
        "rss_max_mb": max((s["rss_mb"] for s in samples), default=None),
        "model_mapped_max_mb": max((s.get("model_mapped_mb", 0) for s in samples), default=0),
        "gc_full_count": len(full), "gc_full_max_ms": max(full, default=None),
        "gc_full_median_ms": round(statistics.median(full), 1) if full else None,
        "gc_longest_ms": max((g["ms"] for g in gcs), default=None),
        "gc_full_max_collected": max((g["collected"] for g in gcs if g["gen"] == 2),
                                     default=None),
        "sqlite_max_kb": max((g.get("sqlite_kb", 0) for g in gcs), default=None),
        "garbage": garbage,
        "heap": heap,
    }


def rss_at(samples: list[dict[str, float]], minute: float) -> float | None:
    near = [s for s in samples if s["min"] <= minute + 0.01]
    return near[-1]["rss_mb"] if near else None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--child"]:
        return child()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=120.0)
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="checkout whose fedtui runs (PYTHONPATH), e.g. an older commit")
    parser.add_argument("--label", default="fedtui")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between posts")
    parser.add_argument("--phase-minutes", type=float, default=5.0)
    parser.add_argument("--key-every", type=float, default=20.0)
    parser.add_argument("--sample", type=float, default=15.0, help="seconds between RSS reads")
    parser.add_argument("--width", type=int, default=160)
    parser.add_argument("--height", type=int, default=48)
    parser.add_argument("--env", action="append", default=[], metavar="K=V")
    parser.add_argument("--pacing", metavar="BATCHES,SECONDS",
                        help="full collections every BATCHES promoted batches or SECONDS s "
                             "(fedtui's own pacing otherwise)")
    parser.add_argument("--garbage", metavar="AFTER,FOR",
                        help="after AFTER s, count the types of the cyclic garbage found "
                             "over FOR s")
    parser.add_argument("--heap", metavar="AFTER,FRAMES[,SINCE]",
                        help="after AFTER s, where the Python memory still held was "
                             "allocated (tracemalloc with FRAMES frames; slows fedtui), "
                             "and with SINCE what grew from SINCE s to AFTER s")
    parser.add_argument("--translate", action="store_true",
                        help="post foreign texts (data/mt_calib.jsonl) with auto-translate on: "
                             "memory with the model loaded")
    parser.add_argument("--translate-minutes", type=float, metavar="M",
                        help="with --translate: foreign posts for M minutes, then English ones")
    parser.add_argument("--unload-after", type=int, metavar="S",
                        help="with --translate: translation.unload_after (the idle model "
                             "unloads after S s; fedtui's default otherwise)")
    parser.add_argument("--output", type=Path, help="JSON file (default: benchmarks/results/)")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        parser.error("tmux is not installed")
    load_before = loadavg()
    result = run(args)
    report = {"benchmark": "longrun", "label": args.label, "root": str(args.root),
              "date": time.strftime("%Y-%m-%dT%H:%M:%S"), "cpus": os.cpu_count(),
              "loadavg_before": load_before, "loadavg_after": loadavg(),
              "minutes": args.minutes, "interval_s": args.interval, **result}
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = args.output or RESULTS / f"longrun-{time.strftime('%Y%m%d-%H%M%S')}.json"
    output.write_text(json.dumps(report, indent=1), encoding="utf-8")
    samples = result["samples"]
    assert isinstance(samples, list)
    marks = [m for m in (0, 5, 10, 20, 30, 60, 90, 120) if m <= args.minutes]
    print(f"\nlong run: {args.label}, {args.minutes:g} min, a post every {args.interval:g} s "
          f"into 4 panes, {args.width}x{args.height}, {os.cpu_count()} CPUs, "
          f"load average {load_before} -> {loadavg()}")
    print("RSS MB at " + ", ".join(f"{m} min: {rss_at(samples, m)}" for m in marks))
    for key in ("rss_max_mb", "model_mapped_max_mb", "growth_mb_per_h_after_10min",
                "gc_full_count", "gc_full_max_ms",
                "gc_full_median_ms", "gc_longest_ms", "gc_full_max_collected", "sqlite_max_kb",
                "posts", "post_failures", "keys", "last_post_on_screen"):
        print(f"{key:32} {result[key]}")
    garbage = result["garbage"]
    if isinstance(garbage, dict):
        print(f"cyclic garbage over {garbage['span_s']:g} s: {garbage['objects']} objects; "
              + ", ".join(f"{n} {kind}" for kind, n in garbage["types"][:6]))
        for shape, n in garbage.get("cycles", []):
            print(f"  {n:7} cycles of {shape}")
    heap = result["heap"]
    if isinstance(heap, dict):
        print(f"Python memory held after {heap['after_s']:g} s: {heap['total_kb']} KB; "
              + "; ".join(f"{row['where']} {row['kb']} KB" for row in heap["files"][:8]))
        if "grown" in heap:
            print(f"grew from {heap['since_s']:g} s: {heap['grew_kb']} KB; most:")
            for row in heap["grown"][:15]:
                print(f"  {row['kb']:9} KB {row['blocks']:7} blocks  {row['where']}")
    print(f"targets: growth < {TARGET_GROWTH_MB_H:g} MB/h after 10 min, "
          f"RSS < {TARGET_RSS_MB:g} MB without the model, < the model's mapped size + "
          f"{TARGET_OVER_MODEL_MB:g} MB with it")
    print(f"results: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
