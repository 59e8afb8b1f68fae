"""The Mastodon.py stream listener of a live feed, and its server-sent events loop.

`make_listener` forwards Mastodon.py's events to a `StreamTarget` (a `LiveFeed`) with their
payloads as plain JSON: Mastodon.py would turn each into its typed entities (every nested
object, dates parsed; about 5 ms a post per pane on the feed's thread, holding the GIL the
UI thread needs, Home paying for the notifications it ignores), and fedtui builds its own
model from the JSON. A Mastodon.py without that table would only make streaming slower
again (`test_stream_payloads_reach_fedtui_as_plain_json` says so).

`StreamListener.handle_stream` splits the stream into lines one byte at a time in Python
(a few Python operations per byte: 1-2 ms per post, per pane, on the feed's thread,
holding the GIL the UI thread needs). `read_events` does the same with `bytes.find` over
each chunk that arrived, and hands each line to the listener's own parser and dispatcher
(`_parse_line`, `_dispatch`), so events, heartbeats and errors are Mastodon.py's as before.
"""

from __future__ import annotations

from typing import Any, Protocol

# events whose payload fedtui reads as plain JSON (the server says "status.update", the
# handler is on_status_update, Mastodon.py's own table spells it "status_update")
PLAIN_EVENTS = ("update", "status.update", "status_update", "notification", "conversation")


class StreamTarget(Protocol):
    """What a feed does with its stream (called on the feed's thread)."""

    def open_stream(self, response: Any) -> Any:
        """The stream to read from the response (with `iter_content`)."""
        ...

    def went_live(self, *, event: bool = False) -> None:
        """A heartbeat, or (`event`) an event, arrived."""
        ...

    def status_event(self, kind: Any, data: Any) -> None: ...

    def deleted(self, status_id: Any) -> None: ...

    def notification(self, data: Any) -> None: ...

    def conversation(self, data: Any) -> None: ...


def make_listener(target: StreamTarget) -> Any:
    """A Mastodon.py StreamListener that forwards to `target` (built lazily: heavy import)."""
    from mastodon.streaming import StreamListener

    class Listener(StreamListener):
        _StreamListener__EVENT_NAME_TO_TYPE = {  # noqa: RUF012 (Mastodon.py's own table)
            **getattr(StreamListener, "_StreamListener__EVENT_NAME_TO_TYPE", {}),
            **dict.fromkeys(PLAIN_EVENTS, dict),
        }

        def handle_stream(self, response: Any) -> None:
            read_events(self, target.open_stream(response))

        def handle_heartbeat(self) -> None:
            target.went_live()

        def on_any_event(self, name: str, data: Any = None, for_stream: Any = None) -> None:
            target.went_live(event=True)

        def on_update(self, status: Any) -> None:
            target.status_event("update", status)

        def on_status_update(self, status: Any) -> None:
            target.status_event("status.update", status)

        def on_delete(self, status_id: Any) -> None:
            target.deleted(status_id)

        def on_notification(self, notification: Any) -> None:
            target.notification(notification)

        def on_conversation(self, conversation: Any) -> None:
            target.conversation(conversation)

    return Listener()


def read_events(listener: Any, stream: Any) -> None:
    """Read `stream` (a response with `iter_content`) to its end, dispatching each event
    to `listener` (a Mastodon.py `StreamListener`); raises what `handle_stream` raises."""
    from mastodon.errors import (
        MastodonMalformedEventError,
        MastodonNetworkError,
        MastodonReadTimeout,
    )
    from requests.exceptions import ChunkedEncodingError, ConnectionError, ReadTimeout

    event: dict[str, str] = {}
    line = bytearray()  # the line read so far (a line may span chunks)

    def finish_line() -> None:
        nonlocal event
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as err:
            malformed = MastodonMalformedEventError("Malformed UTF-8")
            listener.on_abort(malformed)
            raise malformed from err
        line.clear()
        if text == "":  # a blank line ends an event
            listener._dispatch(event)
            event = {}
        else:
            event = listener._parse_line(text, event)

    try:
        for chunk in stream.iter_content(chunk_size=1):
            start = 0
            while (end := chunk.find(b"\n", start)) >= 0:
                line += chunk[start:end]
                finish_line()
                start = end + 1
            line += chunk[start:]
    except ChunkedEncodingError as err:
        dropped = MastodonNetworkError("Server ceased communication.")
        listener.on_abort(dropped)
        raise dropped from err
    except ReadTimeout as err:
        timed_out = MastodonReadTimeout("Timed out while reading from server.")
        listener.on_abort(timed_out)
        raise timed_out from err
    except ConnectionError as err:
        failed = MastodonNetworkError("Requests reports connection error.")
        listener.on_abort(failed)
        raise failed from err
