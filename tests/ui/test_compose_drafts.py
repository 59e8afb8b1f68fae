"""Drafts under disk faults, through the real App and real keys: the compose screen says
where drafts are kept or that they cannot be, a disk filling up while typing moves the
draft, and a kill -9 after the screen acknowledged the last key keeps that key."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from fedtui import paths
from fedtui.app.context import AccountRef
from fedtui.store.draft_file import open_drafts
from fedtui.ui.screens.compose import ComposeScreen
from fedtui.ui.screens.dialogs import ChoiceDialog
from tests.draft_faults import blocked
from tests.ui.conftest import wait_for
from tests.ui.test_compose import composing, loaded, status_line

ROOT = Path(__file__).resolve().parents[2]


def title(screen: ComposeScreen) -> str:
    return str(screen.query_one("#screen-title").render())


async def test_when_nothing_can_be_written_compose_says_the_draft_cannot_be_kept(
        make_app: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch,
        seeded: Any) -> None:
    for variable in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR", "TMPDIR"):
        blocked(isolated_home, variable, monkeypatch)
    app = make_app()
    assert app.context.drafts is None
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        screen = await composing(pilot)
        await pilot.press(*"words with nowhere to go")
        assert "this draft cannot be kept" in title(screen)
        assert "the draft is kept" not in title(screen)
        assert "Drafts cannot be kept on this computer" in status_line(screen)
        with seeded.fault(path="/api/v1/statuses", methods=["POST"], status=500):
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: "HTTP 500" in status_line(screen))
        assert "the draft could NOT be kept" in status_line(screen)
        assert "the draft is kept" not in status_line(screen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
        dialog = pilot.app.screen
        assert [c[0] for c in dialog.choices] == ["back", "discard"]
        assert "keep" not in " ".join(c[1].lower() for c in dialog.choices)
        await pilot.press("enter")  # back to writing: nothing was lost
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        assert screen.query_one("#compose-text").text == "words with nowhere to go"


async def test_an_unwritable_data_folder_keeps_the_draft_elsewhere_and_says_where(
        make_app: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked(isolated_home, "XDG_DATA_HOME", monkeypatch)
    app = make_app()
    store = app.context.drafts
    assert store is not None and store.where == str(paths.state_dir())
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        screen = await composing(pilot)
        assert f"Drafts are kept in {paths.state_dir()}." in status_line(screen)
        await pilot.press(*"kept in the state folder")
        await wait_for(pilot, lambda: screen.keeping.draft_kept)
        assert "the draft is kept" in title(screen)
        key = pilot.app.context.account_key
        assert [d.text for d in store.unfinished(key)] == ["kept in the state folder"]
    assert (paths.state_dir() / "drafts.db").exists()


async def test_a_disk_filling_up_while_typing_moves_the_draft_and_says_so(
        make_writer_app: Any) -> None:
    app = make_writer_app()
    store = app.context.drafts
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        screen = await composing(pilot)
        await pilot.press(*"first words")
        await wait_for(pilot, lambda: screen.keeping.draft_kept)
        with store.db.transaction() as conn:  # SQLite's own "database or disk is full"
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages}")
        screen.query_one("#compose-text").insert(" and a long paste" * 400)
        await pilot.press(*" end")
        await wait_for(pilot, lambda: screen.keeping.draft_kept)
        assert f"Drafts are now kept in {paths.state_dir()}: " in status_line(screen)
        assert "the draft is kept" in title(screen)
        saved = store.unfinished(pilot.app.context.account_key)
        assert saved[0].text == "first words" + " and a long paste" * 400 + " end"
        assert store.db.path == paths.state_dir() / "drafts.db"


CHILD = textwrap.dedent("""
    import asyncio, sys
    from fedtui.cli import build_context
    from fedtui.ui.app import FedtuiApp
    from fedtui.app.context import AccountRef
    from fedtui.ui.screens.compose import ComposeScreen
    from fedtui.ui.screens.home import HomeScreen
    from tests.ui.conftest import seeded_config, wait_for

    async def main(base_url, text):
        account = AccountRef(base_url, "alice_token", "alice")
        app = FedtuiApp(build_context(seeded_config(), account))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), 60)
            await pilot.press("c")
            await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen), 60)
            screen = app.screen
            await pilot.press(*text)
            await wait_for(pilot, lambda: screen.saved.text == text
                           and screen.keeping.draft_kept, 60)
            print("kept", flush=True)
            await asyncio.Event().wait()  # killed here, never closing anything

    asyncio.run(main(sys.argv[1], sys.argv[2]))
""")


def test_kill_9_after_the_last_key_was_acknowledged_keeps_that_key(seeded: Any) -> None:
    text = "every key counts, the last one too!"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", CHILD, seeded.base_url, text],
                            stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 120
        line = ""
        while not line and proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 1.0)
            if ready:
                line = proc.stdout.readline().strip()
        assert line == "kept", "the child never acknowledged the draft"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    store, _ = open_drafts()
    assert store is not None
    key = AccountRef(seeded.base_url, "alice_token", "alice").key
    assert [d.text for d in store.unfinished(key)] == [text]
