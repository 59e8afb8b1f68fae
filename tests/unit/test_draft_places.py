"""Where drafts are kept when the data folder cannot be written (a folder that cannot exist,
a read-only mount, a full disk at start or while typing), what the notices say, and how
they come home; through the real `build_context` on real files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from fedtui import paths
from fedtui.cli import build_context
from fedtui.config import default_config
from fedtui.store.draft_file import open_drafts
from fedtui.store.drafts import SavedDraft
from tests.draft_faults import blocked, full, read_only

ALICE = "alice@example"
ROOT = Path(__file__).resolve().parents[2]


def started() -> Any:
    """A start, and the write check compose makes when it opens."""
    context = build_context(default_config({}), None)
    if context.drafts is not None:
        context.drafts.check_soon()
        assert context.drafts.checking is not None
        context.drafts.checking.join(30)
    return context


def texts(context: Any) -> list[str]:
    assert context.drafts is not None
    return sorted(d.text for d in context.drafts.unfinished(ALICE))


def test_no_data_folder_keeps_drafts_in_the_state_folder_and_they_come_home(
        isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_home = paths.data_dir().parent
    blocked(isolated_home, "XDG_DATA_HOME", monkeypatch)
    context = started()
    where = paths.state_dir()
    assert context.drafts.where == str(where)
    assert any(n.startswith(f"Drafts are kept in {where} for now: The drafts file at ")
               and "Not a directory" in n for n in context.notices), context.notices
    context.drafts.save(SavedDraft(account_key=ALICE, text="written while the disk was odd"))
    stand_in = where / "drafts.db"
    assert stat.S_IMODE(stand_in.stat().st_mode) == 0o600
    assert stat.S_IMODE(where.stat().st_mode) == 0o700
    context.drafts.close()

    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))  # the data folder works again
    context = started()
    assert texts(context) == ["written while the disk was odd"]
    assert context.drafts.where is None and context.drafts.db.path == paths.drafts_path()
    assert any(f"1 draft kept in {where} while {paths.data_dir()} could not be written is "
               "back with the others." in n for n in context.notices), context.notices
    assert not stand_in.exists()


def test_nothing_writable_says_drafts_cannot_be_kept(isolated_home: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR", "TMPDIR"):
        blocked(isolated_home, variable, monkeypatch)
    context = started()
    assert context.drafts is None
    assert any(n.startswith("Drafts cannot be kept on this computer: ") and
               "lost if fedtui closes before it is sent" in n for n in context.notices)


def test_a_read_only_data_folder_still_offers_its_drafts_and_forgets_sent_ones(
        monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = open_drafts()
    assert store is not None
    sent = store.save(SavedDraft(account_key=ALICE, text="will be sent"))
    store.save(SavedDraft(account_key=ALICE, text="stays"))
    store.close()
    with read_only(paths.data_dir()):
        context = started()
        assert context.drafts.where == str(paths.state_dir())
        assert any("Drafts are kept in" in n for n in context.notices), context.notices
        assert texts(context) == ["stays", "will be sent"]
        context.drafts.delete(sent.id)  # sent while the usual file was read-only
        context.drafts.save(SavedDraft(account_key=ALICE, text="new one"))
        context.drafts.close()
        again = started()
        assert texts(again) == ["new one", "stays"]  # the sent one stays forgotten
        again.drafts.close()
    context = started()
    assert texts(context) == ["new one", "stays"]
    assert context.drafts.where is None


def test_a_full_disk_at_start_keeps_drafts_elsewhere(isolated_home: Path) -> None:
    with full(paths.data_dir().parent):
        context = started()
        assert context.drafts.where == str(paths.state_dir())
        assert any("Drafts are kept in" in n and "full" in n for n in context.notices), \
            context.notices
        context.drafts.save(SavedDraft(account_key=ALICE, text="the disk is full"))
        assert texts(context) == ["the disk is full"]
        context.drafts.close()
    assert texts(started()) == ["the disk is full"]


def test_a_disk_filling_up_while_typing_moves_the_drafts() -> None:
    store, _ = open_drafts()
    assert store is not None
    first = store.save(SavedDraft(account_key=ALICE, text="short"))
    with store.db.transaction() as conn:  # SQLite's own "database or disk is full"
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
    long = store.save(SavedDraft(account_key=ALICE, text="a long text " * 2000))
    assert store.where == str(paths.state_dir())
    assert store.moved is not None and store.moved.startswith(
        f"Drafts are now kept in {paths.state_dir()}: ")
    assert "full" in store.moved
    assert [d.id for d in store.unfinished(ALICE)] == [long.id, first.id]
    store.close()
    context = started()
    assert texts(context) == sorted(["short", "a long text " * 2000])


def test_a_stand_in_folder_of_someone_else_or_a_link_is_not_used(
        isolated_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("planting another user's folder needs root")
    blocked(isolated_home, "XDG_DATA_HOME", monkeypatch)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    paths.state_dir().parent.mkdir(parents=True, exist_ok=True)
    paths.state_dir().symlink_to(elsewhere)  # a planted link
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    shared = tmp_path / "tmp" / f"fedtui-{os.getuid()}"
    shared.mkdir(parents=True)
    os.chown(shared, 12345, 12345)  # planted by another user
    context = started()
    assert context.drafts is None
    assert not list(elsewhere.iterdir()) and not list(shared.iterdir())


def test_a_stand_in_folder_too_open_is_made_private(isolated_home: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    blocked(isolated_home, "XDG_DATA_HOME", monkeypatch)
    paths.state_dir().mkdir(parents=True)
    paths.state_dir().chmod(0o755)
    context = started()
    assert context.drafts.where == str(paths.state_dir())
    assert stat.S_IMODE(paths.state_dir().stat().st_mode) == 0o700


KILLED_WHILE_WRITING = textwrap.dedent("""
    import time
    from fedtui.store.draft_file import open_drafts
    from fedtui.store.drafts import SavedDraft
    store, _ = open_drafts()
    store.save(SavedDraft(account_key="alice@example", text="written before the disk filled"))
    print("saved", flush=True)
    time.sleep(120)  # killed here: its WAL and shared-memory files stay
