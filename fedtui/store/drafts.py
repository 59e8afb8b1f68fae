"""Drafts that are never lost: every edit of the compose box is committed to SQLite.

The UI calls `DraftStore.save` as the user types (each change, off the UI thread); each
save is its own committed transaction, so a crash, a kill -9 or a failed send keeps the
text. A draft keeps one `idempotency_key` for its whole life, so a retried send after a
timeout never posts twice. `delete` it after a successful send; `mark_failed` records why
a send failed. Drafts live in their own file (`fedtui.store.draft_file` opens it), so
wiping or resetting the cache never touches them.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from fedtui.core.compose import MediaDraft, PollDraft, PostDraft
from fedtui.core.model import parse_time
from fedtui.errors import StoreError
from fedtui.store.codec import json_object
from fedtui.store.db import Database

DRAFT_KINDS = ("new", "reply", "edit")


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(when: datetime) -> str:
    """A sortable UTC timestamp (fixed width, so text order is time order)."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class SavedDraft:
    """One unfinished post of one account (`account_key`)."""

    account_key: str
    id: str = field(default_factory=new_id)
    kind: str = "new"  # new, reply, edit
    target_status_id: str | None = None  # the post replied to, or edited
    text: str = ""
    spoiler_text: str = ""
    visibility: str = "public"
    language: str | None = None
    poll: PollDraft | None = None
    media: tuple[MediaDraft, ...] = ()
    sensitive: bool = False
    scheduled_at: datetime | None = None
    quote_id: str | None = None
    idempotency_key: str = field(default_factory=new_id)
    updated_at: datetime = field(default_factory=_now)
    last_error: str | None = None

    @classmethod
    def from_post_draft(cls, account_key: str, draft: PostDraft, *, kind: str = "new",
                        target_status_id: str | None = None,
                        media: tuple[MediaDraft, ...] = ()) -> SavedDraft:
        """A new saved draft (fresh id and idempotency key) holding `draft`."""
        if kind not in DRAFT_KINDS:
            raise ValueError(f"unknown draft kind {kind!r}")
        target = target_status_id or (draft.in_reply_to_id if kind == "reply" else None)
        return cls(
            account_key=account_key, kind=kind, target_status_id=target,
            text=draft.text, spoiler_text=draft.spoiler_text, visibility=draft.visibility,
            language=draft.language, poll=draft.poll,
            media=media or tuple(MediaDraft(path="", media_id=i) for i in draft.media_ids),
            sensitive=draft.sensitive, scheduled_at=draft.scheduled_at,
            quote_id=draft.quote_id,
        )

    def to_post_draft(self) -> PostDraft:
        """What to send: uploaded media ids in order (files not yet uploaded are left out)."""
        return PostDraft(
            text=self.text, spoiler_text=self.spoiler_text, visibility=self.visibility,
            language=self.language,
            in_reply_to_id=self.target_status_id if self.kind == "reply" else None,
            quote_id=self.quote_id, poll=self.poll,
            media_ids=tuple(m.media_id for m in self.media if m.media_id),
            sensitive=self.sensitive, scheduled_at=self.scheduled_at,
        )

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.spoiler_text.strip() or self.media
                    or self.poll is not None)


def _encode(draft: SavedDraft) -> str:
    poll = draft.poll
    body: dict[str, Any] = {
        "kind": draft.kind,
        "target_status_id": draft.target_status_id,
        "text": draft.text,
        "spoiler_text": draft.spoiler_text,
        "visibility": draft.visibility,
        "language": draft.language,
        "poll": None if poll is None else {
            "options": list(poll.options), "expires_in": poll.expires_in,
            "multiple": poll.multiple, "hide_totals": poll.hide_totals},
        "media": [{"path": m.path, "description": m.description, "media_id": m.media_id}
                  for m in draft.media],
        "sensitive": draft.sensitive,
        "scheduled_at": draft.scheduled_at.isoformat() if draft.scheduled_at else None,
        "quote_id": draft.quote_id,
        "idempotency_key": draft.idempotency_key,
    }
    return json.dumps(body, ensure_ascii=False)


