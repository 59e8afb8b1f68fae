"""The embedded model (Gemma 3 270M, base), loaded once per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fedtui.llm.llama_cpp import LlamaCppModel
from fedtui.llm.registry import ModelRegistry


@pytest.fixture(scope="module")
def gemma(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaCppModel]:
    models = tmp_path_factory.mktemp("models")
    model = ModelRegistry(models / "data", cache_dir=models / "cache").load()
    yield model
    model.close()
