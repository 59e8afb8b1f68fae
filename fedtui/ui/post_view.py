"""A status as styled Textual `Content`: the one place that decides how a post looks.

Text comes from `fedtui.core.render`, already sanitised; styles use theme variables so
every theme colours posts its own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.content import Content

from fedtui.app.translation_desk import TranslationView
from fedtui.core.bounded import Recent
from fedtui.core.filters import Verdict, filter_verdict
from fedtui.core.folding import fold_at, more_lines
from fedtui.core.model import Account, CustomEmoji, Notification, NotificationGroup, Status
from fedtui.core.notification_kinds import notification_verb
from fedtui.core.render import (
    BlockKind,
    RichText,
    SpanKind,
    media_lines,
    poll_lines,
    render_html,
)
from fedtui.core.sanitize import clean_line
from fedtui.core.timefmt import absolute_time, relative_time
from fedtui.ui.quote_box import quote_box
from fedtui.ui.ruled import ruled
from fedtui.ui.translation_card import language_badge, translation_block

SPAN_STYLES = {
    SpanKind.TEXT: "",
    SpanKind.LINK: "underline $accent",
    SpanKind.MENTION: "$secondary",
    SpanKind.HASHTAG: "$secondary",
    SpanKind.CODE: "$warning",
    SpanKind.EMOJI: "$text-muted",
    SpanKind.STRONG: "bold",
    SpanKind.EMPHASIS: "italic",
}

#: Characters of a card's one-line texts at most (a server may send 200 kB in any of them):
#: names, handles, content warnings, link titles, filter names. Longer ones end in "…".
NAME_CHARS = 64
ACCT_CHARS = 96
CW_CHARS = 280
TITLE_CHARS = 160
#: A post's text longer than this is wrapped only this far to fold it (how many lines
#: follow is guessed from those): a 200 kB text would take a fifth of a second to wrap.
WRAP_CHARS = 16_000

#: Notifications about the reader's own post: that post is shown as one line.
BRIEF_NOTIFICATIONS = frozenset({"favourite", "reblog", "poll"})


@dataclass(frozen=True, slots=True)
class ViewOptions:
    now: datetime
    show_cw: bool = False  # `s`: the content warning or filter opened, a long post unfolded
    depth: int = 0  # indentation level in a thread tree
    foreign_language: str | None = None  # shown as a badge: a language the reader doesn't read
    translation: TranslationView | None = None
    model_name: str = ""
    relative_times: bool = True  # "5m"; False: "Mar 3, 2024, 14:05" in the local time zone
    width: int | None = None  # cells for the card, when known: rules then run down every line
    head: str = ""  # a muted line above the card ("❝ quoted by …" in a thread)
    local_fold: str = ""  # the names of the local filters that hide it (folded like WARN)
    #: the keys the card names: the one that shows what is folded (`s`), the one that
    #: opens the quoted post (`i`), as the user's `[keymap]` has them
    card_keys: tuple[str, str] = ("s", "i")


def when(moment: datetime, options: ViewOptions) -> str:
    """When something happened, as the reader chose to see it."""
    if options.relative_times:
        return relative_time(moment, options.now)
    return absolute_time(moment, options.now.astimezone().tzinfo)


def short_line(text: str, limit: int) -> str:
    """`text` on one safe line of at most `limit` characters (cut with "…")."""
    line = clean_line(text[: 4 * limit])  # whitespace runs fold: read a little more
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _name(account: Account) -> str:
    """`display_name`, cut short (its whole text is never cleaned)."""
    return (short_line(account.display_name, NAME_CHARS)
            or short_line(account.username, NAME_CHARS) or short_line(account.acct, ACCT_CHARS))


def _account_line(account: Account) -> Content:
    return Content.assemble(
        (_name(account), "bold $primary"),
        " ",
        (f"@{short_line(account.acct, ACCT_CHARS)}", "$text-muted"),
    )


def rich_text_content(text: RichText) -> Content:
    """Blocks as lines; quotes get a bar, code blocks keep their spacing."""
    blocks: list[Content] = []
    for block in text.blocks:
        parts = [(span.text, SPAN_STYLES[span.kind]) for span in block.spans]
        content = Content.assemble(*parts)
        if block.kind is BlockKind.QUOTE:
            content = Content.assemble(("▎ ", "$text-muted"), content.stylize("italic"))
        elif block.kind is BlockKind.CODE:
            content = content.stylize("$warning")
        blocks.append(content)
    return Content("\n").join(blocks)


#: Drawn post texts by (HTML, emojis, opened, width): a card drawn again for another time
#: or count keeps its text (parsing and folding it is most of a card's cost).
Bodies = Recent[tuple[str, tuple[CustomEmoji, ...], bool, int | None], Content]


def post_body(status: Status, opened: bool, width: int | None,
              bodies: Bodies | None = None, show_key: str = "s") -> Content:
    """The text of a post as its card shows it: folded when long, unless `opened`
    (`show_key` opens it: the list's `bodies` are for one key)."""
    key = (status.content, status.emojis, opened, width)
    if bodies is not None and (drawn := bodies.get(key)) is not None:
        return drawn
    body = rich_text_content(render_html(status.content, status.emojis))
    drawn = body if opened else folded(body, width, show_key)
    if bodies is not None:
        bodies[key] = drawn
    return drawn


def status_content(status: Status, options: ViewOptions, bodies: Bodies | None = None) -> Content:
    """The card of one status (or of the post it boosts, with the booster named); texts
    drawn before are taken from `bodies`."""
    shown = status.shown
    lines: list[Content] = []
    if options.head:
        lines.append(Content.styled(short_line(options.head, TITLE_CHARS), "$text-muted"))
    if status.reblog is not None:
        lines.append(Content.assemble(("↻ ", "$success"),
                                      (f"{_name(status.account)} boosted", "$text-muted")))
    meta = [f" · {when(shown.created_at, options)}"]
    if shown.edited_at is not None:
        meta.append(" · edited")
    if shown.visibility in ("private", "direct"):
        meta.append(f" · {'followers only' if shown.visibility == 'private' else 'direct'}")
    head = _account_line(shown.account) + Content.styled("".join(meta), "$text-muted")
    if options.foreign_language:
        head += language_badge(options.foreign_language)
    lines.append(head)
    inner = options.width - _depth_rule(options.depth).cell_length if options.width else None
    translated = (translation_block(status, options.translation, options.model_name,
                                    options.show_cw, inner)
                  if options.translation is not None else None)

    verdict = filter_verdict(shown)
    folds = ([f"Filtered: {short_line(verdict.title, TITLE_CHARS)}"]
             if verdict.action == Verdict.WARN else []) + (
        [f"Your filter: {short_line(options.local_fold, TITLE_CHARS)}"]
        if options.local_fold else [])
    if folds and not options.show_cw:
        lines.append(Content.styled(f"⚠ {' · '.join(folds)} — press {options.card_keys[0]} "
                                    "to show", "$warning"))
        return _indent(Content("\n").join(lines), options)
    if shown.spoiler_text:
        cw = short_line(shown.spoiler_text, CW_CHARS)
        if not options.show_cw:
            lines.append(Content.styled(f"⚠ CW: {cw} — press {options.card_keys[0]} to show",
                                        "bold $warning"))
            if translated is not None:
                lines.append(translated)
            return _indent(Content("\n").join([*lines, _counts(shown)]), options)
        lines.append(Content.styled(f"⚠ CW: {cw}", "bold $warning"))
    lines.append(post_body(shown, options.show_cw, inner, bodies, options.card_keys[0]))
    lines.extend(Content.styled(line, "$text-muted") for line in media_lines(shown))
    if shown.poll is not None:
        lines.extend(Content(line) for line in poll_lines(shown.poll, options.now))
    if shown.card is not None:
        title = short_line(shown.card.title, TITLE_CHARS)
        lines.append(Content.styled(f"🔗 {title}", "$text-muted"))
    if (quote := shown.quote) is not None:
        quoted = when(quote.status.created_at, options) if quote.status is not None else ""
        lines.append(quote_box(quote, options.show_cw, quoted, inner, options.card_keys))
    if translated is not None:
        lines.append(translated)
    lines.append(_counts(shown))
    return _indent(Content("\n").join(lines), options)


def folded(body: Content, width: int | None, show_key: str = "s") -> Content:
    """A post's text cut to its first lines on screen, with "… N more lines" after them,
    when it is long at `width` (the cells of a line; unknown: shown whole)."""
    if width is None or width < 2:
        return body
    plain = body.plain
    if fold_at(3 * len(plain) // width + plain.count("\n") + 1) is None:
        return body  # too short to fold at this width: no need to wrap it here
    lines = body[:WRAP_CHARS].wrap(width)  # a huge text: its first lines, the rest guessed
    rest = round(len(lines) * (len(plain) - WRAP_CHARS) / WRAP_CHARS) \
        if len(plain) > WRAP_CHARS else 0
    keep = fold_at(len(lines) + rest)
    if keep is None:
        return body
    return Content("\n").join([*lines[:keep], Content.styled(
        more_lines(len(lines) + rest - keep, show_key), "italic $text-muted")])


def _counts(status: Status) -> Content:
    parts = [
        f"↩ {status.replies_count}",
        f"↻ {status.reblogs_count}" + ("✓" if status.reblogged else ""),
        f"★ {status.favourites_count}" + ("✓" if status.favourited else ""),
    ]
    if status.bookmarked:
        parts.append("🔖")
    return Content.styled("   ".join(parts), "$text-muted")


def _depth_rule(depth: int) -> Content:
    """The rule in front of each line of a reply in a thread tree (none at the top)."""
    return Content.styled("│ " * min(max(depth, 0), 8), "$text-muted")


def _indent(content: Content, options: ViewOptions) -> Content:
    if options.depth <= 0:
        return content
    return ruled(content, _depth_rule(options.depth), options.width)


def notification_content(notification: Notification, options: ViewOptions,
                         bodies: Bodies | None = None) -> Content:
    """A notification: who did what, then the post it is about."""
    verb = notification_verb(notification.type)
    others = ""
    if isinstance(notification, NotificationGroup) and notification.notifications_count > 1:
        more = notification.notifications_count - 1
        others = f" and {more} other{'s' if more != 1 else ''}"
    head = Content.assemble(
        ("● ", "$accent"),
        (_name(notification.account), "bold $primary"),
        (others, "bold"),
        (f" {verb}", ""),
        (f" · {when(notification.created_at, options)}", "$text-muted"),
    )
    if notification.status is None:
        return head
    if notification.type in BRIEF_NOTIFICATIONS:
        return head + "\n" + brief_status(notification.status)
    return head + "\n" + status_content(notification.status, options, bodies)


def brief_status(status: Status, width: int = 120) -> Content:
    """One muted line of a post, for notifications about the reader's own posts."""
    shown = status.shown
    text = short_line(shown.spoiler_text or render_html(shown.content, shown.emojis).plain,
                      width)
    return Content.styled(f"“{text}”", "italic $text-muted")
