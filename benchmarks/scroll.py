"""Scroll benchmark: `j` to repaint in a pane of 1,000 posts, a streamed insert, `G`.

Builds the real FedtuiApp in-process on an in-memory instance whose Home holds 1,000
synthetic statuses (varied lengths, content warnings, boosts, polls, mentions, links,
hashtags, media, cards, CJK/RTL text; fixed seed), streaming off, and runs it headless with
`App.run_test(size=(160, 48))`. Once the Home pane holds 1,000 posts:

  j (loop)   a Key event is handed to the driver as a terminal would, and the clock stops
             when the screen's next compositor update has been rendered to terminal bytes
             (the headless driver skips that step, so this script does it): the latency
             a user sees, including Textual's frame pacing (screen updates run on a
             1/60 s timer); cpu = main-thread CPU time over the same interval.
  j (pilot)  `await pilot.press("j"); await pilot.pause()` wall time (the pilot forces
             the repaint at once: no frame wait, but the pilot's own bookkeeping).
  insert     `pane.apply_events([StreamEvent("update", status)])` on the full pane: the call
             itself, and until the repaint.
  G / g      jump to the bottom / top, until the repaint.

    .venv/bin/python benchmarks/scroll.py [--posts 1000] [--presses 300]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fedtui_start import as_fedtui_starts

as_fedtui_starts()  # before Textual is imported (its frame rate is read then)

from textual import events

from fedtui.app.context import AccountRef, AppContext
from fedtui.config import TimelineConfig, default_config
from fedtui.core.capabilities import ServerCapabilities
from fedtui.core.model import Status
from fedtui.core.panes import Page, PaneKind, PaneSpec
from fedtui.mastodon.streaming import StreamEvent
from fedtui.ui.app import FedtuiApp
from fedtui.ui.widgets.pane import TimelinePane


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


RESULTS = Path(__file__).resolve().parent / "results"
NOW = datetime(2026, 8, 2, 12, 0, tzinfo=UTC)
TARGET_P95_MS = 16.0
_TEXT = ("the garden terminal keyboard bread river window morning library bicycle harbour "
         "tomato quiet signal pixel compiler letter forest market winter")
WORDS = tuple(_TEXT.split())
FOREIGN = ("庭の紫陽花が満開です。雨の日がいちばんきれい。",
           "今天在成都修了一辆自行车，喝了很多茶。",
           "امروز باران می‌بارد و من کتاب می‌خوانم.", "היום קראתי ספר טוב מאוד בגינה.",
           "Сегодня в парке было очень тихо и красиво.", "오늘은 도서관에서 하루 종일 책을 읽었다.")
NAMES = ("Maren Holt 🌱", "Tobias Reed", "山田ゆい", "Nadia Rahimi", "Jonas Brandt", "دریا کاظمی",
         "Élodie Marchand", "陈明志", "Lucía Moreno", "Pavel Novák")


def _account(rng: random.Random, index: int) -> dict[str, Any]:
    name = NAMES[index % len(NAMES)]
    user = f"user{index}"
    host = "" if index % 3 == 0 else f"@social{index % 7}.example"
    return {"id": str(1000 + index), "username": user, "acct": user + host,
            "display_name": name, "url": f"https://social.example/@{user}",
            "bot": index % 11 == 0, "note": "", "emojis": []}


Json = dict[str, Any]


def _content(rng: random.Random, index: int) -> tuple[str, list[Json], list[Json]]:
    mentions: list[dict[str, Any]] = []
    tags: list[dict[str, Any]] = []
    paragraphs = []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 5))):
        if rng.random() < 0.15:
            paragraphs.append(rng.choice(FOREIGN))
            continue
        words = [rng.choice(WORDS) for _ in range(rng.choice((4, 8, 15, 30, 60)))]
        if rng.random() < 0.3:
            acct = f"friend{rng.randrange(50)}@remote.example"
            mentions.append({"id": str(rng.randrange(10**6)), "username": acct.split("@")[0],
                             "acct": acct, "url": f"https://remote.example/@{acct}"})
            words.insert(0, f'<span class="h-card"><a href="https://remote.example/@{acct}" '
                            f'class="u-url mention">@<span>{acct.split("@")[0]}</span></a></span>')
        if rng.random() < 0.3:
            tag = rng.choice(WORDS)
            tags.append({"name": tag, "url": f"https://social.example/tags/{tag}"})
            words.append(f'<a href="https://social.example/tags/{tag}" class="mention hashtag" '
                         f'rel="tag">#<span>{tag}</span></a>')
        if rng.random() < 0.25:
            words.append(f'<a href="https://example.org/articles/{index}/a-rather-long-path" '
                         'rel="nofollow noopener" target="_blank"><span class="invisible">https://'
                         '</span><span class="ellipsis">example.org/articles/</span></a>')
        if rng.random() < 0.2:
            words.insert(len(words) // 2, "<br>")
        paragraphs.append(" ".join(words))
    return "".join(f"<p>{p}</p>" for p in paragraphs), mentions, tags


def synthetic_status(rng: random.Random, index: int, status_id: int) -> dict[str, Any]:
    """One status as the API sends it; some are boosts of another synthetic status."""
    content, mentions, tags = _content(rng, index)
    status: dict[str, Any] = {
        "id": str(status_id), "created_at": (NOW - timedelta(minutes=3 * index)).isoformat(),
        "account": _account(rng, rng.randrange(40)), "content": content,
        "visibility": rng.choice(("public", "public", "unlisted", "private")),
        "language": rng.choice(("en", "de", "ja", "fa", None)), "mentions": mentions,
        "tags": tags, "emojis": [], "uri": f"https://social.example/statuses/{status_id}",
        "url": f"https://social.example/@x/{status_id}", "replies_count": rng.randrange(20),
        "reblogs_count": rng.randrange(50), "favourites_count": rng.randrange(200),
        "spoiler_text": "", "sensitive": False, "media_attachments": [], "poll": None,
        "card": None, "in_reply_to_id": None, "reblog": None, "edited_at": None}
    roll = rng.random()
    if roll < 0.12:
        status.update(spoiler_text=rng.choice(("politics", "food", "spoilers for the film")),
                      sensitive=True)
    elif roll < 0.18:
        status["poll"] = {"id": str(status_id), "expired": rng.random() < 0.5,
                          "expires_at": (NOW + timedelta(hours=5)).isoformat(), "multiple": False,
                          "votes_count": 30, "voters_count": 30, "voted": False, "own_votes": [],
                          "options": [{"title": w, "votes_count": rng.randrange(20)}
                                      for w in rng.sample(WORDS, rng.choice((2, 3, 4)))]}
    elif roll < 0.28:
        status["media_attachments"] = [
            {"id": f"m{status_id}{k}", "type": rng.choice(("image", "video", "gifv")),
             "url": f"https://files.example/{status_id}/{k}.png",
             "description": rng.choice((None, "a cat on a keyboard, looking unimpressed"))}
            for k in range(rng.choice((1, 1, 2, 4)))]
    elif roll < 0.33:
        status["card"] = {"url": f"https://example.org/{status_id}", "title": "An article title "
                          "that is long enough to wrap in a narrow pane", "description": "…"}
    if rng.random() < 0.08:
        status["in_reply_to_id"] = str(status_id + 1)
    if rng.random() < 0.15:  # a boost: the outer status wraps this one
        return {**status, "id": str(status_id), "reblog": {**status, "id": str(status_id - 10**9)},
                "account": _account(rng, rng.randrange(40)), "content": "", "spoiler_text": ""}
    return status


def synthetic_statuses(count: int, seed: int = 1) -> list[Status]:
    rng = random.Random(seed)
    top = 10**17
    return [Status.from_api(synthetic_status(rng, i, top - i)) for i in range(count)]


class SyntheticInstance:
    """The subset of `InstanceClient` the home screen calls, from memory."""

    host = "social.example"

    def __init__(self, home: list[Status]) -> None:
        self.home = home
        self.capabilities = ServerCapabilities()

    def page(self, spec: PaneSpec, cursor: object | None = None, *, limit: int = 40) -> Page[Any]:
        if cursor is not None or spec.kind is PaneKind.NOTIFICATIONS:
            return Page([])
        return Page(self.home if spec.kind is PaneKind.HOME else self.home[:40])

    def older_than(self, spec: PaneSpec, item_id: str) -> object:
        """A pane at its cap asks where older posts would come from (none here)."""
        return ("older", spec.key, item_id)

    def newer_than(self, spec: PaneSpec, item_id: str) -> object:
        """The panes poll (streaming is off) for newer posts (none here)."""
        return ("newer", spec.key, item_id)


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"n": len(values), "p50": round(statistics.median(values), 2), "p95": round(p95, 2),
            "max": round(ordered[-1], 2), "mean": round(statistics.fmean(values), 2)}


class Repaints:
    """Hooks App._display: renders each compositor update to terminal bytes, as the real
    driver would, and wakes whoever waits for the repaint that shows what they did.

    The clock stops at the end of that repaint (`shown_at`), not when the waiter wakes:
    the screen may repaint again (the next cards of a long list, a streamed post) before
    the benchmark's own task runs, and that later repaint is not the one the reader saw
    first. A key's repaint is the first that shows its effect (the focused widget or its
    highlighted post changed); a repaint that only draws a streamed post does not count.
    """

    def __init__(self, app: FedtuiApp) -> None:
        self.app = app
        self.count = 0
        self.event = asyncio.Event()
        self.last_end = self.shown_at = 0.0
        self.rng = random.Random(2)
        self.shows: Callable[[], bool] = lambda: True
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None and hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)
                self.count += 1
                self.last_end = time.perf_counter()
                if not self.event.is_set() and self.shows():
                    self.shown_at = self.last_end
                    self.event.set()

        app._display = display  # type: ignore[method-assign]

    def arm(self, shows: Callable[[], bool] = lambda: True) -> None:
        """Wait for the next repaint after which `shows()` holds."""
        self.shows = shows
        self.event.clear()

    def reading_place(self) -> tuple[object, object]:
        """The focused widget and its highlighted post's id: what a key moves."""
        focused = self.app.focused
        cards, index = getattr(focused, "cards", None), getattr(focused, "highlighted", None)
        card = cards[index] if cards and index is not None and index < len(cards) else None
        return focused, getattr(card, "id", None)

    async def key(self, key: str, char: str | None) -> tuple[float, float]:
        """Send a key like a terminal; (wall ms, main-thread CPU ms) until the first repaint
        that shows it moved the reader (a key that moves nothing waits out the timeout)."""
        before = self.reading_place()
        await self.after(lambda: self.app._driver.send_message(events.Key(key, char)),  # type: ignore[union-attr]
                         shows=lambda: self.reading_place() != before)
        return self.wall, self.cpu

    async def after(self, action: Any, timeout: float = 5.0,
                    shows: Callable[[], bool] = lambda: True) -> None:
        self.arm(shows)
        cpu, start = time.thread_time(), time.perf_counter()
        action()
        await asyncio.wait_for(self.event.wait(), timeout)
        self.wall = (self.shown_at - start) * 1000
        self.cpu = (time.thread_time() - cpu) * 1000
        await asyncio.sleep(self.rng.uniform(0.02, 0.04))  # idle between presses, random phase


