"""Download a model file with httpx through the run's `fedtui.net.Network` (its proxy).

The bytes go to `<target>.part`; an interrupted download resumes with an HTTP Range request,
only from the URL it came from and while its validators (ETag, Last-Modified, length, kept in
`<target>.part.json`) still match; otherwise it starts afresh.
The finished file is checked against the expected sha256 (when given) and renamed into place
atomically. Every failure raises `ModelUnavailable`; a partial download is kept for resuming
unless it turned out corrupt.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from fedtui.errors import FedtuiError, ModelUnavailable
from fedtui.llm.backend import CancelToken
from fedtui.net import Network

Progress = Callable[[int, int], None]
_BLOCK = 1024 * 1024
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


def file_name_for_url(url: str) -> str:
    """A safe local file name for a model URL, ending in `.gguf`."""
    last = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    name = _SAFE.sub("_", last).strip("._") or "model"
    return name if name.lower().endswith(".gguf") else name + ".gguf"


def free_target(folder: Path, name: str) -> Path:
    """`folder/name`, or `stem-2.gguf`, `stem-3.gguf`... when a file of that name exists."""
    target = folder / name
    stem, n = target.stem, 2
    while target.exists():
        target, n = folder / f"{stem}-{n}{target.suffix}", n + 1
    return target


def part_path(target: Path) -> Path:
    return target.with_name(target.name + ".part")


def _origin_path(target: Path) -> Path:
    return target.with_name(target.name + ".part.json")


def _origin(response: Any, url: str, offset: int) -> dict[str, Any]:
    """Where a .part file's bytes come from: the URL and the server's validators."""
    etag = response.headers.get("ETag", "")
    length = response.headers.get("Content-Length", "")
    return {"url": url, "etag": "" if etag.startswith("W/") else etag,
            "last_modified": response.headers.get("Last-Modified", ""),
            "length": offset + int(length) if length.isdigit() else None}


def _read_origin(target: Path) -> dict[str, Any]:
    try:
        origin = json.loads(_origin_path(target).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return origin if isinstance(origin, dict) else {}


def _discard(target: Path) -> None:
    part_path(target).unlink(missing_ok=True)
    _origin_path(target).unlink(missing_ok=True)


def _same_file(origin: dict[str, Any], response: Any, offset: int) -> bool:
    """The 206 answer continues the bytes of `origin` (no validator differs)."""
    now = _origin(response, "", 0)
    match = _CONTENT_RANGE.fullmatch(str(response.headers.get("Content-Range", "")).strip())
    total = int(match.group(3)) if match and match.group(3).isdigit() else None
    return (match is not None and int(match.group(1)) == offset
            and all(not origin.get(k) or not now[k] or origin[k] == now[k]
                    for k in ("etag", "last_modified"))
            and (origin.get("length") is None or total is None or origin["length"] == total))


def _hash_prefix(path: Path) -> tuple[hashlib._Hash, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while block := f.read(_BLOCK):
            digest.update(block)
            size += len(block)
    return digest, size


def download_file(
    url: str,
    target: Path,
    *,
    sha256: str | None = None,
    network: Network | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    check: Callable[[Path], object] | None = None,
) -> str:
    """Download `url` to `target` (resuming `target.part`); returns the file's sha256.

    `check` sees the finished `.part` file before it is renamed: what it raises deletes the
    download and leaves `target` untouched."""
    import httpx

    expected = sha256.lower().strip() if sha256 else None
    if expected is not None and not re.fullmatch(r"[0-9a-f]{64}", expected):
        raise ModelUnavailable(f"{sha256!r} is not a sha256 checksum (64 hex digits).")
    if not url.startswith(("http://", "https://")):
        raise ModelUnavailable(f"{url!r} is not an http:// or https:// URL.")
    part = part_path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    origin = _read_origin(target)
    if origin.get("url") != url:
        _discard(target)  # bytes of unknown origin or of another URL: never joined
        origin = {}
    digest, offset = _hash_prefix(part) if part.is_file() else (hashlib.sha256(), 0)
    headers = {"Range": f"bytes={offset}-"} if offset else {}
    if offset and (origin.get("etag") or origin.get("last_modified")):
        headers["If-Range"] = origin.get("etag") or origin["last_modified"]
    try:
        network = network if network is not None else Network()
        with network.httpx_client(follow_redirects=True, max_body=None) as client, \
                client.stream("GET", url, headers=headers) as response:
            if response.status_code == 416 and offset:
                pass  # the .part file is already complete: verify it below
            elif response.status_code >= 400:
                raise ModelUnavailable(
                    f"The download of {url} failed: the server answered HTTP "
                    f"{response.status_code}."
                )
            else:
                if response.status_code == 206 and not _same_file(origin, response, offset):
                    _discard(target)
                    raise ModelUnavailable(
                        f"The file at {url} changed since its download was interrupted; "
                        "the partial file was deleted: run the same command again."
                    )
                if response.status_code != 206:
                    digest, offset = hashlib.sha256(), 0  # server sent the whole file
                    _origin_path(target).write_text(
                        json.dumps(_origin(response, url, 0)), "utf-8")
                length = response.headers.get("Content-Length")
                total = offset + int(length) if length and length.isdigit() else 0
                done = offset
                if progress is not None:
                    progress(done, total)
                with part.open("r+b" if offset else "wb") as out:
                    out.seek(offset)
                    out.truncate()
                    for block in response.iter_bytes():  # as received: keep every byte
                        if cancel is not None and cancel.cancelled:
                            raise ModelUnavailable(
                                f"The download of {url} was cancelled; run it again to resume."
                            )
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress is not None:
                            progress(done, total)
                    out.flush()
                    os.fsync(out.fileno())
                if total and done != total:
                    raise ModelUnavailable(
                        f"The download of {url} ended early ({done} of {total} bytes); "
                        "run it again to resume."
                    )
    except FedtuiError:
        raise
    except httpx.HTTPError as exc:
        raise ModelUnavailable(
            f"The download of {url} was interrupted ({exc or type(exc).__name__}); "
            "run the same command again to resume."
        ) from None
    except OSError as exc:
        raise ModelUnavailable(
            f"Could not write {part} ({exc.strerror or exc}); check the free disk space."
        ) from None
    actual = digest.hexdigest()
    if expected is not None and actual != expected:
        _discard(target)
        raise ModelUnavailable(
            f"The file downloaded from {url} is corrupt: its sha256 is {actual}, "
            f"not {expected}. It was deleted; check the URL and the checksum."
        )
    if check is not None:
        try:
            check(part)
        except FedtuiError:
            _discard(target)
            raise
    os.replace(part, target)
    _origin_path(target).unlink(missing_ok=True)
    return actual
