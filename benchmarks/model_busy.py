"""The UI while the on-device model works: pane loads and `j` with the model busy or idle,
and auto-translate over four panes.

Starts the demo instance and adds 32 foreign posts in eight languages so that Home, Local
and Federated show foreign posts, not all the same ones (the newest 16: half followers-only
by accounts the demo user follows, in Home only; half public by accounts it does not
follow, in Local and Federated only; since 2026-12-04 20:30, before that all 32 were public
by followed accounts and the screen held 16 foreign posts). Each
measurement is a fresh process (`--child`) running the real `FedtuiApp` headless at
160x48 (four panes; `--height` sets the rows) with the real embedded model, on a cache
warmed by one earlier start (the panes paint "cached · updating…" first, as for a
returning user). Modes:

  idle   auto_translate off, the model never loads: each pane's time to "up to date"/"live",
         then `j` to repaint (the scroll benchmark's method: a Key handed to the driver,
         the clock stops at the end of the first frame, rendered to terminal bytes, that
         shows the reader moved).
  busy   the same with auto_translate on and, from the first frame, a job that keeps the
         model generating (one prompt after another, no tokens shown) until the end.
  auto4  auto_translate on, no other job: time until every foreign post in auto-translate's
         old window (a screenful of 4-line cards from the highlight) is translated, and
         until every foreign post drawn on screen (all four panes) is at once, the frames
         that drew new tokens per second while translations stream (and the longest gap)
         next to the tokens the model produced per second (frames can not outnumber
         tokens), then `--move-seconds` of reading
         (`j` every 0.4 s, `l` to the next pane every fifth press) and the jobs submitted,
         started, cancelled and finished over the whole run.

Conditions alternate (idle, busy, auto4, idle, ...) for `--runs` rounds; medians printed.
`--base DIR` also measures the fedtui of another checkout (e.g. an export of an older
commit) in every round, alternating with this one, and prints both side by side. The
children share the user's cache folder (the embedded model is not fetched again), where
the model's processed few-shot examples are kept across sessions: after a first run,
auto-translate starts as on a machine used before; `--forget-examples` deletes them before
each measurement, as on a machine's first session.

    .venv/bin/python benchmarks/model_busy.py [--runs 3] [--base DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
FOREIGN = [
    ("de", "Heute Abend koche ich Linsensuppe für die ganze Nachbarschaft, kommt vorbei!"),
    ("es", "El tren de las ocho llegó con media hora de retraso otra vez."),
    ("fr", "J'ai enfin terminé le puzzle de mille pièces commencé en janvier."),
    ("it", "Domani si parte per le Dolomiti, speriamo nel bel tempo."),
    ("pt", "A biblioteca do bairro vai abrir também aos domingos a partir de março."),
    ("nl", "De fietsenmaker op de hoek heeft mijn band in tien minuten gerepareerd."),
    ("ja", "駅前の新しいパン屋さんのクロワッサンがとても美味しかった。"),
    ("pl", "W sobotę sprzątamy park przy rzece, zapraszamy wszystkich chętnych."),
]


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0, "p50": float("nan"), "p95": float("nan"), "max": float("nan")}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"n": len(values), "p50": round(statistics.median(values), 2),
            "p95": round(p95, 2), "max": round(ordered[-1], 2)}


# -- the child: one measured start of the App ------------------------------------------------


class Frames:
    """Renders each compositor update to terminal bytes (as the real driver would), notes
    the frames that drew new tokens, and times keys as `scroll.Repaints` does: until the
    end of the first frame that shows the reader moved."""

    def __init__(self, app: Any, streamed: Any) -> None:
        self.app, self.streamed = app, streamed
        self.token_frames: list[float] = []
        self._seen: Any = None
        from scroll import Repaints

        self.repaints = Repaints(app)
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None and hasattr(renderable, "render_segments"):
                mark = streamed()
                if mark is not None and mark != self._seen:
                    self.token_frames.append(self.repaints.last_end)
                self._seen = mark

        app._display = display

    async def key(self, key: str) -> float:
        from textual import events

        before = self.repaints.reading_place()
        repaints = self.repaints
        repaints.arm(lambda: repaints.reading_place() != before)
        start = time.perf_counter()
        self.app._driver.send_message(events.Key(key, key))
        try:
            await asyncio.wait_for(repaints.event.wait(), 10)
        except TimeoutError:  # the key moved nothing (the end of a list): counted as 10 s
            return 10_000.0
        return (repaints.shown_at - start) * 1000


class Jobs:
    """Wraps the scheduler's `submit`: which jobs were submitted, started and how they ended."""

    def __init__(self, scheduler: Any) -> None:
        self.handles: list[Any] = []
        self.started: set[Any] = set()
        original = scheduler.submit

        def submit(key: Any, priority: Any, run: Any, **callbacks: Any) -> Any:
            def counted(model: Any, cancel: Any) -> Any:
                self.started.add(key)
                return run(model, cancel)

            handle = original(key, priority, counted, **callbacks)
            if all(h is not handle for h in self.handles):
                self.handles.append(handle)
            return handle

        scheduler.submit = submit

    def summary(self) -> dict[str, int]:
        states = [str(h.state) for h in self.handles]
        started = len(self.started)
        finished = states.count("done") + states.count("failed")
        return {"submitted": len(self.handles), "started": started,
                "cancelled": states.count("cancelled"), "finished": finished,
                "failed": states.count("failed"),
                "cancelled_after_start": sum(1 for h in self.handles if h.key in self.started
                                             and str(h.state) == "cancelled")}


