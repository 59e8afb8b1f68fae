"""The why panel's optional line: the facts said in one sentence by the model, then checked.

The facts come from data (`fedtui.core.provenance`); the model may only phrase them. The
task is completion-style few-shot (the embedded model is a base model), the facts being
the query: one labelled block of data. The sentence is kept only when every account
(`@name`), hashtag (`#tag`), quoted title (a list, a filter) and capitalised name it
says is among the facts, and it has no number the facts lack; otherwise `check` says
which name or number was not there, and the panel shows the facts alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from fedtui.core.prompts import FewShotTask
from fedtui.core.provenance import Fact
from fedtui.core.sanitize import clean_line

LABEL = "model text · on this device · may be wrong"
MAX_TOKENS = 60

EXAMPLES = (
    ("You follow the author @ana. @ana is in your lists: Book club. It came from your "
     "home timeline.",
     "You follow @ana, who is in your list “Book club”, so the post is in your home."),
    ("Boosted by accounts you follow: @kim, @lou. It came from your home timeline.",
     "@kim and @lou, whom you follow, boosted it into your home timeline."),
    ("It carries hashtags you follow: #knitting. Your server's filter “Yarn” folds it "
     "(matched: yarn).",
     "It carries #knitting, which you follow, and your filter “Yarn” folds it."),
)

_HANDLE = re.compile(r"@([\w.-]+(?:@[\w.-]+)?)")
_TAG = re.compile(r"#(\w+)")
_QUOTED = re.compile(r"[“\"«„]([^”\"»“]+)[”\"»“]")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def facts_text(facts: Sequence[Fact]) -> str:
    """The facts as the query: their plain sentences on one line."""
    return " ".join(fact.sentence() for fact in facts)


def why_task(facts: Sequence[Fact]) -> FewShotTask:
    return FewShotTask(
        instruction="Say in one plain sentence why the reader sees a post. Use only the "
                    "facts given; name no one and nothing else.",
        examples=EXAMPLES,
        query=facts_text(facts),
        input_label="Facts",
        output_label="Sentence",
    )


@dataclass(frozen=True)
class Checked:
    sentence: str | None  # the model's sentence, when it passed
    reason: str = ""  # why it did not


def _fold(text: str) -> str:
    return text.strip(".,;:!?").casefold()


def check(answer: str, facts: Sequence[Fact]) -> Checked:
    """The model's first sentence, kept only if it names nothing and no number that the
    facts do not hold."""
    sentence = clean_line(answer).strip()
    if (end := re.search(r"[.!?](\s|$)", sentence)) is not None:
        sentence = sentence[:end.start() + 1]
    if len(_WORD.findall(sentence)) < 3:
        return Checked(None, "the model gave no sentence")
    known = facts_text(facts)
    names = {_fold(name) for fact in facts for name in (*fact.names, fact.detail) if name}
    handles = names | {name.partition("@")[0] for name in names}
    for handle in _HANDLE.findall(sentence):
        if _fold(handle) not in handles:
            return Checked(None, f"it names @{handle}, who is not among the facts")
    rest = _HANDLE.sub(" ", sentence)
    for tag in _TAG.findall(rest):
        if _fold(tag) not in names:
            return Checked(None, f"it names #{tag}, which is not among the facts")
    for title in _QUOTED.findall(rest):
        if _fold(title) not in names and title.casefold() not in known.casefold():
            return Checked(None, f"it names “{title}”, which is not among the facts")
    numbers = set(_NUMBER.findall(known))
    for number in _NUMBER.findall(rest):
        if number not in numbers:
            return Checked(None, f"it says {number}, which is not among the facts")
    words = {_fold(word) for word in _WORD.findall(known)} | {
        _fold(part) for name in names for part in _WORD.findall(name)}
    plain = _TAG.sub(" ", rest)
    for index, word in enumerate(_WORD.findall(plain)):
        if index and word[0].isupper() and _fold(word) not in words:
            return Checked(None, f"it names {word}, which is not among the facts")
    return Checked(sentence)
