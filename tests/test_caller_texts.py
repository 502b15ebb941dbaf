"""Texts to callers (issue 20 items 1 and 2): a text to a caller we missed, a booking's
confirmation, and its reminder with C/R/X replies; each once, never to a number that texted
STOP or is blocked, never at night, and never on the word of a faked caller ID."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import BUSINESS, CALLER, OPEN_NOW, OTHER_CALLER, Bot, Clock, call_sid
from twilio.rest import Client
from twiml import message

import bot
from tests.fakes import FakeTwilioHttp, account_sid

OWNER = "+15005550001"
CHICAGO = ZoneInfo("America/Chicago")
MISSED = bot.PhoneAssistant.MISSED_CALL_TEXT.format(name="Maple Street Bikes")
STATUS_URL = "https://bot.example.com/sms/status"


@pytest.fixture
def texting(make_bot: Callable[..., Any]) -> Callable[..., Any]:
    """The bot with missed-call texts on, sending through the fake Twilio REST API: yields
    the running bot and the fake (whose .messages are the texts Twilio was asked to send)."""

    @asynccontextmanager
    async def start(**overrides: Any) -> AsyncIterator[tuple[Bot, FakeTwilioHttp]]:
        http = FakeTwilioHttp()
        client = Client(account_sid(), "token", http_client=http)
        settings = {"missed_call_texts": True, "twilio_account_sid": account_sid(),
                    **overrides}
        async with make_bot(twilio_client=client, **settings) as running:
            yield running, http

    return start


def sent(http: FakeTwilioHttp) -> list[tuple[str, str]]:
    """The texts Twilio was asked to send: (to, body)."""
    return [(m["To"], m["Body"]) for m in http.messages]


def to_caller(http: FakeTwilioHttp) -> list[tuple[str, str]]:
    """The texts Twilio was asked to send to the caller (not the owner's alerts)."""
    return [text for text in sent(http) if text[0] == CALLER]


async def missed_call(running: Bot, frm: str = CALLER, **extra: str) -> str:
    """A call that ends during the greeting; its CallSid once it is finished."""
    sid = call_sid()
    await running.call(sid, frm, **extra)
    await running.hang_up(sid, frm, duration="3")
    await running.background_done()
    return sid


# -- 1. Missed-call text-back --


async def test_a_caller_who_hangs_up_during_the_greeting_gets_one_text(
    texting: Callable[..., Any],
) -> None:
    async with texting() as (running, http):
        await missed_call(running)
        assert sent(http) == [(CALLER, MISSED)]
        assert http.messages[0]["From"] == BUSINESS
        assert http.messages[0]["StatusCallback"] == STATUS_URL
        customer = await running.crm.customer_for(CALLER)
        thread = await running.crm.sms_thread(customer["id"])
        assert [(m["direction"], m["body"], m["status"]) for m in thread] == [
            ("out", MISSED, "sent")]


async def test_the_missed_call_text_names_the_business_the_reply_and_booking() -> None:
    assert MISSED == ("Sorry we missed you! This is Maple Street Bikes: you can reply to this "
                      "text and we'll help you here. To book, reply with what you need and a "
                      "day and time that suit you.")


async def test_a_reply_to_it_carries_the_text_conversation_on(
    texting: Callable[..., Any],
) -> None:
    async with texting() as (running, http):
        await missed_call(running)
        answer = await running.text("Where are you?")
        assert answer == message("We're at 412 Maple Street, Springfield, next to the library.")
        customer = await running.crm.customer_for(CALLER)
        thread = await running.crm.sms_thread(customer["id"])
        assert [m["direction"] for m in thread] == ["out", "in", "out"]
        # The text-back went through the outbox; the answer back in TwiML, with Twilio's.
        assert [m["status"] for m in thread] == ["sent", None, "sent"]


async def test_once_per_number_per_day(texting: Callable[..., Any]) -> None:
    clock = Clock()
    async with texting(clock=clock) as (running, http):
        await missed_call(running)
        await missed_call(running)
        await missed_call(running, OTHER_CALLER)
        assert sent(http) == [(CALLER, MISSED), (OTHER_CALLER, MISSED)]
        clock.now += timedelta(days=1)
        await missed_call(running)
        assert sent(http) == [(CALLER, MISSED), (OTHER_CALLER, MISSED), (CALLER, MISSED)]


async def test_calls_ending_together_on_two_workers_text_once(
    texting: Callable[..., Any],
) -> None:
    """The day's claim is one atomic counter in the CRM (SQLite and PostgreSQL alike)."""
    async with texting() as (running, http):
        first, second = call_sid(), call_sid()
        for sid in (first, second):
            await running.call(sid)
            await running.crm.record_call_status(sid, "completed", 3)
        rows = await asyncio.gather(*(running.assistant.after_calls.text_back(sid, [])
                                      for sid in (first, second)))
        assert sorted(row is None for row in rows) == [False, True]
        assert sent(http) == [(CALLER, MISSED)]


async def test_a_caller_who_was_helped_gets_no_text(texting: Callable[..., Any]) -> None:
    async with texting() as (running, http):
        sid = call_sid()
        await running.call(sid)
        await running.say(sid, "What are your hours?")
        await running.hang_up(sid)
        await running.background_done()
        assert sent(http) == []


async def test_a_voicemail_gets_a_text(texting: Callable[..., Any]) -> None:
    async with texting() as (running, http):
        sid = call_sid()
        await running.call(sid)
        await running.say(sid, "Can I speak to Sam please")
        status, _ = await running.post("/voice/voicemail", {
            **voice(sid), "RecordingUrl": "https://api.twilio.com/rec/RE1",
            "RecordingDuration": "12"})
        assert status == 200
        await running.hang_up(sid)
        await running.background_done()
        assert (CALLER, MISSED) in sent(http)


async def test_a_call_refused_by_the_limit_gets_a_text(texting: Callable[..., Any]) -> None:
    async with texting(calls_per_hour=1) as (running, http):
        helped = call_sid()
        await running.call(helped)
        await running.say(helped, "What are your hours?")
        await running.hang_up(helped)
        await running.background_done()
        await missed_call(running)  # refused: over CALLS_PER_HOUR
        assert (CALLER, MISSED) in sent(http)


async def test_a_call_answered_by_the_fallback_gets_a_text(
    texting: Callable[..., Any],
) -> None:
    async with texting() as (running, http):
        sid = call_sid()
        status, _ = await running.post("/voice/fallback", {**voice(sid), "ErrorCode": "11200"})
        assert status == 200
        await running.assistant.without_crm.store_spooled()
        await running.crm.record_call_status(sid, "completed", 20)
        await running.assistant.after_calls.finish_call(sid)
        assert sent(http) == [(CALLER, MISSED)]


@pytest.mark.parametrize("stir", ["", "TN-Validation-Passed-C", "TN-Validation-Failed",
                                  "TN-Validation-Passed-B"])
async def test_a_caller_id_nobody_vouched_for_gets_no_text(
    texting: Callable[..., Any], stir: str,
) -> None:
    """Anyone can put any number in caller ID: were a missed call enough, an attacker could
    make the owner pay for texts to numbers of their choosing (and spam them in the owner's
    name). Calling twice from a faked number does not make it known."""
    async with texting() as (running, http):
        await missed_call(running, StirVerstat=stir)
        await missed_call(running, StirVerstat=stir)
        assert sent(http) == []


async def test_an_unvouched_call_from_a_known_customer_gets_a_text(
    texting: Callable[..., Any],
) -> None:
    async with texting() as (running, http):
        await running.text("Thanks for yesterday!")
        http.requests.clear()
        await missed_call(running, StirVerstat="")
        assert sent(http) == [(CALLER, MISSED)]


@pytest.mark.parametrize("who", ["texted STOP", "blocked on the dashboard", "BLOCKED_NUMBERS",
                                 "withheld"])
async def test_never_to_a_number_that_opted_out_or_is_blocked(
    texting: Callable[..., Any], who: str,
) -> None:
    blocked = frozenset({CALLER}) if who == "BLOCKED_NUMBERS" else frozenset()
    async with texting(blocked_numbers=blocked) as (running, http):
        if who == "texted STOP":
            await running.text("STOP")
        if who == "blocked on the dashboard":
            customer = await running.crm.customer_for(CALLER)
            await running.crm.update_customer(customer["id"], blocked=1)
        await missed_call(running, "Anonymous" if who == "withheld" else CALLER)
        assert sent(http) == []


async def test_missed_call_texts_are_off_with_one_setting(texting: Callable[..., Any]) -> None:
    async with texting(missed_call_texts=False) as (running, http):
        await missed_call(running)
        assert sent(http) == []


def test_the_setting_reads_as_on_or_off() -> None:
    assert bot.load_config({}).missed_call_texts is True
    assert bot.load_config({"MISSED_CALL_TEXTS": "off"}).missed_call_texts is False
    with pytest.raises(bot.ConfigError) as caught:
        bot.load_config({"MISSED_CALL_TEXTS": "sometimes"})
    assert caught.value.problems == [
        "MISSED_CALL_TEXTS='sometimes' must be true or false (example: MISSED_CALL_TEXTS=true)"]


async def test_a_refused_text_is_failed_in_the_outbox_and_the_summary_still_written(
    texting: Callable[..., Any],
) -> None:
    async with texting() as (running, http):
        http.fail_next(400, 21211, "The 'To' number is not a valid phone number.")
        sid = await missed_call(running)
        rows = await running.crm.rows("SELECT to_number, status, error FROM outbox")
        assert rows == [{"to_number": CALLER, "status": "failed", "error": "21211"}]
        assert (await running.crm.call(sid))["summary_state"] == "done"


async def test_a_text_refused_because_they_texted_stop_is_not_retried_and_remembered(
    texting: Callable[..., Any],
) -> None:
    """Twilio's 21610: the number texted STOP (a webhook we never got). No retry can reach
    it, so none is tried, and no later text is attempted either."""
    async with texting() as (running, http):
        http.fail_next(400, 21610, "Attempt to send to unsubscribed recipient")
        await missed_call(running)
        rows = await running.crm.rows("SELECT to_number, status, error FROM outbox")
        assert rows == [{"to_number": CALLER, "status": "failed", "error": "21610"}]
        assert (await running.crm.customer_for(CALLER))["opted_out"] == 1


# -- 2. Confirmations --


def tomorrow_at(hour: int, now: datetime = OPEN_NOW) -> datetime:
    """Tomorrow (in the business's time zone) at a whole hour."""
    day = now.astimezone(CHICAGO).date() + timedelta(days=1)
    return datetime.combine(day, time(hour), CHICAGO)


async def booked_on_call(running: Bot, sid: str, hour: int = 10) -> dict[str, Any]:
    """A booking recorded on a call (as either receptionist's book_appointment does)."""
    customer = await running.crm.customer_for(CALLER)
    start = tomorrow_at(hour)
    return await running.crm.book_appointment(customer["id"], "Basic tune-up", start,
                                              start + timedelta(hours=1), sid)


async def a_call_that_booked(running: Bot) -> tuple[str, dict[str, Any]]:
    """A call on which a booking was made for 10 AM tomorrow, hung up and its after-call work
    done: the call's sid and the booking."""
    sid = call_sid()
    await running.call(sid)
    await running.say(sid, "What are your hours?")
    row = await booked_on_call(running, sid)
    await running.hang_up(sid)
    await running.background_done()
    return sid, row


@asynccontextmanager
async def booked_at_night(texting: Callable[..., Any]) -> AsyncIterator[
        tuple[Bot, FakeTwilioHttp]]:
    """The bot at 10:30 PM after a call that booked, its outbox sender stopped (the test sends
    by its own clock)."""
    async with texting(clock=Clock(datetime(2026, 11, 24, 22, 30, tzinfo=CHICAGO))) as (
            running, http):
        running.app.extensions.pop("outbox_sender").cancel()
        await a_call_that_booked(running)
        yield running, http


async def test_a_booking_made_on_a_call_is_confirmed_by_text(
    texting: Callable[..., Any],
) -> None:
    async with texting() as (running, http):
        sid, _ = await a_call_that_booked(running)
        await running.assistant.after_calls.finish_call(sid)  # a summary finished twice texts once
        assert to_caller(http) == [(CALLER, "Maple Street Bikes: you're booked for Basic tune-up "
                                       "Wed 25 Nov 10 AM. Reply here to change or book.")]


async def test_a_move_and_a_cancellation_are_confirmed(texting: Callable[..., Any]) -> None:
    async with texting() as (running, http):
        _, old = await a_call_that_booked(running)
        moved, cancelled = call_sid(), call_sid()
        await running.call(moved)
        await running.say(moved, "What are your hours?")
        new = await booked_on_call(running, moved, hour=14)
        await running.crm.cancel_appointment(new["customer_id"], old["id"], moved)
        await running.hang_up(moved)
        await running.call(cancelled)
        await running.say(cancelled, "What are your hours?")
        await running.crm.cancel_appointment(new["customer_id"], new["id"], cancelled)
        await running.hang_up(cancelled)
        await running.background_done()
        assert to_caller(http)[1:] == [
            (CALLER, "Maple Street Bikes: your Basic tune-up Wed 25 Nov 10 AM has moved to "
                     "Basic tune-up Wed 25 Nov 2 PM. Reply here to change or book."),
            (CALLER, "Maple Street Bikes: your Basic tune-up Wed 25 Nov 2 PM is cancelled. "
                     "Reply here to change or book.")]


async def test_a_confirmation_due_at_night_waits_until_eight(
    texting: Callable[..., Any],
) -> None:
    async with booked_at_night(texting) as (running, http):
        assert to_caller(http) == []
        rows = await running.crm.rows("SELECT status, next_attempt_at FROM outbox "
                                      "WHERE to_number = ?", [CALLER])
        eight = datetime(2026, 11, 25, 8, 0, tzinfo=CHICAGO)
        assert rows == [{"status": "queued", "next_attempt_at": bot.iso(eight)}]
        telephone = running.assistant.telephone
        telephone.clock = lambda: eight - timedelta(minutes=1)
        assert await telephone.send_due() == []
        telephone.clock = lambda: eight
        assert [r["status"] for r in await telephone.send_due()] == ["sent"]
        assert len(to_caller(http)) == 1


async def test_a_text_that_waited_is_not_sent_after_they_texted_stop(
    texting: Callable[..., Any],
) -> None:
    async with booked_at_night(texting) as (running, http):
        await running.text("STOP")
        telephone = running.assistant.telephone
        telephone.clock = lambda: datetime(2026, 11, 25, 8, 0, tzinfo=CHICAGO)
        assert [(r["status"], r["error"]) for r in await telephone.send_due()] == [
            ("failed", "opted out")]
        assert to_caller(http) == []


@pytest.mark.parametrize(("local", "until"), [
    ((7, 59), (0, 8, 0)), ((8, 0), None), ((20, 59), None), ((21, 0), (1, 8, 0)),
    ((23, 30), (1, 8, 0)), ((0, 0), (0, 8, 0))])
def test_quiet_hours_are_before_8_am_and_from_9_pm_local(
    local: tuple[int, int], until: tuple[int, int, int] | None,
) -> None:
    when = datetime(2026, 11, 24, *local, tzinfo=CHICAGO)
    expected = None if until is None else datetime.combine(
        when.date() + timedelta(days=until[0]), time(until[1], until[2]), CHICAGO)
    assert bot.quiet_until(when.astimezone(UTC), CHICAGO) == expected


# -- 2. Reminders --


@asynccontextmanager
async def reminding(texting: Callable[..., Any], **overrides: Any) -> AsyncIterator[
        tuple[Bot, FakeTwilioHttp, Clock, dict[str, Any]]]:
    """The bot at 10 AM, with a booking made three days ago for 9 AM tomorrow: inside the
    24 hours before it, so its reminder is due."""
    clock = Clock()
    async with texting(clock=clock, **overrides) as (running, http):
        customer = await running.crm.customer_for(CALLER)
        start = clock.now + timedelta(hours=23)
        row = await running.crm.book_appointment(customer["id"], "Basic tune-up", start,
                                                 start + timedelta(hours=1))
        await running.crm.execute("UPDATE appointments SET created_at = ? WHERE id = ?",
                                  [bot.iso(clock.now - timedelta(days=3)), row["id"]])
        yield running, http, clock, row


async def reminded(running: Bot, row: dict[str, Any]) -> str:
    """Send the reminders; the booking as its reminder names it."""
    await running.assistant.texts.send_reminders()
    return reminder_for(row).split("your ")[1].split(". Reply")[0]


def reminder_for(row: dict[str, Any]) -> str:
    start = datetime.fromisoformat(row["starts_at"]).astimezone(CHICAGO)
    when = f"Basic tune-up {start:%a} {start.day} {start:%b} 9 AM"
    return (f"Maple Street Bikes: a reminder of your {when}. Reply C to confirm, R to change, "
            "X to cancel.")


async def test_the_reminder_goes_the_day_before_exactly_once(
    texting: Callable[..., Any],
) -> None:
    async with reminding(texting) as (running, http, clock, row):
        assert await running.assistant.texts.send_reminders() == 1
        assert await running.assistant.texts.send_reminders() == 0
        assert sent(http) == [(CALLER, reminder_for(row))]
        customer = await running.crm.customer_for(CALLER)
        thread = await running.crm.sms_thread(customer["id"])
        assert [(m["body"], m["status"]) for m in thread] == [(reminder_for(row), "sent")]


async def test_two_machines_sweeping_together_send_one_reminder(
    texting: Callable[..., Any], config: bot.Config,
) -> None:
    async with reminding(texting) as (running, http, clock, row):
        mine = running.assistant
        crm = await bot.open_crm(config)
        other = bot.PhoneAssistant(mine.config, mine.profile, crm, mine.telephone, clock=clock)
        try:
            counts = await asyncio.gather(mine.texts.send_reminders(),
                                          other.texts.send_reminders(),
                                          mine.texts.send_reminders())
        finally:
            await crm.close()
        assert sorted(counts) == [0, 0, 1]
        assert sent(http) == [(CALLER, reminder_for(row))]


@pytest.mark.both_backends  # on PostgreSQL too: the reminders' claim
async def test_a_restart_does_not_remind_again(
    texting: Callable[..., Any], make_bot: Callable[..., Any],
) -> None:
    async with reminding(texting) as (running, http, clock, row):
        assert await running.assistant.texts.send_reminders() == 1
    async with texting(clock=clock) as (restarted, again):
        assert await restarted.assistant.texts.send_reminders() == 0
        assert sent(again) == []


async def test_no_reminder_in_quiet_hours_then_one_at_eight(
    texting: Callable[..., Any],
) -> None:
    async with reminding(texting) as (running, http, clock, row):
        clock.now = datetime(2026, 11, 24, 21, 30, tzinfo=CHICAGO)
        assert await running.assistant.texts.send_reminders() == 0
        clock.now = datetime(2026, 11, 25, 7, 59, tzinfo=CHICAGO)
        assert await running.assistant.texts.send_reminders() == 0
        clock.now = datetime(2026, 11, 25, 8, 0, tzinfo=CHICAGO)
        assert await running.assistant.texts.send_reminders() == 1


@pytest.mark.parametrize(("hours", "later"), [(12, 0), (0, 3)])
async def test_no_reminder_before_its_hours_and_none_with_zero(
    texting: Callable[..., Any], hours: int, later: int,
) -> None:
    async with reminding(texting, reminder_hours=hours) as (running, http, clock, row):
        clock.now += timedelta(hours=later)  # 23 (or 20) hours before it
        assert await running.assistant.texts.send_reminders() == 0
        assert sent(http) == []


@pytest.mark.both_backends  # on PostgreSQL too: the reminders' claim
async def test_no_reminder_to_a_number_that_texted_stop(texting: Callable[..., Any]) -> None:
    async with reminding(texting) as (running, http, clock, row):
        await running.text("STOP")
        assert await running.assistant.texts.send_reminders() == 0
        assert sent(http) == []
        await running.text("START")  # claimed: not sent later either
        assert await running.assistant.texts.send_reminders() == 0


@pytest.mark.both_backends  # on PostgreSQL too: an appointment read by id
async def test_reply_c_confirms(texting: Callable[..., Any]) -> None:
    async with reminding(texting) as (running, http, clock, row):
        when = await reminded(running, row)
        assert await running.text("c") == message(f"Thanks, you're confirmed for {when}. "
                                                  "See you then!")
        confirmed = await running.crm.appointment(row["id"])
        assert (confirmed["status"], confirmed["confirmed_at"] is not None) == ("booked", True)


async def test_reply_x_asks_for_its_code_and_only_the_code_cancels(
    texting: Callable[..., Any],
) -> None:
    """A text's number can be faked: X alone cancels nothing. The reply (which goes to the
    number on record, whoever sent the X) names the booking and carries the code that cancels
    it; the code texted back cancels it and the owner is told."""
    async with reminding(texting) as (running, http, clock, row):
        when = await reminded(running, row)
        reply = await running.text("X")
        asked = re.search(r"To cancel your (.+?), reply with the code (\d{6}) within", reply)
        assert asked is not None, reply
        assert "Basic tune-up" in asked[1] and "9 AM" in asked[1]
        assert (await running.crm.appointment(row["id"]))["status"] == "booked"
        assert await running.text("yes") and \
            (await running.crm.appointment(row["id"]))["status"] == "booked"
        assert "cancelled" in (await running.text(asked[2])).lower()
        assert (await running.crm.appointment(row["id"]))["status"] == "cancelled"
        assert sent(http)[-1] == (OWNER, f"Text from {CALLER}: cancelled {when}.")


async def test_reply_r_goes_on_as_a_conversation(texting: Callable[..., Any]) -> None:
    async with reminding(texting) as (running, http, clock, row):
        await running.assistant.texts.send_reminders()
        reply = await running.text("R")
        # The receptionist hears a request to change that booking, not a lone letter, nor a
        # move to its own time (it goes on as any change by text does: the new time asked,
        # then a code in the reply).
        assert "<Message>" in reply and "didn't quite catch" not in reply
        assert "What day would suit you instead?" in reply
        customer = await running.crm.customer_for(CALLER)
        thread = await running.crm.sms_thread(customer["id"])
        assert [m["body"] for m in thread][1] == "R"
        assert (await running.crm.appointment(row["id"]))["status"] == "booked"


async def test_c_without_a_reminder_is_an_ordinary_text(texting: Callable[..., Any]) -> None:
    async with texting() as (running, http):
        reply = await running.text("C")
        assert "confirmed" not in reply


def voice(sid: str) -> dict[str, str]:
    """A voice webhook's parameters."""
    from conftest import voice_params

    return voice_params(sid)
