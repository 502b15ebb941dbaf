"""Playing Twilio's side of a ConversationRelay session (REFERENCE.md, ConversationRelay).

Twilio opens the bot's WebSocket at the ``url`` of ``<ConversationRelay>`` exactly as given (the
bot's names the call and carries its single-use token in the query), with an
``X-Twilio-Signature`` computed over that wss URL, query included, and no parameters; it sends
``setup`` (whose ``callSid`` is the call's), then one ``prompt`` per thing the caller said,
``dtmf`` per key, and ``interrupt`` when the caller talks over the bot; the bot streams
``text`` tokens (``last: true`` closes its turn) and ends the session with ``end`` and its
``handoffData``.

``RelaySocket`` does exactly that over a real socket (aiohttp), keeping each token with the time
it arrived, so the simulator can show tokens live, tests can see them arrive before the reply is
complete, and benchmarks can time the first one. ``harness.twiml.Call`` uses it when a
``<Connect><ConversationRelay>`` answers a call, so scenarios and the load driver place relay
calls the same way as Gather calls.

From code (a benchmark, say)::

    async with connect(settings) as bot:          # harness.twilio_sim, bot.py VOICE_MODE=relay
        call = Call(bot.client, settings.account, "+14155550123")
        await call.start()                        # /voice/incoming, then the socket and setup
        turn = await call.say("What are your hours?")   # prompt; the tokens as they came
        turn_events = call.events                 # said, with first-token timing in attrs
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from twilio.request_validator import RequestValidator

# Twilio gives up on a turn it cannot speak long before this; the simulator waits this long.
TURN_TIMEOUT = 30.0


class RelayRefused(Exception):
    """The bot refused the WebSocket upgrade (``status`` is its HTTP answer)."""

    def __init__(self, status: int) -> None:
        super().__init__(f"the bot refused the relay socket with HTTP {status}")
        self.status = status


def relay_signature(auth_token: str, url: str) -> str:
    """The ``X-Twilio-Signature`` Twilio sends when it opens ``url`` (its query included, no
    parameters)."""
    return str(RequestValidator(auth_token).compute_signature(url, {}))


@dataclass
class Token:
    """One streamed piece of the bot's reply, and when it arrived (seconds after the prompt)."""

    text: str
    at: float


@dataclass
class RelayTurn:
    """What the bot sent back for one prompt (or key): its tokens, and how the turn ended."""

    tokens: list[Token] = field(default_factory=list)
    complete: bool = False  # the bot sent ``last: true``
    handoff: dict[str, Any] | None = None  # the bot ended the session with this handoffData
    closed: bool = False  # the socket closed
    other: list[dict[str, Any]] = field(default_factory=list)  # play, sendDigits, language

    @property
    def text(self) -> str:
        """The words of the turn, as the caller hears them."""
        return " ".join("".join(t.text for t in self.tokens).split())

    @property
    def first_token_at(self) -> float | None:
        """Seconds from the prompt to the first speakable token."""
        return next((t.at for t in self.tokens if t.text.strip()), None)


