"""The end of input at a prompt and a closed stdout pipe end `fedtui` quietly, no report."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from fedtui.store.accounts import AccountStore
from fedtui.store.tokenfile import EncryptedTokenFile
from tests.integration.test_cli_wipe import run_in_terminal

ROOT = Path(__file__).resolve().parents[2]
ENV = {"PYTHONPATH": str(ROOT)}


def fedtui(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fedtui", *args], env={**os.environ, **ENV},
                          capture_output=True, text=True, timeout=120, **kwargs)


def test_end_of_input_at_the_code_prompt_cancels(mock_server: Any) -> None:
    run = fedtui("login", mock_server.base_url, "--no-browser", stdin=subprocess.DEVNULL)
    assert run.returncode == 1
    assert run.stderr.splitlines()[-1] == "fedtui: Cancelled: the input ended at the prompt."
    assert "unexpected error" not in run.stderr


def test_ctrl_d_at_the_passphrase_prompt_cancels(mock_server: Any) -> None:
    AccountStore(tokenfile=EncryptedTokenFile(lambda p, n: "passphrase1")).add(
        mock_server.base_url, "alice", "alice_token", encrypted=True)
    code, text = run_in_terminal(["timeline", "home"], b"\x04",  # ctrl+d
                                 question=b"Passphrase for")
    assert code == 1
    assert "fedtui: Cancelled: the input ended at the prompt." in text, text
    assert "unexpected error" not in text and "Traceback" not in text, text


def test_a_closed_stdout_pipe_ends_quietly(mock_server: Any) -> None:
    for i in range(3):
        httpx.post(f"{mock_server.base_url}/api/v1/statuses", data={"status": f"post {i}"},
                   headers={"Authorization": "Bearer alice_token"}, timeout=10)
    read, write = os.pipe()
    os.close(read)  # `| head -1` that has read its line and gone
    try:
        run = subprocess.run(
            [sys.executable, "-m", "fedtui", "timeline", "home", "--json"], stdout=write,
            stderr=subprocess.PIPE, text=True, timeout=120,
            env={**os.environ, **ENV, "FEDTUI_INSTANCE": mock_server.base_url,
                 "FEDTUI_TOKEN": "alice_token"})
    finally:
        os.close(write)
    assert (run.returncode, run.stderr) == (141, "")
