"""Live updates for a pane: Mastodon.py streaming, reconnects with backoff, polling fallback.

`LiveFeed(client, spec, on_event).start()` runs one background thread that streams the
pane's channel and calls `on_event(StreamEvent)` from that thread (the UI marshals events
to its own thread). When the connection drops it reports "disconnected", reconnects with
exponential backoff and jitter, and then fills the gap by fetching what was posted while
it was away (oldest first, never twice). When the server has no streaming (the stream
endpoint answers 404 or another error status) it polls for newer items instead and
reports "polling", trying the stream again every `stream_retry_interval` seconds (a 404
is learned as `Feature.STREAMING` missing: later feeds and starts poll first). A feed made
with `stream=False` (the config's `timeline.streaming = false`) only ever polls.
Where it streams from and the limits a stream must keep are in `stream_guard`; a stream
that breaks them is dropped and made again without resetting the backoff. So is one that
dies young (`reconnect.Reconnects`); after `YOUNG_DEATHS` of those in a row it polls for
`stream_retry_interval` seconds, as where there is no stream.
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from fedtui.core.bounded import Recent
from fedtui.core.capabilities import Feature
from fedtui.core.model import Notification, Status
from fedtui.core.panes import OWN_EVENTS_ONLY, STREAMABLE, PaneKind, PaneSpec
from fedtui.errors import FedtuiError, RateLimited
from fedtui.mastodon.client import InstanceClient
from fedtui.mastodon.reconnect import YOUNG_DEATHS, Reconnects
from fedtui.mastodon.sse import make_listener
from fedtui.mastodon.stream_guard import (
    GuardedStream,
    StreamFault,
    StreamLimits,
    close_response,
    pin_streaming_base,
)

if TYPE_CHECKING:
    from fedtui.mastodon.client import Cursor

log = logging.getLogger(__name__)

EventKind = Literal["update", "notification", "delete", "status.update", "conversation",
                    "connected", "disconnected", "polling"]
Mode = Literal["idle", "connecting", "streaming", "reconnecting", "polling", "stopped"]

_UNAVAILABLE = "Could not connect to streaming server"
_SEEN_MAX = 2000
_GAP_RETRY = 10.0  # seconds between attempts to fill a gap that failed or was cut short


@dataclass(frozen=True, slots=True)
class StreamEvent:
    kind: EventKind
    status: Status | None = None
    notification: Notification | None = None
    deleted_id: str | None = None
    message: str = ""


def id_newer(a: str, b: str) -> bool:
    """Whether id `a` sorts after id `b` (numeric ids as numbers, others as text)."""
    if a.isdigit() and b.isdigit():
        return int(a) > int(b)
    return (len(a), a) > (len(b), b)


class LiveFeed:
    """Keeps one pane up to date in a background thread. Call `start()`, later `stop()`.
    `since_id`: the newest item the pane shows; `nothing`: it shows none (see `_catch_up`);
    `stream=False`: poll every `poll_interval`, never stream."""

    def __init__(self, client: InstanceClient, spec: PaneSpec,
                 on_event: Callable[[StreamEvent], None], *, since_id: str | None = None,
                 nothing: bool = False, stream: bool = True,
                 poll_interval: float = 30.0, backoff: tuple[float, float] = (1.0, 60.0),
                 read_timeout: float = 60.0, stream_retry_interval: float = 300.0,
                 steady_after: float = 30.0,
                 page_limit: int = 40, max_gap_pages: int = 10,
                 limits: StreamLimits | None = None,
                 rng: Callable[[], float] = random.random) -> None:
        if spec.kind not in STREAMABLE:
            raise ValueError(f"pane {spec.kind.value} has no live updates")
        self.client = client
        self.spec = spec
        self._on_event = on_event
        self._last_id = since_id
        self._all_new = nothing and since_id is None
        self.stream = stream
        self.poll_interval = poll_interval
        self.read_timeout = read_timeout
        self.stream_retry_interval = stream_retry_interval
        self.reconnects = Reconnects(backoff, steady_after, rng)
        self.page_limit = page_limit
        self.max_gap_pages = max_gap_pages
        self.limits = limits if limits is not None else StreamLimits()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._response: Any = None
        self._thread: threading.Thread | None = None
        self._seen: Recent[str, None] = Recent(_SEEN_MAX)
        self._live = False
        self._gap_pending = False
        self._gap_tried: float | None = None
        self.mode: Mode = "idle"

    # --- lifecycle --------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name=f"live-{self.spec.key}",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 1.0) -> None:
        """Stop streaming; no event is delivered after this returns."""
        self._stop.set()
        self.mode = "stopped"
        self._close_connection()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _close_connection(self) -> None:
        with self._lock:
            response, self._response = self._response, None
        if response is not None:
            close_response(response)

    # --- the background thread --------------------------------------------------

    def _run(self) -> None:
        reconnects = self.reconnects
        if not self.stream:  # told to poll: until stopped
            self._poll_for(math.inf, "", told=True)
        elif not self.client.capabilities.supports(Feature.STREAMING):  # learned: poll first
            self._poll_for(self.stream_retry_interval, "")
        while not self._stop.is_set():
            self.mode = "connecting" if self.mode in ("idle", "polling") else self.mode
            outcome, reason = self._stream_once()
            if self._stop.is_set():
                break
            if outcome == "unavailable":
                self._poll_for(self.stream_retry_interval, reason)
                reconnects.restart()
                continue
            live, self._live = self._live, False
            if live and outcome != "faulty" and reconnects.ended():  # died young, again
                self._poll_for(self.stream_retry_interval,
                               f" (its last {YOUNG_DEATHS} live connections ended at once)")
                continue
            delay = reconnects.next_delay()
            was = "Lost the live connection to" if self.mode == "streaming" else \
                "Could not open a live connection to"
            self.mode = "reconnecting"
            text = f"{was} {self.client.host}; reconnecting in {_secs(delay)}."
            self._emit(StreamEvent("disconnected", message=f"{text} {reason}".strip()))
            if self._stop.wait(delay):
                break
        self.mode = "stopped"

    def _stream_once(self) -> tuple[Literal["dropped", "unavailable", "faulty"], str]:
        """Stream until the connection ends; say why it ended (a sentence, or "")."""
        from mastodon.errors import (
            MastodonError,
            MastodonMalformedEventError,
            MastodonNetworkError,
            MastodonReadTimeout,
        )
        from requests.exceptions import RequestException

        from fedtui.mastodon.session import translate_error

        listener = make_listener(self)
        try:
            self._open(listener)
            return "dropped", "The server closed the connection."
        except StreamFault as exc:
            return "faulty", str(exc)
        except FedtuiError as exc:  # e.g. ProxyError from fedtui.net
            return "dropped", str(exc)
        except MastodonReadTimeout:
            return "dropped", f"Nothing arrived for {_secs(self.read_timeout)}."
        except MastodonMalformedEventError:
            return "dropped", "The server sent a malformed event."
        except MastodonNetworkError as exc:
            text = str(exc)
            if text.startswith(_UNAVAILABLE):
                self.client.capabilities.learn(Feature.STREAMING, self.client.last_status)
                detail = text[len(_UNAVAILABLE):].strip(": .")
                return "unavailable", f" ({detail})" if detail else ""
            if self._live:
                return "dropped", "The connection was closed."
            return "dropped", _translated(exc, self.client.base_url, translate_error)
        except (MastodonError, RequestException, OSError) as exc:
            return "dropped", _translated(exc, self.client.base_url, translate_error)
        except (AttributeError, ValueError):
            if self._stop.is_set():  # the blocked read raced with stop() closing the socket
                return "dropped", ""
            raise
        finally:
            with self._lock:
                self._response = None

    def _open(self, listener: Any) -> None:
        with self.client.errors():
            pin_streaming_base(self.client)
        api, kind, arg, t = self.client.api, self.spec.kind, self.spec.argument, self.read_timeout
        if kind is PaneKind.HOME:
            api.stream_user(listener, timeout=t)
        elif kind is PaneKind.NOTIFICATIONS:
            api.stream_user_notifications(listener, timeout=t)
        elif kind is PaneKind.LOCAL:
            api.stream_public(listener, local=True, timeout=t)
        elif kind is PaneKind.FEDERATED:
            api.stream_public(listener, timeout=t)
        elif kind is PaneKind.HASHTAG:
            api.stream_hashtag(arg.strip().lstrip("#"), listener, timeout=t)
        elif kind is PaneKind.LIST:
            api.stream_list(arg, listener, timeout=t)
        elif kind is PaneKind.CONVERSATIONS:
            api.stream_direct(listener, timeout=t)

    # --- called by the listener (in this thread) --------------------------------

    def open_stream(self, response: Any) -> GuardedStream:
        """The stream's response, kept to close it on `stop()`, read within the limits."""
        with self._lock:
            self._response = response
        if self._stop.is_set():
            self._close_connection()
        return GuardedStream(response, self.limits, self.client.host)

    def went_live(self, *, event: bool = False) -> None:
        """A sign of life (`event`: an event, not a heartbeat); the first on a new
        connection: report it and fill the gap."""
        if not self._live:
            self._live = True
            self.reconnects.went_live()
            self.client.capabilities.mark_present(Feature.STREAMING)
            self.mode = "streaming"
            self._emit(StreamEvent("connected", message=f"Live updates from {self.client.host}."))
            self._gap_pending = True  # fills the gap, or sets the baseline on the first run
            self._gap_tried = None
        if event:
            self.reconnects.heard_event()
        tried = self._gap_tried
        if self._gap_pending and (tried is None or time.monotonic() - tried > _GAP_RETRY):
            self._gap_tried = time.monotonic()
            try:
                self._gap_pending = not self._catch_up()
            except FedtuiError as exc:
                log.info("could not fill the gap after reconnecting: %s", exc)

    def status_event(self, kind: EventKind, data: Any) -> None:
        if self.spec.kind in OWN_EVENTS_ONLY:
            return
        if (parsed := _parsed(Status, data)) is None:
            return
        status = self.client.shared.status(parsed)
        if kind == "update":
            self._deliver(status)
        else:
            self._emit(StreamEvent(kind, status=status))

    def deleted(self, status_id: Any) -> None:
        if self.spec.kind is not PaneKind.NOTIFICATIONS:
            self._emit(StreamEvent("delete", deleted_id=str(status_id)))

    def notification(self, data: Any) -> None:
        if self.spec.kind is PaneKind.NOTIFICATIONS and (
                note := _parsed(Notification, data)) is not None:
            self._deliver(self.client.shared.item(note))

    def conversation(self, data: Any) -> None:
        last = data.get("last_status") if isinstance(data, Mapping) else None
        if self.spec.kind is PaneKind.CONVERSATIONS and (
                status := _parsed(Status, last)) is not None:
            self._deliver(self.client.shared.status(status), kind="conversation", dedupe=False)

    # --- catching up and polling ------------------------------------------------

    def _catch_up(self) -> bool:
        """Deliver what is newer than the last item seen, oldest first; False if cut short.

        Without a last item it only notes the newest one (the UI already shows that page),
        or, when the pane shows nothing, delivers the newest page. A gap longer than
        `max_gap_pages` pages is filled over several calls.
        """
        if self._last_id is None and not self._all_new:
            first = self.client.page(self.spec, limit=self.page_limit)
            ids = [item.id for item in first.items if item.id]
            if ids:
                newest = ids[0]
                for other in ids[1:]:
                    newest = other if id_newer(other, newest) else newest
                self._last_id = newest
            return True
        conversations = self.spec.kind is PaneKind.CONVERSATIONS
        if self._last_id is None or conversations:  # the newest page: all of it for an
            # empty pane; conversations newer than the last (pages of them have no cursor)
            top, last = self.client.page(self.spec, limit=self.page_limit), self._last_id
            for item in reversed(top.items):
                if last is None or id_newer(item.id, last):
                    self._deliver(item, kind="conversation" if conversations else None)
            return True
        cursor: Cursor | object | None = self.client.newer_than(self.spec, self._last_id)
        for _ in range(self.max_gap_pages):
            page = self.client.page(self.spec, cursor, limit=self.page_limit)
            for item in reversed(page.items):
                self._deliver(item)
            if len(page.items) < self.page_limit or page.newer is None:
                return True
            cursor = page.newer
        return False

    def _poll_for(self, duration: float, reason: str, *, told: bool = False) -> None:
        """Poll for newer items every `poll_interval` seconds for `duration` seconds
        (`told`: because the config says so, not because the server has no stream)."""
        self.mode = "polling"
        every = f"every {_secs(self.poll_interval)}"
        self._emit(StreamEvent("polling", message=(
            f"Checking {self.client.host} for new posts {every}." if told else
            f"Live updates are not available from {self.client.host}{reason}; checking for "
            f"new posts {every}.")))
        deadline = time.monotonic() + duration
        failing = False
        wait = 0.0
        while not self._stop.wait(wait):
            try:
                self._catch_up()
                if failing:
                    failing = False
                    self._emit(StreamEvent("polling", message=(
                        f"Checking {self.client.host} for new posts again.")))
                wait = self.poll_interval
            except RateLimited as exc:
                wait = max(self.poll_interval, exc.retry_after)
            except FedtuiError as exc:
                if not failing:
                    failing = True
                    self._emit(StreamEvent("disconnected", message=str(exc)))
                wait = self.poll_interval
            if time.monotonic() + wait > deadline:
                self._stop.wait(max(0.0, deadline - time.monotonic()))
                return

    # --- delivery ---------------------------------------------------------------

    def _deliver(self, item: Status | Notification, *, kind: EventKind | None = None,
                 dedupe: bool = True) -> None:
        if dedupe:
            key = f"{kind or ''}:{item.id}"
            if key in self._seen:
                return
            self._seen[key] = None
        if item.id and (self._last_id is None or id_newer(item.id, self._last_id)):
            self._last_id = item.id
        if isinstance(item, Notification):
            self._emit(StreamEvent("notification", notification=item))
        else:
            self._emit(StreamEvent(kind or "update", status=item))

    def _emit(self, event: StreamEvent) -> None:
        if self._stop.is_set():
            return
        try:
            self._on_event(event)
        except Exception:
            log.exception("live update callback failed for %s", event.kind)


def _parsed(model: type[Status] | type[Notification], data: Any) -> Any:
    """The model of an event's payload; None (logged, the stream goes on) when the payload
    is not a JSON object with an id."""
    if not isinstance(data, Mapping) or not data.get("id"):
        log.info("skipped a streamed %s without an id", model.__name__.lower())
        return None
    return model.from_api(data)


def _translated(exc: BaseException, base_url: str,
                translate: Callable[[BaseException, str], FedtuiError | None]) -> str:
    mapped = translate(exc, base_url)
    return str(mapped) if mapped is not None else f"{type(exc).__name__}: {exc}"


def _secs(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 10 else f"{round(seconds)} s"
