"""ConversationRelay mode: the <Connect> handoff, the signed socket, streamed tokens, barge-in,
tools with a filler, the end of a session, a broken socket. Every session runs over a real
WebSocket against the app served by Hypercorn on a loopback port, with the real anthropic
SDK against the fake Claude, and Twilio's side played by the harness (harness.relay)."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from conftest import (
    BUSINESS,
    CALLER,
    OPEN_NOW,
    PUBLIC,
    TOKEN,
    Bot,
    app_for,
    claude_client,
    voice_params,
)
from hypercorn.asyncio import serve
from hypercorn.config import Config as HypercornConfig
from twilio.request_validator import RequestValidator
from twiml import HEAD, say

import bot
from harness.relay import RelayRefused, RelaySocket
from harness.twilio_sim import Account, WebhookClient, free_port
from harness.twiml import Call, CallState, EventKind
from tests.fakes import Disconnect, FakeClaude, Text, ToolUse, call_sid, prompt_tokens

GREETING = "Thanks for calling Maple Street Bikes. How can I help you today?"
GOODBYE = "Thanks for calling Maple Street Bikes. Goodbye!"
HINTS = "Basic tune-up, Flat tire repair, Full overhaul"
# A voice for each language the session may switch to.
LANGUAGES = ('<Language code="es-US" ttsProvider="Amazon" voice="Lupe-Neural" />'
             '<Language code="fr-FR" ttsProvider="Amazon" voice="Lea-Neural" />'
             '<Language code="pt-BR" ttsProvider="Amazon" voice="Camila-Neural" />')


@dataclass
class Served:
    """The bot in relay mode behind Hypercorn on loopback, and a harness client for it."""

    assistant: bot.PhoneAssistant
    base_url: str
    client: WebhookClient
    account: Account
    calls: list[Call] = field(default_factory=list)

    @property
    def crm(self) -> bot.CRM:
        """The served bot's CRM."""
        return self.assistant.crm

    def call(self, caller: str = CALLER) -> Call:
        """A new call from the caller, as Twilio would place it."""
        call = Call(self.client, self.account, caller, status_path=None)
        self.calls.append(call)
        return call

    async def relay_url_for(self, sid: str, caller: str = CALLER) -> str:
        """Place a call (/voice/incoming) and read the socket's URL from its answer, which
        names the call and carries its token, as Twilio reads it."""
        exchange = await self.client.request(self.base_url + "/voice/incoming",
                                             voice_params(sid, caller))
        relay = ElementTree.fromstring(exchange.body).find("Connect/ConversationRelay")
        assert relay is not None, exchange.body
        return relay.get("url", "")

    async def socket_for(self, sid: str) -> RelaySocket:
        """A new call's relay socket, signed as Twilio signs it (not opened yet)."""
        return RelaySocket(await self.relay_url_for(sid), TOKEN)

    async def socket_set_up(self, sid: str) -> RelaySocket:
        """A new call's relay socket, opened and set up as Twilio does, from CALLER."""
        socket = await self.socket_for(sid)
        await socket.open()
        await socket.setup(sid, "AC" + "0" * 32, CALLER, BUSINESS)
        return socket

    async def bot_turns(self, sid: str, count: int) -> list[tuple[str, str]]:
        """The call's turns once there are `count` of them (the bot stores after the socket
        moved on: wait for it, bounded)."""
        for _ in range(200):
            turns = await self.crm.turns(sid)
            if len(turns) >= count:
                break
            await asyncio.sleep(0.02)
        return [(t["role"], t["text"]) for t in turns]


@pytest.fixture
def serve_bot(config: bot.Config) -> Callable[..., Any]:
    """Serve the app in relay mode on a free loopback port (overrides change the config)."""

    @asynccontextmanager
    async def start(
        claude: Any = None, clock: Callable[[], datetime] = lambda: OPEN_NOW, prefix: str = "",
        **overrides: Any,
    ) -> AsyncIterator[Served]:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        # A prefix stands for a reverse proxy's (PUBLIC_BASE_URL=.../shop): Twilio opens and
        # signs the URL with it, the proxy strips it.
        settings = replace(config, public_base_url=base + prefix, voice_mode="relay",
                           **overrides)
        app, assistant = await app_for(settings, claude, clock)
        hypercorn = HypercornConfig()
        hypercorn.bind = [f"127.0.0.1:{port}"]
        hypercorn.accesslog = None
        stop = asyncio.Event()
        server = asyncio.create_task(serve(app, hypercorn, shutdown_trigger=stop.wait))
        client = WebhookClient(base, TOKEN)
        served = Served(assistant, base, client, Account(business_number=BUSINESS))
        try:
            for _ in range(200):
                if await client.get_health() is not None:
                    break
                await asyncio.sleep(0.02)
            yield served
        finally:
            for call in served.calls:
                if call.relay is not None:
                    await call.relay.close()
            await client.close()
            stop.set()
            await server

    return start


