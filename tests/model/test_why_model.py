"""The why panel's optional sentence by the real embedded model (Gemma 3 270M, base,
few-shot): whatever it says, a sentence shown names only accounts, hashtags and titles
that are among the facts."""

from __future__ import annotations

import re

import pytest

from fedtui.app.explain import phrase
from fedtui.core.provenance import Fact, Why
from fedtui.llm.llama_cpp import LlamaCppModel

pytestmark = [pytest.mark.model, pytest.mark.xdist_group("model")]

CASES = [
    (Fact(Why.SOURCE, detail="home"), Fact(Why.FOLLOWED_AUTHOR, ("bob",)),
     Fact(Why.IN_LIST, ("Close friends",), detail="bob")),
    (Fact(Why.SOURCE, detail="home"), Fact(Why.BOOSTED_BY, ("erin", "frank")),
     Fact(Why.IN_LIST, ("Birders",), detail="erin")),
    (Fact(Why.FOLLOWED_TAG, ("birds",)), Fact(Why.SERVER_FILTER, ("Herons",), detail="warn",
                                               matched=("heron",))),
    (Fact(Why.NOTIFICATION, ("gina",), detail="favourite"),),
    (Fact(Why.MENTIONS_YOU), Fact(Why.THREAD_YOU_JOINED, detail="to you"),
     Fact(Why.FOLLOWED_AUTHOR, ("zoe@example.social",))),
]



def test_a_shown_sentence_names_only_what_the_facts_name(gemma: LlamaCppModel) -> None:
    kept = 0
    for facts in CASES:
        checked = phrase(facts, gemma)
        if checked.sentence is None:
            assert checked.reason.startswith(("it names", "it says", "the model gave"))
            continue
        kept += 1
        named = {n.casefold() for fact in facts for n in (*fact.names, fact.detail) if n}
        named |= {n.partition("@")[0] for n in named}
        said = checked.sentence
        for handle in re.findall(r"@([\w.-]+(?:@[\w.-]+)?)", said):
            assert handle.casefold().rstrip(".") in named, said
        for tag in re.findall(r"#(\w+)", re.sub(r"@\S+", "", said)):
            assert tag.casefold() in named, said
        for title in re.findall(r"“([^”]+)”", said):
            assert title.casefold() in named, said
    print(f"kept {kept} of {len(CASES)} model sentences")
