"""llama.cpp's AMX kernels crash the first generation with Q4_K weights (ggml-org/llama.cpp
#20824): where llama.cpp was built with them, models load without its extra buffers."""

from __future__ import annotations

from types import SimpleNamespace

from fedtui.llm.llama_native import avoid_amx_kernels


class FakeNative:
    """Stands in for `llama_cpp.llama_cpp`: its system information and default parameters."""

    def __init__(self, system_info: bytes) -> None:
        self.system_info = system_info

    def llama_print_system_info(self) -> bytes:
        return self.system_info

    def llama_model_default_params(self) -> SimpleNamespace:
        return SimpleNamespace(use_extra_bufts=True, vocab_only=False)


def test_built_with_amx_the_default_parameters_leave_the_extra_buffers_off() -> None:
    native = FakeNative(b"CPU : AVX2 = 1 | AVX512 = 1 | AMX_INT8 = 1 | REPACK = 1 | ")
    assert avoid_amx_kernels(native) is True
    params = native.llama_model_default_params()
    assert params.use_extra_bufts is False
    assert params.vocab_only is False  # the rest of llama.cpp's defaults kept
    assert avoid_amx_kernels(native) is True  # once: not wrapped twice
    assert native.llama_model_default_params().use_extra_bufts is False


def test_without_amx_the_extra_buffers_stay_on() -> None:
    native = FakeNative(b"CPU : AVX2 = 1 | FMA = 1 | REPACK = 1 | ")
    assert avoid_amx_kernels(native) is False
    assert native.llama_model_default_params().use_extra_bufts is True