class RelaySocket:
    """One ConversationRelay WebSocket, as Twilio holds it."""

    def __init__(
        self, url: str, auth_token: str | None, *, session: aiohttp.ClientSession | None = None,
        signature: str | None = None, public_url: str | None = None,
    ) -> None:
        self.url = url
        self.auth_token = auth_token
        self.signature = signature  # overrides the computed one (tests of refusals)
        # The URL Twilio signs: the public wss:// one, when the socket is reached another way.
        self.public_url = public_url or url
        self._session = session
        self._own_session = session is None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._messages: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self._reader: asyncio.Task[None] | None = None
        self.closed = False

    async def open(self) -> None:
        """The signed upgrade; raises RelayRefused when the bot answers it with an error."""
        headers = {"User-Agent": "Twilio.TmeWs/1.0"}
        signature = self.signature
        if signature is None and self.auth_token:
            signature = relay_signature(self.auth_token, self.public_url)
        if signature:
            headers["X-Twilio-Signature"] = signature
        if self._session is None:
            self._session = aiohttp.ClientSession()
        try:
            self._ws = await self._session.ws_connect(self.url, headers=headers, autoping=True)
        except aiohttp.WSServerHandshakeError as error:
            await self._close_session()
            raise RelayRefused(error.status) from error
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self._ws is not None
        async for message in self._ws:
            if message.type is aiohttp.WSMsgType.TEXT:
                try:
                    data = json.loads(message.data)
                except ValueError:
                    data = {"type": "unreadable", "data": message.data}
                await self._messages.put(data if isinstance(data, dict) else {"type": "?"})
        self.closed = True
        await self._messages.put(None)

    async def send(self, message: dict[str, Any]) -> None:
        """One message from Twilio to the bot."""
        assert self._ws is not None, "open() first"
        await self._ws.send_str(json.dumps(message))

    async def setup(
        self, call_sid: str, account_sid: str, caller: str, business: str,
        direction: str = "inbound",
    ) -> None:
        """The first message of a session."""
        await self.send({
            "type": "setup", "sessionId": "VX" + call_sid[2:], "accountSid": account_sid,
            "callSid": call_sid, "from": caller, "to": business, "forwardedFrom": business,
            "callerName": "", "direction": direction, "callType": "PSTN",
            "callStatus": "RINGING", "customParameters": {},
        })

    async def prompt(self, text: str) -> None:
        """What the caller said (the final transcript)."""
        await self.send({"type": "prompt", "voicePrompt": text, "lang": "en-US", "last": True})

    async def dtmf(self, digit: str) -> None:
        """A key the caller pressed."""
        await self.send({"type": "dtmf", "digit": digit})

    async def interrupt(self, heard: str, milliseconds: int = 0) -> None:
        """The caller spoke over the bot after hearing ``heard``."""
        await self.send({"type": "interrupt", "utteranceUntilInterrupt": heard,
                         "durationUntilInterruptMs": milliseconds})

    async def error(self, description: str) -> None:
        """Twilio reports a problem (e.g. a message it could not read)."""
        await self.send({"type": "error", "description": description})

    async def next_turn(
        self, on_token: Callable[[Token], None] | None = None, *,
        tokens: int | None = None, timeout: float = TURN_TIMEOUT,
    ) -> RelayTurn:
        """Read the bot's messages until its turn is complete, the session ends, the socket
        closes, or (with ``tokens``) that many tokens arrived; each token goes to on_token."""
        turn, started = RelayTurn(), time.perf_counter()
        while True:
            try:
                message = await asyncio.wait_for(self._messages.get(), timeout)
            except TimeoutError:
                return turn
            if message is None:
                turn.closed = True
                return turn
            kind = message.get("type")
            if kind == "text":
                text = str(message.get("token") or "")
                if text:
                    token = Token(text, time.perf_counter() - started)
                    turn.tokens.append(token)
                    if on_token is not None:
                        on_token(token)
                if message.get("last"):
                    turn.complete = True
                    return turn
                if tokens is not None and len(turn.tokens) >= tokens:
                    return turn
            elif kind == "end":
                try:
                    handoff = json.loads(str(message.get("handoffData") or "{}"))
                except ValueError:
                    handoff = {"unreadable": message.get("handoffData")}
                turn.handoff = handoff if isinstance(handoff, dict) else {"value": handoff}
                return turn
            else:
                turn.other.append(message)

    def pending(self) -> list[dict[str, Any]]:
        """Messages that arrived and nobody has read yet (without waiting)."""
        found = []
        while not self._messages.empty():
            message = self._messages.get_nowait()
            if message is None:
                self._messages.put_nowait(None)
                break
            found.append(message)
        return found

    async def close(self) -> None:
        """Close the socket as Twilio does at the end of a session (or when the line drops)."""
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
        self.closed = True
        await self._close_session()

    async def _close_session(self) -> None:
        if self._own_session and self._session is not None:
            await self._session.close()
            self._session = None