def _opt(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _decode(draft_id: str, account_key: str, updated_at: str, last_error: str | None,
            body: str) -> SavedDraft | None:
    data = json_object(body)
    if data is None:
        return None
    try:
        poll_data = data.get("poll")
        poll = None
        if isinstance(poll_data, dict):
            poll = PollDraft(
                options=tuple(str(o) for o in poll_data.get("options") or ()),
                expires_in=int(poll_data.get("expires_in") or 86400),
                multiple=bool(poll_data.get("multiple")),
                hide_totals=bool(poll_data.get("hide_totals")),
            )
        media = tuple(
            MediaDraft(path=str(m.get("path") or ""), description=str(m.get("description")
                                                                      or ""),
                       media_id=_opt(m.get("media_id")))
            for m in data.get("media") or () if isinstance(m, dict))
        kind = str(data.get("kind") or "new")
        return SavedDraft(
            account_key=account_key, id=draft_id,
            kind=kind if kind in DRAFT_KINDS else "new",
            target_status_id=_opt(data.get("target_status_id")),
            text=str(data.get("text") or ""),
            spoiler_text=str(data.get("spoiler_text") or ""),
            visibility=str(data.get("visibility") or "public"),
            language=_opt(data.get("language")),
            poll=poll, media=media, sensitive=bool(data.get("sensitive")),
            scheduled_at=parse_time(data.get("scheduled_at")),
            quote_id=_opt(data.get("quote_id")),
            idempotency_key=str(data.get("idempotency_key") or draft_id),
            updated_at=parse_time(updated_at) or _now(),
            last_error=last_error,
        )
    except (TypeError, ValueError, AttributeError):
        return None


def decodable(row: tuple[str, str, str, str | None, str]) -> bool:
    """True when a stored row reads back as a draft."""
    return _decode(*row) is not None


class DraftStore:
    """Unfinished posts per account, in `db` (the drafts file).

    `where` says in a sentence where they are kept when that is not the usual place;
    a store that stands in for an unwritable one (`stand_in`) remembers deleted ids, so
    merging it back later does not bring sent drafts back.
    """

    def __init__(self, db: Database, *, where: str | None = None,
                 stand_in: bool = False) -> None:
        self.db = db
        self.where = where
        self.stand_in = stand_in
        #: Moves the store to the next place that can be written (`open_drafts` sets it);
        #: False when there is none.
        self.elsewhere: Callable[[DraftStore, StoreError], bool] | None = None
        #: Set when the drafts moved (or their file was replaced) during this run: a
        #: sentence for the editor to say.
        self.moved: str | None = None
        #: Whatever keeps the file marked as in use while this process runs.
        self.held: object = None
        #: The thread of `check_soon`, once started.
        self.checking: threading.Thread | None = None
        self._moving = threading.Lock()

    def close(self) -> None:
        """Close the file and stop marking it as in use."""
        self.db.close()
        close = getattr(self.held, "close", None)
        if close is not None:
            close()
        self.held = None

    def check_soon(self) -> None:
        """Try a write on a thread (a write waits for the disk: not on the way to the first
        frame); a file that cannot be written moves the drafts to the next place now."""
        self.checking = threading.Thread(target=self._check, name="drafts-check",
                                         daemon=True)
        self.checking.start()

    def _check(self) -> None:
        db = self.db
        try:
            self.probe()
        except StoreError as err:
            with suppress(StoreError):
                self._move(db, err)

    def _move(self, failed: Database, err: StoreError) -> bool:
        """Move to the next place after `failed` could not be written; False if none."""
        with self._moving:
            if self.db is not failed:
                return True  # another thread has moved the drafts already
            return self.elsewhere is not None and self.elsewhere(self, err)

    def probe(self) -> None:
        """Write and commit a change (undone in the same transaction); StoreError if the
        file cannot be written now."""
        with self.db.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO forgotten (id) VALUES ('probe')")
            conn.execute("DELETE FROM forgotten WHERE id = 'probe'")

    def rows(self) -> list[tuple[str, str, str, str | None, str]]:
        """Every stored row as it is (for moving drafts between files)."""
        with self.db.transaction() as conn:
            return [tuple(r) for r in conn.execute(
                "SELECT id, account_key, updated_at, last_error, body FROM drafts")]

    def forgotten(self) -> set[str]:
        with self.db.transaction() as conn:
            return {r[0] for r in conn.execute("SELECT id FROM forgotten")}

    def merge(self, rows: Iterable[tuple[str, str, str, str | None, str]],
              forgotten: Iterable[str] = ()) -> int:
        """Add readable `rows` (the newer copy of a draft wins, ids this store forgot stay
        forgotten), then delete the `forgotten` ids; how many rows were added or updated."""
        changed = 0
        with self.db.transaction() as conn:
            gone = {r[0] for r in conn.execute("SELECT id FROM forgotten")}
            for row in rows:
                if row[0] in gone or not decodable(row):
                    continue
                changed += conn.execute(
                    "INSERT INTO drafts (id, account_key, updated_at, last_error, body) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    "account_key = excluded.account_key, updated_at = excluded.updated_at, "
                    "last_error = excluded.last_error, body = excluded.body "
                    "WHERE excluded.updated_at > drafts.updated_at", row).rowcount
            for draft_id in forgotten:
                conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
                if self.stand_in:
                    conn.execute("INSERT OR IGNORE INTO forgotten (id) VALUES (?)",
                                 (draft_id,))
        return changed

    def save(self, draft: SavedDraft) -> SavedDraft:
        """Store (or replace) `draft`, stamped with the current time; committed on return.

        A file that cannot be written any more (a full disk) is left for the next place
        that can be (`elsewhere`); StoreError when there is none.
        """
        try:
            return self._save(draft)
        except StoreError as err:
            failed = self.db
            try:  # once more: a damaged file has just been replaced by a fresh one
                stored = self._save(draft)
            except StoreError:
                if not self._move(failed, err):
                    raise
                return self._save(draft)
            self.moved = self.db.notice or self.moved  # what the reset recovered
            return stored

    def _save(self, draft: SavedDraft) -> SavedDraft:
        stored = replace(draft, updated_at=_now())
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO drafts (id, account_key, updated_at, last_error, body) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "account_key = excluded.account_key, updated_at = excluded.updated_at, "
                "last_error = excluded.last_error, body = excluded.body",
                (stored.id, stored.account_key, _stamp(stored.updated_at),
                 stored.last_error, _encode(stored)),
            )
        return stored

    def get(self, draft_id: str) -> SavedDraft | None:
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT id, account_key, updated_at, last_error, body FROM drafts "
                "WHERE id = ?", (draft_id,)).fetchone()
        return None if row is None else _decode(*row)

    def unfinished(self, account_key: str) -> list[SavedDraft]:
        """The account's drafts, most recently edited first (unreadable rows skipped)."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT id, account_key, updated_at, last_error, body FROM drafts "
                "WHERE account_key = ? ORDER BY updated_at DESC, rowid DESC",
                (account_key,)).fetchall()
        drafts = (_decode(*row) for row in rows)
        return [d for d in drafts if d is not None]

    def delete(self, draft_id: str) -> None:
        """Forget a draft (after it was sent, or discarded by the user)."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
            if self.stand_in:
                conn.execute("INSERT OR IGNORE INTO forgotten (id) VALUES (?)", (draft_id,))

    def mark_failed(self, draft_id: str, reason: str) -> SavedDraft | None:
        """Record why sending failed; the draft and its idempotency key stay as they are."""
        with self.db.transaction() as conn:
            conn.execute("UPDATE drafts SET last_error = ? WHERE id = ?", (reason, draft_id))
        return self.get(draft_id)

    def wipe(self, account_key: str | None = None) -> None:
        """Delete every draft (of one account, or of all)."""
        with self.db.transaction() as conn:
            if account_key is None:
                conn.execute("DELETE FROM drafts")
            else:
                conn.execute("DELETE FROM drafts WHERE account_key = ?", (account_key,))
