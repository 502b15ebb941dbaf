"""The fakes in tests/fakes.py, driven by the real anthropic and twilio libraries."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import anthropic
import httpx2
import pytest
from anthropic.types import MessageParam, TextBlock, ToolUseBlock
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from tests.fakes import (
    Disconnect,
    Error,
    FakeAsyncTwilioHttp,
    FakeClaude,
    FakeTwilioHttp,
    Hang,
    Reply,
    StreamError,
    Text,
    ToolUse,
    TwilioApiRequest,
    account_sid,
    call_sid,
    message_sid,
    prompt_tokens,
    sign,
)

# Not claude-sonnet-4-5: anthropic 2.12 raises a DeprecationWarning for it, an error here.
MODEL = "claude-haiku-4-5"
ASK: list[MessageParam] = [{"role": "user", "content": "Can I book Monday at nine?"}]
TOOLS = [
    {
        "name": "book_appointment",
        "description": "Book an appointment in the calendar.",
        "input_schema": {
            "type": "object",
            "properties": {"day": {"type": "string"}, "time": {"type": "string"}},
            "required": ["day", "time"],
        },
    }
]
BOOKING: dict[str, object] = {"day": "Monday", "time": "09:00"}


@pytest.fixture
def fake() -> Iterator[FakeClaude]:
    with FakeClaude() as fake:
        yield fake


@pytest.fixture
async def claude(fake: FakeClaude) -> AsyncIterator[anthropic.AsyncAnthropic]:
    async with anthropic.AsyncAnthropic(
        api_key="test-key", base_url=fake.url, max_retries=0
    ) as client:
        yield client


async def ask(claude: anthropic.AsyncAnthropic, messages: list[Any], **options: Any) -> Any:
    """One non-streamed request, as the bot makes it."""
    return await claude.messages.create(model=MODEL, max_tokens=300, messages=messages, **options)


async def ask_streamed(
    claude: anthropic.AsyncAnthropic, messages: list[Any], **options: Any
) -> tuple[list[str], Any]:
    """One streamed request: the text deltas and the final message."""
    async with claude.messages.stream(
        model=MODEL, max_tokens=300, messages=messages, **options
    ) as stream:
        deltas = [text async for text in stream.text_stream]
        return deltas, await stream.get_final_message()


# ---------------------------------------------------------------------------------------------
# Replies
# ---------------------------------------------------------------------------------------------


async def test_plain_reply(fake: FakeClaude, claude: anthropic.AsyncAnthropic) -> None:
    fake.queue(Text("Yes, Monday at nine is free."))
    message = await ask(claude, ASK)
    assert (message.id, message.model, message.role, message.stop_reason) == (
        "msg_fake000001",
        MODEL,
        "assistant",
        "end_turn",
    )
    assert message.content == [TextBlock(type="text", text="Yes, Monday at nine is free.")]
    assert fake.queued == []


async def test_streamed_reply_arrives_word_by_word(
    fake: FakeClaude, claude: anthropic.AsyncAnthropic
) -> None:
    fake.queue(Text("Yes, Monday at nine is free."))
    deltas, message = await ask_streamed(claude, ASK)
    assert deltas == ["Yes, ", "Monday ", "at ", "nine ", "is ", "free."]
    assert message.content[0].text == "Yes, Monday at nine is free."
    assert (message.stop_reason, message.usage.output_tokens) == ("end_turn", 6)
    assert fake.requests[0]["stream"] is True


def test_stream_on_the_wire_has_the_api_event_sequence(fake: FakeClaude) -> None:
    fake.queue(Reply(["One moment.", ToolUse("book_appointment", BOOKING)]))
    body = {"model": MODEL, "max_tokens": 300, "messages": ASK, "stream": True}
    headers = {"x-api-key": "test-key", "anthropic-version": "2023-06-01"}
    connection = http.client.HTTPConnection(fake.url.removeprefix("http://"), timeout=5)
    try:
        connection.request("POST", "/v1/messages", json.dumps(body), headers)
        response = connection.getresponse()
        wire = response.read().decode()
    finally:
        connection.close()
    assert response.getheader("Content-Type") == "text/event-stream; charset=utf-8"
    assert re.findall(r"^event: (\w+)$", wire, re.MULTILINE) == [
        "message_start",
        "content_block_start",
        "ping",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    partial_json = re.findall(r'"partial_json": ("(?:[^"\\]|\\.)*")', wire)
    assert json.loads("".join(json.loads(piece) for piece in partial_json)) == BOOKING


@pytest.mark.parametrize("streamed", [False, True])
async def test_tool_use_round_trip(
    fake: FakeClaude, claude: anthropic.AsyncAnthropic, streamed: bool
) -> None:
    fake.queue(
        ToolUse("book_appointment", BOOKING, text="Let me book that."),
        Text("You're booked for Monday at nine."),
    )

    async def turn(messages: list[Any]) -> Any:
        if streamed:
            return (await ask_streamed(claude, messages, tools=TOOLS))[1]
        return await ask(claude, messages, tools=TOOLS)

    first = await turn(ASK)
    assert first.stop_reason == "tool_use"
    assert [block.type for block in first.content] == ["text", "tool_use"]
    assert first.content[0].text == "Let me book that."
    assert first.content[1] == ToolUseBlock(
        type="tool_use", id="toolu_fake000001", name="book_appointment", input=BOOKING
    )

    result = {"type": "tool_result", "tool_use_id": "toolu_fake000001", "content": "booked"}
    history = [*ASK, first.to_param(), {"role": "user", "content": [result]}]
    second = await turn(history)
    assert (second.stop_reason, second.content[0].text) == (
        "end_turn",
        "You're booked for Monday at nine.",
    )
    assert fake.requests[0]["tools"] == TOOLS
    assert fake.requests[1]["messages"][2] == {"role": "user", "content": [result]}


async def test_several_tool_uses_in_one_reply(
    fake: FakeClaude, claude: anthropic.AsyncAnthropic
) -> None:
    fake.queue(
        Reply(
            [
                "Checking both.",
                ToolUse("find_customer", {"phone": "+14155550123"}),
                ToolUse("book_appointment", BOOKING, id="toolu_mine"),
            ]
        )
    )
    _, message = await ask_streamed(claude, ASK, tools=TOOLS)
    assert message.stop_reason == "tool_use"
    assert [(b.type, getattr(b, "id", None)) for b in message.content] == [
        ("text", None),
        ("tool_use", "toolu_fake000001"),
        ("tool_use", "toolu_mine"),
    ]
    assert message.content[1].input == {"phone": "+14155550123"}


async def test_requests_are_recorded_whole(
    fake: FakeClaude, claude: anthropic.AsyncAnthropic
) -> None:
    system = [
        {"type": "text", "text": "You answer the phone.", "cache_control": {"type": "ephemeral"}}
    ]
    await ask(claude, ASK, system=system)
    assert fake.requests == [{"max_tokens": 300, "messages": ASK, "model": MODEL, "system": system}]
    headers = fake.request_headers[0]
    assert headers["authorization"] == "<redacted>"
    assert "test-key" not in json.dumps(fake.request_headers)
    assert headers["anthropic-version"]


async def test_default_responder_echoes_and_acknowledges_tool_results(
    fake: FakeClaude, claude: anthropic.AsyncAnthropic
) -> None:
    first = await ask(claude, ASK)
    assert first.content[0].text == "Sure. You said: Can I book Monday at nine."
    fake.queue(ToolUse("book_appointment", BOOKING))
    asked = await ask(claude, ASK)
    result = {"type": "tool_result", "tool_use_id": asked.content[0].id, "content": "booked"}
    done = await ask(claude, [*ASK, asked.to_param(), {"role": "user", "content": [result]}])
    assert done.content[0].text == "Okay, that's done."


async def test_custom_responder(fake: FakeClaude, claude: anthropic.AsyncAnthropic) -> None:
    fake.responder = lambda body: Text(f"{len(body['messages'])} message(s).")
    assert (await ask(claude, ASK)).content[0].text == "1 message(s)."


async def test_a_responder_that_raises_is_a_500(
    fake: FakeClaude, claude: anthropic.AsyncAnthropic
) -> None:
    fake.responder = lambda body: body["nothing"]
    with pytest.raises(anthropic.InternalServerError, match="KeyError"):
        await ask(claude, ASK)


async def ask_model(claude: anthropic.AsyncAnthropic, model: str, messages: list[Any],
                    **options: Any) -> Any:
    """One non-streamed request to `model`."""
    return await claude.messages.create(model=model, max_tokens=300, messages=messages,
                                        **options)


def cached(words: int) -> list[dict[str, Any]]:
    """A system prompt of about `words` * 1.25 tokens, marked for caching."""
    return [{"type": "text", "text": "word " * words, "cache_control": {"type": "ephemeral"}}]


def cache_tokens(message: Any) -> tuple[int, int]:
    """What a reply says was written to and read from the prompt cache."""
    usage = message.usage
    return usage.cache_creation_input_tokens, usage.cache_read_input_tokens


async def test_prompt_caching_starts_at_the_models_minimum_and_is_read_back(
    fake: FakeClaude, claude: anthropic.AsyncAnthropic
) -> None:
    """As the API: below the model's minimum prefix (4,096 tokens for Haiku 4.5, 1,024 for
    Sonnet 4.5) cache_control is ignored; at or above it the first request writes the prefix
    and the next reads it back; the rest is plain input."""
    short = await ask(claude, ASK, system=cached(2400))  # ~3,000 tokens, to Haiku 4.5
    assert cache_tokens(short) == (0, 0)
    assert short.usage.input_tokens == prompt_tokens(fake.requests[-1])
    sonnet = await ask_model(claude, "claude-sonnet-4-6", ASK, system=cached(2400))
    assert cache_tokens(sonnet)[0] > 2900 and cache_tokens(sonnet)[1] == 0
    first = await ask_model(claude, "claude-haiku-4-5", ASK, system=cached(4000))  # ~5,000
    written = cache_tokens(first)[0]
    assert written >= 4096 and cache_tokens(first)[1] == 0
    assert first.usage.input_tokens + written == prompt_tokens(fake.requests[-1])
    more = [*ASK, {"role": "assistant", "content": "Hi."},
            {"role": "user", "content": "Are you open?"}]
    again = await ask_model(claude, "claude-haiku-4-5", more, system=cached(4000))
    assert cache_tokens(again) == (0, written)
    # Five minutes later the entry is gone: written again.
    fake.clock = lambda: time.monotonic() + 301
    assert cache_tokens(await ask(claude, ASK, system=cached(4000))) == (written, 0)


async def test_a_top_level_breakpoint_caches_the_growing_conversation(
    fake: FakeClaude, claude: anthropic.AsyncAnthropic
) -> None:
    """The breakpoint on the last block moves with the conversation: each request reads the
    prefix the previous one wrote (found within 20 blocks) and writes only what is new."""
    turns: list[Any] = []
    usage = []
    for number in range(3):
        turns += [{"role": "user", "content": f"Question {number}: " + "word " * 2000}]
        reply = await ask(claude, turns, extra_body={"cache_control": {"type": "ephemeral"}})
        usage.append(cache_tokens(reply))
        turns += [{"role": "assistant", "content": f"Answer {number}."}]
    assert usage[0] == (0, 0)  # ~2,500 tokens: below the minimum
    assert usage[1][0] >= 4096 and usage[1][1] == 0
    assert usage[2][1] == usage[1][0] and usage[2][0] > 2000


# ---------------------------------------------------------------------------------------------
# Requests the API refuses
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("messages", "message"),
    [
        (
            [{"role": "assistant", "content": "Hi"}],
            'messages: first message must use the "user" role',
        ),
        (
            [*ASK, {"role": "user", "content": "Hello?"}],
            'messages.1: roles must alternate between "user" and "assistant"',
        ),
        (
            [
                *ASK,
                {
                    "role": "assistant",
                    "content": [{"type": "tool_use", "id": "toolu_1", "name": "x", "input": {}}],
                },
                {"role": "user", "content": "Well?"},
            ],
            "messages.2: `tool_use` ids were found without `tool_result` blocks immediately "
            "after: toolu_1",
        ),
        (
            [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_2"}]}],
            "messages.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_2",
        ),
        (
            [{"role": "user", "content": ""}],
            "messages.0: all messages must have non-empty content except for the optional "
            "final assistant message",
        ),
        (
            [*ASK, {"role": "assistant", "content": []}, {"role": "user", "content": "Hi"}],
            "messages.1: all messages must have non-empty content except for the optional "
            "final assistant message",
        ),
        (
            [{"role": "user", "content": [{"type": "text", "text": ""}]}],
            "messages.0.content: text content blocks must be non-empty",
        ),
        (
            # Models write "\n\n" before a tool_use; sent back alone, the API refuses it.
            [*ASK, {"role": "assistant", "content": [
                {"type": "text", "text": "\n\n"},
                {"type": "tool_use", "id": "toolu_1", "name": "look", "input": {}}]},
             {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1"}]}],
            "messages: text content blocks must contain non-whitespace text",
        ),
    ],
)
async def test_malformed_conversations_are_refused(
    fake: FakeClaude, claude: anthropic.AsyncAnthropic, messages: list[Any], message: str
) -> None:
    fake.queue(Text("kept for the next request"))
    with pytest.raises(anthropic.BadRequestError) as refused:
        await ask(claude, messages)
    assert (refused.value.type, refused.value.api_message) == ("invalid_request_error", message)
    assert fake.queued == [Text("kept for the next request")]


def sdk_models() -> list[str]:
    """The model names the installed SDK lists (anthropic.types.Model's literal values)."""
    import typing

    from anthropic.types import Model

    literal = next(arg for arg in typing.get_args(Model) if typing.get_args(arg))
    return list(typing.get_args(literal))


def current_models() -> list[str]:
    """The SDK's models that it does not warn about (a deprecation warning is an error here)."""
    from anthropic._data import DEPRECATED_MODELS

    return [name for name in sdk_models() if name not in DEPRECATED_MODELS]


@pytest.mark.parametrize("model", current_models())
async def test_every_model_the_sdk_lists_is_served(
    claude: anthropic.AsyncAnthropic, model: str
) -> None:
    message = await claude.messages.create(model=model, max_tokens=20, messages=ASK)
    assert message.model == model


@pytest.mark.parametrize(
    "model",
    ["claude-3-haiku-20240307", "claude-3-5-haiku-latest", "claude-3-7-sonnet-20250219",
     "claude-sonnet-4-0", "claude-haiku-9", "claude-haiku-4-5-latest", "gpt-4o"],
)
async def test_a_retired_or_made_up_model_is_a_404(
    claude: anthropic.AsyncAnthropic, model: str
) -> None:
    with pytest.raises(anthropic.NotFoundError) as refused:
        await claude.messages.create(model=model, max_tokens=20, messages=ASK)
    assert (refused.value.type, refused.value.api_message) == ("not_found_error", f"model: {model}")


def test_a_deprecated_model_past_its_end_of_life_is_retired() -> None:
    from datetime import date

    from anthropic._data import DEPRECATED_MODELS

    from tests.fakes import served_models

    name = next(iter(DEPRECATED_MODELS))
    assert name in served_models(date(1999, 1, 1))
    assert name not in served_models(date(2999, 1, 1))
    assert served_models(date(2999, 1, 1)) == set(sdk_models()) - set(DEPRECATED_MODELS)


# ---------------------------------------------------------------------------------------------
# Failures
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "error_class"),
    [
        (Error(429, "rate_limit_error"), anthropic.RateLimitError),
        (Error(529, "overloaded_error"), anthropic.OverloadedError),
        (Error(500, "api_error"), anthropic.InternalServerError),
        (Error(401, "authentication_error"), anthropic.AuthenticationError),
        (StreamError(), anthropic.OverloadedError),  # not streamed: the plain 529
    ],
)
async def test_errors_raise_the_sdk_classes(
    fake: FakeClaude, claude: anthropic.AsyncAnthropic, entry: Any, error_class: type
) -> None:
    fake.queue(entry)
    with pytest.raises(anthropic.APIStatusError) as raised:
        await ask(claude, ASK)
    assert type(raised.value) is error_class
    assert raised.value.type == entry.error_type


