"""Cancelling or moving an appointment by text, where a text's number can be faked:

1. the reply to a text goes only to the number on record (Twilio sends a TwiML reply to the
   From number, the real owner's phone when someone faked it), so the reply itself carries the
   code: it names the appointment and the change asked for, and needs neither Twilio's API nor
   a text of its own (before, a bot that could not text through the API refused: "I can't check
   that right now");
2. the code texted back in the same thread, within its lifetime, makes exactly that change;
3. attacks: a blind "yes" changes nothing, a guessed code locks the thread, a used code does
   not work again (nor does one sent twice at once), a number with no appointment gets no code,
   and asking again and again stops at the caps on codes;
4. the code's digits are in the one message sent and nowhere else: not in the thread kept in
   the CRM (it says ******), the conversation's state, a note, the outbox or a log line;
5. (found on the way) the sentence asking to cancel tells which appointment, when it tells one:
   a day said in another sentence is the reason ("my brother says he can jump it sunday. pls
   cancel the jump start"), not the appointment's day ("I can't find a Jump start on Sunday");
   and a move that tells the booking by its own day and time ("I'd like to change my
   appointment, Basic tune-up Wed 25 Nov 10 AM, to another time", a reminder's R) is asked
   where it goes, not read back as a move to where it already is ("…is already taken");
   "cancel…, im moving to tucson next month" is a cancel (the caller moves, not the booking);
   a question on cancelling something they hold no appointment for ("how do i cancel my month
   pass thing, dont want to get charged again") is the policy, nothing offered; and a
   cancel of one they do not hold asks about the one they do before its code comes.

The bike shop of business.toml, offline and without Twilio's API (the owner's alerts wait in
the outbox), on a clock the tests move; in 5, called by a customer whose carrier vouched for
the number too, and the climbing gym of tests/profiles (a cancellation policy in its FAQ).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from conftest import OTHER_CALLER, Bot, Clock, call_sid, message_sid
from test_identity import dana, statuses
from test_offline_safety import outbox

import bot
from tests.offline_support import MORE, PROFILES, booked_rows, said

TOMORROW = "Basic tune-up tomorrow, Wednesday the 25th of November at 10 AM"
CLIMBING_NOW = datetime(2026, 11, 17, 17, 0, tzinfo=UTC)  # Tuesday 17 November, 10:00 Denver
LINE = re.compile(r"To (?P<what>.+), reply with the code (?P<code>\d{6}) within 10 minutes\. "
                  r"If it wasn't you, ignore this: nothing changes\.")
NOT_UNTIL_THE_CODE = "Nothing changes until you reply with the 6-digit code from my last text."


@pytest.fixture
async def shop(make_bot: Any) -> AsyncIterator[Bot]:
    """The offline bike shop, with no Twilio account: no text can be sent through the API."""
    clock = Clock()
    async with make_bot(clock=clock) as running:
        running.clock = clock  # type: ignore[attr-defined]
        assert not running.assistant.telephone.can_send
        yield running


def code_asked(twiml: str, before: str = "") -> tuple[str, str]:
    """The reply's code line: what it confirms and its digits (the words before it checked)."""
    reply = said(twiml)
    found = LINE.search(reply)
    assert found, reply
    assert reply[:found.start()].strip() == before, reply
    assert found.end() == len(reply), reply  # the code's line ends the reply
    return found["what"], found["code"]


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# -- 1, 2. The code in the reply, and the change it makes ------------------------------------


async def test_a_texted_cancel_gets_its_code_in_the_reply_and_the_code_cancels(shop: Bot) -> None:
    await dana(shop)
    what, code = code_asked(await shop.text("hey its dana, gotta cancel tomorrows tune-up"))
    assert what == f"cancel your {TOMORROW}"
    assert await statuses(shop) == ["booked"]
    assert said(await shop.text(code)) == f"Thanks, that's confirmed. Cancelled: {TOMORROW}. {MORE}"
    assert await statuses(shop) == ["cancelled"]
    # The owner hears of it at once, as of any change by text.
    assert (await outbox(shop))[-1] == (
        'Text from "Dana Whitfield" (+14155550123): cancelled Basic tune-up Wed 25 Nov 10 AM.')


