"""fedtui's `work` decorator on a real Textual App: the worker runs, named, and its
arguments are never turned into text (Textual's default description is their `repr`)."""

from __future__ import annotations

from textual.app import App

from fedtui.ui.workers import work
from tests.ui.conftest import wait_for


class Batch:
    """An argument that counts how often it is turned into text."""

    def __init__(self) -> None:
        self.reprs = 0

    def __repr__(self) -> str:
        self.reprs += 1
        return "Batch(...)"


class Worked(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.done: list[Batch] = []

    @work(thread=True, group="batches")
    def take(self, batch: Batch) -> None:
        self.call_from_thread(self.done.append, batch)


async def test_a_worker_is_described_by_its_name_not_the_repr_of_its_arguments() -> None:
    app = Worked()
    batch = Batch()
    async with app.run_test() as pilot:
        worker = app.take(batch)  # type: ignore[func-returns-value]
        await wait_for(pilot, lambda: app.done == [batch])
        assert worker.name == "take" and worker.description == "take"
    assert batch.reprs == 0