async def test_rate_limit_says_when_to_retry(
    fake: FakeClaude, claude: anthropic.AsyncAnthropic
) -> None:
    fake.queue(Error(429, "rate_limit_error", "Slow down.", retry_after=7))
    with pytest.raises(anthropic.RateLimitError) as raised:
        await ask(claude, ASK)
    assert raised.value.status_code == 429
    assert raised.value.response.headers["retry-after"] == "7"
    assert raised.value.body == {
        "type": "error",
        "error": {"type": "rate_limit_error", "message": "Slow down."},
        "request_id": "req_fake000001",
    }
    assert raised.value.request_id == "req_fake000001"


async def test_the_sdk_retries_after_retry_after(fake: FakeClaude) -> None:
    fake.queue(Error(529, "overloaded_error", retry_after=0.01), Text("Second time lucky."))
    async with anthropic.AsyncAnthropic(api_key="k", base_url=fake.url, max_retries=1) as client:
        message = await ask(client, ASK)
    assert message.content[0].text == "Second time lucky."
    assert [h["x-stainless-retry-count"] for h in fake.request_headers] == ["0", "1"]


async def test_hang_provokes_a_timeout_and_stops_promptly(
    claude: anthropic.AsyncAnthropic,
) -> None:
    with FakeClaude() as hanging:
        hanging.queue(Hang(30))
        client = claude.with_options(base_url=hanging.url, timeout=0.2)
        with pytest.raises(anthropic.APITimeoutError):
            await ask(client, ASK)
        stopping = time.monotonic()
    # The hanging request thread must not hold stop() for the remaining 30 s.
    assert time.monotonic() - stopping < 2


