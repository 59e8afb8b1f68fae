"""`fedtui model download` against a loopback file server: what is already there is safe."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from fedtui import paths
from fedtui.cli import main
from fedtui.llm.gguf import write_minimal_gguf


class Files(ThreadingHTTPServer):
    """Serves `files` with Range and ETag; `cut` paths send half the body and hang up."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.files: dict[str, bytes] = {}
        self.cut: set[str] = set()
        self.ranges: list[str | None] = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class _Handler(BaseHTTPRequestHandler):
    server: Files

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        data = self.server.files[self.path]
        header = self.headers.get("Range")
        self.server.ranges.append(header)
        start = int(header.removeprefix("bytes=").split("-")[0]) if header else 0
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", f'"{hash(data)}"')
        self.end_headers()
        if self.path in self.server.cut:
            self.server.cut.discard(self.path)
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return
        self.wfile.write(body)


@pytest.fixture
def files() -> Iterator[Files]:
    srv = Files()
    threading.Thread(target=srv.serve_forever, args=(0.02,), daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


def model_bytes(tmp_path: Path, filler: str) -> bytes:
    meta: dict[str, str | int] = {"general.architecture": "llama", "general.name": filler}
    return write_minimal_gguf(tmp_path / f"{filler}.gguf", meta, pad_to=200_000).read_bytes()


def test_a_failed_download_leaves_a_model_of_the_same_file_name(
        files: Files, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = model_bytes(tmp_path, "first")
    files.files |= {"/a/m.gguf": first, "/html/m.gguf": b"<html>log in</html>"}
    assert main(["model", "download", files.url("/a/m.gguf")]) == 0
    assert main(["model", "download", files.url("/html/m.gguf")]) == 1
    assert "not a GGUF model file" in capsys.readouterr().err
    models = paths.data_dir() / "models"
    assert (models / "m.gguf").read_bytes() == first
    assert sorted(p.name for p in models.iterdir()) == ["m.gguf"]
    assert main(["model", "list"]) == 0
    assert "(missing)" not in capsys.readouterr().out


def test_a_second_model_of_the_same_file_name_gets_its_own_file(
        files: Files, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = model_bytes(tmp_path, "first"), model_bytes(tmp_path, "second")
    files.files |= {"/a/m.gguf": first, "/b/m.gguf": second}
    assert main(["model", "download", files.url("/a/m.gguf")]) == 0
    assert main(["model", "download", files.url("/b/m.gguf")]) == 0
    models = paths.data_dir() / "models"
    assert (models / "m.gguf").read_bytes() == first
    assert (models / "m-2.gguf").read_bytes() == second


def test_a_partial_download_is_resumed_only_from_its_own_url(
        files: Files, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = model_bytes(tmp_path, "first"), model_bytes(tmp_path, "second")
    files.files |= {"/a/m.gguf": first, "/b/m.gguf": second}
    files.cut = {"/a/m.gguf"}
    assert main(["model", "download", files.url("/a/m.gguf")]) == 1
    assert "run the same command again to resume" in capsys.readouterr().err
    assert main(["model", "download", files.url("/b/m.gguf")]) == 0
    assert files.ranges == [None, None]
    assert (paths.data_dir() / "models" / "m.gguf").read_bytes() == second


def test_a_partial_download_of_a_changed_file_is_not_joined(
        files: Files, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = model_bytes(tmp_path, "old"), model_bytes(tmp_path, "new")
    files.files["/a/m.gguf"] = old
    files.cut = {"/a/m.gguf"}
    assert main(["model", "download", files.url("/a/m.gguf")]) == 1
    files.files["/a/m.gguf"] = new  # a new ETag; this server ignores If-Range
    assert main(["model", "download", files.url("/a/m.gguf")]) == 1
    assert "changed since its download was interrupted" in capsys.readouterr().err
    assert main(["model", "download", files.url("/a/m.gguf")]) == 0
    assert (paths.data_dir() / "models" / "m.gguf").read_bytes() == new
    assert sorted(p.name for p in (paths.data_dir() / "models").iterdir()) == ["m.gguf"]


def test_an_interrupted_download_resumes_from_its_own_url(files: Files, tmp_path: Path) -> None:
    data = model_bytes(tmp_path, "first")
    files.files["/a/m.gguf"] = data
    files.cut = {"/a/m.gguf"}
    assert main(["model", "download", files.url("/a/m.gguf")]) == 1
    assert main(["model", "download", files.url("/a/m.gguf")]) == 0
    assert files.ranges[0] is None and files.ranges[1] == f"bytes={len(data) // 2}-"
    assert (paths.data_dir() / "models" / "m.gguf").read_bytes() == data