def on_screen(pane: Any) -> list[Any]:
    """The statuses in a pane's window as auto-translate sees it: from the card above the
    highlight, a screenful of 4-line cards (translated cards are taller, so its last posts
    may be below the fold): the posts the screen measure waits for."""
    sl = pane.status_list
    index = sl.highlighted or 0
    return _statuses(sl, sl.cards[max(0, index - 1):index + max(1, sl.size.height // 4)])


def drawn(pane: Any) -> list[Any]:
    """The statuses whose cards are on screen now (runs at every frame: the window's
    cards only)."""
    sl = pane.status_list
    return _statuses(sl, [sl.cards[i] for i in sl.visible_range()])


def _statuses(status_list: Any, cards: list[Any]) -> list[Any]:
    from fedtui.core.model import item_status

    items = (status_list.source.get(card.id) for card in cards)
    found = (item_status(item) for item in items if item is not None)
    return [s for s in found if s is not None]


async def child(mode: str, url: str, token: str, user: str, args: argparse.Namespace) -> dict:
    from fedtui.app.context import AccountRef
    from fedtui.cli import build_context
    from fedtui.config import default_config
    from fedtui.llm.backend import GenerationParams
    from fedtui.ui.app import FedtuiApp
    from fedtui.ui.widgets.pane import TimelinePane

    config = default_config({"LANG": "en_US.UTF-8"})
    auto = mode in ("busy", "auto4") and not args.warm_up
    config = replace(config, translation=replace(config.translation, auto_translate=auto))
    app = FedtuiApp(build_context(config, AccountRef(url, token, user), demo=True))
    out: dict[str, Any] = {"mode": mode}
    stop = threading.Event()
    desk = app.translation_desk() if mode != "idle" else None
    jobs = Jobs(desk.scheduler) if mode == "auto4" and desk is not None else None
    token_times: list[float] = []  # each streamed piece of a post on screen reaching the desk
    shown_now: list[frozenset[str]] = [frozenset()]  # the posts on screen at the last frame
    if desk is not None:
        forward = desk.on_update

        def on_update(key: str) -> None:
            view = desk.views.get(key)
            if view is not None and str(view.state) == "streaming" and key in shown_now[0]:
                token_times.append(time.perf_counter())
            forward(key)

        desk.on_update = on_update
    started = time.perf_counter()
    async with app.run_test(size=(160, args.height)) as pilot:

        watched: list[Any] = []  # the panes, once mounted

        def streamed() -> Any:
            """The streaming translations of the posts on screen (a post translated ahead,
            below the screen, draws nothing)."""
            if desk is None:
                return None
            shown_now[0] = frozenset(s.shown.id for pane in watched for s in drawn(pane))
            parts = [(k, len(v.partial)) for k, v in list(desk.views.items())
                     if str(v.state) == "streaming" and k in shown_now[0]]
            return tuple(parts) or None

        frames = Frames(app, streamed)
        if mode == "busy" and desk is not None:
            from fedtui.llm.scheduler import Priority

            def hold(model: Any, cancel: Any) -> None:
                while not stop.is_set() and not cancel.cancelled:
                    for _ in model.complete("Write a long story about a lighthouse keeper.\n",
                                            GenerationParams(max_tokens=96), cancel):
                        if stop.is_set():
                            return

            desk.scheduler.submit("benchmark-busy", Priority.FOCUSED, hold)
        panes = list(app.screen.query(TimelinePane))
        watched.extend(panes)
        fresh: dict[str, float] = {}
        while len(fresh) < len(panes) and time.perf_counter() - started < args.timeout:
            for pane in panes:
                if pane.spec.title not in fresh and pane.status_text in ("up to date", "live"):
                    fresh[pane.spec.title] = round(time.perf_counter() - started, 2)
            await asyncio.sleep(0.005)
        out["pane_fresh_s"] = fresh
        if args.warm_up:
            return out
        if mode in ("idle", "busy"):
            if desk is not None:  # the model generates before the keys are measured
                while str(desk.scheduler.status) != "ready":
                    await asyncio.sleep(0.05)
            panes[0].status_list.focus()
            await pilot.pause()
            j_ms = []
            for press in range(args.presses):
                j_ms.append(await frames.key("j" if press % 40 < 20 else "k"))
                await asyncio.sleep(0.02 + (press % 3) * 0.01)
            out["j_ms"] = percentiles(j_ms)
        else:
            assert desk is not None
            out.update(await screen_translated(desk, panes, started, args))
            # while translations stream: the gaps between token frames (a gap of 2 s or
            # more is a pause between jobs, not a frame late)
            gaps = [b - a for a, b in itertools.pairwise(frames.token_frames) if b - a < 2.0]
            out["token_frames"] = len(frames.token_frames)
            out["token_fps"] = round(len(gaps) / sum(gaps), 1) if gaps else 0.0
            pieces = [b - a for a, b in itertools.pairwise(token_times) if b - a < 2.0]
            out["tokens_per_s"] = round(len(pieces) / sum(pieces), 1) if pieces else 0.0
            out["token_gap_max_ms"] = round(max(gaps) * 1000, 1) if gaps else 0.0
            out.update(while_streaming(token_times, frames.token_frames))
            panes[0].status_list.focus()
            await pilot.pause()
            end = time.perf_counter() + args.move_seconds
            presses = 0
            while time.perf_counter() < end:
                presses += 1
                await frames.key("l" if presses % 5 == 0 else "j")
                await asyncio.sleep(0.4)
            await asyncio.sleep(1.0)
            assert jobs is not None
            out["jobs"] = jobs.summary()
        stop.set()
    return out


STREAK_GAP = 0.25  # s: a longer pause between pieces ends a streak (a prompt, a check)


def while_streaming(pieces: list[float], frames: list[float]) -> dict[str, float]:
    """Tokens and the frames that drew them while the model streams visible text: streaks
    of pieces less than `STREAK_GAP` apart (of three pieces or more); the rates above
    also count the pauses between streaks (prompts, the unseen check decodes)."""
    streaks: list[tuple[float, float]] = []
    start = previous = None
    count = 0
    for at in [*pieces, float("inf")]:
        if previous is not None and at - previous > STREAK_GAP:
            if count >= 3 and start is not None:
                streaks.append((start, previous))
            start, count = None, 0
        if start is None:
            start = at
        count, previous = count + 1, at
    seconds = sum(end - begin for begin, end in streaks)
    if not seconds:
        return {}
    inside = sum(1 for at in pieces if any(b <= at <= e for b, e in streaks))
    drawn = sum(1 for at in frames if any(b <= at <= e + 1 / 30 for b, e in streaks))
    return {"streak_seconds": round(seconds, 2),
            "streak_tokens_per_s": round(inside / seconds, 1),
            "streak_frames_per_s": round(drawn / seconds, 1)}


def never_asked(desk: Any, status: Any) -> str:
    """Why auto-translate never asked for a post on screen: what the desk knew of it."""
    key = status.shown.id
    windows = [w for w in desk.board.windows.values() if key in w.visible or key in w.upcoming]
    return (f"never asked (tag {status.shown.language}, decided {desk.language_of(status)}, "
            f"in {len(windows)} reported windows, planned {key in desk._in_view})")


async def screen_translated(desk: Any, panes: list[Any], started: float,
                            args: argparse.Namespace) -> dict[str, Any]:
    """Seconds until every foreign post in auto-translate's window (`on_screen`, all panes)
    has its translation (`screen_*`), and until every foreign post drawn on screen has it at
    once (`drawn_*`: taller translated cards leave fewer posts on screen)."""
    done_states = {"done", "failed", "same-language"}
    foreign: list[Any] = []
    out: dict[str, Any] = {}

    def done(statuses: list[Any]) -> bool:
        views = [desk.view(s) for s in statuses]
        return bool(statuses) and all(v is not None and str(v.state) in done_states
                                      for v in views)

    while time.perf_counter() - started < args.timeout:
        foreign = [s for pane in panes for s in on_screen(pane) if desk.is_foreign(s)]
        shown = [s for pane in panes for s in drawn(pane) if desk.is_foreign(s)]
        now = round(time.perf_counter() - started, 2)
        if "drawn_translated_s" not in out and done(shown):
            out.update(drawn_foreign=len({s.id for s in shown}), drawn_translated_s=now)
        if done(foreign):
            break
        await asyncio.sleep(0.05)
    else:
        unique = {s.id: desk.view(s) for s in foreign}
        statuses = {s.shown.id: s for s in foreign}
        undone = {key: str(v.state) if v is not None else never_asked(desk, statuses[key])
                  for key, v in unique.items() if v is None or str(v.state) not in done_states}
        return {**out, "screen_foreign": len(unique), "screen_translated_s": None,
                "screen_done": len(unique) - len(undone), "screen_undone": undone}
    return {**out, "screen_foreign": len({s.id for s in foreign}),
            "screen_translated_s": round(time.perf_counter() - started, 2),
            "screen_done": len({s.id for s in foreign})}


# -- the parent: the demo instance, the rounds, the table -------------------------------------


def run_child(mode: str, server: Any, home: str, args: argparse.Namespace, root: Path | None,
              warm_up: bool = False) -> dict[str, Any]:
    env = {**os.environ, "XDG_DATA_HOME": f"{home}/data", "XDG_STATE_HOME": f"{home}/state",
           "XDG_CONFIG_HOME": f"{home}/config"}
    if root is not None:
        env["PYTHONPATH"] = str(root)
    command = [sys.executable, __file__, "--child", mode, "--url", server.base_url,
               "--token", server.token, "--user", server.username,
               "--presses", str(args.presses), "--move-seconds", str(args.move_seconds),
               "--timeout", str(args.timeout), "--height", str(args.height),
               *(["--warm-up"] if warm_up else [])]
    done = subprocess.run(command, env=env, capture_output=True, text=True,
                          timeout=args.timeout * 3)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        return {"mode": mode, "error": (done.stderr or done.stdout)[-800:]}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def seed_foreign(server: Any) -> None:
    from fedtui.demo.accounts import ACCOUNTS
    from fedtui.demo.world import make_client

    followed = [a.username for a in ACCOUNTS if a.followed][:4]
    strangers = [a.username for a in ACCOUNTS if not a.followed][:4]
    for round_ in range(4):
        for index, (lang, text) in enumerate(FOREIGN):
            # The newest two rounds differ between the panes: half followers-only (Home
            # only), half public by accounts the user does not follow (not in Home).
            mixed = round_ >= 2
            writers = strangers if mixed and index % 2 else followed
            visibility = "private" if mixed and not index % 2 else "public"
            writer = writers[(index + round_) % len(writers)]
            client = make_client(server.base_url, server.token_for(writer))
            client.status_post(f"{text} ({round_ + 1})", language=lang, visibility=visibility)


def median_of(results: list[dict[str, Any]], path: tuple[str, ...]) -> float | None:
    values = []
    for result in results:
        value: Any = result
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, int | float):
            values.append(float(value))
    return round(statistics.median(values), 2) if values else None


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    versions = list(dict.fromkeys(r["version"] for r in results))
    print(f"\nmodel_busy: {args.runs} rounds (versions and idle, busy, auto4 alternating), "
          f"160x{args.height}, four panes, load average {loadavg()}")
    rows = [("measure", *(f"{v} {m}" for v in versions for m in ("idle", "busy")))]

    def cells(path: tuple[str, ...], modes: tuple[str, ...] = ("idle", "busy")) -> list[str]:
        return [str(median_of([r for r in results if r["version"] == v and r.get("mode") == m
                               and "error" not in r], path))
                for v in versions for m in modes]

    for pane in ("Home", "Notifications", "Local", "Federated"):
        rows.append((f"{pane} up to date (s)", *cells(("pane_fresh_s", pane))))
    for stat in ("p50", "p95"):
        rows.append((f"j -> repaint {stat} (ms)", *cells(("j_ms", stat))))
    for label, path in (("screen: foreign posts", ("screen_foreign",)),
                        ("screen: translated after (s)", ("screen_translated_s",)),
                        ("drawn: foreign posts", ("drawn_foreign",)),
                        ("drawn: translated after (s)", ("drawn_translated_s",)),
                        ("screen: translated (posts)", ("screen_done",)),
                        ("token frames/s", ("token_fps",)),
                        ("tokens generated/s", ("tokens_per_s",)),
                        ("token frame gap max (ms)", ("token_gap_max_ms",)),
                        ("while streaming: tokens/s", ("streak_tokens_per_s",)),
                        ("while streaming: token frames/s", ("streak_frames_per_s",)),
                        ("jobs submitted", ("jobs", "submitted")),
                        ("jobs started", ("jobs", "started")),
                        ("jobs cancelled", ("jobs", "cancelled")),
                        ("jobs cancelled after start", ("jobs", "cancelled_after_start")),
                        ("jobs finished", ("jobs", "finished")),
                        ("jobs failed (of those finished)", ("jobs", "failed"))):
        auto = cells(path, ("auto4",))
        rows.append((f"auto4 {label}", *(c for value in auto for c in ("", value))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print("\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows))
    errors = [r for r in results if "error" in r]
    for error in errors:
        print(f"error in {error['mode']}: {error['error']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--presses", type=int, default=80)
    parser.add_argument("--move-seconds", type=float, default=30.0)
    parser.add_argument("--timeout", type=float, default=150.0)
    parser.add_argument("--base", type=Path, help="also measure the fedtui of this checkout")
    parser.add_argument("--modes", default="idle,busy,auto4")
    parser.add_argument("--height", type=int, default=48,
                        help="terminal rows (fewer rows: fewer foreign posts on screen)")
    parser.add_argument("--forget-examples", action="store_true",
                        help="delete the model's processed examples kept on disk before "
                             "each measurement (a machine's first session)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--warm-up", action="store_true", help=argparse.SUPPRESS)
    for name in ("url", "token", "user"):
        parser.add_argument(f"--{name}", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        from fedtui_start import as_fedtui_starts

        as_fedtui_starts()  # before Textual is imported (its frame rate is read then)
        out = asyncio.run(child(args.child, args.url, args.token, args.user, args))
        print(json.dumps(out))
        return 0
    from fedtui import paths
    from fedtui.demo import start_demo
    from fedtui.llm.registry import PROCESSED_EXAMPLES_DIR

    examples = paths.cache_dir() / "models" / PROCESSED_EXAMPLES_DIR  # the children's too
    results: list[dict[str, Any]] = []
    with start_demo() as server:
        seed_foreign(server)
        versions: list[tuple[str, Path | None]] = [("this", None)]
        if args.base is not None:
            versions.insert(0, ("base", args.base.resolve()))
        for round_ in range(args.runs):
            for mode in args.modes.split(","):
                for version, root in versions:
                    with tempfile.TemporaryDirectory(prefix="fedtui-bench-") as home:
                        run_child(mode, server, home, args, root, warm_up=True)
                        if args.forget_examples:
                            shutil.rmtree(examples, ignore_errors=True)
                        result = run_child(mode, server, home, args, root)
                    result.update(round=round_, version=version)
                    print(json.dumps(result), flush=True)
                    results.append(result)
    report(results, args)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"model_busy-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"loadavg": loadavg(), "runs": results},
                              indent=1))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
