"""LiveFeed against mastodon-mock: live updates, reconnect with gap fill, polling fallback."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.mastodon import reconnect
from fedtui.mastodon.client import InstanceClient
from fedtui.mastodon.reconnect import YOUNG_DEATHS, backoff_delays
from fedtui.mastodon.streaming import LiveFeed, StreamEvent
from tests.integration.mastodon_support import TcpRelay, fault, wait_for
from tests.integration.minimal_server import MinimalServer, Profile

FAST = {"backoff": (0.05, 0.2), "read_timeout": 5.0}


class Recorder:
    def __init__(self) -> None:
        self.events: list[StreamEvent] = []
        self.threads: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, event: StreamEvent) -> None:
        with self._lock:
            self.events.append(event)
            self.threads.add(threading.current_thread().name)

    def kinds(self) -> list[str]:
        with self._lock:
            return [e.kind for e in self.events]

    def texts(self, kind: str = "update") -> list[str]:
        with self._lock:
            return [e.status.content for e in self.events if e.kind == kind and e.status]

    def count(self, kind: str) -> int:
        return self.kinds().count(kind)


@pytest.fixture
def bob_follows_alice(mock_server: Any) -> Any:
    alice, bob = mock_server.client("alice"), mock_server.client("bob")
    bob.account_follow(alice.me().id)
    return alice


def _start(feeds: list[LiveFeed], client: InstanceClient, spec: PaneSpec, rec: Recorder,
           **kwargs: Any) -> LiveFeed:
    feed = LiveFeed(client, spec, rec, **{**FAST, **kwargs})
    feeds.append(feed)
    feed.start()
    return feed


def test_update_arrives_live_on_bobs_home(mock_server: Any, bob_follows_alice: Any,
                                          feeds: list[LiveFeed]) -> None:
    rec = Recorder()
    client = InstanceClient(mock_server.base_url, "bob_token")
    feed = _start(feeds, client, PaneSpec(PaneKind.HOME), rec)
    assert wait_for(lambda: rec.count("connected") == 1)
    posted = bob_follows_alice.status_post("hello from alice")
    assert wait_for(lambda: rec.count("update") == 1)
    event = next(e for e in rec.events if e.kind == "update")
    assert event.status is not None and event.status.id == str(posted.id)
    assert event.status.account.acct == "alice"
    assert rec.threads == {f"live-{feed.spec.key}"}  # called from the feed's thread

    bob_follows_alice.status_delete(posted.id)
    assert wait_for(lambda: rec.count("delete") == 1)
    assert next(e.deleted_id for e in rec.events if e.kind == "delete") == str(posted.id)

    started = time.monotonic()
    feed.stop()
    assert time.monotonic() - started < 1.5
    assert not feed.running
    before = len(rec.events)
    bob_follows_alice.status_post("after stop")
    time.sleep(0.2)
    assert len(rec.events) == before


def test_notifications_pane_gets_only_notifications(mock_server: Any,
                                                    bob_follows_alice: Any,
                                                    feeds: list[LiveFeed]) -> None:
    rec = Recorder()
    client = InstanceClient(mock_server.base_url, "bob_token")
    _start(feeds, client, PaneSpec(PaneKind.NOTIFICATIONS), rec)
    assert wait_for(lambda: rec.count("connected") == 1)
    bob_follows_alice.status_post("not a mention")
    bob_follows_alice.status_post("@bob you there?")
    assert wait_for(lambda: rec.count("notification") == 1)
    time.sleep(0.2)
    kinds = set(rec.kinds())
    assert kinds == {"connected", "notification"}
    note = next(e.notification for e in rec.events if e.kind == "notification")
    assert note is not None and note.type == "mention" and note.account.acct == "alice"


def test_stream_payloads_reach_fedtui_as_plain_json(mock_server: Any, bob_follows_alice: Any,
                                                   feeds: list[LiveFeed],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Mastodon.py's typed entities are skipped for stream events (fedtui builds its own
    model from the JSON): what the feed gets from the stream is a plain dict, for updates,
    edits and notifications, and the model built from it is whole (its time parsed here)."""
    handed: list[tuple[str, type]] = []
    for name in ("status_event", "notification"):
        real = getattr(LiveFeed, name)

        def recording(feed: LiveFeed, *args: Any, real: Any = real, name: str = name) -> Any:
            handed.append((name, type(args[-1])))
            return real(feed, *args)

        monkeypatch.setattr(LiveFeed, name, recording)
    rec_home, rec_notes = Recorder(), Recorder()
    client = InstanceClient(mock_server.base_url, "bob_token")
    _start(feeds, client, PaneSpec(PaneKind.HOME), rec_home)
    _start(feeds, client, PaneSpec(PaneKind.NOTIFICATIONS), rec_notes)
    assert wait_for(lambda: rec_home.count("connected") == rec_notes.count("connected") == 1)
    posted = bob_follows_alice.status_post("@bob first version")
    bob_follows_alice.status_update(posted.id, "@bob second version")
    assert wait_for(lambda: rec_home.count("status.update") == 1
                    and rec_notes.count("notification") == 1)
    assert {name for name, _ in handed} == {"status_event", "notification"}
    assert {kind for _, kind in handed} == {dict}
    update = next(e.status for e in rec_home.events if e.kind == "update")
    edited = next(e.status for e in rec_home.events if e.kind == "status.update")
    assert update is not None and edited is not None
    assert "first version" in update.content and "second version" in edited.content
    assert update.created_at is not None and update.created_at.tzinfo is not None
    note = next(e.notification for e in rec_notes.events if e.kind == "notification")
    assert note is not None and note.status is not None and note.status.id == str(posted.id)