@pytest.fixture
async def relay_bot(serve_bot: Callable[..., Any]) -> AsyncIterator[Served]:
    """The offline receptionist in relay mode."""
    async with serve_bot() as served:
        yield served


@asynccontextmanager
async def streaming_claude(serve_bot: Callable[..., Any], per_token_delay: float = 0.2
                           ) -> AsyncIterator[tuple[Served, FakeClaude]]:
    """Claude (a fake of its own, streaming a token every `per_token_delay` s) in relay mode."""
    with FakeClaude(per_token_delay=per_token_delay) as fake:
        client = claude_client(fake, timeout=10.0)
        async with serve_bot(claude=client) as served:
            yield served, fake
        await client.close()


@pytest.fixture
async def relay_claude(serve_bot: Callable[..., Any], fake_claude: FakeClaude
                       ) -> AsyncIterator[tuple[Served, FakeClaude]]:
    """Claude (the fake) in relay mode."""
    client = claude_client(fake_claude)
    async with serve_bot(claude=client) as served:
        yield served, fake_claude
    await client.close()


def said(events: list[Any]) -> list[str]:
    """What the bot said in these events."""
    return [e.text for e in events if e.kind is EventKind.SAID]


# ------------------------------------------------------------------ The handoff to the socket


async def test_an_incoming_call_connects_to_the_relay_socket(make_bot: Callable[..., Any]) -> None:
    async with make_bot(voice_mode="relay") as running:
        running: Bot
        sid = call_sid()
        assert await running.call(sid) == (
            f'{HEAD}<Response><Connect action="{PUBLIC}/voice/relay-end" method="POST">'
            f'<ConversationRelay dtmfDetection="true" hints="{HINTS}" interruptible="any" '
            'language="en-US" ttsProvider="Amazon" '
            f'url="wss://bot.example.com/relay?call={sid}&amp;token='
            f'{await running.assistant.relay.relay_token(sid)}" '
            f'voice="Joanna-Neural" welcomeGreeting="{GREETING}">{LANGUAGES}'
            '</ConversationRelay></Connect></Response>')
        # The call is opened exactly as in Gather mode: the greeting is its first turn.
        assert [(t["role"], t["text"]) for t in await running.crm.turns(sid)] == [
            ("bot", GREETING)]
        assert (await running.crm.call(sid))["status"] == "in-progress"


def test_the_relay_url_follows_the_public_base_url() -> None:
    assert bot.Config(public_base_url="https://x.example.com/bot").relay_url == \
        "wss://x.example.com/bot/relay"
    assert bot.Config(host="127.0.0.1", port=8080).relay_url == "ws://127.0.0.1:8080/relay"
    assert bot.Config(voice="Google.en-US-Neural2-F").relay_tts == ("Google", "en-US-Neural2-F")
    assert bot.Config(relay_tts_provider="ElevenLabs", relay_voice="abc").relay_tts == (
        "ElevenLabs", "abc")


# ------------------------------------------------------------------ The signed handshake


@pytest.mark.parametrize(("token", "signature"), [(None, None), (TOKEN, "bm90IGEgc2lnbmF0dXJl")])
async def test_an_unsigned_or_badly_signed_socket_is_refused_before_anything_is_stored(
    relay_bot: Served, token: str | None, signature: str | None,
) -> None:
    before = await relay_bot.crm.rows("SELECT count(*) AS n FROM calls", [])
    socket = RelaySocket(relay_bot.base_url.replace("http", "ws") + "/relay", token,
                         signature=signature)
    with pytest.raises(RelayRefused) as refused:
        await socket.open()
    assert refused.value.status == 403
    assert await relay_bot.crm.rows("SELECT count(*) AS n FROM calls", []) == before


