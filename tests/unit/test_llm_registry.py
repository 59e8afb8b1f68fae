"""Model registry, GGUF validation, embedded-model assembly and resumable downloads.

Uses small fake GGUF files and a loopback HTTP server; no real model is loaded here.
"""

from __future__ import annotations

import hashlib
import json
import struct
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from fedtui.errors import ModelUnavailable
from fedtui.llm import embedded, gguf
from fedtui.llm.backend import ModelKind
from fedtui.llm.download import download_file, file_name_for_url, part_path
from fedtui.llm.gguf import read_gguf_info, write_minimal_gguf
from fedtui.llm.registry import EMBEDDED_NAME, ModelRegistry

TEMPLATE = "{% for m in messages %}<|{{ m.role }}|>{{ m.content }}{% endfor %}"


def fake_gguf(path: Path, *, chat: bool = False, pad_to: int = 4096) -> Path:
    meta: dict[str, str | int] = {"general.architecture": "llama", "general.name": "Tiny",
                                  "llama.context_length": 2048}
    if chat:
        meta["tokenizer.chat_template"] = TEMPLATE
    return write_minimal_gguf(path, meta, pad_to=pad_to)


@pytest.fixture
def registry(tmp_path: Path) -> ModelRegistry:
    return ModelRegistry(tmp_path / "data", cache_dir=tmp_path / "cache",
                         ram_bytes=8 * 1024**3)


# -- GGUF header ----------------------------------------------------------------------------


def test_reads_the_gguf_header(tmp_path: Path) -> None:
    info = read_gguf_info(fake_gguf(tmp_path / "chat.gguf", chat=True))
    assert info.version == 3 and info.architecture == "llama" and info.model_name == "Tiny"
    assert info.context_length == 2048 and info.has_chat_template
    assert not read_gguf_info(fake_gguf(tmp_path / "base.gguf")).has_chat_template


def gguf_with_vocabulary(path: Path, tokens: list[bytes]) -> Path:
    """A GGUF v3 header: an array of strings (a vocabulary), then a string value."""
    out = bytearray(b"GGUF") + struct.pack("<IQQ", 3, 0, 2)
    out += struct.pack("<Q", 16) + b"tokenizer.tokens" + struct.pack("<IIQ", 9, 8, len(tokens))
    for token in tokens:
        out += struct.pack("<Q", len(token)) + token
    out += struct.pack("<Q", 12) + b"general.name" + struct.pack("<IQ", 8, 4) + b"Tiny"
    path.write_bytes(bytes(out))
    return path


@pytest.mark.parametrize("block", [9, 64, 1 << 20])
def test_skips_a_vocabulary_read_in_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           block: int) -> None:
    """Lengths and strings that straddle the blocks read (one string longer than a block)."""
    monkeypatch.setattr(gguf, "_BLOCK", block)
    tokens = [b"tok%d" % i for i in range(500)] + [b"x" * 100, b"", "é".encode()]
    path = gguf_with_vocabulary(tmp_path / "vocab.gguf", tokens)
    assert read_gguf_info(path).metadata == {"general.name": "Tiny"}
    path.write_bytes(path.read_bytes()[:200])  # cut inside the vocabulary
    with pytest.raises(ModelUnavailable, match="corrupt or truncated"):
        read_gguf_info(path)


@pytest.mark.parametrize("content,message", [
    (b"PK\x03\x04 not a model", "not a GGUF model file"),
    (b"GGUF\x03\x00\x00\x00\x00", "corrupt or truncated"),
    (b"", "not a GGUF model file"),
])
def test_rejects_files_that_are_not_valid_gguf(tmp_path: Path, content: bytes,
                                               message: str) -> None:
    path = tmp_path / "bad.gguf"
    path.write_bytes(content)
    with pytest.raises(ModelUnavailable, match=message):
        read_gguf_info(path)


# -- registry -------------------------------------------------------------------------------