@pytest.mark.parametrize(
    ("settings", "streamed", "error_class"),
    [
        ({"latency": 30}, False, anthropic.APITimeoutError),
        ({"latency": 30}, True, anthropic.APITimeoutError),
        # A stall after the headers surfaces from the stream's body: anthropic before 2.17 let
        # httpx2's error through, 2.17 and later wrap it (its cause is the same read timeout).
        ({"per_token_delay": 30}, True, httpx2.ReadTimeout),
    ],
)
async def test_latency_settings_delay_the_answer(
    claude: anthropic.AsyncAnthropic,
    settings: dict[str, Any],
    streamed: bool,
    error_class: type[Exception],
) -> None:
    with FakeClaude(**settings) as slow:
        client = claude.with_options(base_url=slow.url, timeout=0.2)
        with pytest.raises((error_class, anthropic.APITimeoutError)) as raised:
            await (ask_streamed if streamed else ask)(client, ASK)
    assert isinstance(raised.value, error_class) or error_class in causes(raised.value)


def causes(error: BaseException) -> list[type[BaseException]]:
    """The classes of the errors an error was raised from, nearest first."""
    found = []
    while error.__cause__ is not None:
        error = error.__cause__
        found.append(type(error))
    return found


async def test_hang_then_answers(fake: FakeClaude, claude: anthropic.AsyncAnthropic) -> None:
    fake.queue(Hang(0.05, then=Text("Sorry for the wait.")))
    assert (await ask(claude, ASK)).content[0].text == "Sorry for the wait."


