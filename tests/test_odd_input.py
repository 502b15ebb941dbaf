"""Odd input from the phone network and from the model: no crash, no forged log line, no
injected TwiML, and the business's own clock whatever UTC says."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import CALLER, Bot, call_sid, voice_params
from twiml import EMPTY, GATHER, HEAD, VOICE, hanging_up, listening, message, say

import bot
from tests.fakes import FakeClaude, Text

CHICAGO = ZoneInfo("America/Chicago")
OFFER_VOICEMAIL = (
    f"{HEAD}<Response>"
    + say("Sorry, nobody could take your call just now. Please leave a message after the beep, "
          "and press the pound key when you're done.")
    + '<Record action="https://bot.example.com/voice/voicemail" finishOnKey="#" '
    'maxLength="110" method="POST" playBeep="true" transcribe="true" '
    'transcribeCallback="https://bot.example.com/voice/transcription" />'
    + say("I didn't catch a message. Goodbye.") + "<Hangup /></Response>"
)


# -- Twilio-shaped input we used to crash on (issue 7 item 17) --


async def test_a_dial_status_for_an_unknown_call_offers_voicemail_and_keeps_it(
    offline_bot: Bot,
) -> None:
    sid = call_sid()
    params = {**voice_params(sid), "DialCallStatus": "no-answer", "DialCallDuration": "0"}
    assert await offline_bot.post("/voice/dial-status", params) == (200, OFFER_VOICEMAIL)
    recorded = {**voice_params(sid), "RecordingUrl": "https://api.twilio.com/rec/RE1",
                "RecordingDuration": "12", "RecordingSid": "RE" + "1" * 32}
    assert await offline_bot.post("/voice/voicemail", recorded) == (200, hanging_up(
        "Thank you, your message has been recorded. Goodbye."))
    customer = await offline_bot.crm.customer_for(CALLER)
    assert [(n["kind"], n["body"], n["call_sid"])
            for n in await offline_bot.crm.recent_notes(customer["id"])] == [
        ("voicemail", "Voicemail, 12 seconds: RE" + "1" * 32, sid)]


@pytest.mark.parametrize(
    "text",
    ["book a tune-up on 9999-12-31", "book a tune-up on 0001-01-01",
     "book a tune-up on December 31st 9999", "book a tune-up on 2027-02-30"],
)
async def test_a_far_away_date_is_answered(offline_bot: Bot, text: str) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    reply = await offline_bot.say(sid, text)
    assert reply.startswith(f'{HEAD}<Response><Gather ') and "Sorry, something went wrong" not in (
        reply)


async def test_a_date_beyond_the_booking_window_says_how_far_ahead_we_book(
    offline_bot: Bot,
) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    assert await offline_bot.say(sid, "book a tune-up on 9999-12-31") == listening(
        "I have nothing on Friday the 31st of December. We only book up to 30 days ahead. "
        "Which day would suit you?")


@pytest.mark.parametrize(
    ("duration", "stored"),
    [("42", 42), ("", None), ("\u00b2", None), ("-5", None), ("4.5", None), ("1e9", None),
     ("9" * 5000, None), ("99999999999999999999", None), ("\u0663", None), (" 42 ", None)],
    ids=["plain", "empty", "superscript", "negative", "fraction", "exponent", "huge",
         "too-big-for-sqlite", "arabic-digit", "spaces"],
)
async def test_odd_call_durations_are_recorded_without_a_crash(
    offline_bot: Bot, duration: str, stored: int | None
) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    params = {**voice_params(sid), "CallStatus": "completed", "CallDuration": duration}
    assert await offline_bot.post("/voice/status", params) == (200, EMPTY)
    call = await offline_bot.crm.call(sid)
    assert (call["status"], call["duration"]) == ("completed", stored)


# -- Every log line is one line (issue 7 item 18, issue 9 "Data and operations") --


@pytest.fixture
def owner_log() -> Iterator[Callable[[Callable[[logging.Logger], None]], str]]:
    """What the owner's log shows, through the handler and filters setup_logging installs;
    the logging configuration is put back afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    servers = [logging.getLogger(n) for n in ("hypercorn.access", "hypercorn.error")]
    saved_filters = [server.filters[:] for server in servers]
    bot.setup_logging("INFO")
    installed = root.handlers[0]

    def shown(write: Callable[[logging.Logger], None]) -> str:
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.setFormatter(installed.formatter)
        for log_filter in installed.filters:
            handler.addFilter(log_filter)
        logger = logging.getLogger("bot.test")
        logger.addHandler(handler)
        try:
            write(logger)
        finally:
            logger.removeHandler(handler)
        return stream.getvalue()

    yield shown
    root.handlers[:], root.level = saved
    for server, filters in zip(servers, saved_filters, strict=True):
        server.filters[:] = filters


@pytest.mark.parametrize(
    "value",
    ["busy\n2026-11-25 10:00:00,000 ERROR bot: forged", "busy\r\nforged", "a\x1b[2Jb",
     "busy\u2028forged", "busy\x85forged"],
    ids=["newline", "crlf", "escape-code", "line-separator", "next-line"],
)
def test_a_log_line_is_one_line_whatever_the_value(owner_log: Any, value: str) -> None:
    text = owner_log(lambda log: log.warning("transfer not answered (%s)", value))
    assert text.endswith(f"WARNING bot.test: transfer not answered ({bot.one_line(value)})\n")
    assert text.count("\n") == 1 and bot.one_line(value).isprintable()


