"""`fedtui demo`'s local instance: a real mastodon-mock subprocess, seeded through the API.

One seeded server per module (seeding takes a few seconds); every check reads it with
Mastodon.py as the demo user, the way fedtui itself will.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fedtui.demo import (
    DEMO_USERNAME,
    INSTALL_HINT,
    DemoError,
    DemoServer,
    DemoWorld,
    start_demo,
)
from fedtui.demo.world import make_client

pytest.importorskip("mastodon_mock")


STEPS: list[str] = []  # what start_demo told the module's `demo` fixture, in order


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    STEPS.clear()
    server = start_demo(progress=STEPS.append)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def world(demo: DemoServer) -> DemoWorld:
    assert demo.world is not None
    return demo.world


@pytest.fixture(scope="module")
def api(demo: DemoServer) -> Any:
    """Mastodon.py logged in as the demo user."""
    return make_client(demo.base_url, demo.token)


@pytest.fixture(scope="module")
def home(api: Any) -> list[Any]:
    """The demo user's whole home timeline, paged the way a client pages it."""
    statuses: list[Any] = []
    page = api.timeline_home(limit=40)
    while page:
        statuses.extend(page)
        page = api.fetch_next(page)
    return statuses


def _original(status: Any) -> Any:
    return status["reblog"] or status


def test_world_summary(world: DemoWorld) -> None:
    assert world.demo_username == DEMO_USERNAME
    assert world.statuses >= 300
    assert len(world.languages) >= 10
    assert world.untagged > 0 and world.mistagged > 0
    assert len(world.followed) >= 18
    assert "mallory" in world.handles and "mallory" not in world.followed
    assert set(world.list_ids) == {"Garden club", "Terminal folks"}


def test_start_says_what_it_is_doing(demo: DemoServer, world: DemoWorld) -> None:
    """`fedtui demo` prints these while the user waits: the server, then the posts."""
    assert STEPS[0].startswith("Starting the local Mastodon-API server")
    assert STEPS[1] == f"The server answers at {demo.base_url}."
    counts = [int(step.split(": ")[1].split(" of ")[0]) for step in STEPS
              if step.startswith("Seeding the demo world: ") and " of " in step]
    assert counts[0] == 0 and counts == sorted(counts) and len(counts) >= 5
    assert STEPS[-1].startswith("Seeding the demo world: favourites")


def test_demo_user_logs_in_with_the_fixed_token(api: Any, world: DemoWorld) -> None:
    me = api.account_verify_credentials()
    assert me["username"] == DEMO_USERNAME
    assert me["display_name"] == "You (demo)"
    assert me["following_count"] == len(world.followed)
    assert me["followers_count"] == len(world.followers)


def test_home_timeline_is_multilingual_with_missing_and_wrong_tags(
    home: list[Any], api: Any, world: DemoWorld
) -> None:
    originals = [_original(s) for s in home]
    assert len(originals) >= 300
    tags = {s["language"] for s in originals}
    assert len(tags - {None}) >= 10
    assert None in tags
    wrong = api.status(world.status_ids["wrong1"])  # German text tagged as English
    assert wrong["language"] == "en" and "Buch auf Deutsch" in wrong["content"]


def test_home_timeline_has_polls_cws_boosts_and_wide_and_rtl_text(home: list[Any]) -> None:
    originals = [_original(s) for s in home]
    assert any(s["poll"] for s in originals)
    assert any(s["spoiler_text"] for s in originals)
    boosts = [s for s in home if s["reblog"]]
    assert len(boosts) >= 10
    # Boosts bring in accounts the demo user doesn't follow.
    assert {"harborwx", "ines", "mallory"} <= {s["reblog"]["account"]["username"] for s in boosts}
    text = " ".join(s["content"] for s in originals)
    for sample in ("紫陽花", "成都", "떡볶이", "شیراز", "عمّان", "חיפה", "Львова", ":blobcat:"):
        assert sample in text
    assert any(len(s["content"]) > 1000 for s in originals)
    assert any(s["in_reply_to_id"] for s in originals)


def test_polls_single_multiple_and_expired(api: Any, world: DemoWorld) -> None:
    single = api.status(world.status_ids["poll1"])["poll"]
    multiple = api.status(world.status_ids["poll2"])["poll"]
    ended = api.status(world.status_ids["poll3"])["poll"]
    assert not single["multiple"] and multiple["multiple"]
    assert single["votes_count"] > 0 and multiple["votes_count"] > 0
    # mastodon-mock 0.6.1 leaves `expired` false; the end time is in the past.
    assert ended["expires_at"].timestamp() < time.time()
    assert ended["voted"] and ended["own_votes"] == [2]


def test_reply_thread_has_context(api: Any, world: DemoWorld) -> None:
    ids = world.status_ids
    context = api.status_context(ids["t3"])
    assert [str(s["id"]) for s in context["ancestors"]] == [ids["t0"], ids["t1"]]
    assert [str(s["id"]) for s in context["descendants"]] == [ids["t4"], ids["t5"]]
    root = api.status_context(ids["t0"])
    assert len(root["descendants"]) == 6


def test_notifications_of_every_kind(api: Any) -> None:
    notifications = api.notifications(limit=80)
    kinds = {n["type"] for n in notifications}
    assert {"mention", "favourite", "reblog", "follow"} <= kinds


