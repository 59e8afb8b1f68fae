"""`fedtui timeline NAME [--limit N] [--json] [--explain]`: a timeline, printed headless.

NAME is home, notifications, local, federated, bookmarks, favourites, foryou (home, your
lists and followed hashtags ranked by ranking.toml), `tag:NAME` or `list:TITLE`. `--json`
writes one JSON object per line (the post, and with `--explain` its reasons under "why",
and for foryou its "score" and "breakdown"); otherwise one plain line per post, the
reasons indented below it.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fedtui.errors import ConfigError, FedtuiError

if TYPE_CHECKING:
    from fedtui.app.explain import Explainer
    from fedtui.app.local_filters import LocalFilters
    from fedtui.app.rank import Ranking
    from fedtui.core.model import Account, Notification, Status
    from fedtui.core.panes import PaneSpec
    from fedtui.core.provenance import Fact
    from fedtui.core.ranking import Score
    from fedtui.mastodon.client import InstanceClient

SIMPLE = ("home", "notifications", "local", "federated", "bookmarks", "favourites", "foryou")
PAGE = 40


def register(sub: Any) -> None:
    parser = sub.add_parser("timeline", help="print a timeline (and why each post is in it)")
    parser.add_argument("name", metavar="NAME",
                        help=f"{', '.join(SIMPLE)}, tag:NAME or list:TITLE (foryou: ranked "
                        "by ranking.toml)")
    parser.add_argument("--limit", type=int, default=20, metavar="N",
                        help="how many posts (default 20)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--explain", action="store_true",
                        help="why each post is there (\"why\" in JSON; foryou: \"score\" "
                        "and \"breakdown\")")
    parser.set_defaults(handler=run)


def pane_for(name: str, client: InstanceClient | None = None) -> PaneSpec:
    """The pane a NAME means; a list is found by its title (asked of the server)."""
    from fedtui.core.panes import PaneKind, PaneSpec

    name = name.strip()
    if name in SIMPLE:
        return PaneSpec(PaneKind(name))
    kind, _, argument = name.partition(":")
    argument = argument.strip()
    if kind == "tag" and argument.lstrip("#"):
        return PaneSpec(PaneKind.HASHTAG, argument.lstrip("#"))
    if kind == "list" and argument and client is not None:
        lists = client.lists()
        for list_id, title in lists:
            if title.casefold() == argument.casefold():
                return PaneSpec(PaneKind.LIST, list_id, title)
        known = ", ".join(title for _, title in lists) or "none"
        raise ConfigError(f"You have no list called “{argument}” (your lists: {known}).")
    raise ConfigError(f"Unknown timeline “{name}”: expected {', '.join(SIMPLE)}, "
                      "tag:NAME or list:TITLE.")


def fetch(client: InstanceClient, spec: PaneSpec, limit: int) -> list[Status | Notification]:
    """The newest `limit` items, page after page."""
    items: list[Status | Notification] = []
    cursor = None
    while len(items) < limit:
        page = client.page(spec, cursor, limit=min(PAGE, limit - len(items)))
        items.extend(page.items)
        cursor = page.older
        if not page.items or cursor is None:
            break
    return items[:limit]


def record(item: Status | Notification, why: tuple[Fact, ...] | None,
           score: Score | None = None) -> dict[str, Any]:
    from fedtui.core.model import Notification
    from fedtui.core.render import status_text

    status = item.status if isinstance(item, Notification) else item
    shown = status.shown if status is not None else None
    data: dict[str, Any] = {
        "id": item.id,
        "kind": "notification" if isinstance(item, Notification) else "status",
        "notification_type": item.type if isinstance(item, Notification) else None,
        "created_at": item.created_at.isoformat(),
        "account": item.account.acct,
        "boost_of": ({"id": shown.id, "account": shown.account.acct}
                     if status is not None and shown is not None and status.reblog else None),
        "status_id": shown.id if shown is not None else None,
        "url": shown.url if shown is not None else None,
        "text": status_text(shown) if shown is not None else "",
    }
    if why is not None:
        data["why"] = [fact.to_json() for fact in why]
    if score is not None:  # the contributions add up to the score
        data["score"] = score.total
        data["breakdown"] = score.breakdown()
    return data


def plain(data: dict[str, Any]) -> list[str]:
    from fedtui.core.sanitize import clean_line

    text = " ".join(str(data["text"]).split())
    head = f"@{data['account']}"
    if data["boost_of"]:
        head += f" boosted @{data['boost_of']['account']}"
    if data["notification_type"]:
        head += f" ({data['notification_type']})"
    lines = [clean_line(f"{data['created_at'][:16]}  {head}: {text[:160]}")]
    lines.extend(clean_line(f"    why: {fact['text']}") for fact in data.get("why", ()))
    return lines


def ranked(client: InstanceClient, me: Callable[[], Account], explainer: Explainer,
           limit: int) -> Ranking:
    """The best `limit` posts of home, the lists and the followed hashtags, by ranking.toml
    (its problems and what the server would not tell go to stderr)."""
    from fedtui.app.context import utc_now
    from fedtui.app.rank import Ranker
    from fedtui.app.rank_rules import RuleBook, ranking_file

    ranker = Ranker(lambda: client, me, lambda: explainer, RuleBook(ranking_file()), utc_now)
    ranking = ranker.page(limit)
    for said in (ranking.problem, *ranking.notes):
        if said:
            print(f"fedtui: {said}", file=sys.stderr)
    return ranking


def local_filters(items: list[Status | Notification]) -> LocalFilters:
    """The reader's local filters, their describe rules judged by the model for `items`
    (what cannot be judged is said, and the rest is still explained)."""
    from fedtui.app.local_filters import LocalFilters, filters_file
    from fedtui.core.local_filters import RuleKind

    local = LocalFilters(filters_file())
    for problem in local.problems:
        print(f"fedtui: {problem}", file=sys.stderr)
    if any(rule.kind is RuleKind.DESCRIBE for rule in local.rules):
        from fedtui.commands.model import ProgressBar, model_registry
        from fedtui.llm.registry import load_model

        try:
            model = load_model(None, registry=model_registry(),
                               progress=ProgressBar("Preparing the model"))
        except FedtuiError as err:
            print(f"fedtui: the describe filters are not judged: {err}", file=sys.stderr)
        else:
            local.judge_now(items, model)
    return local


def run(args: argparse.Namespace) -> int:
    from fedtui.app.context import utc_now
    from fedtui.app.explain import Explainer
    from fedtui.commands.accounts import signed_in
    from fedtui.config import load_config
    from fedtui.core.panes import PaneKind
    from fedtui.core.provenance import Origin
    from fedtui.core.ranking import ranked_fact

    if args.limit < 1:
        raise ConfigError(f"--limit must be at least 1 (got {args.limit}).")
    if not args.name.strip().startswith("list:"):
        pane_for(args.name)  # a bad name is said before anything is asked
    _, client = signed_in(args.account, load_config())
    spec = pane_for(args.name, client)
    me = functools.cache(client.verify_credentials)
    explainer = Explainer(lambda: client, me, utc_now)
    ranking = ranked(client, me, explainer, args.limit) if spec.kind is PaneKind.FOR_YOU \
        else None
    items: list[Status | Notification] = (
        list(ranking.items) if ranking is not None else fetch(client, spec, args.limit))
    scores = {item.id: score for item, score in ranking.ranked} if ranking is not None else {}
    facts = None
    if args.explain:
        explanation = explainer.explain(items, Origin.of_pane(spec),
                                        seen=ranking.boosters if ranking else None,
                                        local=local_filters(items))
        facts = {key: (*found, ranked_fact(scores[key])) if key in scores else found
                 for key, found in explanation.facts.items()}
        for note in explanation.notes:
            print(f"fedtui: {note}", file=sys.stderr)
    for item in items:
        data = record(item, facts.get(item.id, ()) if facts is not None else None,
                      scores.get(item.id) if args.explain else None)
        if args.json:
            print(json.dumps(data))  # ASCII: no raw control or bidi character
        else:
            print("\n".join(plain(data)))
    return 0