async def test_a_socket_signed_for_another_url_is_refused(relay_bot: Served) -> None:
    socket = RelaySocket(relay_bot.base_url.replace("http", "ws") + "/relay", TOKEN,
                         public_url="wss://elsewhere.example.com/relay")
    with pytest.raises(RelayRefused):
        await socket.open()


async def test_a_signed_session_answers_prompts_with_tokens(relay_bot: Served) -> None:
    call = relay_bot.call()
    events = await call.start()
    assert said(events) == [GREETING]
    assert call.state is CallState.LISTENING and call.waiting_on is not None
    assert call.waiting_on.tag == "ConversationRelay"
    events = await call.say("What are your hours?")
    assert call.last_turn is not None and call.last_turn.complete
    answer = said(events)[0]
    assert "open" in answer.lower()
    assert await relay_bot.bot_turns(call.sid, 3) == [
        ("bot", GREETING), ("caller", "What are your hours?"), ("bot", answer)]


async def test_a_relay_call_stores_which_receptionist_answered_it(relay_bot: Served) -> None:
    """Issue 17 item 15: the call's row says who answered, and that it was streamed."""
    call = relay_bot.call()
    await call.start()
    await call.say("What are your hours?")
    row = await relay_bot.assistant.crm.call(call.sid)
    assert row["receptionist"] == "relay,offline"
    assert bot.who_answered(row["receptionist"]) == (
        "the offline receptionist over ConversationRelay")


async def test_a_reverse_proxy_prefix_is_in_the_socket_url_and_its_signature(
    make_bot: Callable[..., Any], serve_bot: Callable[..., Any],
) -> None:
    async with make_bot(voice_mode="relay", public_base_url="https://example.com/shop") as running:
        running: Bot
        params = voice_params(call_sid())
        signature = RequestValidator(TOKEN).compute_signature(
            "https://example.com/shop/voice/incoming", params)
        answer = await running.client.post("/voice/incoming", form=params,
                                           headers={"X-Twilio-Signature": signature})
        twiml = await answer.get_data(as_text=True)
        assert re.search(r'<Connect action="https://example\.com/shop/voice/relay-end" '
                         r'method="POST"><ConversationRelay [^>]*url="wss://example\.com/shop/'
                         r'relay\?call=CA[0-9a-f]{32}&amp;token=[0-9a-f]{32}"', twiml), twiml
    async with serve_bot(prefix="/shop") as served:
        sid = call_sid()
        exchange = await served.client.request(served.base_url + "/shop/voice/incoming",
                                               voice_params(sid))
        relay = ElementTree.fromstring(exchange.body).find("Connect/ConversationRelay")
        assert relay is not None
        public = relay.get("url", "")  # the URL Twilio opens and signs, prefix and query
        assert public.startswith(served.base_url.replace("http", "ws") + "/shop/relay?call=")
        inside = public.replace("/shop/relay", "/relay")  # what the proxy forwards to
        with pytest.raises(RelayRefused) as refused:
            await RelaySocket(inside, TOKEN).open()  # signed without the prefix
        assert refused.value.status == 403
        socket = RelaySocket(inside, TOKEN, public_url=public)
        await socket.open()
        try:
            await socket.setup(sid, "AC" + "0" * 32, CALLER, BUSINESS)
            await socket.prompt("What are your hours?")
            turn = await socket.next_turn()
        finally:
            await socket.close()
        assert turn.complete and "Saturday, 10 AM to 2 PM" in turn.text


async def test_a_captured_handshake_opens_no_second_socket_and_none_after_the_call(
    relay_bot: Served,
) -> None:
    """Twilio signs the socket's URL with its query: the call and its token. A captured
    handshake (its URL and signature) opens nothing more: not a second socket on the live
    call, not one after it ended."""
    call = relay_bot.call()
    await call.start()
    assert call.relay is not None and call.state is CallState.LISTENING
    captured = call.relay.url
    assert re.fullmatch(r"ws://127\.0\.0\.1:\d+/relay\?call=" + call.sid
                        + "&token=[0-9a-f]{32}", captured), captured
    with pytest.raises(RelayRefused) as refused:
        await RelaySocket(captured, TOKEN).open()
    assert refused.value.status == 404
    # The call goes on on its own socket.
    assert "open" in said(await call.say("What are your hours?"))[0].lower()
    # Another call, over before its socket was opened: refused as well.
    sid = call_sid()
    url = await relay_bot.relay_url_for(sid, "+14155550177")
    status = {**voice_params(sid, "+14155550177"), "CallStatus": "completed",
              "CallDuration": "3"}
    assert (await relay_bot.client.request(relay_bot.base_url + "/voice/status", status)).ok
    with pytest.raises(RelayRefused) as refused:
        await RelaySocket(url, TOKEN).open()
    assert refused.value.status == 404


