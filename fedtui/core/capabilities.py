"""What a server can do, learned from its answers, and the sentence that says what it can't.

Servers that speak the Mastodon API differ: GoToSocial, Pleroma/Akkoma, small servers and
older Mastodon versions lack some endpoints (404/405/501) or ignore fields (a post sent with
`scheduled_at` comes back published). `ServerCapabilities` remembers, per session, what a
server lacks, so fedtui stops asking for it and says so once, calmly, where it matters.
Pure: no I/O; thread-safe, because workers learn in parallel.
"""

from __future__ import annotations

import re
import threading
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
}


class FeatureMissing(ApiError):
    """The server lacks `feature`; the message is the calm sentence that says so."""

    def __init__(self, feature: Feature, status: int | None = None) -> None:
        super().__init__(SAYINGS[feature] or f"This server does not support {feature}.",
                         status=status)
        self.feature = feature


class ServerCapabilities:
    """The features one server lacks, learned once per session from its answers."""

    def __init__(self) -> None:
        self._missing: set[Feature] = set()
        self._said: set[Feature] = set()
        self._lock = threading.Lock()

    def supports(self, feature: Feature) -> bool:
        """False once the server showed it lacks `feature` (True until then)."""
        with self._lock:
            return feature not in self._missing

    def mark_missing(self, feature: Feature) -> bool:
        """Remember that the server lacks `feature`; True the first time."""
        with self._lock:
            new = feature not in self._missing
            self._missing.add(feature)
            return new

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
