"""Local filters: the reader's own rules, from `filters.toml` in the config dir (pure).

Kinds: `keywords` (whole words or phrases, any case), `regex` (one regular expression),
`accounts` and `domains` (mutes: the author or the booster), and `describe` ("crypto
giveaways", judged post by post by the local model: `fedtui.core.filter_judge`). A rule
that matches folds the post behind the same one-line placeholder as a server filter, naming
the rule; `s` opens it.

Guards: a pattern longer than `MAX_PATTERN` is refused; patterns run on the post's
sanitised plain text cut to `MAX_TEXT` characters, with the `regex` module's timeout, so a
catastrophic pattern costs at most `REGEX_TIMEOUT` per post and is then said to be too slow.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from fedtui.core.model import Account, Notification, Status
from fedtui.core.provenance import Fact, Why
from fedtui.core.render import status_text

MAX_PATTERN = 500  # characters of a regular expression or a keyword
MAX_TEXT = 5000  # characters of a post's text a rule looks at
REGEX_TIMEOUT = 0.05  # seconds one regular expression may take on one post
_TABLE = re.compile(r"^\s*\[\[\s*filter\s*\]\]")


class RuleKind(StrEnum):
    KEYWORDS = "keywords"
    REGEX = "regex"
    ACCOUNTS = "accounts"
    DOMAINS = "domains"
    DESCRIBE = "describe"


KIND_LABELS = {RuleKind.KEYWORDS: "keywords", RuleKind.REGEX: "regular expression",
               RuleKind.ACCOUNTS: "muted account", RuleKind.DOMAINS: "muted domain",
               RuleKind.DESCRIBE: "judged by the local model"}


@dataclass(frozen=True, slots=True)
class Rule:
    """One `[[filter]]` table: its name, its kind and what it looks for."""

    name: str
    kind: RuleKind
    terms: tuple[str, ...]  # keywords, one regex, accounts, domains, or one description
    line: int = 0  # of its `[[filter]]` header in the file
    threshold: float = 0.5  # describe: the share of "yes" answers that hides the post
    before_showing: bool = False  # describe: the post waits until it is judged
    pattern: Any = field(default=None, compare=False, repr=False)  # compiled, when any


@dataclass(frozen=True, slots=True)
class Judgement:
    """The local model's answer for one post and one describe rule."""

    score: float  # share of "yes" among the answers
    answers: int = 0  # how many yes/no answers the score is made of
    error: str = ""  # why there is no answer (the model failed, said neither)


@dataclass(frozen=True, slots=True)
class Decision:
    """What the local filters decided for one post, rule by rule."""

    hidden: tuple[tuple[Rule, tuple[str, ...]], ...] = ()  # rules that hide it, and what matched
    judged: tuple[tuple[Rule, Judgement], ...] = ()  # describe rules that judged it
    pending: tuple[Rule, ...] = ()  # describe rules that have not judged it yet
    problems: tuple[tuple[Rule, str], ...] = ()  # rules that could not run on it (too slow)

    @property
    def title(self) -> str:
        """The hiding rules' names, for the placeholder ("" when shown)."""
        return ", ".join(rule.name for rule, _ in self.hidden)

    @property
    def waiting(self) -> bool:
        """The post is held back until a "judge before showing" rule has judged it."""
        return not self.hidden and any(rule.before_showing for rule in self.pending)

    def facts(self) -> tuple[Fact, ...]:
        """Every decision, for the why panel."""
        facts = [Fact(Why.LOCAL_FILTER, (rule.name,), f"hidden:{rule.kind}", matched=found)
                 for rule, found in self.hidden]
        for rule, judgement in self.judged:
            if judgement.error:
                facts.append(Fact(Why.LOCAL_FILTER, (rule.name,), f"failed:{rule.kind}",
                                  matched=(judgement.error,)))
            elif judgement.score < rule.threshold:
                facts.append(Fact(Why.LOCAL_FILTER, (rule.name,), f"kept:{rule.kind}",
                                  matched=(_score(rule, judgement),)))
        facts.extend(Fact(Why.LOCAL_FILTER, (rule.name,), f"pending:{rule.kind}")
                     for rule in self.pending)
        facts.extend(Fact(Why.LOCAL_FILTER, (rule.name,), f"failed:{rule.kind}",
                          matched=(problem,)) for rule, problem in self.problems)
        return tuple(facts)


NOTHING = Decision()


def _score(rule: Rule, judgement: Judgement) -> str:
    return (f"“yes” in {round(judgement.score * judgement.answers)} of {judgement.answers} "
            f"answers, threshold {rule.threshold:g}")


