"""How much of a mapped file this process holds resident (Linux)."""

from __future__ import annotations

from pathlib import Path


def resident_kb(path: Path) -> int:
    """This process's resident KB of every mapping of `path` (/proc/self/smaps)."""
    target, total, inside = str(path.resolve()), 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if "-" in fields[0] and not fields[0].endswith(":"):
            inside = fields[-1] == target
        elif inside and fields[0] == "Rss:":
            total += int(fields[1])
    return total
