"""Local fakes of the Claude Messages API and the Twilio REST API, for tests, bench/, harness.

`FakeClaude` is a real HTTP server on 127.0.0.1 (stdlib only, one thread per connection) that
answers `POST /v1/messages` as the Anthropic API does, as JSON or as a `text/event-stream`. Point
the real SDK at it with `AsyncAnthropic(api_key="test-key", base_url=fake.url)` (or
ANTHROPIC_BASE_URL). Tests script its answers with `fake.queue(Text(...), ToolUse(...),
Error(429, "rate_limit_error"), ...)`; once the queue is empty, `fake.responder` answers (by
default `echo_reply`). Every request body is kept in `fake.requests`.

`FakeTwilioHttp` / `FakeAsyncTwilioHttp` replace twilio's HTTP client, so that
`twilio.rest.Client(account_sid(), "token", http_client=FakeTwilioHttp())` never leaves the process.
`FakeTwilioMedia` serves recordings on 127.0.0.1, only with the account's Basic auth.
`FakeLocalModel` is an Ollama or llama.cpp server's OpenAI-compatible chat completions on
127.0.0.1 (LOCAL_MODEL_URL), scripted like the fake Claude: `fake.queue("A summary.",
Refusal(500, "..."), Slow(60), Garbage(b"<html>"), HangUp())`.

As a separate process (benchmarks, the harness), from the repository root:

    python -m tests.fakes claude --port 0 [--latency 0.3] [--per-token-delay 0.02]

prints one line `FAKE_CLAUDE_URL=http://127.0.0.1:NNNN` and serves until killed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import email.utils
import hashlib
import itertools
import json
import logging
import re
import secrets
import signal
import socket
import socketserver
import sys
import threading
import time
import typing
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

from twilio.http import AsyncHttpClient, HttpClient
from twilio.http.response import Response
from twilio.request_validator import RequestValidator

# ---------------------------------------------------------------------------------------------
# Twilio-shaped values
# ---------------------------------------------------------------------------------------------


def account_sid() -> str:
    """A fresh Account SID: "AC" + 32 hex."""
    return "AC" + secrets.token_hex(16)


def call_sid() -> str:
    """A fresh Call SID: "CA" + 32 hex."""
    return "CA" + secrets.token_hex(16)


def message_sid() -> str:
    """A fresh Message SID: "SM" + 32 hex."""
    return "SM" + secrets.token_hex(16)


def sign(url: str, params: Mapping[str, str], token: str) -> str:
    """The X-Twilio-Signature Twilio sends when it POSTs `params` to `url`."""
    return str(RequestValidator(token).compute_signature(url, dict(params)))


# ---------------------------------------------------------------------------------------------
# Scripted Claude answers: each entry is one HTTP response
# ---------------------------------------------------------------------------------------------


@dataclass
class Text:
    """A reply of one text block (stop_reason "end_turn")."""

    text: str


@dataclass
class ToolUse:
    """A reply of an optional text block then one tool_use block (stop_reason "tool_use")."""

    name: str
    input: dict[str, Any]
    text: str = ""
    id: str | None = None  # None: "toolu_fake000001", "toolu_fake000002"… in order of use


@dataclass
class Reply:
    """A reply of several blocks: a str is a text block, a ToolUse its text and tool_use blocks."""

    blocks: list[str | ToolUse]
    stop_reason: str | None = None  # None: "tool_use" if there is a ToolUse, else "end_turn"


@dataclass
class Error:
    """An HTTP error in the API's shape; `retry_after` (seconds) becomes the retry-after header.

    The SDK raises RateLimitError (429), OverloadedError (529), InternalServerError (500, 5xx),
    AuthenticationError (401), BadRequestError (400)… all subclasses of APIStatusError.
    """

    status: int
    error_type: str
    message: str = "Simulated error from FakeClaude."
    retry_after: float | None = None


@dataclass
class Hang:
    """Wait `seconds` before answering with `then` (or the responder): provokes APITimeoutError."""

    seconds: float
    then: Entry | None = None


@dataclass
class Stall:
    """A 200 event stream that sends `text` as deltas, then goes silent for `seconds` (the
    connection stays open) before finishing the reply: a stream that stalls mid-reply."""

    text: str
    seconds: float


@dataclass
class StreamError:
    """A 200 event stream that sends `text` as deltas, then an `event: error` frame, then ends.

    The SDK raises plain `anthropic.APIStatusError` with status_code 200 (no subclass matches, and
    it is not retried) once the text deltas before it have been yielded; `.type` is `error_type`
    and `.body` the whole error frame. A request that is not streamed gets the plain HTTP error
    for `error_type` instead (overloaded_error: 529).
    """

    text: str = "partial "
    error_type: str = "overloaded_error"
    message: str = "Overloaded"


@dataclass
class Disconnect:
    """Close the connection without answering: the SDK raises APIConnectionError.

    With `text`, a streamed request first gets that text as deltas, then the connection drops
    mid-stream: the SDK then raises httpx2.RemoteProtocolError (not an anthropic error).
    """

    text: str = ""


Entry = Text | ToolUse | Reply | Error | Hang | Stall | StreamError | Disconnect
Responder = Callable[[dict[str, Any]], Entry]

# The HTTP status the API uses for each error type.
ERROR_STATUS = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "permission_error": 403,
    "not_found_error": 404,
    "request_too_large": 413,
    "rate_limit_error": 429,
    "api_error": 500,
    "overloaded_error": 529,
}


def _content_blocks(message: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A message's content as a list of blocks (a plain string is one text block)."""
    content = message.get("content", "")
    return [{"type": "text", "text": content}] if isinstance(content, str) else list(content)


def echo_reply(request: dict[str, Any]) -> Entry:
    """The default answer: repeat the caller's last words, or acknowledge a tool result."""
    messages = request.get("messages") or [{}]
    blocks = _content_blocks(messages[-1])
    if any(block.get("type") == "tool_result" for block in blocks):
        return Text("Okay, that's done.")
    said = " ".join(block.get("text", "") for block in blocks if block.get("type") == "text")
    said = said.strip().rstrip(".!?")
    return Text(f"Sure. You said: {said}." if said else "Sure.")


def served_models(today: date | None = None) -> frozenset[str]:
    """The model names the API serves: the installed SDK's own list (anthropic.types.Model),
    less the deprecated ones past their end-of-life date (the SDK's DEPRECATED_MODELS). Any
    other name, retired or made up, is a 404, as the API answers it."""
    from anthropic._data import DEPRECATED_MODELS
    from anthropic.types import Model

    today = today or datetime.now(UTC).date()
    literal = next(arg for arg in typing.get_args(Model) if typing.get_args(arg))
    retired = {name for name, end in DEPRECATED_MODELS.items() if _end_of_life(end) <= today}
    return frozenset(typing.get_args(literal)) - retired


def _end_of_life(when: str) -> date:
    """A date as DEPRECATED_MODELS writes it ("June 30th, 2026")."""
    return datetime.strptime(re.sub(r"(\d)(st|nd|rd|th)", r"\1", when), "%B %d, %Y").date()


