"""fedtui.core.local_filters: each rule kind, the file's problems by line, the guards."""

from __future__ import annotations

import html
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fedtui.core.local_filters import (
    MAX_PATTERN,
    NOTHING,
    Judgement,
    Rule,
    RuleKind,
    decide,
    full_acct,
    mute_block,
    parse_rules,
)
from fedtui.core.model import Account, Notification, Status
from fedtui.core.provenance import Why

ZOE = Account(id="1", username="zoe", acct="zoe@example.social", display_name="Zoe",
              url="https://example.social/@zoe")
BOB = Account(id="2", username="bob", acct="bob", display_name="Bob",
              url="https://home.example/@bob")


def status(text: str, sid: str = "10", account: Account = ZOE, **fields: object) -> Status:
    return Status(id=sid, account=account, content=f"<p>{html.escape(text)}</p>",
                  **fields)  # type: ignore[arg-type]


def rules(text: str) -> tuple[Rule, ...]:
    found, problems = parse_rules(text)
    assert problems == ()
    return found


def one(kind: str, value: str, name: str = "r") -> tuple[Rule, ...]:
    return rules(f"[[filter]]\nname = \"{name}\"\n{kind} = {value}\n")


def test_keywords_match_whole_words_in_any_case_and_name_what_matched() -> None:
    found = one("keywords", '["giveaway", "free BTC", "#airdrop"]')
    decision = decide(status("Huge GIVEAWAY today: Free  btc for all #Airdrop"), found)
    assert decision.title == "r"
    assert decision.hidden[0][1] == ("giveaway", "free btc", "#airdrop")
    assert decide(status("giveaways are fun, and airdrop alone is no hashtag"),
                  found) is NOTHING


def test_a_regex_matches_the_plain_text_never_the_html() -> None:
    found = one("regex", "'^buy\\s+now'")
    assert decide(status("BUY   now, cheap"), found).title == "r"
    assert decide(status("please <p>buy now"), found) is NOTHING  # the text, not markup
    link = Status(id="3", account=ZOE, content='<p><a href="https://buy.now">x</a></p>')
    assert decide(link, one("regex", "'buy'")) is NOTHING


def test_account_and_domain_mutes_hide_authors_and_boosters() -> None:
    accounts = one("accounts", '["@Zoe@example.social", "bob@home.example"]')
    domains = one("domains", '["example.social"]')
    assert decide(status("hi"), accounts).hidden[0][1] == ("zoe@example.social",)
    assert decide(status("hi", account=BOB), accounts).title == "r"  # a local account
    sub = Account(id="4", username="x", acct="x@eu.example.social", display_name="",
                  url="https://eu.example.social/@x")
    assert decide(status("hi", account=sub), domains).hidden[0][1] == ("eu.example.social",)
    boost = Status(id="11", account=ZOE, content="", reblog=status("hi", account=BOB))
    assert decide(boost, domains).title == "r"  # zoe boosted it
    other = Account(id="5", username="y", acct="y@notexample.social", display_name="",
                    url="")
    assert decide(status("hi", account=other), domains) is NOTHING
    assert full_acct(BOB) == "bob@home.example"


def test_a_notification_is_judged_by_its_post() -> None:
    found = one("keywords", '["spoiler"]')
    note = Notification(id="n1", type="mention", account=ZOE,
                        created_at=status("x").created_at, status=status("a spoiler"))
    assert decide(note, found).title == "r"


def test_describe_rules_wait_are_judged_and_keep_or_hide_with_the_threshold() -> None:
    found = rules('[[filter]]\nname = "crypto"\ndescribe = "crypto giveaways"\n'
                  'threshold = 0.6\njudge_before_showing = true\n')
    post = status("win 1 BTC")
    waiting = decide(post, found)
    assert waiting.pending == found and waiting.waiting and waiting.title == ""
    assert [f.sentence() for f in waiting.facts()] == [
        "Your local filter “crypto” (judged by the local model) has not judged it yet."]
    kept = decide(post, found, lambda rule, s: Judgement(1 / 3, 3))
    assert kept.title == "" and not kept.waiting
    assert kept.facts()[0].sentence() == (
        "Your local filter “crypto” (judged by the local model) judged it and kept it "
        "(“yes” in 1 of 3 answers, threshold 0.6).")
    hidden = decide(post, found, lambda rule, s: Judgement(2 / 3, 3))
    assert hidden.title == "crypto"
    assert hidden.facts()[0].detail == "hidden:describe"
    failed = decide(post, found, lambda rule, s: Judgement(0, 0, "no model"))
    assert failed.title == "" and not failed.waiting
    assert "could not decide on it (no model)" in failed.facts()[0].sentence()


