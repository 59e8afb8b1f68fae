"""What waits above a pane's reader: new posts on the list above the highlighted one, and
the newest posts the cap left on the server. The "▲ N new posts — press n" bar counts both;
`n`, or reaching the top of the list, shows them (the newest page loads for those on the
server)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fedtui.ui.widgets.pane_header import NewPostsBar

if TYPE_CHECKING:
    from fedtui.ui.widgets.pane import TimelinePane


class NewPosts:
    """The new posts above one pane's reader."""

    def __init__(self, pane: TimelinePane) -> None:
        self._pane = pane

    def on_list(self) -> int:
        """How many posts wait above the reader on the list (a post a filter hides is not
        on it: never "new" on screen). A lookup by id each, not the filters again: this
        runs at every key and every live beat."""
        state = self._pane.state
        if not state.unread_above:
            return 0
        status_list = self._pane.status_list
        return sum(1 for i in state.unread_ids if status_list.index_of(i) is not None)

    def say(self) -> None:
        """Say how many posts wait above (on the list, and on the server)."""
        pane = self._pane
        pane.query_one(NewPostsBar).say(self.on_list() + pane.state.newer_waiting)

    def show(self) -> None:
        """`n`: to the newest post, all read; those on the server load."""
        pane = self._pane
        on_top = pane.status_list.highlighted == 0
        pane.state.mark_read_to_top()
        pane.status_list.action_first()
        if on_top and pane.state.newer_cut:  # no move of the highlight loads them: here
            pane.load_latest()
        self.say()

    def reader_moved(self) -> None:
        """The highlight moved: on the top post, what was above is read, and the newest the
        cap left on the server (older pages pushed them out) load again."""
        pane = self._pane
        if pane.status_list.highlighted == 0 and pane.state.unread_above:
            pane.state.mark_read_to_top()
        if pane.status_list.highlighted == 0 and pane.state.newer_cut:
            pane.load_latest()
        self.say()
