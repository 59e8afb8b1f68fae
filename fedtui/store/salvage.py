"""Reading drafts back out of a damaged SQLite file (one moved aside as corrupt).

Two passes, both read-only. SQLite first: a full scan, a scan backwards, then each row the
index still lists, one by one, so one damaged page costs only the rows on it. When SQLite
reported any damage, the raw pages are searched too: every draft record whose bytes are
intact is read directly from the file and its WAL (a damaged page header, a damaged
b-tree interior page or a damaged `sqlite_master` does not hide it). A draft's record is
found by its shape: a header of five columns starting with a 36-character id.
"""

from __future__ import annotations

import mmap
import re
import sqlite3
import struct
from collections.abc import Iterator
from contextlib import ExitStack, closing
from dataclasses import dataclass
from pathlib import Path

#: (id, account_key, updated_at, last_error, body): a row of the `drafts` table.
Row = tuple[str, str, str, str | None, str]

COLUMNS = "id, account_key, updated_at, last_error, body"
_UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_WAL_MAGIC = (0x377F0682, 0x377F0683)


@dataclass(frozen=True, slots=True)
class Salvage:
    """The drafts read from a damaged file; `unreadable`: rows its index lists that could
    not be read (None when the index itself was unreadable)."""

    rows: tuple[Row, ...]
    unreadable: int | None


def salvage_drafts(path: Path) -> Salvage:
    """Every draft row that can still be read from the database file at `path`."""
    found: dict[str, Row] = {}
    listed, damaged = _through_sqlite(path, found)
    if damaged:
        from_sqlite = set(found)
        for row in _raw_records(path):
            known = found.get(row[0])
            if row[0] not in from_sqlite and (known is None or known[2] < row[2]):
                found[row[0]] = row  # several copies of one draft: the newest
    unreadable = None if listed is None else max(0, len(listed) - len(found))
    rows = sorted(found.values(), key=lambda r: r[2])
    return Salvage(tuple(rows), unreadable)


# --- through SQLite ---------------------------------------------------------------------


def _connect(path: Path) -> sqlite3.Connection | None:
    for query in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"{path.as_uri()}?{query}", uri=True)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error:
            continue
    return None


def _through_sqlite(path: Path, found: dict[str, Row]) -> tuple[set[int] | None, bool]:
    """Rows SQLite can read into `found`; (the rowids the index lists, any damage seen)."""
    conn = _connect(path)
    if conn is None:
        return None, True
    damaged = False
    with closing(conn):
        listed: set[int] | None
        try:
            listed = {r[0] for r in conn.execute(
                "SELECT rowid FROM drafts INDEXED BY drafts_by_account")}
        except sqlite3.Error:
            listed, damaged = None, True
        read: set[int] = set()
        for order in ("ASC", "DESC"):
            try:
                query = f"SELECT rowid, {COLUMNS} FROM drafts ORDER BY rowid {order}"
                for rowid, *row in conn.execute(query):
                    read.add(rowid)
                    _keep(found, row)
            except sqlite3.Error:
                damaged = True
        for rowid in sorted((listed or set()) - read):
            try:
                one = conn.execute(f"SELECT {COLUMNS} FROM drafts WHERE rowid = ?",
                                   (rowid,)).fetchone()
            except sqlite3.Error:
                damaged = True
                continue
            if one is not None:
                _keep(found, list(one))
    return listed, damaged


def _keep(found: dict[str, Row], row: list[object]) -> None:
    draft_id, account, updated, error, body = row
    if isinstance(draft_id, str) and isinstance(body, str):
        found[draft_id] = (draft_id, str(account), str(updated),
                           None if error is None else str(error), body)


# --- from the raw pages -----------------------------------------------------------------


