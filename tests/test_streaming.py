"""The streamed Gather loop: the first sentence is said while Claude is still writing, the
rest follows through /voice/continue, from any worker and after a restart."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import pytest
from conftest import CALLER, TOKEN, Bot, call_sid, claude_client, voice_params, without_steps
from twiml import HEAD, listening, saying

import bot
from tests.fakes import FakeClaude, Text, sign

REPLY = "We open at nine. On Saturdays we open at ten. Is there anything else?"
SPANISH = "Claro que sí. Abrimos a las nueve. ¿Algo más?"


def spoken(documents: list[str]) -> str:
    """Everything a caller hears from a series of TwiML documents, in order."""
    return " ".join(re.findall(r"<Say[^>]*>([^<]*)</Say>", "".join(documents)))


@asynccontextmanager
async def slow_claude(reply: str, per_token_delay: float = 0.0, latency: float = 0.0
                      ) -> AsyncIterator[Any]:
    """A Claude client whose Claude (the fake, this slow) writes `reply`."""
    with FakeClaude(per_token_delay=per_token_delay, latency=latency) as slow:
        slow.queue(Text(reply))
        client = claude_client(slow, timeout=5)
        yield client
        await client.close()


async def test_the_first_sentence_is_said_before_claude_has_finished(make_bot: Any) -> None:
    async with slow_claude(REPLY, per_token_delay=0.15) as client:
        async with make_bot(claude_client=client) as running:
            sid = call_sid()
            await running.call(sid)
            first = await running.say(sid, "When do you open?")
            # Said while the model is still writing: the turn is not stored yet.
            assert first == saying("We open at nine.", turn=1, heard=1)
            assert [t["role"] for t in await running.crm.turns(sid)] == ["bot"]
            row = await running.crm.reply_so_far(sid, 1)
            assert (row["caller_text"], row["sentences"][:1], row["done"]) == (
                "When do you open?", ["We open at nine."], False)
            # Twilio comes back at once, before the rest is written: it waits, then says it.
            rest = await running.hear_from(sid, first)
            assert rest[-1].startswith(f"{HEAD}<Response><Gather ")
            assert spoken([first, *rest]) == REPLY
            turns = await running.crm.turns(sid)
            assert [(t["role"], t["text"]) for t in turns[1:]] == [
                ("caller", "When do you open?"), ("bot", REPLY)]
            assert (await running.crm.reply_so_far(sid, 1))["done"] is True


@pytest.mark.filler
async def test_a_slow_claude_gets_a_filler_then_the_reply(make_bot: Any) -> None:
    async with slow_claude("We open at nine.", latency=2.0) as client:
        async with make_bot(claude_client=client) as running:
            sid = call_sid()
            await running.call(sid)
            assert await running.hear(sid, "When do you open?") == [
                saying("Let me check.", turn=1, heard=0), listening("We open at nine.")]
            assert [t["text"] for t in await running.crm.turns(sid)][1:] == [
                "When do you open?", "We open at nine."]


async def test_another_worker_says_the_rest(
    make_bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot, "FILLER_SECONDS", 10.0)  # not about fillers, even on a slow machine
    # Two workers on one CRM file: Twilio's <Redirect> may reach either.
    async with slow_claude(REPLY, per_token_delay=0.1) as client:
        async with make_bot(claude_client=client) as one, make_bot() as other:
            sid = call_sid()
            await one.call(sid)
            first = await one.say(sid, "When do you open?")
            assert first == saying("We open at nine.", turn=1, heard=1)
            rest = await other.hear_from(sid, first)
            assert spoken([first, *rest]) == REPLY
            assert rest[-1].startswith(f"{HEAD}<Response><Gather ")


async def test_another_worker_says_the_rest_in_the_callers_language(
    make_bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot, "FILLER_SECONDS", 10.0)  # not about fillers, even on a slow machine
    async with slow_claude(SPANISH, per_token_delay=0.1) as client:
        async with make_bot(claude_client=client) as one, make_bot() as other:
            sid = call_sid()
            await one.call(sid)
            first = await one.say(sid, "Hola, ¿hablan español?")
            assert first == saying("Claro que sí.", turn=1, heard=1, language="es-US",
                                   voice="Polly.Lupe-Neural", named="Spanish")
            rest = await other.hear_from(sid, first)
            assert spoken([first, *rest]) == SPANISH
            assert all('<Say language="es-US" voice="Polly.Lupe-Neural">' in document
                       for document in rest)
            assert '<Gather ' in rest[-1] and 'language="es-US"' in rest[-1]


async def test_a_reply_written_before_a_restart_is_said_after_it(
    make_bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot, "FILLER_SECONDS", 10.0)  # not about fillers, even on a slow machine
    async with slow_claude(REPLY, per_token_delay=0.1) as client:
        sid = call_sid()
        async with make_bot(claude_client=client) as before:
            await before.call(sid)
            first = await before.say(sid, "When do you open?")
        # The bot stopped (gracefully: it finished writing); a new one answers Twilio.
        async with make_bot() as after:
            rest = await after.hear_from(sid, first)
            assert spoken([first, *rest]) == REPLY
            assert [t["text"] for t in await after.crm.turns(sid)][1:] == [
                "When do you open?", REPLY]


async def test_a_reply_left_unfinished_by_a_crashed_worker_is_not_waited_for_forever(
    offline_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot, "CONTINUE_SECONDS", 0.3)
    monkeypatch.setattr(bot, "abandoned", lambda row: True)
    sid = call_sid()
    await offline_bot.call(sid)
    # What a worker killed mid-reply leaves behind: one sentence said, not done.
    await offline_bot.crm.save_reply(sid, 1, "When do you open?", ["We open at nine."])
    assert await offline_bot.hear_from(sid, saying("We open at nine.", turn=1, heard=0)) == [
        saying("We open at nine.", turn=1, heard=1),
        listening(bot.PhoneAssistant.LOST)]
    assert [t["text"] for t in await offline_bot.crm.turns(sid)][1:] == [
        "When do you open?", "We open at nine."]


@pytest.mark.parametrize("query", ["", "?turn=1", "?turn=x&heard=0", "?turn=9&heard=0",
                                   "?turn=1&heard=99999999999999"])
async def test_a_continuation_for_nothing_known_listens_again(
    offline_bot: Bot, query: str
) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    status, body = await offline_bot.post("/voice/continue" + query, voice_params(sid))
    assert (status, without_steps(body)) == (200, listening(bot.PhoneAssistant.LOST))


async def test_every_twiml_url_is_absolute_under_a_base_url_with_a_path(
    make_bot: Any, fake_claude: FakeClaude
) -> None:
    base = "https://example.com/maple/bot"
    client = claude_client(fake_claude)
    async with make_bot(claude_client=client, public_base_url=base) as running:
        sid = call_sid()
        params = voice_params(sid)
        for path, extra in [("/voice/incoming", {}),
                            ("/voice/process", {"SpeechResult": "When do you open?"})]:
            signed = {"X-Twilio-Signature": sign(base + path, {**params, **extra}, TOKEN)}
            response = await running.client.post(path, form={**params, **extra},
                                                  headers=signed)
            body = await response.get_data(as_text=True)
        assert f'<Redirect method="POST">{base}/voice/continue?turn=1&amp;heard=1</Redirect>' \
            in body
        url = f"{base}/voice/continue?turn=1&heard=1"
        response = await running.client.post(
            "/voice/continue?turn=1&heard=1", form=params,
            headers={"X-Twilio-Signature": sign(url, params, TOKEN)})
        answer = await response.get_data(as_text=True)
        assert f'<Gather action="{base}/voice/process?step=t1"' in answer
    config = replace(running.assistant.config)
    assert f'action="{base}/voice/dial-status"' in str(
        bot.put_through(config, "+15005550002", CALLER))
    assert f'action="{base}/voice/voicemail"' in str(bot.record_voicemail(config))
    assert f'transcribeCallback="{base}/voice/transcription"' in str(bot.record_voicemail(config))
    await client.close()


def sentences_as_streamed(deltas: list[str]) -> list[list[str]]:
    """The sentences ready after each delta, as ClaudeReceptionist.pieces splits them."""
    ready, buffer = [], ""
    for delta in deltas:
        done, buffer = bot.sentences_in(buffer + delta)
        ready.append(done)
    return ready


@pytest.mark.parametrize("deltas", [
    # The model's words carry their space in front (as real tokens do) or behind.
    ["We", " open", " at", " nine.", " On", " Saturdays"],
    ["We ", "open ", "at ", "nine. ", "On ", "Saturdays"],
    ["We open at nine!", " On"],
    ["Do you need a ride?", " We"],
])
def test_a_sentence_is_ready_with_its_last_word_whatever_the_spacing(deltas: list[str]) -> None:
    ready = sentences_as_streamed(deltas)
    first = next(i for i, delta in enumerate(deltas) if delta.rstrip()[-1] in ".!?")
    assert [bool(done) for done in ready[:first + 1]] == [False] * first + [True]
    assert ready[first][0].startswith("We open at nine") or ready[first][0].startswith("Do you")


@pytest.mark.parametrize("deltas", [
    ["It costs $4.", "50 a month."],       # a price goes on after its point
    ["Ask for Dr.", " Park."],             # a title, not a sentence
    ["Mrs.", " Baker is in."],
    ["We open at 9 a.m.", " tomorrow."],
    ["Tune-ups, brakes, etc.", " and more."],
    ["Our options: 1.", " Tune-ups."],     # a list's numbering
])
def test_a_stop_that_may_go_on_waits_for_the_next_delta(deltas: list[str]) -> None:
    assert sentences_as_streamed(deltas)[0] == []
