"""Few-shot examples processed once per machine: their llama.cpp state kept on disk.

A few-shot prompt starts with fedtui's own instruction and examples (never a post's text,
`fedtui.core.prompts.FewShotTask`), which take 0.1-0.3 s to process on 2 cores before the
post itself. `fedtui.llm.prompt_states` keeps processed prompts for the session; this keeps
each set of examples' processed state in the cache folder as well, so the first post of a
language in a session starts as soon as the next one does (a session with auto-translate
opens with posts in many languages: on the demo instance 15 sets of examples, 3,000 of the
4,200 prompt tokens processed).

A file is named after all its state depends on (the model file, llama.cpp's version and the
CPU features it uses, the context's settings, the tokens) and carries a SHA-256 of its data,
checked before llama.cpp reads it: a damaged file is deleted and the examples processed
again. At most `LIMIT_BYTES` are kept; the least recently used go first.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger(__name__)
LIMIT_BYTES = 100_000_000  # about 50 sets of examples (15-20 languages, each both ways)
_MAGIC = b"fedtui processed examples 1\n"
_SUFFIX = ".state"


class StoredExamples:
    """Processed examples' states in `directory`, for the model and build `identity` names."""

    def __init__(self, directory: Path, identity: str, limit_bytes: int = LIMIT_BYTES) -> None:
        self.directory = Path(directory)
        self._identity = identity
        self._limit = limit_bytes
        self._writable = True  # until a write fails: then not tried again this session

    @property
    def writable(self) -> bool:
        """False once a write has failed (a full disk, a read-only folder)."""
        return self._writable

    def load(self, tokens: Sequence[int]) -> bytes | None:
        """The state of `tokens` processed, or None (never stored, damaged, unreadable)."""
        path = self._path(tokens)
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("could not read processed examples %s: %s", path.name, exc)
            return None
        head, digest = len(_MAGIC), len(_MAGIC) + 32
        data = content[digest:]
        if content[:head] != _MAGIC or hashlib.sha256(data).digest() != content[head:digest]:
            log.warning("processed examples %s are damaged: deleted, processed again",
                        path.name)
            path.unlink(missing_ok=True)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: trimmed last
        return data

    def save(self, tokens: Sequence[int], data: bytes) -> None:
        """Keep `data` (the state of `tokens` processed), then trim the folder to the limit.
        A folder that cannot be written costs time, not the answer: it is logged once, and
        nothing more is written this session."""
        if not self._writable:
            return
        path = self._path(tokens)
        written = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.directory, suffix=".tmp",
                                             delete=False) as out:
                written = Path(out.name)
                out.write(_MAGIC + hashlib.sha256(data).digest() + data)
            os.replace(written, path)
            self._trim()
        except OSError as exc:
            log.warning("could not keep processed examples in %s: %s; not trying again "
                        "until fedtui restarts", self.directory, exc)
            self._writable = False
            if written is not None:
                written.unlink(missing_ok=True)  # a full disk: no half-written file left

    def _path(self, tokens: Sequence[int]) -> Path:
        key = hashlib.sha256(f"{self._identity}\0{','.join(map(str, tokens))}".encode())
        return self.directory / f"{key.hexdigest()[:40]}{_SUFFIX}"

    def _trim(self) -> None:
        files = []
        for path in self.directory.glob(f"*{_SUFFIX}"):
            try:
                stat = path.stat()
            except FileNotFoundError:  # trimmed by another fedtui meanwhile
                continue
            files.append((stat.st_mtime_ns, stat.st_size, path))
        total = 0
        for _, size, path in sorted(files, reverse=True):
            total += size
            if total > self._limit:
                path.unlink(missing_ok=True)
