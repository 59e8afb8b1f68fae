"""Summaries: coverage of hand-written key points, faithfulness, time to first point and to
the whole summary for 30- and 300-post threads, with no model and with the embedded one.

    PYTHONPATH=. python benchmarks/summary.py [--no-model] [--show]

The evaluation set is `benchmarks/data/summary_eval.json` (threads written for this, not
the demo's; the rules were tuned on it) and `summary_heldout.json` (written afterwards and
never tuned on: its coverage is reported on its own). A key point is covered when a point
cites one of its posts and says one of its words. Faithfulness: the share of the model's
phrasings that passed the check (the others were not used), and each kept phrasing again
checked against its cited posts; `--show` prints every phrasing kept next to its quote,
and every point of the model's run goes to `results/summary_points.txt`, for a reading by
hand. The 300-post thread is longer than the model's context: it is summarised in chunks.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any

from fedtui.app.summarise import (
    Helpers,
    Source,
    Summaries,
    foreign_by,
    language_by,
    make_plan,
    translate_by,
)
from fedtui.core.faithful import check
from fedtui.core.model import Status
from fedtui.core.summary import Point, Reader

DATA = Path(__file__).parent / "data" / "summary_eval.json"
HELD_OUT = Path(__file__).parent / "data" / "summary_heldout.json"
RESULTS = Path(__file__).parent / "results"


def status(post: dict[str, Any], thread: str) -> Status:
    acct = post["acct"]
    return Status.from_api({
        "id": f"{thread}-{post['id']}", "content": f"<p>{post['text']}</p>",
        "account": {"id": f"a-{acct}", "acct": acct, "username": acct},
        "in_reply_to_id": f"{thread}-{post['parent']}" if post.get("parent") else None,
        "replies_count": post.get("replies", 0), "reblogs_count": post.get("boosts", 0),
        "language": post.get("lang", "en"), "created_at": "2026-05-01T10:00:00Z"})


def load(path: Path = DATA) -> list[dict[str, Any]]:
    threads: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))["threads"]
    return threads


def source_of(thread: dict[str, Any]) -> tuple[Source, Reader]:
    name = thread["name"]
    statuses = tuple(status(post, name) for post in thread["posts"])
    reader = Reader("me", frozenset(f"a-{acct}" for acct in thread["follows"]))
    return Source("thread", statuses, root_id=statuses[0].id), reader


def covered(points: list[Point], key: dict[str, Any], thread: str) -> bool:
    cites = {f"{thread}-{c}" for c in key["cites"]}
    return any(cites & set(p.cites) and any(w in p.text.lower() for w in key["words"])
               for p in points)


def evaluate(helpers: Helpers, show: bool, path: Path = DATA,
             listing: list[str] | None = None) -> dict[str, Any]:
    found, total, attempts, kept, rechecked = 0, 0, 0, 0, 0
    for thread in load(path):
        source, reader = source_of(thread)
        texts = {s.id: s for s in source.statuses}
        points = list(Summaries().summary(source, reader, helpers).points)
        total += len(thread["key_points"])
        found += sum(covered(points, key, thread["name"]) for key in thread["key_points"])
        for point in points:
            if listing is not None:
                from fedtui.core.render import status_text

                quote = f"  (phrased; quote: {point.quoted})" if point.phrased else ""
                listing.append(f"[{thread['name']}] {point.text} {list(point.cites)}{quote}"
                               + "".join(f"\n      {c}: {status_text(texts[c])}"
                                         for c in point.cites))
            attempts += bool(helpers.runner is not None and point.quoted)
            if point.phrased:
                kept += 1
                cited = [translated(texts[c], helpers) for c in point.cites]
                rechecked += check(point.body, point.quoted, cited).ok
                if show:
                    print(f"  [{thread['name']}] quote: {point.quoted}\n"
                          f"  {' ' * len(thread['name'])}   model: {point.body}")
    return {"coverage": found / total, "key_points": total, "phrasing_attempts": attempts,
            "phrasings_kept": kept, "kept_share": kept / attempts if attempts else None,
            "kept_pass_recheck": rechecked / kept if kept else None}


def translated(status: Status, helpers: Helpers) -> str:
    from fedtui.core.render import status_text

    if helpers.foreign is not None and helpers.foreign(status) and helpers.translate:
        return helpers.translate(status) or status_text(status)
    return status_text(status)


def synthetic(size: int, seed: int = 7) -> tuple[Source, Reader]:
    """A thread of `size` posts made of the evaluation set's replies, shuffled, with
    engagement drawn at random (some in German, some off-topic)."""
    rng = random.Random(seed)
    pool = [(post, t["name"]) for t in load() for post in t["posts"][1:]]
    root = {**load()[0]["posts"][0], "id": "0"}
    posts = [status(root, "syn")]
    for index in range(1, size):
        post, _ = rng.choice(pool)
        parent = str(rng.randrange(0, index)) if rng.random() < 0.4 else "0"
        made = {**post, "id": str(index), "parent": parent, "acct": f"u{index % 40}",
                "replies": rng.choice((0, 0, 0, 1, 2, 5)), "boosts": rng.choice((0, 0, 1, 3))}
        posts.append(status(made, "syn"))
    return Source("thread", tuple(posts), root_id=posts[0].id), Reader(
        "me", frozenset(f"a-u{i}" for i in range(0, 40, 7)))


def timed(source: Source, reader: Reader, helpers: Helpers, runs: int) -> dict[str, float]:
    """Median seconds to the first point (a quote), to the first point the model improved
    (translated or phrased; 0 when none was) and to the whole summary; the chunks and the
    points of the plan."""
    first, better, whole = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        seen: set[int] = set()
        first_at = better_at = 0.0
        for update in Summaries().run(source, reader, helpers):  # a fresh cache each run
            now = time.perf_counter() - started
            first_at = first_at or now
            if update.index in seen:
                better_at = better_at or now
            seen.add(update.index)
        first.append(first_at)
        better.append(better_at)
        whole.append(time.perf_counter() - started)
    plan = make_plan(source, reader, helpers)
    return {"first_point_s": statistics.median(first), "first_better_s": statistics.median(better),
            "whole_s": statistics.median(whole), "chunks": len(set(plan.parts)) or 1,
            "points": len(plan.picks)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument("--show", action="store_true", help="print the kept phrasings")
    args = parser.parse_args()
    from fedtui.core.langdetect import FastTextDetector

    detector = FastTextDetector()
    results: dict[str, Any] = {"load_average": os.getloadavg()[0]}
    with detector.loaded():
        plain = Helpers(foreign=foreign_by(detector, ("en",)), language=language_by(detector))
        modes = [("no model", plain)]
        if not args.no_model:
            from fedtui.core.translate import Translator
            from fedtui.llm.formats import task_runner
            from fedtui.llm.registry import ModelRegistry

            started = time.perf_counter()
            model = ModelRegistry().load()
            results["model_load_s"] = time.perf_counter() - started
            runner = task_runner(model)
            translator = Translator(runner, detector, model.name)
            modes.append((f"model {model.name}", Helpers(
                foreign=plain.foreign, translate=translate_by(translator, "en"),
                runner=runner, model_name=model.name, target="en", language=plain.language,
                context_tokens=model.context_length)))
        listing: list[str] = []
        for name, helpers in modes:
            mine = listing if helpers.runner is not None else None
            row: dict[str, Any] = evaluate(helpers, args.show, DATA, mine)
            held = evaluate(helpers, args.show, HELD_OUT, mine)
            row["held_out"] = held

            runs = 5 if helpers.runner is None else 1
            for size in (30, 300):
                source, reader = synthetic(size)
                row[f"{size} posts"] = timed(source, reader, helpers, runs)
            results[name] = row
            recheck = {None: "", 1: " (each passes the check again)"}.get(
                row["kept_pass_recheck"], " (SOME FAIL THE CHECK AGAIN)")
            print(f"{name}: coverage {row['coverage']:.0%} of {row['key_points']} key points "
                  f"(tuned on), {held['coverage']:.0%} of {held['key_points']} (held out); "
                  f"phrasings kept {row['phrasings_kept'] + held['phrasings_kept']}/"
                  f"{row['phrasing_attempts'] + held['phrasing_attempts']}{recheck}")
            for size in (30, 300):
                t = row[f"{size} posts"]
                improved = (f", first improved point {t['first_better_s'] * 1000:.0f} ms"
                            if t["first_better_s"] else "")
                print(f"  {size:>3} posts: first point {t['first_point_s'] * 1000:.0f} ms"
                      f"{improved}, whole summary {t['whole_s'] * 1000:.0f} ms "
                      f"({t['points']} points, {t['chunks']} chunk(s))")
    print(f"load average {results['load_average']:.2f}"
          + (f"; model load {results['model_load_s']:.1f} s" if "model_load_s" in results
             else ""))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "summary.json").write_text(json.dumps(results, indent=1), "utf-8")
    if listing:
        (RESULTS / "summary_points.txt").write_text("\n".join(listing) + "\n", "utf-8")


if __name__ == "__main__":
    main()
