"""Time `fedtui.core.ranking.rank` for 1,000 posts (700 posts, 300 boosts) under a rule set
with every rule on: tables of hashtags, keywords, accounts and languages included.

    PYTHONPATH=. python benchmarks/ranking.py
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from provenance import pane, report, timed  # this folder's provenance.py: the same 1,000 posts

from fedtui.core.model import Attachment, Status
from fedtui.core.ranking import Signals, rank
from fedtui.core.ranking_rules import parse_rules

NOW = datetime(2026, 5, 2, tzinfo=UTC)
RULES = """\
half_life_hours = 12
replies = 0.3
[languages]
en = 0.5
de = -0.5
[hashtags]
t1 = 3.0
t3 = -5.0
birdwatching = 2.0
[keywords]
giveaway = -5.0
crypto = -3.0
heron = 1.0
"free coins" = -4.0
[accounts]
"p1@bench.example" = 2.0
"p7@bench.example" = -2.0
p9 = 1.0
"""


def posts() -> tuple[list[Status], Signals]:
    items, reader = pane()
    media = (Attachment("m", "image", ""),)
    varied = [
        item if item.reblog is not None else Status(
            **{**{f: getattr(item, f) for f in item.__dataclass_fields__},
               "content": f"<p>a post about <b>herons</b> and #t{i % 5}, number {i}</p>",
               "language": ("en", "de", "fr")[i % 3], "media": media if i % 4 == 0 else (),
               "reblogs_count": i * 3, "favourites_count": i * 7, "replies_count": i % 13})
        for i, item in enumerate(items)]
    signals = Signals(following=frozenset(reader.following),
                      followers=frozenset(list(reader.following)[::3]),
                      interactions={f"a{i}": i % 9 for i in range(0, 300, 4)},
                      domain="bench.example")
    return varied, signals


def main() -> None:
    items, signals = posts()
    rules = parse_rules(RULES)
    now = NOW + timedelta(hours=1)
    report("ranking", len(items), timed(lambda: rank(items, rules, signals, now), 30))

if __name__ == "__main__":
    main()
