"""Translation quality estimate benchmark: is "confident" trustworthy, per language?

    .venv/bin/python benchmarks/translate_quality.py run --data FILE --label NAME
    .venv/bin/python benchmarks/translate_quality.py report NAME [NAME...] [--part calib|held]

`run` translates every post of FILE with the embedded model through the real pipeline
(`fedtui.core.translate.Translator`) and writes one record per post (output, confidence,
estimate, sentence chrF against the reference, time per post, first piece) to
benchmarks/results/quality-NAME.json. `report` prints, per language: corpus chrF, the share
of outputs shown without a warning ("confident"), the share of those that are adequate
(sentence chrF >= 35), numbers invented by confident outputs (a number in neither the source
nor the reference, in digits or English words), untranslated posts, p50 seconds per post
(wall clock, and the process's CPU time, which a loaded machine inflates less) and p50 first piece.
`--part` keeps the calibration half (even lines) or the held-out half (odd lines). `speed`
times each post as shipped, with the cheap signals only and with no estimate at all, in
alternate passes.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from mt_common import load_average, rows, run_parser, timed_translate  # noqa: E402

ADEQUATE = 35.0
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


# English number words, as digits (this benchmark's own list: not fedtui's check)
_ENGLISH_WORDS = {w: str(n) for n, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty"))}
_ENGLISH_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60",
                       "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100",
                       "thousand": "1000", "million": "1000000", "dozen": "12"})


def _numbers(text: str, english: bool = False) -> set[str]:
    """Digit numbers of a text, with locale separators dropped ("1.200" == "1,200" == 1200);
    with `english`, its English number words too ("a hundred" is 100)."""
    ascii_text = "".join(str(int(ch)) if ch.isdecimal() else ch for ch in text)
    found = {re.sub(r"[.,]", "", m) for m in _NUMBER.findall(ascii_text)}
    if english:
        found |= {_ENGLISH_WORDS[w] for w in re.findall(r"[a-z]+", text.casefold())
                  if w in _ENGLISH_WORDS}
    return found


def invented(src: str, ref: str, out: str) -> list[str]:
    """Numbers of an English output in neither its source nor its English reference, in
    digits or words ("a hundred trees" where both say twenty); "one" is left out (also
    "someone", "one of")."""
    return sorted(_numbers(out, english=True) - _numbers(src) - _numbers(ref, english=True)
                  - {"1"})


def run(args: argparse.Namespace) -> int:
    import sacrebleu

    from fedtui.core.langdetect import FastTextDetector
    from fedtui.core.translate import Translator
    from fedtui.llm.formats import task_runner
    from fedtui.llm.registry import PROCESSED_EXAMPLES_DIR, ModelRegistry

    data = rows(args.data)[: args.limit or None]
    base = args.models_dir
    if args.forget_examples:
        shutil.rmtree(base / "cache" / PROCESSED_EXAMPLES_DIR, ignore_errors=True)
    model = ModelRegistry(base / "data", cache_dir=base / "cache").load(n_threads=args.threads)
    translator = Translator(task_runner(model), FastTextDetector(), model.name,
                            checks=not args.cheap_only, split_sentences=not args.whole_lines)
    records: list[dict[str, Any]] = []
    load = load_average()
    for number, row in enumerate(data):
        timed = timed_translate(translator, row["src"], row.get("lang"))
        result = timed.result
        chrf = sacrebleu.sentence_chrf(result.text, [row["ref"]]).score
        records.append({
            "line": number, "lang": row.get("lang"), "src": row["src"], "ref": row["ref"],
            "out": result.text, "confidence": str(result.confidence),
            "estimate": result.estimate, "message": result.message,
            "attempts": result.attempts, "chrf": round(chrf, 1),
            "seconds": round(timed.seconds, 3), "cpu": round(timed.cpu, 3),
            "first": round(timed.first, 3) if timed.first is not None else None,
            "invented": invented(row["src"], row["ref"], result.text)})
        if args.verbose:
            print(f"{row.get('lang')} {chrf:5.1f} {result.confidence:6} "
                  f"{result.estimate} {timed.seconds:.2f}s {result.text[:70]}", flush=True)
    out = ROOT / "results" / f"quality-{args.label}.json"
    out.parent.mkdir(exist_ok=True)
    meta = {"data": str(args.data), "model": model.name, "threads": args.threads,
            "examples_forgotten": args.forget_examples,
            "time": time.strftime("%Y-%m-%d %H:%M:%S"), "load": [load, load_average()]}
    out.write_text(json.dumps({"meta": meta, "records": records}, ensure_ascii=False,
                              indent=1) + "\n", "utf-8")
    print(f"written to {out}")
    return 0


def speed(args: argparse.Namespace) -> int:
    """The estimate's cost: every post translated as shipped (the expensive signals for
    unsure answers), with the cheap signals only, and with no log-probabilities either, in
    one process, pass after pass (A B C A B C), so a shared machine's load weighs on all."""
    from fedtui.core.langdetect import FastTextDetector
    from fedtui.core.translate import Translator
    from fedtui.llm.formats import task_runner
    from fedtui.llm.registry import ModelRegistry

    data = rows(args.data)[: args.limit or None]
    base = args.models_dir
    model = ModelRegistry(base / "data", cache_dir=base / "cache").load(n_threads=args.threads)
    scored = task_runner(model)

    def blind(task: Any, *, max_tokens: int, stop: tuple[str, ...],
              logprobs: list[float] | None = None, guide: str = "") -> Any:
        return scored(task, max_tokens=max_tokens, stop=stop)  # no log-probabilities

    detector = FastTextDetector()
    runs = {"as shipped": Translator(scored, detector, model.name),
            "cheap signals": Translator(scored, detector, model.name, checks=False),
            "no estimate": Translator(blind, detector, model.name, checks=False)}
    times: dict[str, list[tuple[float, float, float]]] = {name: [] for name in runs}
    load = load_average()
    with detector.loaded():
        for name in [*runs, *runs]:  # A B C A B C: the prompt cache and the load alike
            for row in data:
                timed = timed_translate(runs[name], row["src"], row.get("lang"))
                times[name].append((timed.seconds, timed.cpu, timed.first or 0.0))
    print(f"load average {load} before, {load_average()} after")
    for name, values in times.items():
        wall, cpu, first = (statistics.median(v[i] for v in values) for i in range(3))
        print(f"{name:14} p50 {wall:.3f} s/post (cpu {cpu:.3f} s), first piece {first:.3f} s")
    return 0


