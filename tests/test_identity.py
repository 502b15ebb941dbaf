"""Who is calling: withheld numbers never share a record; caller ID alone is not identity."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from html import unescape
from typing import Any

import pytest
from conftest import BUSINESS, CALLER, OTHER_CALLER, Bot, Clock, call_sid, claude_client
from twilio.rest import Client
from twiml import listening, message, saying

import bot
from tests.fakes import FakeClaude, FakeTwilioHttp, Text, ToolUse, account_sid

pytestmark = pytest.mark.both_backends  # how the CRM finds and merges customers

GREETING = "Thanks for calling Maple Street Bikes. How can I help you today?"
WITHHELD = ["+266696687", "+7378742833", "+86282452253", "+8656696", "+2562533", "+464",
            "266696687", "Anonymous", "anonymous", "Restricted", "Unknown", "Unavailable",
            "Private", ""]


@pytest.mark.parametrize("placeholder", WITHHELD)
def test_a_withheld_placeholder_is_no_number(placeholder: str) -> None:
    assert bot.normalize_number(placeholder) is None


@pytest.mark.parametrize("placeholder", WITHHELD)
async def test_withheld_callers_never_share_a_record(offline_bot: Bot, placeholder: str) -> None:
    first, second = call_sid(), call_sid()
    await offline_bot.call(first, frm=placeholder)
    call = await offline_bot.crm.call(first)
    await offline_bot.crm.update_customer(call["customer_id"], name="Dana Whitfield")
    await offline_bot.say(first, "I'd like to leave a message")
    await offline_bot.say(first, "My code is 1234")
    # A stranger, withheld the same way, is not greeted as Dana and cannot see her message.
    assert await offline_bot.call(second, frm=placeholder) == listening(GREETING)
    other = await offline_bot.crm.call(second)
    assert other["customer_id"] != call["customer_id"]
    assert await offline_bot.crm.recent_notes(other["customer_id"]) == []
    # Later turns of each call stay with that call's own record.
    await offline_bot.say(second, "I'd like to leave a message")
    await offline_bot.say(second, "Something else")
    notes = await offline_bot.crm.rows(
        "SELECT customer_id, body FROM notes WHERE kind = 'message' ORDER BY id")
    assert notes == [{"customer_id": call["customer_id"], "body": "My code is 1234"},
                     {"customer_id": other["customer_id"], "body": "Something else"}]


async def test_a_withheld_texter_gets_no_shared_thread(offline_bot: Bot) -> None:
    await offline_bot.text("I want to leave a message", frm="+8656696")
    await offline_bot.text("Where are you?", frm="+8656696")
    rows = await offline_bot.crm.rows("SELECT DISTINCT customer_id FROM sms")
    assert len(rows) == 2


def test_a_real_short_number_is_still_a_number() -> None:
    assert bot.normalize_number("+14155550123") == "+14155550123"
    assert bot.normalize_number("+44 20 7946 0018") == "+442079460018"


# -- Caller ID is not identity: SHAKEN/STIR attestation, or a code texted to the number --

DANA_GREETING = "Hi Dana, welcome back to Maple Street Bikes. How can I help?"
NOT_ATTESTED = ["TN-Validation-Passed-B", "TN-Validation-Passed-C", "TN-Validation-Failed-A",
                "TN-Validation-Failed", "No-TN-Validation", ""]
MORE = "Is there anything else I can help with?"
OFFER_CODE = ("To keep your details private, I need to confirm it's you first. Shall I text a "
              "code to the number we have on file?")
CODE_SENT = "I've texted a 6-digit code to the number we have on file. Please say it or key it in."
NEXT = "Your next appointment is a Basic tune-up tomorrow, Wednesday the 25th of November at 10 AM."


def listening_for_code(*lines: str) -> str:
    """listen(), with the Gather taking a whole code from the keypad."""
    return listening(*lines).replace('numDigits="1"', 'numDigits="6"')


async def dana(running: Bot, note: str = "Prefers Saturday drop-offs.") -> dict[str, Any]:
    """The customer behind CALLER: named, with a note and an appointment tomorrow at 10."""
    customer = await running.crm.customer_for(CALLER)
    customer = await running.crm.update_customer(customer["id"], name="Dana Whitfield")
    await running.crm.add_note(customer["id"], "summary", note)
    await running.assistant.skills.book_appointment(
        bot.Turn(bot.Caller(customer, "voice", verified_by="carrier"), ""),
        date="2026-11-25", time="10:00", service="Basic tune-up")
    return customer


async def statuses(running: Bot) -> list[str]:
    return [r["status"] for r in await running.crm.rows("SELECT status FROM appointments")]


def texted_code(http: FakeTwilioHttp) -> str:
    """The code in the latest text Twilio was asked to send (to the number on record)."""
    sent = http.messages[-1]
    assert sent["To"] == CALLER
    found = re.fullmatch(r"Maple Street Bikes: your code is (\d{6})\. It confirms it's you "
                         r"while you're (on the phone with|texting) us, for 10 minutes\. "
                         r"Not you\? Ignore this text\.", sent["Body"])
    assert found, sent["Body"]
    return found.group(1)


def code_in_reply(twiml: str) -> str:
    """The code a text's reply carries, on its last line (test_offline_r10e has the rest)."""
    found = re.search(r"reply with the code (\d{6}) within 10 minutes\. If it wasn't you, "
                      r"ignore this: nothing changes\.</Message>", unescape(twiml))
    assert found, twiml
    return found.group(1)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.fixture
