"""The model's one job in a summary: say a quoted sentence shorter, then be checked.

The task is completion-style few-shot (the embedded model is a base model). The quoted
sentence is the query, a labelled block of data: the format strips blank lines and stops
at the next label, so a post cannot end the block or add turns. Whatever comes back is
kept only if `fedtui.core.faithful.check` passes; the quote stays otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from fedtui.core.faithful import ENGLISH, Verdict, check, words
from fedtui.core.lexicon import Lexicon
from fedtui.core.prompts import FewShotTask
from fedtui.core.sanitize import clean_line
from fedtui.core.summary import Point, trim
from fedtui.core.translate import TaskRunner

EXAMPLES = (
    ("I honestly think we should move the meetup to Friday because most of us work late "
     "on Thursdays.", "Move the meetup to Friday: most work late on Thursdays."),
    ("The new release fixed the crash for me, but the sync still does not work on my old "
     "phone.", "The release fixed the crash; sync still does not work on an old phone."),
    ("We counted 42 cranes at the lake this morning, which is twice as many as last year!",
     "42 cranes at the lake this morning, twice last year's count."),
)


def phrase_task(sentence: str) -> FewShotTask:
    return FewShotTask(
        instruction="Shorten each sentence from a social media post. Keep every name, "
                    "number, date and negation. Add nothing.",
        examples=EXAMPLES,
        query=sentence,
        input_label="Sentence",
        output_label="Short",
    )


def phrase(point: Point, cited: Sequence[str], runner: TaskRunner,
           lex: Lexicon = ENGLISH) -> tuple[Point, Verdict]:
    """`point` with its body phrased by the model when the check passes (in the language of
    `lex`, that of the quote), else as it was; and the verdict."""
    task = phrase_task(point.quoted or point.body)
    pieces = runner(task, max_tokens=max(16, len(point.body) // 2), stop=("\n",),
                    guide=task.query)
    answer = clean_line("".join(pieces))
    if answer.startswith(f"{task.output_label}:"):
        answer = answer[len(task.output_label) + 1:].strip()
    verdict = check(answer, point.quoted or point.body, cited, lex)
    if not verdict.ok or words(answer) == words(point.body):
        return point, verdict if not verdict.ok else Verdict(False, "same words")
    return replace(point, body=trim(answer), phrased=True), verdict