def _problem_with(body: dict[str, Any], headers: Mapping[str, str]) -> Error | None:
    """The error the API would answer for this request, if any (the rules in REFERENCE.md)."""
    if not (headers.get("x-api-key") or headers.get("authorization")):
        return Error(401, "authentication_error", "x-api-key header is required")
    if not headers.get("anthropic-version"):
        return Error(400, "invalid_request_error", "anthropic-version: header is required")
    for name in ("model", "max_tokens", "messages"):
        if name not in body:
            return Error(400, "invalid_request_error", f"{name}: Field required")
    if str(body["model"]) not in served_models():
        return Error(404, "not_found_error", f"model: {body['model']}")
    choice = body.get("tool_choice")
    if choice is not None:
        # The API refuses a tool_choice it cannot honour: an unknown type, a forced tool
        # without tools, or a named tool that is not among them.
        named = {t.get("name") for t in body.get("tools") or []}
        kind = choice.get("type") if isinstance(choice, dict) else None
        if kind not in ("auto", "any", "tool", "none"):
            return Error(400, "invalid_request_error", "tool_choice.type: Input tag "
                         f"'{kind}' found using 'type' does not match any of the expected tags")
        if kind in ("any", "tool") and not named:
            return Error(400, "invalid_request_error",
                         "tool_choice may only be specified while providing tools")
        if kind == "tool" and choice.get("name") not in named:
            return Error(400, "invalid_request_error",
                         f"tool_choice: tool '{choice.get('name')}' not found in tools")
    messages = body["messages"]
    if not messages or messages[0].get("role") != "user":
        return Error(
            400, "invalid_request_error", 'messages: first message must use the "user" role'
        )
    asked: set[str] = set()  # tool_use ids of the previous assistant message
    for index, message in enumerate(messages):
        if index and message.get("role") == messages[index - 1].get("role"):
            return Error(
                400,
                "invalid_request_error",
                f'messages.{index}: roles must alternate between "user" and "assistant"',
            )
        blocks = _content_blocks(message)
        answered = {b.get("tool_use_id") for b in blocks if b.get("type") == "tool_result"}
        if unexpected := answered - asked:
            return Error(
                400,
                "invalid_request_error",
                f"messages.{index}: unexpected `tool_use_id` found in `tool_result` blocks: "
                f"{', '.join(sorted(map(str, unexpected)))}",
            )
        if missing := asked - answered:
            return Error(
                400,
                "invalid_request_error",
                f"messages.{index}: `tool_use` ids were found without `tool_result` blocks "
                f"immediately after: {', '.join(sorted(missing))}",
            )
        asked = {b["id"] for b in blocks if b.get("type") == "tool_use"}
        final_assistant = index == len(messages) - 1 and message.get("role") == "assistant"
        if message.get("content") in ("", []) and not final_assistant:
            return Error(
                400,
                "invalid_request_error",
                f"messages.{index}: all messages must have non-empty content except for the "
                "optional final assistant message",
            )
        if isinstance(message.get("content"), list) and any(
            b.get("type") == "text" and not b.get("text") for b in blocks
        ):
            return Error(
                400,
                "invalid_request_error",
                f"messages.{index}.content: text content blocks must be non-empty",
            )
        if isinstance(message.get("content"), list) and any(
            b.get("type") == "text" and not str(b.get("text")).strip() for b in blocks
        ):
            # A block of only whitespace ("\n\n" before a tool_use): the API names no index.
            return Error(
                400,
                "invalid_request_error",
                "messages: text content blocks must contain non-whitespace text",
            )
    return None


# Prompt caching (Anthropic's docs): the shortest prefix each model caches, in tokens (below it
# cache_control is silently ignored); how long an entry lives unless read again; and how many
# blocks before a breakpoint the API looks for an earlier cached prefix.
CACHE_MINIMUM_TOKENS = (
    (re.compile(r"claude-(?:haiku-4-5|opus-4-5|opus-4-6)"), 4096),
    (re.compile(r"claude-(?:3-5-haiku|3-haiku|haiku-3)"), 2048),
)
CACHE_MINIMUM_OTHERWISE = 1024
CACHE_SECONDS = 300.0
CACHE_LOOKBACK_BLOCKS = 20


def cache_minimum(model: str) -> int:
    """The shortest prefix `model` caches, in tokens."""
    return next((n for pattern, n in CACHE_MINIMUM_TOKENS if pattern.match(model)),
                CACHE_MINIMUM_OTHERWISE)


