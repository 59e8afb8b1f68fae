"""`fedtui timeline foryou` against a seeded mastodon-mock world (Mastodon.py, the real
path): home, the lists and the followed hashtag ranked by the reader's ranking.toml, each
post with its score and a breakdown that sums to it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fedtui.app.local_filters import filters_file
from fedtui.app.rank_rules import ranking_file
from fedtui.cli import main
from tests.integration.mastodon_support import HttpRelay
from tests.integration.provenance_world import World, reader_world


@pytest.fixture
def world(mock_server: Any, monkeypatch: pytest.MonkeyPatch) -> World:
    return reader_world(mock_server, monkeypatch)


def rules(text: str) -> None:
    path = ranking_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def foryou(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[list[dict[str, Any]], str]:
    capsys.readouterr()
    assert main(["timeline", "foryou", "--json", *args]) == 0
    out = capsys.readouterr()
    return [json.loads(line) for line in out.out.splitlines()], out.err


def shown(world: World, records: list[dict[str, Any]]) -> list[str]:
    return [world.label_of(r["status_id"]) for r in records]


def test_a_lifted_hashtag_ranks_first_a_sunk_keyword_last_and_breakdowns_sum(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    rules("[hashtags]\nbirds = 10.0\n[keywords]\n'big news' = -10\n")
    records, err = foryou(capsys, "--explain", "--limit", "60")
    labels = shown(world, records)
    assert labels[0] == "gina_birds"  # from the followed hashtag's timeline, lifted
    assert labels[-1] == "hank_news"  # boosted twice into home, sunk
    assert len(labels) == len(set(labels))  # a post and its boosts: one copy
    assert {"bob_hello", "bob_root", "erin_mention", "alice_own"} <= set(labels)
    assert [r["score"] for r in records] == sorted((r["score"] for r in records), reverse=True)
    for record in records:
        assert record["score"] == sum(record["breakdown"].values())
        ranked = [fact for fact in record["why"] if fact["reason"] == "ranked"]
        assert len(ranked) == 1 and ranked[0]["breakdown"] == record["breakdown"]
        assert record["why"][0]["detail"] == "foryou"
    first, last = records[0]["breakdown"], records[-1]["breakdown"]
    assert first["hashtag:birds"] == 10.0
    assert last["keyword:big news"] == -10.0
    assert "Boosted by accounts you follow: @frank, @erin." in [
        fact["text"] for fact in records[-1]["why"]]  # every booster gathered, not one
    assert "fedtui:" not in err


def test_the_readers_graph_and_interactions_count(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    records, _ = foryou(capsys, "--explain", "--limit", "60")  # no file: the defaults
    by_label = {world.label_of(r["status_id"]): r["breakdown"] for r in records}
    assert by_label["bob_hello"]["followed"] == 1.0  # followed
    assert "followed" not in by_label["gina_birds"]  # a stranger's post via #birds
    assert by_label["bob_hello"]["interactions"] == 0.5  # alice replied to bob once
    assert by_label["gina_birds"]["interactions"] == 0.5  # ... and favourited gina once
    assert "interactions" not in by_label["erin_mention"]
    assert by_label["alice_reply"]["is_reply"] == -0.3


def test_a_broken_file_says_its_line_and_the_old_rules_rank(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    rules("[hashtags]\nbirds = = 10\n")
    records, err = foryou(capsys, "--explain", "--limit", "60")
    assert "fedtui: ranking.toml line 2: invalid value" in err
    assert "the rules read before stay in force" in err
    assert records and all("hashtag:birds" not in r["breakdown"] for r in records)


def test_without_explain_there_is_no_score(world: World,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    records, _ = foryou(capsys, "--limit", "3")
    assert len(records) == 3
    assert not {"why", "score", "breakdown"} & set().union(*records)


class Recorder(HttpRelay):
    """Every request on its way to the server, as it was sent."""

    def __init__(self, upstream_url: str) -> None:
        super().__init__(upstream_url)
        self.sent: list[tuple[str, str, bytes]] = []

    def answer(self, method: str, path: str, headers: dict[str, str],
               body: bytes) -> tuple[int, dict[str, str], bytes]:
        self.sent.append((method, path, body))
        return self.forward(method, path, headers, body)


def test_nothing_of_the_ranking_or_the_local_filters_reaches_the_server(
        world: World, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    rules("[hashtags]\nbirds = 10.0\nzyxheron = 2.0\n[keywords]\nqwertgiveaway = -10\n"
          "[accounts]\n\"zoe@zyxexample.social\" = 3.0\n")
    filters_file().write_text('[[filter]]\nname = "plughfilter"\nkeywords = ["xyzzynews"]\n'
                              "[[filter]]\nname = \"mutes\"\ndomains = [\"quuxspam.example\"]\n",
                              encoding="utf-8")
    with Recorder(world.base_url) as server:
        monkeypatch.setenv("FEDTUI_INSTANCE", server.url)
        records, err = foryou(capsys, "--explain", "--limit", "60")
    assert shown(world, records)[0] == "gina_birds" and "fedtui:" not in err
    assert server.sent and {method for method, _, _ in server.sent} == {"GET"}
    said = b"\n".join(path.encode() + b" " + body for _, path, body in server.sent).lower()
    for secret in (b"zyxheron", b"qwertgiveaway", b"zyxexample", b"plughfilter", b"xyzzynews",
                   b"quuxspam", b"ranking.toml", b"filters.toml"):
        assert secret not in said, secret