# -- reading the file ---------------------------------------------------------------------


def parse_rules(text: str, source: str = "filters.toml") -> tuple[tuple[Rule, ...],
                                                                   tuple[str, ...]]:
    """The rules of a filters file, and a problem per broken rule (naming its line)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return (), (f"{source}: {err}",)
    tables = data.get("filter", [])
    if not isinstance(tables, list):
        return (), (f"{source}: “filter” must be a list of [[filter]] tables.",)
    unknown = sorted(set(data) - {"filter"})
    problems = [f"{source}: unknown setting “{key}” (rules are [[filter]] tables)."
                for key in unknown]
    lines = [n for n, line in enumerate(text.splitlines(), 1) if _TABLE.match(line)]
    rules: list[Rule] = []
    for index, table in enumerate(tables):
        line = lines[index] if index < len(lines) else 0
        try:
            rules.append(_rule(table, line, index))
        except ValueError as err:
            problems.append(f"{source}, line {line}: {err}")
    names = [rule.name for rule in rules]
    problems.extend(f"{source}, line {rule.line}: two filters are called “{rule.name}”."
                    for n, rule in enumerate(rules) if rule.name in names[:n])
    return tuple(rules), tuple(problems)


def _rule(table: Any, line: int, index: int) -> Rule:
    if not isinstance(table, dict):
        raise ValueError("a filter must be a table.")
    kinds = [kind for kind in RuleKind if kind.value in table]
    name = table.get("name", f"filter {index + 1}")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("“name” must be some text.")
    name = " ".join(name.split())[:80]
    if len(kinds) != 1:
        raise ValueError(f"filter “{name}” needs exactly one of: "
                         f"{', '.join(k.value for k in RuleKind)}.")
    kind = kinds[0]
    known = {"name", kind.value, "threshold", "judge_before_showing"}
    if extra := sorted(set(table) - known):
        raise ValueError(f"filter “{name}”: unknown setting “{extra[0]}”.")
    if kind is not RuleKind.DESCRIBE and ("threshold" in table
                                          or "judge_before_showing" in table):
        raise ValueError(f"filter “{name}”: threshold and judge_before_showing are for "
                         "describe filters.")
    value = table[kind.value]
    single = kind in (RuleKind.REGEX, RuleKind.DESCRIBE)
    terms = (value,) if single and isinstance(value, str) else value
    if (not isinstance(terms, list | tuple) or not terms
            or not all(isinstance(t, str) and t.strip() for t in terms)):
        what = "some text" if single else "a list of text, such as [\"a\", \"b\"]"
        raise ValueError(f"filter “{name}”: “{kind.value}” must be {what}.")
    if too_long := [t for t in terms if len(t) > MAX_PATTERN]:
        raise ValueError(f"filter “{name}”: “{too_long[0][:20]}…” is longer than "
                         f"{MAX_PATTERN} characters.")
    terms = tuple(_normal(t) if kind is RuleKind.KEYWORDS else t.strip() for t in terms)
    if kind in (RuleKind.ACCOUNTS, RuleKind.DOMAINS):
        terms = tuple(t.lstrip("@").casefold() for t in terms)
    threshold = table.get("threshold", 0.5)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not (
            0 < threshold <= 1):
        raise ValueError(f"filter “{name}”: threshold must be a number above 0, at most 1.")
    before = table.get("judge_before_showing", False)
    if not isinstance(before, bool):
        raise ValueError(f"filter “{name}”: judge_before_showing must be true or false.")
    return Rule(name, kind, terms, line, float(threshold), before, _compile(name, kind, terms))


def _compile(name: str, kind: RuleKind, terms: tuple[str, ...]) -> Any:
    if kind is RuleKind.KEYWORDS:
        words = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{words})(?!\w)")
    if kind is RuleKind.REGEX:
        import regex

        try:
            return regex.compile(terms[0], regex.IGNORECASE | regex.VERSION0)
        except (regex.error, RecursionError, OverflowError) as err:
            raise ValueError(f"filter “{name}”: the regular expression is not valid: "
                             f"{err}.") from None
    if kind in (RuleKind.ACCOUNTS, RuleKind.DOMAINS):
        return frozenset(terms)
    return None


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def mute_block(kind: RuleKind, value: str) -> str:
    """A `[[filter]]` table muting one account or domain (appended by the mute key)."""
    name = f"mute @{value}" if kind is RuleKind.ACCOUNTS else f"mute {value}"
    return (f"\n[[filter]]\nname = {json.dumps(name, ensure_ascii=False)}\n"
            f"{kind.value} = [{json.dumps(value, ensure_ascii=False)}]\n")


# -- matching -----------------------------------------------------------------------------


def post_text(status: Status) -> str:
    """What text rules look at: the content warning, the text, media descriptions and the
    link card's title, as sanitised plain text, cut to `MAX_TEXT` characters."""
    parts = [status.spoiler_text, status_text(status),
             *(m.description or "" for m in status.media)]
    if status.card is not None:
        parts.append(status.card.title)
    return unicodedata.normalize("NFKC", "\n".join(p for p in parts if p))[:MAX_TEXT]