async def test_error_in_the_middle_of_a_stream(
    fake: FakeClaude, claude: anthropic.AsyncAnthropic
) -> None:
    fake.queue(StreamError("Let me check ", "overloaded_error", "Overloaded"))
    heard: list[str] = []
    with pytest.raises(anthropic.APIStatusError) as raised:
        async with claude.messages.stream(model=MODEL, max_tokens=300, messages=ASK) as stream:
            async for text in stream.text_stream:
                heard.append(text)
    assert heard == ["Let ", "me ", "check "]
    assert type(raised.value) is anthropic.APIStatusError
    assert (raised.value.status_code, raised.value.type) == (200, "overloaded_error")
    assert raised.value.body == {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "Overloaded"},
    }


async def test_disconnect_is_a_connection_error(
    fake: FakeClaude, claude: anthropic.AsyncAnthropic
) -> None:
    fake.queue(Disconnect(), Text("Back again."))
    with pytest.raises(anthropic.APIConnectionError) as raised:
        await ask(claude, ASK)
    assert type(raised.value) is anthropic.APIConnectionError
    assert (await ask(claude, ASK)).content[0].text == "Back again."


async def test_disconnect_in_the_middle_of_a_stream(
    fake: FakeClaude, claude: anthropic.AsyncAnthropic
) -> None:
    fake.queue(Disconnect("Let me check "))
    heard: list[str] = []
    # anthropic 2.17 and later wrap the broken read as APIConnectionError (see above).
    with pytest.raises((httpx2.RemoteProtocolError, anthropic.APIConnectionError)) as raised:
        async with claude.messages.stream(model=MODEL, max_tokens=300, messages=ASK) as stream:
            async for text in stream.text_stream:
                heard.append(text)
    assert httpx2.RemoteProtocolError in [type(raised.value), *causes(raised.value)]
    assert heard == ["Let ", "me ", "check "]


