"""The receptionist's skills: appointments, transfer and voicemail, owner alerts, outbound calls.

The sample business (business.toml) is in Chicago, open 9:00-17:30 on weekdays; the clock is
Tuesday 24 November 2026, 10:00 there; bookings need 120 minutes' notice, 30-minute slots.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from xml.etree import ElementTree

import pytest
from conftest import (
    BUSINESS,
    CALLER,
    OPEN_NOW,
    OTHER_CALLER,
    PUBLIC,
    Bot,
    call_sid,
    voice_params,
)
from twilio.rest import Client
from twiml import EMPTY, GATHER, HEAD, hanging_up, listening, message, say

import bot
from tests.fakes import (
    FakeCalendar,
    FakeClaude,
    FakeTwilioHttp,
    Text,
    ToolUse,
    account_sid,
    answered_in_pieces,
)

OWNER = "+15005550001"
DESK = "+15005550002"
MORE = "Is there anything else I can help with?"
# Tuesday 24 November 2026, 22:00 in Chicago: closed.
CLOSED_NOW = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)


def turn_for(customer: dict[str, Any], channel: bot.Channel = "voice",
             sid: str | None = None) -> bot.Turn:
    """A turn of the customer's own (their carrier attested the number: test_identity
    covers everyone else)."""
    return bot.Turn(bot.Caller(customer, channel, sid, verified_by="carrier"), "")


async def book(running: Bot, day: str, at: str, service: str = "Basic tune-up",
               number: str = CALLER, channel: bot.Channel = "voice") -> str:
    customer = await running.crm.customer_for(number)
    return await running.assistant.skills.book_appointment(
        turn_for(customer, channel), date=day, time=at, service=service)


async def test_a_booking_is_stored_and_read_back_in_words(offline_bot: Bot) -> None:
    assert await book(offline_bot, "2026-11-25", "10:00") == (
        "Booked: Basic tune-up tomorrow, Wednesday the 25th of November at 10 AM.")
    rows = await offline_bot.crm.rows(
        "SELECT service, starts_at, ends_at, status FROM appointments")
    assert rows == [{"service": "Basic tune-up", "starts_at": "2026-11-25T16:00:00+00:00",
                     "ends_at": "2026-11-25T17:00:00+00:00", "status": "booked"}]


@pytest.mark.parametrize(
    ("day", "at", "service", "problem"),
    [
        ("2026-11-24", "11:00", "Basic tune-up",
         "That's too soon: we need 2 hours' notice. Free times that day: 12 PM, 12:30 PM or "
         "1 PM."),
        ("2026-11-29", "10:00", "Basic tune-up",
         "We're not open for that on Sunday the 29th of November. Free times on Monday the 30th "
         "of November: 9 AM, 9:30 AM or 10 AM."),
        ("2026-11-25", "17:00", "Basic tune-up",
         "A Basic tune-up takes about an hour, so at 5 PM tomorrow it would run past 5:30 PM, "
         "when we close. Free times that day: 3:30 PM, 4 PM or "
         "4:30 PM."),
        ("2026-11-25", "10:15", "Basic tune-up",  # the free times nearest the one asked for
         "Appointments start every 30 minutes. Free times that day: 9:30 AM, 10 AM or "
         "10:30 AM."),
        ("2027-01-20", "10:00", "Basic tune-up", "We only book up to 30 days ahead."),
        ("2026-11-25", "10:00", "Paint job",
         "Which service? We offer Basic tune-up, Flat tire repair, Full overhaul."),
        ("next week", "10am", "Basic tune-up",
         "I need the day as YYYY-MM-DD and the time as HH:MM."),
    ],
    ids=["lead-time", "sunday", "past-closing", "off-slot", "too-far",
         "no-such-service", "bad-format"],
)
@pytest.mark.both_backends  # on PostgreSQL too: the booked-times query
async def test_a_booking_outside_the_rules_is_refused_with_free_times(
    offline_bot: Bot, day: str, at: str, service: str, problem: str
) -> None:
    with pytest.raises(bot.SkillError) as refused:
        await book(offline_bot, day, at, service)
    assert str(refused.value) == problem
    assert await offline_bot.crm.rows("SELECT * FROM appointments") == []


async def test_a_closed_day_is_not_bookable(make_bot: Any) -> None:
    async with make_bot(clock=lambda: datetime(2026, 12, 20, 16, 0, tzinfo=UTC)) as running:
        with pytest.raises(bot.SkillError) as refused:
            await book(running, "2026-12-25", "10:00", "Flat tire repair")
    assert str(refused.value) == (
        "We're not open for that on Friday the 25th of December. Free times on Saturday the "
        "26th of December: 10 AM, 10:30 AM or 11 AM.")


async def test_a_clash_is_refused_and_the_free_times_skip_it(offline_bot: Bot) -> None:
    await book(offline_bot, "2026-11-25", "10:00", number=OTHER_CALLER)
    with pytest.raises(bot.SkillError) as refused:
        await book(offline_bot, "2026-11-25", "10:30", service="Flat tire repair")
    assert str(refused.value) == (
        "That time is already taken. Free times that day: 9:30 AM, 11 AM or 11:30 AM.")


async def test_two_callers_racing_for_one_slot_get_it_once(offline_bot: Bot) -> None:
    results = await asyncio.gather(
        *(book(offline_bot, "2026-11-27", "14:00", number=f"+1415555010{i}") for i in range(5)),
        return_exceptions=True)
    assert sum(isinstance(r, str) for r in results) == 1
    assert all(isinstance(r, str | bot.SkillError) for r in results)


async def test_my_appointments_lists_only_the_callers_own(offline_bot: Bot) -> None:
    await book(offline_bot, "2026-11-25", "10:00")
    await book(offline_bot, "2026-11-25", "14:00", number=OTHER_CALLER)
    customer = await offline_bot.crm.customer_for(CALLER)
    mine = await offline_bot.crm.appointments_for(customer["id"], datetime(2026, 1, 1, tzinfo=UTC))
    assert await offline_bot.assistant.skills.my_appointments(turn_for(customer)) == (
        f"Your upcoming appointments: number {mine[0]['id']}: Basic tune-up tomorrow, Wednesday "
        "the 25th of November at 10 AM.")


async def test_a_caller_cancels_their_own_booking_but_never_anothers(offline_bot: Bot) -> None:
    await book(offline_bot, "2026-11-25", "10:00")
    await book(offline_bot, "2026-11-25", "14:00", number=OTHER_CALLER)
    mine, theirs = await offline_bot.crm.rows("SELECT id FROM appointments ORDER BY id")
    customer = await offline_bot.crm.customer_for(CALLER)
    skills = offline_bot.assistant.skills
    with pytest.raises(bot.SkillError):
        await skills.cancel_appointment(turn_for(customer), appointment=theirs["id"])
    assert await skills.cancel_appointment(turn_for(customer), appointment=mine["id"]) == (
        "Cancelled: Basic tune-up tomorrow, Wednesday the 25th of November at 10 AM.")
    assert await offline_bot.crm.rows("SELECT id, status FROM appointments ORDER BY id") == [
        {"id": mine["id"], "status": "cancelled"}, {"id": theirs["id"], "status": "booked"}]
    # The cancelled slot is free again.
    assert (await book(offline_bot, "2026-11-25", "10:00")).startswith("Booked:")


async def test_claude_books_through_the_tool(claude_bot: Bot, fake_claude: FakeClaude) -> None:
    fake_claude.queue(
        ToolUse("book_appointment",
                {"date": "2026-11-25", "time": "09:30", "service": "flat tire"}),
        Text("You're booked for a flat tire repair tomorrow at 9:30 AM."),
    )
    sid = call_sid()
    await claude_bot.call(sid)
    assert await claude_bot.say(sid, "Book me a flat fix tomorrow at half nine") == listening(
        "You're booked for a flat tire repair tomorrow at 9:30 AM.")
    result = fake_claude.requests[1]["messages"][-1]["content"][0]
    assert (result["content"], result["is_error"]) == (
        "Booked: Flat tire repair tomorrow, Wednesday the 25th of November at 9:30 AM.", False)
    rows = await claude_bot.crm.rows("SELECT service, call_sid FROM appointments")
    assert rows == [{"service": "Flat tire repair", "call_sid": sid}]


async def test_a_booking_by_text_alerts_the_owner_at_once(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(
        ToolUse("book_appointment", {"date": "2026-11-27", "time": "11:00",
                                     "service": "Basic tune-up"}),
        Text("Booked!"),
    )
    await claude_bot.text("tune-up Friday at 11 please")
    assert await claude_bot.crm.rows("SELECT to_number, body FROM outbox") == [{
        "to_number": OWNER,
        "body": f"Text from {CALLER}: booked Basic tune-up Fri 27 Nov 11 AM.",
    }]


# -- The offline receptionist's guided dialogues --


async def converse(running: Bot, lines: list[str], frm: str = CALLER) -> list[str]:
    sid = call_sid()
    await running.call(sid, frm)
    answers = []
    for line in lines:
        if line.startswith("#"):
            answers.append(await running.say(sid, "", frm, Digits=line[1:]))
        else:
            answers.append(await running.say(sid, line, frm))
    return answers


async def test_the_offline_receptionist_books_step_by_step(offline_bot: Bot) -> None:
    answers = await converse(offline_bot, [
        "I'd like to book an appointment", "a tune-up please", "tomorrow", "#2", "#1",
        "Dana Ortiz"])
    assert answers == [
        listening("Happy to book you in. Which service would you like: Basic tune-up, Flat tire "
                  "repair or Full overhaul?"),
        listening("A Basic tune-up. What day would you like to come in?"),
        listening("Tomorrow, Wednesday the 25th of November, I have 9 AM, 9:30 AM or 10 AM. "
                  "Which would you like? Press 1 for 9 AM. Press 2 for 9:30 AM. "
                  "Press 3 for 10 AM."),
        # Read back before booking (issue 18): the key picked it, the key says yes.
        listening("That's a Basic tune-up tomorrow, Wednesday the 25th of November at 9:30 AM. "
                  "Shall I book it, and what name shall I put it under? Press 1 for yes."),
        listening("And what name shall I put it under?"),
        listening("You're booked. Basic tune-up tomorrow, Wednesday the 25th of November at "
                  f"9:30 AM. {MORE}"),
    ]
    assert await offline_bot.crm.rows("SELECT starts_at FROM appointments") == [
        {"starts_at": "2026-11-25T15:30:00+00:00"}]
    assert (await offline_bot.crm.customer_for(CALLER))["name"] == "Dana Ortiz"


async def test_offline_booking_takes_a_spoken_time_and_a_day_in_one_go(offline_bot: Bot) -> None:
    answers = await converse(offline_bot, [
        "Can I book a full overhaul on Friday?", "10 am", "yes, it's Dana Ortiz"])
    assert answers[0] == listening(
        "On Friday the 27th of November, I have 9 AM, 9:30 AM or 10 AM. Which would you like? "
        "Press 1 for 9 AM. Press 2 for 9:30 AM. Press 3 for 10 AM.")
    assert answers[1] == listening(
        "That's a Full overhaul on Friday the 27th of November at 10 AM. Shall I book it, and "
        "what name shall I put it under?")
    assert answers[2] == listening(
        f"You're booked. Full overhaul on Friday the 27th of November at 10 AM. {MORE}")


async def test_a_weekday_named_on_that_day_means_next_week(offline_bot: Bot) -> None:
    assert bot.parse_day("Tuesday please", date(2026, 11, 24)) == date(2026, 12, 1)
    assert bot.parse_day("today please", date(2026, 11, 24)) == date(2026, 11, 24)
    answers = await converse(offline_bot, ["book a flat tire repair on Tuesday", "no thanks"])
    assert answers[0].startswith(listening("On Tuesday the 1st of December, I have")[:-30])
    assert answers[1] == listening(f"No problem, I won't book anything. {MORE}")


async def test_offline_booking_on_a_closed_day_offers_the_next_one(offline_bot: Bot) -> None:
    answers = await converse(offline_bot, ["book a flat tire repair", "Sunday"])
    assert answers[1] == listening(
        "We're closed on Sunday the 29th of November. Free times on Monday the 30th of "
        "November: 9 AM, 9:30 AM or 10 AM. Which day would suit you?")


async def test_offline_cancel_after_a_yes(offline_bot: Bot) -> None:
    await book(offline_bot, "2026-11-25", "10:00")
    answers = await converse(offline_bot, [
        "When is my appointment?", "I need to cancel my appointment", "yes please"])
    assert answers[0] == listening(
        f"You have a Basic tune-up tomorrow, Wednesday the 25th of November at 10 AM. {MORE}")
    assert answers[1] == listening(
        "Your next appointment is a Basic tune-up tomorrow, Wednesday the 25th of November at "
        "10 AM. Shall I cancel it?")
    assert answers[2] == listening(
        "Done. Cancelled: Basic tune-up tomorrow, Wednesday the 25th of November at 10 AM. "
        + MORE)


async def test_offline_cancel_hears_a_long_yes_and_a_no(offline_bot: Bot) -> None:
    await book(offline_bot, "2026-11-25", "10:00")
    answers = await converse(offline_bot, [
        "cancel my appointment", "No, keep it", "cancel my appointment",
        "yes please go ahead and cancel it now"])
    assert answers[1] == listening(f"Alright, I'll leave it as it is. {MORE}")
    assert answers[3].startswith(listening("Done. Cancelled:")[:-len("</Say></Gather></Response>")])


async def test_no_to_anything_else_ends_the_call(offline_bot: Bot) -> None:
    answers = await converse(offline_bot, ["Where are you?", "No thanks"])
    assert answers[1] == hanging_up("Thanks for calling Maple Street Bikes. Goodbye!")


async def test_offline_booking_takes_any_free_time_that_day(offline_bot: Bot) -> None:
    answers = await converse(offline_bot, ["book a tune-up on Friday", "2 pm please",
                                           "yes, Dana Ortiz"])
    assert answers[2] == listening(
        f"You're booked. Basic tune-up on Friday the 27th of November at 2 PM. {MORE}")


async def test_offline_booking_in_one_sentence(offline_bot: Bot) -> None:
    await book(offline_bot, "2026-11-27", "11:00", number=OTHER_CALLER)
    answers = await converse(offline_bot, [
        "I'd like to book a basic tune-up on Friday at 10am", "yes, Dana Ortiz",
        "I'd like to book a flat tire repair on Friday at 11"])
    assert answers[1] == listening(
        f"You're booked. Basic tune-up on Friday the 27th of November at 10 AM. {MORE}")
    assert answers[2] == listening(
        "Sorry, 11 AM on Friday the 27th of November is already taken. Free times that day: "
        "9:30 AM, 12 PM or 12:30 PM. Which time would suit you?")


def test_hours_may_run_to_midnight(tmp_path: Any) -> None:
    path = tmp_path / "late.toml"
    path.write_text('[hours]\nfriday = "18:00-24:00"\n')
    profile = bot.load_profile(path)
    assert bot.describe_hours(profile) == (
        "We're open Friday, 6 PM to midnight; closed Monday to Thursday and Saturday and Sunday.")
    assert bot.is_open(profile, datetime(2026, 11, 27, 23, 59, 30, tzinfo=UTC))


# -- A person on the line: transfer, no answer, voicemail --

def put_through(sid: str, line: str = "Putting you through now, please hold.") -> str:
    """The TwiML that rings the desk, whose answerer first hears the whisper about call sid."""
    return (
        f'{HEAD}<Response>{say(line)}'
        f'<Dial action="https://bot.example.com/voice/dial-status" callerId="{BUSINESS}" '
        'method="POST" timeout="20">'
        f'<Number method="POST" url="https://bot.example.com/voice/whisper?call={sid}">'
        f"{DESK}</Number></Dial></Response>")


def whispered(sid: str, words: str) -> str:
    """The whisper the person answering hears: who and why, then 1 to take the call."""
    return (
        f'{HEAD}<Response><Gather action="https://bot.example.com/voice/whisper-key?call={sid}" '
        f'method="POST" numDigits="1" timeout="6">{say(words)}'
        f'{say("Press 1 to take the call.")}</Gather>'
        f'{say("The caller will leave a message instead. Goodbye.")}<Hangup /></Response>')


def sid_of(twiml_: str) -> str:
    """The caller's CallSid named in a put-through's whisper URL."""
    found = re.search(r"whisper\?call=(CA[0-9a-f]{32})", twiml_)
    assert found is not None, twiml_
    return found.group(1)


@pytest.mark.parametrize("ask", ["#0", "Can I speak to a person?"])
async def test_asking_for_a_person_when_open_dials_the_desk(offline_bot: Bot, ask: str) -> None:
    answer = (await converse(offline_bot, [ask]))[0]
    assert answer == put_through(sid_of(answer))


async def test_pressing_0_works_in_the_middle_of_anything(offline_bot: Bot) -> None:
    answers = await converse(offline_bot, ["I'd like to leave a message", "#0"])
    assert answers[1] == put_through(sid_of(answers[1]))


async def test_claude_transfers_with_the_tool(claude_bot: Bot, fake_claude: FakeClaude) -> None:
    fake_claude.queue(ToolUse("transfer_to_human", {}), Text("Putting you through now."))
    sid = call_sid()
    await claude_bot.call(sid)
    body = await claude_bot.say(sid, "I want a human")
    assert body == put_through(sid, "Putting you through now.")


# -- The whisper: who is calling and why, before the person answering takes the call --


async def whisper_for(running: Bot, sid: str) -> str:
    """The whisper Twilio fetches when the desk answers a transfer of call sid (the request
    is the desk's new call, with the caller's call in the URL)."""
    status, body = await running.post(
        f"/voice/whisper?call={sid}", {**voice_params(call_sid(), BUSINESS), "To": DESK})
    assert status == 200
    return body


async def test_the_whisper_says_who_is_calling_and_why_from_claudes_reason(
    claude_bot: Bot, fake_claude: FakeClaude,
) -> None:
    customer = await claude_bot.crm.customer_for(CALLER)
    await claude_bot.crm.update_customer(customer["id"], name="Dana Whitfield")
    fake_claude.queue(ToolUse("transfer_to_human", {"reason": "about moving her tune-up"}),
                      Text("Putting you through now."))
    sid = call_sid()
    await claude_bot.call(sid)
    await claude_bot.say(sid, "Can I talk to someone about my tune-up?")
    assert await whisper_for(claude_bot, sid) == whispered(
        sid, "Dana Whitfield, about moving her tune-up.")


async def test_the_whisper_says_what_the_offline_receptionist_noted(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    await offline_bot.say(sid, "What are your hours?")
    await offline_bot.say(sid, "Can I speak to a person?")
    assert await whisper_for(offline_bot, sid) == whispered(
        sid, "A caller, who asked about our hours.")


async def test_the_whisper_says_a_number_not_vouched_for(offline_bot: Bot) -> None:
    customer = await offline_bot.crm.customer_for(CALLER)
    await offline_bot.crm.update_customer(customer["id"], name="Dana Whitfield")
    sid = call_sid()
    await offline_bot.call(sid, StirVerstat="TN-Validation-Passed-C")
    await offline_bot.say(sid, "Put me through to someone, my bike is broken")
    assert await whisper_for(offline_bot, sid) == whispered(
        sid, 'Dana Whitfield, who said: "Put me through to someone, my bike is broken". '
        "The number is not confirmed by their carrier.")


async def test_a_whisper_for_a_call_we_do_not_know_still_offers_it(offline_bot: Bot) -> None:
    sid = call_sid()
    assert await whisper_for(offline_bot, sid) == whispered(sid, "A caller for Maple Street Bikes.")


async def test_a_whisper_taken_with_1_puts_the_caller_through(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    await offline_bot.say(sid, "", Digits="0")
    desk = {**voice_params(call_sid(), BUSINESS), "To": DESK}
    assert await offline_bot.post(f"/voice/whisper-key?call={sid}", {**desk, "Digits": "1"}) \
        == (200, EMPTY)
    params = {**voice_params(sid), "DialCallStatus": "completed", "DialCallDuration": "65"}
    assert await offline_bot.post("/voice/dial-status", params) == (200, hanging_up())
    assert (await offline_bot.crm.call(sid))["transfer_status"] == "answered"


@pytest.mark.parametrize("key", ["2", None])
async def test_a_whisper_not_taken_sends_the_caller_to_leave_a_message(
    offline_bot: Bot, key: str | None,
) -> None:
    """Another key, or none (the Gather times out and falls through to its <Hangup/>): the
    desk's leg ends; Twilio may still call that "completed" (the phone was answered), but
    the caller is asked for a voicemail, and the owner hears of a missed transfer."""
    sid = call_sid()
    await offline_bot.call(sid)
    await offline_bot.say(sid, "", Digits="0")
    if key is not None:
        desk = {**voice_params(call_sid(), BUSINESS), "To": DESK, "Digits": key}
        assert await offline_bot.post(f"/voice/whisper-key?call={sid}", desk) == (
            200, hanging_up("The caller will leave a message instead. Goodbye."))
    params = {**voice_params(sid), "DialCallStatus": "completed", "DialCallDuration": "4"}
    status, body = await offline_bot.post("/voice/dial-status", params)
    sorry = say("Sorry, nobody could take your call just now. Please leave a message after "
                "the beep, and press the pound key when you're done.")
    assert status == 200 and "<Record " in body
    assert body.startswith(f"{HEAD}<Response>{sorry}")
    assert (await offline_bot.crm.call(sid))["transfer_status"] == "missed"


@pytest.mark.parametrize("path", ["/voice/whisper", "/voice/whisper-key"])
async def test_the_whisper_refuses_an_unsigned_request(offline_bot: Bot, path: str) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    status, _ = await offline_bot.post(f"{path}?call={sid}", {
        **voice_params(call_sid(), BUSINESS), "Digits": "1"}, sign=False)
    assert status == 403
    assert (await offline_bot.crm.call(sid))["transfer_status"] is None


async def test_out_of_hours_a_person_is_offered_a_message(make_bot: Any) -> None:
    async with make_bot(clock=lambda: CLOSED_NOW) as running:
        answers = await converse(running, ["#0", "yes"])
    assert answers == [
        listening("There's nobody here right now. We open again tomorrow, Wednesday the "
                  "25th of November at 9 AM. I can take a message for Sam, or help with something "
                  "else. Would you like to leave a message?"),
        listening("Of course. What message would you like me to pass on to Sam? Please include "
                  "your name."),
    ]


async def test_a_missed_transfer_takes_a_voicemail_and_alerts_the_owner_once(
    offline_bot: Bot,
) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    await offline_bot.say(sid, "", Digits="0")
    params = {**voice_params(sid), "DialCallStatus": "no-answer"}
    assert await offline_bot.post("/voice/dial-status", params) == (200, (
        f"{HEAD}<Response>"
        + say("Sorry, nobody could take your call just now. Please leave a message after the "
              "beep, and press the pound key when you're done.")
        + '<Record action="https://bot.example.com/voice/voicemail" finishOnKey="#" '
          'maxLength="110" method="POST" playBeep="true" transcribe="true" '
          'transcribeCallback="https://bot.example.com/voice/transcription" />'
        + say("I didn't catch a message. Goodbye.") + "<Hangup /></Response>"))
    recording = "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1"
    params = {**voice_params(sid), "RecordingUrl": recording, "RecordingDuration": "12",
              "RecordingSid": "RE" + "1" * 32}
    assert await offline_bot.post("/voice/voicemail", params) == (200, hanging_up(
        "Thank you, your message has been recorded. Goodbye."))
    params = {**voice_params(sid), "TranscriptionText": "Please call me back about my wheel",
              "TranscriptionStatus": "completed"}
    assert await offline_bot.post("/voice/transcription", params) == (200, EMPTY)
    await offline_bot.hang_up(sid)
    await offline_bot.hang_up(sid)
    await offline_bot.background_done()
    customer = await offline_bot.crm.customer_for(CALLER)
    voicemail = [n for n in await offline_bot.crm.recent_notes(customer["id"])
                 if n["kind"] == "voicemail"]
    # The note names the recording, not its URL (which carries the Account SID).
    body = f"Voicemail, 12 seconds: RE{'1' * 32} Transcript: Please call me back about my wheel"
    assert [n["body"] for n in voicemail] == [body]
    assert (await offline_bot.crm.call(sid))["transfer_status"] == "missed"
    assert await offline_bot.crm.rows("SELECT to_number, body, status FROM outbox") == [{
        # Nobody answered: the caller gets the missed-call text (MISSED_CALL_TEXTS).
        "to_number": CALLER, "status": "offline",
        "body": bot.PhoneAssistant.MISSED_CALL_TEXT.format(name="Maple Street Bikes"),
    }, {
        "to_number": OWNER, "status": "offline",
        "body": f"Call from {CALLER}: asked for a person, nobody answered. Voicemail: "
                '"Please call me back about my wheel" Details: '
                f"https://bot.example.com/owner/calls/{sid}",
    }]


async def voicemail_only(offline_bot: Bot, sid: str) -> None:
    """A call on which the caller said nothing to the receptionist, only left a voicemail."""
    await offline_bot.call(sid)
    recording = "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE2"
    await offline_bot.post("/voice/voicemail", {
        **voice_params(sid), "RecordingUrl": recording, "RecordingDuration": "9",
        "RecordingSid": "RE" + "2" * 32})


async def transcribed(offline_bot: Bot, sid: str, words: str) -> None:
    """Twilio's transcription of the call's voicemail arrives."""
    await offline_bot.post("/voice/transcription", {
        **voice_params(sid), "TranscriptionText": words, "TranscriptionStatus": "completed"})


async def test_a_voicemail_transcript_has_the_callers_days_dated(offline_bot: Bot) -> None:
    """The words of a voicemail reach the note, the summary and the alert with their days
    dated (the clock: Tuesday 24 November)."""
    sid = call_sid()
    await voicemail_only(offline_bot, sid)
    await transcribed(offline_bot, sid, "Hi it's Dana, can I pick it up Thursday?")
    await offline_bot.hang_up(sid)
    await offline_bot.background_done()
    assert (await offline_bot.crm.call(sid))["summary"] == (
        "A caller left a voicemail: \"Hi it's Dana, can I pick it up Thursday [Thu 26 Nov]?\"")
    assert [r["body"] for r in await offline_bot.crm.rows(
        "SELECT body FROM outbox WHERE to_number = ?", [OWNER])] == [
        f"Call from {CALLER}. Voicemail: \"Hi it's Dana, can I pick it up Thursday (Thu 26 "
        f"Nov)?\" Details: https://bot.example.com/owner/calls/{sid}"]


async def test_a_voicemail_only_call_is_summarised_with_its_transcript(
    offline_bot: Bot,
) -> None:
    sid = call_sid()
    await voicemail_only(offline_bot, sid)
    await transcribed(offline_bot, sid, "Hi it's Dana, is my bike ready?")
    await offline_bot.hang_up(sid)
    await offline_bot.background_done()
    assert (await offline_bot.crm.call(sid))["summary"] == (
        "A caller left a voicemail: \"Hi it's Dana, is my bike ready?\"")
    # The owner's alert (the caller gets the missed-call text besides: MISSED_CALL_TEXTS).
    assert [r["body"] for r in await offline_bot.crm.rows(
        "SELECT body FROM outbox WHERE to_number = ?", [OWNER])] == [
        f"Call from {CALLER}. Voicemail: \"Hi it's Dana, is my bike ready?\" Details: "
        f"https://bot.example.com/owner/calls/{sid}"]


async def test_a_transcript_after_the_call_reaches_the_summary_and_the_owner(
    offline_bot: Bot,
) -> None:
    # Twilio transcribes a voicemail after the call: often after its status callback.
    sid = call_sid()
    await voicemail_only(offline_bot, sid)
    await offline_bot.hang_up(sid)
    await offline_bot.background_done()
    assert (await offline_bot.crm.call(sid))["summary"] == (
        'A caller left a voicemail: "9 s, no transcript yet"')
    await transcribed(offline_bot, sid, "Hi it's Dana, is my bike ready?")
    await offline_bot.background_done()
    assert (await offline_bot.crm.call(sid))["summary"] == (
        "A caller left a voicemail: \"Hi it's Dana, is my bike ready?\"")
    customer = await offline_bot.crm.customer_for(CALLER)
    assert [n["body"] for n in await offline_bot.crm.recent_notes(customer["id"])
            if n["kind"] == "summary"] == [
        "A caller left a voicemail: \"Hi it's Dana, is my bike ready?\""]  # replaced, not added
    assert [r["body"] for r in await offline_bot.crm.rows(
        "SELECT body FROM outbox WHERE to_number = ?", [OWNER])] == [
        f'Call from {CALLER}. Voicemail: "9 s, no transcript yet" Details: '
        f"https://bot.example.com/owner/calls/{sid}",
        f"Voicemail from {CALLER}. Transcript: \"Hi it's Dana, is my bike ready?\" Details: "
        f"https://bot.example.com/owner/calls/{sid}"]


async def test_an_answered_transfer_ends_our_part_quietly(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    await offline_bot.say(sid, "", Digits="0")
    desk = {**voice_params(call_sid(), BUSINESS), "To": DESK, "Digits": "1"}
    await offline_bot.post(f"/voice/whisper-key?call={sid}", desk)
    params = {**voice_params(sid), "DialCallStatus": "completed", "DialCallDuration": "65"}
    assert await offline_bot.post("/voice/dial-status", params) == (200, hanging_up())
    await offline_bot.hang_up(sid)
    await offline_bot.background_done()
    assert (await offline_bot.crm.call(sid))["transfer_status"] == "answered"
    assert await offline_bot.crm.rows("SELECT * FROM outbox") == []


# -- Owner alerts --


async def test_a_call_with_a_message_and_a_booking_sends_one_alert(offline_bot: Bot) -> None:
    customer = await offline_bot.crm.customer_for(CALLER)
    await offline_bot.crm.update_customer(customer["id"], name="Dana Whitfield")
    sid = call_sid()
    await offline_bot.call(sid)
    for line in ["leave a message", "Dana here, the blue bike is mine", "book a tune-up tomorrow",
                 "9 am", "yes please"]:
        await offline_bot.say(sid, line)
    await offline_bot.hang_up(sid)
    await offline_bot.background_done()
    assert (await offline_bot.crm.call(sid))["summary"] == (
        'Dana Whitfield left a message and booked an appointment. Message: "Dana here, the blue '
        'bike is mine". Booked: Basic tune-up tomorrow, Wednesday the 25th of November at 9 AM.')
    assert await offline_bot.crm.rows("SELECT to_number, body FROM outbox") == [{
        # The booking made on the call, confirmed to the caller by text.
        "to_number": CALLER,
        "body": "Maple Street Bikes: you're booked for Basic tune-up Wed 25 Nov 9 AM. Reply "
                "here to change or book.",
    }, {
        "to_number": OWNER,
        "body": f'Call from "Dana Whitfield" ({CALLER}): booked Basic tune-up Wed 25 Nov 9 AM. '
                'Message: "Dana here, the blue bike is mine" Details: '
                f"https://bot.example.com/owner/calls/{sid}",
    }]


def test_links_in_a_callers_words_reach_the_owner_defanged() -> None:
    """A caller's words carry no live link to the owner's phone (issue 7 item 21): the
    scheme and the dots of any address are broken; prices and decimals are left alone."""
    words = ("Your account is locked: log in at https://secure-bank.example.com/login or "
             "www.pay-now.example.org, or email help@bank.example.net. Fee $3.50")
    assert bot.defanged(words) == (
        "Your account is locked: log in at hxxps://secure-bank(.)example(.)com/login or "
        "www(.)pay-now(.)example(.)org, or email help@bank(.)example(.)net. Fee $3.50")
    assert bot.owner_alert("Call from +14155550123", [], [("Message", words)]) == (
        'Call from +14155550123. Message: "Your account is locked: log in at '
        'hxxps://secure-bank(.)example(.)com/login or www(.)pay-now(.)example(.)org, or '
        'email help@bank(.)example(.)net. Fee $3.50"')  # whole: two segments


# Links hidden from the defanging by characters a later step drops: invisible ones (a zero-width
# space, a word joiner, a soft hyphen, a right-to-left mark), and ones outside GSM-7 that
# gsm7() drops or a phone shows as their plain twins (fullwidth letters and stops).
HIDDEN_LINKS = [  # the link, and as the owner's alert quotes it
    ("https\u200b://evil.\u200bexample/pay", "hxxps://evil(.)example/pay"),
    ("http\u2060s://evil\u200d.example/pay", "hxxps://evil(.)example/pay"),
    ("ht\u00adtps://evil.ex\u200eample/pay", "hxxps://evil(.)example/pay"),
    ("\uff48\uff54\uff54\uff50\uff53://evil\uff0eexample/pay", "hxxps://evil(.)example/pay"),
    ("www\u200b.evil\u3002example/pay", "www(.)evilexample/pay"),  # 。 is not GSM-7
]


def live_link(text: str) -> str | None:
    """A link the owner's phone could open in a text, after anything Twilio or the phone may
    still do to it (drop invisible characters, show fullwidth letters as plain ones)."""
    import unicodedata

    seen = "".join(c for c in unicodedata.normalize("NFKC", text)
                   if unicodedata.category(c) != "Cf")
    found = re.search(r"(?i)https?:|www\.|evil[.\u3002]example", seen)
    return found.group() if found else None


@pytest.mark.parametrize(("link", "dead"), HIDDEN_LINKS)
def test_a_link_hidden_by_characters_dropped_later_is_still_defanged(link: str,
                                                                    dead: str) -> None:
    """Defanging comes after every change to the text: links were defanged before non-GSM
    characters were dropped, so https<zero-width space>://evil.<zero-width space>example
    reached the owner as a live https://evil.example (issue 16 item 6)."""
    words = f"Pay at {link} today"
    assert live_link(words)  # the test's own check sees the link
    assert bot.callers_words(words) == f"Pay at {dead} today"
    assert live_link(bot.owner_alert(f"Text from {link}", [link], [("Message", words)])) is None
    assert live_link(bot.defanged(words)) is None


