"""fedtui.core.render: Mastodon HTML to safe RichText, and the other status text lines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fedtui.core import render
from fedtui.core.model import Account, Attachment, Card, CustomEmoji, Poll, PollOption, Status
from fedtui.core.render import (
    Block,
    BlockKind,
    RichText,
    Span,
    SpanKind,
    display_name,
    media_lines,
    poll_lines,
    render_html,
    render_plain,
    status_links,
)
from fedtui.core.sanitize import FORBIDDEN

T, LINK, MENTION, HASHTAG = SpanKind.TEXT, SpanKind.LINK, SpanKind.MENTION, SpanKind.HASHTAG
P, QUOTE, CODE, ITEM = BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.CODE, BlockKind.LIST_ITEM
BLOBCAT = CustomEmoji("blobcat", "http://localhost:3000/emoji/blobcat.png")


def blocks(html: str, emojis: tuple[CustomEmoji, ...] = ()) -> tuple[Block, ...]:
    return render_html(html, emojis).blocks


def para(*spans: Span, kind: BlockKind = P) -> Block:
    return Block(spans, kind)


# Mastodon's own markup (from the recorded 4.6.4 fixtures)

def test_link_hides_invisible_prefix() -> None:
    html = ('<p><a href="https://www.youtube.com/watch?v=FAEKjYroiME" target="_blank" '
            'rel="nofollow noopener" translate="no"><span class="invisible">https://www.</span>'
            '<span class="">youtube.com/watch?v=FAEKjYroiME</span>'
            '<span class="invisible"></span></a></p>')
    assert blocks(html) == (
        para(Span("youtube.com/watch?v=FAEKjYroiME", LINK,
                  "https://www.youtube.com/watch?v=FAEKjYroiME")),
    )


def test_quote_link_with_ellipsis_and_mention() -> None:
    html = ('<p class="quote-inline">RE: <a href="http://localhost:3000/@mastodonpy_test/1170"'
            ' rel="nofollow noopener"><span class="invisible">http://</span>'
            '<span class="ellipsis">localhost:3000/@mastodonpy_tes</span>'
            '<span class="invisible">t/1170</span></a></p><p><span class="h-card" translate="no">'
            '<a href="http://localhost:3000/@mastodonpy_test" class="u-url mention">@<span>'
            'mastodonpy_test</span></a></span> yoooo check this out</p>')
    rich = render_html(html)
    assert rich.blocks == (
        para(Span("RE: "), Span("localhost:3000/@mastodonpy_tes…", LINK,
                                "http://localhost:3000/@mastodonpy_test/1170")),
        para(Span("@mastodonpy_test", MENTION, "http://localhost:3000/@mastodonpy_test"),
             Span(" yoooo check this out")),
    )
    assert rich.plain == (
        "RE: localhost:3000/@mastodonpy_tes…\n\n@mastodonpy_test yoooo check this out")
    assert rich.links == ("http://localhost:3000/@mastodonpy_test/1170",)


def test_hashtag() -> None:
    html = ('<p>Toot number 18! <a href="http://localhost:3000/tags/fgiz" class="mention hashtag"'
            ' rel="tag">#<span>fgiz</span></a></p>')
    assert blocks(html) == (
        para(Span("Toot number 18! "), Span("#fgiz", HASHTAG, "http://localhost:3000/tags/fgiz")),
    )
    assert blocks('<a href="https://x.org/tag/a" rel="tag">#a</a>')[0].spans[0].kind is HASHTAG


# structure

def test_paragraphs_and_line_breaks() -> None:
    rich = render_html("<p>Hello  \n world <br> second<br/>third </p><p> two</p>")
    assert rich.blocks == (para(Span("Hello world\nsecond\nthird")), para(Span("two")))
    assert rich.plain == "Hello world\nsecond\nthird\n\ntwo"


def test_inline_styles() -> None:
    assert blocks("<p>a <strong>b</strong> <em>c</em> <b>d <i>e</i></b> <code>f()</code></p>") == (
        para(Span("a "), Span("b", SpanKind.STRONG), Span(" "), Span("c", SpanKind.EMPHASIS),
             Span(" "), Span("d e", SpanKind.STRONG), Span(" "), Span("f()", SpanKind.CODE)),
    )


def test_pre_keeps_whitespace() -> None:
    assert blocks("<p>x</p><pre>\ndef f():\n\treturn  1\n</pre>") == (
        para(Span("x")), para(Span("def f():\n    return  1"), kind=CODE),
    )
    assert blocks("<pre><code>a  b</code></pre>") == (
        para(Span("a  b", SpanKind.CODE), kind=CODE),
    )


def test_blockquote() -> None:
    assert blocks("<blockquote><p>quoted</p>bare</blockquote><p>after</p>") == (
        para(Span("quoted"), kind=QUOTE), para(Span("bare"), kind=QUOTE), para(Span("after")),
    )


def test_lists() -> None:
    html = ("<ul><li>one</li><li><p>two</p></li></ul>"
            "<ol start=\"3\"><li>three<ol><li>nested</li></ol></li><li>four</li></ol><li>x</li>")
    assert blocks(html) == (
        para(Span("• one"), kind=ITEM), para(Span("• two"), kind=ITEM),
        para(Span("3. three"), kind=ITEM), para(Span("  1. nested"), kind=ITEM),
        para(Span("4. four"), kind=ITEM), para(Span("• x"), kind=ITEM),
    )


def test_unknown_tags_show_their_text_and_entities_are_unescaped() -> None:
    assert blocks("<p><marquee>a &amp; b &lt;c&gt; &quot;d&quot; &#x1F600; &nbsp;e</marquee>"
                  "<h2>Head</h2></p>") == (
        para(Span('a & b <c> "d" 😀 \xa0e')), para(Span("Head", SpanKind.STRONG)),
    )


def test_custom_emoji() -> None:
    rich = render_html("<p>hi :blobcat: :unknown: <b>:blobcat:</b> <code>:blobcat:</code></p>",
                       (BLOBCAT,))
    assert rich.blocks == (
        para(Span("hi "), Span(":blobcat:", SpanKind.EMOJI), Span(" :unknown: "),
             Span(":blobcat:", SpanKind.EMOJI), Span(" "), Span(":blobcat:", SpanKind.CODE)),
    )
    assert blocks("<p>hi :blobcat:</p>") == (para(Span("hi :blobcat:")),)


def test_links_only_open_web_urls() -> None:
    rich = render_html('<p><a href="javascript:alert(1)">js</a> <a href="file:///etc/passwd">f</a>'
                       ' <a href="HTTPS://Example.org/a">web</a> <a href="https://e.org/x"></a>'
                       ' <a class="mention" href="data:x">@bob</a></p>')
    assert rich.blocks == (
        para(Span("js f "), Span("web", LINK, "HTTPS://Example.org/a"), Span(" "),
             Span("https://e.org/x", LINK, "https://e.org/x"), Span(" "),
             Span("@bob", MENTION, None)),
    )
    assert rich.links == ("HTTPS://Example.org/a", "https://e.org/x")


def test_empty_and_whitespace_only() -> None:
    assert render_html("") == RichText(())
    assert render_html("<p> </p><p><br></p>\n") == RichText(())


# hostile input

def test_script_and_style_contents_are_dropped() -> None:
    html = ("<p>a<script>alert('x')</script>b<style>p{color:red}</style>c"
            "<template><p>t</p><template>u</template>v</template>d</p>")
    assert render_html(html).plain == "abcd"


def test_terminal_escapes_in_content_never_pass() -> None:
    html = ("<p>\x1b[2Jclear \x1b]52;c;cm0gLXJmIH4=\x07clip \u202egnp.exe "
            "ad\u200bmin nul\x00 <a href=\"https://e.org/\x1b[31m\">l\x1b[0mink</a></p>")
    assert blocks(html) == (
        para(Span("clear clip gnp.exe admin nul "), Span("link", LINK, "https://e.org/")),
    )


def test_escapes_in_charrefs_never_pass() -> None:
    plain = render_html("<p>&#27;[2J&#x9b;31m&#0;x&#x202e;</p>").plain
    assert not any(ord(c) in FORBIDDEN for c in plain)
    assert plain.endswith("x")


def test_unclosed_and_malformed_markup() -> None:
    assert render_html("<p><b>bold <a href='https://e.org'>link").blocks == (
        para(Span("bold ", SpanKind.STRONG), Span("link", LINK, "https://e.org")),
    )
    assert render_html("</p></b>text</a><p").plain == "text<p"  # a cut-off tag stays text
    assert render_html("<p>a</p><![foo bar]>b<![CDATA[x]]>c<!-- hidden -->").plain == "a\n\nbc"
    assert render_html("<a href='https://e.org'>one<a href='https://f.org'>two</a>").links == (
        "https://e.org", "https://f.org")


def test_huge_nesting_keeps_text() -> None:
    deep = "<b>" * 20_000 + "deep" + "</b>" * 20_000
    assert render_html(deep).plain == "deep"
    spans = "<span><i>" * 10_000 + "x" + "</div>" * 10_000 + "</p>" * 10_000
    assert render_html(spans).plain == "x"
    assert render_html("<blockquote>" * 5000 + "q").blocks == (para(Span("q"), kind=QUOTE),)


def test_parser_failure_falls_back_to_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: object, data: str) -> None:
        raise AssertionError("parser bug")

    monkeypatch.setattr(render._Parser, "handle_data", broken)
    assert render_html("<p>a &amp; <b>b</b></p>").plain == "a & b"


tags = st.sampled_from(["<p>", "</p>", "<a href='https://x.org'>", "<a class='mention'>",
                        "</a>", "<br>", "<pre>", "</pre>", "<ul>", "<li>", "</ol>",
                        "<span class='invisible'>", "<span class='ellipsis'>", "</span>",
                        "<script>", "</script>", "<blockquote>", "<b>", "</i>", "<code>",
                        "<![x]>", "<!--", "&amp;", "&#27;", "&", "<", ">", "\x1b[2J", "\u202e",
                        "\u200b", "\x00", " ", "\n", "\t", ":blobcat:"])
html_soup = st.lists(st.one_of(tags, st.text(max_size=8)), max_size=40).map("".join)


@given(html_soup)
def test_any_html_renders_safely(html: str) -> None:
    rich = render_html(html, (BLOBCAT,))
    for block in rich.blocks:
        assert block.spans and all(span.text for span in block.spans)
        for span in block.spans:
            assert not any(ord(c) in FORBIDDEN for c in span.text + (span.href or ""))
            assert span.href is None or span.href.lower().startswith(("http://", "https://"))
    assert not any(ord(c) in FORBIDDEN for c in rich.plain)


# plain text and the other status lines

def test_render_plain() -> None:
    rich = render_plain("First line\nsecond :blobcat:\n\n \n\x1b[2JThird\t!\n", (BLOBCAT,))
    assert rich.blocks == (
        para(Span("First line\nsecond "), Span(":blobcat:", SpanKind.EMOJI)),
        para(Span("Third    !")),
    )
    assert render_plain("<b>not html</b>").plain == "<b>not html</b>"


def account(display: str = "", username: str = "alice") -> Account:
    return Account(id="1", username=username, acct=username, display_name=display, url="")


def test_display_name() -> None:
    assert display_name(account("Alice :blobcat: \u202e\n Smith")) == "Alice :blobcat: Smith"
    assert display_name(account(" \u200b\x1b[2J ")) == "alice"
    assert display_name(account("", "")) == ""


def status(**fields: object) -> Status:
    return Status(id="10", account=account(), content=str(fields.pop("content", "")),
                  **fields)  # type: ignore[arg-type]


def test_status_links_of_shown_status_with_card() -> None:
    inner = status(content='<p><a href="https://a.org/">a</a> <a class="mention" href="https://'
                           'm.org/@x">@x</a> <a href="https://b.org/">b</a> '
                           '<a href="https://a.org/">again</a></p>',
                   card=Card("https://b.org/", "B"))
    assert status_links(inner) == ("https://a.org/", "https://b.org/")
    boost = status(content="", reblog=inner)
    assert status_links(boost) == ("https://a.org/", "https://b.org/")
    carded = status(content="<p>x</p>", card=Card("http://example.org/", "Example Domain"))
    assert status_links(carded) == ("http://example.org/",)
    assert status_links(status(content="<p>x</p>", card=Card("javascript:x", "x"))) == ()


def test_media_lines() -> None:
    media = (Attachment("1", "image", "u", "A cat\non a mat"), Attachment("2", "video", "u"),
             Attachment("3", "gifv", "u", " "), Attachment("4", "audio\x1b[2J", "u", "song"))
    assert media_lines(status(reblog=status(media=media))) == [
        "[image] A cat on a mat", "[video] (no description)", "[gif] (no description)",
        "[audio] song",
    ]


NOW = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)


def test_poll_lines_single_choice_voted() -> None:
    poll = Poll("2", (PollOption("four twenty", 1), PollOption("sixty-nine", 3)),
                expires_at=NOW + timedelta(hours=2, minutes=5), votes_count=4,
                voters_count=4, voted=True, own_votes=(1,))
    assert poll_lines(poll, NOW) == [
        "  ███░░░░░░░  25% four twenty",
        "✓ ████████░░  75% sixty-nine",
        "4 people · voted · closes in 2h",
    ]


def test_poll_lines_multiple_choice_counts_voters() -> None:
    poll = Poll("1", (PollOption("a", 2), PollOption("b", 1), PollOption("c\x1b[2J", 0)),
                expired=True, multiple=True, votes_count=3, voters_count=2)
    assert poll_lines(poll, NOW) == [
        "  ██████████ 100% a",
        "  █████░░░░░  50% b",
        "  ░░░░░░░░░░   0% c",
        "2 people · multiple choice · closed",
    ]


def test_poll_lines_without_votes_hidden_totals_and_past_expiry() -> None:
    empty = Poll("3", (PollOption("x", 0),), expires_at=NOW - timedelta(seconds=1),
                 votes_count=0, voters_count=None)
    assert poll_lines(empty, NOW) == ["  ░░░░░░░░░░   0% x", "0 votes · closed"]
    hidden = Poll("4", (PollOption("x", None), PollOption("y", None)), votes_count=1,
                  voters_count=1, own_votes=(0,), voted=True)
    assert poll_lines(hidden, NOW) == ["✓ x", "  y", "1 person · results hidden · voted"]