async def test_a_texted_move_gets_its_code_in_the_reply_and_the_code_moves_it(shop: Bot) -> None:
    await dana(shop)
    what, code = code_asked(await shop.text("can we move my tune-up to friday, same time?"))
    assert what == f"move your {TOMORROW} to Friday the 27th of November at 10 AM"
    assert await booked_rows(shop) == [("Basic tune-up", "2026-11-25T16:00")]
    assert said(await shop.text(f"{code} thanks")) == (
        "Thanks, that's confirmed. Moved: your Basic tune-up is now on Friday the 27th of "
        f"November at 10 AM. {MORE}")
    assert await booked_rows(shop) == [("Basic tune-up", "2026-11-27T16:00")]
    assert await booked_rows(shop, "cancelled") == [("Basic tune-up", "2026-11-25T16:00")]


async def test_a_move_told_in_two_texts_gets_its_code_once_the_time_is_chosen(
    shop: Bot
) -> None:
    await dana(shop)
    assert said(await shop.text("can I move my tune-up to friday?")) == (
        "On Friday the 27th of November, I have 9 AM, 9:30 AM or 10 AM. Which would you like? "
        "Reply 1 for 9 AM, 2 for 9:30 AM or 3 for 10 AM.")
    what, code = code_asked(await shop.text("3"))
    assert what == f"move your {TOMORROW} to Friday the 27th of November at 10 AM"
    assert said(await shop.text(code)).startswith("Thanks, that's confirmed. Moved:")
    assert await booked_rows(shop) == [("Basic tune-up", "2026-11-27T16:00")]


async def test_a_code_texted_after_a_question_still_makes_its_change(shop: Bot) -> None:
    await dana(shop)
    _, code = code_asked(await shop.text("please cancel tomorrows tune-up"))
    assert "closed" in said(await shop.text("what are your hours on sunday?")).lower()
    assert said(await shop.text(code)).startswith("Thanks, that's confirmed. Cancelled:")
    assert await statuses(shop) == ["cancelled"]


async def test_a_move_asked_with_a_question_gets_the_answer_and_the_code(shop: Bot) -> None:
    """Each part of the text answered apart (the question, then the move): the code's line
    still ends the reply."""
    await dana(shop)
    what, _ = code_asked(
        await shop.text("can we push my tune-up to friday same time? and is there parking "
                        "nearby?"),
        before="Yes, there's free street parking on Maple Street and a public lot behind the "
               "library.")
    assert what == f"move your {TOMORROW} to Friday the 27th of November at 10 AM"


async def test_a_texted_move_that_tells_only_the_booking_asks_where_it_goes(
    shop: Bot
) -> None:
    """A reminder's R says the booking's own day and time ("I'd like to change my appointment,
    Basic tune-up Wed 25 Nov 10 AM, to another time"): no move to where it already is."""
    await dana(shop)
    assert said(await shop.text("I'd like to change my appointment, Basic tune-up Wed 25 Nov "
                                "10 AM, to another time.")) == (
        f"Sure. You have a {TOMORROW}. What day would suit you instead?")
    assert said(await shop.text("friday")).startswith("On Friday the 27th of November, I have")
    what, _ = code_asked(await shop.text("10am"))
    assert what == f"move your {TOMORROW} to Friday the 27th of November at 10 AM"


async def test_no_to_the_code_leaves_the_appointment_and_voids_the_code(shop: Bot) -> None:
    await dana(shop)
    _, code = code_asked(await shop.text("cancel my appointment"))
    assert said(await shop.text("no wait, keep it")) == f"Alright, I'll leave it as it is. {MORE}"
    await shop.text(code)
    assert await statuses(shop) == ["booked"]


async def test_an_expired_code_changes_nothing_and_a_new_one_comes_in_the_reply(
    shop: Bot
) -> None:
    await dana(shop)
    _, code = code_asked(await shop.text("cancel my appointment"))
    shop.clock.now += timedelta(minutes=bot.CODE_MINUTES)  # type: ignore[attr-defined]
    what, fresh = code_asked(await shop.text(code),
                             before="Sorry, that code has expired, so nothing was changed.")
    assert what == f"cancel your {TOMORROW}" and fresh != code
    assert await statuses(shop) == ["booked"]
    assert said(await shop.text(fresh)).startswith("Thanks, that's confirmed. Cancelled:")


# -- 3. Attacks -------------------------------------------------------------------------------


async def test_a_spoofed_text_then_a_blind_yes_changes_nothing(shop: Bot) -> None:
    await dana(shop)
    code_asked(await shop.text("hi its dana, cancel my tune-up tomorrow pls"))
    assert said(await shop.text("yes cancel it")) == NOT_UNTIL_THE_CODE
    assert said(await shop.text("yes")) == NOT_UNTIL_THE_CODE
    assert await statuses(shop) == ["booked"]


