"""Through the real entry point, in a process of its own: the screens of the app `fedtui`
builds draw up to 120 frames a second, unless the user set `TEXTUAL_FPS`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = ("from fedtui.cli import main\n"
         "main(['model', 'list'])\n"
         "from textual.screen import UPDATE_PERIOD\n"
         "print(round(1 / UPDATE_PERIOD))")


def frames_per_second(tmp_path: Path, **environ: str) -> int:
    folders = {f"XDG_{kind}_HOME": str(tmp_path / kind) for kind in ("CONFIG", "DATA", "STATE",
                                                                       "CACHE")}
    env = {key: value for key, value in os.environ.items() if key != "TEXTUAL_FPS"}
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          check=True, env={**env, **folders, **environ})
    return int(done.stdout.split()[-1])


def test_the_fedtui_command_draws_up_to_120_frames_a_second(tmp_path: Path) -> None:
    assert frames_per_second(tmp_path) == 120


def test_a_frame_rate_the_user_set_stays(tmp_path: Path) -> None:
    assert frames_per_second(tmp_path, TEXTUAL_FPS="30") == 30
