"""fedtui.app.rank_rules: ranking.toml read again when it changes, a broken file keeps the
rules in force, and `=` / `-` edit it without losing a comment."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from fedtui.app.rank_rules import RuleBook, ranking_file
from fedtui.core.ranking import Rules
from fedtui.core.ranking_rules import DEFAULT_TEXT, RulesError, parse_rules


def write(path: Path, text: str) -> None:
    """Write and move the modification time on (two writes in one clock tick look alike)."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def test_the_file_sits_beside_the_config(isolated_home: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert ranking_file() == isolated_home / ".config/fedtui/ranking.toml"
    monkeypatch.setenv("FEDTUI_CONFIG", str(isolated_home / "elsewhere/my.toml"))
    assert ranking_file() == isolated_home / "elsewhere/ranking.toml"


def test_no_file_means_the_default_rules(tmp_path: Path) -> None:
    book = RuleBook(tmp_path / "ranking.toml")
    assert book.current() == (Rules(), None)


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "ranking.toml"
    write(path, "[hashtags]\nbirds = 3\n")
    book = RuleBook(path)
    assert not book.changed()  # nothing read yet: nothing to rank again
    assert book.current()[0].hashtags == {"birds": 3.0}
    assert not book.changed()
    write(path, "[hashtags]\nbirds = -1\n")
    assert book.changed()
    assert book.current()[0].hashtags == {"birds": -1.0}
    path.unlink()
    assert book.current() == (Rules(), None)


def test_a_broken_file_keeps_the_rules_in_force_and_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "ranking.toml"
    write(path, "[hashtags]\nbirds = 3\n")
    book = RuleBook(path)
    good = book.current()[0]
    write(path, "[hashtags]\nbirds = 3\ncrypto = -\n")
    rules, problem = book.current()
    assert rules is good
    assert problem is not None and problem.startswith("ranking.toml line 3: ")
    assert "the rules read before stay in force" in problem
    write(path, "[hashtags]\nbirds = 3\ncrypto = -5\n")
    assert book.current() == (parse_rules("[hashtags]\nbirds = 3\ncrypto = -5\n"), None)


def test_lifting_an_author_keeps_every_comment_and_line(tmp_path: Path) -> None:
    path = tmp_path / "ranking.toml"
    text = ("# my rules\nhalf_life_hours = 6  # fast\n\n[accounts]  # people\n"
            '"zoe@example.social" = 2.0  # a friend\n\n[hashtags]\nbirds = 3 # yes\n')
    write(path, text)
    book = RuleBook(path)
    assert book.nudge("zoe@example.social", 1.0)[0] == 3.0
    weight, said = book.nudge("@Bob@Home.Example", -1.0)
    assert weight == -1.0
    assert said.startswith("Sank @bob@home.example in your ranking: -1 in ")
    after = path.read_text(encoding="utf-8")
    assert after.replace('"zoe@example.social" = 3.0', '"zoe@example.social" = 2.0') \
        .replace('bob@home.example" = -1.0 # sunk with -\n', "") \
        .replace('"', "") == text.replace('"', "")
    assert tomllib.loads(after)["accounts"] == {"zoe@example.social": 3.0,
                                                "bob@home.example": -1.0}
    assert book.current()[0].accounts == {"zoe@example.social": 3.0, "bob@home.example": -1.0}


def test_a_missing_file_is_made_from_the_commented_default(tmp_path: Path) -> None:
    path = tmp_path / "new" / "ranking.toml"
    book = RuleBook(path)
    assert book.nudge("zoe@example.social")[0] == 1.0
    text = path.read_text(encoding="utf-8")
    assert text.startswith(DEFAULT_TEXT)
    assert text.endswith('"zoe@example.social" = 1.0 # lifted with =\n')
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"


def test_a_file_without_accounts_gets_the_table(tmp_path: Path) -> None:
    path = tmp_path / "ranking.toml"
    write(path, "recency = 1  # only this\n")
    RuleBook(path).nudge("ann@far.example", -1.0)
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "recency": 1, "accounts": {"ann@far.example": -1.0}}
    assert path.read_text(encoding="utf-8").startswith("recency = 1  # only this\n")


def test_a_broken_file_is_not_touched_by_a_nudge(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    path = tmp_path / "rules" / "ranking.toml"
    write(path, "recency = = 1\n")
    with pytest.raises(RulesError, match=r"^ranking.toml line 1: .* fix it first"):
        RuleBook(path).nudge("zoe@example.social")
    assert path.read_text(encoding="utf-8") == "recency = = 1\n"
    assert [p.name for p in path.parent.iterdir()] == ["ranking.toml"]  # no temp file left
