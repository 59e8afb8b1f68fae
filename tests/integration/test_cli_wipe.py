"""`fedtui wipe` says what goes and asks: drafts stay unless --all, models unless --models or
--all; no terminal and no --yes deletes nothing. Through `cli.main` and the `fedtui`
command in a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fedtui import paths
from fedtui.cli import main
from fedtui.store.db import Database
from fedtui.store.draft_file import open_drafts
from fedtui.store.drafts import SavedDraft

ROOT = Path(__file__).resolve().parents[2]


def a_used_machine() -> dict[str, Path]:
    """Every kind of file fedtui leaves, with a draft in the usual file and one in a
    stand-in, and a 3 MB "model"."""
    Database(paths.db_path()).close()
    aside = paths.data_dir() / "fedtui.db.corrupt-20261201T000000Z"
    aside.write_bytes(b"damaged cache")
    store, _ = open_drafts()
    assert store is not None
    store.save(SavedDraft(account_key="a", text="my unsent post"))
    store.close()
    damaged_drafts = paths.data_dir() / "drafts.db.corrupt-20261201T000000Z"
    damaged_drafts.write_bytes(b"damaged drafts")
    stand_in = paths.state_dir() / "drafts.db"
    paths.ensure_dir(paths.state_dir())
    stand_in.write_bytes((paths.drafts_path()).read_bytes())
    log = paths.state_dir() / "fedtui.log"
    log.write_text("a log line\n")
    preview = paths.cache_dir() / "media" / "p.png"
    preview.parent.mkdir(parents=True)
    preview.write_bytes(b"png")
    model = paths.cache_dir() / "models" / "gemma.gguf"
    model.parent.mkdir(parents=True)
    model.write_bytes(b"\0" * 3_000_000)
    examples = paths.cache_dir() / "models" / "processed-examples" / "a.state"
    examples.parent.mkdir()
    examples.write_bytes(b"\0" * 1_500_000)
    downloaded = paths.models_dir() / "other.gguf"
    downloaded.parent.mkdir(parents=True)
    downloaded.write_bytes(b"\0" * 1000)
    return {"cache": paths.db_path(), "aside": aside, "drafts": paths.drafts_path(),
            "damaged_drafts": damaged_drafts, "stand_in": stand_in, "log": log,
            "preview": preview, "model": model, "examples": examples,
            "downloaded": downloaded}


def existing(files: dict[str, Path]) -> set[str]:
    return {name for name, path in files.items() if path.exists()}


def test_without_a_terminal_or_yes_nothing_is_deleted(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    files = a_used_machine()
    assert main(["wipe"]) == 1
    out, err = capsys.readouterr()
    assert existing(files) == set(files)
    assert "Nothing was deleted: there is no terminal to ask on" in err
    assert "fedtui wipe deletes:" in out and str(files["cache"]) in out
    assert "drafts (2) and 1 damaged drafts file moved aside" in out
    assert "language models: 3.0 MB (--models or --all deletes them)" in out


def test_yes_deletes_the_cache_and_keeps_drafts_and_models(
        capsys: pytest.CaptureFixture[str]) -> None:
    files = a_used_machine()
    assert main(["wipe", "--yes"]) == 0
    assert existing(files) == {"drafts", "damaged_drafts", "stand_in", "model", "downloaded"}
    out = capsys.readouterr().out
    for gone in ("cache", "aside", "log"):
        assert str(files[gone]) in out
    assert "the model's processed examples" in out and str(files["examples"].parent) in out
    assert str(files["preview"].parent) in out
    assert "It keeps:" in out and "(--all deletes them)" in out
    assert "Deleted; " in out and " freed." in out
    store, _ = open_drafts()
    assert store is not None and [d.text for d in store.unfinished("a")] == ["my unsent post"]


def test_models_go_only_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    files = a_used_machine()
    assert main(["wipe", "--models", "--yes"]) == 0
    assert existing(files) == {"drafts", "damaged_drafts", "stand_in"}
    assert "language models: 3.0 MB" in capsys.readouterr().out


def test_all_deletes_drafts_models_and_accounts_too() -> None:
    files = a_used_machine()
    assert main(["wipe", "--all", "--yes"]) == 0
    assert existing(files) == set()


def run_in_terminal(args: list[str], answer: bytes,
                    question: bytes = b"[y/N]") -> tuple[int, str]:
    """`fedtui ARGS` with a pseudo-terminal as its terminal, answering `question`."""
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "fedtui", *args], stdin=slave,
                            stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    output = b""
    deadline = time.monotonic() + 60
    try:
        while question not in output and time.monotonic() < deadline:
            output += os.read(master, 4096)
        os.write(master, answer)
        while proc.poll() is None or output.endswith(b"\n") is False:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            output += chunk
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        os.close(master)
    return proc.returncode, output.decode(errors="replace")


@pytest.mark.parametrize(("answer", "deleted"), [(b"\n", False), (b"n\n", False),
                                                  (b"y\n", True)])
def test_the_question_in_a_terminal(answer: bytes, deleted: bool) -> None:
    files = a_used_machine()
    code, output = run_in_terminal(["wipe"], answer)
    assert "Delete these? [y/N]" in output
    if deleted:
        assert code == 0 and "Deleted; " in output
        assert existing(files) == {"drafts", "damaged_drafts", "stand_in", "model",
                                   "downloaded"}
    else:
        assert code == 1 and "Nothing was deleted." in output
        assert existing(files) == set(files)


def test_all_without_a_keyring_deletes_the_rest_and_names_the_tokens_left() -> None:
    from fedtui.store.accounts import AccountStore
    from fedtui.store.tokenfile import EncryptedTokenFile

    files = a_used_machine()
    AccountStore().add("https://example.social", "alice", "alice-s3cret")
    store = AccountStore(tokenfile=EncryptedTokenFile(lambda p, n: "passphrase1"))
    store.add("https://example.social", "bob", "bob-s3cret", encrypted=True)
    assert store.tokenfile.path.exists()
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}  # no OS keyring now
    run = subprocess.run([sys.executable, "-m", "fedtui", "wipe", "--all", "--yes"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert existing(files) == set()
    assert AccountStore().list() == [] and not store.tokenfile.path.exists()
    assert ('the token of alice@example.social in the OS keyring (service "fedtui", user '
            '"alice@example.social"): the keyring is locked or unavailable; remove it by '
            "hand") in run.stderr
    assert "bob@" not in run.stderr and "s3cret" not in run.stderr + run.stdout