async def test_a_spoofed_move_then_a_blind_yes_books_nothing(shop: Bot) -> None:
    await dana(shop)
    code_asked(await shop.text("can we move my tune-up to friday same time"))
    assert said(await shop.text("yes thats fine")) == NOT_UNTIL_THE_CODE
    assert await booked_rows(shop) == [("Basic tune-up", "2026-11-25T16:00")]


async def test_guessed_codes_lock_the_thread(shop: Bot) -> None:
    await dana(shop)
    _, code = code_asked(await shop.text("cancel my appointment"))
    for _ in range(bot.CODE_TRIES - 1):
        assert said(await shop.text(wrong(code))) == (
            "Sorry, that code didn't match. Please check the text and try again.")
    assert said(await shop.text(wrong(code))) == (
        "Sorry, that code didn't match, so I can't make that change by text for now. Would you "
        "like to leave a message for Sam?")
    await shop.text("no")
    await shop.text(code)  # the right one, too late
    assert said(await shop.text("cancel my appointment")) == (
        "To keep appointment details private, I can only cancel an appointment once I know "
        "it's you, and I can't check that right now. Would you like to leave a message for "
        "Sam?")
    assert await statuses(shop) == ["booked"]


async def test_a_used_code_does_not_work_again(shop: Bot) -> None:
    await dana(shop)
    _, code = code_asked(await shop.text("cancel my appointment"))
    assert said(await shop.text(code)).startswith("Thanks, that's confirmed. Cancelled:")
    # Another booking, then the same code again: it cancels nothing.
    assert "You're booked" in said(await shop.text(
        "can I book a flat tire repair on friday at 11?")) + said(await shop.text("yes"))
    assert "Thanks, that's confirmed" not in said(await shop.text(code))
    assert await statuses(shop) == ["cancelled", "booked"]


async def test_a_repeated_webhook_gets_the_same_words_without_making_a_second_change(
    shop: Bot
) -> None:
    await dana(shop)
    _, code = code_asked(await shop.text("can we move my tune-up to friday same time"))
    sid = message_sid()
    first = await shop.text(code, sid=sid)
    assert await shop.text(code, sid=sid) == first  # Twilio retried the same text
    assert await booked_rows(shop) == [("Basic tune-up", "2026-11-27T16:00")]


async def test_the_right_code_sent_twice_at_once_makes_one_change(shop: Bot) -> None:
    await dana(shop)
    _, code = code_asked(await shop.text("can we move my tune-up to friday same time"))
    answers = await asyncio.gather(shop.text(code), shop.text(code))
    assert sum("Thanks, that's confirmed" in said(a) for a in answers) == 1
    assert await booked_rows(shop) == [("Basic tune-up", "2026-11-27T16:00")]


async def test_a_number_with_no_appointment_gets_no_code(shop: Bot) -> None:
    assert said(await shop.text("cancel my appointment", frm=OTHER_CALLER)) == (
        f"You have no upcoming appointments to cancel. {MORE}")
    assert said(await shop.text("can we move my appointment to friday?", frm=OTHER_CALLER)) == (
        "I can't see any upcoming appointments for you. Would you like to book one?")
    assert await shop.crm.rows("SELECT key FROM counters WHERE key LIKE 'codes%'") == []


async def test_asking_again_and_again_stops_at_the_caps_on_codes(shop: Bot) -> None:
    await dana(shop)
    codes = []
    for _ in range(bot.CODES_PER_CALL):
        codes.append(code_asked(await shop.text("cancel my appointment"))[1])
        # Asked again while its code is awaited: no new code.
        assert said(await shop.text("pls cancel my appointment")) == NOT_UNTIL_THE_CODE
        assert said(await shop.text("never mind")) == f"Alright, I'll leave it as it is. {MORE}"
    assert said(await shop.text("cancel my appointment")) == (
        "To keep appointment details private, I can only cancel an appointment once I know "
        "it's you, and I can't check that right now. Would you like to leave a message for "
        "Sam?")
    await shop.text("no")
    # Each code was voided.
    for code in codes:
        await shop.text(code)
    assert await statuses(shop) == ["booked"]
    # An hour on, the thread may ask again.
    shop.clock.now += timedelta(hours=1)  # type: ignore[attr-defined]
    _, code = code_asked(await shop.text("cancel my appointment"))
    assert said(await shop.text(code)).startswith("Thanks, that's confirmed. Cancelled:")


# -- 4. The digits are in the message sent, and nowhere else ----------------------------------