def test_runs_as_its_own_process() -> None:
    command = [sys.executable, "-m", "tests.fakes", "claude", "--port", "0"]
    root = Path(__file__).resolve().parents[1]
    with subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline().strip()
            assert re.fullmatch(r"FAKE_CLAUDE_URL=http://127\.0\.0\.1:\d+", line)
            url = line.removeprefix("FAKE_CLAUDE_URL=")
            with anthropic.Anthropic(api_key="k", base_url=url, max_retries=0) as client:
                message = client.messages.create(model=MODEL, max_tokens=50, messages=ASK)
            assert message.content == [
                TextBlock(type="text", text="Sure. You said: Can I book Monday at nine.")
            ]
        finally:
            process.terminate()
            assert process.wait(timeout=5) == 0


# ---------------------------------------------------------------------------------------------
# Twilio
# ---------------------------------------------------------------------------------------------

ACCOUNT = "AC" + "0123456789abcdef" * 2
API = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}"
SID = re.compile(r"(AC|CA|SM)[0-9a-f]{32}")


@pytest.fixture
def twilio_http() -> FakeTwilioHttp:
    return FakeTwilioHttp()


@pytest.fixture
def twilio(twilio_http: FakeTwilioHttp) -> Client:
    return Client(ACCOUNT, "auth-token", http_client=twilio_http)


