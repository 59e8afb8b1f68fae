"""Lines that Textual draws whole are freed as soon as they are dropped.

Textual's `Strip.divide` (8.2.8 and its main branch) caches `[self]` in the strip's own
divide cache when the only cut is the strip's end. The compositor divides every line it
draws, and a line that no other widget overlaps has just that cut, so each such line
becomes a reference cycle (strip -> cache -> dict -> list -> strip) that only a full
garbage collection frees: four panes streaming a post every 0.5 s made 11,216 of them in
30 s, each holding its segments and seven caches, piling up between full collections to a
high-water mark the allocator keeps (`benchmarks/longrun.py --garbage`).

`mend_strip_divide` makes that one case answer `[self]` without caching it; every other
cut goes to Textual's own method. Remove it once Textual stops caching the strip in itself
(`test_a_line_divided_whole_is_not_a_reference_cycle` then passes without it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from textual.strip import Strip

Divide = Callable[[Strip, Iterable[int]], Sequence[Strip]]


def mend_strip_divide() -> None:
    """Install the mend (once per process; installing again changes nothing)."""
    textual_divide: Divide = Strip.divide
    if getattr(textual_divide, "mends", None) is not None:
        return

    def divide(self: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
        length = self.cell_length
        cuts = [cut for cut in cuts if cut <= length]
        if cuts == [length]:
            return [self]
        return textual_divide(self, cuts)

    divide.__doc__ = textual_divide.__doc__
    divide.mends = textual_divide  # type: ignore[attr-defined]
    Strip.divide = divide  # type: ignore[method-assign]