def offline_app(instance: Any, clock: Callable[[], datetime] = lambda: NOW) -> FedtuiApp:
    """The real App on an in-memory instance: no streaming (the panes poll it and find
    nothing new), the benchmark's clock (fixed, unless the benchmark moves it)."""
    config = replace(default_config({"LANG": "en_US.UTF-8"}),
                     timeline=TimelineConfig(streaming=False))
    context = AppContext(config=config, account=AccountRef("https://social.example", "t", "bench"),
                         connect=lambda ref: instance,
                         clock=clock)
    return FedtuiApp(context)


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    statuses = synthetic_statuses(args.posts + 40)
    home, extra = statuses[: args.posts], statuses[args.posts:]
    instance = SyntheticInstance(home)
    app = offline_app(instance)
    out: dict[str, Any] = {}
    started = time.perf_counter()
    async with app.run_test(size=(args.width, args.height)) as pilot:
        pane = next(p for p in app.screen.query(TimelinePane) if p.spec.kind is PaneKind.HOME)
        while len(pane.status_list.items) < args.posts:
            await pilot.pause(0.01)
            if time.perf_counter() - started > 60:
                raise RuntimeError("the Home pane never held all posts")
        await pilot.pause()
        out["load_ms"] = round((time.perf_counter() - started) * 1000, 1)
        if args.gc == "freeze":  # experiment: what fedtui calling gc.freeze() after a load gives
            gc.collect()
            gc.freeze()
        elif args.gc == "off":
            gc.disable()
        elif args.gc == "young":  # automatic collections of generations 0 and 1 only
            gc.set_threshold(700, 10, 10**9)
        repaints = Repaints(app)
        pane.status_list.focus()
        await pilot.pause()

        loop_wall, loop_cpu = [], []
        for _ in range(args.presses):
            wall, cpu = await repaints.key("j", "j")
            loop_wall.append(wall)
            loop_cpu.append(cpu)
        out["j_loop_ms"] = percentiles(loop_wall)
        out["j_loop_raw_ms"] = [round(v, 2) for v in loop_wall]
        out["j_loop_raw_cpu_ms"] = [round(v, 2) for v in loop_cpu]
        out["j_loop_cpu_ms"] = percentiles(loop_cpu)
        out["highlighted_after_loop"] = pane.status_list.highlighted

        await repaints.key("g", "g")
        pilot_wall = []
        for _ in range(args.presses):
            start = time.perf_counter()
            await pilot.press("j")
            await pilot.pause()
            pilot_wall.append((time.perf_counter() - start) * 1000)
        out["j_pilot_ms"] = percentiles(pilot_wall)

        jumps: dict[str, list[float]] = {"G": [], "g": []}
        for _ in range(args.jumps):
            for key in ("G", "g"):
                jumps[key].append((await repaints.key(key, key))[0])
        out["G_ms"], out["g_ms"] = percentiles(jumps["G"]), percentiles(jumps["g"])

        for _ in range(10):  # read somewhere in the middle, as when a post arrives
            await repaints.key("j", "j")
        call_ms: list[float] = []
        paint_ms: list[float] = []
        for status in extra[: args.inserts]:
            fresh = replace(status, id=str(int(home[0].id) + 1 + len(call_ms)))
            event = StreamEvent("update", status=fresh)

            def apply(event: StreamEvent = event) -> None:
                t = time.perf_counter()
                pane.apply_events([event])
                call_ms.append((time.perf_counter() - t) * 1000)

            await repaints.after(apply)
            paint_ms.append(repaints.wall)
        out["insert_call_ms"] = percentiles(call_ms)
        out["insert_repaint_ms"] = percentiles(paint_ms)
        out["posts_after_inserts"] = len(pane.status_list.items)
        out["repaints"] = repaints.count
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--presses", type=int, default=300)
    parser.add_argument("--jumps", type=int, default=10)
    parser.add_argument("--inserts", type=int, default=20)
    parser.add_argument("--width", type=int, default=160)
    parser.add_argument("--height", type=int, default=48)
    parser.add_argument("--gc", choices=("default", "freeze", "off", "young"), default="default",
                        help="experiment: gc.freeze(), gc.disable() or no automatic full "
                             "collections once the pane is loaded")
    parser.add_argument("--label", default="fedtui")
    parser.add_argument("--output", type=Path, help="JSON file (default: benchmarks/results/)")
    args = parser.parse_args(argv)
    out = asyncio.run(bench(args))
    out["gc"] = args.gc
    report = {"benchmark": "scroll", "label": args.label, "loadavg": loadavg(),
              "date": time.strftime("%Y-%m-%dT%H:%M:%S"), "posts": args.posts,
              "size": [args.width, args.height], **out}
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = args.output or RESULTS / f"scroll-{time.strftime('%Y%m%d-%H%M%S')}.json"
    output.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"\nscroll: {args.label}, {args.posts} posts in Home, {args.width}x{args.height}, "
          f"headless; load {out['load_ms']} ms; load average {loadavg()}")
    rows = [("measure", "n", "p50 ms", "p95 ms", "max ms", "target")]
    for key, label in (("j_loop_ms", "j -> repaint (event loop)"), ("j_loop_cpu_ms", "  its CPU"),
                       ("j_pilot_ms", "j -> repaint (pilot)"), ("G_ms", "G -> repaint"),
                       ("g_ms", "g -> repaint"), ("insert_call_ms", "insert: apply_event"),
                       ("insert_repaint_ms", "insert -> repaint")):
        s = out[key]
        target = f"p95 <= {TARGET_P95_MS:g}" if key == "j_loop_ms" else ""
        rows.append((label, str(s["n"]), str(s["p50"]), str(s["p95"]), str(s["max"]), target))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print("\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows))
    print(f"results: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