def test_send_sms(twilio: Client, twilio_http: FakeTwilioHttp) -> None:
    sms = twilio.messages.create(to="+14155550123", from_="+14155550100", body="Thanks!")
    assert SID.fullmatch(sms.sid) and sms.sid.startswith("SM")
    assert (sms.status, sms.to, sms.from_, sms.body) == (
        "queued",
        "+14155550123",
        "+14155550100",
        "Thanks!",
    )
    assert twilio_http.requests == [
        TwilioApiRequest(
            "POST",
            f"{API}/Messages.json",
            {"To": "+14155550123", "From": "+14155550100", "Body": "Thanks!"},
            {},
        )
    ]
    assert twilio_http.messages == [
        {"To": "+14155550123", "From": "+14155550100", "Body": "Thanks!"}
    ]


def test_place_and_follow_a_call(twilio: Client, twilio_http: FakeTwilioHttp) -> None:
    call = twilio.calls.create(
        to="+14155550123", from_="+14155550100", url="https://example.com/voice"
    )
    assert SID.fullmatch(call.sid) and call.sid.startswith("CA")
    assert (call.status, call.direction) == ("queued", "outbound-api")
    assert twilio.calls(call.sid).fetch().status == "queued"
    twilio_http.set_call(call.sid, "completed")
    assert twilio.calls(call.sid).fetch().status == "completed"
    assert [(r.method, r.url) for r in twilio_http.requests] == [
        ("POST", f"{API}/Calls.json"),
        ("GET", f"{API}/Calls/{call.sid}.json"),
        ("GET", f"{API}/Calls/{call.sid}.json"),
    ]
    assert twilio_http.calls == [
        {"To": "+14155550123", "From": "+14155550100", "Url": "https://example.com/voice"}
    ]