@pytest.mark.parametrize("link", [link for link, _ in HIDDEN_LINKS])
async def test_no_live_link_reaches_the_owners_phone_in_alerts_or_the_digest(
    offline_bot: Bot, link: str
) -> None:
    crm = offline_bot.crm
    customer = await crm.customer_for(CALLER)
    await crm.update_customer(customer["id"], name=f"Bank {link}")
    await offline_bot.text("I want to leave a message")
    await offline_bot.text(f"Call us back at {link}")
    sid = call_sid()
    await crm.open_call(sid, customer["id"], "inbound")
    await crm.save_summary(sid, f"Caller asked the owner to pay at {link}.")
    today = offline_bot.assistant.skills.clock()
    await crm.execute("UPDATE calls SET started_at = ?", [bot.iso(today)])
    profile = offline_bot.assistant.profile
    digest = await bot.daily_digest(crm, profile, today.astimezone(profile.zone).date())
    await offline_bot.assistant.skills.send_to_owner(digest)
    texts = await crm.rows("SELECT body FROM outbox WHERE to_number = ?", [OWNER])
    assert len(texts) == 2 and "Message" in texts[0]["body"] and "Calls (1)" in texts[1]["body"]
    assert [live_link(row["body"]) for row in texts] == [None, None]


async def test_a_callers_chosen_name_is_marked_as_theirs_in_owner_alerts(
    offline_bot: Bot,
) -> None:
    """A caller who calls themselves "Bank Security" with a link: the owner's alert shows
    the name in quotes (their words, not a fact) and the link dead (issue 7 item 21)."""
    customer = await offline_bot.crm.customer_for(CALLER)
    await offline_bot.crm.update_customer(
        customer["id"], name='Bank Security "verify at http://bank.example.com"')
    await offline_bot.text("I want to leave a message")
    await offline_bot.text("Call us back at https://evil.example.com/x")
    assert await offline_bot.crm.rows("SELECT to_number, body FROM outbox") == [{
        "to_number": OWNER,
        "body": "Text from \"Bank Security 'verify at hxxp://bank(.)example(.)com'\" "
                f'({CALLER}). Message: "Call us back at hxxps://evil(.)example(.)com/x"',
    }]