async def test_the_code_is_kept_nowhere_but_in_the_message_sent(
    shop: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    customer = await dana(shop)
    with caplog.at_level(logging.DEBUG):
        _, code = code_asked(await shop.text("cancel my appointment"))
        await shop.text("yes")
        await shop.text(code)
    assert code not in caplog.text
    thread = [r["body"] for r in await shop.crm.rows("SELECT body FROM sms ORDER BY id")]
    assert thread[1] == (f"To cancel your {TOMORROW}, reply with the code ****** within 10 "
                         "minutes. If it wasn't you, ignore this: nothing changes.")
    assert [b for b in thread if code in b] == [code]  # only the customer's own text of it
    state = await shop.crm.dialogue_state(f"sms:{customer['id']}")
    del state["caller_said"]  # the customer's own text, as in the thread: a code used up
    assert code not in json.dumps(state)
    assert not [b for b in await outbox(shop) if code in b]
    notes = await shop.crm.recent_notes(customer["id"], 20)
    assert not [n for n in notes if code in n["body"]]


async def test_a_long_reply_is_cut_before_the_codes_line_never_through_it() -> None:
    code = bot.ReplyCode(f"cancel your {TOMORROW}", "123456")
    kept, sent = bot.reply_with_code("Sure. " * 400, code)
    assert sent.endswith(code.line()) and len(sent) <= bot.MAX_SMS_CHARS
    assert kept == sent.replace("123456", "******")
    assert "123456" not in repr(code)
    assert bot.reply_with_code("Hi!", None) == ("Hi!", "Hi!")


async def test_a_call_still_gets_its_code_by_text_not_in_what_is_said(shop: Bot) -> None:
    """The voice path is as before: no number to text from here, so no code on a call."""
    await dana(shop)
    sid = "CA" + "5" * 32
    await shop.call(sid, StirVerstat="")
    assert said(await shop.say(sid, "cancel my appointment")) == (
        "To keep appointment details private, I can only cancel an appointment once I know "
        "it's you, and I can't check that right now. Would you like to leave a message for "
        "Sam?")


# -- 5. A day or time that is not where the appointment goes ----------------------------------


async def test_a_day_told_beside_the_cancel_is_the_reason_not_the_appointment(
    shop: Bot
) -> None:
    await dana(shop)
    sid = call_sid()
    await shop.call(sid)
    assert said(await shop.say(sid, "my friend says he can look at it on friday. please cancel "
                                    "my tune-up")) == f"That's your {TOMORROW}. Shall I cancel it?"


async def test_a_move_that_tells_only_the_booking_asks_where_it_goes(shop: Bot) -> None:
    await dana(shop)
    sid = call_sid()
    await shop.call(sid)
    assert said(await shop.say(sid, "I'd like to change my appointment, Basic tune-up Wed 25 "
                                    "Nov 10 AM, to another time.")) == (
        f"Sure. You have a {TOMORROW}. What day would suit you instead?")


@pytest.fixture
async def gym(make_bot: Any) -> AsyncIterator[Bot]:
    """The climbing gym on a Tuesday morning, with a Coaching session booked for Friday at 10
    by the customer texting."""
    async with make_bot(business_profile=PROFILES / "climbing.toml",
                        clock=lambda: CLIMBING_NOW) as running:
        customer = await running.crm.customer_for(OTHER_CALLER)
        await running.assistant.skills.book_appointment(
            bot.Turn(bot.Caller(customer, "voice", verified_by="carrier"), ""),
            date="2026-11-20", time="10:00", service="Coaching session")
        yield running


COACHING = "Coaching session on Friday the 20th of November at 10 AM"


async def test_a_texted_cancel_beside_a_move_of_the_callers_own_is_a_cancel(gym: Bot) -> None:
    what, _ = code_asked(await gym.text("pls cancel my coaching session, im moving to denver "
                                        "next month", frm=OTHER_CALLER))
    assert what == f"cancel your {COACHING}"


async def test_a_question_on_cancelling_something_not_booked_is_the_policy_alone(
    gym: Bot
) -> None:
    assert said(await gym.text("how do i cancel my month pass thing, dont want to get charged "
                               "again", frm=OTHER_CALLER)) == (
        "Please cancel 24 hours ahead; later cancellations are charged $15. If you're ill, just "
        f"call before your session and we waive the fee. {MORE}")


async def test_a_texted_cancel_of_one_not_held_asks_about_the_one_held_first(gym: Bot) -> None:
    assert said(await gym.text("please cancel my belay class", frm=OTHER_CALLER)) == (
        f"I can't find a Group belay class for you. You have a {COACHING}. Is that the one "
        "you'd like to cancel?")
    what, _ = code_asked(await gym.text("yes", frm=OTHER_CALLER))
    assert what == f"cancel your {COACHING}"