def full_acct(account: Account) -> str:
    """`name@domain`, also for an account of the reader's own server (acct is `name`)."""
    acct = account.acct.lstrip("@").casefold()
    if "@" in acct:
        return acct
    host = (urlsplit(account.url).hostname or "") if account.url else ""
    return f"{acct}@{host}" if host else acct


class _Post:
    """One post's text and people, worked out once for all the rules."""

    def __init__(self, status: Status, text: str) -> None:
        self.status, self.text = status, text

    @cached_property
    def folded(self) -> str:
        """The text as keywords see it (`post_text` is NFKC already)."""
        return " ".join(self.text.casefold().split())

    @cached_property
    def people(self) -> list[tuple[str, str]]:
        """The author and the booster: (acct as the server gives it, `full_acct`)."""
        status = self.status
        accounts = [status.shown.account] + ([status.account] if status.reblog else [])
        return [(a.acct.lstrip("@").casefold(), full_acct(a)) for a in accounts]

    @cached_property
    def domains(self) -> dict[str, str]:
        """Each server's domain and its parent domains -> the server's domain."""
        found: dict[str, str] = {}
        for _, full in self.people:
            domain = full.rpartition("@")[2] if "@" in full else ""
            labels = domain.split(".")
            for start in range(len(labels)):
                found.setdefault(".".join(labels[start:]), domain)
        return found


def _match(rule: Rule, post: _Post) -> tuple[str, ...]:
    """What of the post `rule` matched (empty: it does not match). TimeoutError: a
    regular expression ran too long."""
    if rule.kind is RuleKind.KEYWORDS:
        return tuple(dict.fromkeys(m.group(0) for m in rule.pattern.finditer(post.folded)))
    if rule.kind is RuleKind.REGEX:
        found = rule.pattern.search(post.text, timeout=REGEX_TIMEOUT)
        return (" ".join(found.group(0).split())[:60] or "(empty match)",) if found else ()
    if rule.kind is RuleKind.ACCOUNTS:
        return tuple(full for raw, full in post.people
                     if full in rule.pattern or raw in rule.pattern)
    if rule.kind is RuleKind.DOMAINS:
        return tuple(sorted({post.domains[d] for d in rule.pattern & post.domains.keys()}))
    return ()


def decide(item: Status | Notification, rules: Sequence[Rule],
           judged: Callable[[Rule, Status], Judgement | None] = lambda rule, status: None,
           text: str | None = None) -> Decision:
    """The local filters' decision for a post (a notification's post; none: nothing).
    `judged` gives a describe rule's judgement when there is one (None: not yet)."""
    status = item.status if isinstance(item, Notification) else item
    if status is None or not rules:
        return NOTHING
    post = _Post(status, post_text(status.shown) if text is None else text)
    hidden: list[tuple[Rule, tuple[str, ...]]] = []
    done: list[tuple[Rule, Judgement]] = []
    pending: list[Rule] = []
    problems: list[tuple[Rule, str]] = []
    for rule in sorted(rules, key=lambda r: r.kind is RuleKind.DESCRIBE):  # the model last
        if rule.kind is RuleKind.DESCRIBE:
            if hidden:  # already hidden: the model is not asked
                break
            judgement = judged(rule, status.shown)
            if judgement is None:
                pending.append(rule)
                continue
            done.append((rule, judgement))
            if not judgement.error and judgement.score >= rule.threshold:
                hidden.append((rule, (_score(rule, judgement),)))
            continue
        try:
            found = _match(rule, post)
        except TimeoutError:
            problems.append((rule, "it took too long on this post and was skipped"))
            continue
        if found:
            hidden.append((rule, found))
    if not (hidden or done or pending or problems):
        return NOTHING
    return Decision(tuple(hidden), tuple(done), tuple(pending), tuple(problems))
