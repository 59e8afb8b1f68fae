"""Translation benchmark: quality (chrF), honesty (no echo shown) and speed of the pipeline.

    .venv/bin/python benchmarks/translate_bench.py [--data benchmarks/data/mt_dev.jsonl]

On the same embedded model and the same posts it runs
  * the fedtui pipeline (`fedtui.core.translate.Translator`: detect, mask, few-shot, guards),
  * a naive one-line instruction prompt ("Translate the following text to English: ..."),
  * raw llama-cpp generation of the pipeline's own first prompt (tokens/s without fedtui),
and prints a table and writes JSON to benchmarks/results/translate-<time>.json.
Echoes/empties "shown" count outputs presented as translations (not marked failed) that are
empty or echo the source: it must be 0 for the pipeline.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from mt_common import load_average, rows, timed_translate  # noqa: E402


def _echo_or_empty(src: str, out: str) -> bool:
    from fedtui.core.langdetect import strip_noise
    from fedtui.core.translation_guards import similarity

    body = strip_noise(out)
    return not body or similarity(strip_noise(src), body) >= 0.75


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "mt_dev.jsonl")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--no-sentences", action="store_true",
                        help="translate whole lines (no sentence splitting)")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()

    import sacrebleu
    from llama_cpp import Llama

    from fedtui.core.langdetect import FastTextDetector
    from fedtui.core.translate import Translator, build_task, max_tokens_for
    from fedtui.core.translation_result import Confidence
    from fedtui.llm.backend import GenerationParams
    from fedtui.llm.formats import render_base, task_runner
    from fedtui.llm.registry import ModelRegistry, load_model

    data = rows(args.data)[: args.limit or None]
    load = load_average()
    started = time.perf_counter()
    model = load_model(n_threads=args.threads, registry=ModelRegistry())
    load_seconds = time.perf_counter() - started  # includes assembling the GGUF once
    detector = FastTextDetector()
    translator = Translator(task_runner(model), detector, model.name,
                            split_sentences=not args.no_sentences)

    hyps: list[str] = []
    refs: list[str] = []
    per_post: list[float] = []
    first_token: list[float] = []
    pieces_total = 0
    shown_bad = 0
    failed = 0
    low = 0
    attempts: list[int] = []
    records: list[dict[str, Any]] = []
    for row in data:
        timed = timed_translate(translator, row["src"], row.get("lang"))
        result = timed.result
        per_post.append(timed.seconds)
        if timed.first is not None:
            first_token.append(timed.first)
        pieces_total += model.count_tokens(result.text) if result.text else 0
        if result.confidence is Confidence.FAILED:
            failed += 1
        elif _echo_or_empty(row["src"], result.text) and result.source_lang != "en":
            shown_bad += 1
        low += result.confidence is Confidence.LOW
        attempts.append(result.attempts)
        hyps.append(result.text)
        refs.append(row["ref"])
        records.append({"lang": row.get("lang"), "src": row["src"], "out": result.text,
                        "confidence": str(result.confidence), "attempts": result.attempts,
                        "message": result.message})
    pipeline_seconds = sum(per_post)

    # The naive prompt, same model, same posts.
    naive_hyps: list[str] = []
    naive_bad = 0
    for row in data:
        prompt = f"Translate the following text to English: {row['src']}\n"
        out = "".join(model.complete(prompt, GenerationParams(max_tokens=96, stop=("\n\n",))))
        out = out.strip()
        naive_hyps.append(out)
        naive_bad += _echo_or_empty(row["src"], out)

    # Raw llama-cpp on the pipeline's first prompt for each post: tokens/s without fedtui.
    raw = Llama(model_path=str(model.path), n_ctx=2048, n_threads=args.threads, verbose=False)
    raw_tokens = 0
    raw_seconds = 0.0
    for row in data:
        src_lang = row.get("lang") or "en"
        if src_lang == "en":
            continue
        task = build_task(row["src"], src_lang, "en")
        prompt, stop = render_base(task)
        t0 = time.perf_counter()
        stream: Any = raw.create_completion(
            prompt, max_tokens=max_tokens_for(row["src"], src_lang), temperature=0.0,
            stop=[*stop, "\n"], stream=True)
        for chunk in stream:
            if chunk["choices"][0].get("text"):
                raw_tokens += 1
        raw_seconds += time.perf_counter() - t0
    raw.close()

    results = {
        "data": str(args.data.relative_to(ROOT.parent) if args.data.is_relative_to(ROOT.parent)
                    else args.data),
        "posts": len(data),
        "load_average": f"{load} before, {load_average()} after",
        "model": model.name,
        "sentence_split": not args.no_sentences,
        "chrf_pipeline": round(sacrebleu.corpus_chrf(hyps, [refs]).score, 1),
        "chrf_naive": round(sacrebleu.corpus_chrf(naive_hyps, [refs]).score, 1),
        "pipeline_echo_or_empty_shown": shown_bad,
        "naive_echo_or_empty_shown": naive_bad,
        "pipeline_failed": failed,
        "pipeline_low": low,
        "pipeline_retried": sum(a > 1 for a in attempts),
        "p50_seconds_per_post": round(statistics.median(per_post), 3),
        "p50_first_token_seconds": round(statistics.median(first_token), 3) if first_token
        else None,
        "pipeline_tokens_per_second": round(pieces_total / pipeline_seconds, 1),
        "raw_tokens_per_second": round(raw_tokens / raw_seconds, 1) if raw_seconds else None,
        "model_load_seconds": round(load_seconds, 2),
        "model_load_seconds_backend": round(getattr(model, "load_seconds", 0.0), 2),
        "outputs": records,
    }
    out_dir = ROOT / "results"
    out_dir.mkdir(exist_ok=True)
    out_file = out_dir / f"translate-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out_file.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", "utf-8")
    width = max(len(k) for k in results)
    for key, value in results.items():
        if key != "outputs":
            print(f"{key:<{width}}  {value}")
    print(f"written to {out_file}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
