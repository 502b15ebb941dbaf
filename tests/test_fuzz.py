"""Property-based tests (hypothesis) over every webhook and the relay WebSocket: signed
requests with random, missing, huge and oddly encoded fields never get a 5xx, always get
valid TwiML, and leave /health ok. The routes are listed from the app's own URL map, so a new
webhook without a strategy here fails the first test.

SQLite only (the handlers, not the backend, are under test) and bounded in examples, so the
whole file stays well under a minute."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import string
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager
from typing import Any
from urllib.parse import urlencode

import pytest
from conftest import (
    BUSINESS,
    CALLER,
    PUBLIC,
    TOKEN,
    Bot,
    call_sid,
    claude_client,
    signed,
    sms_params,
    voice_params,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bot
from harness.relay import relay_signature
from tests.fakes import FakeClaude

# FUZZ_EXAMPLES=500 for a longer hunt; the suite's default keeps the file under a minute.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
# Every character a form can carry (no lone surrogates: they cannot be encoded at all),
# NULs, control characters, right-to-left marks and emoji included.
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
ODD_VALUES = [
    "", " ", "abc", "-1", "0", "1e400", "NaN", "inf", "-0", "0x1F", "²", "٣", "1,000", "null",
    "[]", "{}", "true", "%00", "%E2%80%AE", "%", "+", "+1", "+14155550123\x00", "\x00",
    "\r\nInjected: line", "\u202e", "\ufeff", "<Say>hi</Say>", "]]>", "&amp;", "&#0;",
    "CA" + "0" * 32, "CA" + "z" * 32, "SM" + "f" * 32, "https://evil.example.com/x",
    "Anonymous", "+266696687", "9" * 400, "😀" * 50,
]
VALUE = st.one_of(
    st.text(ANY_CHAR, max_size=40),
    st.sampled_from(ODD_VALUES),
    st.integers().map(str),
    st.floats().map(str),
    st.builds(lambda text, times: (text or "x") * times,
              st.text(ANY_CHAR, min_size=1, max_size=5), st.integers(200, 1000)),
    # Percent-encoded text that the bot must not decode twice.
    st.text(ANY_CHAR, max_size=20).map(lambda text: urlencode({"x": text})[2:]),
)
FIELD_NAME = st.text(string.ascii_letters + string.digits + "_-.[]", min_size=1, max_size=20)

VOICE = ["From", "To", "Caller", "Called", "CallSid", "CallStatus", "Direction", "AccountSid",
         "StirVerstat", "CallerName", "FromCountry"]
SMS = ["From", "To", "Body", "MessageSid", "SmsSid", "AccountSid", "NumMedia", "MediaUrl0",
       "MediaContentType0", "NumSegments"]

# Every webhook: its base parameters, the fields fuzzed beside the common ones, and the query
# parameters of our own it carries (signed as part of the URL).
WEBHOOKS: dict[str, tuple[str, list[str], list[str]]] = {
    "/voice/incoming": ("voice", [], []),
    "/voice/process": ("voice", ["SpeechResult", "Confidence", "Digits"], ["step"]),
    "/voice/screened": ("voice", ["Digits"], []),
    "/voice/continue": ("voice", ["SpeechResult"], ["turn", "heard"]),
    "/voice/status": ("voice", ["CallDuration", "Timestamp", "SequenceNumber",
                                "CallbackSource"], []),
    "/voice/dial-status": ("voice", ["DialCallStatus", "DialCallDuration"], []),
    "/voice/whisper": ("voice", [], ["call"]),
    "/voice/whisper-key": ("voice", ["Digits"], ["call"]),
    "/voice/voicemail": ("voice", ["RecordingUrl", "RecordingSid", "RecordingDuration",
                                   "Digits"], []),
    "/voice/transcription": ("voice", ["TranscriptionText", "TranscriptionStatus",
                                       "RecordingSid", "RecordingUrl"], []),
    "/voice/recording": ("voice", ["RecordingSid", "RecordingStatus", "RecordingDuration",
                                   "RecordingUrl", "RecordingSource", "ErrorCode"], []),
    "/voice/outbound": ("voice", ["AnsweredBy"], []),
    "/voice/machine-detected": ("voice", ["AnsweredBy"], []),
    "/voice/relay-end": ("voice", ["HandoffData", "ErrorCode"], []),
    "/voice/fallback": ("voice", ["ErrorCode", "ErrorUrl", "SpeechResult"], []),
    "/sms/incoming": ("sms", [], []),
    "/sms/fallback": ("sms", ["ErrorCode", "ErrorUrl"], []),
    "/sms/status": ("sms", ["MessageStatus", "ErrorCode", "ErrorMessage"], []),
}


def webhook_routes(app: Any) -> set[str]:
    """Every POST route Twilio can call: the webhooks blueprint's, and anything under
    /voice or /sms however it was registered."""
    return {rule.rule for rule in app.url_map.iter_rules()
            if "POST" in (rule.methods or ())
            and (rule.endpoint.startswith("webhooks.")
                 or rule.rule.startswith(("/voice", "/sms")))}


@pytest.mark.sqlite_only
def test_every_webhook_route_has_a_fuzz_strategy(config: bot.Config) -> None:
    assert webhook_routes(bot.create_app(config)) == set(WEBHOOKS)


@st.composite
def webhook_request(draw: st.DrawFn, path: str, sids: dict[str, str]) -> tuple[str, dict[str,
                                                                                     str]]:
    """A signed-to-be request to `path`: Twilio's usual fields with some replaced by odd
    values, some missing, and unknown ones added; odd query parameters of ours."""
    kind, extra, query_names = WEBHOOKS[path]
    if kind == "voice":
        sid = draw(st.sampled_from([sids["call"], bot_call_sid(draw)]))
        params = voice_params(sid, draw(st.sampled_from([CALLER, "+14155550188"])))
        if "SpeechResult" in extra:  # a real turn, unless the fuzz replaces or drops it
            params |= {"SpeechResult": "Can I book a tune-up tomorrow at 10?",
                       "Confidence": "0.91"}
        names = VOICE + extra
    else:
        params = sms_params("Can I book a tune-up tomorrow at 10?", CALLER,
                            draw(st.sampled_from([sids["text"], bot_message_sid(draw)])))
        names = SMS + extra
    for name in draw(st.lists(st.sampled_from(names), max_size=len(names), unique=True)):
        params[name] = draw(VALUE)
    for name in draw(st.lists(st.sampled_from(sorted(params)), max_size=3, unique=True)):
        del params[name]  # missing fields
    params.update(draw(st.dictionaries(FIELD_NAME, VALUE, max_size=3)))  # unknown fields
    # The whisper's ?call= names the caller's call: often the known one, to reach past it.
    query = {name: draw(st.one_of(VALUE, st.integers(0, 5).map(str), st.just(sids["call"])
                                  if name == "call" else VALUE))
             for name in query_names if draw(st.booleans())}
    return (path + ("?" + urlencode(query) if query else "")), params


def bot_call_sid(draw: st.DrawFn) -> str:
    """A well-formed Call SID the CRM may not know."""
    return "CA" + draw(st.text("0123456789abcdef", min_size=32, max_size=32))


def bot_message_sid(draw: st.DrawFn) -> str:
    """A well-formed Message SID the CRM may not know."""
    return "SM" + draw(st.text("0123456789abcdef", min_size=32, max_size=32))


def assert_twiml(status: int, content_type: str, body: str) -> None:
    """Twilio's rules for a webhook's answer: 200, XML, a <Response> root."""
    assert status == 200, body[:500]
    assert content_type.startswith("text/xml"), content_type
    assert ElementTree.fromstring(body).tag == "Response", body[:500]


@pytest.fixture
def running(make_bot: Callable[..., AbstractAsyncContextManager[Bot]]) -> Iterator[tuple[
        asyncio.Runner, Bot]]:
    """The offline bot on SQLite, started in a loop of its own so hypothesis (which drives
    plain functions) can post to it example after example."""
    with asyncio.Runner() as runner:
        started = make_bot()
        running_bot = runner.run(started.__aenter__())
        try:
            yield runner, running_bot
            runner.run(running_bot.background_done())
        finally:
            runner.run(started.__aexit__(None, None, None))


async def post(running_bot: Bot, path: str, params: dict[str, str]) -> tuple[int, str, str]:
    """POST signed as Twilio would: the status, content type and body."""
    response = await running_bot.client.post(path, form=params, headers=signed(path, params))
    return (response.status_code, response.content_type or "",
            await response.get_data(as_text=True))


async def healthy(running_bot: Bot) -> dict[str, Any]:
    """/health's answer (after the webhooks' background work is done)."""
    await running_bot.background_done()
    response = await running_bot.client.get("/health")
    return {"status_code": response.status_code, **json.loads(await response.get_data())}


@pytest.mark.sqlite_only
@pytest.mark.parametrize("path", sorted(WEBHOOKS))
def test_fuzzed_webhooks_get_valid_twiml_and_leave_health_ok(
        running: tuple[asyncio.Runner, Bot], path: str, caplog: pytest.LogCaptureFixture
) -> None:
    runner, running_bot = running
    sids = {"call": "CA" + "1" * 32, "text": "SM" + "2" * 32}
    # A call and a text the fuzzed requests can refer to, so they reach past "unknown call".
    runner.run(post(running_bot, "/voice/incoming", voice_params(sids["call"])))
    runner.run(post(running_bot, "/sms/incoming", sms_params("hi", CALLER, sids["text"])))

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(request=webhook_request(path, sids))
    def answered(request: tuple[str, dict[str, str]]) -> None:
        url, params = request
        caplog.clear()
        with caplog.at_level(logging.ERROR):
            assert_twiml(*runner.run(post(running_bot, url, params)))
            runner.run(running_bot.background_done())
        # A crash is answered with an apology (crash_answer), never a 500: the log tells.
        assert [record.getMessage() for record in caplog.records
                if record.levelno >= logging.ERROR] == []

    answered()
    health = runner.run(healthy(running_bot))
    assert (health["status_code"], health["status"], health["database"]) == (200, "ok", "ok")


CLAUDE_ROUTES = ["/sms/incoming", "/voice/process"]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("path", CLAUDE_ROUTES)
def test_fuzzed_turns_through_claude_never_send_it_a_request_it_refuses(
        make_bot: Callable[..., AbstractAsyncContextManager[Bot]], fake_claude: FakeClaude,
        path: str, caplog: pytest.LogCaptureFixture) -> None:
    """The routes that talk to Claude, with the real SDK against the strict fake (it refuses
    what the API refuses: empty content, roles out of order) echoing the caller's words back:
    valid TwiML, and Claude never fails on what the bot sent it."""
    with asyncio.Runner() as runner:
        client = claude_client(fake_claude)
        started = make_bot(claude_client=client)
        running_bot = runner.run(started.__aenter__())
        sids = {"call": "CA" + "4" * 32, "text": "SM" + "5" * 32}
        try:
            runner.run(post(running_bot, "/voice/incoming", voice_params(sids["call"])))

            @settings(max_examples=max(EXAMPLES // 2, 5), deadline=None, database=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
            @given(request=webhook_request(path, sids))
            def answered(request: tuple[str, dict[str, str]]) -> None:
                url, params = request
                caplog.clear()
                with caplog.at_level(logging.WARNING):
                    assert_twiml(*runner.run(post(running_bot, url, params)))
                    runner.run(running_bot.background_done())
                assert [record.getMessage() for record in caplog.records
                        if record.levelno >= logging.ERROR or "Claude" in record.getMessage()
                        ] == []

            answered()
            assert fake_claude.requests  # the fuzz reached Claude
        finally:
            runner.run(started.__aexit__(None, None, None))
            runner.run(client.close())


# ---------------------------------------------------------------------------------------------
# The relay WebSocket
# ---------------------------------------------------------------------------------------------

JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | VALUE,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=8,
)
RELAY_FIELDS = ["type", "voicePrompt", "last", "lang", "digit", "utteranceUntilInterrupt",
                "durationUntilInterruptMs", "description", "callSid", "from", "to",
                "sessionId", "customParameters"]
RELAY_TYPES = ["setup", "prompt", "dtmf", "interrupt", "error", "info", "", "PROMPT"]


@st.composite
def relay_message(draw: st.DrawFn) -> str | bytes:
    """One frame Twilio could (or should never) send: a message of a known type with odd
    fields, a JSON value that is not an object, text that is not JSON, or raw bytes."""
    message: dict[str, Any] = {"type": draw(st.sampled_from(RELAY_TYPES))}
    if message["type"] == "prompt":
        message |= {"voicePrompt": "Are you open tomorrow?", "lang": "en-US", "last": True}
    for name in draw(st.lists(st.sampled_from(RELAY_FIELDS), max_size=4, unique=True)):
        message[name] = draw(JSON_VALUE)
    return draw(st.one_of(
        st.just(json.dumps(message)),
        JSON_VALUE.map(json.dumps),
        st.text(ANY_CHAR, max_size=60),
        # Quart's test client cannot carry an empty binary frame (its own KeyError): that
        # one is test_relay's test_an_empty_binary_frame_or_a_second_setup_...
        st.binary(min_size=1, max_size=60),
    ))


async def relay_session(running_bot: Bot, sid: str, frames: list[str | bytes]) -> list[Any]:
    """Place a call, open its signed relay socket (its own: one socket a call), set it up,
    send the frames, then a plain prompt; everything the bot sent back (until it closes, or
    goes quiet for a moment)."""
    from quart.testing.connections import WebsocketDisconnectError

    # A caller of its own each time: one number may call only CALLS_PER_HOUR times.
    caller = f"+1415555{int(sid[-4:], 16) % 10_000:04d}"
    await post(running_bot, "/voice/incoming", voice_params(sid, caller))
    # The URL a relay-mode answer would give (this bot answers in the Gather loop).
    token = await running_bot.assistant.relay.relay_token(sid)
    url = f"{PUBLIC.replace('https://', 'wss://')}/relay?call={sid}&token={token}"
    headers = {"X-Twilio-Signature": relay_signature(TOKEN, url)}
    received: list[Any] = []
    path = url.removeprefix(PUBLIC.replace("https://", "wss://"))
    async with running_bot.client.websocket(path, headers=headers) as socket:
        setup = {"type": "setup", "callSid": sid, "from": CALLER, "to": BUSINESS,
                 "sessionId": "VX" + "0" * 32, "customParameters": {}}
        try:
            await socket.send(json.dumps(setup))
            for frame in [*frames, json.dumps({"type": "prompt", "last": True,
                                                "voicePrompt": "What are your hours?"})]:
                await socket.send(frame)
            while True:
                received.append(json.loads(await asyncio.wait_for(socket.receive(), 2)))
                if received[-1].get("type") == "end" or received[-1].get("last") is True:
                    break
        except WebsocketDisconnectError as closed:
            received.append({"closed": closed.args[0] if closed.args else None})
        except TimeoutError:
            received.append({"quiet": True})
    return received


@pytest.mark.sqlite_only
def test_fuzzed_relay_messages_never_crash_the_socket(
        running: tuple[asyncio.Runner, Bot], caplog: pytest.LogCaptureFixture) -> None:
    runner, running_bot = running

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(frames=st.lists(relay_message(), max_size=6))
    def answered(frames: list[str | bytes]) -> None:
        caplog.clear()
        with caplog.at_level(logging.ERROR):
            received = runner.run(relay_session(running_bot, call_sid(), frames))
        assert [record.getMessage() for record in caplog.records
                if record.levelno >= logging.ERROR] == []
        # The bot answered the last prompt (tokens ending in last=true), or ended the
        # session with an end message or a clean close; never went silent.
        last = received[-1]
        assert (last.get("type") == "text" and last.get("last") is True) \
            or last.get("type") == "end" or last.get("closed") == 1000, received
        for message in received[:-1]:
            assert message.get("type") in ("text", "end"), received

    answered()
    health = runner.run(healthy(running_bot))
    assert (health["status_code"], health["status"], health["database"]) == (200, "ok", "ok")
