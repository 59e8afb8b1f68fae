"""Mastodon.py's server-sent events loop, a chunk at a time.

`StreamListener.handle_stream` splits the stream into lines one byte at a time in Python
(a few Python operations per byte: 1-2 ms per post, per pane, on the feed's thread,
holding the GIL the UI thread needs). `read_events` does the same with `bytes.find` over
each chunk that arrived, and hands each line to the listener's own parser and dispatcher
(`_parse_line`, `_dispatch`), so events, heartbeats and errors are Mastodon.py's as before.
"""

from __future__ import annotations

from typing import Any


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
