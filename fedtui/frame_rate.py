"""How often Textual may draw the screen: fedtui asks for 120 frames a second, not 60.

Textual draws a screen's changes on a timer of one period (1 / `TEXTUAL_FPS` s) that pauses
while nothing changes. A frame drawn after such a pause is late for the timer, which then
skips to the period after the next (textual/timer.py, `Timer._run`: a late tick sets
`count` one past the period running), so the next frame comes one to two periods after it.
A key pressed just after another frame (a streamed post's, the new-posts bar's) waited up
to two periods for its own: 33 ms at 60 frames a second, 17 at 120. Frames are drawn only
when something changed: the rate is a ceiling, not work (benchmarks/README.md, "Frames at
120 a second").
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

FRAMES_PER_SECOND = 120


def pace_frames(environ: MutableMapping[str, str] = os.environ) -> None:
    """Textual's frame ceiling, set before Textual is imported (it reads it then); a
    `TEXTUAL_FPS` the user set stays."""
    environ.setdefault("TEXTUAL_FPS", str(FRAMES_PER_SECOND))