async def test_a_socket_without_its_calls_token_is_refused_before_anything_is_stored(
    relay_bot: Served,
) -> None:
    live = call_sid()
    url = await relay_bot.relay_url_for(live)
    base = relay_bot.base_url.replace("http", "ws") + "/relay"
    stranger = call_sid()
    before = await relay_bot.crm.rows("SELECT count(*) AS n FROM calls", [])
    for signed_url in (
        base,  # the bare URL: no call
        url.replace(live, stranger),  # another call with this call's token
        f"{base}?call={stranger}&token={await relay_bot.assistant.relay.relay_token(stranger)}",
        url.replace("token=", "token=0"),  # a token that is not the call's
    ):
        with pytest.raises(RelayRefused) as refused:
            await RelaySocket(signed_url, TOKEN).open()
        assert refused.value.status == 404, signed_url
    assert await relay_bot.crm.rows("SELECT count(*) AS n FROM calls", []) == before
    assert await relay_bot.crm.call(stranger) is None


async def test_a_setup_for_another_call_than_the_tokens_closes_the_socket(
    relay_bot: Served,
) -> None:
    """A socket opened for one call cannot act on another: its setup must name its call."""
    other = relay_bot.call("+14155550188")
    await other.start()
    sid = call_sid()
    socket = RelaySocket(await relay_bot.relay_url_for(sid), TOKEN)
    await socket.open()
    try:
        await socket.setup(other.sid, "AC" + "0" * 32, "+14155550188", BUSINESS)
        await socket.prompt("When is my appointment? Cancel it.")
        turn = await socket.next_turn(timeout=5)
    finally:
        await socket.close()
    assert turn.closed and turn.tokens == [] and turn.handoff is None
    assert await relay_bot.bot_turns(other.sid, 1) == [("bot", GREETING)]


async def test_a_caller_blocked_since_the_call_began_is_let_go_at_setup(
    relay_bot: Served,
) -> None:
    sid = call_sid()
    url = await relay_bot.relay_url_for(sid)
    customer = await relay_bot.crm.customer_for(CALLER)
    await relay_bot.crm.update_customer(customer["id"], blocked=True)
    socket = RelaySocket(url, TOKEN)
    await socket.open()
    try:
        await socket.setup(sid, "AC" + "0" * 32, CALLER, BUSINESS)
        turn = await socket.next_turn()
    finally:
        await socket.close()
    assert turn.handoff == {"reason": "hang_up", "say": bot.PhoneAssistant.BLOCKED}


# ------------------------------------------------------------------ Streaming and barge-in


async def test_tokens_are_streamed_before_the_reply_is_complete(
    relay_claude: tuple[Served, FakeClaude],
) -> None:
    served, fake = relay_claude
    # Claude writes a sentence and a word, then the stream breaks: the caller already has them.
    fake.queue(Disconnect(text="We open at nine tomorrow. And"))
    call = served.call()
    await call.start()
    await call.say("When do you open?")
    turn = call.last_turn
    assert turn is not None and turn.complete
    assert [t.text for t in turn.tokens[:6]] == ["We ", "open ", "at ", "nine ", "tomorrow. ",
                                                 "And"]
    assert turn.tokens[6].text.startswith(" " + bot.Receptionist.APOLOGY)
    assert len(turn.tokens) == 7


async def test_tokens_go_out_as_claude_writes_them(
    relay_claude: tuple[Served, FakeClaude],
) -> None:
    served, fake = relay_claude
    fake.queue(Text("Sure thing. We fix flats."))
    call = served.call()
    await call.start()
    await call.say("Do you fix flats?")
    assert call.last_turn is not None and call.last_turn.complete
    assert [t.text for t in call.last_turn.tokens] == [
        "Sure ", "thing. ", "We ", "fix ", "flats."]
    assert (await served.bot_turns(call.sid, 3))[-1] == ("bot", "Sure thing. We fix flats.")


