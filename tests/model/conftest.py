"""The embedded model (Gemma 3 270M, base), loaded once per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fedtui.llm.llama_cpp import LlamaCppModel
from fedtui.llm.registry import ModelRegistry


@pytest.fixture(scope="module", autouse=True)
def one_model_thread() -> Iterator[None]:
    """The suite runs a worker per core: a model on every core in each of them would
    oversubscribe the machine (llama.cpp's threads spin while they wait for each other).
    Module-scoped and autouse, so it applies before any module's model loads."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("fedtui.llm.llama_cpp.default_threads", lambda: 1)
        yield


@pytest.fixture(scope="module")
def gemma(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaCppModel]:
    models = tmp_path_factory.mktemp("models")
    model = ModelRegistry(models / "data", cache_dir=models / "cache").load()
    yield model
    model.close()