def test_embedded_model_is_always_listed_and_active_by_default(registry: ModelRegistry) -> None:
    models = registry.list_models()
    assert [m.name for m in models] == [EMBEDDED_NAME]
    assert models[0].kind is ModelKind.BASE and models[0].embedded
    assert registry.active_name() == EMBEDDED_NAME


def test_add_detects_kind_and_use_switches_the_active_model(registry: ModelRegistry,
                                                            tmp_path: Path) -> None:
    chat = registry.add(fake_gguf(tmp_path / "Tiny Chat.gguf", chat=True))
    base = registry.add(fake_gguf(tmp_path / "tiny.gguf"), name="mybase")
    forced = registry.add(tmp_path / "Tiny Chat.gguf", name="forced", kind=ModelKind.BASE)
    assert (chat.name, chat.kind) == ("tiny-chat", ModelKind.CHAT)
    assert (base.name, base.kind) == ("mybase", ModelKind.BASE)
    assert forced.kind is ModelKind.BASE
    assert chat.sha256 == hashlib.sha256((tmp_path / "Tiny Chat.gguf").read_bytes()).hexdigest()
    assert registry.active_name() == EMBEDDED_NAME
    registry.use("tiny-chat")
    reopened = ModelRegistry(registry.data_dir, cache_dir=registry.cache_dir)
    assert reopened.active().name == "tiny-chat"
    assert [m.name for m in reopened.list_models()] == [EMBEDDED_NAME, "forced", "mybase",
                                                        "tiny-chat"]
    registry.remove("tiny-chat")
    assert registry.active_name() == EMBEDDED_NAME


def test_unknown_missing_and_oversized_models_are_clear_errors(registry: ModelRegistry,
                                                               tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="no model named 'nope'"):
        registry.use("nope")
    with pytest.raises(ModelUnavailable, match="does not exist"):
        registry.add(tmp_path / "missing.gguf")
    small = ModelRegistry(registry.data_dir, cache_dir=registry.cache_dir, ram_bytes=4000)
    with pytest.raises(ModelUnavailable, match="too large for this machine's memory"):
        small.add(fake_gguf(tmp_path / "big.gguf", pad_to=8192))
    with pytest.raises(ModelUnavailable, match="reserved"):
        registry.add(fake_gguf(tmp_path / "x.gguf"), name=EMBEDDED_NAME)


def test_a_model_changed_after_adding_is_refused(registry: ModelRegistry,
                                                 tmp_path: Path) -> None:
    path = fake_gguf(tmp_path / "m.gguf")
    entry = registry.add(path)
    assert registry.resolve(entry) == path
    fake_gguf(path, pad_to=5000)
    with pytest.raises(ModelUnavailable, match="changed since it was added"):
        registry.resolve(registry.get("m"))
    path.unlink()
    with pytest.raises(ModelUnavailable, match="does not exist"):
        registry.resolve(registry.get("m"))


def test_a_corrupt_registry_file_is_moved_aside_said_and_never_overwritten(
        registry: ModelRegistry) -> None:
    registry.data_dir.mkdir(parents=True)
    for damaged in ("{not json", "[]", '{"models": 3}', "\udcff"):
        registry.file.write_bytes(damaged.encode("utf-8", "surrogateescape"))
        assert registry.active_name() == EMBEDDED_NAME
        notice = registry.take_notice()
        assert notice is not None and "was damaged and has been moved aside" in notice
        assert not registry.file.exists()
        aside = list(registry.data_dir.glob("models.json.corrupt-*"))
        assert [p.read_bytes() for p in aside] == [damaged.encode("utf-8", "surrogateescape")]
        aside[0].unlink()
        assert registry.take_notice() is None  # said once
    registry.file.write_text(json.dumps({"active": "gone", "models": {"bad": {"x": 1}}}))
    assert [m.name for m in registry.list_models()] == [EMBEDDED_NAME]
    assert registry.active_name() == EMBEDDED_NAME


# -- embedded assembly ----------------------------------------------------------------------