async def test_an_interruption_cancels_the_stream_and_keeps_only_what_was_heard(
    serve_bot: Callable[..., Any],
) -> None:
    async with streaming_claude(serve_bot) as (served, fake):
        fake.queue(Text("First we check the tire. Then we patch it. Then we test it."),
                   Text("Of course."))
        sid = call_sid()
        socket = await served.socket_set_up(sid)
        await socket.prompt("How do you fix a flat?")
        first = await socket.next_turn(tokens=1)
        assert [t.text for t in first.tokens] == ["First "]
        await socket.interrupt("First we check the")
        await socket.prompt("Can I wait there?")
        second = await socket.next_turn()
        await socket.close()
        turns = await served.bot_turns(sid, 5)
    # Nothing more of the first reply reached the socket after the interruption.
    assert second.text == "Of course." and second.complete
    assert turns == [
        ("bot", GREETING), ("caller", "How do you fix a flat?"), ("bot", "First we check the"),
        ("caller", "Can I wait there?"), ("bot", "Of course.")]
    # The next prompt continued from what the caller heard.
    assert fake.requests[-1]["messages"][-3:] == [
        {"role": "user", "content": "How do you fix a flat?"},
        {"role": "assistant", "content": "First we check the"},
        {"role": "user", "content": "Can I wait there?"}]


async def test_an_interruption_after_the_last_token_still_keeps_only_what_was_heard(
    relay_claude: tuple[Served, FakeClaude],
) -> None:
    """Twilio goes on speaking after `last: true` until playback ends: an interrupt then
    still says what the caller heard, and the rest never joins the transcript or history."""
    served, fake = relay_claude
    fake.queue(Text("First we check the tire. Then we patch it."), Text("Of course."))
    sid = call_sid()
    socket = await served.socket_for(sid)
    await socket.open()
    try:
        await socket.setup(sid, "AC" + "0" * 32, CALLER, BUSINESS)
        await socket.prompt("How do you fix a flat?")
        assert (await socket.next_turn()).complete
        await socket.interrupt("First we check the")
        await socket.prompt("Can I wait there?")
        assert (await socket.next_turn()).text == "Of course."
    finally:
        await socket.close()
    assert (await served.bot_turns(sid, 5))[1:] == [
        ("caller", "How do you fix a flat?"), ("bot", "First we check the"),
        ("caller", "Can I wait there?"), ("bot", "Of course.")]
    assert fake.requests[-1]["messages"][-2:] == [
        {"role": "assistant", "content": "First we check the"},
        {"role": "user", "content": "Can I wait there?"}]


async def test_interrupted_turns_are_charged_for_what_claude_was_asked(
    serve_bot: Callable[..., Any],
) -> None:
    """Claude bills a request's input from message_start on, even if the reply is cut off:
    20 prompts each interrupted at the first word are 20 requests' tokens in the budget."""
    async with streaming_claude(serve_bot, 0.05) as (served, fake):
        fake.queue(*[Text("First we check the tire. Then we patch it. Then we test it. "
                          "Then you ride home.")] * 20)
        sid = call_sid()
        socket = await served.socket_set_up(sid)

        async def usage_rows(wanted: int) -> list[Any]:
            for _ in range(200):
                rows = await served.crm.rows(
                    "SELECT input_tokens, output_tokens FROM claude_usage WHERE call_sid = ?",
                    [sid])
                if len(rows) >= wanted:
                    break
                await asyncio.sleep(0.02)
            return rows

        for number in range(20):
            await socket.prompt(f"How do you fix flat number {number}?")
            assert (await socket.next_turn(tokens=1)).text == "First"
            await socket.interrupt("First")
            # The interrupted reply is over once its usage is stored; a word the bot sent
            # as the interruption crossed it on the way is that reply's, not the next one's.
            await usage_rows(number + 1)
            socket.pending()
        usage = await usage_rows(20)
        await socket.close()
    assert len(fake.requests) == 20
    assert [row["input_tokens"] for row in usage] == [
        prompt_tokens(request) for request in fake.requests]
    # The words that reached the caller were billed as output too (at least one token each).
    assert all(row["output_tokens"] >= 1 for row in usage)


# ------------------------------------------------------------------ Tools, transfer, hang-up


