"""Conversations through Claude: the real SDK against the local fake of the Messages API."""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import json
import logging
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from conftest import CALLER, OPEN_NOW, Bot, call_sid, claude_client, signed, voice_params
from twiml import hanging_up, listening, listening_in, listening_silently, message, saying

import bot
from tests.fakes import (
    Disconnect,
    Error,
    FakeClaude,
    Hang,
    Reply,
    Stall,
    StreamError,
    Text,
    ToolUse,
)

HOURS = ("We're open Monday to Friday, 9 AM to 5:30 PM; Saturday, 10 AM to 2 PM; "
         "closed Sunday. We're open right now.")
APOLOGY = "Sorry, I'm having a little trouble on my end."


async def start_call(running: Bot) -> str:
    sid = call_sid()
    await running.call(sid)
    return sid


async def test_claudes_reply_is_spoken_and_stored(claude_bot: Bot, fake_claude: FakeClaude) -> None:
    fake_claude.queue(Text("We open at nine tomorrow. Anything else?"))
    sid = await start_call(claude_bot)
    # The first sentence is said as soon as it is written; Twilio comes back for the rest.
    assert await claude_bot.hear(sid, "When do you open?") == [
        saying("We open at nine tomorrow.", turn=1, heard=1), listening("Anything else?")]
    request = fake_claude.requests[0]
    assert request["stream"] is True
    assert request["model"] == bot.DEFAULT_MODEL
    # The greeting is not sent: the Messages API wants the user first.
    assert request["messages"] == [{"role": "user", "content": "When do you open?"}]
    assert [t["name"] for t in request["tools"]] == [
        "take_message", "ask_owner", "update_contact", "book_appointment",
        "my_appointments", "cancel_appointment", "transfer_to_human", "end_call"]
    assert all("phone" not in str(t["input_schema"]) and "customer" not in str(t["input_schema"])
               for t in request["tools"])
    business, caller = request["system"]
    assert business["cache_control"] == {"type": "ephemeral"}
    assert "receptionist who answers the phone and texts for Maple Street Bikes" in business["text"]
    assert HOURS.removesuffix(" We're open right now.") in business["text"]
    assert caller["text"].splitlines()[:3] == [
        "Now: Tuesday 24 November 2026, 10:00 (America/Chicago); the business is open now.",
        "Channel: a phone call.",
        "Caller: we do not know their name yet.",
    ]
    turns = await claude_bot.crm.turns(sid)
    assert [(t["role"], t["text"]) for t in turns[1:]] == [
        ("caller", "When do you open?"), ("bot", "We open at nine tomorrow. Anything else?")]