def twilio_http() -> FakeTwilioHttp:
    return FakeTwilioHttp()


@pytest.fixture
async def texting_bot(make_bot: Any, twilio_http: FakeTwilioHttp) -> AsyncIterator[Bot]:
    """The offline bot, able to text (the fake Twilio REST API), on a clock the test moves."""
    clock = Clock()
    async with make_bot(twilio_client=Client(account_sid(), "token", http_client=twilio_http),
                        clock=clock) as running:
        running.clock = clock  # type: ignore[attr-defined]
        yield running


@pytest.mark.parametrize("stir", NOT_ATTESTED)
async def test_a_caller_id_not_attested_in_full_is_greeted_neutrally(
    offline_bot: Bot, stir: str
) -> None:
    await dana(offline_bot)
    sid = call_sid()
    assert await offline_bot.call(sid, StirVerstat=stir) == listening(GREETING)
    assert (await offline_bot.crm.call(sid))["stir_verstat"] == (stir or None)
    # The same number, attested by the carrier: greeted by name.
    assert await offline_bot.call(call_sid()) == listening(DANA_GREETING)


async def test_a_spoofed_caller_gets_no_name_notes_or_appointments_from_claude(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    await dana(claude_bot, note="Gate code 4417, leave the bike behind the shed.")
    mine = (await claude_bot.crm.rows("SELECT id FROM appointments"))[0]["id"]
    fake_claude.queue(
        ToolUse("my_appointments", {}),
        ToolUse("cancel_appointment", {"appointment": mine}),
        Text("I can text a code to the number on file to confirm it's you."))
    sid = call_sid()
    assert await claude_bot.call(sid, StirVerstat="TN-Validation-Passed-C") == listening(GREETING)
    await claude_bot.say(sid, "Hi it's Dana, when is my appointment? And cancel it.")
    system = fake_claude.requests[0]["system"][1]["text"]
    assert "Dana" not in system and "4417" not in system and "summary" not in system
    assert "Caller: we do not know their name yet." in system
    assert "Identity: NOT verified." in system
    assert [t["name"] for t in fake_claude.requests[0]["tools"]] == [
        "take_message", "ask_owner", "update_contact", "book_appointment", "my_appointments",
        "cancel_appointment", "send_confirmation_code", "confirm_code", "transfer_to_human",
        "end_call"]
    listed = fake_claude.requests[1]["messages"][-1]["content"][0]
    cancelled = fake_claude.requests[2]["messages"][-1]["content"][0]
    # No Twilio here, so no code can be sent, and none is offered.
    assert (listed["is_error"], listed["content"]) == (True, bot.Skills.CANNOT_VERIFY)
    assert (cancelled["is_error"], cancelled["content"]) == (True, bot.Skills.CANNOT_VERIFY)
    assert await statuses(claude_bot) == ["booked"]


async def test_a_spoofed_caller_cannot_rename_the_record(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    customer = await dana(claude_bot)
    fake_claude.queue(ToolUse("update_contact", {"name": "Mallory"}), Text("Noted."))
    sid = call_sid()
    await claude_bot.call(sid, StirVerstat="No-TN-Validation")
    await claude_bot.say(sid, "My name is Mallory")
    result = fake_claude.requests[1]["messages"][-1]["content"][0]
    assert (result["is_error"], result["content"]) == (True, bot.Skills.CANNOT_VERIFY)
    assert (await claude_bot.crm.customer(customer["id"]))["name"] == "Dana Whitfield"


async def test_an_attested_caller_gets_their_details_from_claude(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    await dana(claude_bot, note="Gate code 4417, leave the bike behind the shed.")
    mine = (await claude_bot.crm.rows("SELECT id FROM appointments"))[0]["id"]
    fake_claude.queue(ToolUse("cancel_appointment", {"appointment": mine}), Text("Done."))
    sid = call_sid()
    assert await claude_bot.call(sid) == listening(DANA_GREETING)
    await claude_bot.say(sid, "Please cancel my tune-up tomorrow")
    system = fake_claude.requests[0]["system"][1]["text"]
    assert "Caller: their name is Dana Whitfield." in system
    assert "- [summary] Gate code 4417, leave the bike behind the shed." in system
    assert "Identity" not in system
    assert "confirm_code" not in [t["name"] for t in fake_claude.requests[0]["tools"]]
    assert fake_claude.requests[1]["messages"][-1]["content"][0]["is_error"] is False
    assert await statuses(claude_bot) == ["cancelled"]


async def test_claude_confirms_a_caller_by_a_texted_code(
    make_bot: Any, fake_claude: FakeClaude, twilio_http: FakeTwilioHttp
) -> None:
    client = claude_client(fake_claude)
    twilio = Client(account_sid(), "token", http_client=twilio_http)
    async with make_bot(claude_client=client, twilio_client=twilio) as running:
        await dana(running)
        mine = (await running.crm.rows("SELECT id FROM appointments"))[0]["id"]
        fake_claude.queue(ToolUse("send_confirmation_code", {}),
                          Text("I've texted you a code. What is it?"))
        sid = call_sid()
        await running.call(sid, StirVerstat="TN-Validation-Passed-B")
        # The Gather takes the code's six keys.
        assert await running.hear(sid, "Can you cancel my appointment?") == [
            saying("I've texted you a code.", turn=1, heard=1),
            listening_for_code("What is it?")]
        code = texted_code(twilio_http)
        assert fake_claude.requests[1]["messages"][-1]["content"][0]["content"] == (
            "A 6-digit code was texted to the number on record. Ask them to say or key it in, "
            "then check it with confirm_code.")
        stored = json.dumps(await running.crm.dialogue_state(sid))
        assert code not in stored  # kept hashed, in the CRM (any worker can check it)
        fake_claude.queue(ToolUse("confirm_code", {"code": code}),
                          ToolUse("cancel_appointment", {"appointment": mine}),
                          Text("Thanks Dana, it's cancelled."))
        assert await running.say(sid, "", Digits=code) == listening(
            "Thanks Dana, it's cancelled.")
        confirmed = fake_claude.requests[3]["messages"][-1]["content"][0]
        assert (confirmed["is_error"], confirmed["content"]) == (
            False, "Confirmed: they own the number on record; their name is Dana Whitfield. "
            "You may now look up and change their appointments.")
        assert fake_claude.requests[4]["messages"][-1]["content"][0]["is_error"] is False
        assert await statuses(running) == ["cancelled"]
        # From now on the call is the customer's own: name and notes in the prompt.
        fake_claude.queue(Text("Anything else?"))
        await running.say(sid, "Thanks")
        system = fake_claude.requests[5]["system"][1]["text"]
        assert "Caller: their name is Dana Whitfield." in system
        assert "- [summary] Prefers Saturday drop-offs." in system
    await client.close()


async def test_the_offline_receptionist_confirms_by_code_then_cancels(
    texting_bot: Bot, twilio_http: FakeTwilioHttp
) -> None:
    await dana(texting_bot)
    sid = call_sid()
    await texting_bot.call(sid, StirVerstat="")
    assert await texting_bot.say(sid, "I need to cancel my appointment") == listening(OFFER_CODE)
    assert await texting_bot.say(sid, "yes please") == listening_for_code(CODE_SENT)
    code = texted_code(twilio_http)
    assert await texting_bot.say(sid, "", Digits=code) == listening(
        f"Thanks, that's confirmed. {NEXT} Shall I cancel it?")
    assert await texting_bot.say(sid, "yes") == listening(
        "Done. Cancelled: Basic tune-up tomorrow, Wednesday the 25th of November at 10 AM. "
        + MORE)
    assert await statuses(texting_bot) == ["cancelled"]


async def test_claude_hears_that_a_code_twilio_refused_was_not_sent(
    make_bot: Any, fake_claude: FakeClaude, twilio_http: FakeTwilioHttp
) -> None:
    """The number on record texted STOP (Twilio answers 21610): the tool fails, and the
    caller is not asked for a code that never left."""
    twilio_http.received(CALLER, BUSINESS, "STOP")
    client = claude_client(fake_claude)
    twilio = Client(account_sid(), "token", http_client=twilio_http)
    async with make_bot(claude_client=client, twilio_client=twilio) as running:
        await dana(running)
        fake_claude.queue(ToolUse("send_confirmation_code", {}),
                          Text("Sorry, I couldn't text you a code."))
        sid = call_sid()
        await running.call(sid, StirVerstat="TN-Validation-Passed-B")
        assert await running.say(sid, "Can you cancel my appointment?") == listening(
            "Sorry, I couldn't text you a code.")
        result = fake_claude.requests[1]["messages"][-1]["content"][0]
        assert (result["is_error"], result["content"]) == (True, (
            "The code could not be texted: that number has opted out of texts (it texted "
            "STOP). Offer to take a message for Sam instead."))
        assert "code" not in (await running.crm.dialogue_state(sid))["identity"]
        assert [(r["status"], r["error"]) for r in await running.crm.rows(
            "SELECT status, error FROM outbox")] == [("failed", "21610")]
    await client.close()


@pytest.mark.parametrize(
    "refuse",
    [lambda http: http.received(CALLER, BUSINESS, "STOP"),
     lambda http: http.fail_next(status=500, code=20500, message="Internal error")],
    ids=["opted-out", "twilio-down"],
)
async def test_the_offline_receptionist_says_a_code_it_could_not_send_was_not_sent(
    texting_bot: Bot, twilio_http: FakeTwilioHttp, refuse: Any
) -> None:
    await dana(texting_bot)
    refuse(twilio_http)
    sid = call_sid()
    await texting_bot.call(sid, StirVerstat="")
    await texting_bot.say(sid, "cancel my appointment")
    assert await texting_bot.say(sid, "yes please") == listening(
        "Sorry, I can't send a code right now. Would you like to leave a message for Sam?")
    # Not sent now, so not sent later either: a code minutes late would only confuse.
    texting_bot.clock.now += timedelta(hours=1)  # type: ignore[attr-defined]
    assert await texting_bot.assistant.telephone.send_due() == []
    assert [r["status"] for r in await texting_bot.crm.rows("SELECT status FROM outbox")] == [
        "failed"]


async def test_a_text_twilio_refuses_is_not_said_to_be_sent(
    texting_bot: Bot, twilio_http: FakeTwilioHttp
) -> None:
    twilio_http.received(CALLER, BUSINESS, "STOP")
    sid = call_sid()
    await texting_bot.call(sid)
    assert await texting_bot.say(sid, "can you text me the prices") == listening(
        "Sorry, I couldn't text you our prices: that number has opted out of texts (it texted "
        "STOP). Maple Street Bikes prices: Basic tune-up $79; Flat tire repair $15 plus the "
        "tube; Full overhaul $249.")


async def test_a_code_said_aloud_confirms_too(
    texting_bot: Bot, twilio_http: FakeTwilioHttp
) -> None:
    await dana(texting_bot)
    sid = call_sid()
    await texting_bot.call(sid, StirVerstat="TN-Validation-Failed-A")
    assert await texting_bot.say(sid, "when is my appointment") == listening(OFFER_CODE)
    await texting_bot.say(sid, "sure")
    spoken = " ".join(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                       "nine"][int(d)] for d in texted_code(twilio_http))
    assert await texting_bot.say(sid, f"it's {spoken}") == listening(
        f"Thanks, that's confirmed. You have a Basic tune-up tomorrow, Wednesday the 25th of "
        f"November at 10 AM. {MORE}")


async def code_texted_on_a_call(running: Bot, twilio_http: FakeTwilioHttp) -> tuple[str, str]:
    """Dana calls from a number its carrier did not vouch for, asks to cancel and takes the
    offer of a code: the call's sid and the code texted to her."""
    await dana(running)
    sid = call_sid()
    await running.call(sid, StirVerstat="")
    await running.say(sid, "cancel my appointment")
    await running.say(sid, "yes")
    return sid, texted_code(twilio_http)


async def test_wrong_codes_lock_the_call(texting_bot: Bot, twilio_http: FakeTwilioHttp) -> None:
    sid, code = await code_texted_on_a_call(texting_bot, twilio_http)
    for _ in range(bot.CODE_TRIES - 1):
        assert await texting_bot.say(sid, "", Digits=wrong(code)) == listening_for_code(
            "Sorry, that code didn't match. Please check the text and try again.")
    assert await texting_bot.say(sid, "", Digits=wrong(code)) == listening(
        "Sorry, that code didn't match, so I can't go into your appointments on this call. "
        "Would you like to leave a message for Sam?")
    # Locked: the right code now changes nothing, and no new code is sent on this call.
    assert await texting_bot.say(sid, "no") == listening(f"No problem. {MORE}")
    assert await texting_bot.say(sid, "cancel my appointment") == listening(
        "To keep appointment details private, I can only cancel an appointment once I know "
        "it's you, and I can't check that right now. Would you like to leave a message for "
        "Sam?")
    assert len(twilio_http.messages) == 1
    state = await texting_bot.crm.dialogue_state(sid)
    assert state["identity"] == {"codes_sent": 1, "locked": True}
    assert await statuses(texting_bot) == ["booked"]


async def test_an_expired_code_is_refused(texting_bot: Bot, twilio_http: FakeTwilioHttp) -> None:
    sid, code = await code_texted_on_a_call(texting_bot, twilio_http)
    texting_bot.clock.now += timedelta(minutes=bot.CODE_MINUTES)  # type: ignore[attr-defined]
    assert await texting_bot.say(sid, "", Digits=code) == listening(
        "Sorry, that code has expired. Shall I text you a new one?")
    assert await texting_bot.say(sid, "yes") == listening_for_code(CODE_SENT)
    fresh = texted_code(twilio_http)
    assert await texting_bot.say(sid, "", Digits=fresh) == listening(
        f"Thanks, that's confirmed. {NEXT} Shall I cancel it?")


async def test_codes_to_one_number_are_capped_across_calls(
    texting_bot: Bot, twilio_http: FakeTwilioHttp
) -> None:
    """A stranger calling again and again cannot flood the customer with codes (nor get
    unlimited guesses): CODES_PER_HOUR per number, counted in the CRM."""
    await dana(texting_bot)
    for _ in range(bot.CODES_PER_HOUR):
        sid = call_sid()
        await texting_bot.call(sid, StirVerstat="")
        await texting_bot.say(sid, "cancel my appointment")
        assert await texting_bot.say(sid, "yes") == listening_for_code(CODE_SENT)
    sid = call_sid()
    await texting_bot.call(sid, StirVerstat="")
    await texting_bot.say(sid, "cancel my appointment")
    assert await texting_bot.say(sid, "yes") == listening(
        "Sorry, I can't send a code right now. Would you like to leave a message for Sam?")
    assert len(twilio_http.messages) == bot.CODES_PER_HOUR
    texting_bot.clock.now += timedelta(hours=1)  # type: ignore[attr-defined]
    sid = call_sid()
    await texting_bot.call(sid, StirVerstat="")
    await texting_bot.say(sid, "cancel my appointment")
    assert await texting_bot.say(sid, "yes") == listening_for_code(CODE_SENT)


async def test_without_texting_an_unverified_caller_is_offered_a_message(
    offline_bot: Bot
) -> None:
    await dana(offline_bot)
    sid = call_sid()
    await offline_bot.call(sid, StirVerstat="")
    assert await offline_bot.say(sid, "what appointments do I have") == listening(
        "To keep appointment details private, I can only go into them once I know it's you, "
        "and I can't check that right now. Would you like to leave a message for Sam?")
    assert await offline_bot.crm.rows("SELECT * FROM outbox") == []


async def test_an_unverified_caller_can_still_book_and_leave_a_message(offline_bot: Bot) -> None:
    customer = await dana(offline_bot)
    sid = call_sid()
    await offline_bot.call(sid, StirVerstat="")
    await offline_bot.say(sid, "I'd like to leave a message")
    await offline_bot.say(sid, "Please call me about the wheels")
    assert await offline_bot.say(
        sid, "Can I book a basic tune-up on Friday at 11?") == listening(
        "That's a Basic tune-up on Friday the 27th of November at 11 AM. Shall I book it?")
    assert await offline_bot.say(sid, "yes") == listening(
        "You're booked. Basic tune-up on Friday the 27th of November at 11 AM. " + MORE)
    notes = await offline_bot.crm.recent_notes(customer["id"], 1)
    assert notes[0]["body"] == "Please call me about the wheels"
    assert await statuses(offline_bot) == ["booked", "booked"]


async def test_a_text_reads_back_but_cancels_only_with_a_code(
    texting_bot: Bot, twilio_http: FakeTwilioHttp
) -> None:
    """A text's From cannot be attested. Its reply goes only to the number on record, so the
    appointments are read back, and a cancellation's code comes in the reply itself (no text
    of its own through Twilio's API): texted back, it cancels that appointment, and only it."""
    await dana(texting_bot)
    assert await texting_bot.text("when is my appointment") == message(
        f"You have a Basic tune-up tomorrow, Wednesday the 25th of November at 10 AM. {MORE}")
    code = code_in_reply(await texting_bot.text("cancel my appointment"))
    assert twilio_http.messages == []
    assert await texting_bot.text(code) == message(
        "Thanks, that's confirmed. Cancelled: Basic tune-up tomorrow, Wednesday the 25th of "
        f"November at 10 AM. {MORE}")
    assert await statuses(texting_bot) == ["cancelled"]
    # The code confirmed that change, not the thread: the next change asks for its own.
    await texting_bot.assistant.skills.book_appointment(
        bot.Turn(bot.Caller(await texting_bot.crm.customer_for(CALLER), "voice",
                            verified_by="carrier"), ""),
        date="2026-11-27", time="10:00", service="Basic tune-up")
    assert code_in_reply(await texting_bot.text("cancel my appointment")) != code


async def test_forget_leaves_no_count_of_codes_behind(
    texting_bot: Bot, twilio_http: FakeTwilioHttp
) -> None:
    await dana(texting_bot)
    sid = call_sid()
    await texting_bot.call(sid, StirVerstat="")
    await texting_bot.say(sid, "cancel my appointment")
    await texting_bot.say(sid, "yes")
    assert len(await texting_bot.crm.rows(
        "SELECT key FROM counters WHERE key LIKE 'codes-to:%'")) == 1
    await texting_bot.crm.forget(CALLER)
    assert await texting_bot.crm.rows(
        "SELECT key FROM counters WHERE key LIKE 'codes-to:%'") == []
    assert await texting_bot.crm.rows("SELECT body FROM outbox") == []  # the code's text too


# -- Codes cost the owner a text each: only where they protect something (issue 16) --

# (A change asked for is named as not done.)
CANNOT_CHECK = ("To keep appointment details private, I can only cancel an appointment once I "
                "know it's you, and I can't check that right now. Would you like to leave a "
                "message for Sam?")


async def ask_for_code(running: Bot, number: str = CALLER) -> str:
    """A caller whose number is not vouched for asks to cancel, and says yes to a code."""
    sid = call_sid()
    await running.call(sid, frm=number, StirVerstat="")
    offer = await running.say(sid, "cancel my appointment", frm=number)
    if offer != listening(OFFER_CODE):
        return offer
    return await running.say(sid, "yes", frm=number)


async def a_record_with_a_booking(running: Bot, number: str, hour: int = 16) -> None:
    """A customer at `number` with an upcoming booking (Friday at `hour` UTC) made on an
    earlier call."""
    customer = await running.crm.customer_for(number)
    await running.crm.book_appointment(
        customer["id"], "Basic tune-up", datetime(2026, 11, 27, hour, tzinfo=bot.UTC),
        datetime(2026, 11, 27, hour + 1, tzinfo=bot.UTC), call_sid())


async def test_no_code_is_offered_or_sent_for_a_record_with_nothing_private(
    texting_bot: Bot, twilio_http: FakeTwilioHttp
) -> None:
    """SMS pumping: a spoofed number with no record (or only what this very call left on it)
    gets no code, offline or through Claude; a message is offered instead."""
    stranger = "+14155550177"
    assert await ask_for_code(texting_bot, stranger) == listening(CANNOT_CHECK)
    sid = call_sid()
    await texting_bot.call(sid, frm=stranger, StirVerstat="")
    await texting_bot.say(sid, "My name is Mallory", frm=stranger)
    await texting_bot.say(sid, "Book a basic tune-up on Friday at 11", frm=stranger)
    assert "You're booked." in await texting_bot.say(sid, "yes, Mallory Stone", frm=stranger)
    assert await texting_bot.say(sid, "cancel my appointment", frm=stranger) == listening(
        CANNOT_CHECK)
    customer = await texting_bot.crm.customer_for(stranger)
    turn = bot.Turn(bot.Caller(customer, "voice", sid, identity={"added": ["name"]}), "")
    with pytest.raises(bot.SkillError) as refused:
        await texting_bot.assistant.skills.send_confirmation_code(turn)
    assert str(refused.value) == (
        "Nothing private is kept for this number, so there is nothing a code would unlock. "
        "Offer to take a message for Sam instead.")
    assert twilio_http.messages == []


async def test_a_claude_call_gets_no_code_for_a_record_with_nothing_private(
    make_bot: Any, fake_claude: FakeClaude, twilio_http: FakeTwilioHttp
) -> None:
    client = claude_client(fake_claude)
    twilio = Client(account_sid(), "token", http_client=twilio_http)
    async with make_bot(claude_client=client, twilio_client=twilio) as running:
        fake_claude.queue(ToolUse("my_appointments", {}), ToolUse("send_confirmation_code", {}),
                          Text("I can take a message."))
        sid = call_sid()
        await running.call(sid, frm=OTHER_CALLER, StirVerstat="")
        await running.say(sid, "When is my appointment?", frm=OTHER_CALLER)
        listed = fake_claude.requests[1]["messages"][-1]["content"][0]
        sent = fake_claude.requests[2]["messages"][-1]["content"][0]
        assert (listed["is_error"], listed["content"]) == (True, bot.Skills.CANNOT_VERIFY)
        assert sent["is_error"] is True
        assert sent["content"].startswith("Nothing private is kept for this number")
        assert twilio_http.messages == []
    await client.close()


@pytest.mark.parametrize(("number", "countries", "sent"), [
    ("+14155550177", (), True),  # the Twilio number's own country
    ("+447400123456", (), False),  # another country's mobile
    ("+447400123456", ("US", "GB"), True),  # allowed by CODE_COUNTRIES
    ("+19005550123", ("US",), False),  # premium rate, even at home
    ("+88216000123", ("US",), False),  # international networks
    ("+447012345678", ("GB",), False),  # UK personal numbers, a favourite of fraud
])
async def test_codes_go_only_to_numbers_of_the_allowed_countries(
    make_bot: Any, twilio_http: FakeTwilioHttp, number: str, countries: tuple[str, ...],
    sent: bool,
) -> None:
    twilio = Client(account_sid(), "token", http_client=twilio_http)
    async with make_bot(twilio_client=twilio, code_countries=frozenset(countries)) as running:
        await a_record_with_a_booking(running, number)
        answer = await ask_for_code(running, number)
        assert answer == (listening_for_code(CODE_SENT) if sent else listening(CANNOT_CHECK))
        assert [m["To"] for m in twilio_http.messages] == ([number] if sent else [])


async def test_codes_to_all_numbers_together_are_capped_and_the_owner_told_once(
    make_bot: Any, twilio_http: FakeTwilioHttp
) -> None:
    """However many numbers ask, at most CONFIRMATION_CODES_PER_HOUR codes go out in an hour;
    the owner hears of it once that hour, and again in the next one."""
    clock = Clock()
    twilio = Client(account_sid(), "token", http_client=twilio_http)
    numbers = [f"+1415555{n:04d}" for n in range(200, 205)]
    async with make_bot(twilio_client=twilio, clock=clock,
                        confirmation_codes_per_hour=3) as running:
        for hour, number in enumerate(numbers, start=15):
            await a_record_with_a_booking(running, number, hour)
        answers = [await ask_for_code(running, number) for number in numbers]
        assert answers == [listening_for_code(CODE_SENT)] * 3 + [listening(
            "Sorry, I can't send a code right now. Would you like to leave a message for "
            "Sam?")] * 2
        to_owner = [m["Body"] for m in twilio_http.messages if m["To"] == "+15005550001"]
        assert to_owner == [
            "3 confirmation codes were texted this hour, as many as CONFIRMATION_CODES_PER_HOUR "
            "allows: no more go out until the hour is over. Many numbers asking at once can be "
            "someone running up your texting bill."]
        clock.now += timedelta(hours=1)
        assert await ask_for_code(running, numbers[3]) == listening_for_code(CODE_SENT)


async def test_concurrent_calls_get_at_most_the_hours_codes_for_one_number(
    texting_bot: Bot, twilio_http: FakeTwilioHttp
) -> None:
    """Six calls asking at the same moment get CODES_PER_HOUR codes, not six: the count is
    one atomic update in the CRM, not a read and then a write."""
    customer = await dana(texting_bot)
    skills = texting_bot.assistant.skills
    turns = [bot.Turn(bot.Caller(customer, "voice", call_sid()), "") for _ in range(6)]
    results = await asyncio.gather(*(skills.send_confirmation_code(t) for t in turns),
                                   return_exceptions=True)
    assert sum(isinstance(r, str) for r in results) == bot.CODES_PER_HOUR
    assert len(twilio_http.messages) == bot.CODES_PER_HOUR


async def test_concurrent_wrong_codes_in_a_text_thread_are_checked_three_times_at_most(
    texting_bot: Bot, twilio_http: FakeTwilioHttp
) -> None:
    """Eight wrong codes texted at once: only CODE_TRIES of them are checked, and the thread
    is locked (the right code afterwards confirms nothing)."""
    await dana(texting_bot)
    code = code_in_reply(await texting_bot.text("cancel my appointment"))
    guesses = [f"{(int(code) + n) % 1_000_000:06d}" for n in range(1, 9)]
    await asyncio.gather(*(texting_bot.text(guess) for guess in guesses))
    assert "Thanks, that's confirmed" not in await texting_bot.text(code)
    # Every guess that reached the check was counted first (one arriving after the lock was
    # saved is refused before it). How many reach it before the lock is the scheduler's: all
    # eight at rest, only the first CODE_TRIES on a loaded CI machine (seen once).
    tries = await texting_bot.crm.rows("SELECT count FROM counters WHERE key LIKE 'code-tries:%'")
    assert bot.CODE_TRIES <= tries[0]["count"] <= len(guesses)
    assert await statuses(texting_bot) == ["booked"]


async def test_a_text_thread_may_ask_for_a_code_again_after_an_hour(
    texting_bot: Bot, twilio_http: FakeTwilioHttp
) -> None:
    """A text thread's codes and lock do not last for ever: an hour after its first code it
    may ask again (a call's last the call)."""
    await dana(texting_bot)
    code = code_in_reply(await texting_bot.text("cancel my appointment"))
    for _ in range(bot.CODE_TRIES):
        await texting_bot.text(wrong(code))
    assert await texting_bot.text("cancel my appointment") == message(CANNOT_CHECK)
    texting_bot.clock.now += timedelta(hours=1)  # type: ignore[attr-defined]
    code = code_in_reply(await texting_bot.text("cancel my appointment"))
    assert await texting_bot.text(code) == message(
        "Thanks, that's confirmed. Cancelled: Basic tune-up tomorrow, Wednesday the 25th of "
        f"November at 10 AM. {MORE}")
    assert [m for m in twilio_http.messages if m["To"] == CALLER] == []  # (the owner's alert)


async def test_past_the_booking_cap_a_code_lifts_it(
    texting_bot: Bot, twilio_http: FakeTwilioHttp
) -> None:
    """The offline receptionist, past BOOKINGS_PER_CUSTOMER for a caller not vouched for whose
    record holds a booking from before: offers a code, and once it is read back books the time
    asked for."""
    await a_record_with_a_booking(texting_bot, CALLER)
    sid = call_sid()
    await texting_bot.call(sid, StirVerstat="")
    for at in ("10", "11"):
        assert "Shall I book it" in await texting_bot.say(
            sid, f"Can I book a basic tune-up on Wednesday at {at}?")
        assert "You're booked." in await texting_bot.say(sid, "yes please, it's Dana Ortiz")
    assert "Shall I book it" in await texting_bot.say(
        sid, "And a basic tune-up on Wednesday at 1 too")
    assert await texting_bot.say(sid, "yes") == listening(
        "To book more, I need to confirm it's you first. Shall I text a code to the number "
        "we have on file?")
    assert await texting_bot.say(sid, "yes") == listening_for_code(CODE_SENT)
    assert await texting_bot.say(sid, "", Digits=texted_code(twilio_http)) == listening(
        "Thanks, that's confirmed. You're booked. Basic tune-up tomorrow, Wednesday the 25th of "
        f"November at 1 PM. {MORE}")
    assert await statuses(texting_bot) == ["booked"] * 4


# -- In a text thread the code rides the reply: Claude's too (test_offline_r10e: offline) --

TUNE_UP = "Basic tune-up tomorrow, Wednesday the 25th of November at 10 AM"
MASKED = (f"To cancel your {TUNE_UP}, reply with the code ****** within 10 minutes. If it "
          "wasn't you, ignore this: nothing changes.")


def result(fake: FakeClaude, request: int) -> tuple[bool, str]:
    """Whether the tool result Claude got in a request failed, and what it said."""
    block = fake.requests[request]["messages"][-1]["content"][0]
    return block["is_error"], block["content"]


async def test_claude_in_a_text_puts_the_code_in_its_reply_and_the_code_makes_the_change(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    """No Twilio API here: the code is still sent, at the end of Claude's reply, once; Claude
    never sees its digits; confirm_code makes the change the code was sent for, once."""
    await dana(claude_bot)
    mine = (await claude_bot.crm.rows("SELECT id FROM appointments"))[0]["id"]
    fake_claude.queue(ToolUse("cancel_appointment", {"appointment": mine}),
                      ToolUse("send_confirmation_code", {}), Text("Sure, Dana."))
    reply = unescape(await claude_bot.text("cancel my tune-up tomorrow"))
    code = code_in_reply(reply)
    assert reply == message(f"Sure, Dana. {MASKED}".replace("******", code))
    assert result(fake_claude, 1) == (True, bot.Skills.CODE_NEEDED)
    assert result(fake_claude, 2) == (False, (
        f'Your reply will end with this line, the code in place of the stars: "{MASKED}" Do not '
        "write the code or that line yourself. When they text the code back, check it with "
        "confirm_code: it makes the change."))
    assert code not in json.dumps(fake_claude.requests)
    assert await statuses(claude_bot) == ["booked"]
    fake_claude.queue(ToolUse("confirm_code", {"code": code}), Text("Done, it's cancelled."))
    assert await claude_bot.text(code) == message("Done, it's cancelled.")
    # What Claude reads of the thread is the line without its digits.
    assert fake_claude.requests[3]["messages"][-2:] == [
        {"role": "assistant", "content": f"Sure, Dana. {MASKED}"},
        {"role": "user", "content": code}]
    assert result(fake_claude, 4) == (
        False, f"Confirmed by the code, and done: Cancelled: {TUNE_UP}.")
    assert await statuses(claude_bot) == ["cancelled"]
    # Used once: the same code again confirms nothing.
    fake_claude.queue(ToolUse("confirm_code", {"code": code}), Text("Hmm."))
    await claude_bot.text(code)
    assert result(fake_claude, 6) == (
        True, "No code is waiting: send one first with send_confirmation_code.")


async def test_claude_in_a_text_sends_a_code_only_for_a_change_refused_for_want_of_one(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    await dana(claude_bot)
    fake_claude.queue(ToolUse("send_confirmation_code", {}), Text("What can I do for you?"))
    assert await claude_bot.text("hi") == message("What can I do for you?")
    assert result(fake_claude, 1) == (True, (
        "In a text, a code confirms one change: ask for the change with its tool first "
        "(cancel_appointment, update_contact, book_appointment); when it is refused for want "
        "of a code, call send_confirmation_code."))
    assert await claude_bot.crm.rows("SELECT key FROM counters WHERE key LIKE 'codes%'") == []


async def test_claude_in_a_text_gets_no_code_for_someone_elses_appointment(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    await dana(claude_bot)
    theirs = (await claude_bot.crm.rows("SELECT id FROM appointments"))[0]["id"]
    fake_claude.queue(ToolUse("cancel_appointment", {"appointment": theirs}),
                      ToolUse("send_confirmation_code", {}), Text("Sorry."))
    assert await claude_bot.text("cancel appointment " + str(theirs), frm=OTHER_CALLER) == \
        message("Sorry.")
    assert result(fake_claude, 2) == (True, (
        "There's no such upcoming appointment for you: check my_appointments."))
    assert await statuses(claude_bot) == ["booked"]
