"""Long threads, in chunks the model's context holds, merged into one summary.

A thread is cut, in its order, into chunks of at most `budget` tokens each (the root, which
every chunk answers, counted in each). The picks are made per chunk: each chunk's posts,
ranked as in the whole thread (a reply's parent may be in another chunk) and deduplicated
within it. The merge keeps the root, the best pick of every chunk (a late branch of a long
thread is not drowned by an early one) and then the others by rank, up to a limit that grows
with the chunks; a post repeating one of another chunk merges into its point, citations and
all. The model then works chunk by chunk (`Plan.parts`). Pure: no model, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

from fedtui.core.summary import LIMITS, Plan, Post, Reader, dedupe, rank_thread

CONTEXT_TOKENS = 2048  # the embedded model's context (llm.registry's n_ctx)
RESERVE = 512  # of it, for the task's instruction, examples and answer
MAX_POINTS = 12  # however long the thread


def tokens(post: Post) -> int:
    """A cautious estimate of a post's tokens (3 characters a token, its author's name)."""
    return len(post.text) // 3 + 8


def chunks(posts: Sequence[Post], root_id: str, budget: int) -> list[list[Post]]:
    """The posts but the root, in order, in runs of at most `budget` tokens with the root
    (a post longer than that is a chunk of its own)."""
    root = next((post for post in posts if post.id == root_id), None)
    room = budget - (tokens(root) if root is not None else 0)
    parts: list[list[Post]] = []
    used = 0
    for post in posts:
        if post.id == root_id:
            continue
        cost = tokens(post)
        if not parts or (parts[-1] and used + cost > room):
            parts.append([])
            used = 0
        parts[-1].append(post)
        used += cost
    return parts


def plan_long_thread(posts: Sequence[Post], root_id: str, reader: Reader,
                     context_tokens: int = CONTEXT_TOKENS,
                     limit: int = LIMITS["thread"]) -> Plan:
    """A thread's plan, in chunks when it is longer than the model's context (see above);
    `Plan.parts` tells the chunk of each pick."""
    ranked = rank_thread(posts, root_id, reader)
    if ranked is None:
        return Plan("thread", ())
    root, candidates, stems, topic = ranked
    parts = chunks(posts, root.post.id, max(64, context_tokens - RESERVE))
    if len(parts) <= 1:
        picks = dedupe([root, *candidates], stems, limit)
        return Plan("thread", tuple(picks), topic, (0,) * len(picks))
    part_of = {post.id: index for index, part in enumerate(parts) for post in part}
    per_part = [dedupe([p for p in candidates if part_of[p.post.id] == index], stems, limit)
                for index in range(len(parts))]
    best = sorted((found[0] for found in per_part if found), key=lambda p: -p.score)
    rest = sorted((p for found in per_part for p in found[1:]), key=lambda p: -p.score)
    cap = min(limit + len(parts) - 1, MAX_POINTS)
    merged = dedupe([root, *best, *rest], stems, cap)
    ordered = [merged[0], *sorted(merged[1:], key=lambda p: -p.score)]
    return Plan("thread", tuple(ordered), topic,
                tuple(0 if p is root or p.post.id == root.post.id else part_of[p.post.id]
                      for p in ordered))


def by_part(plan: Plan) -> list[int]:
    """The indexes of the plan's picks, chunk by chunk (in order within each)."""
    return sorted(range(len(plan.picks)), key=lambda index: (plan.part(index), index))

