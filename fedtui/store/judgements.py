"""The local model's judgements of "describe what to hide" filters, kept on disk.

Keyed by (post URI, edit time, description): a post judged once is not judged again after
a restart, an edit is judged anew. Only answers are kept (a failure is asked again next
time). Unreadable rows count as misses.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from fedtui.core.local_filters import Judgement
from fedtui.store.db import Database

MAX_ROWS = 20_000  # oldest judgements beyond this are dropped


class JudgementStore:
    def __init__(self, db: Database, max_rows: int = MAX_ROWS) -> None:
        self.db = db
        self.max_rows = max_rows

    def get(self, key: Sequence[str]) -> Judgement | None:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT score, answers FROM filter_judgements WHERE key = ?",
                               (json.dumps(list(key), ensure_ascii=False),)).fetchone()
        if row is None or not isinstance(row[0], float) or not isinstance(row[1], int):
            return None
        return Judgement(row[0], row[1])

    def put(self, key: Sequence[str], judgement: Judgement) -> None:
        if not judgement.answers:
            return
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO filter_judgements (key, judged_at, score, answers) "
                "VALUES (?, ?, ?, ?)", (json.dumps(list(key), ensure_ascii=False),
                                        datetime.now(UTC).isoformat(), judgement.score,
                                        judgement.answers))
            conn.execute(
                "DELETE FROM filter_judgements WHERE judged_at < (SELECT judged_at FROM "
                "filter_judgements ORDER BY judged_at DESC LIMIT 1 OFFSET ?)",
                (self.max_rows - 1,))
