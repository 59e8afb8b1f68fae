"""The adapter against real Mastodon 4.6.4 responses, replayed on loopback from fixtures."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from fedtui.core.panes import PaneKind, PaneSpec
from fedtui.mastodon.client import InstanceClient, InstanceInfo
from fedtui.mastodon.streaming import LiveFeed, StreamEvent
from tests.integration.mastodon_support import Replayer, wait_for

RECORDED = Path(__file__).parent.parent / "fixtures" / "mastodon-4.6.4"
TAG = "fgiztsshwiaqqiztpmmjbtvmescsculuvmgjgopwoeidbcrixp"


def _body(name: str) -> Any:
    return json.loads((RECORDED / name).read_text("utf-8"))["response"]["body"]


def test_recorded_tag_timeline_pages_by_link_header() -> None:
    names = [f"api_v1_timelines_tag_TAG__GET_00{i}.json" for i in (1, 2, 3, 4)]
    with Replayer(RECORDED, names) as server:
        client = InstanceClient(server.url, "x")
        spec = PaneSpec(PaneKind.HASHTAG, TAG)
        page = client.page(spec, limit=10)
        sizes = [len(page.items)]
        ids = [s.id for s in page.items]
        while page.older is not None:
            page = client.page(spec, page.older, limit=10)
            sizes.append(len(page.items))
            ids += [s.id for s in page.items]
    assert sizes == [10, 10, 10, 0]
    assert len(set(ids)) == 30
    assert ids == sorted(ids, key=int, reverse=True)
    pages = [path for path in server.requests if "/timelines/tag/" in path]
    assert len(pages) == 4 and all("max_id=" in path for path in pages[1:])


def test_recorded_instance_v1_and_v2() -> None:
    v2 = InstanceInfo.from_api(_body("api_v2_instance__GET_001.json"))
    assert v2.version.startswith("4.6.4")
    assert v2.domain and v2.title
    assert v2.max_characters >= 500 and v2.max_poll_options >= 2
    assert v2.api_version >= 1
    v1 = InstanceInfo.from_api(_body("api_v1_instance__GET_001.json"))
    assert v1.version.startswith("4.6.4")
    assert v1.domain == v2.domain
    assert v1.max_characters == v2.max_characters


def test_recorded_user_stream_is_parsed() -> None:
    events: list[StreamEvent] = []
    lock = threading.Lock()

    def record(event: StreamEvent) -> None:
        with lock:
            events.append(event)

    with Replayer(RECORDED, ["api_v1_streaming_user__GET_001.json"]) as server:
        client = InstanceClient(server.url, "x")
        feed = LiveFeed(client, PaneSpec(PaneKind.HOME), record, backoff=(5.0, 5.0))
        feed.start()
        try:
            assert wait_for(lambda: any(e.kind == "delete" for e in events))
        finally:
            feed.stop()
    kinds = [e.kind for e in events]
    assert kinds[:5] == ["connected", "update", "update", "status.update", "delete"]
    edited = events[3].status
    assert edited is not None and edited.edited_at is not None
    assert events[4].deleted_id == "117024236332527350"
