"""What `fedtui` does as it starts (`fedtui.cli.main`), before it imports Textual and builds
the app, for the benchmarks that build the app in their own process: glibc's thresholds
fixed so large blocks go back to the system, and Textual's frame ceiling (read as Textual is
imported: call this first). A checkout from before a step (measured side by side with
`PYTHONPATH`) has no such step."""

from __future__ import annotations


def as_fedtui_starts() -> None:
    try:
        from fedtui.memory import map_large_blocks
    except ImportError:
        pass
    else:
        map_large_blocks()
    try:
        from fedtui.frame_rate import pace_frames
    except ImportError:
        pass
    else:
        pace_frames()
