"""What a pane's live updates keep while its newest page is on its way (to apply again on
top of the page, which the server may have made before them)."""

from __future__ import annotations

from typing import Any

from fedtui.mastodon.streaming import StreamEvent
from fedtui.ui.widgets.live_updates import KEPT_IN_RELOAD, LiveUpdates


class Pane:
    """What `LiveUpdates` asks of its pane to take events: a place to post the wake-up."""

    class StreamArrived:
        pass

    def post_message(self, message: Any) -> None:
        pass


def taken(live: LiveUpdates, *events: StreamEvent) -> None:
    for event in events:
        live._inbox.put(event)
    live.take()


def deleted(status_id: str) -> StreamEvent:
    return StreamEvent("delete", deleted_id=status_id)


def test_only_the_changes_taken_while_the_page_was_on_its_way_are_kept() -> None:
    live = LiveUpdates(Pane())  # type: ignore[arg-type]
    taken(live, deleted("1"))
    number = live.reload_started()
    taken(live, deleted("2"), StreamEvent("connected"), deleted("3"))
    assert live.reload_ended(number) == [deleted("2"), deleted("3")]
    taken(live, deleted("4"))
    assert live.reload_ended(live.reload_started()) == []


def test_the_keeping_lasts_until_the_last_page_asked_for_ends() -> None:
    live = LiveUpdates(Pane())  # type: ignore[arg-type]
    first = live.reload_started()
    taken(live, deleted("1"))
    second = live.reload_started()  # asked again before the first answer
    taken(live, deleted("2"))
    assert live.reload_ended(first) == [deleted("1"), deleted("2")]
    taken(live, deleted("3"))
    assert live.reload_ended(second) == [deleted("1"), deleted("2"), deleted("3")]
    taken(live, deleted("4"))
    assert live.reload_ended(live.reload_started()) == []


def test_a_page_that_never_comes_keeps_only_the_newest_changes() -> None:
    live = LiveUpdates(Pane())  # type: ignore[arg-type]
    number = live.reload_started()
    for n in range(KEPT_IN_RELOAD + 10):
        taken(live, deleted(str(n)))
    kept = live.reload_ended(number)
    assert len(kept) == KEPT_IN_RELOAD and kept[-1] == deleted(str(KEPT_IN_RELOAD + 9))
