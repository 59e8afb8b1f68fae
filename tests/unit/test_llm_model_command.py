"""`fedtui model ...`: list, add, use, remove, download (loopback) and clear errors."""

from __future__ import annotations

import argparse
import functools
import hashlib
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from fedtui.commands import model as model_command
from fedtui.llm.gguf import write_minimal_gguf


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    model_command.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    result: int = args.handler(args)
    return result


def tiny_gguf(path: Path, chat: bool = False) -> Path:
    meta: dict[str, str | int] = {"general.architecture": "llama"}
    if chat:
        meta["tokenizer.chat_template"] = "{{ messages }}"
    return write_minimal_gguf(path, meta, pad_to=2048)


def test_list_add_use_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("model", "list") == 0
    assert capsys.readouterr().out.startswith("* gemma3-270m  base  ")
    assert run("model", "add", str(tiny_gguf(tmp_path / "Small.gguf", chat=True))) == 0
    assert "Added small (chat model" in capsys.readouterr().out
    assert run("model", "use", "small") == 0
    assert capsys.readouterr().out == "small is now the active model.\n"
    assert run("model") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("  gemma3-270m") and lines[1].startswith("* small        chat")
    assert run("model", "remove", "small") == 0
    capsys.readouterr()
    assert run("model", "list") == 0
    assert capsys.readouterr().out.startswith("* gemma3-270m")


def test_errors_exit_1_with_the_message(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert run("model", "use", "nothing") == 1
    assert "There is no model named 'nothing'" in capsys.readouterr().err
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    assert run("model", "add", str(bad)) == 1
    assert "not a GGUF model file" in capsys.readouterr().err


def test_a_damaged_list_of_models_is_said_and_kept(capsys: pytest.CaptureFixture[str]) -> None:
    from fedtui import paths

    file = paths.data_dir() / "models.json"
    file.parent.mkdir(parents=True, exist_ok=True)
    torn = '{"active": "mine", "models": {"mine": {"kind": "chat", "source": "endpoint", '
    file.write_text(torn, "utf-8")
    assert run("model", "use", "gemma3-270m") == 0
    said = capsys.readouterr()
    assert said.out == "gemma3-270m is now the active model.\n"
    assert "was damaged and has been moved aside to" in said.err
    aside = list(file.parent.glob("models.json.corrupt-*"))
    assert [p.read_text("utf-8") for p in aside] == [torn]
    assert str(aside[0]) in said.err


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "www"
    root.mkdir()
    handler: Any = functools.partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, args=(0.02,), daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", root
    srv.shutdown()
    srv.server_close()


def test_download(served: tuple[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    base, root = served
    data = tiny_gguf(root / "tiny.gguf").read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert run("model", "download", f"{base}/tiny.gguf", "--sha256", digest,
               "--name", "tiny") == 0
    assert "Downloaded tiny (base model" in capsys.readouterr().out
    assert run("model", "download", f"{base}/tiny.gguf", "--sha256", "0" * 64) == 1
    assert "is corrupt: its sha256 is" in capsys.readouterr().err
