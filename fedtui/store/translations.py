"""Translations kept on disk, keyed by (post id, edit time, model, target language).

A second look at a translated post costs one indexed read and no model time; an edit of
the post or another model misses the cache. Unreadable rows count as misses.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from fedtui.core.translation_result import Confidence, StatusTranslation, Translation
from fedtui.store.db import Database
from fedtui.store.kept import keep, read_kept

MAX_ROWS = 5000  # oldest translations beyond this are dropped


def _key(parts: Sequence[str]) -> str:
    return json.dumps(list(parts), ensure_ascii=False)


def _translation(data: dict[str, Any]) -> Translation:
    return Translation(**{**data, "confidence": Confidence(data["confidence"])})


def decode(body: str) -> StatusTranslation:
    data = json.loads(body)
    spoiler = data["spoiler"]
    return StatusTranslation(
        content=_translation(data["content"]),
        spoiler=_translation(spoiler) if spoiler is not None else None,
        poll_options=tuple(_translation(t) for t in data["poll_options"]),
        media=tuple((media_id, _translation(t)) for media_id, t in data["media"]),
    )


def encode(result: StatusTranslation) -> str:
    return json.dumps(asdict(result), ensure_ascii=False)


class TranslationStore:
    def __init__(self, db: Database, max_rows: int = MAX_ROWS) -> None:
        self.db = db
        self.max_rows = max_rows

    def get(self, key: Sequence[str]) -> StatusTranslation | None:
        return read_kept(self.db, "translations", _key(key), decode)

    def put(self, key: Sequence[str], result: StatusTranslation) -> None:
        keep(self.db, "translations", _key(key), encode(result), self.max_rows)
