"""Tokens in a file encrypted with a passphrase, for machines without a working OS keyring.

Chosen explicitly (`fedtui login --encrypted-file`). The file (mode 0o600) is JSON: the
scrypt parameters and salt, and one Fernet token (AES-128-CBC + HMAC-SHA256, from the
`cryptography` package) holding `{account key: access token}`. A wrong passphrase fails
the HMAC check: nothing is read or changed. `cryptography` is imported only here, so it
loads only when an account uses this file.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fedtui import paths
from fedtui.errors import SecretStoreError

_FORMAT = "fedtui-tokens"
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}
_MAX_SCRYPT_BYTES = 2**28  # scrypt's memory (128·n·r) for a file's parameters: 8 times ours
MIN_PASSPHRASE = 8

#: Asks the user: (prompt, new file?) -> passphrase.
Ask = Callable[[str, bool], str]


def _key(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    kdf = Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"])
    return base64.urlsafe_b64encode(kdf.derive(passphrase.encode("utf-8")))


def _params(data: dict[str, Any]) -> dict[str, int]:
    """The file's scrypt parameters, checked (a damaged file must not make fedtui derive
    a key for minutes or with gigabytes); ValueError when they are not usable."""
    params = {k: data.get(k, v) for k, v in _SCRYPT.items()}
    if any(type(v) is not int or v < 1 for v in params.values()):
        raise ValueError("scrypt parameters are not positive integers")
    n, r, p = params["n"], params["r"], params["p"]
    if n < 2 or n & (n - 1) or 128 * n * r > _MAX_SCRYPT_BYTES or p > 16:
        raise ValueError("scrypt parameters out of range")
    return params


class EncryptedTokenFile:
    """`{key: token}` in `path`, opened once per run with the passphrase `ask` returns."""

    def __init__(self, ask: Ask, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.encrypted_tokens_file()
        self.ask = ask  #: replaced by one that refuses once the App owns the terminal
        self._key: bytes | None = None  # derived from the passphrase; never printed
        self._salt = b""
        self._params = dict(_SCRYPT)
        self._tokens: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"EncryptedTokenFile({str(self.path)!r}, unlocked={self._key is not None})"

    @property
    def where(self) -> str:
        return f"the encrypted file {self.path} (your passphrase opens it)"

    def unlock(self, attempts: int = 3) -> None:
        """Ask the passphrase (twice for a new file) until it opens the file."""
        if self._key is not None:
            return
        if not self.path.exists():
            self._create()
            return
        data = self._read()
        for attempt in range(attempts):
            again = " (again)" if attempt else ""
            if self._open(data, self.ask(f"Passphrase for {self.path}{again}: ", False)):
                return
        raise SecretStoreError(f"The passphrase does not open {self.path}; nothing was "
                               "changed. Try again, or start a new file (the tokens in this "
                               "one are lost) with `fedtui login INSTANCE --encrypted-file "
                               "--new-file`.")

    def start_new(self) -> None:
        """Ask a new passphrase (twice): the next save replaces the file, unread."""
        self._key = None
        self._create()

    def get(self, key: str) -> str | None:
        self.unlock()
        return self._tokens.get(key)

    def set(self, key: str, token: str) -> None:
        self.unlock()
        self._save({**self._tokens, key: token})

    def delete(self, key: str) -> None:
        self.unlock()
        if key in self._tokens:
            self._save({k: v for k, v in self._tokens.items() if k != key})

    # --- the file ----------------------------------------------------------------------

    def _create(self) -> None:
        first = self.ask(f"New passphrase for {self.path}: ", True)
        if len(first) < MIN_PASSPHRASE:
            raise SecretStoreError(f"The passphrase needs at least {MIN_PASSPHRASE} "
                                   "characters; nothing was saved.")
        if self.ask("The same passphrase again: ", True) != first:
            raise SecretStoreError("The two passphrases differ; nothing was saved.")
        self._salt = os.urandom(16)
        self._key = _key(first, self._salt, _SCRYPT)
        self._tokens = {}

    def _read(self) -> dict[str, Any]:
        try:
            data: Any = json.loads(self.path.read_text("utf-8"))
            if data.get("format") != _FORMAT:
                raise ValueError("not a fedtui token file")
            base64.b64decode(data["salt"], validate=True)
            return {**data, "params": _params(data)}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SecretStoreError(f"The encrypted token file {self.path} could not be read "
                                   f"({type(exc).__name__}); it was left as it is.") from None

    def _open(self, data: dict[str, Any], passphrase: str) -> bool:
        from cryptography.fernet import Fernet, InvalidToken

        salt = base64.b64decode(data["salt"])
        params = data["params"]
        try:
            key = _key(passphrase, salt, params)
            plain = Fernet(key).decrypt(str(data.get("tokens", "")).encode("ascii"))
        except (InvalidToken, ValueError):
            return False
        except MemoryError:
            raise SecretStoreError(f"The encrypted token file {self.path} could not be read "
                                   "(MemoryError); it was left as it is.") from None
        try:
            tokens = dict(json.loads(plain))
        except (ValueError, TypeError):
            raise SecretStoreError(f"The encrypted token file {self.path} could not be read "
                                   "(its tokens are damaged); it was left as it is.") from None
        self._key, self._salt, self._params = key, salt, params
        self._tokens = {str(k): str(v) for k, v in tokens.items()}
        return True

    def _save(self, tokens: dict[str, str]) -> None:
        from cryptography.fernet import Fernet

        assert self._key is not None
        sealed = Fernet(self._key).encrypt(json.dumps(tokens).encode("utf-8"))
        data = {"format": _FORMAT, "version": 1, "kdf": "scrypt", **self._params,
                "salt": base64.b64encode(self._salt).decode("ascii"),
                "tokens": sealed.decode("ascii")}
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            paths.ensure_dir(self.path.parent)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(data, indent=2) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise SecretStoreError(f"The encrypted token file {self.path} could not be "
                                   f"saved: {exc.strerror}.") from None
        self._tokens = tokens