def _prompt_blocks(body: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """The request's prompt as the API caches it, in order (tools, system, messages): each
    block's JSON without its cache_control, and whether it carries a breakpoint. A top-level
    cache_control puts one on the last block."""
    blocks: list[tuple[str, bool]] = []

    def add(block: Mapping[str, Any]) -> None:
        bare = {k: v for k, v in block.items() if k != "cache_control"}
        blocks.append((json.dumps(bare, sort_keys=True), "cache_control" in block))

    for tool in body.get("tools") or []:
        add(tool)
    system = body.get("system") or []
    for block in [{"type": "text", "text": system}] if isinstance(system, str) else system:
        add(block)
    for message in body.get("messages") or []:
        for block in _content_blocks(message):
            add({**block, "role": message.get("role")})
    if body.get("cache_control") and blocks:
        blocks[-1] = (blocks[-1][0], True)
    return blocks


def prompt_tokens(body: Mapping[str, Any]) -> int:
    """The fake's count of a request's input tokens (tools, system and messages): about four
    characters a token, as English runs."""
    return max(1, sum(len(text) for text, _ in _prompt_blocks(body)) // 4)


def _words(text: str) -> list[str]:
    """Text cut into word-sized deltas (each keeps its trailing space), as the API streams it."""
    return re.findall(r"\s*\S+\s*|\s+", text)


def _thirds(text: str) -> list[str]:
    """JSON cut into about three pieces, as the API streams tool input."""
    size = max(1, -(-len(text) // 3))
    return [text[i : i + size] for i in range(0, len(text), size)]


def _stream_events(message: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The server-sent events that stream `message`: start, blocks with their deltas, stop."""
    yield {
        "type": "message_start",
        "message": {
            **message,
            "content": [],
            "stop_reason": None,
            "usage": {**message["usage"], "output_tokens": 1},
        },
    }
    for index, block in enumerate(message["content"]):
        if block["type"] == "text":
            yield {
                "type": "content_block_start",
                "index": index,
                "content_block": {**block, "text": ""},
            }
            deltas = [{"type": "text_delta", "text": piece} for piece in _words(block["text"])]
        else:
            yield {
                "type": "content_block_start",
                "index": index,
                "content_block": {**block, "input": {}},
            }
            pieces = _thirds(json.dumps(block["input"]))
            deltas = [{"type": "input_json_delta", "partial_json": piece} for piece in pieces]
        if index == 0:
            yield {"type": "ping"}
        for delta in deltas:
            yield {"type": "content_block_delta", "index": index, "delta": delta}
        yield {"type": "content_block_stop", "index": index}
    yield {
        "type": "message_delta",
        "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
        "usage": {"output_tokens": message["usage"]["output_tokens"]},
    }
    yield {"type": "message_stop"}


# ---------------------------------------------------------------------------------------------
# FakeClaude: the HTTP server
# ---------------------------------------------------------------------------------------------


class FakeClaude:
    """The Claude Messages API on 127.0.0.1, scripted by tests: start(), queue(...), stop()."""

    def __init__(
        self,
        *,
        port: int = 0,
        latency: float = 0.0,
        per_token_delay: float = 0.0,
        responder: Responder = echo_reply,
        strict: bool = True,
    ) -> None:
        self.port = port
        # Seconds before the first byte of every answer, and per streamed delta (a reply that is
        # not streamed waits for all its tokens before its first byte, as the real API does).
        self.latency = latency
        self.per_token_delay = per_token_delay
        self.responder = responder  # answers when the queue is empty
        self.strict = strict  # refuse malformed requests with the API's 400/401, as it does
        self.requests: list[dict[str, Any]] = []  # every /v1/messages body, in order
        self.request_headers: list[dict[str, str]] = []  # their headers, lower-case, keys redacted
        self.url = ""
        self._queue: deque[Entry] = deque()
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)  # a request was recorded
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._message_ids = itertools.count(1)
        # The prompt cache: a prefix's hash (with the model) and when the entry expires.
        self._cache: dict[str, float] = {}
        self.clock: Callable[[], float] = time.monotonic  # for the cache's 5 minutes
        self._tool_ids = itertools.count(1)
        self._request_ids = itertools.count(1)

    def wait_for_requests(self, count: int, timeout: float = 10.0) -> bool:
        """Wait until `count` requests have arrived (a test's event, not a sleep); whether
        they did within `timeout` seconds."""
        with self._arrived:
            return self._arrived.wait_for(lambda: len(self.requests) >= count, timeout)

    def start(self) -> FakeClaude:
        """Listen on 127.0.0.1 and serve from a daemon thread; `url` is then set."""
        self._stopping.clear()
        self._server = _Server(("127.0.0.1", self.port), self)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="FakeClaude"
        )
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: wake hanging requests, drop open connections, wait for every thread."""
        if self._server is None or self._thread is None:
            return
        self._stopping.set()
        self._server.shutdown()
        self._server.drop_connections()
        self._server.server_close()  # joins the request threads (socketserver's block_on_close)
        self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> FakeClaude:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def queue(self, *entries: Entry) -> None:
        """Answer the next requests with these entries, in order."""
        with self._lock:
            self._queue.extend(entries)

    @property
    def queued(self) -> list[Entry]:
        """The entries not used yet."""
        with self._lock:
            return list(self._queue)

    def _record(self, body: dict[str, Any], headers: Mapping[str, str]) -> tuple[Entry, str]:
        """Keep the request and choose its answer; returns the answer and a request id."""
        secret = {"authorization", "x-api-key"}
        kept = {k.lower(): ("<redacted>" if k.lower() in secret else v) for k, v in headers.items()}
        # A request the API would refuse never reaches the model, so it leaves the queue alone.
        problem = _problem_with(body, kept) if self.strict else None
        with self._lock:
            self.requests.append(body)
            self.request_headers.append(kept)
            self._arrived.notify_all()
            queued = self._queue.popleft() if self._queue and problem is None else None
        entry = problem or queued or self._respond(body)
        return entry, f"req_fake{next(self._request_ids):06d}"

    def _cache_usage(self, body: dict[str, Any]) -> dict[str, int]:
        """input_tokens, cache_creation_input_tokens and cache_read_input_tokens, as the API
        counts them: the longest cached prefix at or up to CACHE_LOOKBACK_BLOCKS blocks before
        a breakpoint is read; the prefix up to the last breakpoint that reaches the model's
        minimum is written (what was not read of it); the rest is plain input."""
        blocks = _prompt_blocks(body)
        minimum = cache_minimum(str(body.get("model", "")))
        running, sizes, keys = hashlib.sha256(str(body.get("model")).encode()), [], []
        size = 0
        for text, _ in blocks:
            running.update(text.encode() + b"\0")
            size += len(text)
            sizes.append(size // 4)
            keys.append(running.hexdigest())
        total = max(1, size // 4)
        marks = [index for index, (_, marked) in enumerate(blocks) if marked]
        now = self.clock()
        read = written = 0
        with self._lock:
            for mark in marks:
                for index in range(mark, max(-1, mark - CACHE_LOOKBACK_BLOCKS), -1):
                    if self._cache.get(keys[index], 0.0) > now:
                        read = max(read, sizes[index])
                        self._cache[keys[index]] = now + CACHE_SECONDS  # a read refreshes it
                        break
            for mark in marks:
                if sizes[mark] >= minimum:
                    self._cache[keys[mark]] = now + CACHE_SECONDS
                    written = max(written, sizes[mark] - read)
        return {"input_tokens": max(1, total - read - written),
                "cache_creation_input_tokens": written, "cache_read_input_tokens": read}

    def _respond(self, body: dict[str, Any]) -> Entry:
        """The responder's answer; a responder that raises becomes a 500 the test will see."""
        try:
            return self.responder(body)
        except Exception as exc:  # reported to the client as a 500, not swallowed
            return Error(500, "api_error", f"FakeClaude responder raised {exc!r}")

    def _message(self, entry: Text | ToolUse | Reply, body: dict[str, Any]) -> dict[str, Any]:
        """The Message object that `entry` stands for, as the API returns it."""
        parts: list[str | ToolUse]
        if isinstance(entry, Reply):
            parts = entry.blocks
        elif isinstance(entry, Text):
            parts = [entry.text]
        else:
            parts = [entry]
        content: list[dict[str, Any]] = []
        for part in parts:
            if isinstance(part, str):
                content.append({"type": "text", "text": part})
                continue
            if part.text:
                content.append({"type": "text", "text": part.text})
            tool_id = part.id or f"toolu_fake{next(self._tool_ids):06d}"
            content.append(
                {"type": "tool_use", "id": tool_id, "name": part.name, "input": part.input}
            )
        uses_tool = any(block["type"] == "tool_use" for block in content)
        stop_reason = (isinstance(entry, Reply) and entry.stop_reason) or (
            "tool_use" if uses_tool else "end_turn"
        )
        output_tokens = sum(
            len(_words(b["text"])) if b["type"] == "text" else len(_thirds(json.dumps(b["input"])))
            for b in content
        )
        return {
            "id": f"msg_fake{next(self._message_ids):06d}",
            "type": "message",
            "role": "assistant",
            "model": body.get("model", "claude-fake"),
            "content": content,
            "stop_reason": stop_reason,
            "stop_sequence": None,
            "usage": {**self._cache_usage(body), "output_tokens": max(1, output_tokens)},
        }


class _Server(ThreadingHTTPServer):
    """One thread per connection; remembers open connections so that stop() can end them."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], fake: FakeClaude) -> None:
        self.fake = fake
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN: a DNS query we neither need nor have.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]

    def process_request(self, request: Any, client_address: Any) -> None:
        # Registered here, in the serving thread, so none is missed by drop_connections().
        with self.connections_lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        """Shut every open connection, which ends the keep-alive reads of their threads."""
        with self.connections_lock:
            for connection in self.connections:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet about clients that went away; anything else is a bug in the fake."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    """Speaks HTTP/1.1 with keep-alive; streams as chunked `text/event-stream` like the API."""

    protocol_version = "HTTP/1.1"
    # Each event is its own small write, as the API streams them: without TCP_NODELAY, Nagle's
    # algorithm held every write after the first until the client's delayed ACK (~40 ms), so
    # a "zero-delay" model took 40-60 ms a request and the benchmark measured the fake.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Print nothing: request lines are noise in test output, and headers hold API keys."""

    def do_GET(self) -> None:
        """Only POST /v1/messages exists here."""
        self._send_error(Error(404, "not_found_error", "Not found"), "req_fake_404")

    def do_POST(self) -> None:
        """Record a /v1/messages request and answer it with the next scripted entry."""
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if urlsplit(self.path).path.rstrip("/") != "/v1/messages":
            self._send_error(
                Error(404, "not_found_error", f"Not found: {self.path}"), "req_fake_404"
            )
            return
        try:
            body = json.loads(raw)
        except ValueError:
            self._send_error(
                Error(400, "invalid_request_error", "Request body is not JSON"), "req_fake_400"
            )
            return
        entry, request_id = self.server.fake._record(body, dict(self.headers))
        try:
            self._answer(entry, body, request_id)
        except OSError:  # the client went away (timed out, cancelled): nothing left to tell it
            self.close_connection = True

    def _pause(self, seconds: float) -> bool:
        """Sleep; False when the fake is stopping and the connection should just be dropped."""
        if seconds > 0 and self.server.fake._stopping.wait(seconds):
            self.close_connection = True
            return False
        return not self.server.fake._stopping.is_set()

    def _answer(self, entry: Entry, body: dict[str, Any], request_id: str) -> None:
        """Write the HTTP response (or the silence) that `entry` stands for."""
        fake = self.server.fake
        if isinstance(entry, Hang):
            if self._pause(entry.seconds):
                self._answer(entry.then or fake._respond(body), body, request_id)
        elif isinstance(entry, Disconnect):
            if entry.text and body.get("stream"):
                self._stream(self._partial(entry.text, body), request_id, finish=False)
            self.close_connection = True
        elif isinstance(entry, Error):
            if self._pause(fake.latency):
                self._send_error(entry, request_id)
        elif isinstance(entry, Stall):
            message = fake._message(Text(entry.text), body)
            if not body.get("stream"):
                if self._pause(entry.seconds):
                    self._send_json(200, message, request_id)
                return
            events = list(_stream_events(message))
            stalled = itertools.chain(events[:-3], self._stalled(entry.seconds), events[-3:])
            self._stream(stalled, request_id)
        elif isinstance(entry, StreamError) and not body.get("stream"):
            status = ERROR_STATUS.get(entry.error_type, 500)
            self._answer(Error(status, entry.error_type, entry.message), body, request_id)
        elif isinstance(entry, StreamError):
            self._stream_error(entry, body, request_id)
        else:
            message = fake._message(entry, body)
            if body.get("stream"):
                self._stream(_stream_events(message), request_id)
            elif self._pause(
                fake.latency + fake.per_token_delay * message["usage"]["output_tokens"]
            ):
                self._send_json(200, message, request_id)

    def _send_json(self, status: int, payload: object, request_id: str, **headers: str) -> None:
        """Send one JSON response with its length, so the connection can be kept alive."""
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("request-id", request_id)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(data)

    def _send_error(self, error: Error, request_id: str) -> None:
        """Send the API's error shape: {"type": "error", "error": {"type", "message"}}."""
        payload = {
            "type": "error",
            "error": {"type": error.error_type, "message": error.message},
            "request_id": request_id,
        }
        extra = {} if error.retry_after is None else {"retry_after": f"{error.retry_after:g}"}
        self._send_json(error.status, payload, request_id, **extra)

    def _stream(
        self, events: Iterator[dict[str, Any]], request_id: str, finish: bool = True
    ) -> None:
        """Send events as server-sent events; without `finish`, stop as if the line dropped."""
        if not self._pause(self.server.fake.latency):
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("request-id", request_id)
        self.end_headers()
        for event in events:
            if event["type"] == "content_block_delta":
                if not self._pause(self.server.fake.per_token_delay):
                    return
            frame = f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(frame), frame))
        if finish:
            self.wfile.write(b"0\r\n\r\n")

    def _stalled(self, seconds: float) -> Iterator[dict[str, Any]]:
        """No events for `seconds` (then a ping, which the API also sends)."""
        if self._pause(seconds):
            yield {"type": "ping"}

    def _partial(self, text: str, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """The events of a text reply up to its last delta: a stream cut short."""
        events = list(_stream_events(self.server.fake._message(Text(text), body)))
        return iter(events[:-3])  # no content_block_stop, message_delta, message_stop

    def _stream_error(self, entry: StreamError, body: dict[str, Any], request_id: str) -> None:
        """Stream the start of a text reply, then an error event, as the API does mid-stream."""
        error = {"type": "error", "error": {"type": entry.error_type, "message": entry.message}}
        self._stream(itertools.chain(self._partial(entry.text, body), [error]), request_id)
        self.close_connection = True


# ---------------------------------------------------------------------------------------------
# Twilio REST API
# ---------------------------------------------------------------------------------------------


@dataclass
class TwilioApiRequest:
    """One request the twilio library made: method, full URL, form data, query parameters."""

    method: str
    url: str
    data: dict[str, Any]
    params: dict[str, Any]


_TWILIO_PATH = re.compile(
    r"/2010-04-01/Accounts/(?P<account>AC\w+)/(?P<kind>Messages|Calls)(?:/(?P<sid>\w+))?\.json$"
)


# What Twilio's own keyword handling hears in a whole text (its OptOutType for each).
OPT_OUT_TYPES = {
    "STOP": frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE",
                       "OPTOUT"}),
    "START": frozenset({"START", "YES", "UNSTOP"}),
    "HELP": frozenset({"HELP", "INFO"}),
}
E164 = re.compile(r"\+[1-9]\d{6,14}")
ENDED_CALL = frozenset({"completed", "busy", "failed", "no-answer", "canceled"})
# GSM 03.38: the basic alphabet (one septet each) and its extension table (two: escape + char).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")


def segments(body: str) -> int:
    """How many segments Twilio bills a text as: 160 GSM-7 septets in one, 153 a part when
    concatenated; a text with any other character goes as UCS-2, 70 UTF-16 units in one and
    67 a part."""
    if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in body):
        size, one, part = sum(2 if c in GSM7_EXTENSION else 1 for c in body), 160, 153
    else:
        size, one, part = len(body.encode("utf-16-le")) // 2, 70, 67
    return 1 if size <= one else -(-size // part)


_NUMBERS_PATH = re.compile(
    r"/2010-04-01/Accounts/(?P<account>AC\w+)/IncomingPhoneNumbers(?:/(?P<sid>PN\w+))?\.json$")
# What an update of an IncomingPhoneNumber may change (of those we use), and how Twilio checks it.
_FLOWS_PATH = re.compile(r"^/v2/Flows(?:/(?P<sid>FW[0-9a-f]{32}))?$")
# Studio's widgets the fake knows, with the transition events each may have (Twilio's Studio
# flow definition schema); a definition with another type or event is refused, as Twilio does.
STUDIO_WIDGETS = {
    "trigger": {"incomingMessage", "incomingCall", "incomingConversationMessage",
                "incomingRequest", "incomingParent"},
    "say-play": {"audioComplete"},
    "record-voicemail": {"recordingComplete", "noAudio", "hangup"},
    "send-message": {"sent", "failed"},
}
STUDIO_REQUIRED = {"send-message": ("from", "to", "body")}
_NUMBER_URLS = ("VoiceUrl", "VoiceFallbackUrl", "StatusCallback", "SmsUrl", "SmsFallbackUrl")
_NUMBER_METHODS = ("VoiceMethod", "VoiceFallbackMethod", "StatusCallbackMethod", "SmsMethod",
                   "SmsFallbackMethod")


def _twilio_error(status: int, code: int, message: str) -> Response:
    """An error answer in Twilio's shape, which twilio raises as TwilioRestException."""
    payload = {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    return Response(status, json.dumps(payload), {"Content-Type": "application/json"})


# The numbers the fake account owns unless a test says otherwise: the tests' business number
# (Twilio's magic test number) and the one test_fakes.py sends from.
ACCOUNT_NUMBERS = ("+15005550006", "+14155550100")


def studio_definition_problem(definition: Any) -> str | None:
    """Why Studio would refuse a flow definition (its JSON schema, the widgets the fake
    knows), or None: states with unique names, known types and events, every `next` a state,
    required properties present, an initial state that is a trigger."""
    if not isinstance(definition, dict) or not isinstance(definition.get("states"), list) \
            or not definition["states"] or not isinstance(definition.get("initial_state"), str):
        return "it needs initial_state and at least one state"
    names = [state.get("name") for state in definition["states"] if isinstance(state, dict)]
    if len(names) != len(definition["states"]) or len(set(names)) != len(names) or not all(
            isinstance(name, str) and re.fullmatch(r"[A-Za-z0-9_]+", name) for name in names):
        return "every state needs a unique name of letters, digits and _"
    for state in definition["states"]:
        kind = state.get("type")
        if kind not in STUDIO_WIDGETS:
            return f"{state['name']}: unknown widget type {kind!r}"
        for transition in state.get("transitions", []):
            if transition.get("event") not in STUDIO_WIDGETS[kind]:
                return f"{state['name']}: {kind} has no event {transition.get('event')!r}"
            if "next" in transition and transition["next"] not in names:
                return f"{state['name']}: next {transition['next']!r} is not a state"
        missing = [p for p in STUDIO_REQUIRED.get(kind, ()) if not state.get(
            "properties", {}).get(p)]
        if missing:
            return f"{state['name']}: {kind} needs {', '.join(missing)}"
        if kind == "say-play" and not ({"say", "play", "digits"} & state.get(
                "properties", {}).keys()):
            return f"{state['name']}: say-play needs say, play or digits"
    initial = next((s for s in definition["states"] if s["name"] == definition["initial_state"]),
                   None)
    if initial is None or initial["type"] != "trigger":
        return "initial_state must name the trigger"
    return None


class _FakeTwilioApi:
    """Twilio's Messages and Calls resources in memory: what the sync and async fakes share."""

    def _begin(self, numbers: Iterable[str]) -> None:
        self.requests: list[TwilioApiRequest] = []
        self.resources: dict[str, dict[str, Any]] = {}  # by sid: every message and call known
        self.phone_numbers: dict[str, dict[str, Any]] = {}  # IncomingPhoneNumbers, by PN sid
        self._failures: deque[Response | OSError] = deque()
        self.numbers = set(numbers)  # the account's own numbers: the only From a text may have
        self.opted_out: set[tuple[str, str]] = set()  # (their number, ours) after a STOP
        self.flows: dict[str, dict[str, Any]] = {}  # Studio flows (studio.twilio.com/v2), by sid

    def received(self, frm: str, to: str, body: str) -> str | None:
        """A text reached one of the account's numbers: Twilio's own keyword handling (the
        whole body, any case, one word) updates the opt-out list. The OptOutType Twilio
        would add to the webhook (STOP, START, HELP), or None for an ordinary text."""
        keyword = body.strip().upper()
        kind = next((k for k, words in OPT_OUT_TYPES.items() if keyword in words), None)
        if kind == "STOP":
            self.opted_out.add((frm, to))
        elif kind == "START":
            self.opted_out.discard((frm, to))
        return kind

    def fail_next(
        self,
        status: int = 400,
        code: int = 21610,
        message: str = "Attempt to send to unsubscribed recipient",
    ) -> None:
        """Make the next request fail; twilio raises TwilioRestException(status, code)."""
        self._failures.append(_twilio_error(status, code, message))

    def fail_next_connection(self) -> None:
        """Make the next request fail to connect, as requests raises it (an OSError)."""
        import requests

        self._failures.append(requests.exceptions.ConnectionError("Connection refused"))

    def status_callback(
        self, sid: str, status: str = "delivered", error_code: int | None = None
    ) -> tuple[str, dict[str, str]]:
        """The status callback Twilio POSTs for a message it knows: the URL it was created
        with (StatusCallback) and the form, with ErrorCode on undelivered/failed (30xxx)."""
        message = self.resources[sid]
        url = message["_status_callback"]
        assert url, "the message was created without a StatusCallback: Twilio would post none"
        message["status"] = status
        form = {
            "AccountSid": message["account_sid"], "ApiVersion": "2010-04-01",
            "From": message["from"], "To": message["to"], "MessageSid": sid, "SmsSid": sid,
            "MessageStatus": status, "SmsStatus": status,
        }
        if error_code is not None:
            form["ErrorCode"] = str(error_code)
            message["error_code"] = error_code
        return url, form

    def set_call(self, sid: str, status: str = "in-progress", **fields: Any) -> dict[str, Any]:
        """Make a call known (e.g. an inbound one from a webhook) or change its status."""
        call = self.resources.setdefault(
            sid, self._call(sid, account_sid(), {"Direction": "inbound"})
        )
        call.update(fields, status=status)
        return call

    def add_number(self, phone_number: str, **urls: str) -> dict[str, Any]:
        """Give the account a phone number (IncomingPhoneNumbers), its URLs as given
        (voice_url=..., voice_fallback_url=...; the rest empty, as a new number's are)."""
        sid = "PN" + secrets.token_hex(16)
        number = {
            "account_sid": account_sid(), "address_requirements": "none", "api_version":
            "2010-04-01", "beta": False, "capabilities": {"voice": True, "sms": True,
                                                         "mms": True, "fax": False},
            "date_created": email.utils.format_datetime(datetime.now(UTC)),
            "date_updated": email.utils.format_datetime(datetime.now(UTC)),
            "friendly_name": phone_number, "identity_sid": None, "origin": "twilio",
            "phone_number": phone_number, "sid": sid, "status": "in-use",
            "status_callback": "", "status_callback_method": "POST",
            "sms_url": "", "sms_method": "POST", "sms_fallback_url": "",
            "sms_fallback_method": "POST", "voice_url": "", "voice_method": "POST",
            "voice_fallback_url": "", "voice_fallback_method": "POST",
            "voice_caller_id_lookup": False,
            "uri": f"/2010-04-01/Accounts/{account_sid()}/IncomingPhoneNumbers/{sid}.json",
        }
        number.update(urls)
        self.phone_numbers[sid] = number
        self.numbers.add(phone_number)
        return number

    def _numbers(self, method: str, path: str, account: str, sid: str | None,
                 params: Mapping[str, Any], form: Mapping[str, Any]) -> Response:
        """IncomingPhoneNumbers: the list (filtered by PhoneNumber, exact), fetch, update."""
        json_type = {"Content-Type": "application/json"}
        if sid is None and method == "GET":
            wanted = params.get("PhoneNumber")
            found = [n for n in self.phone_numbers.values()
                     if wanted is None or n["phone_number"] == wanted]
            return Response(200, json.dumps({
                "incoming_phone_numbers": found, "end": max(len(found) - 1, 0),
                "first_page_uri": path, "next_page_uri": None, "page": 0,
                "page_size": 50, "previous_page_uri": None, "start": 0, "uri": path}), json_type)
        if sid is None or sid not in self.phone_numbers:
            return _twilio_error(404, 20404, f"The requested resource {path} was not found")
        number = self.phone_numbers[sid]
        if method == "POST":
            for name, value in form.items():
                if name in _NUMBER_URLS and value and urlsplit(str(value)).scheme not in (
                        "http", "https"):
                    return _twilio_error(400, 21402, f"{name} is not valid")
                if name in _NUMBER_METHODS and str(value).upper() not in ("GET", "POST"):
                    return _twilio_error(400, 21403, f"{name} is not valid")
                if name not in (*_NUMBER_URLS, *_NUMBER_METHODS, "FriendlyName"):
                    return _twilio_error(400, 20001, f"Unknown parameter {name}")
            for name, value in form.items():
                key = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
                number[key] = str(value).upper() if name in _NUMBER_METHODS else str(value)
        return Response(200, json.dumps(number), json_type)

    def _flows(self, method: str, url: str, form: Mapping[str, Any]) -> Response:
        """Studio's Flows (v2): list (definitions null, as Twilio lists them), create, fetch
        and update (a new revision). A definition Twilio's schema refuses is a 400."""
        path = urlsplit(url).path
        found = _FLOWS_PATH.match(path)
        json_type = {"Content-Type": "application/json"}
        if found is None or (found["sid"] and found["sid"] not in self.flows):
            return _twilio_error(404, 20404, f"The requested resource {path} was not found")
        if method == "GET" and found["sid"] is None:
            listed = [{**flow, "definition": None} for flow in self.flows.values()]
            return Response(200, json.dumps({"flows": listed, "meta": {
                "page": 0, "page_size": 50, "first_page_url": url, "previous_page_url": None,
                "url": url, "next_page_url": None, "key": "flows"}}), json_type)
        if method == "GET":
            return Response(200, json.dumps(self.flows[found["sid"]]), json_type)
        if method != "POST":
            return _twilio_error(405, 20004, "Method not allowed")
        flow = self.flows.get(found["sid"] or "")
        if flow is None and not form.get("FriendlyName"):
            return _twilio_error(400, 20001, "Missing required parameter FriendlyName in the "
                                             "post body")
        if form.get("Status") not in ("draft", "published"):
            return _twilio_error(400, 20001, "Missing or invalid required parameter Status in "
                                             "the post body")
        if flow is None and "Definition" not in form:
            return _twilio_error(400, 20001, "Missing required parameter Definition in the "
                                             "post body")
        definition = flow["definition"] if flow and "Definition" not in form else None
        if "Definition" in form:
            try:
                definition = json.loads(str(form["Definition"]))
            except ValueError:
                return _twilio_error(400, 20001, "Invalid Flow definition: not JSON")
            problem = studio_definition_problem(definition)
            if problem:
                return _twilio_error(400, 20001, f"Invalid Flow definition: {problem}")
        now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        if flow is None:
            sid = "FW" + secrets.token_hex(16)
            flow = self.flows[sid] = {
                "sid": sid, "account_sid": account_sid(), "revision": 0, "date_created": now,
                "url": f"https://studio.twilio.com/v2/Flows/{sid}",
                "webhook_url": f"https://webhooks.twilio.com/v1/Accounts/{account_sid()}/"
                               f"Flows/{sid}",
                "links": {"revisions": f"https://studio.twilio.com/v2/Flows/{sid}/Revisions"}}
        flow.update(
            friendly_name=form.get("FriendlyName") or flow.get("friendly_name"),
            definition=definition, status=form["Status"], revision=flow["revision"] + 1,
            commit_message=form.get("CommitMessage"), valid=True, errors=[], warnings=[],
            date_updated=now)
        return Response(200 if found["sid"] else 201, json.dumps(flow), json_type)

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The form data of every SMS the client asked to send."""
        return [
            r.data for r in self.requests if r.method == "POST" and r.url.endswith("/Messages.json")
        ]

    @property
    def calls(self) -> list[dict[str, Any]]:
        """The form data of every call the client asked to place."""
        return [
            r.data for r in self.requests if r.method == "POST" and r.url.endswith("/Calls.json")
        ]

    def _answer(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        data: Mapping[str, Any] | None,
        auth: tuple[str, str] | None,
    ) -> Response:
        """Record the request and answer it as Twilio would."""
        form = dict(data or {})
        self.requests.append(TwilioApiRequest(method, url, form, dict(params or {})))
        if self._failures:
            failure = self._failures.popleft()
            if isinstance(failure, OSError):
                raise failure
            return failure
        if auth is None:
            return _twilio_error(401, 20003, "Authenticate")
        if urlsplit(url).netloc == "studio.twilio.com":
            return self._flows(method, url, form)
        numbers = _NUMBERS_PATH.search(urlsplit(url).path)
        if numbers is not None:
            return self._numbers(method, urlsplit(url).path, numbers["account"], numbers["sid"],
                                 dict(params or {}), form)
        match = _TWILIO_PATH.search(urlsplit(url).path)
        if match is None:
            return _twilio_error(
                404, 20404, f"The requested resource {urlsplit(url).path} was not found"
            )
        account, kind, sid = match["account"], match["kind"], match["sid"]
        if sid is None and method == "POST":
            problem = self._problem_with(kind, form)
            if problem is not None:
                return problem
            sid = message_sid() if kind == "Messages" else call_sid()
            made = (
                self._message(sid, account, form)
                if kind == "Messages"
                else self._call(sid, account, form)
            )
            self.resources[sid] = made
            return Response(201, json.dumps(made), {"Content-Type": "application/json"})
        if sid not in self.resources:
            return _twilio_error(
                404, 20404, f"The requested resource {urlsplit(url).path} was not found"
            )
        if method == "DELETE":
            del self.resources[sid]
            return Response(204, "", {})
        if method == "POST" and ({"Twiml", "Url"} & form.keys()) and self.resources[sid][
            "status"
        ] in ENDED_CALL:
            return _twilio_error(400, 21220, "Call is not in-progress. Cannot redirect.")
        if method == "POST" and "Status" in form:  # e.g. hanging up a live call
            self.resources[sid]["status"] = form["Status"]
        return Response(200, json.dumps(self.resources[sid]), {"Content-Type": "application/json"})

    def _problem_with(self, kind: str, form: Mapping[str, Any]) -> Response | None:
        """Twilio's 400 for a create it refuses: a required parameter missing or invalid, a
        From that is not the account's, a recipient that texted STOP."""
        if "To" not in form:
            return _twilio_error(400, 21604, "A 'To' phone number is required.")
        if "From" not in form and (kind == "Calls" or "MessagingServiceSid" not in form):
            return _twilio_error(400, 21603, "A 'From' phone number is required.")
        if kind == "Messages" and not any(
            form.get(name) for name in ("Body", "MediaUrl", "ContentSid")
        ):
            return _twilio_error(400, 21602, "Message body is required.")
        if kind == "Messages" and not E164.fullmatch(str(form["To"])):
            return _twilio_error(400, 21211, f"Invalid 'To' Phone Number: {form['To']}")
        if kind == "Messages" and "From" in form and form["From"] not in self.numbers:
            return _twilio_error(
                400, 21606, f"The From phone number {form['From']} is not a valid, "
                "SMS-capable inbound phone number or short code for your account.")
        if kind == "Messages" and (form["To"], form.get("From")) in self.opted_out:
            return _twilio_error(400, 21610, "Attempt to send to unsubscribed recipient")
        if kind == "Messages" and len(str(form.get("Body", ""))) > 1600:
            return _twilio_error(
                400, 21617, "The concatenated message body exceeds the 1600 character limit.")
        callback = str(form.get("StatusCallback", ""))
        if callback and urlsplit(callback).scheme not in ("http", "https"):
            return _twilio_error(400, 21609, "The StatusCallback URL is not a valid URL.")
        return None

    @staticmethod
    def _message(sid: str, account: str, form: Mapping[str, Any]) -> dict[str, Any]:
        """A new outbound message resource, as Twilio answers a create."""
        now = email.utils.format_datetime(datetime.now(UTC))
        media = form.get("MediaUrl") or []
        return {
            "account_sid": account,
            "api_version": "2010-04-01",
            "body": form.get("Body", ""),
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "num_media": str(len(media) if isinstance(media, list) else 1),
            "num_segments": str(segments(str(form.get("Body", "")))),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            # Through a messaging service without From, Twilio first answers "accepted".
            "status": "queued" if "From" in form else "accepted",
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{account}/Messages/{sid}/Media.json"
            },
            "to": form.get("To"),
            "uri": f"/2010-04-01/Accounts/{account}/Messages/{sid}.json",
            # Not part of Twilio's answer (hence the underscore): where it reports delivery.
            "_status_callback": form.get("StatusCallback"),
        }

    @staticmethod
    def _call(sid: str, account: str, form: Mapping[str, Any]) -> dict[str, Any]:
        """A new call resource, as Twilio answers a create (status "queued")."""
        now = email.utils.format_datetime(datetime.now(UTC))
        return {
            "account_sid": account,
            "answered_by": None,
            "api_version": "2010-04-01",
            "caller_name": None,
            "date_created": now,
            "date_updated": now,
            "direction": form.get("Direction", "outbound-api"),
            "duration": None,
            "end_time": None,
            "forwarded_from": None,
            "from": form.get("From"),
            "from_formatted": form.get("From"),
            "group_sid": None,
            "parent_call_sid": None,
            "phone_number_sid": None,
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "start_time": None,
            "status": "queued",
            "subresource_uris": {
                "recordings": f"/2010-04-01/Accounts/{account}/Calls/{sid}/Recordings.json"
            },
            "to": form.get("To"),
            "to_formatted": form.get("To"),
            "trunk_sid": None,
            "uri": f"/2010-04-01/Accounts/{account}/Calls/{sid}.json",
        }


class FakeTwilioHttp(_FakeTwilioApi, HttpClient):
    """twilio's HttpClient answered in memory; pass it as `Client(..., http_client=...)`."""

    def __init__(self, numbers: Iterable[str] = ACCOUNT_NUMBERS) -> None:
        HttpClient.__init__(self, logging.getLogger(__name__), is_async=False)
        self._begin(numbers)

    def request(
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        """Answer as api.twilio.com would, without any network."""
        return self._answer(method, uri, params, data, auth)


class FakeAsyncTwilioHttp(_FakeTwilioApi, AsyncHttpClient):
    """twilio's AsyncHttpClient answered in memory, for `create_async` / `fetch_async`."""

    def __init__(self, numbers: Iterable[str] = ACCOUNT_NUMBERS) -> None:
        AsyncHttpClient.__init__(self, logging.getLogger(__name__), is_async=True)
        self._begin(numbers)

    async def request(
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        """Answer as api.twilio.com would, without any network."""
        return self._answer(method, uri, params, data, auth)

    async def close(self) -> None:
        """Nothing to close; here because AsyncTwilioHttpClient has it."""


# -- The fakes that are real HTTP servers on 127.0.0.1 (recordings, calendar, local model, ntfy) --


def serve_on_loopback(handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    """`handler` served on 127.0.0.1 (a free port) from a daemon thread, a daemon thread per
    connection; stopped by stop_serving."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def served_url(server: ThreadingHTTPServer | None) -> str:
    """Where a server serve_on_loopback started listens: http://127.0.0.1:port."""
    assert server is not None, "enter the fake (`with ...`) first"
    return f"http://127.0.0.1:{server.server_address[1]}"


def stop_serving(server: ThreadingHTTPServer | None) -> None:
    """Stop a server serve_on_loopback started, and close its socket."""
    assert server is not None
    server.shutdown()
    server.server_close()


@contextlib.asynccontextmanager
async def answered_in_pieces(body: bytes, content_type: str) -> AsyncIterator[str]:
    """A server on 127.0.0.1 whose one answer, `body` (longer than one packet), arrives in two
    pieces as it does over a real network: its address."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\n"
                     b"Content-Length: %d\r\nConnection: close\r\n\r\n"
                     % (content_type.encode(), len(body)))
        writer.write(body[:1448])  # one Ethernet packet's worth
        await writer.drain()
        await asyncio.sleep(0.2)  # the next packet is on its way
        writer.write(body[1448:])
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    finally:
        server.close()
        await server.wait_closed()


_RECORDING_PATH = re.compile(
    r"/2010-04-01/Accounts/(?P<account>AC\w+)/Recordings/(?P<sid>RE[0-9a-f]{32})\.mp3$")


class FakeTwilioMedia:
    """Twilio's recordings as api.twilio.com serves them with "Enforce HTTP Auth on Media
    URLs" on (mandatory for accounts made since mid-2023): a real HTTP server on 127.0.0.1
    answering `GET /2010-04-01/Accounts/{AC}/Recordings/{RE}.mp3` only with HTTP Basic auth of
    the account's SID and auth token; 401 (Twilio's 20003) without, 404 (20404) for a recording
    it does not hold. Point the bot at it with `telephone.api_base = media.url`."""

    def __init__(self, account: str, token: str) -> None:
        self.account, self.token = account, token
        self.recordings: dict[str, bytes] = {}  # by RecordingSid: the MP3's bytes
        self.ranges = True  # honour a Range header (206); False: always the whole (200)
        self.requests: list[tuple[str, str | None]] = []  # (path, Authorization header)
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """Where it listens (http://127.0.0.1:port), once entered."""
        return served_url(self._server)

    def __enter__(self) -> FakeTwilioMedia:
        self._server = serve_on_loopback(self._handler())
        return self

    def __exit__(self, *exc_info: object) -> None:
        stop_serving(self._server)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                """Print nothing: the Authorization header is a secret."""

            def answer(self, status: int, body: bytes, content_type: str,
                       **headers: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name.replace("_", "-"), value)
                self.end_headers()
                self.wfile.write(body)

            def error(self, status: int, code: int, message: str, **headers: str) -> None:
                payload = {"code": code, "message": message, "status": status,
                           "more_info": f"https://www.twilio.com/docs/errors/{code}"}
                self.answer(status, json.dumps(payload).encode(), "application/json", **headers)

            def do_GET(self) -> None:
                import base64

                given = self.headers.get("Authorization")
                fake.requests.append((self.path, given))
                expected = "Basic " + base64.b64encode(
                    f"{fake.account}:{fake.token}".encode()).decode()
                if given != expected:
                    self.error(401, 20003, "Authenticate",
                               WWW_Authenticate='Basic realm="Twilio API"')
                    return
                match = _RECORDING_PATH.search(urlsplit(self.path).path)
                if match is None or match["account"] != fake.account \
                        or match["sid"] not in fake.recordings:
                    self.error(404, 20404, f"The requested resource {self.path} was not found")
                    return
                audio = fake.recordings[match["sid"]]
                span = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range") or "")
                if not fake.ranges or span is None or span.groups() == ("", ""):
                    self.answer(200, audio, "audio/mpeg",
                                **({"Accept_Ranges": "bytes"} if fake.ranges else {}))
                    return
                # One span, as RFC 9110 says (and S3, where Twilio keeps recordings, does).
                first, last = (int(part) if part else None for part in span.groups())
                if first is None:
                    first, last = max(len(audio) - (last or 0), 0), len(audio) - 1
                last = len(audio) - 1 if last is None else min(last, len(audio) - 1)
                if first >= len(audio) or first > last:
                    self.answer(416, b"", "audio/mpeg", Content_Range=f"bytes */{len(audio)}")
                    return
                self.answer(206, audio[first:last + 1], "audio/mpeg", Accept_Ranges="bytes",
                            Content_Range=f"bytes {first}-{last}/{len(audio)}")

        return Handler


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


# -- The owner's calendar: the secret iCal address Google Calendar, Outlook and Apple publish --


# As Google Calendar publishes it: a VTIMEZONE, X-WR-TIMEZONE, CRLF line ends, long lines
# folded. A weekly lunch (RRULE) with one week off (EXDATE), a dentist's visit in UTC, a
# meeting in London's time zone, a day away (all-day), a reminder marked free (TRANSPARENT)
# and a cancelled event: all in the week of Tuesday 24 November 2026 in Chicago.
OWNERS_CALENDAR = """BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:Sam Rivera
X-WR-TIMEZONE:America/Chicago
BEGIN:VTIMEZONE
TZID:America/Chicago
X-LIC-LOCATION:America/Chicago
BEGIN:DAYLIGHT
TZOFFSETFROM:-0600
TZOFFSETTO:-0500
TZNAME:CDT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0500
TZOFFSETTO:-0600
TZNAME:CST
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
DTSTART;TZID=America/Chicago:20261002T120000
DTEND;TZID=America/Chicago:20261002T130000
RRULE:FREQ=WEEKLY;WKST=SU;BYDAY=MO,WE,FR
EXDATE;TZID=America/Chicago:20261127T120000
DTSTAMP:20261120T150000Z
UID:4l1dq0tkd7a3bn0s7ohqk2e8mb@google.com
CREATED:20260920T180000Z
DESCRIPTION:
LAST-MODIFIED:20261120T150000Z
SEQUENCE:1
STATUS:CONFIRMED
SUMMARY:Lunch with the family
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART:20261125T170000Z
DTEND:20261125T180000Z
DTSTAMP:20261120T150000Z
UID:0b7s2ksk1u6f1v7o3ae8lm3s0c@google.com
STATUS:CONFIRMED
SUMMARY:Dentist (Dr. Okafor\\, 2nd floor)
DESCRIPTION:Bring the insurance card. This description is long enough that Goog
 le folds it onto a second line\\, as RFC 5545 says.
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/London:20261127T150000
DTEND;TZID=Europe/London:20261127T160000
DTSTAMP:20261120T150000Z
UID:7r0hnd3c2a5t8g1eg1q8u9v4ls@google.com
STATUS:CONFIRMED
SUMMARY:Call with the frame builder in Sheffield
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20261130
DTEND;VALUE=DATE:20261201
DTSTAMP:20261120T150000Z
UID:2f1qhcud6o3o8b0jmmkvv6t2k4@google.com
STATUS:CONFIRMED
SUMMARY:Trade show in Milwaukee
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=America/Chicago:20261125T150000
DTEND;TZID=America/Chicago:20261125T160000
DTSTAMP:20261120T150000Z
UID:6g3m0q7b9k2d1e4f5h6j7k8l9m@google.com
SUMMARY:Reminder: order inner tubes
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=America/Chicago:20261125T160000
DTEND;TZID=America/Chicago:20261125T170000
DTSTAMP:20261120T150000Z
UID:9a8b7c6d5e4f3g2h1i0j9k8l7m@google.com
STATUS:CANCELLED
SUMMARY:Cancelled: bank
TRANSP:OPAQUE
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n")


class FakeCalendar:
    """The owner's calendar's secret iCal address, on 127.0.0.1: `GET <path>` answers
    `text/calendar` as Google's does; any other path is a 404 (a secret address mistyped or
    reset). `status` makes it fail as a calendar server can (500, 404); `requests` counts
    what was asked."""

    def __init__(self, ics: str = OWNERS_CALENDAR) -> None:
        self.ics = ics
        self.status = 200
        self.path = f"/calendar/ical/sam%40example.com/private-{secrets.token_hex(16)}/basic.ics"
        self.requests: list[str] = []
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """The secret address, as the owner copies it from their calendar's settings."""
        return served_url(self._server) + self.path

    def __enter__(self) -> FakeCalendar:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                fake.requests.append(self.path)
                # As a web server does, %40 and @ are the same path.
                found = unquote(self.path) == unquote(fake.path)
                status = fake.status if found else 404
                body = (fake.ics if status == 200 else "Not Found").encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/calendar; charset=UTF-8" if status == 200
                                 else "text/html; charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = serve_on_loopback(Handler)
        return self

    def __exit__(self, *exc: object) -> None:
        stop_serving(self._server)


# ---------------------------------------------------------------------------------------------
# A local model server: Ollama's or llama.cpp's OpenAI-compatible chat completions
# ---------------------------------------------------------------------------------------------


@dataclass
class Completion:
    """A chat completion of `text`; more words than the request's max_tokens are cut there,
    with finish_reason "length", as the servers do (a word stands for a token here)."""

    text: str


@dataclass
class Refusal:
    """An HTTP error in OpenAI's shape, as Ollama's /v1 answers one."""

    status: int
    message: str
    type: str = "api_error"


@dataclass
class Slow:
    """Wait `seconds` (a model loading into memory, a CPU too slow) before `then`."""

    seconds: float
    then: LocalEntry | None = None


@dataclass
class Garbage:
    """A 200 whose body is not a chat completion (a proxy's page, half a JSON)."""

    body: bytes


@dataclass
class HangUp:
    """Close the connection without answering (the server crashed, out of memory)."""


LocalEntry = str | Completion | Refusal | Slow | Garbage | HangUp
OPENAI_ROLES = ("system", "user", "assistant")


def local_problem(body: object, models: frozenset[str] | None) -> Refusal | None:
    """Why Ollama's (or llama-server's) /v1/chat/completions refuses a request body: model and
    messages are required, a message has a role of system, user or assistant and text content;
    max_tokens is a positive whole number; Ollama refuses a model it has not pulled (404)."""
    bad = "invalid_request_error"
    if not isinstance(body, dict):
        return Refusal(400, "request body must be a JSON object", bad)
    model, messages = body.get("model"), body.get("messages")
    if not isinstance(model, str) or not model:
        return Refusal(400, "model is required", bad)
    if not isinstance(messages, list) or not messages:
        return Refusal(400, "messages is required", bad)
    for index, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in OPENAI_ROLES:
            role = message.get("role") if isinstance(message, dict) else None
            return Refusal(400, f"invalid role {role!r} in messages[{index}]", bad)
        if not isinstance(message.get("content"), str):
            return Refusal(400, f"invalid message content type in messages[{index}]", bad)
    tokens = body.get("max_tokens", 1)
    if isinstance(tokens, bool) or not isinstance(tokens, int) or tokens < 1:
        return Refusal(400, "max_tokens must be a positive integer", bad)
    if body.get("stream"):
        return Refusal(400, "the fake local model does not stream", bad)
    if models is not None and model not in models:
        return Refusal(404, f'model "{model}" not found, try pulling it first', "api_error")
    return None


class FakeLocalModel:
    """An Ollama (`models`: what `ollama list` shows; any other model is a 404) or llama.cpp
    server (`models=None`: it serves its one model under any name) on 127.0.0.1. Answers
    `POST /v1/chat/completions` with the queued entries, then `responder(body)`; lists its
    models at `GET /v1/models`. Every request body is kept in `requests`."""

    def __init__(
        self, models: Iterable[str] | None = ("llama3.2",),
        responder: Callable[[dict[str, Any]], LocalEntry] = lambda body: "OK.",
    ) -> None:
        self.models = frozenset(models) if models is not None else None
        self.responder = responder
        self.requests: list[dict[str, Any]] = []
        self._queue: deque[LocalEntry] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """The server's base address, as LOCAL_MODEL_URL takes it."""
        return served_url(self._server)

    def queue(self, *entries: LocalEntry) -> None:
        """Answer the next well-formed requests with these, in order."""
        with self._lock:
            self._queue.extend(entries)

    def completion(self, text: str, body: dict[str, Any]) -> dict[str, Any]:
        """The chat completion object of `text`, as Ollama's /v1 returns it."""
        words = text.split(" ")
        cut = len(words) > body.get("max_tokens", 10**9)
        content = " ".join(words[:body["max_tokens"]]) if cut else text
        prompt = sum(len(m["content"].split()) for m in body["messages"])
        return {
            "id": f"chatcmpl-{next(self._ids)}", "object": "chat.completion",
            "created": int(time.time()), "model": body["model"],
            "system_fingerprint": "fp_ollama",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": "length" if cut else "stop"}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": len(content.split()),
                      "total_tokens": prompt + len(content.split())},
        }

    def __enter__(self) -> FakeLocalModel:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def send(self, status: int, payload: object | bytes) -> None:
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def refuse(self, refusal: Refusal) -> None:
                self.send(refusal.status, {"error": {
                    "message": refusal.message, "type": refusal.type, "param": None,
                    "code": None}})

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                if urlsplit(self.path).path != "/v1/models":
                    self.refuse(Refusal(404, "404 page not found"))
                    return
                self.send(200, {"object": "list", "data": [
                    {"id": name, "object": "model", "created": 0, "owned_by": "library"}
                    for name in sorted(fake.models or {"model.gguf"})]})

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if urlsplit(self.path).path != "/v1/chat/completions":
                    self.refuse(Refusal(404, "404 page not found"))
                    return
                try:
                    body = json.loads(raw)
                except ValueError:
                    self.refuse(Refusal(400, "invalid character in request body",
                                        "invalid_request_error"))
                    return
                problem = local_problem(body, fake.models)
                with fake._lock:
                    fake.requests.append(body)
                    queued = fake._queue.popleft() if fake._queue and not problem else None
                self.answer(problem or queued or fake.responder(body), body)

            def answer(self, entry: LocalEntry, body: dict[str, Any]) -> None:
                if isinstance(entry, Slow):
                    if not fake._stopping.wait(entry.seconds):
                        self.answer(entry.then or fake.responder(body), body)
                    else:
                        self.close_connection = True
                elif isinstance(entry, Refusal):
                    self.refuse(entry)
                elif isinstance(entry, Garbage):
                    self.send(200, entry.body)
                elif isinstance(entry, HangUp):
                    self.close_connection = True
                else:
                    text = entry.text if isinstance(entry, Completion) else entry
                    self.send(200, fake.completion(text, body))

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._stopping.clear()
        self._server = serve_on_loopback(Handler)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()  # wakes a Slow answer
        stop_serving(self._server)


# -- ntfy: the owner's push notifications (NTFY_TOPIC_URL) --


NTFY_PRIORITIES = {"1": 1, "min": 1, "2": 2, "low": 2, "3": 3, "default": 3, "4": 4,
                   "high": 4, "5": 5, "max": 5, "urgent": 5}
_NTFY_TOPIC = re.compile(r"/([-_A-Za-z0-9]{1,64})(/json)?$")


class FakeNtfy:
    """An ntfy server (ntfy.sh, or a self-hosted one) on 127.0.0.1, as strict as the real one:
    `POST /<topic>` publishes the body as the message with the Title, Priority, Tags and Click
    headers (and their X- forms), answering the message as JSON; a priority ntfy does not
    know is a 400 (40007), a topic name it does not allow a 400 (40009), a body over 4,096
    bytes or not UTF-8 is kept as an attachment, not a message (as ntfy does). `GET
    /<topic>/json?poll=1&since=<unix time>` answers the topic's cached messages, one JSON
    object a line. `fail_next(status)` answers the next publish with an error (429: ntfy.sh's
    rate limit); `drop_next_answer()` publishes the next one and then closes the connection
    without answering (a push that reached ntfy while the bot's connection broke)."""

    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []  # every message published, oldest first
        self.requests: list[tuple[str, str]] = []  # (method, path)
        self._failures: deque[int] = deque()
        self._drops = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def topic_url(self, topic: str = "rivera-bikes-9f3k2m7q1x") -> str:
        """A topic's address, as the owner writes it in NTFY_TOPIC_URL."""
        return f"{served_url(self._server)}/{topic}"

    def fail_next(self, status: int = 429) -> None:
        self._failures.append(status)

    def drop_next_answer(self) -> None:
        self._drops += 1

    def __enter__(self) -> FakeNtfy:
        fake = self
        errors = {
            400: (40007, "invalid priority parameter"),
            429: (42901, "limit reached: too many requests, please be nice"),
            500: (50001, "internal server error"),
            507: (50701, "insufficient storage"),
        }

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def answer(self, status: int, payload: object, ndjson: bool = False) -> None:
                body = ("".join(json.dumps(p) + "\n" for p in typing.cast(list[Any], payload))
                        if ndjson else json.dumps(payload) + "\n").encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/x-ndjson; charset=utf-8"
                                 if ndjson else "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def error(self, status: int, code: int, message: str) -> None:
                self.answer(status, {"code": code, "http": status, "error": message,
                                     "link": "https://ntfy.sh/docs/publish/"})

            def header(self, *names: str) -> str:
                return next((self.headers[n] for n in names if self.headers.get(n)), "")

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                fake.requests.append(("GET", parts.path))
                found = _NTFY_TOPIC.search(parts.path)
                query = dict(item.split("=", 1) for item in parts.query.split("&") if "=" in item)
                if found is None or not found.group(2) or query.get("poll") != "1":
                    self.error(404, 40401, "page not found")
                    return
                since = int(query.get("since", "0") or 0)
                with fake._lock:
                    cached = [m for m in fake.published
                              if m["topic"] == found.group(1) and m["time"] >= since]
                self.answer(200, cached, ndjson=True)

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                fake.requests.append(("POST", parts.path))
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                found = _NTFY_TOPIC.fullmatch(parts.path) if not parts.path.endswith(
                    "/json") else None
                if found is None:
                    self.error(400, 40009, "invalid topic")
                    return
                if fake._failures:
                    status = fake._failures.popleft()
                    self.error(status, *errors.get(status, (status * 100 + 1, "error")))
                    return
                priority = self.header("X-Priority", "Priority", "Prio", "P") or "3"
                if priority.lower() not in NTFY_PRIORITIES:
                    self.error(400, *errors[400])
                    return
                message: dict[str, Any] = {
                    "id": secrets.token_urlsafe(9)[:12], "time": int(time.time()),
                    "expires": int(time.time()) + 43200, "event": "message",
                    "topic": found.group(1)}
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    text = None
                if text is None or len(raw) > 4096:
                    message["message"] = "You received a file: attachment.txt"
                    message["attachment"] = {"name": "attachment.txt", "size": len(raw)}
                else:
                    message["message"] = text.strip() or "triggered"
                if title := self.header("X-Title", "Title", "T"):
                    message["title"] = title
                if NTFY_PRIORITIES[priority.lower()] != 3:
                    message["priority"] = NTFY_PRIORITIES[priority.lower()]
                if tags := self.header("X-Tags", "Tags", "Tag", "Ta"):
                    message["tags"] = [t.strip() for t in tags.split(",") if t.strip()]
                if click := self.header("X-Click", "Click"):
                    message["click"] = click
                with fake._lock:
                    fake.published.append(message)
                if fake._drops:
                    fake._drops -= 1
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.answer(200, message)

            do_PUT = do_POST  # noqa: N815 - ntfy takes PUT as POST

        self._server = serve_on_loopback(Handler)
        return self

    def __exit__(self, *exc: object) -> None:
        stop_serving(self._server)


def main(argv: list[str] | None = None) -> None:
    """Serve a fake as its own process until SIGTERM or Ctrl-C."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.fakes", description=__doc__.splitlines()[0]
    )
    fakes = parser.add_subparsers(dest="fake", required=True)
    claude = fakes.add_parser("claude", help="the Claude Messages API on 127.0.0.1")
    claude.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    claude.add_argument("--latency", type=float, default=0.0, help="seconds before the first byte")
    claude.add_argument(
        "--per-token-delay", type=float, default=0.0, help="seconds per streamed delta"
    )
    args = parser.parse_args(argv)

    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    with FakeClaude(
        port=args.port, latency=args.latency, per_token_delay=args.per_token_delay
    ) as fake:
        print(f"FAKE_CLAUDE_URL={fake.url}", flush=True)
        while not stopping.wait(0.5):
            pass


if __name__ == "__main__":
    main()
