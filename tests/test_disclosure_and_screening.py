"""Saying what answers the phone, and keeping robocalls out (issue 20 items 5 and 6): the
disclosure and the recording's notice before anything else, a truthful answer to "are you a
robot?", and SCREEN_CALLS asking unvouched first-time callers to press a key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import CALLER, OPEN_NOW, Bot, call_sid, voice_params
from twiml import GATHER, HEAD, hanging_up, listening, say

import bot
from tests.fakes import FakeClaude, Text
from tests.test_relay import GREETING

DISCLOSURE = bot.DEFAULT_DISCLOSURE
SCREEN = bot.PhoneAssistant.SCREEN_LINE.format(name="Maple Street Bikes")


# -- 5. Disclosure and recording consent --


def test_the_disclosure_is_on_unless_set_empty() -> None:
    assert bot.load_config({}).disclosure == "You're speaking with an automated assistant."
    assert bot.load_config({"DISCLOSURE": "This is Maple's AI assistant."}).disclosure == \
        "This is Maple's AI assistant."
    assert bot.load_config({"DISCLOSURE": ""}).disclosure == ""


async def test_the_disclosure_comes_first_and_the_call_stores_it(
    make_bot: Callable[..., Any],
) -> None:
    async with make_bot(disclosure=DISCLOSURE) as running:
        sid = call_sid()
        assert await running.call(sid) == (
            f"{HEAD}<Response>{say(DISCLOSURE)}{GATHER}{say(GREETING)}</Gather></Response>")
        assert (await running.crm.call(sid))["disclosure"] == DISCLOSURE
        turns = await running.crm.turns(sid)
        assert [(t["role"], t["text"]) for t in turns] == [("bot", f"{DISCLOSURE} {GREETING}")]


async def test_without_a_disclosure_the_call_stores_that_none_was_played(
    offline_bot: Bot,
) -> None:
    sid = call_sid()
    assert await offline_bot.call(sid) == listening(GREETING)
    assert (await offline_bot.crm.call(sid))["disclosure"] == ""


async def test_a_recorded_call_says_so_before_the_recording_starts(
    make_bot: Callable[..., Any],
) -> None:
    async with make_bot(disclosure=DISCLOSURE, record_calls=True) as running:
        sid = call_sid()
        notice = f"{DISCLOSURE} This call is recorded."
        assert await running.call(sid) == (
            f"{HEAD}<Response>{say(DISCLOSURE)}{say('This call is recorded.')}"
            "<Start><Recording recordingStatusCallback=\"https://bot.example.com/voice/"
            "recording\" recordingStatusCallbackEvent=\"completed\" track=\"both\" /></Start>"
            f"{GATHER}{say(GREETING)}</Gather></Response>")
        assert (await running.crm.call(sid))["disclosure"] == notice


async def test_recording_without_a_disclosure_still_announces_itself(
    make_bot: Callable[..., Any],
) -> None:
    async with make_bot(record_calls=True) as running:
        document = await running.call(call_sid())
        assert document.index("This call is recorded.") < document.index("<Start><Recording")


async def test_relay_mode_says_the_disclosure_before_the_session(
    make_bot: Callable[..., Any],
) -> None:
    async with make_bot(disclosure=DISCLOSURE, record_calls=True,
                        voice_mode="relay") as running:
        document = await running.call(call_sid())
        said = document.index(say("This call is recorded."))
        assert said < document.index("<Start><Recording") < document.index("<Connect")
        assert f'welcomeGreeting="{GREETING}"' in document


async def test_a_call_we_place_opens_with_the_disclosure_too(
    make_bot: Callable[..., Any],
) -> None:
    async with make_bot(disclosure=DISCLOSURE) as running:
        sid = call_sid()
        customer = await running.crm.customer_for(CALLER)
        await running.crm.open_call(sid, customer["id"], "outbound", "your bike is ready")
        params = {**voice_params(sid), "Direction": "outbound-api", "To": CALLER,
                  "AnsweredBy": "human"}
        status, answer = await running.post("/voice/outbound", params)
        hello = ("Hi, this is the receptionist at Maple Street Bikes, calling about your bike "
                 "is ready.")
        assert (status, running.follow(sid, answer)) == (
            200, f"{HEAD}<Response>{say(DISCLOSURE)}{GATHER}{say(hello)}</Gather></Response>")
        assert (await running.crm.call(sid))["disclosure"] == DISCLOSURE


def test_record_calls_reads_as_on_or_off() -> None:
    assert bot.load_config({}).record_calls is False
    assert bot.load_config({"RECORD_CALLS": "yes"}).record_calls is True


@pytest.mark.parametrize("question", ["Are you a robot?", "Is this a real person?",
                                      "Am I talking to a human?", "Are you an AI?"])
async def test_are_you_a_robot_is_answered_truthfully(offline_bot: Bot, question: str) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    assert await offline_bot.say(sid, question) == listening(
        "I'm Maple Street Bikes's automated assistant. I can tell you our hours and prices, "
        "book you in, or take a message for Sam.")


def test_claudes_instructions_say_it_is_an_automated_assistant() -> None:
    profile = bot.load_profile(bot.HERE / "business.toml")
    caller = bot.Caller({"id": 1, "phone": CALLER}, "voice", call_sid())
    prompt = bot.system_prompt(profile, caller, [], OPEN_NOW)[0]["text"]
    assert ("Whenever anyone asks\nwhether you are a robot, an AI, a machine or a real person, "
            "say truthfully that you are an\nautomated assistant") in prompt
    assert "Never claim or\nsuggest that you are a person." in prompt


async def test_claude_is_asked_with_the_truthful_instruction(
    make_bot: Callable[..., Any], fake_claude: FakeClaude,
) -> None:
    from conftest import claude_client

    client = claude_client(fake_claude)
    fake_claude.queue(Text("I'm an automated assistant."))
    async with make_bot(claude_client=client) as running:
        sid = call_sid()
        await running.call(sid)
        await running.hear(sid, "Is this a real person?")
    await client.close()
    system = fake_claude.requests[0]["system"][0]["text"]
    assert "say truthfully that you are an\nautomated assistant" in system


# -- 6. Spam and robocall screening --


async def unvouched_call(running: Bot, sid: str, **extra: str) -> str:
    """A call whose caller ID the carrier did not attest."""
    return await running.call(sid, StirVerstat="", **extra)


async def press(running: Bot, sid: str, digits: str = "1") -> str:
    status, body = await running.post("/voice/screened", {**voice_params(sid),
                                                          "StirVerstat": "", "Digits": digits})
    assert status == 200
    return body


def screening() -> str:
    return (f'{HEAD}<Response><Gather action="https://bot.example.com/voice/screened" '
            f'input="dtmf" method="POST" numDigits="1" timeout="8">{say(SCREEN)}</Gather>'
            f"{say('Goodbye.')}<Hangup /></Response>")


async def test_an_unvouched_first_time_caller_is_asked_to_press_a_key(
    make_bot: Callable[..., Any],
) -> None:
    async with make_bot(screen_calls=True) as running:
        sid = call_sid()
        assert await unvouched_call(running, sid) == screening()
        assert (await running.crm.call(sid))["screening"] == "asked"
        assert await running.crm.turns(sid) == []
        assert running.follow(sid, await press(running, sid)) == listening(GREETING)
        assert (await running.crm.call(sid))["screening"] == "passed"
        assert [t["text"] for t in await running.crm.turns(sid)] == [GREETING]


async def test_a_robocall_that_presses_nothing_never_reaches_claude_or_the_owner(
    make_bot: Callable[..., Any], fake_claude: FakeClaude,
) -> None:
    from conftest import claude_client

    client = claude_client(fake_claude)
    async with make_bot(claude_client=client, screen_calls=True,
                        missed_call_texts=True) as running:
        sid = call_sid()
        await unvouched_call(running, sid)
        await running.hang_up(sid, duration="9")
        await running.background_done()
        assert fake_claude.requests == []
        assert await running.crm.rows("SELECT * FROM outbox") == []
        call = await running.crm.call(sid)
        assert (call["screening"], call["summary_state"]) == ("asked", "done")
    await client.close()


async def test_a_repeated_incoming_webhook_screens_again_without_greeting(
    make_bot: Callable[..., Any],
) -> None:
    async with make_bot(screen_calls=True) as running:
        sid = call_sid()
        first = await unvouched_call(running, sid)
        status, again = await running.post("/voice/incoming",
                                           {**voice_params(sid), "StirVerstat": ""})
        assert (status, again) == (200, first)


async def test_pressing_on_a_call_never_screened_is_only_goodbye(
    make_bot: Callable[..., Any],
) -> None:
    async with make_bot(screen_calls=True) as running:
        sid = call_sid()
        await running.call(sid)  # attested: never screened
        assert await press(running, sid) == hanging_up("Goodbye.")


@pytest.mark.parametrize("who", ["attested", "texted before", "passed before", "setting off"])
async def test_who_is_not_screened(make_bot: Callable[..., Any], who: str) -> None:
    async with make_bot(screen_calls=who != "setting off") as running:
        if who == "texted before":
            await running.text("Is my bike ready?")
        if who == "passed before":
            earlier = call_sid()
            await unvouched_call(running, earlier)
            await press(running, earlier)
        sid = call_sid()
        if who == "attested":
            assert await running.call(sid) == listening(GREETING)
        else:
            assert await unvouched_call(running, sid) == listening(GREETING)
        assert (await running.crm.call(sid))["screening"] is None


async def test_calling_twice_without_pressing_is_screened_twice(
    make_bot: Callable[..., Any],
) -> None:
    async with make_bot(screen_calls=True) as running:
        for _ in range(2):
            assert await unvouched_call(running, call_sid()) == screening()


def test_screen_calls_is_off_by_default() -> None:
    assert bot.load_config({}).screen_calls is False
    assert bot.load_config({"SCREEN_CALLS": "on"}).screen_calls is True