async def test_a_tool_runs_behind_a_filler(relay_claude: tuple[Served, FakeClaude]) -> None:
    served, fake = relay_claude
    fake.queue(ToolUse("take_message", {"message": "Call me about my bike"}),
               Text("I've passed that on to Sam."))
    call = served.call()
    await call.start()
    await call.say("Please tell Sam to call me about my bike.")
    assert call.last_turn is not None
    assert [t.text for t in call.last_turn.tokens] == [
        "One moment. ", "I've ", "passed ", "that ", "on ", "to ", "Sam."]
    # The filler is not part of the transcript; the message is in the CRM as in Gather mode.
    assert (await served.bot_turns(call.sid, 3))[-1] == ("bot", "I've passed that on to Sam.")
    customer = await served.crm.customer_for(CALLER)
    notes = await served.crm.rows(
        "SELECT kind, body FROM notes WHERE customer_id = ?", [customer["id"]])
    assert notes == [{"kind": "message", "body": "Call me about my bike"}]


def assert_put_through(served: Served, call: Call, events: list[Any], said: str,
                       number: str) -> None:
    """The relay ended in a transfer: Twilio's <Connect action> was answered with `said` (its
    TwiML) and a Dial of `number` that whispers first, and the call is dialling."""
    relay_end = [e.exchange for e in events if e.exchange is not None][-1]
    assert relay_end is not None and relay_end.path == "/voice/relay-end"
    assert relay_end.body == (
        f'{HEAD}<Response>{said}<Dial action="{served.base_url}/voice/dial-status" '
        f'callerId="{BUSINESS}" method="POST" timeout="20"><Number method="POST" '
        f'url="{served.base_url}/voice/whisper?call={call.sid}">{number}</Number></Dial>'
        "</Response>")
    assert call.state is CallState.DIALING


async def test_transfer_goes_out_as_end_and_becomes_a_dial(
    relay_claude: tuple[Served, FakeClaude],
) -> None:
    served, fake = relay_claude
    fake.queue(ToolUse("transfer_to_human", {}), Text("Putting you through now."))
    call = served.call()
    await call.start()
    events = await call.say("Can I talk to a person?")
    assert call.last_turn is not None
    assert call.last_turn.handoff == {"reason": "transfer", "say": "Putting you through now."}
    assert_put_through(served, call, events, say("Putting you through now."),
                       served.assistant.profile.transfer_number)
    assert (await served.crm.call(call.sid))["transfer_status"] == "ringing"


async def test_goodbye_ends_the_session_and_hangs_up(relay_bot: Served) -> None:
    call = relay_bot.call()
    await call.start()
    events = await call.say("That's all, bye!")
    assert call.last_turn is not None
    assert call.last_turn.tokens == []  # the last words are said after the session ends
    assert call.last_turn.handoff == {"reason": "hang_up", "say": GOODBYE}
    assert said(events) == [GOODBYE]
    assert call.state is CallState.ENDED and call.ended_by == "bot"
    assert (await relay_bot.bot_turns(call.sid, 3))[-1] == ("bot", GOODBYE)


async def test_zero_asks_for_a_person(relay_bot: Served) -> None:
    call = relay_bot.call()
    await call.start()
    await call.press("0")
    assert call.last_turn is not None
    assert call.last_turn.handoff == {"reason": "transfer",
                                      "say": "Putting you through now, please hold."}
    assert call.state is CallState.DIALING


async def test_silence_asks_once_then_hangs_up(serve_bot: Callable[..., Any]) -> None:
    async with serve_bot(relay_silence_seconds=0.05) as served:
        call = served.call()
        await call.start()
        assert said(await call.stay_silent()) == ["Are you still there?"]
        assert said(await call.stay_silent()) == [
            f"I can't hear anything, so I'll hang up now. {GOODBYE}"]
        assert call.state is CallState.ENDED


# ------------------------------------------------------------------ A socket that breaks