""")


def test_a_full_disk_under_an_open_drafts_file_is_found_before_typing() -> None:
    def killed_while_writing() -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen([sys.executable, "-c", KILLED_WHILE_WRITING], env=env,
                                stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "saved"
        finally:
            proc.kill()
            proc.wait(10)
        assert Path(f"{paths.drafts_path()}-shm").exists()

    with full(paths.data_dir().parent, before=killed_while_writing):
        context = started()  # the file opens and reads: only a write shows the disk is full
        store = context.drafts
        assert store.where == str(paths.state_dir())
        assert store.moved is not None and store.moved.startswith(
            f"Drafts are now kept in {paths.state_dir()}: ") and "full" in store.moved
        assert texts(context) == ["written before the disk filled"]
        store.close()
    assert texts(started()) == ["written before the disk filled"]


STILL_RUNNING = textwrap.dedent("""
    import sys, time
    from fedtui.store.draft_file import open_drafts
    from fedtui.store.drafts import SavedDraft
    store, _ = open_drafts()
    assert store.stand_in
    store.save(SavedDraft(account_key="alice@example", text="from the first fedtui"))
    print("saved", flush=True)
    sys.stdin.readline()
    store.save(SavedDraft(account_key="alice@example", text="after the second start"))
    print("saved again", flush=True)
    time.sleep(120)  # killed here
""")


def test_a_stand_in_that_another_running_fedtui_writes_is_left_to_it(
        isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_home = paths.data_dir().parent
    blocked(isolated_home, "XDG_DATA_HOME", monkeypatch)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = subprocess.Popen([sys.executable, "-c", STILL_RUNNING], env=env, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert first.stdin is not None and first.stdout is not None
        assert first.stdout.readline().strip() == "saved"
        monkeypatch.setenv("XDG_DATA_HOME", str(data_home))  # the data folder works again
        second = started()
        assert texts(second) == []  # not taken from under the running one
        assert (paths.state_dir() / "drafts.db").exists()
        second.drafts.close()
        first.stdin.write("\n")
        first.stdin.flush()
        assert first.stdout.readline().strip() == "saved again"
    finally:
        first.kill()
        first.wait(10)
    third = started()
    assert texts(third) == ["after the second start", "from the first fedtui"]
    assert not (paths.state_dir() / "drafts.db").exists()
