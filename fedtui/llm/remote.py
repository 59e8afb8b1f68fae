"""A model served by an OpenAI-compatible endpoint the user runs themselves (llama.cpp
server, Ollama, vLLM). Never configured by default: fedtui sends text there only when the
user has set it up. Requests go through the run's `fedtui.net.Network` (its proxy).

Streams `/v1/completions` and `/v1/chat/completions` as server-sent events; `cancel` is
checked between events and closes the connection.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from fedtui.errors import FedtuiError, ModelUnavailable
from fedtui.llm.backend import CancelToken, ChatMessage, GenerationParams, ModelKind
from fedtui.net import Network

if TYPE_CHECKING:
    import httpx


def normalize_base_url(base_url: str) -> str:
    """`http://host:8080`, `.../` and `.../v1` all become `http://host:8080/v1`."""
    url = base_url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ModelUnavailable(
            f"The model endpoint {base_url!r} is not an http:// or https:// URL."
        )
    return url if url.endswith("/v1") else url + "/v1"


class OpenAICompatibleModel:
    """Streams from `{base_url}/v1/...` with `model` as the model name on the server."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        network: Network | None = None,
        kind: ModelKind = ModelKind.CHAT,
        context_length: int = 4096,
        name: str | None = None,
    ) -> None:
        self.base_url = normalize_base_url(base_url)
        self.model = model
        self._api_key = api_key
        self._network = network if network is not None else Network(timeout=60.0)
        self._kind = kind
        self._context_length = context_length
        self._name = name or model
        self._lock = threading.Lock()
        self._client: httpx.Client | None = None

    @property
    def name(self) -> str:
        return self._name

    @property
    def kind(self) -> ModelKind:
        return self._kind

    @property
    def context_length(self) -> int:
        return self._context_length

    def count_tokens(self, text: str) -> int:
        """An estimate (the OpenAI API has no tokenizer endpoint): about 4 bytes a token."""
        return max(1, len(text.encode("utf-8")) // 4) if text else 0

    def complete(
        self, prompt: str, params: GenerationParams, cancel: CancelToken | None = None
    ) -> Iterator[str]:
        body = {"prompt": prompt, **self._common(params)}
        return self._stream("/completions", body, _completion_text, cancel)

    def chat(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        cancel: CancelToken | None = None,
    ) -> Iterator[str]:
        body = {"messages": [{"role": m.role, "content": m.content} for m in messages],
                **self._common(params)}
        return self._stream("/chat/completions", body, _chat_text, cancel)

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    # -- internals --------------------------------------------------------------------------

    def _common(self, params: GenerationParams) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "max_tokens": params.max_tokens,
                                "temperature": params.temperature, "seed": params.seed,
                                "stream": True}
        if params.stop:
            body["stop"] = list(params.stop)
        return body

    def _get_client(self) -> httpx.Client:
        if self._client is None:
            self._client = self._network.httpx_client()
        return self._client

    def _stream(self, path: str, body: dict[str, Any], text_of: Any,
                cancel: CancelToken | None) -> Iterator[str]:
        import httpx

        headers = {"Accept": "text/event-stream"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        url = self.base_url + path
        with self._lock:
            if cancel is not None and cancel.cancelled:
                return
            try:
                with self._get_client().stream("POST", url, json=body,
                                               headers=headers) as response:
                    if response.status_code >= 400:
                        response.read()
                        raise ModelUnavailable(
                            f"The model endpoint {url} answered HTTP {response.status_code}"
                            f"{_error_detail(response)}; check its address and model name."
                        )
                    for data in _sse_data(response.iter_lines()):
                        if cancel is not None and cancel.cancelled:
                            return
                        if data == "[DONE]":
                            return
                        text = text_of(_parse_event(data, url))
                        if text:
                            yield text
                        if cancel is not None and cancel.cancelled:
                            return
            except FedtuiError:
                raise
            except httpx.HTTPError as exc:
                raise ModelUnavailable(
                    f"The model endpoint {url} could not be reached "
                    f"({exc or type(exc).__name__}); is the server running?"
                ) from None


def _sse_data(lines: Iterator[str]) -> Iterator[str]:
    """The `data:` payloads of a server-sent event stream, one per event."""
    buffer: list[str] = []
    for line in lines:
        if not line.strip():
            if buffer:
                yield "\n".join(buffer)
                buffer = []
        elif line.startswith("data:"):
            buffer.append(line[5:].removeprefix(" "))
    if buffer:
        yield "\n".join(buffer)


def _parse_event(data: str, url: str) -> dict[str, Any]:
    try:
        event = json.loads(data)
    except ValueError:
        raise ModelUnavailable(f"The model endpoint {url} sent malformed data.") from None
    if not isinstance(event, dict):
        raise ModelUnavailable(f"The model endpoint {url} sent malformed data.")
    if "error" in event:
        error = event["error"]
        message = error.get("message") if isinstance(error, dict) else error
        raise ModelUnavailable(f"The model endpoint {url} reported an error: {message}")
    return event


def _choice(event: dict[str, Any]) -> dict[str, Any]:
    choices = event.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        return choices[0]
    return {}


def _completion_text(event: dict[str, Any]) -> str:
    text = _choice(event).get("text")
    return text if isinstance(text, str) else ""


def _chat_text(event: dict[str, Any]) -> str:
    delta = _choice(event).get("delta")
    content = delta.get("content") if isinstance(delta, dict) else None
    return content if isinstance(content, str) else ""


def _error_detail(response: httpx.Response) -> str:
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return ""
    message = error.get("message") if isinstance(error, dict) else error
    return f" ({str(message)[:200]})" if message else ""
