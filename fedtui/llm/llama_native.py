"""Process-wide settings of llama.cpp, made once as the first model loads.

llama-cpp-python silences a quiet model's loading by pointing the process's file
descriptors 1 and 2 at /dev/null for the whole load (`suppress_stdout_stderr`): every frame
the UI thread wrote to the terminal meanwhile was lost, and panes kept showing "cached ·
updating…" long after their answer. With llama.cpp's logs routed to Python logging (the
`fedtui.llm.llama` logger, never the terminal) that silencing has nothing left to do, so it
is turned off (`route_native_logs`).

On a CPU with AMX (Intel Sapphire Rapids and newer Xeons) the weights are kept out of
llama.cpp's extra buffers (`avoid_amx_kernels`): its AMX kernels crash the process on the
first generation with Q4_K weights.
"""

from __future__ import annotations

import ctypes
import functools
import logging
from typing import Any

log = logging.getLogger(__name__)
_native_log = logging.getLogger("fedtui.llm.llama")


class _KeepStreams:
    """Stands in for llama-cpp-python's `suppress_stdout_stderr`: leaves fds 1 and 2 alone."""

    def __init__(self, disable: bool = True) -> None:
        self.disable = disable

    def __enter__(self) -> _KeepStreams:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


@functools.cache
def route_native_logs() -> object:
    """Send llama.cpp's log output to Python logging (once per process); keep the callback.

    Also stop llama-cpp-python from redirecting the process's stdout and stderr while a
    model loads (see the module's docstring): the log callback already keeps it quiet."""
    import importlib

    import llama_cpp

    for module in ("llama_cpp.llama", "llama_cpp._internals", "llama_cpp.llama_chat_format"):
        loaded = importlib.import_module(module)
        if hasattr(loaded, "suppress_stdout_stderr"):
            setattr(loaded, "suppress_stdout_stderr", _KeepStreams)  # noqa: B010

    @llama_cpp.llama_log_callback  # type: ignore[untyped-decorator,unused-ignore]
    def _callback(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        _native_log.debug("%s", text.decode("utf-8", "replace").rstrip("\n"))

    llama_cpp.llama_log_set(_callback, ctypes.c_void_p(0))
    return _callback


@functools.cache
def avoid_amx_kernels(native: Any) -> bool:
    """Where llama.cpp was built with its AMX kernels, load every model without its extra
    weight buffers (AMX, CPU repack); returns whether it did (once per process).

    pip builds llama.cpp for the CPU it runs on; on one with AMX (Intel Sapphire Rapids and
    newer Xeons, common in cloud machines) Q4_K weights, the embedded model's, go to the AMX
    buffer and the first generation ends the process in `ggml_backend_amx_mul_mat`
    (ggml-org/llama.cpp#20824; seen here 2026-12-05 on a Xeon with amx_int8). Without the
    extra buffers the weights are used where they are mapped. llama-cpp-python has no
    parameter for `use_extra_bufts`, so `native` (`llama_cpp.llama_cpp`, whose default model
    parameters `Llama` starts from) gets defaults with it off."""
    if b"AMX_INT8 = 1" not in native.llama_print_system_info():
        return False
    defaults = native.llama_model_default_params

    def without_extra_buffers() -> Any:
        params = defaults()
        params.use_extra_bufts = False
        return params

    native.llama_model_default_params = without_extra_buffers
    log.info("llama.cpp has AMX kernels: models load without its extra weight buffers")
    return True
