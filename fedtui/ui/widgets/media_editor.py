"""The media part of the compose screen: files by path (with completion), alt text each,
upload progress. Files are only read when the post is sent."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Button, Input, Static

from fedtui.core.compose import MediaDraft


class PathSuggester(Suggester):
    """Completes a file path as it is typed (tab or right arrow accepts)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        return await asyncio.to_thread(complete_path, value)


def complete_path(value: str) -> str | None:
    """The first existing path that starts with `value` (directories end with a slash)."""
    expanded = os.path.expanduser(value)
    folder, prefix = os.path.split(expanded)
    try:
        names = sorted(os.listdir(folder or "."))
    except OSError:
        return None
    for name in names:
        if name.startswith(prefix) and (prefix.startswith(".") or not name.startswith(".")):
            if name == prefix:
                continue
            full = os.path.join(folder, name)
            suffix = name[len(prefix):] + ("/" if os.path.isdir(full) else "")
            return value + suffix
    return None


class MediaRow(Horizontal):
    """One attachment: its file name, its upload state and its alt text."""

    def __init__(self, media: MediaDraft) -> None:
        super().__init__(classes="media-row")
        self.media = media

    def compose(self) -> ComposeResult:
        yield Static(self._label(), classes="media-name", markup=False)
        yield Input(self.media.description, placeholder="alt text: describe it for people "
                    "who can't see it", classes="media-alt", compact=True)
        yield Button("✕", classes="media-remove", compact=True)

    def _label(self, state: str = "") -> str:
        name = Path(self.media.path).name
        done = "✓ " if self.media.media_id else ""
        return f"{done}{name}{f' · {state}' if state else ''}"

    def set_state(self, state: str) -> None:
        self.query_one(".media-name", Static).update(self._label(state))


class MediaEditor(Vertical):
    """Attachments of the draft; says `Changed` on every edit."""

    class Changed(Message):
        pass

    def __init__(self, media: tuple[MediaDraft, ...], max_media: int, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = media
        self.max_media = max_media

    def compose(self) -> ComposeResult:
        yield Input(placeholder="path of an image, video or audio file, then enter",
                    suggester=PathSuggester(), id="media-path", compact=True)
        for media in self._initial:
            yield MediaRow(media)

    @property
    def rows(self) -> list[MediaRow]:
        return list(self.query(MediaRow))

    def value(self) -> tuple[MediaDraft, ...]:
        return tuple(
            MediaDraft(row.media.path, row.query_one(".media-alt", Input).value,
                       row.media.media_id)
            for row in self.rows
        )

    def uploaded(self, index: int, media_id: str) -> None:
        """The file at `index` is on the server now: remember its id."""
        rows = self.rows
        if 0 <= index < len(rows):
            row = rows[index]
            row.media = MediaDraft(row.media.path, row.media.description, media_id)
            row.set_state("uploaded")

    def progress(self, index: int, state: str) -> None:
        rows = self.rows
        if 0 <= index < len(rows):
            rows[index].set_state(state)

    @on(Input.Submitted, "#media-path")
    def add_file(self, event: Input.Submitted) -> None:
        event.stop()
        path = os.path.expanduser(event.value.strip())
        if not path:
            return
        if len(self.rows) >= self.max_media:
            self.notify(f"This server allows at most {self.max_media} attachments.",
                        severity="warning")
            return
        if not os.path.isfile(path):
            self.notify(f"{path} is not a file.", severity="error")
            return
        row = MediaRow(MediaDraft(os.path.abspath(path)))
        self.mount(row)
        event.input.value = ""
        self.call_after_refresh(lambda: row.query_one(".media-alt", Input).focus())
        self.post_message(self.Changed())

    @on(Button.Pressed, ".media-remove")
    def remove_file(self, event: Button.Pressed) -> None:
        event.stop()
        for row in event.button.ancestors:
            if isinstance(row, MediaRow):
                row.remove()
                self.call_after_refresh(self.post_message, self.Changed())
                return

    @on(Input.Changed, ".media-alt")
    def alt_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed())