async def test_a_socket_broken_mid_turn_keeps_what_was_sent_and_the_call_goes_on(
    serve_bot: Callable[..., Any],
) -> None:
    async with streaming_claude(serve_bot) as (served, fake):
        fake.queue(Text("Let me see. We have a slot at ten. Or at eleven."))
        sid = call_sid()
        socket = await served.socket_set_up(sid)
        await socket.prompt("Can I book a tune-up?")
        assert (await socket.next_turn(tokens=3)).text == "Let me see."
        await socket.close()  # the line drops
        assert await served.bot_turns(sid, 3) == [
            ("bot", GREETING), ("caller", "Can I book a tune-up?"), ("bot", "Let me see.")]
        # Twilio then posts the <Connect action> with the error: apologise, carry on.
        params = {**voice_params(sid), "ErrorCode": "64105"}
        exchange = await served.client.request(served.base_url + "/voice/relay-end", params)
    apology = "Sorry, the line broke up for a moment. What were you saying?"
    assert exchange.status == 200
    gather = bot.listen(served.assistant.config, apology)
    assert exchange.body == str(gather)


@pytest.mark.parametrize("handoff", ["not json", "[1, 2]", ""])
async def test_relay_end_without_a_readable_handoff_carries_on(
    make_bot: Callable[..., Any], handoff: str,
) -> None:
    async with make_bot(voice_mode="relay") as running:
        sid = call_sid()
        await running.call(sid)
        status, body = await running.post(
            "/voice/relay-end", {**voice_params(sid), "HandoffData": handoff})
        assert status == 200
        assert "What were you saying?" in body and "<Gather" in body


async def test_relay_end_for_an_unknown_call_apologises(make_bot: Callable[..., Any]) -> None:
    async with make_bot(voice_mode="relay") as running:
        status, body = await running.post(
            "/voice/relay-end", {**voice_params(call_sid()),
                                 "HandoffData": json.dumps({"reason": "hang_up"})})
        assert status == 200
        assert body == (f"{HEAD}<Response>{say(bot.PhoneAssistant.SORRY)}"
                        f"{say('Please call again.')}<Hangup /></Response>")


# ------------------------------------------------------------------ The harness's relay calls


@pytest.mark.both_backends  # on PostgreSQL too: Claude's usage saved
async def test_the_harness_caller_talks_over_a_streaming_reply(
    serve_bot: Callable[..., Any],
) -> None:
    async with streaming_claude(serve_bot) as (served, fake):
        fake.queue(Text("First we check the tire. Then we patch it. Then we test it."),
                   Text("Of course."))
        call = served.call()
        await call.start()
        first_token = asyncio.Event()
        call.on_token = lambda token: first_token.set()
        speaking = asyncio.create_task(call.say("How do you fix a flat?"))
        await first_token.wait()
        speaking.cancel()  # the simulator stops reading the old reply
        with pytest.raises(asyncio.CancelledError):
            await speaking
        events = await call.barge_in("Can I wait there?")
        turns = await served.bot_turns(call.sid, 5)
    assert [(e.kind, e.text) for e in events if e.kind in (
        EventKind.SAID, EventKind.CALLER_SAID)] == [
        (EventKind.CALLER_SAID, "How do you fix a flat?"),
        (EventKind.SAID, "First"),
        (EventKind.CALLER_SAID, "(talking over the bot) Can I wait there?"),
        (EventKind.SAID, "Of course.")]
    assert turns[2:] == [("bot", "First"), ("caller", "Can I wait there?"),
                         ("bot", "Of course.")]


async def test_the_load_driver_times_relay_turns(relay_bot: Served) -> None:
    from harness.load import run_load

    report = await run_load(relay_bot.client, relay_bot.account, calls=4, concurrency=2,
                            turns=2, texts=0, time_limit=60)
    assert report.error_count == 0 and report.calls == 4
    assert len(report.latencies["WS prompt → 1st token"]) == 8
    assert len(report.latencies["POST /voice/incoming"]) == 4


@pytest.mark.sqlite_only
async def test_an_empty_binary_frame_or_a_second_setup_does_not_end_the_call(
        relay_bot: Served) -> None:
    """Found by tests/test_fuzz.py: Hypercorn hands an empty binary frame to the app as None,
    and json.loads(None) raised TypeError, which killed the socket; a second setup without
    a Call SID hung up a call already under way. Both are ignored; the call carries on."""
    call = relay_bot.call()
    await call.start()
    assert call.relay is not None and call.relay._ws is not None
    await call.relay._ws.send_bytes(b"")
    await call.relay.send({"type": "setup", "callSid": None})
    events = await call.say("What are your hours?")
    assert call.last_turn is not None and call.last_turn.complete
    assert "open" in said(events)[0].lower()
    assert call.state is CallState.LISTENING