@pytest.fixture
def fake_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    chunks = []
    for i, data in enumerate([b"GGUF" + b"a" * 3000, b"b" * 2500, b"c" * 10]):
        chunk = tmp_path / "pkg" / f"model.gguf.part0{i}"
        chunk.parent.mkdir(exist_ok=True)
        chunk.write_bytes(data)
        chunks.append(chunk)
    whole = b"".join(c.read_bytes() for c in chunks)
    pkg = SimpleNamespace(MODEL_NAME="model.gguf", chunk_paths=lambda: list(chunks),
                          EXPECTED_SHA256=hashlib.sha256(whole).hexdigest(), whole=whole)
    monkeypatch.setattr(embedded, "_package", lambda: pkg)
    return pkg


def test_embedded_model_is_assembled_once_then_reused_without_hashing(
        fake_package: SimpleNamespace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    progress: list[tuple[int, int]] = []
    path = embedded.embedded_model_path(tmp_path / "models",
                                        lambda d, t: progress.append((d, t)))
    assert path.read_bytes() == fake_package.whole
    assert progress[0] == (0, 5514) and progress[-1] == (5514, 5514)
    assert embedded.read_stamp(path) == {"size": 5514, "mtime_ns": path.stat().st_mtime_ns,
                                         "sha256": fake_package.EXPECTED_SHA256}
    hashed: list[Path] = []
    real = embedded.sha256_file

    def counting(p: Path) -> str:
        hashed.append(p)
        return real(p)

    monkeypatch.setattr(embedded, "sha256_file", counting)
    again: list[tuple[int, int]] = []
    assert embedded.embedded_model_path(tmp_path / "models",
                                        lambda d, t: again.append((d, t))) == path
    assert hashed == [] and again == []
    assert sorted(p.name for p in path.parent.iterdir()) == ["model.gguf", "model.gguf.stamp"]


def test_a_damaged_assembled_file_is_rebuilt(fake_package: SimpleNamespace,
                                             tmp_path: Path) -> None:
    path = embedded.embedded_model_path(tmp_path / "models")
    path.write_bytes(b"GGUF truncated")
    assert embedded.embedded_model_path(tmp_path / "models").read_bytes() == fake_package.whole


def test_corrupt_or_missing_chunks_are_clear_errors(fake_package: SimpleNamespace,
                                                    tmp_path: Path) -> None:
    fake_package.EXPECTED_SHA256 = "0" * 64
    with pytest.raises(ModelUnavailable, match="parts are corrupt"):
        embedded.embedded_model_path(tmp_path / "models")
    assert list((tmp_path / "models").iterdir()) == []  # no temp file left behind
    fake_package.chunk_paths = lambda: [tmp_path / "nowhere.part00"]
    with pytest.raises(ModelUnavailable, match="incomplete"):
        embedded.embedded_model_path(tmp_path / "other")


def test_a_missing_embedded_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.setattr(embedded, "EMBEDDED_PACKAGE", "no_such_package_for_fedtui")
    with pytest.raises(ModelUnavailable, match="is not installed"):
        embedded.embedded_model_path(tmp_path)


# -- downloads ------------------------------------------------------------------------------


class FileServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.files: dict[str, bytes] = {}
        self.cut_after: int | None = None  # close the connection after this many bytes
        self.ignore_range = False
        self.ranges: list[str | None] = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class _Handler(BaseHTTPRequestHandler):
    server: FileServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        data = self.server.files.get(self.path)
        header = self.headers.get("Range")
        self.server.ranges.append(header)
        if data is None:
            self.send_error(404)
            return
        start = 0
        if header and not self.server.ignore_range:
            start = int(header.removeprefix("bytes=").split("-")[0])
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.server.cut_after is not None:
            self.wfile.write(body[: self.server.cut_after])
            self.wfile.flush()
            self.server.cut_after = None
            self.close_connection = True
            return
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[FileServer]:
    srv = FileServer()
    thread = threading.Thread(target=srv.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def _model_bytes(tmp_path: Path) -> bytes:
    return fake_gguf(tmp_path / "src.gguf", chat=True, pad_to=300_000).read_bytes()


def test_download_resumes_an_interrupted_transfer(server: FileServer, tmp_path: Path,
                                                  registry: ModelRegistry) -> None:
    data = _model_bytes(tmp_path)
    digest = hashlib.sha256(data).hexdigest()
    server.files["/m/Tiny-Chat.Q4.gguf"] = data
    server.cut_after = 100_000
    url = server.url("/m/Tiny-Chat.Q4.gguf")
    with pytest.raises(ModelUnavailable, match="run the same command again to resume"):
        registry.download(url, sha256=digest)
    target = registry.models_dir / "Tiny-Chat.Q4.gguf"
    assert part_path(target).stat().st_size == 100_000 and not target.exists()
    progress: list[tuple[int, int]] = []
    entry = registry.download(url, sha256=digest.upper(), name="tiny",
                              progress=lambda d, t: progress.append((d, t)))
    assert server.ranges == [None, "bytes=100000-"]
    assert progress[0] == (100_000, len(data)) and progress[-1] == (len(data), len(data))
    assert target.read_bytes() == data and not part_path(target).exists()
    assert (entry.name, entry.kind, entry.sha256, entry.source) == (
        "tiny", ModelKind.CHAT, digest, url)


def test_download_restarts_when_the_server_ignores_the_range(server: FileServer,
                                                             tmp_path: Path) -> None:
    data = _model_bytes(tmp_path)
    server.files["/x.gguf"] = data
    server.ignore_range = True
    target = tmp_path / "out" / "x.gguf"
    target.parent.mkdir()
    part_path(target).write_bytes(b"stale bytes from another file")
    digest = download_file(server.url("/x.gguf"), target)
    assert target.read_bytes() == data and digest == hashlib.sha256(data).hexdigest()


def test_a_complete_part_file_is_verified_and_kept(server: FileServer, tmp_path: Path) -> None:
    data = _model_bytes(tmp_path)
    server.files["/x.gguf"] = data
    target = tmp_path / "x.gguf"
    server.cut_after = 1000
    with pytest.raises(ModelUnavailable, match=r"interrupted|ended early"):
        download_file(server.url("/x.gguf"), target)
    part_path(target).write_bytes(data)  # every byte came, the rename did not happen
    download_file(server.url("/x.gguf"), target, sha256=hashlib.sha256(data).hexdigest())
    assert server.ranges == [None, f"bytes={len(data)}-"] and target.read_bytes() == data


def test_checksum_mismatch_deletes_the_download(server: FileServer, tmp_path: Path,
                                                registry: ModelRegistry) -> None:
    server.files["/m.gguf"] = _model_bytes(tmp_path)
    with pytest.raises(ModelUnavailable, match="is corrupt: its sha256 is"):
        registry.download(server.url("/m.gguf"), sha256="ab" * 32)
    assert list(registry.models_dir.iterdir()) == []
    assert [m.name for m in registry.list_models()] == [EMBEDDED_NAME]


def test_download_errors_are_clear(server: FileServer, tmp_path: Path,
                                   registry: ModelRegistry) -> None:
    with pytest.raises(ModelUnavailable, match="HTTP 404"):
        registry.download(server.url("/missing.gguf"))
    with pytest.raises(ModelUnavailable, match="not a sha256"):
        registry.download(server.url("/m.gguf"), sha256="xyz")
    server.files["/page.gguf"] = b"<html>login</html>"
    with pytest.raises(ModelUnavailable, match="not a GGUF model file"):
        registry.download(server.url("/page.gguf"))
    assert not (registry.models_dir / "page.gguf").exists()


def test_file_names_for_urls() -> None:
    assert file_name_for_url("https://h/a/b/Model%20X.Q4_K_M.gguf?download=1") == \
        "Model_X.Q4_K_M.gguf"
    assert file_name_for_url("https://h/") == "model.gguf"
    assert file_name_for_url("https://h/../../etc/passwd") == "passwd.gguf"
