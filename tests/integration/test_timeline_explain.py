"""`fedtui timeline NAME --json --explain` against a seeded mastodon-mock world: every post
of every timeline carries exactly the reasons the world was built with."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fedtui.cli import main
from tests.integration.provenance_world import (
    NOTIFICATIONS,
    POSTS,
    TIMELINES,
    World,
    facts_of,
    reader_world,
)


@pytest.fixture
def world(mock_server: Any, monkeypatch: pytest.MonkeyPatch) -> World:
    return reader_world(mock_server, monkeypatch)


def timeline(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert main(["timeline", *args]) == 0
    out = capsys.readouterr()
    return [json.loads(line) for line in out.out.splitlines()]


def test_every_post_of_every_timeline_has_exactly_its_true_reasons(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    for name, (source, labels) in TIMELINES.items():
        records = timeline(capsys, name, "--json", "--explain", "--limit", "60")
        shown = [world.label_of(r["id"]) for r in records]
        assert sorted(shown) == sorted(labels), name
        for record, label in zip(records, shown, strict=True):
            assert facts_of(world, record["why"]) == POSTS[label] | {source}, (name, label)
            assert record["why"][0]["reason"] == "source"
            assert all(fact["text"] for fact in record["why"])


def test_notifications_say_their_type_and_who(world: World,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    records = timeline(capsys, "notifications", "--json", "--explain")
    found = {f"{r['notification_type']}:{r['account']}": facts_of(world, r["why"])
             for r in records}
    assert found == NOTIFICATIONS


def test_a_boost_names_every_followed_booster_in_words(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["timeline", "home", "--explain", "--limit", "40"]) == 0
    out = capsys.readouterr().out
    assert out.count("why: Boosted by accounts you follow: @frank, @erin.") == 2
    assert "why: You follow the author @bob." in out
    assert "why: It replies in a thread you took part in." in out
    assert "why: @erin is in your lists: Birders." in out


def test_without_explain_there_is_no_why_and_bad_names_are_said(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    records = timeline(capsys, "bookmarks", "--json")
    assert [world.label_of(r["id"]) for r in records] == ["bob_hello"]
    assert "why" not in records[0] and records[0]["text"] == "Hello from bob"
    assert main(["timeline", "list:Nope"]) == 1
    assert "You have no list called “Nope” (your lists: Close friends, Birders)" in (
        capsys.readouterr().err)
    assert main(["timeline", "trending"]) == 1
    assert "Unknown timeline “trending”" in capsys.readouterr().err


def test_every_post_of_for_you_has_its_true_reasons_and_its_score(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    records = timeline(capsys, "foryou", "--json", "--explain", "--limit", "60")
    shown = [world.label_of(r["id"]) for r in records]
    gathered = set(TIMELINES["home"][1]) | set(TIMELINES["tag:birds"][1]) | set(
        TIMELINES["list:Birders"][1]) | set(TIMELINES["list:close friends"][1])
    assert set(shown) <= gathered and len(shown) == len(set(shown))
    originals = {record["status_id"] for record in records}
    assert len(originals) == len(shown)  # a post and its boosts: one copy
    for record, label in zip(records, shown, strict=True):
        facts = facts_of(world, record["why"])
        ranked = {fact for fact in facts if fact[0] == "ranked"}
        assert len(ranked) == 1, label
        assert facts - ranked == POSTS[label] | {("source", (), "foryou")}, label
