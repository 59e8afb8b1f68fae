"""Burst benchmark: 200 posts in 10 s streamed into the four panes of the real App.

Starts the demo instance (mastodon-mock in a child process, seeded with the demo world) and
the real `FedtuiApp` headless (`App.run_test(size=(160, 48))`: Home, Notifications, Local,
Federated, streaming on), logged in as the demo user. Once every pane is live, a thread
posts `--posts` public statuses evenly over `--seconds` as an account the demo user follows,
each mentioning the demo user (so each belongs in all four panes), while `j` (20 times, then
`k` 20 times, and again) is pressed in Home every 20-40 ms (random). Measured:

  delivery   the server's answer to a post (its `status_post` returned) -> the first
             repaint showing it, per pane (p50/p95/max over every post and pane)
  j          key -> the first repaint that shows the reader moved, during the burst (as
             `scroll.py` measures it; a repaint that only draws streamed posts does not count)
  lost/dup   posts missing from a pane, or shown twice, once the burst has settled
  stalled    a key with no repaint showing it moved the reader within 5 s (counted as
             5 s), with where the reader was before and after it and before the last presses

Then, on an in-memory instance (no network; the posts of `scroll.py`):

  tick       `refresh_times()` (the minute tick) on a pane of `--tick-posts` posts, the
             call and until the repaint
  thread     a 300-reply thread: its data handed to the thread screen -> the end of the
             first repaint with the replies drawn

    PYTHONPATH=. .venv/bin/python benchmarks/burst.py [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from scroll import (
    NOW,
    Repaints,
    SyntheticInstance,
    loadavg,
    offline_app,
    percentiles,
    synthetic_statuses,
)

from fedtui.app.context import AccountRef
from fedtui.config import default_config
from fedtui.core.model import Context, Notification
from fedtui.core.panes import PaneKind
from fedtui.ui.app import FedtuiApp
from fedtui.ui.widgets.pane import TimelinePane
from fedtui.ui.widgets.status_list import StatusList

RESULTS = Path(__file__).resolve().parent / "results"
POSTER = "maren"  # followed by the demo user


class ThreadInstance(SyntheticInstance):
    """The in-memory instance, with one long thread: every reply to its first post."""

    def __init__(self, home: list[Any], focus: Any, replies: list[Any]) -> None:
        super().__init__(home)
        self.focus, self.context = focus, Context((), tuple(replies))

    def thread(self, status_id: str) -> tuple[Any, Context]:
        return self.focus, self.context


def shown_status_ids(pane: TimelinePane, top: int) -> set[str]:
    """Status ids of the first `top` cards on a pane's list (a notification's status)."""
    found = set()
    for card in pane.status_list.cards[:top]:
        item = pane.state.get(card.id)
        if isinstance(item, Notification):
            if item.status is not None:
                found.add(item.status.id)
        elif item is not None:
            found.add(item.id)
    return found


def where_the_reader_is(repaints: Repaints) -> dict[str, Any]:
    """`Repaints.reading_place` (the focused widget and its highlighted post), with the
    screen, the highlighted index and how many cards there are: what a stalled key's report
    says about the place it did not move."""
    focused, post = repaints.reading_place()
    cards = getattr(focused, "cards", None)
    return {"focused": type(focused).__name__, "screen": type(repaints.app.screen).__name__,
            "index": getattr(focused, "highlighted", None), "post": post,
            "cards": len(cards) if cards is not None else None}


async def burst(args: argparse.Namespace, server: Any) -> dict[str, Any]:
    from fedtui.cli import build_context

    config = default_config({"LANG": "en_US.UTF-8"})
    context = build_context(config, AccountRef(server.base_url, server.token, server.username))
    app = FedtuiApp(context)
    answered: dict[str, float] = {}  # status id -> when the server's answer came back
    seen: dict[tuple[str, str], float] = {}  # (pane, status id) -> first repaint showing it
    out: dict[str, Any] = {}
    async with app.run_test(size=(160, 48)) as pilot:
        panes = list(app.screen.query(TimelinePane))
        deadline = time.perf_counter() + 60
        while not all("live" in pane.status_text for pane in panes):
            await pilot.pause(0.05)
            if time.perf_counter() > deadline:
                raise RuntimeError("the panes never went live: "
                                   + ", ".join(p.status_text for p in panes))
        repaints = Repaints(app)
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            now = time.monotonic()  # the poster's clock too
            waiting = set(answered)
            if not waiting:
                return
            for pane in panes:
                for status_id in shown_status_ids(pane, 80) & waiting:
                    seen.setdefault((pane.spec.title, status_id), now)

        app._display = display  # type: ignore[method-assign]
        done = threading.Event()

        def read_answers(poster: subprocess.Popen[str]) -> None:
            assert poster.stdout is not None
            for line in poster.stdout:
                status_id, at = line.split()
                answered[status_id] = float(at)
            poster.wait()
            done.set()

        home = next(p for p in panes if p.spec.kind is PaneKind.HOME)
        home.status_list.focus()
        await pilot.pause()
        # the poster is another process, as the people posting are: its HTTP work does
        # not compete for fedtui's GIL
        poster = subprocess.Popen(
            [sys.executable, __file__, "--poster", server.base_url, server.token_for(POSTER),
             server.username, str(args.posts), str(args.seconds)],
            stdout=subprocess.PIPE, text=True)
        threading.Thread(target=read_answers, args=(poster,), name="burst-answers",
                         daemon=True).start()
        keys: list[float] = []
        stalled: list[dict[str, Any]] = []
        recent: deque[dict[str, Any]] = deque(maxlen=4)  # the places before the last presses
        while not done.is_set():
            down = len(keys) % 40 < 20  # 20 posts down, 20 up: never stuck at an end
            before = where_the_reader_is(repaints)
            try:
                wall, _ = await repaints.key(*("jj" if down else "kk"))
            except TimeoutError:  # no repaint within 5 s: count it as 5 s
                wall = 5000.0
                stalled.append({"key": "j" if down else "k", "press": len(keys),
                                "before": before, "after": where_the_reader_is(repaints),
                                "presses_before": list(recent)})
            keys.append(wall)
            recent.append(before)
        out["stalled_keys"] = stalled
        settle = time.perf_counter() + args.settle
        expected = {(p.spec.title, i) for p in panes for i in answered}
        while time.perf_counter() < settle and not expected <= set(seen):
            await pilot.pause(0.05)
            app.refresh()
        latencies = [(seen[key] - answered[key[1]]) * 1000 for key in expected if key in seen]
        out["delivery_ms"] = percentiles(latencies)
        out["j_during_burst_ms"] = percentiles(keys)
        lost, duplicated = 0, 0
        for pane in panes:
            ids = [card.id for card in pane.status_list.cards]
            duplicated += len(ids) - len(set(ids))
            on_list = shown_status_ids(pane, len(ids))
            lost += sum(1 for status_id in answered if status_id not in on_list)
        out["lost"], out["duplicated"] = lost, duplicated
        out["posted"], out["panes"] = len(answered), len(panes)
    return out


async def tick_and_thread(args: argparse.Namespace) -> dict[str, Any]:
    from fedtui.ui.screens.thread import ThreadScreen

    statuses = synthetic_statuses(args.tick_posts + 301)
    home, (focus, *replies) = statuses[:args.tick_posts], statuses[args.tick_posts:]
    replies = [replace(s, in_reply_to_id=focus.id if n % 3 == 0 else replies[n - 1].id,
                       reblog=None) for n, s in enumerate(replies)]
    instance = ThreadInstance(home, focus, replies)
    minutes = [0]  # the clock moves a minute before each tick: the newest cards' "3m" ages
    app = offline_app(instance, clock=lambda: NOW + timedelta(minutes=minutes[0]))
    out: dict[str, Any] = {}
    async with app.run_test(size=(160, 48)) as pilot:
        pane = next(p for p in app.screen.query(TimelinePane) if p.spec.kind is PaneKind.HOME)
        while pane.status_list.card_count < args.tick_posts:
            await pilot.pause(0.01)
        await pilot.pause()
        repaints = Repaints(app)
        pane.status_list.focus()
        for _ in range(40):
            await repaints.key("j", "j")
        await repaints.key("g", "g")  # the newest posts, whose "3m" changes at each tick
        calls, paints = [], []
        for _ in range(args.ticks):
            minutes[0] += 1

            def tick() -> None:
                start = time.perf_counter()
                pane.status_list.refresh_times()
                calls.append((time.perf_counter() - start) * 1000)

            await repaints.after(tick)
            paints.append(repaints.wall)
        out["tick_call_ms"], out["tick_repaint_ms"] = percentiles(calls), percentiles(paints)

        firsts = []
        for _ in range(args.ticks):
            screen = ThreadScreen(focus)
            arrived: list[float] = []
            show = screen._show

            def timed(*data: Any, screen: Any = screen, show: Any = show,
                      arrived: list[float] = arrived) -> None:
                # the first repaint after the list drew its lines with the replies in them
                thread_list, painted = screen.query_one(StatusList), []
                draw_lines = thread_list.render_lines

                def drawn(crop: Any) -> Any:
                    painted.append(thread_list.card_count > 1)
                    return draw_lines(crop)

                thread_list.render_lines = drawn
                repaints.arm(lambda: any(painted))
                arrived.append(time.perf_counter())
                show(*data)

            screen._show = timed  # type: ignore[method-assign]
            await app.push_screen(screen)
            deadline = time.perf_counter() + 10
            while not arrived and time.perf_counter() < deadline:
                await pilot.pause(0.01)
            if not arrived:  # the screen never got its data: said, not waited for forever
                out["thread_never_shown"] = out.get("thread_never_shown", 0) + 1
            else:
                await asyncio.wait_for(repaints.event.wait(), 10)
                firsts.append((repaints.shown_at - arrived[0]) * 1000)
            await pilot.pause(0.5)
            app.pop_screen()
            await pilot.pause()
        out["thread_first_screen_ms"] = percentiles(firsts)
    return out


def post(base_url: str, token: str, username: str, posts: int, seconds: float) -> int:
    """The poster (`--poster`, a child process): `posts` public statuses evenly over
    `seconds`, printing each one's id and when the server's answer came back
    (`time.monotonic()`, the same clock in every process)."""
    from fedtui.demo.world import make_client

    poster = make_client(base_url, token)
    start = time.monotonic()
    for n in range(posts):
        wait = start + n * seconds / posts - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        status = poster.status_post(f"@{username} burst post {n}", visibility="public")
        print(status["id"], time.monotonic(), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--poster"]:
        url, token, username, posts, seconds = argv[1:]
        return post(url, token, username, int(posts), float(seconds))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--settle", type=float, default=30.0,
                        help="seconds to wait after the burst for the last posts")
    parser.add_argument("--tick-posts", type=int, default=1000)
    parser.add_argument("--ticks", type=int, default=5)
    parser.add_argument("--skip-burst", action="store_true")
    parser.add_argument("--label", default="fedtui")
    parser.add_argument("--output", type=Path, help="JSON file (default: benchmarks/results/)")
    args = parser.parse_args(argv)
    random.seed(3)
    out: dict[str, Any] = {}
    if not args.skip_burst:
        from fedtui.demo import start_demo

        server = start_demo()
        try:
            out.update(asyncio.run(burst(args, server)))
        finally:
            server.stop()
    out.update(asyncio.run(tick_and_thread(args)))
    report = {"benchmark": "burst", "label": args.label, "loadavg": loadavg(),
              "date": time.strftime("%Y-%m-%dT%H:%M:%S"), **vars(args) | {"output": None}, **out}
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = args.output or RESULTS / f"burst-{time.strftime('%Y%m%d-%H%M%S')}.json"
    output.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    print(f"\nburst: {args.label}, {args.posts} posts in {args.seconds:g} s into 4 panes, "
          f"160x48, headless; load average {loadavg()}")
    rows = [("measure", "n", "p50 ms", "p95 ms", "max ms")]
    for key, label in (("delivery_ms", "server answer -> on screen"),
                       ("j_during_burst_ms", "j -> repaint during the burst"),
                       ("tick_call_ms", f"minute tick, {args.tick_posts} posts: the call"),
                       ("tick_repaint_ms", "  until the repaint"),
                       ("thread_first_screen_ms", "300-reply thread: data -> first screen")):
        if key in out:
            s = out[key]
            rows.append((label, str(s["n"]), str(s["p50"]), str(s["p95"]), str(s["max"])))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print("\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows))
    if out.get("thread_never_shown"):
        print(f"thread screens that never showed their data in 10 s: "
              f"{out['thread_never_shown']} of {args.ticks}")
    for stall in out.get("stalled_keys", []):
        print(f"a key with no repaint in 5 s: {stall}")
    if "lost" in out:
        print(f"posted {out['posted']}, lost {out['lost']}, duplicated {out['duplicated']} "
              f"(over {out['panes']} panes)")
    print(f"results: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
