"""The translation block under a post, and the language badge beside its author."""

from __future__ import annotations

from textual.content import Content

from fedtui.app.translation_desk import TranslationView, ViewState
from fedtui.core.langdetect import language_name
from fedtui.core.model import Status
from fedtui.core.sanitize import clean_line, clean_text
from fedtui.core.translation_result import FAILED_MESSAGE, Confidence
from fedtui.ui.ruled import ruled


def language_badge(lang: str) -> Content:
    return Content.styled(f" [{language_name(lang)}]", "$accent")


def translation_block(status: Status, view: TranslationView, model: str,
                      show_cw: bool, width: int | None = None) -> Content:
    """The label, then the translated fields, then any warning, under a left rule."""
    lines = [Content.styled(clean_line(view.label(model)), "italic $text-muted")]
    if view.state is ViewState.SAME_LANGUAGE:
        pass  # the label says it all; the original is right above
    elif view.state is ViewState.WAITING:
        lines.append(Content.styled("translating on this device…", "$text-muted"))
    elif view.state is ViewState.STREAMING:
        lines.append(Content(clean_text(view.partial) + " ▍"))
    elif view.state is ViewState.FAILED or view.result is None:
        lines.append(Content.styled(clean_line(view.error or FAILED_MESSAGE), "$error"))
    else:
        lines.extend(_fields(status, view, show_cw))
    return ruled(Content("\n").join(lines), Content.styled("┃ ", "$accent"), width)


def _fields(status: Status, view: TranslationView, show_cw: bool) -> list[Content]:
    result = view.result
    assert result is not None
    lines: list[Content] = []
    if result.spoiler is not None and result.spoiler.ok:
        lines.append(Content.styled(f"⚠ CW: {clean_line(result.spoiler.text)}", "bold $warning"))
    if show_cw or not status.shown.spoiler_text:
        lines.append(Content(clean_text(result.content.text)))
        poll = status.shown.poll
        if poll is not None and result.poll_options:
            for option, translated in zip(poll.options, result.poll_options, strict=False):
                text = translated.text if translated.ok else option.title
                lines.append(Content.styled(f"  ○ {clean_line(text)}", "$text-muted"))
        for _media_id, alt in result.media:
            if alt.ok:
                lines.append(Content.styled(f"  alt: {clean_line(alt.text)}", "$text-muted"))
    if result.confidence is Confidence.LOW:
        note = next((t.message for t in (result.content, result.spoiler) if t and t.message),
                    "May be wrong.")
        lines.append(Content.styled(f"⚠ {clean_line(note)} The original is above.", "$warning"))
    return lines