def table(records: list[dict[str, Any]], opening: set[int]) -> list[tuple[str, ...]]:
    """Rows: lang, posts, chrF, confident share, adequate among confident, invented (found
    again from each record's texts: runs made before a change of `invented` count alike),
    failed, p50 s/post, p50 first piece. Then ALL again for the posts that opened their
    language in the run (`opening`: line numbers; its few-shot examples processed for the
    first time) and for the others (the examples kept processed, as all day in the app)."""
    import sacrebleu

    by_lang: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        by_lang[rec["lang"]].append(rec)
    rows: list[tuple[str, ...]] = []
    split = [("ALL: opening its language", [r for r in records if r["line"] in opening]),
             ("ALL: later in its language", [r for r in records if r["line"] not in opening])]
    for lang, recs in [*sorted(by_lang.items()), ("ALL", records), *split]:
        chrf = sacrebleu.corpus_chrf([r["out"] for r in recs], [[r["ref"] for r in recs]]).score
        sure = [r for r in recs if r["confidence"] == "high"]
        good = sum(r["chrf"] >= ADEQUATE for r in sure)
        firsts = [r["first"] for r in recs if r["first"] is not None]
        rows.append((
            lang, str(len(recs)), f"{chrf:.1f}", f"{len(sure)}/{len(recs)}",
            f"{good}/{len(sure)}" + (f" ({100 * good / len(sure):.0f}%)" if sure else ""),
            str(sum(bool(invented(r["src"], r["ref"], r["out"])) for r in sure)),
            str(sum(r["confidence"] == "failed" for r in recs)),
            f"{statistics.median(r['seconds'] for r in recs):.2f}"
            + (f" ({statistics.median(r['cpu'] for r in recs):.2f})" if "cpu" in recs[0] else ""),
            f"{statistics.median(firsts):.2f}" if firsts else "-"))
    return rows


def report(args: argparse.Namespace) -> int:
    head = ("lang", "posts", "chrF", "confident", "adequate/confident", "invented#",
            "failed", "p50 s (cpu)", "p50 first")
    for label in args.labels:
        data = json.loads((ROOT / "results" / f"quality-{label}.json").read_text("utf-8"))
        records = data["records"]
        opening = {next(r["line"] for r in records if r["lang"] == lang)
                   for lang in {r["lang"] for r in records}}
        if args.part:
            parity = 0 if args.part == "calib" else 1
            records = [r for r in records if r["line"] % 2 == parity]
        print(f"\n## {label} ({data['meta']['data']}{', ' + args.part if args.part else ''})")
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in table(records, opening):
            print("| " + " | ".join(row) + " |")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = run_parser(sub, ROOT / "data" / "mt_dev.jsonl")
    run_p.add_argument("--cheap-only", action="store_true",
                       help="no round trip or second decode for unsure answers")
    run_p.add_argument("--forget-examples", action="store_true",
                       help="delete the processed examples kept on disk first, as on a "
                            "machine's first session (later runs load them)")
    run_p.add_argument("--whole-lines", action="store_true",
                       help="translate each line whole (no sentence splitting)")
    run_p.add_argument("--models-dir", type=Path, default=Path("/tmp/fedtui-quality-models"),
                       help="where the embedded model is assembled (kept between runs)")
    run_p.add_argument("-v", "--verbose", action="store_true")
    speed_p = sub.add_parser("speed")
    speed_p.add_argument("--data", type=Path, default=ROOT / "data" / "mt_dev.jsonl")
    speed_p.add_argument("--limit", type=int, default=0)
    speed_p.add_argument("--threads", type=int, default=None)
    speed_p.add_argument("--models-dir", type=Path, default=Path("/tmp/fedtui-quality-models"))
    rep = sub.add_parser("report")
    rep.add_argument("labels", nargs="+")
    rep.add_argument("--part", choices=("calib", "held"))
    args = parser.parse_args()
    return {"run": run, "speed": speed, "report": report}[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