def test_reconnects_and_fills_the_gap_without_duplicates(mock_server: Any,
                                                         bob_follows_alice: Any,
                                                         feeds: list[LiveFeed]) -> None:
    alice = bob_follows_alice
    rec = Recorder()
    with TcpRelay(mock_server.port) as relay:
        client = InstanceClient(relay.url, "bob_token", timeout=5)
        _start(feeds, client, PaneSpec(PaneKind.HOME), rec, page_limit=2)
        assert wait_for(lambda: rec.count("connected") == 1)
        alice.status_post("one")
        assert wait_for(lambda: rec.count("update") == 1)

        relay.refuse = True
        relay.drop()  # the server goes away...
        assert wait_for(lambda: rec.count("disconnected") >= 2)  # ...and stays away a while
        for text in ("two", "three", "four", "five"):  # posted while we were away
            alice.status_post(text)
        relay.refuse = False
        assert wait_for(lambda: rec.count("connected") == 2)
        assert wait_for(lambda: rec.count("update") == 5)
        alice.status_post("six")
        assert wait_for(lambda: rec.count("update") == 6)
        time.sleep(0.2)
    assert rec.texts() == [f"<p>{t}</p>" for t in ("one", "two", "three", "four", "five", "six")]
    disconnected = next(e for e in rec.events if e.kind == "disconnected")
    assert "Lost the live connection to 127.0.0.1" in disconnected.message
    assert "reconnecting in" in disconnected.message


def test_falls_back_to_polling_when_streaming_is_unavailable(mock_server: Any,
                                                             bob_follows_alice: Any,
                                                             feeds: list[LiveFeed]) -> None:
    alice = bob_follows_alice
    before = alice.status_post("already on screen")
    rec = Recorder()
    client = InstanceClient(mock_server.base_url, "bob_token")
    with fault(mock_server.base_url, path_regex=r"^/api/v1/streaming/(user|public)",
               status=404):
        _start(feeds, client, PaneSpec(PaneKind.HOME), rec, since_id=str(before.id),
               poll_interval=0.1)
        assert wait_for(lambda: rec.count("polling") == 1)
        polling = next(e for e in rec.events if e.kind == "polling")
        assert "not available" in polling.message and "Not Found" in polling.message
        assert feeds[-1].mode == "polling"
        alice.status_post("polled one")
        alice.status_post("polled two")
        assert wait_for(lambda: rec.count("update") == 2)
        time.sleep(0.35)  # a few more polls: nothing twice
    assert rec.texts() == ["<p>polled one</p>", "<p>polled two</p>"]
    assert "connected" not in rec.kinds()


def test_polling_retries_streaming_later(mock_server: Any, bob_follows_alice: Any,
                                         feeds: list[LiveFeed]) -> None:
    rec = Recorder()
    client = InstanceClient(mock_server.base_url, "bob_token")
    with fault(mock_server.base_url, path="/api/v1/streaming/user", status=502, count=1):
        _start(feeds, client, PaneSpec(PaneKind.HOME), rec, poll_interval=0.05,
               stream_retry_interval=0.3)
        assert wait_for(lambda: rec.count("polling") == 1)
    assert wait_for(lambda: rec.count("connected") == 1, timeout=3)
    bob_follows_alice.status_post("live again")
    assert wait_for(lambda: rec.texts() == ["<p>live again</p>"])


