"""The summarise service with a scripted model: streaming, cancelling, the cache, the
translation of foreign posts first, and phrasings kept only when they pass the check."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from fedtui.app.summarise import Helpers, Source, Summaries, catchup_of, newest
from fedtui.core.model import Status
from fedtui.core.prompts import FewShotTask
from fedtui.core.summary import Reader


def status(sid: str, who: str, text: str, parent: str | None = None, *,
           lang: str = "en", edited: str | None = None, **counts: int) -> Status:
    data: dict[str, Any] = {
        "id": sid, "content": f"<p>{text}</p>", "language": lang, "in_reply_to_id": parent,
        "account": {"id": f"a-{who}", "acct": who, "username": who},
        "edited_at": edited, **counts}
    return Status.from_api(data)


THREAD = (
    status("1", "bob", "Should the choir sing at the market on Saturday at 11?",
           replies_count=4),
    status("2", "ann", "Saturday at 11 works, but not in the rain.", "1", reblogs_count=2),
    status("3", "udo", "Samstag um 11 kann ich nicht, ich arbeite.", "1", lang="de"),
    status("4", "bob", "Then we sing at 11 unless it rains.", "2"),
)


def source(statuses: tuple[Status, ...] = THREAD) -> Source:
    return Source("thread", statuses, root_id="1")


class Model:
    """Answers every phrasing with `answer` (the same for every point)."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.calls = 0

    def __call__(self, task: FewShotTask, *, max_tokens: int,
                 stop: tuple[str, ...], guide: str = "") -> Iterable[str]:
        self.calls += 1
        return iter([self.answer])


def test_points_stream_one_by_one_in_order() -> None:
    updates = list(Summaries().run(source(), Reader()))
    assert [u.index for u in updates] == list(range(len(updates)))
    assert all(u.total == len(updates) for u in updates)
    assert updates[0].point.cites == ("1",)


def test_cancelling_stops_at_the_next_point_and_caches_nothing() -> None:
    summaries = Summaries()
    seen = []
    for update in summaries.run(source(), Reader(), cancelled=lambda: len(seen) >= 1):
        seen.append(update)
    assert len(seen) == 1
    assert summaries.cached(source(), Helpers()) is None


def test_a_finished_summary_is_kept_until_a_post_is_edited() -> None:
    summaries, model = Summaries(), Model("nothing useful")
    helpers = Helpers(runner=model, model_name="m")
    first = summaries.summary(source(), Reader(), helpers)
    calls = model.calls
    assert summaries.summary(source(), Reader(), helpers) == first and model.calls == calls
    edited = (*THREAD[:3], status("4", "bob", "Then we sing at 11 unless it rains.", "2",
                                  edited="2026-05-02T10:00:00Z"))
    summaries.summary(source(edited), Reader(), helpers)
    assert model.calls > calls


def test_foreign_posts_are_translated_first_and_say_so() -> None:
    asked: list[str] = []

    def translate(found: Status) -> str | None:
        asked.append(found.id)
        return "On Saturday at 11 I cannot, I am working."

    helpers = Helpers(foreign=lambda s: "German" if s.language == "de" else None,
                      translate=translate)
    summary = Summaries().summary(source(), Reader(), helpers)
    udo = next(p for p in summary.points if p.cites == ("3",))
    assert udo.text == "@udo (translated from German): On Saturday at 11 I cannot, I am working."
    assert asked == ["3"]
    updates = [u for u in Summaries().run(source(), Reader(), helpers) if u.point.cites == ("3",)]
    assert [u.point.who for u in updates] == ["@udo (in German)",  # at once, then translated
                                              "@udo (translated from German)"]
    plain = Summaries().summary(source(), Reader(), Helpers(foreign=helpers.foreign))
    assert next(p for p in plain.points if p.cites == ("3",)).who == "@udo (in German)"


def test_a_phrasing_that_adds_or_loses_is_dropped_and_the_method_says_so() -> None:
    inventing = Helpers(runner=Model("The choir sings on Sunday at 12."), model_name="m")
    summary = Summaries().summary(source(), Reader(), inventing)
    assert summary.method == "extractive"
    assert not any(p.phrased for p in summary.points)
    faithful = Helpers(runner=Model("Choir at the market Saturday at 11?"), model_name="m")
    summary = Summaries().summary(source(), Reader(), faithful)
    assert summary.method == "model:m"
    assert summary.points[0].body == "Choir at the market Saturday at 11?"
    assert [p.phrased for p in summary.points].count(True) == 1  # the rest lose words


def test_a_catchup_is_what_came_after_the_newest_mark() -> None:
    items = [status(str(i), "bob", f"Post number {i} about trains") for i in (9, 8, 7, 6)]
    found = catchup_of(items, ["6", None, "7"])
    assert [s.id for s in found.statuses] == ["9", "8"] and found.newest_id == "9"
    assert newest(["99", "100", None]) == "100" and newest([None]) is None


class ByQuery:
    """Answers each phrasing from a table keyed by the sentence asked about."""

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, task: FewShotTask, *, max_tokens: int,
                 stop: tuple[str, ...], guide: str = "") -> Iterable[str]:
        self.asked.append(task.query)
        return iter([self.answers.get(task.query, "")])


def test_a_translated_point_is_checked_against_the_translation_it_quotes() -> None:
    english = "On Saturday at 11 I cannot, I am working."
    german = Helpers(foreign=lambda s: "German" if s.language == "de" else None,
                     translate=lambda s: english, target="en", model_name="m",
                     language=lambda s: s.language)
    for answer, kept in (("Saturday at 11: cannot, working.", True),
                         ("Samstag um 11: cannot, working.", False),  # the original's words
                         ("Saturday at 11: working.", False)):  # the negation lost
        model = ByQuery({english: answer})
        helpers = replace(german, runner=model)
        summary = Summaries().summary(source(), Reader(), helpers)
        udo = next(p for p in summary.points if p.cites == ("3",))
        assert english in model.asked  # the model was given the translation
        assert udo.phrased is kept and udo.body == (answer if kept else english)


def test_a_post_the_reader_reads_is_checked_in_its_own_language() -> None:
    quoted = "Am Samstag habe ich nie Zeit, ich arbeite drei Schichten."
    thread = (*THREAD[:2], status("3", "udo", quoted, "1", lang="de", replies_count=2))
    for answer, kept in (("Samstag nie Zeit, arbeite drei Schichten.", True),
                         ("Samstag Zeit, arbeite drei Schichten.", False),  # "nie" lost
                         ("Samstag nie Zeit, arbeite Schichten.", False)):  # "drei" lost
        model = ByQuery({quoted: answer})
        helpers = Helpers(runner=model, model_name="m", language=lambda s: s.language)
        summary = Summaries().summary(source(thread), Reader(), helpers)
        udo = next(p for p in summary.points if p.cites == ("3",))
        assert udo.phrased is kept, answer
