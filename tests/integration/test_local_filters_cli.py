"""`fedtui timeline home --json --explain` with local filters, against the seeded
mastodon-mock world: the posts a rule hides say so under "why", the others do not."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fedtui.app.local_filters import filters_file
from fedtui.cli import main
from tests.integration.provenance_world import World, reader_world


@pytest.fixture
def world(mock_server: Any, monkeypatch: pytest.MonkeyPatch) -> World:
    return reader_world(mock_server, monkeypatch)


def write_rules(text: str) -> None:
    path = filters_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def home(capsys: pytest.CaptureFixture[str]) -> tuple[list[dict[str, Any]], str]:
    capsys.readouterr()
    assert main(["timeline", "home", "--json", "--explain", "--limit", "40"]) == 0
    out = capsys.readouterr()
    return [json.loads(line) for line in out.out.splitlines()], out.err


def local_facts(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [fact for fact in record["why"] if fact["reason"] == "local_filter"]


def test_the_json_says_which_rule_hides_which_post(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    write_rules('[[filter]]\nname = "no news"\nkeywords = ["big news"]\n\n'
                '[[filter]]\nname = "quiet bob"\naccounts = ["bob@mock.local"]\n')
    records, err = home(capsys)
    assert err == ""
    decided = {world.label_of(r["id"]): [(f["names"], f["detail"], f["matched"])
                                         for f in local_facts(r)] for r in records}
    news = [(["no news"], "hidden:keywords", ["big news"])]
    bob = [(["quiet bob"], "hidden:accounts", ["bob@mock.local"])]
    assert decided == {
        "erin_boost": news, "frank_boost": news,
        "bob_hello": bob, "bob_root": bob, "bob_to_alice": bob,
        "alice_own": [], "alice_reply": [], "erin_mention": [], "frank_in_thread": []}
    fact = local_facts(next(r for r in records if r["id"] == world.ids["erin_boost"]))[0]
    assert fact["text"] == "Your local filter “no news” (keywords) hides it (big news)."


def test_a_broken_rules_file_is_said_and_explains_the_rest(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    write_rules('[[filter]]\nname = "ok"\nkeywords = ["hello"]\n\n'
                '[[filter]]\nname = "bad"\nregex = "[unclosed"\n')
    records, err = home(capsys)
    assert "line 5: filter “bad”: the regular expression is not valid" in err
    hello = next(r for r in records if r["id"] == world.ids["bob_hello"])
    assert [f["names"] for f in local_facts(hello)] == [["ok"]]  # the good rule applies
    assert all(r["why"][0]["reason"] == "source" for r in records)
