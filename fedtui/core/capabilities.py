"""What a server can do, learned from its answers, and the sentence that says what it can't.

Servers that speak the Mastodon API differ: GoToSocial, Pleroma/Akkoma, small servers and
older Mastodon versions lack some endpoints (404/405/501) or ignore fields (a post sent with
`scheduled_at` comes back published). `ServerCapabilities` remembers what a server lacks,
so fedtui stops asking for it and says so once per session, calmly, where it matters. The
store keeps it for the next start (`fedtui.store.capabilities`), tied to the server's
version: a new version is learned again. Pure: no I/O; thread-safe, because workers learn
in parallel.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from enum import StrEnum

from fedtui.errors import ApiError

#: The Mastodon version assumed when a server does not say one fedtui can use: old enough
#: that every server still running has what it selects in Mastodon.py (search v2, media
#: v2, `/notifications/:id/dismiss`), new enough not to select long-removed endpoints.
BASELINE_VERSION = "3.5.0"

#: Status codes that mean "this server has no such endpoint" (not "it failed this time").
MISSING_STATUSES = frozenset({404, 405, 501})


class Feature(StrEnum):
    INSTANCE = "instance"  # /api/v[12]/instance: limits and version
    MARKERS = "markers"
    GROUPED_NOTIFICATIONS = "grouped_notifications"
    SCHEDULED = "scheduled"
    FILTERS = "filters"
    QUOTES = "quotes"
    SOURCE = "source"  # a post's source text, for editing
    EDIT = "edit"
    STREAMING = "streaming"  # live updates; without them panes poll


#: The one sentence said when a feature turns out to be missing (None: say nothing, the
#: fallback is as good).
SAYINGS: dict[Feature, str | None] = {
    Feature.INSTANCE: "This server does not describe its limits; fedtui uses the usual ones "
                      "(500 characters, 4 attachments).",
    Feature.MARKERS: "This server does not keep reading positions; each start begins at the "
                     "newest post.",
    Feature.GROUPED_NOTIFICATIONS: None,  # plain notifications instead
    Feature.SCHEDULED: "This server does not schedule posts.",
    Feature.FILTERS: "This server does not let apps create or change filters.",
    Feature.QUOTES: "This server does not support quote posts; link to the post instead.",
    Feature.SOURCE: None,  # the post's text, converted from HTML, instead
    Feature.EDIT: "This server does not let posts be edited; delete and redraft (D) instead.",
    Feature.STREAMING: "This server has no live updates; the panes check it for new posts "
                       "regularly instead.",
}


class FeatureMissing(ApiError):
    """The server lacks `feature`; the message is the calm sentence that says so."""

    def __init__(self, feature: Feature, status: int | None = None) -> None:
        super().__init__(SAYINGS[feature] or f"This server does not support {feature}.",
                         status=status)
        self.feature = feature


#: Called with what a server lacks and its version ("" when unknown) whenever what it
#: lacks changes (to keep it for the next start).
Listener = Callable[[frozenset[Feature], str], None]


class ServerCapabilities:
    """The features one server lacks, learned from its answers (or remembered from an
    earlier run for the same server version: see `restore` and `server_version`)."""

    def __init__(self) -> None:
        self._missing: set[Feature] = set()
        self._restored: set[Feature] = set()  # remembered, not yet seen in this session
        self._restored_version: str | None = None
        self.version = ""  # the server's version, once known (or as remembered)
        self._said: set[Feature] = set()
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    def listen(self, listener: Listener) -> None:
        """Call `listener(missing)` from the learning thread whenever `missing` changes."""
        self._listeners.append(listener)

    def restore(self, missing: Iterable[str], version: str) -> None:
        """What an earlier run learned about this server, when it ran `version`."""
        with self._lock:
            valid = {feature.value for feature in Feature}
            known = {Feature(name) for name in missing if name in valid}
            self._restored = known - self._missing
            self._missing |= known
            self._restored_version = version
            self.version = version

    def server_version(self, version: str) -> bool:
        """The server says it runs `version`: what was remembered from another version is
        forgotten, to be learned again. True when something was forgotten."""
        with self._lock:
            self.version = version
            if self._restored_version is None or self._restored_version == version:
                self._restored_version = None
                return False
            forgotten, self._restored = self._restored, set()
            self._missing -= forgotten
            self._restored_version = None
            missing = frozenset(self._missing)
        self._changed(missing)
        return bool(forgotten)

    def _changed(self, missing: frozenset[Feature]) -> None:
        for listener in self._listeners:
            listener(missing, self.version)

    def supports(self, feature: Feature) -> bool:
        """False once the server showed it lacks `feature` (True until then)."""
        with self._lock:
            return feature not in self._missing

    def mark_missing(self, feature: Feature) -> bool:
        """Remember that the server lacks `feature`; True the first time."""
        with self._lock:
            new = feature not in self._missing
            self._missing.add(feature)
            self._restored.discard(feature)
            missing = frozenset(self._missing)
        if new:
            self._changed(missing)
        return new

    def mark_present(self, feature: Feature) -> bool:
        """The server turned out to have `feature` after all; True if it was missing."""
        with self._lock:
            was = feature in self._missing
            self._missing.discard(feature)
            self._restored.discard(feature)
            self._said.discard(feature)
            missing = frozenset(self._missing)
        if was:
            self._changed(missing)
        return was

    def learn(self, feature: Feature, status: int | None) -> bool:
        """An answer with HTTP `status` to a request for `feature`: True if it means the
        feature is missing (404, 405, 501), which is then remembered."""
        if status not in MISSING_STATUSES:
            return False
        self.mark_missing(feature)
        return True

    def check(self, feature: Feature) -> None:
        """Raise `FeatureMissing` (no request needed) if the server lacks `feature`."""
        if not self.supports(feature):
            raise FeatureMissing(feature)

    @property
    def missing(self) -> frozenset[Feature]:
        with self._lock:
            return frozenset(self._missing)

    def unsaid(self, *features: Feature) -> list[str]:
        """The sentences for missing features (of `features`, or any) not said yet; each
        is returned only once per session."""
        with self._lock:
            new = [f for f in sorted(self._missing)
                   if f not in self._said and (not features or f in features)]
            self._said.update(new)
        return [text for f in new if (text := SAYINGS[f])]


_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+))?")


def parse_version(text: str) -> tuple[int, int, int] | None:
    match = _VERSION.match(text.strip())
    if match is None:
        return None
    major, minor, patch = match.groups()
    return int(major), int(minor), int(patch or 0)


def mastodon_version(reported: str | None) -> str:
    """The Mastodon version a server's `version` string stands for, as Mastodon.py needs it.

    "2.7.2 (compatible; Pleroma 2.6.1)" is 2.7.2; Hometown's "4.0.2+hometown-1.1" is 4.0.2;
    a `+` followed by a Mastodon version ("1.0+4.2.1") is that version. A version below 1
    (GoToSocial's "0.17.3") or no version is `BASELINE_VERSION`.
    """
    text = (reported or "").strip().split(" ")[0]
    head, _, tail = text.partition("+")
    for candidate in (tail, head):
        parsed = parse_version(candidate) if candidate else None
        if parsed is not None and parsed[0] >= 1:
            return "{}.{}.{}".format(*parsed)
    return BASELINE_VERSION
