"""Time the local filters (keywords, regular expressions, mutes) on a pane of 1,000 posts
(700 posts of a few sentences, 300 boosts).

    PYTHONPATH=. python benchmarks/local_filters.py

`first look` goes through the service as a pane does, the posts' plain text made on the
way (the first render of a page); `again` asks the same service again (a repaint: the
decisions are kept until the rules or a judgement change); `matching only` is
`core.local_filters.decide` alone, on the posts' text (what a change of the rules costs).
"""

from __future__ import annotations

import html
import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from provenance import timed  # this folder's provenance.py

from fedtui.app.local_filters import LocalFilters
from fedtui.core.local_filters import decide, parse_rules, post_text
from fedtui.core.model import Account, Status

T0 = datetime(2026, 5, 1, tzinfo=UTC)
WORDS = ["heron", "lake", "morning", "terminal", "rust", "python", "coffee", "train",
         "crypto", "soup", "film", "election", "garden", "bitcoin", "rain", "mastodon",
         "release", "bug", "fix", "evening"]
EXTRA = {10: "a huge giveaway today", 25: "THISISREALLYLOUD news",
         40: "season 3 finale spoilers", 55: "see https://bit.ly/x1"}
RULES = """\
[[filter]]
name = "giveaways"
keywords = ["giveaway", "airdrop", "free btc", "send your wallet", "100x", "presale",
            "whitelist spot", "#nft", "mint now", "dm me to win", "pump", "moon soon",
            "limited offer", "claim now", "lucky winners", "retweet to win", "get rich",
            "double your", "guaranteed profit", "act fast"]

[[filter]]
name = "shouting"
regex = '(?-i:\\b[A-Z]{12,}\\b)'

[[filter]]
name = "spoilers"
regex = '(?:season|episode)\\s+\\d+\\s+(?:finale|ending)'

[[filter]]
name = "links to shorteners"
regex = 'https?://(?:bit\\.ly|t\\.co|tinyurl\\.com)/\\S+'

[[filter]]
name = "quiet"
accounts = [{accounts}]

[[filter]]
name = "servers"
domains = ["spam.example", "ads.example", "bad.example", "worse.example", "noise.example"]
"""


def pane() -> list[Status]:
    people = [Account(id=f"a{i}", username=f"p{i}", acct=f"p{i}@host{i % 40}.example",
                      display_name="", url=f"https://host{i % 40}.example/@p{i}")
              for i in range(300)]
    originals = []
    for i in range(700):
        words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(40)]
        text = " ".join(words[:20]) + ". " + " ".join(words[20:]) + f" #tag{i % 9}"
        text += "".join(f" {extra}" for every, extra in EXTRA.items() if i % every == 0)
        originals.append(Status(id=str(i), account=people[i % 300],
                                content=f"<p>{html.escape(text)}</p><p>more {i}</p>",
                                created_at=T0 + timedelta(minutes=i)))
    boosts = [Status(id=f"b{i}", account=people[(i * 7) % 300], content="",
                     created_at=T0 + timedelta(minutes=700 + i), reblog=originals[i % 700])
              for i in range(300)]
    return [*boosts[::-1], *originals[::-1]]


def main() -> None:
    items = pane()
    accounts = ", ".join(f'"p{i}@host{i % 40}.example"' for i in range(0, 300, 6))
    text = RULES.replace("{accounts}", accounts)
    rules, problems = parse_rules(text)
    assert not problems, problems
    folder = Path(tempfile.mkdtemp())
    (folder / "filters.toml").write_text(text, encoding="utf-8")

    def first_look() -> None:
        local = LocalFilters(folder / "filters.toml")
        for item in items:
            local.decide(item)

    kept = LocalFilters(folder / "filters.toml")
    hidden = sum(1 for item in items if kept.decide(item).title)
    texts = {item.id: post_text(item.shown) for item in items}
    rows = [("first look (text made)", *timed(first_look, 10)),
            ("again (decisions kept)", *timed(lambda: [kept.decide(i) for i in items], 30)),
            ("matching only", *timed(lambda: [decide(i, rules, text=texts[i.id])
                                              for i in items], 30))]
    print(f"local filters ({len(rules)} rules: 20 keywords, 3 regex, 50 accounts, 5 domains) "
          f"on {len(items)} posts, {hidden} hidden; load average {os.getloadavg()[0]:.2f}")
    for name, median, worst, cpu in rows:
        print(f"  {name:<24} median {median:6.1f} ms   worst {worst:6.1f} ms   "
              f"CPU median {cpu:6.1f} ms")


if __name__ == "__main__":
    main()