async def test_the_call_history_goes_to_claude_in_order(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(Text("Sure, which day?"), Text("Saturday works."))
    sid = await start_call(claude_bot)
    await claude_bot.say(sid, "Can I come in this week?")
    await claude_bot.say(sid, "Saturday")
    assert fake_claude.requests[1]["messages"] == [
        {"role": "user", "content": "Can I come in this week?"},
        {"role": "assistant", "content": "Sure, which day?"},
        {"role": "user", "content": "Saturday"},
    ]


@pytest.mark.parametrize(("model", "cached"), [("claude-haiku-4-5", False),
                                               ("claude-sonnet-4-6", True)])
@pytest.mark.both_backends  # on PostgreSQL too: the usage totals
async def test_the_conversation_is_cached_once_long_enough_and_cache_tokens_are_charged(
    make_bot: Any, fake_claude: FakeClaude, model: str, cached: bool,
) -> None:
    """Every request puts a cache breakpoint on its last block (the conversation so far). The
    instructions and tools (~2,000 tokens) are below Haiku 4.5's minimum prefix (4,096), so a
    short call caches nothing there; with Sonnet 4.5 (1,024) the first turn writes the prefix
    and the next reads it back. Writes and reads are recorded and priced."""
    client = claude_client(fake_claude)
    async with make_bot(claude_client=client, claude_model=model) as running:
        fake_claude.queue(Text("Sure, which day?"), Text("Saturday works."))
        sid = await start_call(running)
        await running.say(sid, "Can I come in this week?")
        await running.say(sid, "Saturday")
        assert [r.get("cache_control") for r in fake_claude.requests] == [
            {"type": "ephemeral"}] * 2
        rows = await running.crm.rows(
            "SELECT input_tokens, output_tokens, cache_write_tokens, cache_read_tokens "
            "FROM claude_usage WHERE call_sid = ? ORDER BY id", [sid])
        first, second = rows
        if cached:
            assert first["cache_write_tokens"] >= 1024 and first["cache_read_tokens"] == 0
            assert second["cache_read_tokens"] == first["cache_write_tokens"]
            assert 0 < second["cache_write_tokens"] < 100  # only the new turn
        else:
            assert [(r["cache_write_tokens"], r["cache_read_tokens"]) for r in rows] == [
                (0, 0), (0, 0)]
        spend = await running.assistant.limits.spend()
        assert spend.today == pytest.approx(sum(
            running.assistant.limits.cost(*row.values()) for row in rows))
    await client.close()


async def test_a_returning_callers_name_and_notes_reach_the_prompt(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    customer = await claude_bot.crm.customer_for(CALLER)
    await claude_bot.crm.update_customer(customer["id"], name="Dana Whitfield")
    await claude_bot.crm.add_note(customer["id"], "summary", "Asked about a blue road bike.")
    fake_claude.queue(Text("Hi Dana."))
    sid = await start_call(claude_bot)
    await claude_bot.say(sid, "Hi, it's me again")
    caller = fake_claude.requests[0]["system"][1]["text"]
    assert "Caller: their name is Dana Whitfield." in caller
    assert "- [summary] Asked about a blue road bike." in caller


async def test_markdown_and_links_are_cleaned_for_the_ear(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(
        Text("**Sure!** We offer:\n- Tune-ups\n1. Overhauls\nSee https://maple.example/bikes"))
    sid = await start_call(claude_bot)
    assert await claude_bot.hear(sid, "What do you do?") == [
        saying("Sure! We offer:", turn=1, heard=1),
        listening("Tune-ups. Overhauls. See our website.")]


async def test_take_message_round_trips_through_the_tool(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(
        ToolUse("take_message", {"message": "Dana wants a call back about the blue bike"},
                text="Let me note that."),
        Text("I've passed that on to Sam."),
    )
    sid = await start_call(claude_bot)
    # "Let me note that." is said while the tool runs.
    assert await claude_bot.hear(sid, "Please have Sam call me") == [
        saying("Let me note that.", turn=1, heard=1), listening("I've passed that on to Sam.")]
    follow_up = fake_claude.requests[1]["messages"]
    # The assistant turn goes back exactly as the API documents its blocks, nothing more.
    assert follow_up[-2] == {"role": "assistant", "content": [
        {"type": "text", "text": "Let me note that."},
        {"type": "tool_use", "id": follow_up[-2]["content"][1]["id"], "name": "take_message",
         "input": {"message": "Dana wants a call back about the blue bike"}},
    ]}
    assert follow_up[-1] == {"role": "user", "content": [{
        "type": "tool_result", "tool_use_id": follow_up[-2]["content"][1]["id"],
        "content": "Message saved for Sam.", "is_error": False}]}
    customer = await claude_bot.crm.customer_for(CALLER)
    notes = await claude_bot.crm.recent_notes(customer["id"])
    assert [(n["kind"], n["body"], n["call_sid"]) for n in notes] == [
        ("message", "Dana wants a call back about the blue bike", sid)]


async def test_a_whitespace_only_text_block_before_a_tool_is_not_sent_back(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    """Real models write "\\n\\n" before a tool_use; the API refuses that block sent back
    (400 "text content blocks must contain non-whitespace text"), after the tool had run."""
    fake_claude.queue(
        Reply(["\n\n", ToolUse("take_message", {"message": "Call Dana back"})]),
        Text("I've passed that on to Sam."),
    )
    sid = await start_call(claude_bot)
    assert await claude_bot.hear(sid, "Please have Sam call me") == [
        listening("I've passed that on to Sam.")]
    assistant = fake_claude.requests[1]["messages"][-2]
    assert [b["type"] for b in assistant["content"]] == ["tool_use"]


async def test_a_number_smuggled_into_a_tool_is_ignored(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    other = await claude_bot.crm.customer_for("+14155550199")
    fake_claude.queue(
        ToolUse("take_message", {"message": "hello", "phone": "+14155550199",
                                  "customer_id": other["id"]}),
        Text("Done."),
    )
    sid = await start_call(claude_bot)
    await claude_bot.say(sid, "take a message")
    assert await claude_bot.crm.recent_notes(other["id"]) == []
    caller = await claude_bot.crm.customer_for(CALLER)
    assert [n["body"] for n in await claude_bot.crm.recent_notes(caller["id"])] == ["hello"]


async def test_end_call_says_goodbye_and_hangs_up(claude_bot: Bot, fake_claude: FakeClaude) -> None:
    fake_claude.queue(ToolUse("end_call", {}, text="Glad I could help. Bye now!"), Text(""))
    sid = await start_call(claude_bot)
    assert await claude_bot.hear(sid, "Great, thanks for everything") == [
        saying("Glad I could help.", turn=1, heard=1), hanging_up("Bye now!")]


async def test_yep_thats_it_to_claudes_question_is_a_yes_not_a_goodbye(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    """"Yep, that's it." after Claude read a booking back ("Shall I book it?") hung up
    without booking: the goodbye rule, answered before the model, took it for "that's all".
    A yes to the receptionist's question goes to the model; after a statement it is a goodbye."""
    fake_claude.queue(Text("That's a tune-up tomorrow at 10 AM. Shall I book it?"),
                      Text("You're booked."))
    sid = await start_call(claude_bot)
    await claude_bot.hear(sid, "Can I get a tune-up tomorrow at ten?")
    assert await claude_bot.hear(sid, "Yep, that's it.") == [listening("You're booked.")]
    assert len(fake_claude.requests) == 2
    fake_claude.queue(Text("We open at nine."))
    other = await start_call(claude_bot)
    await claude_bot.hear(other, "When do you open?")
    assert "<Hangup" in await claude_bot.say(other, "Yep, that's it.")
    # The goodbye was answered without the model: no turn after the booking's asks it (the
    # call's summary, which may already be on its way, quotes the whole call).
    asked = [request["messages"][-1] for request in fake_claude.requests[2:]]
    assert {"role": "user", "content": "When do you open?"} in asked, asked
    assert {"role": "user", "content": "Yep, that's it."} not in asked, asked


async def test_tool_calls_per_turn_are_capped(claude_bot: Bot, fake_claude: FakeClaude) -> None:
    fake_claude.queue(
        Reply([ToolUse("update_contact", {"name": f"N{i}"}) for i in range(6)]),
        Text("Saved."),
    )
    sid = await start_call(claude_bot)
    await claude_bot.say(sid, "My name is N")
    results = fake_claude.requests[1]["messages"][-1]["content"]
    assert [r["is_error"] for r in results] == [False] * 4 + [True] * 2
    assert results[-1]["content"] == "Too many actions in one turn: answer the caller now."


async def test_an_unknown_or_wrong_tool_is_an_error_result(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(Reply([ToolUse("launch_rockets", {}), ToolUse("take_message", {})]),
                      Text("Sorry about that."))
    sid = await start_call(claude_bot)
    assert await claude_bot.say(sid, "hi") == listening("Sorry about that.")
    results = fake_claude.requests[1]["messages"][-1]["content"]
    assert [(r["content"], r["is_error"]) for r in results] == [
        ("There is no launch_rockets skill here.", True),
        ("Invalid input for take_message (the input): 'message' is a required property. "
         "Call it again with input that matches its schema.", True),
    ]


@pytest.mark.filler  # a timeout takes longer than FILLER_SECONDS
@pytest.mark.parametrize(
    ("failure", "reason", "requests"),
    [
        (Error(429, "rate_limit_error", retry_after=20), "Claude rate limit reached (429)", 1),
        (Error(429, "rate_limit_error", retry_after=0), "Claude rate limit reached (429)", 2),
        (Error(529, "overloaded_error"), "Claude answered HTTP 529", 2),
        (Error(500, "api_error"), "Claude answered HTTP 500", 2),
        (Error(503, "api_error"), "Claude answered HTTP 503", 2),
        (Error(401, "authentication_error"),
         "Claude refused the API key (401): check ANTHROPIC_API_KEY", 1),
        (Hang(5), "Claude timed out", 1),
        (StreamError("We open at"), "Claude's reply broke off in the middle of the stream", 1),
        (Disconnect(), "could not reach Claude (connection refused or network down)", 2),
        (Disconnect("We open at"), "the connection to Claude broke in the middle of a reply",
         1),
    ],
    ids=["429-long-retry-after", "429-retried-once", "529-retried-once", "500-retried-once",
         "503-retried-once", "401", "timeout", "stream-error", "refused", "mid-stream-drop"],
)
async def test_any_claude_failure_is_an_apology_and_the_offline_answer(
    claude_bot: Bot, fake_claude: FakeClaude, caplog: pytest.LogCaptureFixture,
    failure: Any, reason: str, requests: int,
) -> None:
    # The same failure twice: a failure worth retrying is retried once inside the turn, never
    # more, and never when its retry-after would not leave the turn time to answer.
    fake_claude.queue(failure, failure)
    sid = await start_call(claude_bot)
    with caplog.at_level(logging.WARNING):
        heard = await claude_bot.hear(sid, "What are your hours?")
    # A failure that takes longer than FILLER_SECONDS (the timeout) first gets a filler; so may
    # a retried one on a slow machine.
    filler, answer = saying("Let me check.", turn=1, heard=0), listening(f"{APOLOGY} {HOURS}")
    assert heard == [filler, answer] if isinstance(failure, Hang) else heard in (
        [answer], [filler, answer])
    assert len(fake_claude.requests) == requests
    assert f"Claude failed ({reason}): the offline receptionist answers" in caplog.text
    # What was stored is what the caller heard: no half answer passed off as complete.
    assert (await claude_bot.crm.turns(sid))[-1]["text"] == f"{APOLOGY} {HOURS}"


async def test_a_refused_connection_is_an_apology(make_bot: Any) -> None:
    import anthropic

    client = anthropic.AsyncAnthropic(api_key="k", base_url="http://127.0.0.1:9", max_retries=0)
    async with make_bot(claude_client=client) as running:
        sid = await start_call(running)
        assert await running.say(sid, "What are your hours?") == listening(f"{APOLOGY} {HOURS}")
    await client.close()


@pytest.mark.parametrize("failure", [
    Error(429, "rate_limit_error", retry_after=0.1), Error(529, "overloaded_error"),
    Error(502, "api_error"), Disconnect()], ids=["429", "529", "502", "refused"])
async def test_a_busy_claude_is_retried_once_inside_the_turn(
    claude_bot: Bot, fake_claude: FakeClaude, failure: Any
) -> None:
    fake_claude.queue(failure, Text("We're open."))
    sid = await start_call(claude_bot)
    assert await claude_bot.say(sid, "Are you open?") == listening("We're open.")
    assert len(fake_claude.requests) == 2


@time_machine.travel(OPEN_NOW)  # the offline hours answer says whether we're open right now
async def test_the_apps_claude_client_never_sleeps_through_a_retry_after(
    config: bot.Config, fake_claude: FakeClaude, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The SDK honours retry-after with no upper bound: with its own retries a 429 saying
    # "retry after 20 s" would silence the caller past Twilio's 15 s.
    from dataclasses import replace

    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_claude.url)
    fake_claude.queue(Error(429, "rate_limit_error", retry_after=20), Text("Too late."))
    app = bot.create_app(replace(config, anthropic_api_key="sk-ant-test"))
    async with app.test_app() as test_app:
        assert test_app.app.extensions["assistant"].receptionist.claude.client.max_retries == 0
        client = test_app.test_client()
        sid = call_sid()
        params = voice_params(sid)
        await client.post("/voice/incoming", form=params, headers=signed("/voice/incoming", params))
        params = {**params, "SpeechResult": "What are your hours?"}
        answer = await client.post("/voice/process", form=params,
                                   headers=signed("/voice/process", params))
        assert await answer.get_data(as_text=True) == listening(f"{APOLOGY} {HOURS}")
    assert len(fake_claude.requests) == 1


@time_machine.travel(OPEN_NOW)
async def test_claude_mode_answers_calls_before_the_sdk_is_loaded(
    config: bot.Config, fake_claude: FakeClaude, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Importing the SDK takes seconds on a Pi: a bot restarted while calls ring answers them
    # first, makes the client once serving has started, and a turn meanwhile waits for it.
    from dataclasses import replace

    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_claude.url)
    fake_claude.queue(Text("We open at nine."))
    assistant = await bot.open_assistant(replace(config, anthropic_api_key="sk-ant-test"))
    claude = assistant.receptionist.claude
    assert assistant.mode == "claude" and claude is not None and claude._client is None
    claude.warming = asyncio.create_task(claude.warm_up())
    caller = await assistant.caller_for(voice_params(call_sid())["From"], "voice")
    reply = [piece async for piece in claude.pieces(
        bot.Turn(caller, "When do you open?"), [
            {"role": "user", "content": "When do you open?"}], [],
        asyncio.get_running_loop().time() + 5)]
    assert claude.warming.done() and claude.client.max_retries == 0
    assert [s for piece in reply for s in piece.sentences] == ["We open at nine."]
    assert len(fake_claude.requests) == 1
    await claude.client.close()
    await assistant.crm.close()


async def test_the_whole_turn_is_bounded(
    make_bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot, "TURN_SECONDS", 0.5)
    # Every token arrives in time for the SDK's own timeout, but the reply as a whole is slow.
    with FakeClaude(per_token_delay=0.2) as slow:
        slow.queue(Text("one two three four five six seven eight nine ten"))
        client = claude_client(slow, timeout=5)
        async with make_bot(claude_client=client) as running:
            sid = await start_call(running)
            assert await running.say(sid, "What are your hours?") == listening(
                f"{APOLOGY} {HOURS}")
        await client.close()


async def test_after_a_failure_the_offline_flow_finishes_what_it_started(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(Error(529, "overloaded_error"), Error(529, "overloaded_error"))
    sid = await start_call(claude_bot)
    await claude_bot.say(sid, "I'd like to leave a message")
    assert await claude_bot.say(sid, "Call me back") == listening(
        "Thank you, I've passed that on to Sam. Is there anything else I can help with?")
    assert len(fake_claude.requests) == 2


async def test_texts_are_answered_by_claude_with_the_thread(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(Text("Yes, we fix e-bikes."), Text("Any weekday from 9."))
    assert await claude_bot.text("Do you fix e-bikes?") == message("Yes, we fix e-bikes.")
    assert await claude_bot.text("When can I bring it?") == message("Any weekday from 9.")
    second = fake_claude.requests[1]
    assert second["messages"] == [
        {"role": "user", "content": "Do you fix e-bikes?"},
        {"role": "assistant", "content": "Yes, we fix e-bikes."},
        {"role": "user", "content": "When can I bring it?"},
    ]
    assert "end_call" not in [t["name"] for t in second["tools"]]
    assert "Channel: text messages (SMS)." in second["system"][1]["text"]


async def test_a_text_is_answered_offline_when_claude_fails(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(Error(529, "overloaded_error"), Error(529, "overloaded_error"))
    assert await claude_bot.text("What are your hours?") == message(f"{APOLOGY} {HOURS}")


@time_machine.travel(OPEN_NOW)  # when the call's turns are stored
async def test_claude_summarizes_the_finished_call(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(Text("We open at nine."), Text("Dana asked when we open; told 9 AM."))
    sid = await start_call(claude_bot)
    await claude_bot.say(sid, "When do you open?")
    await claude_bot.hang_up(sid)
    await claude_bot.background_done()
    assert (await claude_bot.crm.call(sid))["summary"] == "Dana asked when we open; told 9 AM."
    summary_request = fake_claude.requests[-1]
    assert "stream" not in summary_request or summary_request["stream"] is False
    assert summary_request["messages"][0]["content"] == (
        "The call began on Tuesday 24 November 2026 at 10:00, the business's time "
        "(America/Chicago): its today was Tue 24 Nov.\n"
        "The call:\nReceptionist: Thanks for calling Maple Street Bikes. How can I help you "
        "today?\nCaller: When do you open?\nReceptionist: We open at nine.")


# Tuesday 23:50 in Chicago, already Wednesday in UTC.
NEAR_MIDNIGHT = datetime(2026, 11, 25, 5, 50, tzinfo=UTC)


async def test_claudes_summary_is_told_the_calls_local_date_and_asked_for_dates(
    make_bot: Any, fake_claude: FakeClaude
) -> None:
    """The transcript has no date, and the owner reads the summary later: Claude is told the
    call's day where the business is (the request's message; the instructions stay the same
    for every call), and asked to write any day as a date, never "tomorrow"."""
    fake_claude.queue(Text("Sure, bring it by tomorrow."), Text("Dana will come Wed 25 Nov."))
    client = claude_client(fake_claude)
    with time_machine.travel(NEAR_MIDNIGHT):
        async with make_bot(claude_client=client, clock=lambda: NEAR_MIDNIGHT) as running:
            sid = await start_call(running)
            await running.say(sid, "Can I bring my bike in tomorrow?")
            await running.hang_up(sid)
            await running.background_done()
            assert (await running.crm.call(sid))["summary"] == "Dana will come Wed 25 Nov."
    await client.close()
    request = fake_claude.requests[-1]
    assert request["messages"][0]["content"].splitlines()[:2] == [
        "The call began on Tuesday 24 November 2026 at 23:50, the business's time "
        "(America/Chicago): its today was Tue 24 Nov.",
        "The call:"]
    assert request["system"] == bot.SUMMARY_INSTRUCTIONS
    assert 'write it as its date ("Thu 19 Nov")' in request["system"]
    assert 'never "today", "tomorrow", "tonight" or a weekday alone' in request["system"]


async def test_a_message_claude_takes_has_the_callers_days_dated(
    make_bot: Any, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(ToolUse("take_message", {"message": "Dana: call me back Friday"}),
                      Text("I've passed that on to Sam."))
    client = claude_client(fake_claude)
    async with make_bot(claude_client=client, clock=lambda: NEAR_MIDNIGHT) as running:
        sid = await start_call(running)
        await running.say(sid, "Please have Sam call me back Friday")
        customer = await running.crm.customer_for(CALLER)
        assert [n["body"] for n in await running.crm.recent_notes(customer["id"])] == [
            "Dana: call me back Friday [Fri 27 Nov]"]
    await client.close()


async def test_a_failed_summary_falls_back_to_the_plain_one(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(Text("We open at nine."), Error(500, "api_error"))
    sid = await start_call(claude_bot)
    await claude_bot.say(sid, "When do you open?")
    await claude_bot.hang_up(sid)
    await claude_bot.background_done()
    assert (await claude_bot.crm.call(sid))["summary"] == (
        'A caller said "When do you open?".')


async def test_the_plain_summary_quotes_the_callers_day_dated(
    make_bot: Any, fake_claude: FakeClaude
) -> None:
    """Near midnight where the business is (already the next day in UTC), the plain summary
    written when Claude's fails dates the caller's "tomorrow" by the business's day."""
    fake_claude.queue(Text("We open at nine tomorrow."), Error(500, "api_error"))
    client = claude_client(fake_claude)
    with time_machine.travel(NEAR_MIDNIGHT):
        async with make_bot(claude_client=client, clock=lambda: NEAR_MIDNIGHT) as running:
            sid = await start_call(running)
            await running.say(sid, "Are you open tonight or tomorrow?")
            await running.hang_up(sid)
            await running.background_done()
            assert (await running.crm.call(sid))["summary"] == (
                'A caller said "Are you open tonight [Tue 24 Nov] or tomorrow [Wed 25 Nov]?".')
    await client.close()


async def test_the_app_builds_its_claude_client_from_the_environment(
    config: bot.Config, fake_claude: FakeClaude, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_claude.url)
    fake_claude.queue(Text("Hello from Claude."))
    app = bot.create_app(replace(config, anthropic_api_key="sk-ant-test"))
    async with app.test_app() as test_app:
        client = test_app.test_client()
        health = await (await client.get("/health")).get_json()
        assert health["mode"] == "claude" and health["claude"] in ("loading", "ready")
        await test_app.app.extensions["assistant"].receptionist.claude.warming
        assert (await (await client.get("/health")).get_json())["claude"] == "ready"
        sid = call_sid()
        params = voice_params(sid)
        await client.post("/voice/incoming", form=params, headers=signed("/voice/incoming", params))
        params = {**params, "SpeechResult": "hi"}
        answer = await client.post("/voice/process", form=params,
                                   headers=signed("/voice/process", params))
        assert await answer.get_data(as_text=True) == listening("Hello from Claude.")
    assert fake_claude.request_headers[0]["authorization"] == "<redacted>"


@pytest.mark.parametrize(
    ("messages", "budget", "expected"),
    [
        ([("assistant", "Hi"), ("user", "a"), ("assistant", "b"), ("user", "c")], 10,
         [("user", "a"), ("assistant", "b"), ("user", "c")]),
        ([("user", "a"), ("user", "b"), ("assistant", "c"), ("assistant", "d"), ("user", "e")],
         10, [("user", "a\nb"), ("assistant", "c\nd"), ("user", "e")]),
        ([("user", str(i)) if i % 2 == 0 else ("assistant", str(i)) for i in range(30)], 5,
         [("user", "26"), ("assistant", "27"), ("user", "28"), ("assistant", "29")]),
        ([("assistant", "only the greeting")], 10, []),
    ],
    ids=["greeting-dropped", "repeats-merged", "budget", "nothing-from-the-caller"],
)
def test_history_starts_with_the_caller_and_alternates(
    messages: list[tuple[str, str]], budget: int, expected: list[tuple[str, str]]
) -> None:
    trimmed = bot.trimmed_history([{"role": r, "content": c} for r, c in messages], budget)
    assert [(m["role"], m["content"]) for m in trimmed] == expected


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("## Hours\n**Mon-Fri** 9 to 5", "Hours. Mon-Fri 9 to 5."),
        ("Visit www.maple.example or https://maple.example/x?y=1 today!",
         "Visit our website or our website today!"),
        ("Options:\n1) Tune-up\n2) Overhaul", "Options: Tune-up. Overhaul."),
        ("`code` and _emphasis_ > quote", "code and emphasis quote."),
    ],
)
def test_replies_are_made_speakable(text: str, spoken: str) -> None:
    assert bot.speakable(text) == spoken


@pytest.mark.parametrize(
    ("tool", "arguments", "problem"),
    [
        ("cancel_appointment", {"appointment": "abc"},
         "(appointment): 'abc' is not of type 'integer'"),
        ("cancel_appointment", {"appointment": float("inf")},  # 1e400 in JSON
         "(appointment): 'Infinity' is not of type 'integer'"),
        ("take_message", {"message": 12}, "(message): 12 is not of type 'string'"),
        ("take_message", {"message": None}, "(message): None is not of type 'string'"),
        ("update_contact", {"name": ["Dana", "Whitfield"]},
         "(name): ['Dana', 'Whitfield'] is not of type 'string'"),
        ("update_contact", ["Dana"], "(the input): ['Dana'] is not of type 'object'"),
        ("book_appointment", {"date": 20261125, "time": "10:00", "service": "Basic tune-up"},
         "(date): 20261125 is not of type 'string'"),
    ],
    ids=["cancel-abc", "cancel-1e400", "message-12", "message-null", "contact-list",
         "contact-input-list", "book-integer-date"],
)
async def test_tool_input_of_the_wrong_type_is_an_error_the_model_can_correct(
    claude_bot: Bot, fake_claude: FakeClaude, tool: str, arguments: Any, problem: str
) -> None:
    fake_claude.queue(ToolUse(tool, arguments), Text("Sorry, could you say that again?"))
    sid = await start_call(claude_bot)
    assert await claude_bot.say(sid, "Please do it") == listening(
        "Sorry, could you say that again?")
    results = fake_claude.requests[1]["messages"][-1]["content"]
    assert [(r["content"], r["is_error"]) for r in results] == [
        (f"Invalid input for {tool} {problem}. Call it again with input that matches its "
         "schema.", True)]
    customer = await claude_bot.crm.customer_for(CALLER)
    assert await claude_bot.crm.recent_notes(customer["id"]) == []
    assert (await claude_bot.crm.call(sid))["status"] == "in-progress"


async def test_claude_requests_per_turn_are_capped(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    # A model that asks for a tool in every answer: at most MAX_CLAUDE_REQUESTS_PER_TURN
    # requests, then the offline receptionist answers (nothing was said yet).
    fake_claude.responder = lambda body: ToolUse("my_appointments", {})
    sid = await start_call(claude_bot)
    assert await claude_bot.say(sid, "What are your hours?") == listening(f"{APOLOGY} {HOURS}")
    assert len(fake_claude.requests) == bot.MAX_CLAUDE_REQUESTS_PER_TURN == 4


async def test_capped_requests_end_on_what_was_already_said(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(ToolUse("my_appointments", {}, text="Let me look that up."))
    fake_claude.responder = lambda body: ToolUse("my_appointments", {})
    sid = await start_call(claude_bot)
    assert await claude_bot.hear(sid, "When is my appointment?") == [
        saying("Let me look that up.", turn=1, heard=1), listening_silently()]
    assert len(fake_claude.requests) == 4


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("We open at nine. On Saturdays we", "We open at nine."),
        ("We open at nine. Is there anything else I can", "We open at nine."),
        ("On Saturdays we open", f"{APOLOGY} {HOURS}"),
    ],
    ids=["drop-the-unfinished-sentence", "drop-the-unfinished-question", "nothing-whole"],
)
async def test_a_reply_cut_off_by_max_tokens_is_never_spoken_half_finished(
    claude_bot: Bot, fake_claude: FakeClaude, written: str, spoken: str
) -> None:
    fake_claude.queue(Reply([written], stop_reason="max_tokens"))
    sid = await start_call(claude_bot)
    heard = await claude_bot.hear(sid, "What are your hours?")
    assert heard == ([saying(spoken, turn=1, heard=1), listening_silently()] if "nine" in written
                     else [listening(spoken)])
    assert (await claude_bot.crm.turns(sid))[-1]["text"] == spoken


@pytest.mark.parametrize("tool", ["transfer_to_human", "end_call"])
async def test_a_tool_the_channel_does_not_allow_is_an_error_and_promises_nothing(
    claude_bot: Bot, fake_claude: FakeClaude, tool: str
) -> None:
    fake_claude.queue(ToolUse(tool, {}), Text("I can take a message for Sam."))
    assert await claude_bot.text("Can I talk to a person?") == message(
        "I can take a message for Sam.")
    results = fake_claude.requests[1]["messages"][-1]["content"]
    assert [(r["content"], r["is_error"]) for r in results] == [
        (f"{tool} is not available in text messages: do not promise it. Offer to take a "
         "message for Sam instead.", True)]
    assert "Putting you through" not in str(fake_claude.requests[1]["messages"])


@pytest.mark.parametrize(
    ("written", "parsed"),
    [('{"appointment": 1e400}', {"appointment": "1e400"}),
     ('{"appointment": -1e400}', {"appointment": "-1e400"}),
     ('{"appointment": 2.0}', {"appointment": 2.0}), ("", {})],
)
def test_tool_input_keeps_numbers_no_float_can_hold_as_text(written: str, parsed: Any) -> None:
    assert bot.tool_input(written) == parsed


async def outbox_to_owner(running: Bot) -> list[str]:
    """The bodies of the texts waiting for the owner."""
    rows = await running.crm.rows("SELECT body FROM outbox WHERE to_number = '+15005550001'")
    return [row["body"] for row in rows]


async def test_a_refused_key_alerts_the_owner_once_and_the_offline_receptionist_answers(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.responder = lambda body: Error(401, "authentication_error", "invalid x-api-key")
    first, second = call_sid(), call_sid()
    await claude_bot.call(first)
    assert await claude_bot.say(first, "What are your hours?") == listening(f"{APOLOGY} {HOURS}")
    await claude_bot.call(second)
    # Claude is not asked again while the key is refused: no wait, no apology.
    assert await claude_bot.say(second, "What are your hours?") == listening(HOURS)
    assert await claude_bot.text("What are your hours?") == message(HOURS)
    assert len(fake_claude.requests) == 1
    assert await outbox_to_owner(claude_bot) == [
        "Your receptionist cannot use Claude: Claude refused the API key (401): check "
        "ANTHROPIC_API_KEY. Callers are answered by the offline receptionist until it is fixed."]


async def test_an_unknown_model_is_refused_as_the_api_does_and_the_owner_told(
    make_bot: Any, fake_claude: FakeClaude
) -> None:
    import anthropic

    client = claude_client(fake_claude)
    with pytest.raises(anthropic.NotFoundError):
        await client.messages.create(model="claude-haiku-9", max_tokens=10,
                                     messages=[{"role": "user", "content": "hi"}])
    async with make_bot(claude_client=client, claude_model="claude-haiku-9") as running:
        sid = call_sid()
        await running.call(sid)
        assert await running.say(sid, "What are your hours?") == listening(f"{APOLOGY} {HOURS}")
        assert await outbox_to_owner(running) == [
            "Your receptionist cannot use Claude: Claude does not know the model (404): check "
            "CLAUDE_MODEL. Callers are answered by the offline receptionist until it is fixed."]
    await client.close()


async def test_a_stream_that_stalls_mid_reply_keeps_what_was_said_and_moves_on(
    make_bot: Any, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(Stall("We open at nine. On Saturdays we", seconds=3))
    client = claude_client(fake_claude, timeout=1)
    async with make_bot(claude_client=client) as running:
        sid = call_sid()
        await running.call(sid)
        assert await running.hear(sid, "What are your hours?") == [
            saying("We open at nine.", turn=1, heard=1), listening(f"{APOLOGY} {HOURS}")]
        assert (await running.crm.turns(sid))[-1]["text"] == f"We open at nine. {APOLOGY} {HOURS}"
    await client.close()


async def test_claude_is_told_when_the_words_were_heard_unclearly(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(Text("Did I get that right: Dana Ortiz?"), Text("Thanks, Dana."))
    sid = await start_call(claude_bot)
    await claude_bot.hear(sid, "yeah it's dana ortiz", Confidence="0.38")
    await claude_bot.hear(sid, "yes")
    unsure, sure = fake_claude.requests
    assert unsure["messages"] == [
        {"role": "user", "content": "yeah it's dana ortiz [heard unclearly]"}]
    # Only that turn is marked: the history keeps the words as said.
    assert sure["messages"][0] == {"role": "user", "content": "yeah it's dana ortiz"}
    assert sure["messages"][-1] == {"role": "user", "content": "yes"}
    business = unsure["system"][0]["text"]
    assert ("When\ntheir words are marked [heard unclearly], or the name is one word only, or "
            "could be an ordinary\nword (Rose, Baker), read it back first") in business


async def test_a_caller_speaking_spanish_is_answered_in_spanish_by_claude(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(Text("Claro, con gusto. ¿Para qué día?"))
    sid = await start_call(claude_bot)
    assert await claude_bot.hear(sid, "Hola, necesito una cita para mañana") == [
        saying("Claro, con gusto.", turn=1, heard=1, language="es-US", voice="Polly.Lupe-Neural",
               named="Spanish"),
        listening_in("es-US", "Polly.Lupe-Neural", "¿Para qué día?")]
    caller = fake_claude.requests[0]["system"][1]["text"]
    assert ("Language: the caller speaks Spanish. Answer only in Spanish, short and plain, "
            "whatever language the facts above are written in.") in caller.splitlines()
    # Said once, the language stays: a short answer in it is still heard in Spanish.
    fake_claude.queue(Text("Perfecto."))
    assert await claude_bot.say(sid, "El viernes") == listening_in(
        "es-US", "Polly.Lupe-Neural", "Perfecto.")
    assert "Language: the caller speaks Spanish." in fake_claude.requests[1]["system"][1]["text"]


async def test_an_english_callers_prompt_names_no_language(
    claude_bot: Bot, fake_claude: FakeClaude
) -> None:
    fake_claude.queue(Text("We open at nine."))
    sid = await start_call(claude_bot)
    assert await claude_bot.say(sid, "When do you open?") == listening("We open at nine.")
    assert "Language:" not in fake_claude.requests[0]["system"][1]["text"]


# A streamed reply as the API writes it, with what a client must also read: a ping, a comment,
# \r\n line ends, a field without a space after its colon, and a `data` over two lines.
STREAM = (
    b'event: message_start\ndata: {"type":"message_start","message":{"usage":'
    b'{"input_tokens":12,"output_tokens":1}}}\n\n'
    b"event: ping\ndata: {\"type\": \"ping\"}\n\n"
    b": a comment line\n\n"
    b'event: content_block_delta\r\ndata:{"type":"content_block_delta","index":0,\r\n'
    b'data: "delta":{"type":"text_delta","text":"Caf\xc3\xa9 at 9."}}\r\n\r\n'
    b'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},'
    b'"usage":{"output_tokens":5}}\n\n'
)
EVENTS = [
    {"type": "message_start", "message": {"usage": {"input_tokens": 12, "output_tokens": 1}}},
    {"type": "content_block_delta", "index": 0,
     "delta": {"type": "text_delta", "text": "Café at 9."}},
    {"type": "message_delta", "delta": {"stop_reason": "end_turn"},
     "usage": {"output_tokens": 5}},
]


def streamed(*chunks: bytes) -> Any:
    """A 200 response from the Messages API whose body arrives in these chunks."""
    import httpx2

    async def body() -> Any:
        for chunk in chunks:
            yield chunk

    return httpx2.Response(200, content=body(),
                           request=httpx2.Request("POST", "https://api.anthropic.com/v1/messages"))


@pytest.mark.parametrize("size", [1, 2, 7, 64, len(STREAM)])
async def test_claudes_streamed_events_are_read_however_the_bytes_arrive(size: int) -> None:
    chunks = [STREAM[at:at + size] for at in range(0, len(STREAM), size)]
    assert [event async for event in bot.claude_events(streamed(*chunks))] == EVENTS


@pytest.mark.parametrize(("data", "message"), [
    (b'{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
     "Overloaded"),
    (b"not json", "not json"),
])
async def test_an_error_event_in_claudes_stream_is_the_sdks_status_error(
    data: bytes, message: str
) -> None:
    import anthropic

    events = bot.claude_events(streamed(STREAM[:120], STREAM[120:], b"event: error\ndata: " +
                                        data + b"\n\n", b"event: message_stop\ndata: {}\n\n"))
    seen = []
    with pytest.raises(anthropic.APIStatusError) as caught:
        async for event in events:
            seen.append(event)
    assert seen == EVENTS
    assert (caught.value.status_code, caught.value.message) == (200, message)


# The types a tool's schema gives its input, by the skill's annotation of the argument.
SCHEMA_TYPES = {"str": "string", "int": "integer"}


def test_every_tool_is_a_skill_carrying_its_schema() -> None:
    # The decorator is the manifest: each tool is the Skills method of its name, its input's
    # properties are the method's keyword arguments (of the same types), the required ones
    # among them; what Claude is given is exactly name, description and schema.
    assert list(bot.TOOLS_BY_NAME) == [
        "take_message", "ask_owner", "update_contact", "book_appointment", "my_appointments",
        "cancel_appointment", "send_confirmation_code", "confirm_code", "transfer_to_human",
        "end_call"]
    for name, tool in bot.TOOLS_BY_NAME.items():
        assert getattr(bot.Skills, name) is tool.method
        turn, *arguments = list(inspect.signature(tool.method).parameters.values())[1:]
        assert turn.name == "turn"
        schema = tool.input_schema
        assert {a.name: SCHEMA_TYPES[a.annotation] for a in arguments} == {
            p: s["type"] for p, s in schema["properties"].items()}
        assert set(schema.get("required", [])) <= set(schema["properties"])
        assert schema["type"] == "object" and tool.description.endswith(".")
        assert tool.definition() == {
            "name": name, "description": tool.description, "input_schema": schema}
    assert {n for n, t in bot.TOOLS_BY_NAME.items() if t.channels == ("voice",)} == {
        "transfer_to_human", "end_call"}


# sha256 of json.dumps(bot.tools_for(channel, verified)), its first 16 hex digits.
TOOL_DIGESTS = {("voice", True): "cdb0155670b5b374", ("voice", False): "7e06defea552648a",
                ("sms", True): "e1d15fd6db6df6ee", ("sms", False): "21f0493d82b66274"}


@pytest.mark.parametrize(("channel", "verified"), [
    ("voice", True), ("voice", False), ("sms", True), ("sms", False)])
def test_the_tool_definitions_claude_is_given_are_unchanged(
    channel: bot.Channel, verified: bool
) -> None:
    # Claude is given these bytes at the head of every request (the cached prefix): a changed
    # word, order or schema is a different prompt. Change the digest when that is the intent.
    given = json.dumps(bot.tools_for(channel, verified), sort_keys=False).encode()
    assert hashlib.sha256(given).hexdigest()[:16] == TOOL_DIGESTS[channel, verified]
