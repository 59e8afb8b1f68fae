"""Entry point of the demo server subprocess: mastodon-mock, tied to its parent's life.

Run as `python -m fedtui.demo._launch <mastodon_mock serve arguments>`. The parent keeps
the write end of this process's stdin open; when the parent goes away for any reason
(including SIGKILL), stdin reaches end-of-file and this process removes the demo's temp dir
(`FEDTUI_DEMO_DIR`) and shuts itself down, so the demo server never outlives the fedtui
process that started it, nor leaves files behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading

_GRACE_SECONDS = 3.0


def _exit_when_parent_leaves() -> None:
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except (OSError, ValueError):
        pass
    workdir = os.environ.get("FEDTUI_DEMO_DIR")
    if workdir:  # open files (the SQLite db, the log) may be unlinked on POSIX
        shutil.rmtree(workdir, ignore_errors=True)
    # Ask uvicorn for a graceful shutdown first, then make sure we really go.
    backstop = threading.Timer(_GRACE_SECONDS, os._exit, args=(0,))
    backstop.daemon = True
    backstop.start()
    os.kill(os.getpid(), signal.SIGTERM)


def main(argv: list[str]) -> None:
    threading.Thread(target=_exit_when_parent_leaves, name="parent-watch", daemon=True).start()
    from mastodon_mock.cli import main as mock_main

    mock_main(["serve", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
