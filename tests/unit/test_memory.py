"""`fedtui.memory.release_mapped_file`: a mapped file's pages leave the process, the file's
contents stay readable."""

from __future__ import annotations

import mmap
import sys
from pathlib import Path

import pytest

from fedtui.memory import release_mapped_file
from tests.mapped_pages import resident_kb

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc, madvise")


def test_a_mapped_files_pages_leave_the_process_and_read_back_the_same(tmp_path: Path) -> None:
    data = bytes(range(256)) * 4096 * 4  # 4 MB
    path = tmp_path / "weights.bin"
    path.write_bytes(data)
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        assert mapped[:] == data  # every page read: resident
        assert resident_kb(path) >= 4096
        assert release_mapped_file(path) == len(data)
        assert resident_kb(path) == 0
        assert mapped[:] == data
        assert resident_kb(path) >= 4096


def test_a_file_not_mapped_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.bin"
    path.write_bytes(b"x" * 8192)
    assert release_mapped_file(path) == 0
