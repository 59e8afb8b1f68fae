"""`fedtui translate [--from LANG] [--to LANG] [--jsonl] [--model NAME]`: stdin -> stdout.

The same pipeline as the client (`fedtui.core.translate`) with the on-device model. Plain
mode translates all of stdin as one text (paragraphs and line breaks kept). `--jsonl` reads
one JSON object per line (`{"src": ..., "lang": ...}`, `lang` optional) and writes one per
line (`{"translation": ..., "source_lang": ..., "confidence": ..., "estimate": ...}`:
"high" is shown without a warning, "low" as "may be wrong"; `estimate` is the quality
estimate in [0, 1], for a script that sets its own threshold); a bad line gets an
`{"error": ...}` line and the rest go on.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from fedtui.core.translate import Translator
    from fedtui.core.translation_result import Translation


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "translate", help="translate text from stdin with the on-device model")
    parser.add_argument("--from", dest="source", metavar="LANG",
                        help="the source language (default: detected)")
    parser.add_argument("--to", dest="target", metavar="LANG",
                        help="the target language (default: translation.target_language "
                             "in the config, else en)")
    parser.add_argument("--jsonl", action="store_true",
                        help='read {"src": ..., "lang": ...} lines, write JSON lines')
    parser.add_argument("--model", metavar="NAME",
                        help="a model from `fedtui model list` (default: the active one)")
    parser.set_defaults(handler=run)


def make_translator(model_name: str | None = None) -> Translator:
    """The embedded (or named) model behind the translation pipeline."""
    from fedtui.commands.model import ProgressBar, model_registry
    from fedtui.config import load_config
    from fedtui.core.langdetect import FastTextDetector
    from fedtui.core.translate import Translator
    from fedtui.llm.formats import task_runner
    from fedtui.llm.registry import load_model

    config = load_config()
    model = load_model(model_name, registry=model_registry(config),  # the run's proxy
                       n_threads=config.translation.model_threads or None,
                       progress=ProgressBar("Preparing the model"))
    return Translator(task_runner(model), FastTextDetector(), model.name)


def result_json(result: Translation) -> dict[str, Any]:
    return {
        "translation": result.text,
        "source_lang": result.source_lang,
        "target_lang": result.target_lang,
        "confidence": str(result.confidence),
        "estimate": result.estimate,
        "attempts": result.attempts,
        "model": result.model,
        **({"message": result.message} if result.message else {}),
    }


def checked_language(code: str, option: str) -> str:
    """`code` as a base language code, or a ConfigError that lists the supported ones."""
    from fedtui.core.langdetect import LANGUAGE_NAMES, supported_language
    from fedtui.errors import ConfigError

    found = supported_language(code)
    if found is None:
        known = ", ".join(f"{c} ({name})" for c, name in sorted(LANGUAGE_NAMES.items()))
        raise ConfigError(f"{option} {code!r} is not a language fedtui knows. "
                          f"Use one of: {known}.")
    return found


def run(args: argparse.Namespace, stdin: TextIO | None = None,
        stdout: TextIO | None = None, translator: Translator | None = None) -> int:
    if args.target is None:
        from fedtui.config import load_config

        args.target = load_config().translation.target_language
    args.target = checked_language(args.target, "--to")
    if args.source is not None:
        args.source = checked_language(args.source, "--from")
    src = stdin if stdin is not None else sys.stdin
    out = stdout if stdout is not None else sys.stdout
    if args.jsonl:
        return _run_jsonl(args, src, out, translator)
    text = src.read()
    if not text.strip():
        print("fedtui: nothing to translate on standard input.", file=sys.stderr)
        return 1
    translator = translator or make_translator(args.model)
    result = translator.translate(text.strip("\n"), args.target, source=args.source)
    if not result.ok:
        print(f"fedtui: {result.message}", file=sys.stderr)
        return 1
    out.write(result.text + "\n")
    if result.message:
        print(f"fedtui: {result.message}", file=sys.stderr)
    return 0


def _run_jsonl(args: argparse.Namespace, src: TextIO, out: TextIO,
               translator: Translator | None) -> int:
    status = 0
    for number, line in enumerate(src, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("src"), str):
                raise ValueError('expected an object with a "src" string')
            lang = item.get("lang")
            tag = lang if isinstance(lang, str) else None
        except ValueError as err:
            out.write(json.dumps({"error": f"line {number}: {err}"}) + "\n")
            status = 1
            continue
        translator = translator or make_translator(args.model)
        result = translator.translate(item["src"], args.target, source=args.source, tag=tag)
        out.write(json.dumps(result_json(result), ensure_ascii=False) + "\n")
        out.flush()
    return status