# ------------------------------------------------------------------ Identity


async def test_a_code_keyed_in_over_the_relay_is_one_turn(relay_bot: Served) -> None:
    """Twilio sends each key as its own message: while a code is awaited they make one turn
    (a key alone would be a wrong code, and three would lock the call)."""
    import re

    from twilio.rest import Client

    from tests.fakes import FakeTwilioHttp, account_sid

    http = FakeTwilioHttp()
    relay_bot.assistant.telephone.client = Client(account_sid(), "token", http_client=http)
    customer = await relay_bot.crm.customer_for(CALLER)
    await relay_bot.crm.update_customer(customer["id"], name="Dana Whitfield")
    call = Call(relay_bot.client, relay_bot.account, CALLER, status_path=None,
                stir_verstat=None)
    relay_bot.calls.append(call)
    assert said(await call.start()) == [GREETING]
    assert said(await call.say("when is my appointment")) == [
        "To keep your details private, I need to confirm it's you first. Shall I text a code "
        "to the number we have on file?"]
    assert said(await call.say("yes")) == [
        "I've texted a 6-digit code to the number we have on file. Please say it or key it in."]
    code = re.search(r"your code is (\d{6})", http.messages[-1]["Body"])
    assert code is not None and call.relay is not None
    for key in code.group(1):
        await call.relay.dtmf(key)
    turn = await call.relay.next_turn()
    assert "".join(t.text for t in turn.tokens) == (
        "Thanks, that's confirmed. You have no upcoming appointments. Is there anything else I "
        "can help with?")
    state = await relay_bot.crm.dialogue_state(call.sid)
    assert set(state["identity"]) == {"codes_sent", "confirmed_at"}


# ------------------------------------------------------------------ The caller's language

SPANISH = {"type": "language", "ttsLanguage": "es-US", "transcriptionLanguage": "es-US"}
DENTAL = Path(__file__).parent / "profiles" / "dental.toml"
DENTAL_NOW = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # Wednesday 10:00 in Chicago: open


async def test_a_spanish_caller_switches_the_session_to_spanish_once(relay_bot: Served) -> None:
    call = relay_bot.call()
    await call.start()
    events = await call.say("¿Hablan español?")
    assert call.last_turn is not None
    # The switch comes before the words, so they are already said in the Spanish voice.
    assert call.last_turn.other == [SPANISH]
    assert said(events) == [
        "Lo siento, ahora mismo nadie habla español aquí. Por favor, deje su nombre y su "
        "número, y le llamaremos."]
    assert [e.attrs.get("language") for e in events if e.kind is EventKind.SAID] == ["es-US"]
    assert call.relay is not None and call.relay.language == "es-US"
    await call.say("Soy Ana Gómez, llámenme por favor")
    assert call.last_turn.other == []  # already in Spanish: no second switch


async def test_a_spanish_callers_transfer_dials_the_languages_number_in_its_voice(
    serve_bot: Callable[..., Any], tmp_path: Path,
) -> None:
    profile = tmp_path / "business.toml"
    profile.write_text(DENTAL.read_text() + '\n[languages]\nSpanish = { staff = "Lucía Torres", '
                       'number = "+15005550077" }\n')
    async with serve_bot(business_profile=profile, clock=lambda: DENTAL_NOW) as served:
        call = served.call()
        await call.start()
        events = await call.say("Hola, ¿hablan español?")
        line = "Un momento, por favor: le comunico con Lucía Torres, que habla español."
        assert call.last_turn is not None
        assert call.last_turn.handoff == {"reason": "transfer", "say": line,
                                          "language": "Spanish"}
        assert_put_through(served, call, events, say(line, "es-US", "Polly.Lupe-Neural"),
                           "+15005550077")


async def test_a_handoff_naming_no_known_language_is_said_in_english(
    make_bot: Callable[..., Any],
) -> None:
    async with make_bot(voice_mode="relay") as running:
        running: Bot
        sid = call_sid()
        await running.call(sid)
        status, body = await running.post("/voice/relay-end", {
            **voice_params(sid), "HandoffData": json.dumps(
                {"reason": "hang_up", "say": "Bye.", "language": "Polly.Evil"})})
        assert (status, body) == (200, f"{HEAD}<Response>{say('Bye.')}<Hangup /></Response>")
