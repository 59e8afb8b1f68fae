"""`Relationship`: how the reader and an account follow, mute or block each other.

Re-exported by `fedtui.core.model`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fedtui.core.fields import bool_field, str_field
from fedtui.core.model import parse_time


@dataclass(frozen=True, slots=True)
class Relationship:
    id: str
    following: bool = False
    followed_by: bool = False
    requested: bool = False
    blocking: bool = False
    muting: bool = False
    muting_expires_at: datetime | None = None  # None: muted until unmuted (or not muted)
    muting_notifications: bool = False

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Relationship:
        return cls(
            id=str_field(data, "id"),
            following=bool_field(data, "following"),
            followed_by=bool_field(data, "followed_by"),
            requested=bool_field(data, "requested"),
            blocking=bool_field(data, "blocking"),
            muting=bool_field(data, "muting"),
            muting_expires_at=parse_time(data.get("muting_expires_at")),
            muting_notifications=bool_field(data, "muting_notifications"),
        )
