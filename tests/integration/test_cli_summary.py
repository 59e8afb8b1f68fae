"""`fedtui summary` against a seeded mastodon-mock thread, through Mastodon.py: the
thread's points, their citations, the JSON shape, a catch-up since the read marker."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mastodon import Mastodon

from fedtui.cli import main
from tests.integration.summary_world import INJECTION, Thread, seed_thread


@pytest.fixture
def thread(mock_server: Any, monkeypatch: pytest.MonkeyPatch) -> Thread:
    seeded = seed_thread(mock_server.base_url)
    monkeypatch.setenv("FEDTUI_INSTANCE", mock_server.base_url)
    monkeypatch.setenv("FEDTUI_TOKEN", "alice_token")
    return seeded


def summary(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["summary", *args, "--json"]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 1
    result: dict[str, Any] = json.loads(out)
    return result


def test_a_thread_summary_cites_its_posts_in_the_order_that_matters(
        thread: Thread, capsys: pytest.CaptureFixture[str]) -> None:
    found = summary(capsys, "thread", thread.ids["carol"])  # from a reply: the whole thread
    assert set(found) == {"method", "points"} and found["method"] == "extractive"
    points = found["points"]
    assert all(set(p) == {"text", "cites"} and p["cites"] for p in points)
    labels = [[thread.label_of(c) for c in p["cites"]] for p in points]
    assert labels[0] == ["root"]
    assert points[0]["text"] == "@bob asks: Should we move the meetup to Friday evening?"
    assert labels[1] == ["bob_again"]  # the author's answer
    assert labels[2] == ["frank"]  # followed by the reader
    assert points[2]["text"].startswith("@frank (in German): Am Freitag kann ich leider nicht")
    assert ["carol", "erin"] in labels  # the duplicate, merged and cited
    assert not any("gina" in cites for cites in labels)  # off-topic side reply
    mallory = next(p for p, cites in zip(points, labels, strict=True) if cites == ["mallory"])
    assert mallory["text"].startswith("@mallory: ")  # quoted as hers, never obeyed
    cited = [c for p in points for c in p["cites"]]
    assert len(cited) == len(set(cited)) and set(cited) <= set(thread.ids.values())


def test_plain_output_numbers_the_sources(thread: Thread,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["summary", "thread", thread.ids["root"]]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "summary · extractive"
    assert lines[1] == "• @bob asks: Should we move the meetup to Friday evening? [1]"
    assert lines[2].startswith("• @bob (author): Then Friday it is, unless the hall is not "
                               "free. [2]")
    assert any(line.startswith(f"[1] {thread.ids['root']} http") for line in lines)
    assert INJECTION.split(".")[0] not in "\n".join(lines[:1])


def test_a_catchup_starts_at_the_read_marker(thread: Thread,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bob = Mastodon(access_token="bob_token", api_base_url=thread.base_url)
    alice = Mastodon(access_token="alice_token", api_base_url=thread.base_url)
    old = bob.status_post("An old post about the garden.")["id"]
    alice.markers_set(["home"], [old])
    new = bob.status_post("The community garden opens on Saturday at 9.")["id"]
    found = summary(capsys, "catchup", "home")
    cited = {c for p in found["points"] for c in p["cites"]}
    assert str(new) in cited and str(old) not in cited
    assert any("garden opens on Saturday at 9" in p["text"] for p in found["points"])
    assert summary(capsys, "catchup") == {"method": "extractive", "points": []}  # seen
    newer = bob.status_post("Bring gloves: 12 pairs are missing.")["id"]
    latest = summary(capsys, "catchup")  # since the last catch-up, past the read marker
    assert [p["cites"] for p in latest["points"]] == [[str(newer)]]


def test_bad_input_is_said(thread: Thread, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "thread", "999999999"]) == 1
    assert "fedtui:" in capsys.readouterr().err
    assert main(["summary", "catchup", "trending"]) == 1
    assert "Unknown timeline “trending”" in capsys.readouterr().err


def kept_rows() -> dict[str, int]:
    import sqlite3
    from contextlib import closing

    from fedtui.store.summaries import summaries_path

    with closing(sqlite3.connect(summaries_path())) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("summaries", "catchups")}


def test_summaries_and_catchups_are_kept_between_runs_until_a_post_is_edited(
        thread: Thread, capsys: pytest.CaptureFixture[str]) -> None:
    from fedtui import paths

    first = summary(capsys, "thread", thread.ids["root"])
    assert kept_rows()["summaries"] == 1
    assert summary(capsys, "thread", thread.ids["carol"]) == first  # the same thread, kept
    assert kept_rows()["summaries"] == 1
    bob = Mastodon(access_token="bob_token", api_base_url=thread.base_url)
    bob.status_update(thread.ids["bob_again"], "Then Friday it is, the hall is free.")
    edited = summary(capsys, "thread", thread.ids["root"])
    assert kept_rows()["summaries"] == 2  # an edit is a new summary
    assert any("the hall is free" in p["text"] for p in edited["points"])
    summary(capsys, "catchup", "home")
    assert kept_rows()["catchups"] == 1
    assert not (paths.state_dir() / "ui.json").exists()  # in the summaries file


def test_a_damaged_summaries_file_is_said_and_started_afresh(
        thread: Thread, capsys: pytest.CaptureFixture[str]) -> None:
    from fedtui.store.summaries import summaries_path

    path = summaries_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00garbage" * 512)
    capsys.readouterr()
    assert main(["summary", "thread", thread.ids["root"], "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["points"][0]["cites"] == [thread.ids["root"]]
    assert "The file of kept summaries was damaged and has been started afresh" in err
    assert kept_rows()["summaries"] == 1
    assert [p.name.split(".corrupt-")[0] for p in path.parent.glob("*.corrupt-*")] == [
        "summaries.db"]  # nothing else was reset


def test_a_thread_longer_than_the_models_context_is_summarised_in_chunks(
        thread: Thread, capsys: pytest.CaptureFixture[str]) -> None:
    """Through the context endpoint: 90 more answers make the thread several chunks of the
    model's context; each chunk gives its best, the repeated answers of two chunks are one
    point citing both, and every citation is a post of the thread."""
    from tests.unit.test_summary_chunks import filler

    carol = Mastodon(access_token="carol_token", api_base_url=thread.base_url)
    late = {}
    for index in range(1, 91):
        text = f"{filler(index)} Friday suits me."  # on the thread's topic
        if index == 85:
            text = ("Could the library hall keep two bee hives on Friday evening? Bees need a "
                    "quiet corner.")
        if index in (3, 88):
            text = "Rainwater barrels at the library would spare the hall's water bill."
        late[index] = str(carol.status_post(text, in_reply_to_id=thread.ids["root"])["id"])
    found = summary(capsys, "thread", thread.ids["root"])
    points = found["points"]
    cited = [c for p in points for c in p["cites"]]
    assert points[0]["cites"] == [thread.ids["root"]]
    assert len(points) > 7  # more than a one-chunk summary says
    assert set(cited) <= {*thread.ids.values(), *late.values()}
    assert len(cited) == len(set(cited))
    assert any(p["cites"] == [late[85]] for p in points)  # the best of the last chunk
    barrels = [p for p in points if "Rainwater barrels" in p["text"]]
    assert len(barrels) == 1 and set(barrels[0]["cites"]) == {late[3], late[88]}