async def test_a_plain_call_sends_no_alert(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    await offline_bot.say(sid, "What are your hours?")
    await offline_bot.hang_up(sid)
    await offline_bot.background_done()
    assert await offline_bot.crm.rows("SELECT * FROM outbox") == []


async def test_alerts_go_through_twilio_when_it_is_configured(make_bot: Any) -> None:
    http = FakeTwilioHttp()
    client = Client(account_sid(), "token", http_client=http)
    async with make_bot(twilio_client=client) as running:
        await running.text("I want to leave a message")
        await running.text("Ring me back")
        http.fail_next(status=400, code=21610, message="Attempt to send to unsubscribed recipient")
        await running.text("Another message please")
        await running.text("And ring me again")
        rows = await running.crm.rows("SELECT status, twilio_sid, error FROM outbox ORDER BY id")
    assert http.messages[0] == {"To": OWNER, "From": BUSINESS,
                                "Body": f'Text from {CALLER}. Message: "Ring me back"',
                                "StatusCallback": "https://bot.example.com/sms/status"}
    # 21610 (the owner's mobile texted STOP) holds until they text START: not tried again,
    # and `check` says so.
    assert [(r["status"], r["error"]) for r in rows] == [("sent", None), ("failed", "21610")]
    assert rows[0]["twilio_sid"].startswith("SM")


# -- Outbound calls --


async def test_an_outbound_call_is_placed_with_machine_detection(config: bot.Config) -> None:
    http = FakeTwilioHttp()
    client = Client(account_sid(), "token", http_client=http)
    code, line = await bot.place_outbound_call(config, CALLER, "your bike is ready", client)
    # Asynchronous detection: the person who answers is greeted at once, not after seconds of
    # silence while Twilio listens for a machine.
    assert http.calls[0] == {
        "To": CALLER, "From": BUSINESS, "Url": f"{PUBLIC}/voice/outbound",
        "StatusCallback": f"{PUBLIC}/voice/status", "MachineDetection": "DetectMessageEnd",
        "AsyncAmd": "true", "AsyncAmdStatusCallback": f"{PUBLIC}/voice/machine-detected",
    }
    crm = await bot.open_crm(config)
    try:
        calls = await crm.rows("SELECT sid, direction, purpose FROM calls")
    finally:
        await crm.close()
    assert code == 0
    assert line == (
        f"Calling ***0123 (call {calls[0]['sid']}): it will be in the CRM like any other call.")
    assert calls[0]["direction"] == "outbound" and calls[0]["purpose"] == "your bike is ready"


async def call_placed(running: Bot, **answered: str) -> tuple[str, dict[str, str]]:
    """A call we placed to CALLER ("your bike is ready"): its sid, and the parameters of
    Twilio's /voice/outbound webhook for it (`answered`: AnsweredBy, if Twilio detected)."""
    sid = call_sid()
    customer = await running.crm.customer_for(CALLER)
    await running.crm.open_call(sid, customer["id"], "outbound", "your bike is ready")
    return sid, {**voice_params(sid), "Direction": "outbound-api", "From": BUSINESS,
                 "To": CALLER, **answered}


async def test_a_person_answering_hears_why_we_called(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    sid, params = await call_placed(claude_bot, AnsweredBy="human")
    status, answer = await claude_bot.post("/voice/outbound", params)
    assert (status, claude_bot.follow(sid, answer)) == (200, listening(
        "Hi, this is the receptionist at Maple Street Bikes, calling about your bike is ready."))
    fake_claude.queue(Text("Great, see you soon."))
    await claude_bot.say(sid, "Oh great, when can I pick it up?")
    assert "We placed this call ourselves, about: your bike is ready" in (
        fake_claude.requests[0]["system"][1]["text"])
    assert (await claude_bot.crm.call(sid))["answered_by"] == "human"


async def test_a_machine_answering_gets_a_short_voicemail(offline_bot: Bot) -> None:
    sid = call_sid()
    customer = await offline_bot.crm.customer_for(CALLER)
    await offline_bot.crm.open_call(sid, customer["id"], "outbound", "your bike is ready")
    params = {**voice_params(sid), "Direction": "outbound-api", "To": CALLER,
              "AnsweredBy": "machine_end_beep"}
    assert await offline_bot.post("/voice/outbound", params) == (200, hanging_up(
        "Hello, this is Maple Street Bikes, calling about your bike is ready. Please call us "
        "back on + 1 5 0 0 5 5 5 0 0 0 6. Thank you, goodbye!"))
    assert GATHER not in (await offline_bot.post("/voice/outbound", params))[1]


async def test_with_async_detection_the_call_is_greeted_at_once_and_a_machine_redirected(
    make_bot: Any,
) -> None:
    http = FakeTwilioHttp()
    twilio = Client(account_sid(), "token", http_client=http)
    async with make_bot(twilio_client=twilio) as running:
        sid, params = await call_placed(running)
        http.set_call(sid)
        status, answer = await running.post("/voice/outbound", params)
        assert (status, running.follow(sid, answer)) == (200, listening(
            "Hi, this is the receptionist at Maple Street Bikes, calling about your bike is "
            "ready."))
        detected = {"AccountSid": params["AccountSid"], "CallSid": sid,
                    "AnsweredBy": "machine_end_beep", "MachineDetectionDuration": "4200"}
        assert await running.post("/voice/machine-detected", detected) == (200, EMPTY)
        voicemail = ("Hello, this is Maple Street Bikes, calling about your bike is ready. Please "
                     "call us back on + 1 5 0 0 5 5 5 0 0 0 6. Thank you, goodbye!")
        update = http.requests[-1]
        assert (update.method, update.url.rsplit("/", 1)[1], update.data) == (
            "POST", f"{sid}.json", {"Twiml": hanging_up(voicemail)})
        assert (await running.crm.call(sid))["answered_by"] == "machine_end_beep"
        assert [t["text"] for t in await running.crm.turns(sid)][-1] == voicemail
        # A person: nothing to change.
        human = {**detected, "AnsweredBy": "human"}
        count = len(http.requests)
        assert await running.post("/voice/machine-detected", human) == (200, EMPTY)
        assert len(http.requests) == count


async def test_a_machine_heard_after_the_call_ended_leaves_no_voicemail_in_the_transcript(
    make_bot: Any,
) -> None:
    http = FakeTwilioHttp()
    twilio = Client(account_sid(), "token", http_client=http)
    async with make_bot(twilio_client=twilio) as running:
        sid, params = await call_placed(running)
        http.set_call(sid)
        await running.post("/voice/outbound", params)
        http.set_call(sid, "completed")  # the machine hung up before detection ended
        detected = {"AccountSid": params["AccountSid"], "CallSid": sid,
                    "AnsweredBy": "machine_end_other", "MachineDetectionDuration": "4200"}
        assert await running.post("/voice/machine-detected", detected) == (200, EMPTY)
        assert http.requests[-1].data.keys() == {"Twiml"}  # asked, and refused (21220)
        assert [t["text"] for t in await running.crm.turns(sid)] == [
            "Hi, this is the receptionist at Maple Street Bikes, calling about your bike is "
            "ready."]


async def test_voicemail_recordings_stay_within_twilios_transcription_limit() -> None:
    twiml = str(bot.record_voicemail(bot.Config(), "Leave a message."))
    length = int(twiml.split('maxLength="')[1].split('"')[0])
    assert 2 < length < 120 and 'transcribe="true"' in twiml


async def test_claude_lists_and_cancels_the_callers_appointment(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    await book(claude_bot, "2026-11-25", "10:00")
    await book(claude_bot, "2026-11-27", "10:00", number=OTHER_CALLER)
    mine = (await claude_bot.crm.rows("SELECT id FROM appointments ORDER BY id"))[0]["id"]
    fake_claude.queue(
        ToolUse("my_appointments", {}), Text("You have a tune-up tomorrow at 10. Cancel it?"),
        ToolUse("cancel_appointment", {"appointment": mine}), Text("Done, it's cancelled."),
    )
    sid = call_sid()
    await claude_bot.call(sid)
    assert await claude_bot.say(sid, "What bookings do I have?") == listening(
        "You have a tune-up tomorrow at 10. Cancel it?")
    assert fake_claude.requests[1]["messages"][-1]["content"][0]["content"] == (
        f"Your upcoming appointments: number {mine}: Basic tune-up tomorrow, Wednesday the 25th "
        "of November at 10 AM.")
    assert await claude_bot.say(sid, "Yes please") == listening("Done, it's cancelled.")
    assert fake_claude.requests[3]["messages"][-1]["content"][0]["content"] == (
        "Cancelled: Basic tune-up tomorrow, Wednesday the 25th of November at 10 AM.")
    assert await claude_bot.crm.rows("SELECT status FROM appointments ORDER BY id") == [
        {"status": "cancelled"}, {"status": "booked"}]


async def test_a_text_lists_appointments_but_cancels_only_after_a_code(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    """A text's sender cannot be attested: its reply goes only to the number on record, so the
    appointments may be read back; cancelling one needs a code (test_identity has the rest)."""
    await book(claude_bot, "2026-11-25", "10:00")
    mine = (await claude_bot.crm.rows("SELECT id FROM appointments ORDER BY id"))[0]["id"]
    fake_claude.queue(
        ToolUse("my_appointments", {}), Text("You have a tune-up tomorrow at 10. Cancel it?"),
        ToolUse("cancel_appointment", {"appointment": mine}),
        Text("I need to confirm it's you first."),
    )
    assert await claude_bot.text("What bookings do I have?") == message(
        "You have a tune-up tomorrow at 10. Cancel it?")
    assert fake_claude.requests[1]["messages"][-1]["content"][0]["content"] == (
        f"Your upcoming appointments: number {mine}: Basic tune-up tomorrow, Wednesday the 25th "
        "of November at 10 AM.")
    assert await claude_bot.text("Yes please") == message("I need to confirm it's you first.")
    refused = fake_claude.requests[3]["messages"][-1]["content"][0]
    # No Twilio here, yet a code can still be given: in the reply (test_identity has it).
    assert (refused["is_error"], refused["content"]) == (True, bot.Skills.CODE_NEEDED)
    assert await claude_bot.crm.rows("SELECT status FROM appointments") == [
        {"status": "booked"}]


async def test_a_calls_status_is_fetched_from_twilio(config: bot.Config) -> None:
    http = FakeTwilioHttp()
    sid = "CA" + "7" * 32
    http.set_call(sid, status="in-progress")
    crm = await bot.open_crm(config)
    try:
        online = bot.Telephone(config, crm, Client(account_sid(), "token", http_client=http))
        assert await online.call_status(sid) == ("in-progress", "")
        http.set_call(sid, "completed", duration="42")
        assert await online.call_status(sid) == ("completed", "42")
        assert await online.call_status("CA" + "8" * 32) == ("unknown", "")  # not Twilio's
        assert await bot.Telephone(config, crm).call_status(sid) is None  # offline
    finally:
        await crm.close()


async def test_an_alert_keeps_the_callers_own_punctuation(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    await offline_bot.say(sid, "leave a message")
    await offline_bot.say(sid, "Is my wheel rebuild done?")
    await offline_bot.hang_up(sid)
    await offline_bot.background_done()
    assert await offline_bot.crm.rows("SELECT body FROM outbox") == [
        {"body": f'Call from {CALLER}. Message: "Is my wheel rebuild done?" Details: '
                 f"https://bot.example.com/owner/calls/{sid}"}]


async def test_later_turns_of_a_call_we_placed_act_for_the_callee(offline_bot: Bot) -> None:
    """On an outbound call Twilio's From is the business number: skills must not use it."""
    sid, params = await call_placed(offline_bot, AnsweredBy="human")
    await offline_bot.post("/voice/outbound", params)
    await offline_bot.say(sid, "leave a message", frm=BUSINESS)
    await offline_bot.say(sid, "I'll pick it up at five", frm=BUSINESS)
    customer = await offline_bot.crm.customer_for(CALLER)
    notes = await offline_bot.crm.rows("SELECT customer_id, body FROM notes")
    assert notes == [{"customer_id": customer["id"], "body": "I'll pick it up at five"}]
    assert await offline_bot.crm.rows(
        "SELECT count(*) AS n FROM customers WHERE phone = ?", [BUSINESS]) == [{"n": 0}]


# -- A cap on bookings (issue 16): one caller cannot fill the diary --


@pytest.mark.both_backends  # on PostgreSQL too: the booking caps
async def test_an_unverified_caller_books_at_most_two_a_call_and_holds_at_most_three(
    make_bot: Any,
) -> None:
    """A caller whose number is not vouched for books at most BOOKINGS_PER_CALL in one call
    and holds at most BOOKINGS_PER_CUSTOMER upcoming; past a cap the model is told why and
    what to offer (a code, where the record holds something a code protects, else a message).
    A verified caller is not held back."""
    twilio = Client(account_sid(), "token", http_client=FakeTwilioHttp())
    async with make_bot(twilio_client=twilio) as running:
        await booking_caps(running)


async def booking_caps(offline_bot: Bot) -> None:
    """test_an_unverified_caller_books_at_most_two_a_call_and_holds_at_most_three's body."""
    customer = await offline_bot.crm.customer_for(OTHER_CALLER)
    skills = offline_bot.assistant.skills
    first = bot.Turn(bot.Caller(customer, "voice", call_sid()), "")
    for at in ("10:00", "11:00"):
        await skills.book_appointment(first, date="2026-11-25", time=at, service="Basic tune-up")
    with pytest.raises(bot.SkillError) as refused:
        await skills.book_appointment(first, date="2026-11-25", time="12:00",
                                      service="Basic tune-up")
    assert str(refused.value) == (
        "That is as many bookings as one call can make (2) before we know it's them: nothing "
        "more was booked. Offer to take a message for Sam instead.")
    second = bot.Turn(bot.Caller(customer, "voice", call_sid()), "")
    await skills.book_appointment(second, date="2026-11-25", time="13:00", service="Basic tune-up")
    with pytest.raises(bot.SkillError) as refused:
        await skills.book_appointment(second, date="2026-11-25", time="14:00",
                                      service="Basic tune-up")
    assert str(refused.value) == (
        "They already hold 3 upcoming bookings, as many as we take before we know it's them: "
        "nothing more was booked. Offer to text a code to the number on record "
        "(send_confirmation_code); once they read it back (confirm_code), try again. Or offer "
        "to take a message for Sam.")
    verified = bot.Turn(bot.Caller(customer, "voice", call_sid(), verified_by="carrier"), "")
    for at in ("14:00", "15:00", "16:00"):
        await skills.book_appointment(verified, date="2026-11-25", time=at,
                                      service="Basic tune-up")
    assert len(await offline_bot.crm.appointments_for(customer["id"], OPEN_NOW)) == 6


async def test_concurrent_bookings_cannot_pass_the_cap(offline_bot: Bot) -> None:
    """The cap is counted with the booking, under the bookings' lock: eight bookings at once
    from one text thread leave BOOKINGS_PER_CUSTOMER booked."""
    customer = await offline_bot.crm.customer_for(OTHER_CALLER)
    skills = offline_bot.assistant.skills
    turn = bot.Turn(bot.Caller(customer, "sms"), "")
    results = await asyncio.gather(*(
        skills.book_appointment(turn, date="2026-11-25", time=f"{hour}:00",
                                service="Basic tune-up") for hour in range(9, 17)),
        return_exceptions=True)
    assert sum(isinstance(r, str) for r in results) == 3
    assert len(await offline_bot.crm.appointments_for(customer["id"], OPEN_NOW)) == 3


async def test_the_offline_receptionist_explains_the_booking_cap(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid, frm=OTHER_CALLER, StirVerstat="")
    for at in ("10", "11"):
        assert "Shall I book it" in await offline_bot.say(
            sid, f"Can I book a basic tune-up on Friday at {at}?", frm=OTHER_CALLER)
        assert "You're booked." in await offline_bot.say(
            sid, "yes, it's Kim Lee", frm=OTHER_CALLER)
    assert "Shall I book it" in await offline_bot.say(
        sid, "And a basic tune-up on Friday at 1 too", frm=OTHER_CALLER)
    assert await offline_bot.say(sid, "yes", frm=OTHER_CALLER) == listening(
        "Sorry, I can't book any more on this call. Would you like to leave a message for "
        "Sam about it?")
    assert await offline_bot.say(sid, "yes", frm=OTHER_CALLER) == listening(
        "Of course. What message would you like me to pass on to Sam? Please include your "
        "name.")
    assert len(await offline_bot.crm.rows("SELECT id FROM appointments")) == 2


# -- The owner's own calendar (CALENDAR_BUSY_URL) --------------------------------------------


@pytest.fixture
def owners_calendar() -> Iterator[FakeCalendar]:
    """The owner's Google calendar's secret iCal address, served locally."""
    with FakeCalendar() as fake:
        yield fake


async def times_free(running: Bot, day: date) -> list[str]:
    slots = await running.assistant.skills.free_slots(day, None, limit=48)
    return [f"{slot:%H:%M}" for slot in slots]


AFTERNOON = ["13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30", "17:00"]


async def test_the_owners_busy_times_are_never_offered_nor_booked(
    make_bot: Any, owners_calendar: FakeCalendar, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with make_bot(calendar_busy_url=owners_calendar.url) as running:
        assert await running.assistant.calendar.refresh() is None
        # Wednesday: the dentist (in UTC) 11-12 and the weekly lunch 12-13 are busy; a
        # reminder marked free and a cancelled event are not.
        assert await times_free(running, date(2026, 11, 25)) == [
            "09:00", "09:30", "10:00", "10:30", *AFTERNOON]
        # Friday: the call in London's time (15:00 there, 9:00 here) is busy; that week's
        # lunch was taken off the series (EXDATE).
        assert await times_free(running, date(2026, 11, 27)) == [
            "10:00", "10:30", "11:00", "11:30", "12:00", "12:30", *AFTERNOON]
        # Monday: away all day.
        assert await times_free(running, date(2026, 11, 30)) == []
        with pytest.raises(bot.SkillError, match="That time is taken. Free times that day: "
                                                 "10 AM, 10:30 AM or 1 PM"):
            await book(running, "2026-11-25", "11:30", service="Flat tire repair")
        assert (await book(running, "2026-11-25", "13:00", "Flat tire repair")).startswith(
            "Booked:")
        assert await running.crm.rows("SELECT starts_at FROM appointments") == [
            {"starts_at": "2026-11-25T19:00:00+00:00"}]
    # The secret address is never logged, nor its secret part.
    secret = owners_calendar.path.split("/")[-2]
    assert secret not in caplog.text and owners_calendar.url not in caplog.text


@pytest.mark.both_backends  # on PostgreSQL too: the calendar's saved copy
async def test_an_unreadable_calendar_keeps_the_last_good_copy_across_restarts(
    make_bot: Any, owners_calendar: FakeCalendar, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with make_bot(calendar_busy_url=owners_calendar.url) as running:
        calendar = running.assistant.calendar
        assert await calendar.refresh() is None
        owners_calendar.status = 500
        assert await calendar.refresh() == (
            "your calendar could not be read (HTTP 500); booking goes on from the copy read "
            "Tue 24 Nov 10:00")
        assert await times_free(running, date(2026, 11, 30)) == []
    # Restarted while the calendar's address is wrong (reset by the owner): the copy in the
    # CRM is used from the first call on.
    owners_calendar.status = 404
    async with make_bot(calendar_busy_url=owners_calendar.url) as running:
        assert await times_free(running, date(2026, 11, 30)) == []
        assert await running.assistant.calendar.refresh() == (
            "your calendar could not be read (HTTP 404: is the secret address copied whole?); "
            "booking goes on from the copy read Tue 24 Nov 10:00")
        assert (await running.crm.owner_calendar())["problem"] == (
            await running.assistant.calendar.refresh())
    secret = owners_calendar.path.split("/")[-2]
    assert secret not in caplog.text


@pytest.mark.parametrize(("ics", "problem"), [
    ("<html>Sign in</html>", "your calendar's address did not give a calendar"),
    ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
     "your calendar's address did not give a calendar"),
])
@pytest.mark.both_backends  # on PostgreSQL too: the calendar's saved problem
async def test_a_calendar_that_is_not_one_is_said_and_nothing_is_lost(
    make_bot: Any, owners_calendar: FakeCalendar, ics: str, problem: str
) -> None:
    async with make_bot(calendar_busy_url=owners_calendar.url) as running:
        calendar = running.assistant.calendar
        assert await calendar.refresh() is None
        owners_calendar.ics = ics
        assert (await calendar.refresh() or "").startswith(problem)
        assert await times_free(running, date(2026, 11, 30)) == []


async def test_a_calendar_that_arrives_in_pieces_is_read_whole() -> None:
    """A real calendar (tens of kB from Google) comes in many packets: all are read, not the
    first alone (a cut calendar is no calendar, and the owner's busy times would be lost)."""
    events = "".join(f"BEGIN:VEVENT\r\nUID:{n}@example.com\r\nDTSTART:20261130T{n:02d}0000Z"
                     f"\r\nDTEND:20261130T{n:02d}3000Z\r\nSUMMARY:Busy\r\nEND:VEVENT\r\n"
                     for n in range(24))
    ics = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n".encode()

    async with answered_in_pieces(ics, "text/calendar") as url:
        assert await bot.read_calendar(f"{url}/calendar.ics") == ics.decode()


async def test_without_a_calendar_nothing_is_read(offline_bot: Bot) -> None:
    assert offline_bot.assistant.calendar is None
    assert "12:00" in await times_free(offline_bot, date(2026, 11, 25))


@pytest.mark.parametrize(("text", "sent"), [
    # The alert's own link to the call's page stays live; nothing else does.
    ("Call from x. Details: https://bot.example.com/owner/calls/CA" + "a" * 32,
     "Call from x. Details: https://bot.example.com/owner/calls/CA" + "a" * 32),
    ("Message: 'pay at https://evil.example/x' Details: https://evil.example/owner/calls/CA"
     + "a" * 32,
     "Message: 'pay at hxxps://evil(.)example/x' Details: hxxps://evil(.)example/owner/calls/CA"
     + "a" * 32),
    ("Details: https://bot.example.com.evil.example/owner/calls/CA" + "a" * 32,
     "Details: hxxps://bot(.)example(.)com(.)evil(.)example/owner/calls/CA" + "a" * 32),
])
def test_only_the_alerts_own_link_to_the_dashboard_stays_live(text: str, sent: str) -> None:
    assert bot.defanged_but_ours(text, "https://bot.example.com") == sent


@pytest.mark.parametrize("call", ["%1F", "CA1%3C%2FGather%3E", "not-a-call"])
async def test_a_whisper_for_no_real_call_is_still_valid_twiml(offline_bot: Bot, call: str) -> None:
    """/voice/whisper?call=… names the caller's call; anything else there (a control
    character, markup) is never written into the TwiML (found by the fuzz tests: a \\x1f in
    the Gather's action made the reply unreadable XML)."""
    status, body = await offline_bot.post(f"/voice/whisper?call={call}",
                                          voice_params(call_sid(), BUSINESS))
    assert status == 200
    response = ElementTree.fromstring(body)
    action = response.find("Gather").get("action")
    assert action == "https://bot.example.com/voice/whisper-key"
