"""Which quality signals tell an adequate translation from an inadequate one?

    .venv/bin/python benchmarks/mt_signals.py run --data benchmarks/data/mt_calib.jsonl --label NAME
    .venv/bin/python benchmarks/mt_signals.py report NAME [--part calib|held]
    .venv/bin/python benchmarks/mt_signals.py policy NAME

`run` translates every post through the real pipeline on the embedded model (its cheap
signals only, `checks=False`), then computes for its output every signal, the expensive
ones too: the cheap estimate (token log-probabilities and consistency checks), each check
alone, the round trip (the output translated back into the source language, chrF against
the source), a second decode with other examples (its agreement with the first, chrF) and
that second decode's own round trip.
`report` gives per signal the AUC (the chance that an adequate output, sentence chrF >= 35,
scores above an inadequate one) and, per check, how many outputs it flags and how many of
those are inadequate. `policy` chooses the pipeline's thresholds on the calibration half
(even lines) by replaying its decisions on the recorded signals, and reports both halves;
`policy --whole` chooses CONFIDENT on every line of every set named, keeping the pipeline's
SURE and CHECKED:

    .venv/bin/python benchmarks/mt_signals.py policy --whole CALIB RECAL
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from mt_common import load_average, rows, run_parser, timed_translate  # noqa: E402

ADEQUATE = 35.0


def run(args: argparse.Namespace) -> int:
    import sacrebleu

    from fedtui.core.langdetect import FastTextDetector
    from fedtui.core.translate import Translator
    from fedtui.core.translation_quality import assess, chrf
    from fedtui.llm.formats import task_runner
    from fedtui.llm.registry import ModelRegistry

    data = rows(args.data)[: args.limit or None]
    base = args.models_dir
    model = ModelRegistry(base / "data", cache_dir=base / "cache").load(n_threads=args.threads)
    detector = FastTextDetector()
    # The cheap pipeline's output and estimate; the expensive signals are computed apart.
    translator = Translator(task_runner(model), detector, model.name, checks=False)
    records: list[dict[str, Any]] = []
    load = load_average()
    with detector.loaded():
        for number, row in enumerate(data):
            timed = timed_translate(translator, row["src"], row.get("lang"))
            result, src, lang = timed.result, row["src"], timed.result.source_lang
            out = result.text
            rec: dict[str, Any] = {
                "line": number, "lang": row.get("lang"), "out": out, "ref": row["ref"],
                "confidence": str(result.confidence), "estimate": result.estimate,
                "chrf": round(sacrebleu.sentence_chrf(out, [row["ref"]]).score, 1),
                "flags": list(assess(src, out, lang, "en").flags) if out else ["failed"],
                "seconds": round(timed.seconds, 3)}
            if out and lang != "en":
                t0 = time.perf_counter()
                rec["rt"] = round(translator.round_trip(out, src, lang, "en") or 0.0, 1)
                rec["rt_seconds"] = round(time.perf_counter() - t0, 3)
                second, logprobs = translator.decode(src, lang, "en", 1)
                q2 = assess(src, second, lang, "en", logprobs)
                rec.update({
                    "second": second, "second_estimate": q2.estimate,
                    "second_flags": list(q2.flags),
                    "second_chrf": round(sacrebleu.sentence_chrf(second, [row["ref"]]).score, 1),
                    "agree": round((chrf(second, out) + chrf(out, second)) / 2, 1),
                    "second_rt": round(translator.round_trip(second, src, lang, "en") or 0.0, 1)})
            records.append(rec)
            if args.verbose:
                print(f"{rec['lang']} {rec['chrf']:5.1f} est {rec['estimate']} "
                      f"rt {rec.get('rt')} agree {rec.get('agree')} {out[:60]}", flush=True)
    path = ROOT / "results" / f"signals-{args.label}.json"
    path.parent.mkdir(exist_ok=True)
    meta = {"data": str(args.data), "model": model.name, "load": [load, load_average()],
            "time": time.strftime("%Y-%m-%d %H:%M:%S")}
    path.write_text(json.dumps({"meta": meta, "records": records}, ensure_ascii=False,
                               indent=1) + "\n", "utf-8")
    print(f"written to {path}")
    return 0


def auc(good: list[float], bad: list[float]) -> float | None:
    """P(a random adequate output scores above a random inadequate one); ties count half."""
    if not good or not bad:
        return None
    wins = sum((g > b) + 0.5 * (g == b) for g in good for b in bad)
    return wins / (len(good) * len(bad))


SIGNALS = {
    "cheap estimate (log-probs + checks)": lambda r: r["estimate"],
    "no check failed": lambda r: float(not r["flags"]),
    "round trip chrF": lambda r: r.get("rt"),
    "agreement of two decodes (chrF)": lambda r: r.get("agree"),
    "cheap x round trip x agreement (cube root)":
        lambda r: joined(r["estimate"], r["rt"], r["agree"]) if "rt" in r else None,
}


def report(args: argparse.Namespace) -> int:
    for label in args.labels:
        data = json.loads((ROOT / "results" / f"signals-{label}.json").read_text("utf-8"))
        records = [r for r in data["records"] if r["estimate"] is not None and "rt" in r]
        if args.part:
            parity = 0 if args.part == "calib" else 1
            records = [r for r in records if r["line"] % 2 == parity]
        good = [r for r in records if r["chrf"] >= ADEQUATE]
        bad = [r for r in records if r["chrf"] < ADEQUATE]
        print(f"\n## {label} ({data['meta']['data']}{', ' + args.part if args.part else ''}):"
              f" {len(good)} adequate, {len(bad)} inadequate outputs")
        print("| signal | AUC | mean if adequate | mean if inadequate |\n|---|---|---|---|")
        for name, value in SIGNALS.items():
            g = [v for r in good if (v := value(r)) is not None]
            b = [v for r in bad if (v := value(r)) is not None]
            area = auc(g, b)
            print(f"| {name} | {area:.2f} | {sum(g) / len(g):.2f} | {sum(b) / len(b):.2f} |"
                  if area is not None else f"| {name} | - | - | - |")
        # The checks on the pipeline's outputs (after its retries) and on the raw second
        # decodes (no retry: what the checks catch in a model's first answer).
        answers = [(r["flags"], r["chrf"]) for r in records]
        raw = [(r["second_flags"], r["second_chrf"]) for r in records]
        flags = sorted({f for fl, _ in answers + raw for f in fl})
        print("\n| check | outputs flagged (inadequate) | raw second decodes flagged "
              "(inadequate) |\n|---|---|---|")
        for flag in flags:
            cells = []
            for pairs in (answers, raw):
                hit = [c for fl, c in pairs if flag in fl]
                cells.append(f"{len(hit)} ({sum(c < ADEQUATE for c in hit)})")
            print(f"| {flag} | {' | '.join(cells)} |")
        bad_raw = sum(c < ADEQUATE for _, c in raw)
        print(f"(raw second decodes: {len(raw)}, {bad_raw} inadequate)")
    return 0


def joined(est: float, rt: float, agree: float) -> float:
    """The expensive signals joined with the cheap estimate (`translation_quality.checked`)."""
    return float((est * rt / 100 * agree / 100) ** (1 / 3))


def simulate(records: list[dict[str, Any]], confident: float, sure: float,
             threshold: float, retry: float | None = None) -> dict[str, Any]:
    """The pipeline's decision, replayed on recorded signals: an answer with no failed check
    is confident from `confident`; from `retry` (default: `confident`) to `sure` a second
    decode is made, and an answer between `confident` and `sure` is checked (round trip,
    agreement): under `threshold` its joined signal demotes it; the better answer is
    kept."""
    shown, good, expensive, outputs = 0, 0, 0, []
    floor = confident if retry is None else min(retry, confident)
    for r in records:
        out, chrf_, est = r["out"], r["chrf"], r["estimate"]
        ok = not r["flags"] and est >= confident
        if not r["flags"] and floor <= est < sure and "rt" in r:
            expensive += 1
            candidates = []
            for e, flags, rt, text, c in ((est, r["flags"], r["rt"], out, r["chrf"]),
                                          (r["second_estimate"], r["second_flags"],
                                           r["second_rt"], r["second"], r["second_chrf"])):
                if not flags and confident <= e < sure:
                    j = joined(e, rt, r["agree"])
                    e = e if j >= threshold else min(e, confident * j / threshold)
                candidates.append((not flags, e, text, c))
            best = max(candidates, key=lambda c: (c[0], c[1]))
            ok, out, chrf_ = best[0] and best[1] >= confident, best[2], best[3]
        outputs.append(out)
        shown += ok
        good += ok and chrf_ >= ADEQUATE
    return {"shown": shown, "good": good, "expensive": expensive, "outputs": outputs}


def _load(label: str) -> list[dict[str, Any]]:
    data = json.loads((ROOT / "results" / f"signals-{label}.json").read_text("utf-8"))
    return [r for r in data["records"] if r["estimate"] is not None]


def adequacy_bound(good: int, shown: int, z: float = 1.2816) -> float:
    """The share of adequate outputs that `good` of `shown` vouch for with 90 % confidence
    (the lower end of the Wilson interval, one-sided; z = 1.2816)."""
    if not shown:
        return 0.0
    share, z2 = good / shown, z * z
    spread = z * math.sqrt(share * (1 - share) / shown + z2 / (4 * shown * shown))
    return (share + z2 / (2 * shown) - spread) / (1 + z2 / shown)


def lowest_confident(records: list[dict[str, Any]], sure: float, threshold: float,
                     retry: float) -> float:
    """The lowest CONFIDENT (in steps of 0.005) at which the confident outputs of `records`
    are >= 95 % adequate with 90 % confidence (`adequacy_bound`): on a new set of posts
    the share is then unlikely to fall under 95 % by chance, as it did (93 %, 40 of 43) at
    0.59, chosen by the share counting one more failure."""
    for step in range(100, 200):
        sim = simulate(records, step / 200, max(sure, step / 200), threshold, retry)
        if adequacy_bound(sim["good"], sim["shown"]) >= 0.95:
            return step / 200
    return 1.0


def whole_policy(args: argparse.Namespace) -> int:
    """`policy --whole`: CONFIDENT chosen on every line of every set named, with the
    pipeline's SURE and CHECKED (chosen again the same way on mt_calib and mt_recal, they
    put CONFIDENT above SURE: no expensive checks at all)."""
    from fedtui.core.translation_quality import CHECKED, RETRY, SURE

    sets = {label: _load(label) for label in (args.label, *args.others)}
    pool = [r for records in sets.values() for r in records]
    confident = lowest_confident(pool, SURE, CHECKED, RETRY)
    print(f"chosen on {len(pool)} outputs: CONFIDENT {confident:.3f} (SURE {SURE}, "
          f"CHECKED {CHECKED})")
    for name, records in {**sets, "all": pool}.items():
        sim = simulate(records, confident, SURE, CHECKED, RETRY)
        print(f"{name}: confident {sim['shown']}/{len(records)}, adequate "
              f"{sim['good']}/{sim['shown']}, expensive path {sim['expensive']}")
    return 0


def policy(args: argparse.Namespace) -> int:
    """On the calibration half (even lines) of the calibration set: SURE is the median cheap
    estimate; the checked threshold splits adequate from inadequate outputs by their joined
    signal with the widest margin. Then the decisions on every set named, with the
    calibration set's two halves apart."""
    import statistics

    import sacrebleu

    from fedtui.core.translation_quality import CONFIDENT, RETRY

    confident = CONFIDENT if args.confident is None else args.confident
    calib = [r for r in _load(args.label) if r["line"] % 2 == 0]
    sure = statistics.median(r["estimate"] for r in calib)
    scored = sorted((joined(r["estimate"], r["rt"], r["agree"]), r["chrf"] >= ADEQUATE)
                    for r in calib if "rt" in r)
    bad = max(j for j, ok in scored if not ok)
    good = min(j for j, ok in scored if ok and j > bad)
    threshold = (bad + good) / 2
    print(f"chosen on the calibration half: SURE {sure:.3f}, checked threshold "
          f"{threshold:.3f} (inadequate up to {bad:.3f}, adequate from {good:.3f})")
    sets = {"calib": calib, "held": [r for r in _load(args.label) if r["line"] % 2 == 1]}
    sets.update({label: _load(label) for label in args.others})
    for name, recs in sets.items():
        for label, params in (("cheap only", (confident, confident, 0.0)),
                              ("checked", (confident, sure, threshold, RETRY))):
            sim = simulate(recs, *params)
            chrf = sacrebleu.corpus_chrf(sim["outputs"], [[r["ref"] for r in recs]]).score
            print(f"{name} {label}: confident {sim['shown']}/{len(recs)}, adequate "
                  f"{sim['good']}/{sim['shown']}, expensive path {sim['expensive']}, "
                  f"chrF {chrf:.1f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = run_parser(sub, ROOT / "data" / "mt_calib.jsonl")
    run_p.add_argument("--models-dir", type=Path, default=Path("/tmp/fedtui-quality-models"))
    run_p.add_argument("-v", "--verbose", action="store_true")
    rep = sub.add_parser("report")
    rep.add_argument("labels", nargs="+")
    rep.add_argument("--part", choices=("calib", "held"))
    pol = sub.add_parser("policy")
    pol.add_argument("label")
    pol.add_argument("others", nargs="*", help="other sets' signals to decide on")
    pol.add_argument("--confident", type=float, default=None,
                     help="the CONFIDENT replayed (default: the pipeline's)")
    pol.add_argument("--whole", action="store_true",
                     help="choose CONFIDENT on every line of every set named")
    args = parser.parse_args()
    commands = {"run": run, "report": report,
                "policy": whole_policy if args.command == "policy" and args.whole else policy}
    return commands[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