def test_hang_up_a_known_inbound_call(twilio: Client, twilio_http: FakeTwilioHttp) -> None:
    sid = call_sid()
    twilio_http.set_call(sid, "in-progress")
    assert twilio.calls(sid).update(status="completed").status == "completed"
    assert twilio_http.requests[-1].data == {"Status": "completed"}


def test_fail_next_fails_only_the_next(twilio: Client, twilio_http: FakeTwilioHttp) -> None:
    twilio_http.fail_next()
    with pytest.raises(TwilioRestException) as raised:
        twilio.messages.create(to="+14155550123", from_="+14155550100", body="Hi")
    assert (raised.value.status, raised.value.code, raised.value.msg) == (
        400,
        21610,
        "Unable to create record: Attempt to send to unsubscribed recipient",
    )
    assert twilio.messages.create(to="+14155550123", from_="+14155550100", body="Hi").sid
    assert len(twilio_http.messages) == 2


@pytest.mark.parametrize(
    ("make", "status", "code", "msg"),
    [
        (
            lambda t: t.messages.create(to="+14155550123", from_="+14155550100"),
            400,
            21602,
            "Unable to create record: Message body is required.",
        ),
        (
            lambda t: t.calls("CA" + "f" * 32).fetch(),
            404,
            20404,
            f"Unable to fetch record: The requested resource /2010-04-01/Accounts/{ACCOUNT}"
            f"/Calls/CA{'f' * 32}.json was not found",
        ),
    ],
    ids=["sms-without-body", "unknown-call"],
)
def test_twilio_refuses(twilio: Client, make: Any, status: int, code: int, msg: str) -> None:
    with pytest.raises(TwilioRestException) as raised:
        make(twilio)
    assert (raised.value.status, raised.value.code, raised.value.msg) == (status, code, msg)


@pytest.mark.parametrize(
    ("send", "status", "code", "msg"),
    [
        (
            {"to": "+14155550123", "from_": "+14155550999", "body": "Hi"},
            400,
            21606,
            "Unable to create record: The From phone number +14155550999 is not a valid, "
            "SMS-capable inbound phone number or short code for your account.",
        ),
        (
            {"to": "not-a-number", "from_": "+14155550100", "body": "Hi"},
            400,
            21211,
            "Unable to create record: Invalid 'To' Phone Number: not-a-number",
        ),
        (
            {"to": "+14155550123", "from_": "+14155550100", "body": ""},
            400,
            21602,
            "Unable to create record: Message body is required.",
        ),
    ],
    ids=["from-not-on-the-account", "to-not-a-number", "empty-body"],
)
def test_twilio_refuses_a_text(
    twilio: Client, twilio_http: FakeTwilioHttp, send: dict[str, str], status: int, code: int,
    msg: str,
) -> None:
    with pytest.raises(TwilioRestException) as raised:
        twilio.messages.create(**send)
    assert (raised.value.status, raised.value.code, raised.value.msg) == (status, code, msg)
    assert twilio_http.resources == {}


@pytest.mark.parametrize(
    ("word", "opted_out"),
    [("STOP", True), ("stop", True), (" Unsubscribe ", True), ("please stop", False),
     ("STOP.", False), ("Help", False)],
)
def test_a_number_that_texted_stop_cannot_be_texted(
    twilio: Client, twilio_http: FakeTwilioHttp, word: str, opted_out: bool
) -> None:
    twilio_http.received("+14155550123", "+14155550100", word)
    if not opted_out:
        assert twilio.messages.create(to="+14155550123", from_="+14155550100", body="Hi").sid
        return
    with pytest.raises(TwilioRestException) as raised:
        twilio.messages.create(to="+14155550123", from_="+14155550100", body="Hi")
    assert (raised.value.status, raised.value.code, raised.value.msg) == (
        400, 21610, "Unable to create record: Attempt to send to unsubscribed recipient")
    assert twilio.messages.create(to="+14155550199", from_="+14155550100", body="Hi").sid


