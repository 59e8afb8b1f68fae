"""OpenAICompatibleModel against a tiny loopback server speaking the OpenAI SSE protocol."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from fedtui.errors import ModelUnavailable
from fedtui.llm.backend import CancelToken, ChatMessage, GenerationParams, ModelKind
from fedtui.llm.remote import OpenAICompatibleModel, normalize_base_url
from fedtui.net import Network


class SSEServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, dict[str, Any], str | None]] = []
        self.pieces = ["Hel", "lo", " world"]
        self.status = 200
        self.raw_events: list[str] | None = None
        self.release = threading.Event()
        self.release.set()
        self.sent_first = threading.Event()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: SSEServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((self.path, body, self.headers.get("Authorization")))
        if self.server.status != 200:
            payload = json.dumps({"error": {"message": "model 'nope' not found"}}).encode()
            self.send_response(self.server.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        chat = self.path.endswith("/chat/completions")
        events = self.server.raw_events
        if events is None:
            events = []
            if chat:
                events.append(json.dumps({"choices": [{"delta": {"role": "assistant"}}]}))
            for piece in self.server.pieces:
                choice = {"delta": {"content": piece}} if chat else {"text": piece}
                events.append(json.dumps({"choices": [{"index": 0, **choice}]}))
            events.append("[DONE]")
        try:
            for i, event in enumerate(events):
                self.wfile.write(f"data: {event}\n\n".encode())
                self.wfile.flush()
                if i == 0:
                    self.server.sent_first.set()
                    self.server.release.wait(5)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


@pytest.fixture
def server() -> Iterator[SSEServer]:
    srv = SSEServer()
    threading.Thread(target=srv.serve_forever, args=(0.02,), daemon=True).start()
    yield srv
    srv.release.set()
    srv.shutdown()
    srv.server_close()


def test_base_urls_are_normalized() -> None:
    assert normalize_base_url("http://h:8080") == "http://h:8080/v1"
    assert normalize_base_url("http://h:8080/v1/") == "http://h:8080/v1"
    with pytest.raises(ModelUnavailable):
        normalize_base_url("h:8080")


def test_streams_a_completion(server: SSEServer) -> None:
    model = OpenAICompatibleModel(server.base_url, "qwen", kind=ModelKind.BASE)
    params = GenerationParams(max_tokens=9, stop=("\n",), temperature=0.0, seed=3)
    assert list(model.complete("Say hello", params)) == ["Hel", "lo", " world"]
    path, body, auth = server.requests[0]
    assert path == "/v1/completions" and auth is None
    assert body == {"model": "qwen", "prompt": "Say hello", "max_tokens": 9,
                    "temperature": 0.0, "seed": 3, "stream": True, "stop": ["\n"]}
    assert model.name == "qwen" and model.kind is ModelKind.BASE
    model.close()


def test_streams_a_chat_reply_with_the_api_key(server: SSEServer) -> None:
    model = OpenAICompatibleModel(server.base_url + "/v1", "llama3", api_key="sekrit")
    messages = [ChatMessage("system", "Be brief."), ChatMessage("user", "Hi")]
    assert "".join(model.chat(messages, GenerationParams())) == "Hello world"
    path, body, auth = server.requests[0]
    assert path == "/v1/chat/completions" and auth == "Bearer sekrit"
    assert body["messages"] == [{"role": "system", "content": "Be brief."},
                                {"role": "user", "content": "Hi"}]
    assert model.kind is ModelKind.CHAT
    model.close()


def test_cancel_stops_the_stream(server: SSEServer) -> None:
    server.release.clear()
    model = OpenAICompatibleModel(server.base_url, "m")
    cancel = CancelToken()
    received: list[str] = []
    for piece in model.complete("x", GenerationParams(), cancel):
        received.append(piece)
        cancel.cancel()
        server.release.set()
    assert received == ["Hel"]
    model.close()


def test_http_errors_and_bad_data_are_model_unavailable(server: SSEServer) -> None:
    model = OpenAICompatibleModel(server.base_url, "nope")
    server.status = 404
    with pytest.raises(ModelUnavailable, match=r"HTTP 404 \(model 'nope' not found\)"):
        list(model.complete("x", GenerationParams()))
    server.status = 200
    server.raw_events = ["{not json"]
    with pytest.raises(ModelUnavailable, match="malformed data"):
        list(model.complete("x", GenerationParams()))
    server.raw_events = [json.dumps({"error": {"message": "out of memory"}})]
    with pytest.raises(ModelUnavailable, match="reported an error: out of memory"):
        list(model.chat([ChatMessage("user", "x")], GenerationParams()))
    model.close()


def test_an_unreachable_endpoint_is_model_unavailable() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    model = OpenAICompatibleModel(f"http://127.0.0.1:{port}", "m", network=Network(timeout=2))
    with pytest.raises(ModelUnavailable, match="could not be reached"):
        list(model.complete("x", GenerationParams()))


def test_a_registered_endpoint_is_listed_used_and_loaded(
        server: SSEServer, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from fedtui.cli import main
    from fedtui.llm.registry import ModelRegistry

    monkeypatch.setenv("MY_LLM_KEY", "from-env")
    assert main(["model", "add-endpoint", "home-server", server.base_url,
                 "--model", "llama3", "--api-key-env", "MY_LLM_KEY"]) == 0
    assert main(["model", "use", "home-server"]) == 0
    assert main(["model", "list"]) == 0
    listing = capsys.readouterr().out
    assert f"* home-server  chat  {server.base_url}/v1 (model llama3, your own server)" in listing
    model = ModelRegistry().load()
    assert model.name == "home-server" and model.kind is ModelKind.CHAT
    assert "".join(model.chat([ChatMessage("user", "Hi")], GenerationParams())) == "Hello world"
    assert server.requests[0][2] == "Bearer from-env"
    assert "from-env" not in (ModelRegistry().file.read_text("utf-8"))