def test_lists_and_followed_tags(api: Any, world: DemoWorld) -> None:
    lists = {str(item["title"]): str(item["id"]) for item in api.lists()}
    assert lists == dict(world.list_ids)
    members = {a["username"] for a in api.list_accounts(lists["Garden club"])}
    assert members == {"maren", "yui", "greta", "thiago"}
    assert {t["name"] for t in api.followed_tags()} == {"terminal", "gardening"}
    assert api.timeline_hashtag("gardening", limit=5)


def test_hostile_text_reaches_the_client_unchanged(api: Any, world: DemoWorld) -> None:
    """The server passes escapes through; it is fedtui's job to render them safely."""
    evil = api.status(world.status_ids["evil1"])
    assert "\x1b[2J" in evil["content"]
    assert "\u202e" in api.status(world.status_ids["evil2"])["content"]
    assert "\u200b" in api.status(world.status_ids["evil3"])["content"]
    assert "\x1b" in api.status(world.status_ids["evil4"])["spoiler_text"]
    assert "\u202e" in evil["account"]["display_name"]


def test_instance_points_streaming_back_at_itself(api: Any, demo: DemoServer) -> None:
    streaming = api.instance_v1()["urls"]["streaming_api"]
    assert streaming == demo.base_url.replace("http://", "ws://")


def test_user_stream_delivers_a_post_from_a_followed_account(demo: DemoServer) -> None:
    from mastodon.streaming import StreamListener

    connected = threading.Event()
    updates: list[Any] = []
    arrived = threading.Event()

    class Listener(StreamListener):
        def handle_heartbeat(self) -> None:
            connected.set()  # the server's ":connected" comment: the subscription is live

        def on_update(self, status: Any) -> None:
            updates.append(status)
            arrived.set()

    demo_api = make_client(demo.base_url, demo.token)
    handle = demo_api.stream_user(Listener(), run_async=True)
    try:
        assert connected.wait(10), "the user stream never connected"
        tobias = make_client(demo.base_url, demo.token_for("tobias"))
        posted = tobias.status_post("Streaming check from the demo test. #terminal")
        assert arrived.wait(10), "the post never reached the demo user's stream"
        assert str(updates[-1]["id"]) == str(posted["id"])
    finally:
        handle.close()


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper that may never come counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    try:
        state = next(line for line in status.read_text().splitlines() if line.startswith("State:"))
    except (OSError, StopIteration):
        return True
    return "zombie" not in state


def test_stop_leaves_no_process_or_files_behind() -> None:
    with DemoServer() as server:
        pid = server.pid
        log = server.log_path
        assert pid is not None and log is not None
        assert server.running and _alive(pid)
    assert not server.running and not _alive(pid)
    assert not log.parent.exists()
    server.stop()  # idempotent


def test_start_demo_without_seeding_is_an_empty_instance() -> None:
    server = start_demo(seed=False)
    try:
        api = make_client(server.base_url, server.token)
        assert server.world is None
        assert api.timeline_home() == []
        assert api.account_verify_credentials()["following_count"] == 20
    finally:
        server.stop()


def test_server_dies_with_its_parent(tmp_path: Path) -> None:
    """Even a SIGKILLed fedtui leaves no demo server running (it watches its stdin)."""
    script = textwrap.dedent(
        """
        import sys, time
        from fedtui.demo import DemoServer
        server = DemoServer().start()
        print(server.pid, flush=True)
        time.sleep(60)
        """
    )
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": root, "TMPDIR": str(tmp_path)}
    parent = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, env=env, cwd=tmp_path
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert _alive(child)
        assert list(tmp_path.glob("fedtui-demo-*"))
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while (_alive(child) or list(tmp_path.glob("fedtui-demo-*"))) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)
    assert not list(tmp_path.glob("fedtui-demo-*")), "the orphaned server left its files"


def test_missing_mastodon_mock_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        return None if name == "mastodon_mock" else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    with pytest.raises(DemoError, match="pip install 'fedtui\\[demo\\]'"):
        DemoServer().start()
    assert "fedtui[demo]" in INSTALL_HINT


def test_a_seeding_request_whose_connection_drops_is_asked_again_once(mock_server: Any) -> None:
    """A busy machine: the server closes a kept-alive connection just as the next request
    goes out on it (seeding the demo failed with "Connection reset by peer"). The demo's
    client asks again, and a post with its idempotency key is made once."""
    from tests.integration.mastodon_support import HttpRelay

    class DropsTheFirstPost(HttpRelay):
        dropped = 0

        def answer(self, method: str, path: str, headers: dict[str, str],
                   body: bytes) -> tuple[int, dict[str, str], bytes]:
            if method == "POST" and path == "/api/v1/statuses" and not self.dropped:
                self.dropped += 1
                raise ConnectionResetError("closed as the request came in")
            return self.forward(method, path, headers, body)

    with DropsTheFirstPost(mock_server.base_url) as relay:
        client = make_client(relay.url, "bob_token")
        posted = client.status_post("Seeded once, asked twice", idempotency_key="seed-1")
        assert relay.dropped == 1
    bob = mock_server.client("bob")
    mine = bob.account_statuses(bob.account_verify_credentials()["id"], limit=40)
    assert [s["id"] for s in mine if "asked twice" in s["content"]] == [posted["id"]]
