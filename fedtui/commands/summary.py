"""`fedtui summary thread STATUS_ID | catchup [PANE] | profile ACCT [--json] [--model [NAME]]`.

Summaries headless, with the client's pipeline (`fedtui.app.summarise`). Without `--model`
they are extractive: chosen by rules, each point a quote, no model loaded. With it, posts
in languages the reader does not read (`languages` in the config) are translated first
and the model may phrase a point, kept only where the faithfulness check passes. `--json`
prints `{"method": "extractive" | "model:<name>", "points": [{"text", "cites"}]}`; the
plain form numbers the cited posts and lists them under the points.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from fedtui.errors import FedtuiError

if TYPE_CHECKING:
    from fedtui.app.context import AccountRef
    from fedtui.app.summarise import Helpers, Source, Summaries
    from fedtui.config import Config
    from fedtui.core.model import Status
    from fedtui.core.summary import Reader, Summary
    from fedtui.mastodon.client import InstanceClient


def register(sub: Any) -> None:
    parser = sub.add_parser("summary", help="summarise a thread, a catch-up or a profile")
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    thread = kinds.add_parser("thread", help="the thread of a post (by its id)")
    thread.add_argument("target", metavar="STATUS_ID")
    catchup = kinds.add_parser("catchup", help="what arrived in a pane since the read "
                                               "marker or the last catch-up")
    catchup.add_argument("target", metavar="PANE", nargs="?", default="home",
                         help="home (default), notifications, local, federated, tag:NAME, "
                              "list:TITLE")
    catchup.add_argument("--since", metavar="ID", help="start after this post id instead")
    profile = kinds.add_parser("profile", help="an account's recent posts (user@instance)")
    profile.add_argument("target", metavar="ACCT")
    for kind in (thread, catchup, profile):
        kind.add_argument("--json", action="store_true", help="print one JSON object")
        kind.add_argument("--model", nargs="?", const="", metavar="NAME",
                          help="translate foreign posts and phrase points with the "
                               "on-device model (default: the active one)")
        kind.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from fedtui.app.summarise import open_summaries
    from fedtui.commands.accounts import signed_in
    from fedtui.config import load_config
    from fedtui.core.langdetect import FastTextDetector

    config = load_config()
    account, client = signed_in(args.account, config)
    summaries = open_summaries()
    source = fetch(args, client, account, summaries)
    if not source.statuses:
        print("fedtui: nothing new to summarise.", file=sys.stderr)
    detector = FastTextDetector()
    with detector.loaded():
        helpers = make_helpers(args.model, config, detector)
        summary = summaries.summary(source, reader(client), helpers)
    if args.kind == "catchup" and source.newest_id:
        summaries.remember_catchup(account.key, args.pane_key, source.newest_id)
    for notice in summaries.notices():
        print(f"fedtui: {notice}", file=sys.stderr)
    print_summary(summary, source.statuses, as_json=args.json)
    return 0


def fetch(args: argparse.Namespace, client: InstanceClient, account: AccountRef,
          summaries: Summaries) -> Source:
    from fedtui.app import summarise
    from fedtui.commands.timeline import pane_for
    from fedtui.mastodon.actions import Actions

    if args.kind == "thread":
        return summarise.thread_source(client, args.target.strip())
    if args.kind == "profile":
        return summarise.profile_source(client, client.lookup(args.target.lstrip("@")).id)
    spec = pane_for(args.target, client)
    args.pane_key = spec.key
    since = args.since
    if since is None:
        since = summarise.newest([summarise.read_marker(Actions(client), spec),
                                  summaries.last_catchup(account.key, spec.key)])
    return summarise.catchup_source(client, spec, since)


def reader(client: InstanceClient) -> Reader:
    """The reader and whom they follow (the summary ranks their answers higher)."""
    from fedtui.core.summary import Reader
    from fedtui.mastodon import graph

    me = client.verify_credentials()
    try:
        follows = frozenset(account.id for account in graph.following(client, me.id))
    except FedtuiError as err:
        print(f"fedtui: could not read whom you follow: {err}", file=sys.stderr)
        follows = frozenset()
    return Reader(me.id, follows)


def make_helpers(model: str | None, config: Config, detector: Any) -> Helpers:
    from fedtui.app.summarise import Helpers, foreign_by, language_by, translate_by

    foreign = foreign_by(detector, config.languages)
    language = language_by(detector)
    if model is None:
        return Helpers(foreign=foreign, language=language)
    from fedtui.commands.model import ProgressBar, model_registry
    from fedtui.core.translate import Translator
    from fedtui.llm.formats import task_runner
    from fedtui.llm.registry import load_model

    loaded = load_model(model or None, registry=model_registry(config),
                        n_threads=config.translation.model_threads or None,
                        progress=ProgressBar("Preparing the model"))
    runner = task_runner(loaded)
    target = config.translation.target_language
    translator = Translator(runner, detector, loaded.name)
    return Helpers(foreign=foreign, translate=translate_by(translator, target), runner=runner,
                   model_name=loaded.name, target=target, language=language,
                   context_tokens=loaded.context_length)


def print_summary(summary: Summary, statuses: tuple[Status, ...], *, as_json: bool) -> None:
    from fedtui.core.sanitize import clean_line

    if as_json:
        print(json.dumps(summary.to_json()))  # ASCII: no raw control or bidi character
        return
    label = "extractive" if summary.method == "extractive" else (
        f"by {summary.method.removeprefix('model:')} · on this device · may be wrong")
    print(f"summary · {label}")
    for line in summary.lines():
        print(f"• {line}")
    by_id = {status.shown.id: status.shown for status in statuses}
    for number, status_id in enumerate(summary.sources(), 1):
        shown = by_id.get(status_id)
        where = (shown.url or shown.uri) if shown is not None else ""
        print(clean_line(f"[{number}] {status_id} {where}"))