class ShortStreams(MinimalServer):
    """Streams answer 200, one heartbeat, then end: a proxy with a short timeout."""

    def answer(self, method: str, path: str, headers: dict[str, str],
               body: bytes) -> tuple[int, dict[str, str], bytes]:
        if path.startswith("/api/v1/streaming"):
            with self._lock:
                self.requests.append(f"{method} {path.split('?')[0]}")
            return 200, {"content-type": "text/event-stream"}, b":thump\n\n"
        return super().answer(method, path, headers, body)


def test_streams_that_end_after_a_heartbeat_back_off_then_poll(
        mock_server: Any, feeds: list[LiveFeed], monkeypatch: pytest.MonkeyPatch) -> None:
    """Each such stream went live, which restarted the backoff: a stream and a catch-up
    about every second, forever, the header flickering live / reconnecting."""
    delays: list[float] = []

    def recorded(*args: Any, **kwargs: Any) -> Any:
        for delay in backoff_delays(*args, **kwargs):
            delays.append(delay)
            yield delay

    monkeypatch.setattr(reconnect, "backoff_delays", recorded)
    rec = Recorder()
    with ShortStreams(mock_server.base_url, Profile("short", "4.3.0", api_versions=True)) as relay:
        client = InstanceClient(relay.base_url, "bob_token", timeout=5)
        client.server_info()
        mark = relay.mark()
        feed = _start(feeds, client, PaneSpec(PaneKind.HOME), rec, since_id="1",
                      backoff=(0.001, 1.0), rng=lambda: 1.0, poll_interval=3600,
                      stream_retry_interval=3600)
        assert wait_for(lambda: rec.count("polling") == 1 or len(delays) > 2 * YOUNG_DEATHS)
        feed.stop()
        sent = relay.since(mark)
    assert delays == [0.001 * 2 ** n for n in range(YOUNG_DEATHS - 1)]  # growing
    assert sum("/streaming" in r for r in sent) == YOUNG_DEATHS
    assert len(sent) <= 2 * YOUNG_DEATHS + 1, sent  # each with its catch-up, then a poll
    assert rec.kinds()[-1] == "polling" and rec.count("connected") == YOUNG_DEATHS
    polling = next(e for e in rec.events if e.kind == "polling")
    assert f"its last {YOUNG_DEATHS} live connections ended at once" in polling.message


def test_backoff_is_bounded_exponential_with_jitter() -> None:
    low = list(zip(range(8), backoff_delays(1.0, 60.0, rng=lambda: 0.0), strict=False))
    high = list(zip(range(8), backoff_delays(1.0, 60.0, rng=lambda: 1.0), strict=False))
    assert [d for _, d in low] == [0.5, 1, 2, 4, 8, 16, 30, 30]
    assert [d for _, d in high] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_polled_conversations_come_once_each_and_an_empty_pane_gets_the_first(
        mock_server: Any, feeds: list[LiveFeed]) -> None:
    """Conversations have no cursor for what is newer: each poll reads the newest page."""
    bob = mock_server.client("bob")
    before = bob.status_post("@alice already on screen", visibility="direct")
    client = InstanceClient(mock_server.base_url, "alice_token")
    shown, empty = Recorder(), Recorder()
    first, second = "<p>@alice first</p>", "<p>@alice second</p>"
    with fault(mock_server.base_url, path_regex=r"^/api/v1/streaming", status=404):
        _start(feeds, client, PaneSpec(PaneKind.CONVERSATIONS), shown,
               since_id=str(before["id"]), poll_interval=0.1)
        bob.status_post("@alice first", visibility="direct")
        assert wait_for(lambda: shown.texts("conversation") == [first])
        _start(feeds, client, PaneSpec(PaneKind.CONVERSATIONS), empty, nothing=True,
               poll_interval=0.1)
        assert wait_for(lambda: empty.texts("conversation") == [first])
        bob.status_post("@alice second", visibility="direct")
        assert wait_for(lambda: shown.texts("conversation") == [first, second]
                        and empty.texts("conversation") == [first, second])