class _Pages:
    """The pages of a database file (mapped, not read into memory), each overlaid with its
    newest frame in the file's WAL."""

    def __init__(self, path: Path, stack: ExitStack) -> None:
        self.main = _mapped(path, stack)
        data = self.main
        size = struct.unpack(">H", data[16:18])[0] if len(data) >= 100 else 4096
        size = 65536 if size == 1 else size
        self.size = size if size >= 512 and not size & (size - 1) else 4096
        self.frames: dict[int, int] = {}  # page number -> offset of its newest WAL frame
        self.log = _mapped(Path(f"{path}-wal"), stack)
        log = self.log
        if len(log) >= 32 and struct.unpack(">I", log[:4])[0] in _WAL_MAGIC \
                and struct.unpack(">I", log[8:12])[0] == self.size:
            for offset in range(32, len(log) - 24 - self.size + 1, 24 + self.size):
                self.frames[struct.unpack(">I", log[offset:offset + 4])[0]] = offset + 24

    def numbers(self) -> list[int]:
        count = len(self.main) // self.size
        return sorted(set(range(1, count + 1)) | set(self.frames))

    def get(self, number: int) -> bytes | None:
        if number in self.frames:
            at = self.frames[number]
            return self.log[at:at + self.size]
        at = (number - 1) * self.size
        if number < 1 or at + self.size > len(self.main):
            return None
        return self.main[at:at + self.size]


def _mapped(path: Path, stack: ExitStack) -> bytes | mmap.mmap:
    """The file's bytes, mapped read-only (b"" for a missing or empty file)."""
    try:
        with open(path, "rb") as handle:  # the mapping outlives the file object
            return stack.enter_context(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):
        return b""


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """SQLite's big-endian varint at `at`: (value, next offset); ValueError past the end."""
    value = 0
    for i in range(9):
        if at + i >= len(data):
            raise ValueError("truncated varint")
        byte = data[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    raise ValueError("unreachable")  # pragma: no cover


def _raw_records(path: Path) -> Iterator[Row]:
    with ExitStack() as stack:
        pages = _Pages(path, stack)
        for number in pages.numbers():
            page = pages.get(number)
            for match in _UUID.finditer(page or b""):
                row = _record_at(pages, page or b"", match.start())
                if row is not None:
                    yield row


def _record_at(pages: _Pages, page: bytes, value_at: int) -> Row | None:
    """The draft record whose first value (its id) starts at `value_at`, if there is one."""
    for header_len in range(6, 16):
        start = value_at - header_len
        if start < 0 or page[start] != header_len:
            continue
        try:
            types: list[int] = []
            at = start + 1
            while at < value_at:
                serial, at = _varint(page, at)
                types.append(serial)
        except ValueError:
            continue
        if at != value_at or len(types) != 5 or types[0] != 13 + 2 * 36:
            continue
        if any(t != 0 and (t < 13 or t % 2 == 0) for t in types) or types[4] == 0:
            continue
        lengths = [0 if t == 0 else (t - 13) // 2 for t in types]
        payload = _payload(pages, page, start, header_len + sum(lengths))
        if payload is None:
            return None
        values: list[str | None] = []
        at = header_len
        try:
            for serial, length in zip(types, lengths, strict=True):
                values.append(None if serial == 0 else payload[at:at + length].decode("utf-8"))
                at += length
        except UnicodeDecodeError:
            return None
        draft_id, account, updated, error, body = values
        if draft_id is None or account is None or updated is None or body is None:
            return None
        return draft_id, account, updated, error, body
    return None


def _payload(pages: _Pages, page: bytes, start: int, total: int) -> bytes | None:
    """A record's `total` payload bytes: the local part, then its overflow chain."""
    size = usable = pages.size  # fedtui never reserves bytes at the end of a page
    most = usable - 35
    if total <= most:
        return page[start:start + total] if start + total <= len(page) else None
    least = (usable - 12) * 32 // 255 - 23
    local = least + (total - least) % (usable - 4)
    if local > most:
        local = least
    if start + local + 4 > len(page):
        return None
    parts = [page[start:start + local]]
    number = struct.unpack(">I", page[start + local:start + local + 4])[0]
    remaining = total - local
    seen: set[int] = set()
    while remaining > 0:
        overflow = pages.get(number)
        if overflow is None or number in seen or len(overflow) < size:
            return None
        seen.add(number)
        chunk = overflow[4:4 + min(remaining, usable - 4)]
        parts.append(chunk)
        remaining -= len(chunk)
        number = struct.unpack(">I", overflow[:4])[0]
    return b"".join(parts)