def test_start_opts_a_number_back_in(twilio: Client, twilio_http: FakeTwilioHttp) -> None:
    assert twilio_http.received("+14155550123", "+14155550100", "STOP") == "STOP"
    assert twilio_http.received("+14155550123", "+14155550100", "unstop") == "START"
    assert twilio_http.received("+14155550123", "+14155550100", "info") == "HELP"
    assert twilio_http.received("+14155550123", "+14155550100", "Hello") is None
    assert twilio.messages.create(to="+14155550123", from_="+14155550100", body="Hi").sid


@pytest.mark.parametrize(
    ("body", "segments"),
    [
        ("Thanks!", "1"),
        ("x" * 160, "1"),
        ("x" * 161, "2"),
        ("x" * 306, "2"),
        ("x" * 307, "3"),
        ("[" * 80, "1"),  # GSM-7 extension characters take two septets each
        ("[" * 81, "2"),
        ("é" * 160, "1"),  # é is in the GSM-7 alphabet
        ("ç" * 70, "1"),  # ç is not (only Ç is): the whole text goes as UCS-2
        ("ç" * 71, "2"),
        ("ç" * 134, "2"),
        ("ç" * 135, "3"),
        ("x" * 69 + "\U0001f600", "2"),  # an emoji is two UTF-16 units
    ],
    ids=["short", "gsm-160", "gsm-161", "gsm-306", "gsm-307", "ext-80", "ext-81", "e-acute-160",
         "ucs2-70", "ucs2-71", "ucs2-134", "ucs2-135", "emoji"],
)
def test_segments_are_counted_as_twilio_does(
    twilio: Client, body: str, segments: str
) -> None:
    sms = twilio.messages.create(to="+14155550123", from_="+14155550100", body=body)
    assert sms.num_segments == segments


def test_a_completed_call_cannot_be_redirected(
    twilio: Client, twilio_http: FakeTwilioHttp
) -> None:
    sid = call_sid()
    twilio_http.set_call(sid, "in-progress")
    assert twilio.calls(sid).update(twiml="<Response/>").sid == sid
    twilio_http.set_call(sid, "completed")
    with pytest.raises(TwilioRestException) as raised:
        twilio.calls(sid).update(twiml="<Response/>")
    assert (raised.value.status, raised.value.code, raised.value.msg) == (
        400, 21220, "Unable to update record: Call is not in-progress. Cannot redirect.")
    assert twilio.calls(sid).update(status="completed").status == "completed"


async def test_async_twin() -> None:
    http = FakeAsyncTwilioHttp()
    twilio = Client(ACCOUNT, "auth-token", http_client=http)
    sms = await twilio.messages.create_async(
        to="+14155550123", from_="+14155550100", body="Thanks!"
    )
    call = await twilio.calls.create_async(
        to="+14155550123", from_="+14155550100", twiml="<Response/>"
    )
    fetched = await twilio.calls(call.sid).fetch_async()
    http.fail_next()
    with pytest.raises(TwilioRestException) as raised:
        await twilio.messages.create_async(to="+14155550123", from_="+14155550100", body="Hi")
    await http.close()
    assert (sms.status, fetched.sid, raised.value.code) == ("queued", call.sid, 21610)
    assert [r.method for r in http.requests] == ["POST", "POST", "GET", "POST"]


# ---------------------------------------------------------------------------------------------
# Twilio-shaped values
# ---------------------------------------------------------------------------------------------


def test_sids_are_shaped_like_twilios() -> None:
    sids = [account_sid(), call_sid(), message_sid()]
    assert [sid[:2] for sid in sids] == ["AC", "CA", "SM"]
    assert all(SID.fullmatch(sid) for sid in sids)
    assert len({call_sid() for _ in range(10)}) == 10


def test_sign_matches_twilios_known_vector() -> None:
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+14158675309",
        "Digits": "1234",
        "From": "+14158675309",
        "To": "+18005551212",
    }
    assert sign(url, params, "12345") == "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    assert RequestValidator("12345").validate(url, params, sign(url, params, "12345"))
    assert not RequestValidator("other").validate(url, params, sign(url, params, "12345"))