def test_a_post_already_hidden_is_not_sent_to_the_model() -> None:
    found = rules('[[filter]]\nname = "d"\ndescribe = "x"\n\n'
                  '[[filter]]\nname = "k"\nkeywords = ["spam"]\n')
    asked: list[str] = []
    decision = decide(status("spam"), found, lambda rule, s: asked.append(s.id) or None)
    assert decision.title == "k" and asked == [] and decision.pending == ()


def test_every_decision_is_a_fact_for_the_why_panel() -> None:
    found = one("keywords", '["giveaway"]', name="giveaways")
    fact = decide(status("a giveaway"), found).facts()[0]
    assert fact.why is Why.LOCAL_FILTER and fact.names == ("giveaways",)
    assert fact.to_json()["reason"] == "local_filter"
    assert fact.sentence() == (
        "Your local filter “giveaways” (keywords) hides it (giveaway).")


@pytest.mark.parametrize(("text", "problem"), [
    ('[[filter]]\nname = "a"\nkeywords = ["x"]\n\n[[filter]]\nname = "b"\nregex = "(oops"\n',
     "line 5: filter “b”: the regular expression is not valid: missing )"),
    ('[[filter]]\nname = "a"\n', "line 1: filter “a” needs exactly one of"),
    ('[[filter]]\nname = "a"\nkeywords = "x"\n', "“keywords” must be a list of text"),
    ('[[filter]]\nname = "a"\nkeywords = ["x"]\nthreshold = 0.3\n',
     "threshold and judge_before_showing are for describe filters"),
    ('[[filter]]\nname = "a"\ndescribe = "x"\nthreshold = 2\n', "threshold must be"),
    ('[[filter]]\nname = "a"\nregex = "x"\ncolour = "red"\n', "unknown setting “colour”"),
    ('[[filter]]\nname = "a"\nregex = "' + "a" * (MAX_PATTERN + 1) + '"\n',
     f"longer than {MAX_PATTERN} characters"),
    ('[[filter]\nname = "a"\n', "at line 1"),
    ('[[filter]]\nname = "a"\nkeywords = ["x"]\n[[filter]]\nname = "a"\nkeywords = ["y"]\n',
     "line 4: two filters are called “a”"),
])
def test_a_broken_rule_is_named_by_its_line(text: str, problem: str) -> None:
    found, problems = parse_rules(text, "filters.toml")
    assert len(problems) == 1 and problem in problems[0], problems
    assert problems[0].startswith("filters.toml")
    assert all(rule.name != "b" for rule in found)


def test_a_catastrophic_pattern_is_stopped_by_its_timeout_and_said() -> None:
    found = one("regex", "'^(a|aa)+$'", name="slow")
    decision = decide(status("a" * 4900 + "!"), found)  # without the timeout: for ever
    assert decision.title == ""
    assert "took too long" in decision.facts()[0].sentence()


def test_the_mute_block_reads_back_as_the_same_rule() -> None:
    text = mute_block(RuleKind.ACCOUNTS, 'odd"name@ex.ample') + mute_block(
        RuleKind.DOMAINS, "ex.ample")
    found = rules(text)
    assert [(r.kind, r.terms) for r in found] == [
        (RuleKind.ACCOUNTS, ('odd"name@ex.ample',)), (RuleKind.DOMAINS, ("ex.ample",))]


def _plain(word: str) -> bool:
    """NFKC leaves it alone and its capitals fold back to it (not so: "ı", "Ŀ")."""
    return (unicodedata.normalize("NFKC", word) == word
            and word.upper().casefold() == word.casefold())


WORDS = st.text(alphabet=st.characters(categories=("L", "N"), max_codepoint=0x2FF),
                min_size=1, max_size=12).filter(_plain)


@settings(deadline=None)  # a loaded machine: no time limit per example
@given(word=WORDS, before=WORDS, after=WORDS)
def test_a_keyword_matches_exactly_when_it_stands_as_a_word(word: str, before: str,
                                                          after: str) -> None:
    escaped = word.replace("\\", "\\\\").replace('"', '\\"')
    found = one("keywords", f'["{escaped}"]')
    assert decide(status(f"{before} {word.upper()} {after}"), found).title == "r"
    glued = f"{before}{word}{after}"
    expected = re.search(rf"(?<!\w){re.escape(word.casefold())}(?!\w)", glued.casefold())
    assert bool(decide(status(glued), found).title) == bool(expected)


@settings(deadline=None)
@given(pattern=st.text(max_size=40), text=st.text(max_size=200))
def test_any_pattern_gives_rules_or_a_problem_never_a_crash(pattern: str, text: str) -> None:
    escaped = pattern.replace("\\", "\\\\").replace('"', '\\"')
    found, problems = parse_rules(f'[[filter]]\nname = "p"\nregex = "{escaped}"\n')
    assert bool(found) != bool(problems)
    decide(status(text), found)
