"""Which auto-translations run first, and which are dropped, over every pane on screen.

Each list of posts (a pane, a thread) reports its window: the posts on its screen and the
next ones below. The focused list's posts on screen go first, then the posts on screen in
the other lists, then every list's next posts. A post's translation is dropped only when
it is in no window at all: one pane scrolling away no longer cancels what another pane
shows (with four panes that cancelled nearly every job before it finished).

Pure: ids in, ranks and drops out; the translation desk submits and cancels the jobs.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum


class Rank(IntEnum):
    """Lower runs sooner (the scheduler's priorities below the reader's own `t`)."""

    FOCUSED = 1  # on screen in the focused list
    SHOWN = 2  # on screen in another list
    UPCOMING = 3  # just below the fold of any list


@dataclass(frozen=True, slots=True)
class Window:
    """One list's posts on screen and the next ones, top to bottom (post ids)."""

    visible: tuple[str, ...] = ()
    upcoming: tuple[str, ...] = ()

    @classmethod
    def of(cls, visible: Iterable[str], upcoming: Iterable[str] = ()) -> Window:
        return cls(tuple(visible), tuple(upcoming))


@dataclass
class ViewBoard:
    """The window of every list that shows posts, and which list has the focus."""

    windows: dict[Hashable, Window] = field(default_factory=dict)
    focused: Hashable | None = None

    def report(self, source: Hashable, window: Window, *, focused: bool = False) -> None:
        """`source` shows `window` now (it replaces what it showed before)."""
        self.windows[source] = window
        if focused:
            self.focused = source

    def focus(self, source: Hashable) -> None:
        self.focused = source

    def forget(self, source: Hashable) -> None:
        """`source` is gone (a closed pane or thread) or shows nothing."""
        self.windows.pop(source, None)
        if self.focused == source:
            self.focused = None

    def in_view(self, post_id: str) -> bool:
        return any(post_id in w.visible or post_id in w.upcoming for w in self.windows.values())

    def gone(self, post_ids: Iterable[str]) -> set[str]:
        """The posts among `post_ids` that no list shows or is about to show."""
        kept = {p for w in self.windows.values() for p in (*w.visible, *w.upcoming)}
        return {p for p in post_ids if p not in kept}

    def ranked(self) -> list[tuple[str, Rank]]:
        """Every post in a window with its best rank, in the order to translate them:
        by rank, then the focused list first, then top to bottom."""
        best: dict[str, tuple[Rank, int, int]] = {}
        for order, (source, window) in enumerate(self._by_focus()):
            on_screen = Rank.FOCUSED if source == self.focused else Rank.SHOWN
            for rank, ids in ((on_screen, window.visible), (Rank.UPCOMING, window.upcoming)):
                for position, post_id in enumerate(ids):
                    key = (rank, order, position)
                    if post_id not in best or key < best[post_id]:
                        best[post_id] = key
        return [(post_id, key[0]) for post_id, key in sorted(best.items(), key=lambda i: i[1])]

    def _by_focus(self) -> Sequence[tuple[Hashable, Window]]:
        items = list(self.windows.items())
        return sorted(items, key=lambda item: item[0] != self.focused)
