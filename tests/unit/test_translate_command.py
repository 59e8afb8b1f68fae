"""`fedtui translate` checks its language codes before it loads anything."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from fedtui.cli import build_parser, main
from fedtui.commands.translate import run
from fedtui.core.translation_result import Confidence, Translation


@pytest.mark.parametrize("argv", [["translate", "--to", "klingon"],
                                  ["translate", "--from", "zz", "--to", "en"]])
def test_unknown_language_codes_are_refused_with_the_supported_list(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 1
    said = capsys.readouterr().err
    option, code = argv[-2:] if argv[1] == "--to" else argv[1:3]
    assert f"{option} {code!r} is not a language fedtui knows" in said
    assert "de (German)" in said and "uk (Ukrainian)" in said


class Recorder:
    """Stands in for the model's translator: records the target it is asked for."""

    def __init__(self) -> None:
        self.targets: list[str] = []

    def translate(self, text: str, target: str, **_: object) -> Translation:
        self.targets.append(target)
        return Translation(text.upper(), "en", target, "recorder", Confidence.HIGH, 1)


def test_to_defaults_to_the_configured_language(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[translation]\ntarget_language = "de"\n', encoding="utf-8")
    monkeypatch.setenv("FEDTUI_CONFIG", str(config))
    recorder, out = Recorder(), io.StringIO()
    args = build_parser().parse_args(["translate"])
    assert run(args, io.StringIO("good night"), out, recorder) == 0  # type: ignore[arg-type]
    assert recorder.targets == ["de"] and out.getvalue() == "GOOD NIGHT\n"


def test_the_command_uses_the_configured_threads_or_every_core(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`translation.model_threads`, else the model's default: every core."""
    import os

    import fedtui.llm.registry
    from fedtui.commands.translate import make_translator
    from fedtui.llm.llama_cpp import default_threads

    loads: list[int | None] = []

    def load_model(*_: object, n_threads: int | None = None, **__: object) -> object:
        loads.append(n_threads)
        raise RuntimeError("stop here")

    monkeypatch.setattr(fedtui.llm.registry, "load_model", load_model)
    config = tmp_path / "config.toml"
    monkeypatch.setenv("FEDTUI_CONFIG", str(config))
    assert default_threads() == (os.cpu_count() or 1)
    for text in ("", "[translation]\nmodel_threads = 3\n"):
        config.write_text(text, encoding="utf-8")
        with pytest.raises(RuntimeError, match="stop here"):
            make_translator()
    assert loads == [None, 3]  # None: the model's default
