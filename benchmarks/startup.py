"""Start-up benchmark: time to the newest post on screen, and memory, of the real `fedtui`.

Starts the demo instance (mastodon-mock in a subprocess, seeded with the demo world), posts
one more status containing a unique marker as a followed account (so it is the newest post
of the demo user's home), then launches `fedtui` N times in a private tmux server
(`tmux -L fedtui-bench`, 120x40) with FEDTUI_INSTANCE/FEDTUI_TOKEN set and HOME/XDG_* in a
fresh temp folder per run. Per run:
  cold  first launch on the fresh folder (no cache);
  warm  a second launch on the same folder (the cached page paints before the network).
The pane is polled with `capture-pane -p` (one tmux control-mode connection, ~15 ms) until
the marker shows: TTFC. After `--settle` s, VmRSS/VmHWM of the fedtui process tree are read
from /proc and /proc/PID/maps is checked for libllama/llama_cpp and numpy. Then the session is
killed; anything left is killed by PID. One warm-up run (cold+warm) is not counted.

    .venv/bin/python benchmarks/startup.py [--runs 7] [--cmd '...'] [--env K=V ...]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


RESULTS = ROOT / "benchmarks" / "results"
MARKER = "BENCHMARK-NEWEST-POST"
SOCKET = "fedtui-bench"
MAPS_FORBIDDEN = ("libllama", "llama_cpp", "numpy", "libggml")
TARGET_TTFC, TARGET_RSS_MB = 0.30, 60.0


def proc_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def memory(pids: list[int]) -> dict[str, object]:
    rss = hwm = 0
    mapped: set[str] = set()
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            maps = Path(f"/proc/{pid}/maps").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss += int(line.split()[1])
            elif line.startswith("VmHWM:"):
                hwm += int(line.split()[1])
        for line in maps.splitlines():
            parts = line.split(maxsplit=5)
            path = parts[5] if len(parts) == 6 else ""
            if any(word in path for word in MAPS_FORBIDDEN):
                mapped.add(path.strip())
    return {"rss_mb": round(rss / 1024, 1), "hwm_mb": round(hwm / 1024, 1),
            "forbidden_mapped": sorted(mapped), "pids": pids}


def kill_pids(pids: list[int], grace: float = 3.0) -> None:
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    for pid in pids:
        if alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


class Tmux:
    """A private tmux server (-L fedtui-bench) and one control-mode client for polling."""

    def __init__(self, width: int, height: int) -> None:
        self.size = (str(width), str(height))
        self.run("new-session", "-d", "-s", "keepalive", "-x", "20", "-y", "5", "sleep 86400")
        for option, value in (("remain-on-exit", "on"), ("status", "off"),
                              ("default-terminal", "tmux-256color"), ("history-limit", "100")):
            self.run("set-option", "-g", option, value)
        info = self.run("display-message", "-p", "#{pid} #{socket_path}").split(maxsplit=1)
        self.server_pid, self.socket_path = int(info[0]), Path(info[1].strip())
        self.ctl = subprocess.Popen(
            ["tmux", "-L", SOCKET, "-C", "attach-session", "-t", "keepalive"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        nonce = f"sync-{time.monotonic_ns()}"
        self._send(f"display-message -p {nonce}")
        while self._read()[1].strip() != nonce:  # skip the attach's own reply
            pass

    @staticmethod
    def run(*args: str) -> str:
        return subprocess.run(["tmux", "-L", SOCKET, "-f", "/dev/null", *args],
                              capture_output=True, text=True, check=False).stdout

    def _send(self, command: str) -> None:
        assert self.ctl.stdin is not None
        self.ctl.stdin.write(command.encode() + b"\n")

    def cmd(self, command: str) -> tuple[bool, str]:
        """Run one command; a trailing nonce keeps replies in step even after stray blocks."""
        nonce = f"sync-{time.monotonic_ns()}"
        self._send(command)
        self._send(f"display-message -p {nonce}")
        reply: tuple[bool, str] = (False, "")
        while True:
            block = self._read()
            if block[1].strip() == nonce:
                return reply
            reply = block

    def _read(self) -> tuple[bool, str]:
        assert self.ctl.stdout is not None
        lines: list[str] = []
        inside = False
        while True:
            raw = self.ctl.stdout.readline()
            if not raw:
                raise RuntimeError("tmux control client exited")
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if not inside:
                inside = line.startswith("%begin ")
            elif line.startswith(("%end ", "%error ")):
                return line.startswith("%end "), "\n".join(lines)
            else:
                lines.append(line)

    def launch(self, name: str, shell_command: str) -> None:
        self.run("new-session", "-d", "-s", name, "-x", self.size[0], "-y", self.size[1],
                 shell_command)

    def capture(self, name: str) -> str:
        return self.cmd(f"capture-pane -p -t {name}")[1]

    def pane(self, name: str) -> tuple[int | None, bool]:
        ok, out = self.cmd(f"list-panes -t {name} -F '#{{pane_pid}} #{{pane_dead}}'")
        parts = out.split()
        return (int(parts[0]), parts[1] == "1") if ok and len(parts) == 2 else (None, True)

    def close(self) -> None:
        if self.ctl.poll() is None:
            assert self.ctl.stdin is not None
            self.ctl.stdin.close()
            try:
                self.ctl.wait(timeout=3)
            except subprocess.TimeoutExpired:
                kill_pids([self.ctl.pid], 0)
        self.run("kill-server")
        kill_pids([self.server_pid])
        self.socket_path.unlink(missing_ok=True)  # tmux leaves its socket file behind


def start_server() -> tuple[object, str]:
    """The seeded demo instance plus the marker post; returns (server, newest status id)."""
    from fedtui.demo import start_demo
    from fedtui.demo.accounts import ACCOUNTS

    server = start_demo()
    author = next(a.username for a in ACCOUNTS if a.followed)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def call(path: str, token: str, body: dict[str, str] | None = None) -> object:
        request = urllib.request.Request(
            f"{server.base_url}{path}", data=json.dumps(body).encode() if body else None,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        with opener.open(request, timeout=10) as response:
            return json.loads(response.read())

    # followers-only: it shows in the demo user's Home pane, not in Local/Federated
    posted = call("/api/v1/statuses", server.token_for(author),
                  {"status": f"{MARKER} the newest post of this benchmark",
                   "visibility": "private"})
    home = call("/api/v1/timelines/home?limit=1", server.token)
    assert isinstance(home, list) and MARKER in home[0]["content"], "marker is not the newest post"
    for public in ("/api/v1/timelines/public?limit=40", "/api/v1/timelines/public?local=true"):
        assert MARKER not in json.dumps(call(public, server.token)), "marker is in a public pane"
    return server, str(posted["id"])  # type: ignore[index]


def launch_once(tmux: Tmux, name: str, command: str, args: argparse.Namespace) -> dict[str, object]:
    started = time.monotonic()
    tmux.launch(name, command)
    result: dict[str, object] = {"ttfc_s": None, "first_paint_s": None, "home_fresh_s": None}
    fresh = re.compile(r"Home\s+·\s+(up to date|live)")
    screen, polls = "", 0
    while time.monotonic() - started < args.timeout:
        screen = tmux.capture(name)
        polls += 1
        now = round(time.monotonic() - started, 4)
        if result["first_paint_s"] is None and screen.strip():
            result["first_paint_s"] = now
        if result["home_fresh_s"] is None and fresh.search(screen):
            result["home_fresh_s"] = now
        if MARKER in screen:
            result["ttfc_s"] = now
            result["screen_at_ttfc"] = screen
            break
        if polls % 10 == 0 and tmux.pane(name)[1]:
            break
        time.sleep(args.poll_ms / 1000)
    pid, dead = tmux.pane(name)
    result["polls"] = polls
    if result["ttfc_s"] is None or dead or pid is None:
        result["error"] = "exited" if dead else "marker not seen"
        result["screen"] = screen
    else:  # settle, still watching for the server's page to replace the cached one
        settle_end = time.monotonic() + args.settle
        while time.monotonic() < settle_end:
            if result["home_fresh_s"] is None and fresh.search(tmux.capture(name)):
                result["home_fresh_s"] = round(time.monotonic() - started, 4)
            time.sleep(args.poll_ms / 1000)
        result.update(memory(proc_tree(pid)))
    pids = proc_tree(pid) if pid else []
    tmux.run("kill-session", "-t", name)
    kill_pids(pids)
    return result


def command_for(args: argparse.Namespace, base_url: str, token: str, home: Path) -> str:
    env = {"TERM": "tmux-256color", "LANG": "C.UTF-8", "PATH": "/usr/local/bin:/usr/bin:/bin",
           "HOME": str(home / "home"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_STATE_HOME": str(home / "state"), "FEDTUI_INSTANCE": base_url,
           "FEDTUI_TOKEN": token, "NO_PROXY": "127.0.0.1,localhost"}
    env.update(dict(item.split("=", 1) for item in args.env))
    for key in ("home", "config", "data", "cache", "state"):
        (home / key).mkdir(parents=True, exist_ok=True)
    assigns = " ".join(shlex.quote(f"{k}={v}") for k, v in env.items())
    return f"exec env -i {assigns} {args.cmd}"


def stats(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
            "max": round(max(values), 3), "n": len(values)}


def table(summary: dict[str, dict[str, object]]) -> str:
    rows: list[tuple[str, ...]] = [("phase", "metric", "median", "min", "max", "n", "target")]
    targets = {"ttfc_s": f"<= {TARGET_TTFC}", "rss_mb": f"<= {TARGET_RSS_MB:g}"}
    for phase, metrics in summary.items():
        for metric, value in metrics.items():
            if isinstance(value, dict):
                rows.append((phase, metric, *(str(value[k]) for k in ("median", "min", "max", "n")),
                             targets.get(metric, "")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--cmd", default=shlex.quote(str(ROOT / ".venv" / "bin" / "fedtui")),
                        help="shell command that starts fedtui (default: .venv/bin/fedtui)")
    parser.add_argument("--env", action="append", default=[], metavar="K=V",
                        help="extra environment for fedtui (e.g. PYTHONPATH of a scratch copy)")
    parser.add_argument("--label", default="fedtui")
    parser.add_argument("--width", type=int, default=120)
    parser.add_argument("--height", type=int, default=40)
    parser.add_argument("--poll-ms", type=float, default=15.0)
    parser.add_argument("--settle", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--output", type=Path, help="JSON file (default: benchmarks/results/)")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        parser.error("tmux is not installed")

    print("starting and seeding the demo instance…", file=sys.stderr)
    server, _ = start_server()
    workdir = Path(tempfile.mkdtemp(prefix="fedtui-bench-startup-"))
    tmux = None
    runs: list[dict[str, object]] = []
    try:
        tmux = Tmux(args.width, args.height)
        for index in range(args.warmup + args.runs):
            home = workdir / f"run{index}"
            command = command_for(args, server.base_url, server.token, home)  # type: ignore[attr-defined]
            for phase in ("cold", "warm"):
                result = launch_once(tmux, f"run{index}-{phase}", command, args)
                result.update(phase=phase, run=index, warmup=index < args.warmup)
                runs.append(result)
                print(f"run {index}{' (warm-up)' if index < args.warmup else ''} {phase}: "
                      f"ttfc={result['ttfc_s']} rss={result.get('rss_mb')} MB "
                      f"{result.get('error', '')}", file=sys.stderr)
                if result.get("error"):
                    print(str(result.get("screen", ""))[-2000:], file=sys.stderr)
                time.sleep(0.5)
    finally:
        if tmux is not None:
            tmux.close()
        server.stop()  # type: ignore[attr-defined]
        shutil.rmtree(workdir, ignore_errors=True)

    summary: dict[str, dict[str, object]] = {}
    for phase in ("cold", "warm"):
        measured = [r for r in runs
                    if r["phase"] == phase and not r["warmup"] and not r.get("error")]
        summary[phase] = {
            metric: stats([v for r in measured if isinstance(v := r.get(metric), float)])
            for metric in ("ttfc_s", "first_paint_s", "home_fresh_s", "rss_mb", "hwm_mb")}
        summary[phase]["failures"] = sum(1 for r in runs if r["phase"] == phase and r.get("error"))
        summary[phase]["forbidden_mapped"] = sorted(
            {p for r in measured for p in r.get("forbidden_mapped", [])})  # type: ignore[attr-defined]
    report = {"benchmark": "startup", "label": args.label, "cmd": args.cmd, "env": args.env,
              "date": time.strftime("%Y-%m-%dT%H:%M:%S"), "cpus": os.cpu_count(),
              "loadavg": loadavg(),
              "size": [args.width, args.height], "summary": summary, "runs": runs}
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = args.output or RESULTS / f"startup-{time.strftime('%Y%m%d-%H%M%S')}.json"
    output.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nstart-up: {args.label}, {args.runs} runs (+{args.warmup} warm-up), "
          f"{args.width}x{args.height}, {os.cpu_count()} CPUs, load average {loadavg()}")
    print(table(summary))
    for phase in ("cold", "warm"):
        mapped = summary[phase]["forbidden_mapped"]
        print(f"{phase}: failures={summary[phase]['failures']}; libllama/numpy mapped: "
              f"{', '.join(mapped) if mapped else 'no'}")  # type: ignore[arg-type]
    print(f"results: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