def test_a_traceback_is_one_line_too(owner_log: Any) -> None:
    def fail(log: logging.Logger) -> None:
        try:
            raise ValueError("bad value\n2026-11-25 INFO bot: forged")
        except ValueError:
            log.exception("webhook failed")

    text = owner_log(fail)
    assert text.count("\n") == 1
    assert "webhook failed | Traceback (most recent call last):\\n" in text
    assert text.endswith("ValueError: bad value\\n2026-11-25 INFO bot: forged\n")


def test_hypercorns_own_handlers_get_the_one_line_filter(owner_log: Any) -> None:
    access = logging.getLogger("hypercorn.access")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    access.addHandler(handler)  # as `hypercorn --access-logfile -` does, propagation off
    access.propagate = False
    try:
        access.info('127.0.0.1:1 - - "GET /health\n2026-11-25 INFO bot: forged 1.1" 404 9')
    finally:
        access.removeHandler(handler)
        access.propagate = True
    assert stream.getvalue() == (
        '127.0.0.1:1 - - "GET /health\\n2026-11-25 INFO bot: forged 1.1" 404 9\n')


async def test_a_signed_field_cannot_forge_a_log_line(
    offline_bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(bot.OneLineFilter())
    sid = call_sid()
    await offline_bot.call(sid)
    params = {**voice_params(sid), "DialCallStatus": "busy\n2026-11-25 ERROR bot: forged"}
    with caplog.at_level(logging.INFO):
        assert (await offline_bot.post("/voice/dial-status", params))[0] == 200
        await offline_bot.text("hello\n2026-11-25 ERROR bot: forged")
    assert caplog.text and all(
        not line.startswith("2026-11-25") for line in caplog.text.splitlines())


# -- Model text is escaped through the routes (issue 7 item 24c) --

INJECTION = "Sure</Say><Dial>+15551234567</Dial> & co"
ESCAPED = "Sure&lt;/Say&lt;Dial+15551234567&lt;/Dial &amp; co."


async def test_model_text_is_escaped_in_the_voice_route(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    sid = call_sid()
    await claude_bot.call(sid)
    fake_claude.queue(Text(INJECTION))
    assert await claude_bot.say(sid, "Hello") == (
        f'{HEAD}<Response>{GATHER}<Say language="en-US" voice="{VOICE}">{ESCAPED}</Say>'
        "</Gather></Response>")


async def test_model_text_is_escaped_in_the_sms_route(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(Text(INJECTION))
    assert await claude_bot.text("Hello") == (
        f"{HEAD}<Response><Message>{ESCAPED}</Message></Response>")
    assert message("x") == f"{HEAD}<Response><Message>x</Message></Response>"


# -- Slots and opening hours (issue 7 item 24b, 24d) --


@pytest.mark.parametrize(
    ("day", "starts"),
    [((2026, 11, 28), ["10:00", "10:30", "11:00"]),  # Saturday 10-14: a 3-hour overhaul
     ((2026, 11, 27), ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30",
                       "13:00", "13:30", "14:00", "14:30"])],
    ids=["saturday", "friday"],
)
@pytest.mark.both_backends  # on PostgreSQL too: the booked-times query
async def test_a_long_service_is_offered_only_where_it_ends_by_closing(
    offline_bot: Bot, day: tuple[int, int, int], starts: list[str]
) -> None:
    skills = offline_bot.assistant.skills
    overhaul = skills.service_called("Full overhaul")
    slots = await skills.free_slots(datetime(*day).date(), overhaul, limit=50)
    assert [slot.astimezone(CHICAGO).strftime("%H:%M") for slot in slots] == starts


@pytest.mark.parametrize(
    ("moment", "state"),
    [(datetime(2026, 11, 24, 22, 0, tzinfo=UTC), "open"),  # 16:00 in Chicago, 22:00 UTC
     (datetime(2026, 11, 24, 10, 0, tzinfo=UTC), "closed")],  # 04:00 in Chicago, 10:00 UTC
    ids=["open-in-chicago-closed-in-utc", "closed-in-chicago-open-in-utc"],
)
async def test_opening_hours_follow_the_business_clock_not_utc(
    make_bot: Callable[..., Any], fake_claude: FakeClaude, moment: datetime, state: str
) -> None:
    from conftest import claude_client

    assert bot.is_open(bot.load_profile(bot.HERE / "business.toml"), moment) is (state == "open")
    async with make_bot(clock=lambda: moment) as running:
        sid = call_sid()
        await running.call(sid)
        reply = await running.say(sid, "Are you open now?")
        assert f"We're {state} right now." in reply
        transfer = await running.say(sid, "Can I speak to a person?")
        assert ("<Dial" in transfer) is (state == "open")
    client = claude_client(fake_claude)
    async with make_bot(claude_client=client, clock=lambda: moment) as running:
        sid = call_sid()
        await running.call(sid)
        await running.say(sid, "Hello")
        local = moment.astimezone(CHICAGO)
        assert fake_claude.requests[-1]["system"][1]["text"].splitlines()[0] == (
            f"Now: {local:%A %d %B %Y, %H:%M} (America/Chicago); the business is {state} now.")
    await client.close()
