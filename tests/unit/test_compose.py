"""fedtui.core.compose: the server's character count, reply defaults, alt text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fedtui.core.compose import (
    ComposeLimits,
    MediaDraft,
    PollDraft,
    PostDraft,
    characters_left,
    count_characters,
    countable_text,
    draft_problems,
    grapheme_length,
    missing_alt_text,
    more_private,
    reply_draft,
    reply_mentions,
)
from fedtui.core.model import Attachment, Status

LIMITS = ComposeLimits()


# --- graphemes -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("", 0),
    ("hello", 5),
    ("\r\n", 1),
    ("e\u0301", 1),  # e + combining acute
    ("👍🏽", 1),  # skin tone modifier
    ("👨\u200d👩\u200d👧\u200d👦", 1),  # family ZWJ sequence
    ("🏳️\u200d🌈", 1),  # rainbow flag
    ("🇫🇷🇩🇪", 2),  # two flags
    ("🇫🇷🇩", 2),  # a flag and a lone regional indicator
    ("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", 1),  # Scotland
    ("한국어", 3),
    ("\u1100\u1161\u11a8", 1),  # conjoining jamo
    ("नमस्ते", 3),  # Devanagari conjunct (Unicode 15.1 GB9c)
    ("ก่ำ", 1),  # Thai with SARA AM
    ("a\u200bb", 3),  # zero-width space is a control
])
def test_known_cluster_counts(text: str, expected: int) -> None:
    assert grapheme_length(text) == expected


# --- count_characters ------------------------------------------------------------------

def test_urls_count_as_reserved_length() -> None:
    assert count_characters("https://example.com/" + "a" * 200, LIMITS) == 23
    assert count_characters("see http://x.org/a?b=1.", LIMITS) == 4 + 23 + 1
    custom = ComposeLimits(characters_reserved_per_url=10)
    assert count_characters("https://example.com/long/path", custom) == 10


def test_mentions_count_without_domain() -> None:
    assert count_characters("@bob@mastodon.social hi", LIMITS) == len("@bob hi")
    assert count_characters("@bob hi", LIMITS) == 7
    assert countable_text("mail x@y.z and @a@b.c") == "mail x@y.z and @a"


def test_url_inside_wins_over_mention() -> None:
    assert countable_text("https://host.example/@bob@other.example") == "x" * 23


def test_emoji_and_spoiler() -> None:
    assert count_characters("🇫🇷👨\u200d👩\u200d👧", LIMITS) == 2
    assert count_characters("body", LIMITS, spoiler_text="cw 🔥") == 4 + 4


@given(st.text(alphabet="abc @.:/hts🇫🇷é\u0301", max_size=40),
       st.text(alphabet="abc @.:/hts🇫🇷é\u0301", max_size=40))
def test_count_is_at_most_codepoints_plus_urls(a: str, b: str) -> None:
    n = count_characters(a, LIMITS)
    assert n >= 0
    # without URLs a text never counts more than its code points
    if "://" not in a:
        assert n <= len(a)
    # the content warning adds exactly its own length
    assert count_characters(a, LIMITS, spoiler_text=b) == n + grapheme_length(b)


@given(st.from_regex(r"[a-z]{1,10}\.(com|org|social)(/[a-z0-9]{0,30})?", fullmatch=True),
       st.sampled_from(["http", "https"]), st.integers(min_value=1, max_value=50))
def test_any_url_counts_as_the_reserved_length(host: str, scheme: str, reserved: int) -> None:
    limits = ComposeLimits(characters_reserved_per_url=reserved)
    assert count_characters(f"{scheme}://{host}", limits) == reserved
    assert count_characters(f"a {scheme}://{host} b", limits) == reserved + 4


@given(st.from_regex(r"[a-z0-9_]{1,12}", fullmatch=True),
       st.from_regex(r"[a-z]{1,10}\.[a-z]{2,6}", fullmatch=True))
def test_any_remote_mention_counts_as_local(user: str, domain: str) -> None:
    assert count_characters(f"@{user}@{domain}", LIMITS) == 1 + len(user)


def test_characters_left_and_problems() -> None:
    limits = ComposeLimits(max_characters=10)
    assert characters_left(PostDraft(text="12345"), limits) == 5
    assert draft_problems(PostDraft(text="x" * 11), limits) == [
        "The post is 1 characters over the limit of 10."]
    assert draft_problems(PostDraft(), limits) == ["The post is empty."]
    assert draft_problems(PostDraft(text="q", poll=PollDraft(("a",))), limits)
    assert draft_problems(PostDraft(text="q", poll=PollDraft(("a", "b"))), limits) == []
    assert draft_problems(PostDraft(text="q", poll=PollDraft(("a", "A"))), limits)
    assert draft_problems(PostDraft(text="q", poll=PollDraft(("a", "b"), expires_in=5)),
                          limits)


# --- replies ----------------------------------------------------------------------------

def _status(author: str, mentions: list[str], visibility: str = "public",
            spoiler: str = "") -> Status:
    return Status.from_api({
        "id": "10", "content": "<p>hi</p>", "visibility": visibility,
        "spoiler_text": spoiler, "sensitive": bool(spoiler),
        "account": {"id": "1", "username": author.split("@")[0], "acct": author},
        "mentions": [{"id": str(i), "acct": m, "username": m.split("@")[0], "url": ""}
                     for i, m in enumerate(mentions)],
    })


def test_reply_mentions_author_first_without_self_and_duplicates() -> None:
    status = _status("alice", ["bob", "carol@other.example", "alice", "Carol@other.example"])
    assert reply_mentions(status, "bob") == "@alice @carol@other.example "
    assert reply_mentions(status, "@bob@home.example") == "@alice @carol@other.example "
    assert reply_mentions(_status("bob", []), "bob") == ""


def test_reply_to_a_boost_addresses_the_boosted_post() -> None:
    inner = _status("carol", ["dave@x.example"])
    boost = Status.from_api({"id": "11", "content": "", "account": {"id": "2", "acct": "eve"},
                             "reblog": {"id": "10", "content": "", "account": {
                                 "id": "1", "acct": "carol"}, "mentions": [
                                 {"id": "5", "acct": "dave@x.example"}]}})
    assert reply_mentions(boost, "bob") == reply_mentions(inner, "bob")
    assert reply_draft(boost, "bob").in_reply_to_id == "10"


def test_reply_draft_carries_cw_and_the_more_private_visibility() -> None:
    status = _status("alice", [], visibility="private", spoiler="spoilers")
    draft = reply_draft(status, "bob", default_visibility="public", default_language="de")
    assert draft.spoiler_text == "spoilers"
    assert draft.visibility == "private"
    assert draft.in_reply_to_id == "10"
    assert draft.language == "de"
    assert draft.text == "@alice "
    assert reply_draft(_status("alice", []), "bob", "unlisted").visibility == "unlisted"
    assert more_private("direct", "public") == "direct"
    assert more_private("", "public") == more_private("", "") == "public"
    # a server's own visibility (Akkoma's local-only posts, its lists) or a hostile value:
    # never answered more widely than followers
    assert reply_draft(_status("alice", [], visibility="local"), "bob").visibility == "private"
    assert more_private("list", "public") == "private"
    assert more_private("publicx[/]", "direct") == "direct"


def test_missing_alt_text() -> None:
    with_alt = Attachment(id="1", type="image", url="u", description="a cat")
    without = Attachment(id="2", type="image", url="u", description=None)
    blank = MediaDraft(path="/tmp/x.png", description="  ")
    assert missing_alt_text([with_alt, without, blank]) == [without, blank]


def test_post_draft_defaults() -> None:
    draft = PostDraft(scheduled_at=datetime(2030, 1, 1, tzinfo=UTC))
    assert draft.visibility == "public" and draft.poll is None and draft.media_ids == ()
