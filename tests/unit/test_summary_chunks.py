"""Long threads in chunks the model's context holds: picks per chunk, merged and deduplicated
across chunks with their citations; the first point before the model works, the model chunk
by chunk (a scripted model, for speed; tests/model has the embedded one)."""

from __future__ import annotations

from collections.abc import Iterable

from fedtui.app.summarise import Helpers, Source, Summaries
from fedtui.core.prompts import FewShotTask
from fedtui.core.summary import Post, Reader, plan_thread
from fedtui.core.summary_chunks import chunks, plan_long_thread, tokens
from tests.unit.test_summarise_service import status

ROOT = Post("0", "a-olga", "olga", "The community garden opens in April. Who wants a plot, "
            "and how should we share the water tap?", replies=40)
CROPS = ("beans", "leeks", "kale", "onions", "pumpkins", "radishes", "carrots", "tomatoes",
         "peas", "chard", "garlic")
PLACES = ("gate", "hedge", "shed", "fence", "compost heap", "pond", "path")


def filler(index: int) -> str:
    crop, other = CROPS[index % len(CROPS)], CROPS[(index * 3 + 1) % len(CROPS)]
    place = PLACES[index % len(PLACES)]
    return f"I would grow {crop} and {other} near the {place}, plot {index} if it is free."


def long_thread(size: int = 90) -> list[Post]:
    """The root, many alike answers, a bee-keeping branch late in the thread, and one
    answer said twice: early and late."""
    posts = [ROOT]
    for index in range(1, size):
        text = filler(index)
        if index == 5 or index == size - 3:
            text = "Rainwater barrels at every shed would spare the garden water tap."
        replies = 3 if index % 4 == 0 and index < 50 else 0  # the early ones are answered
        if index == size - 10:
            text, replies = "Could we keep two bee hives? Bees help the beans.", 2
        posts.append(Post(str(index), f"a-u{index}", f"u{index}", text, parent="0",
                          replies=replies))
    return posts


def test_a_long_thread_is_cut_in_order_into_chunks_that_fit() -> None:
    posts = long_thread()
    parts = chunks(posts, "0", 400)
    assert len(parts) > 3
    assert [p.id for part in parts for p in part] == [p.id for p in posts[1:]]
    for part in parts:
        assert tokens(ROOT) + sum(tokens(p) for p in part) <= 400 or len(part) == 1


def test_a_short_thread_is_one_chunk_and_the_plan_of_the_whole() -> None:
    posts = long_thread(8)
    plan = plan_long_thread(posts, "0", Reader())
    assert plan.picks == plan_thread(posts, "0", Reader()).picks
    assert set(plan.parts) == {0}


def test_each_chunk_gives_its_best_and_duplicates_merge_across_chunks() -> None:
    posts = long_thread()
    whole = plan_thread(posts, "0", Reader())
    plan = plan_long_thread(posts, "0", Reader(), context_tokens=900)
    ids = {p.id for p in posts}
    assert plan.picks[0].post.id == "0"
    assert all(set(pick.cites) <= ids for pick in plan.picks)
    assert len(plan.picks) > len(whole.picks)  # a later chunk adds its own best
    assert len(set(plan.parts)) > 3
    bees = [p for p in plan.picks if "bee" in p.post.text]
    assert bees and not any("bee" in p.post.text for p in whole.picks)
    barrels = [p for p in plan.picks if "barrels" in p.post.text]
    assert len(barrels) == 1 and set(barrels[0].cites) == {"5", str(len(posts) - 3)}
    cited = [c for pick in plan.picks for c in pick.cites]
    assert len(cited) == len(set(cited))  # no post in two points


class Recording:
    """A model that logs each call (and answers with its input, shortened)."""

    def __init__(self, log: list[str]) -> None:
        self.log = log

    def __call__(self, task: FewShotTask, *, max_tokens: int,
                 stop: tuple[str, ...], guide: str = "") -> Iterable[str]:
        self.log.append(f"model:{task.query}")
        return iter([task.query.rsplit(" ", 1)[0]])


def test_the_first_point_comes_before_the_model_which_works_chunk_by_chunk() -> None:
    posts = long_thread(300)
    statuses = tuple(status(p.id, p.acct, p.text, p.parent or None,
                            replies_count=p.replies) for p in posts)
    log: list[str] = []
    helpers = Helpers(runner=Recording(log), model_name="m", context_tokens=900)
    plan_parts: list[int] = []
    for update in Summaries().run(Source("thread", statuses, root_id="0"), Reader(), helpers):
        log.append(f"point:{update.index}")
        if not plan_parts:
            plan_parts.append(update.total)
    assert log[0] == "point:0"
    first_model = next(i for i, entry in enumerate(log) if entry.startswith("model:"))
    assert log[:first_model] == [f"point:{i}" for i in range(plan_parts[0])]
    plan = plan_long_thread(
        [Post.of(s) for s in statuses], "0", Reader(), context_tokens=900)
    asked = [entry.removeprefix("model:") for entry in log if entry.startswith("model:")]
    order = sorted(range(len(plan.picks)), key=lambda i: (plan.part(i), i))
    assert len(asked) == len(order)
    assert [plan.part(i) for i in order] == sorted(plan.part(i) for i in order)
