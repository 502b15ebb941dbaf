"""Calls: greeting, turns, silence, goodbye, status callbacks and summaries (offline)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import BUSINESS, CALLER, OTHER_CALLER, PUBLIC, Bot, call_sid, voice_params
from twiml import EMPTY, HEAD, hanging_up, listening, listening_in, say

GREETING = "Thanks for calling Maple Street Bikes. How can I help you today?"
HOURS = ("We're open Monday to Friday, 9 AM to 5:30 PM; Saturday, 10 AM to 2 PM; "
         "closed Sunday. We're open right now.")
GOODBYE = "Thanks for calling Maple Street Bikes. Goodbye!"


async def test_a_new_caller_is_greeted_at_once_and_recorded(offline_bot: Bot) -> None:
    sid = call_sid()
    assert await offline_bot.call(sid) == listening(GREETING)
    call = await offline_bot.crm.call(sid)
    assert call is not None
    customer = await offline_bot.crm.customer_for(CALLER)
    assert (call["customer_id"], call["direction"], call["status"]) == (
        customer["id"], "inbound", "in-progress")
    assert [(t["role"], t["text"]) for t in await offline_bot.crm.turns(sid)] == [("bot", GREETING)]


async def test_a_returning_caller_is_greeted_by_name(offline_bot: Bot) -> None:
    customer = await offline_bot.crm.customer_for(CALLER)
    await offline_bot.crm.update_customer(customer["id"], name="Dana Whitfield")
    assert await offline_bot.call(call_sid()) == listening(
        "Hi Dana, welcome back to Maple Street Bikes. How can I help?")


async def test_a_repeated_incoming_webhook_keeps_one_greeting(offline_bot: Bot) -> None:
    sid = call_sid()
    first = await offline_bot.call(sid)
    assert await offline_bot.call(sid) == first
    assert len(await offline_bot.crm.turns(sid)) == 1


@pytest.mark.parametrize(
    ("speech", "answer"),
    [
        ("What are your hours?", HOURS),
        ("Where are you located?", "We're at 412 Maple Street, Springfield, next to the library."),
        ("How much is a tune-up?", "A Basic tune-up is $79 and takes about 60 minutes."),
        ("Do you sell used bikes?",
         "We do. We usually have a few refurbished used bikes in the shop; "
         "come by and have a look."),
        ("Can you fix my e-bike?",
         "Yes, we service most electric bikes, though battery repairs go back to the maker."),
        ("What's the meaning of life?",
         "I'm not sure, I'll ask Sam to get back to you."),
    ],
)
async def test_the_offline_receptionist_answers_from_the_profile(
    offline_bot: Bot, speech: str, answer: str
) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    assert await offline_bot.say(sid, speech) == listening(answer)
    turns = await offline_bot.crm.turns(sid)
    assert [(t["role"], t["text"]) for t in turns[1:]] == [("caller", speech), ("bot", answer)]
    assert (await offline_bot.crm.call(sid))["turn_count"] == 1


async def test_a_message_is_taken_and_stored_as_a_note(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    assert await offline_bot.say(sid, "I'd like to leave a message") == listening(
        "Of course. What message would you like me to pass on to Sam? Please include your name.")
    assert await offline_bot.say(sid, "This is Dana Ortiz, is my bike ready?") == listening(
        "Thank you, I've passed that on to Sam. Is there anything else I can help with?")
    customer = await offline_bot.crm.customer_for(CALLER)
    notes = await offline_bot.crm.recent_notes(customer["id"])
    assert [(n["kind"], n["body"], n["call_sid"]) for n in notes] == [
        ("message", "This is Dana Ortiz, is my bike ready?", sid)]


async def test_an_offered_message_is_taken_after_yes(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    assert await offline_bot.say(sid, "uh the thing with the") == listening(
        "Sorry, I didn't quite catch that. I can tell you our hours, prices and address, book "
        "an appointment, or take a message for Sam. What would you like?")
    assert await offline_bot.say(sid, "mm") == listening(
        "Sorry, I'm still not sure I follow. Would you like to leave a message for Sam?")
    assert await offline_bot.say(sid, "yes please") == listening(
        "Of course. What message would you like me to pass on to Sam? Please include your name.")


async def test_silence_asks_once_then_says_goodbye(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    assert await offline_bot.say(sid, "") == listening("Are you still there?")
    assert await offline_bot.say(sid, "") == hanging_up(
        f"I can't hear anything, so I'll hang up now. {GOODBYE}")


async def test_speech_after_one_silence_starts_the_count_again(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    await offline_bot.say(sid, "")
    await offline_bot.say(sid, "What are your hours?")
    assert await offline_bot.say(sid, "") == listening("Are you still there?")


@pytest.mark.parametrize("speech", ["Bye!", "ok that's all, thanks", "Goodbye"])
async def test_the_caller_saying_goodbye_ends_the_call(offline_bot: Bot, speech: str) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    assert await offline_bot.say(sid, speech) == hanging_up(GOODBYE)


async def test_the_status_callback_records_the_end_and_one_summary(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    await offline_bot.say(sid, "What are your hours?")
    # Twilio may repeat a callback, and send them at once.
    answers = await asyncio.gather(*(offline_bot.hang_up(sid, duration="37") for _ in range(3)))
    assert answers == [EMPTY] * 3
    await offline_bot.background_done()
    call = await offline_bot.crm.call(sid)
    summary = "A caller asked about our hours."
    assert (call["status"], call["duration"], call["summary"], call["summary_state"]) == (
        "completed", 37, summary, "done")
    assert call["ended_at"] is not None
    customer = await offline_bot.crm.customer_for(CALLER)
    notes = await offline_bot.crm.recent_notes(customer["id"])
    assert [(n["kind"], n["body"]) for n in notes] == [("summary", summary)]


async def test_a_late_ringing_callback_does_not_reopen_an_ended_call(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    await offline_bot.hang_up(sid)
    params = {**voice_params(sid), "CallStatus": "ringing"}
    assert await offline_bot.post("/voice/status", params) == (200, EMPTY)
    assert (await offline_bot.crm.call(sid))["status"] == "completed"


@pytest.mark.parametrize("status", ["busy", "failed", "no-answer", "canceled"])
async def test_every_way_a_call_ends_gets_a_summary(offline_bot: Bot, status: str) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    params = {**voice_params(sid), "CallStatus": status}
    await offline_bot.post("/voice/status", params)
    await offline_bot.background_done()
    call = await offline_bot.crm.call(sid)
    assert (call["status"], call["summary"]) == (status, "The caller did not say anything.")


async def test_a_status_for_an_unknown_call_changes_nothing(offline_bot: Bot) -> None:
    params = {**voice_params(call_sid()), "CallStatus": "completed"}
    assert await offline_bot.post("/voice/status", params) == (200, EMPTY)
    await offline_bot.background_done()
    assert await offline_bot.crm.rows("SELECT count(*) AS n FROM calls") == [{"n": 0}]


async def test_two_concurrent_callers_never_share_history(offline_bot: Bot) -> None:
    first, second = call_sid(), call_sid()
    await asyncio.gather(offline_bot.call(first), offline_bot.call(second, OTHER_CALLER))
    await asyncio.gather(
        offline_bot.say(first, "I'd like to leave a message"),
        offline_bot.say(second, "Where are you located?", OTHER_CALLER),
    )
    # The second caller is not in the first caller's message flow.
    assert await offline_bot.say(second, "What are your hours?", OTHER_CALLER) == listening(HOURS)
    await offline_bot.say(first, "Please call me back")
    first_turns = [t["text"] for t in await offline_bot.crm.turns(first)]
    second_turns = [t["text"] for t in await offline_bot.crm.turns(second)]
    assert "Please call me back" in first_turns and "Please call me back" not in second_turns
    assert "What are your hours?" not in first_turns
    other = await offline_bot.crm.customer_for(OTHER_CALLER)
    assert await offline_bot.crm.recent_notes(other["id"]) == []


async def test_a_restart_mid_call_keeps_the_conversation(make_bot) -> None:  # type: ignore[no-untyped-def]
    sid = call_sid()
    async with make_bot() as before:
        await before.call(sid)
        await before.say(sid, "I'd like to leave a message")
    async with make_bot() as after:  # a new process on the same crm.sqlite
        assert await after.say(sid, "Call me back please") == listening(
            "Thank you, I've passed that on to Sam. Is there anything else I can help with?")
        assert [t["role"] for t in await after.crm.turns(sid)] == [
            "bot", "caller", "bot", "caller", "bot"]


async def test_a_call_the_crm_never_saw_is_greeted_afresh(offline_bot: Bot) -> None:
    sid = call_sid()
    assert await offline_bot.say(sid, "hello?") == listening(GREETING)
    assert await offline_bot.crm.call(sid) is not None


async def test_a_withheld_number_gets_a_record_of_its_own(offline_bot: Bot) -> None:
    first, second = call_sid(), call_sid()
    await offline_bot.call(first, "Anonymous")
    await offline_bot.call(second, "+266696687")
    a, b = await offline_bot.crm.call(first), await offline_bot.crm.call(second)
    assert a["customer_id"] != b["customer_id"]


async def test_the_turn_cap_ends_a_runaway_call(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    cap = offline_bot.assistant.config.turns_per_call
    await offline_bot.crm.execute("UPDATE calls SET turn_count = ? WHERE sid = ?", [cap - 1, sid])
    assert await offline_bot.say(sid, "What are your hours?") == hanging_up(
        "We've covered a lot, so I'll let you go now. " + GOODBYE)


async def test_two_workers_on_one_crm_share_a_call(make_bot) -> None:  # type: ignore[no-untyped-def]
    """Hypercorn with several workers: any worker may get any turn of a call."""
    sid = call_sid()
    async with make_bot() as first, make_bot() as second:
        await first.call(sid)
        await second.say(sid, "I'd like to leave a message")
        assert await first.say(sid, "Please call me back") == listening(
            "Thank you, I've passed that on to Sam. Is there anything else I can help with?")
        await second.hang_up(sid)
        await first.hang_up(sid)
        await first.background_done()
        await second.background_done()
        notes = await first.crm.rows("SELECT kind FROM notes ORDER BY id")
    assert notes == [{"kind": "message"}, {"kind": "summary"}]


# -- Languages: the call goes on in the caller's language (issue 18, item 5) -------------------

SPANISH_VOICE = "Polly.Lupe-Neural"
NOBODY_SPEAKS_SPANISH = ("Lo siento, ahora mismo nadie habla español aquí. Por favor, deje su "
                         "nombre y su número, y le llamaremos.")
DENTAL = Path(__file__).parent / "profiles" / "dental.toml"
DENTAL_NOW = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # Wednesday 10:00 in Chicago: open


async def test_a_spanish_caller_is_answered_and_heard_in_spanish_from_then_on(
    offline_bot: Bot,
) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    assert await offline_bot.say(sid, "¿Hablan español?") == listening_in(
        "es-US", SPANISH_VOICE, NOBODY_SPEAKS_SPANISH)
    # The language is the call's: the next turn is said and heard in Spanish too (the
    # offline receptionist's confirmation itself is still written in English).
    answer = await offline_bot.say(sid, "Soy Ana Gómez, llámenme por favor")
    assert answer == listening_in(
        "es-US", SPANISH_VOICE,
        "Thank you, I've passed that on to Sam. Is there anything else I can help with?")
    assert (await offline_bot.crm.dialogue_state(sid))["language"] == "Spanish"


async def test_an_english_caller_stays_in_english(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    assert 'language="en-US"' in await offline_bot.say(sid, "When are you open?")
    assert "language" not in await offline_bot.crm.dialogue_state(sid)


@pytest.fixture
async def dental_with_spanish_line(make_bot: Any, tmp_path: Path) -> Any:
    """The dental practice, open, with a number of its own for Spanish-speaking callers."""
    profile = tmp_path / "business.toml"
    profile.write_text(DENTAL.read_text() + '\n[languages]\nSpanish = { staff = "Lucía Torres", '
                       'number = "+15005550077" }\n')
    async with make_bot(business_profile=profile, clock=lambda: DENTAL_NOW) as running:
        yield running


async def test_a_language_with_its_own_number_is_put_through_to_it_in_its_voice(
    dental_with_spanish_line: Bot,
) -> None:
    sid = call_sid()
    await dental_with_spanish_line.call(sid)
    assert await dental_with_spanish_line.say(sid, "Hola, ¿hablan español?") == (
        f"{HEAD}<Response>"
        + say("Un momento, por favor: le comunico con Lucía Torres, que habla español.",
              "es-US", SPANISH_VOICE)
        + f'<Dial action="{PUBLIC}/voice/dial-status" callerId="{BUSINESS}" method="POST" '
        f'timeout="20"><Number method="POST" url="{PUBLIC}/voice/whisper?call={sid}">'
        '+15005550077</Number></Dial></Response>')
    assert (await dental_with_spanish_line.crm.call(sid))["transfer_status"] == "ringing"


async def test_an_english_caller_asking_for_a_person_gets_the_businesss_number(
    dental_with_spanish_line: Bot,
) -> None:
    sid = call_sid()
    await dental_with_spanish_line.call(sid)
    answer = await dental_with_spanish_line.say(sid, "Can I talk to a person please?")
    assert f'url="{PUBLIC}/voice/whisper?call={sid}">+15005550032</Number>' in answer
