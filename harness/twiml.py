"""A TwiML interpreter: what Twilio does with the documents a bot answers.

A ``Call`` posts the incoming-call webhook, runs the TwiML it gets back verb by verb and stops
where Twilio would wait for the caller (a ``<Gather>``, a ``<Record>``, a ``<Dial>`` ringing).
The caller's next move (``say``, ``press``, ``stay_silent``, ``hang_up``, ``finish_dial``) makes
the request Twilio would make and runs on. Every step returns the ``Event`` list it produced: what
the bot said, what the caller did, marks for what Twilio is doing, and each raw exchange.

A ``<Connect><ConversationRelay>`` opens the bot's WebSocket as Twilio would (harness.relay):
``say`` and ``press`` then go over the socket as ``prompt`` and ``dtmf``, ``barge_in`` talks over
a streaming reply, and when the session ends the ``<Connect action>`` is posted and its TwiML runs.

``TextThread`` does the same for SMS. Nothing here knows about screens.
"""

from __future__ import annotations

import enum
import json
import re
import time
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import aiohttp

from harness.relay import RelayRefused, RelaySocket, RelayTurn, Token
from harness.twilio_sim import (
    ATTESTED,
    Account,
    Exchange,
    WebhookClient,
    call_params,
    new_sid,
    sms_params,
    status_callback_params,
)

INCOMING_CALL_PATH = "/voice/incoming"
STATUS_CALLBACK_PATH = "/voice/status"
INCOMING_SMS_PATH = "/sms/incoming"
DEFAULT_CONFIDENCE = 0.92
APPLICATION_ERROR = "We are sorry, an application error has occurred. Goodbye."
# Speech rate used to account for the time Twilio spends reading text aloud (~150 words/min).
WORDS_PER_SECOND = 2.5


class EventKind(enum.StrEnum):
    """What an event shows: the bot, the caller, Twilio's doing, or the wire."""

    SAID = "said"
    PLAYED = "played"
    PAUSED = "paused"
    LISTENING = "listening"
    CALLER_SAID = "caller said"
    CALLER_PRESSED = "caller pressed"
    CALLER_SILENT = "caller silent"
    DIALING = "dialing"
    DIAL_ENDED = "dial ended"
    WHISPERED = "whispered"  # said only to the person answering a transfer (<Number url>)
    RECORDING = "recording"
    RECORDED = "recorded"
    TEXTED = "texted"
    SMS_SENT = "sms sent"
    SMS_REPLY = "sms reply"
    REDIRECTED = "redirected"
    HUNG_UP = "hung up"
    STATUS = "status callback"
    UNSUPPORTED = "unsupported"
    ERROR = "error"
    REQUEST = "request"


# Marks describe what Twilio is doing rather than words anybody says.
MARKS = frozenset(
    {
        EventKind.PLAYED,
        EventKind.PAUSED,
        EventKind.LISTENING,
        EventKind.DIALING,
        EventKind.DIAL_ENDED,
        EventKind.RECORDING,
        EventKind.RECORDED,
        EventKind.TEXTED,
        EventKind.REDIRECTED,
        EventKind.HUNG_UP,
        EventKind.STATUS,
        EventKind.UNSUPPORTED,
    }
)
CALLER_KINDS = frozenset(
    {EventKind.CALLER_SAID, EventKind.CALLER_PRESSED, EventKind.CALLER_SILENT, EventKind.SMS_SENT}
)
BOT_KINDS = frozenset({EventKind.SAID, EventKind.SMS_REPLY})


@dataclass
class Event:
    """One thing that happened on the call or the SMS thread."""

    kind: EventKind
    text: str
    attrs: dict[str, str] = field(default_factory=dict)
    exchange: Exchange | None = None


class CallState(enum.StrEnum):
    """Where a call stands between the caller's moves."""

    IDLE = "idle"
    RUNNING = "running"
    LISTENING = "listening"
    RECORDING = "recording"
    DIALING = "dialing"
    ENDED = "ended"


class TwimlError(Exception):
    """An answer Twilio could not run; ``code`` is the error Twilio would log."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def parse_twiml(exchange: Exchange) -> ET.Element:
    """The ``<Response>`` element of a webhook's answer, checked as Twilio checks it."""
    if exchange.error is not None:
        raise TwimlError(11205, exchange.error)
    if not exchange.ok:
        raise TwimlError(11200, f"HTTP {exchange.status} from {exchange.path}")
    if exchange.content_type not in ("text/xml", "application/xml", "text/html"):
        raise TwimlError(12300, f"invalid content type {exchange.content_type or 'none'!r}")
    try:
        root = ET.fromstring(exchange.body)
    except ET.ParseError as error:
        raise TwimlError(12100, f"document parse failure: {error}") from None
    if root.tag != "Response":
        raise TwimlError(12100, f"root element is <{root.tag}>, not <Response>")
    return root


def element_text(element: ET.Element) -> str:
    """An element's text with the whitespace collapsed (SSML children included)."""
    return " ".join("".join(element.itertext()).split())


def describe_element(element: ET.Element) -> str:
    """A verb as compact XML, for showing what the harness does not interpret."""
    return ET.tostring(element, encoding="unicode").strip()


def speaking_time(text: str) -> float:
    """Seconds Twilio takes to read a text aloud."""
    return len(text.split()) / WORDS_PER_SECOND


@dataclass(frozen=True)
class DialOutcome:
    """How a ``<Dial>`` ends: a DialCallStatus and, when answered, the bridged seconds, and
    the key the person answering presses during a whisper (``<Number url>``; None: none)."""

    status: str = "no-answer"
    duration: int = 0
    keys: str | None = "1"

    STATUSES = ("completed", "busy", "no-answer", "failed", "canceled")


_DIGITS = re.compile(r"^[0-9*#]+$")


def is_keypad(line: str) -> bool:
    """Whether a typed line is keypad digits rather than speech."""
    return bool(_DIGITS.match(line.strip()))


class Call:
    """One inbound call, with Twilio's TwiML semantics."""

    def __init__(
        self,
        client: WebhookClient,
        account: Account,
        caller: str,
        *,
        incoming_path: str = INCOMING_CALL_PATH,
        status_path: str | None = STATUS_CALLBACK_PATH,
        stir_verstat: str | None = ATTESTED,
    ) -> None:
        self.client = client
        self.account = account
        # The caller ID's SHAKEN/STIR verdict (StirVerstat): attested by default, as a real
        # customer's own phone is; None (no verdict), "B", "C" or failed for a spoofed one.
        self.stir_verstat = stir_verstat
        self.caller = caller
        self.sid = new_sid("CA")
        self.incoming_path = incoming_path
        self.status_path = status_path
        self.state = CallState.IDLE
        self.events: list[Event] = []
        self.ended_by: str | None = None
        self._verbs: deque[ET.Element] = deque()
        self._document_url = client.url_for(incoming_path)
        self._waiting_on: ET.Element | None = None
        self._new: list[Event] = []
        self._started_at = 0.0
        # Time Twilio would have spent (reading text, waiting out silences) that the simulator
        # skips; it counts toward the CallDuration the status callback reports.
        self._skipped = 0.0
        self._status_sequence = 0
        self._final_duration: int | None = None
        # A <Connect><ConversationRelay> session: the socket, the <Connect> (for its action),
        # and a callback that sees each token as it arrives (the simulator shows them live).
        self.relay: RelaySocket | None = None
        self._connect: ET.Element | None = None
        self.on_token: Callable[[Token], None] | None = None
        self.last_turn: RelayTurn | None = None

    # ------------------------------------------------------------ The caller's moves

    async def start(self) -> list[Event]:
        """Ring the bot: post the incoming-call webhook and run its TwiML."""
        if self.state is not CallState.IDLE:
            raise RuntimeError("this call has already been placed")
        self._started_at = time.monotonic()
        self.state = CallState.RUNNING
        await self._fetch(self.client.url_for(self.incoming_path), "POST", status="ringing")
        return await self._run()

    async def say(self, text: str, confidence: float = DEFAULT_CONFIDENCE) -> list[Event]:
        """The caller speaks; Twilio posts the transcription (or it is the recording)."""
        self._emit(EventKind.CALLER_SAID, text)
        gather = self._waiting_on
        if self.state is CallState.RECORDING:
            return await self._recorded(text, digits=None)
        if self.state is not CallState.LISTENING or gather is None:
            return self._ignored("nobody is listening")
        if gather.tag == "ConversationRelay":
            return await self._relayed(lambda relay: relay.prompt(text))
        if "speech" not in gather.get("input", "dtmf").split():
            self._emit(EventKind.LISTENING, "Twilio ignores speech: this Gather takes keypad only")
            return await self._no_input(gather)
        return await self._gathered(
            gather, {"SpeechResult": text, "Confidence": f"{confidence:.8f}".rstrip("0")}
        )

    async def press(self, keys: str) -> list[Event]:
        """The caller presses keypad digits."""
        self._emit(EventKind.CALLER_PRESSED, keys)
        gather = self._waiting_on
        if self.state is CallState.RECORDING:
            # A key ends the recording; with nothing said there is no recording to post.
            return await self._recorded("", digits=keys[:1])
        if self.state is not CallState.LISTENING or gather is None:
            return self._ignored("nobody is listening")
        if gather.tag == "ConversationRelay":
            return await self._relayed(lambda relay: relay.dtmf(keys[:1]))
        if "dtmf" not in gather.get("input", "dtmf").split():
            self._emit(EventKind.LISTENING, "Twilio ignores keys: this Gather takes speech only")
            return await self._no_input(gather)
        finish_on_key = gather.get("finishOnKey", "#")
        digits, finished_on = keys, ""
        if finish_on_key and finish_on_key in keys:
            digits, finished_on = keys[: keys.index(finish_on_key)], finish_on_key
        num_digits = gather.get("numDigits")
        if num_digits and num_digits.isdigit():
            digits = digits[: int(num_digits)]
        if not digits:
            return await self._no_input(gather)
        params = {"Digits": digits}
        if finished_on:
            params["FinishedOnKey"] = finished_on
        return await self._gathered(gather, params)

    async def stay_silent(self) -> list[Event]:
        """The caller says nothing until Twilio's timeout runs out."""
        self._emit(EventKind.CALLER_SILENT, "(silence)")
        gather = self._waiting_on
        if self.state is CallState.RECORDING:
            return await self._recorded("", digits=None)
        if self.state is not CallState.LISTENING or gather is None:
            return self._ignored("nobody is listening")
        if gather.tag == "ConversationRelay":
            # Twilio sends nothing for silence: the bot notices it on its own clock.
            return await self._relayed(None)
        return await self._no_input(gather)

    async def barge_in(self, text: str) -> list[Event]:
        """The caller talks over the bot while its reply streams: Twilio sends what they
        heard so far (``interrupt``), then what they said. Only on a relay call."""
        if self.relay is None or self.state is not CallState.LISTENING:
            return self._ignored("nobody is speaking to interrupt")
        turn = self.last_turn
        heard = turn.text if turn is not None and not turn.complete else ""
        if heard:
            self._emit(EventKind.SAID, heard, {"interrupted": "true"})
        self._emit(EventKind.CALLER_SAID, f"(talking over the bot) {text}", {"heard": heard})
        await self.relay.interrupt(heard)
        # Tokens the bot sent before it heard the interruption belong to the old turn.
        self.relay.pending()
        return await self._relayed(lambda relay: relay.prompt(text))

    async def hang_up(self) -> list[Event]:
        """The caller hangs up: Twilio posts nothing more but the status callback."""
        if self.state is CallState.ENDED:
            return self._ignored("the call has already ended")
        if self.state is CallState.IDLE:
            raise RuntimeError("this call has not been placed")
        await self._end("caller", "caller hung up")
        return self._flush()

    async def finish_dial(self, outcome: DialOutcome) -> list[Event]:
        """The transferred-to number answers (and later hangs up), is busy, or never answers."""
        dial = self._waiting_on
        if self.state is not CallState.DIALING or dial is None:
            return self._ignored("nothing is being dialed")
        self._waiting_on = None
        self.state = CallState.RUNNING
        answered = outcome.status == "completed"
        number = next((n for n in dial if n.tag == "Number" and n.get("url")), None)
        taken = True
        if answered and number is not None:
            taken = await self._whisper(dial, number, outcome)
            if not taken:
                # The whisper ended the person's leg before the calls were joined. Twilio
                # reports the Dial by its answered phone; the bot must not read that as taken.
                outcome = DialOutcome("completed", 0)
        self._skipped += outcome.duration if answered else float(dial.get("timeout", "30"))
        detail = f"answered, talked {outcome.duration} s" if answered else outcome.status
        if not taken:
            detail = "answered, but not taken in the whisper"
        self._emit(EventKind.DIAL_ENDED, f"transfer ended: {detail}", {"status": outcome.status})
        action = dial.get("action")
        if action:
            params = {"DialCallStatus": outcome.status, "DialCallSid": new_sid("CA")}
            if answered:
                params["DialCallDuration"] = str(outcome.duration)
            await self._fetch(self._resolve(action), dial.get("method", "POST"), params)
        # Without an action Twilio carries on with the verb after <Dial>.
        return await self._run()

    # ------------------------------------------------------------ Reading the answer

    @property
    def waiting_on(self) -> ET.Element | None:
        """The Gather, Record or Dial Twilio is waiting on."""
        return self._waiting_on

    @property
    def duration(self) -> int:
        """The call's length in seconds, as the status callback reports it."""
        if self._final_duration is not None:
            return self._final_duration
        if not self._started_at:
            return 0
        return round(time.monotonic() - self._started_at + self._skipped)

    def bot_said(self, events: list[Event] | None = None) -> str:
        """Everything the bot said in these events (default: the whole call), as one text."""
        events = self.events if events is None else events
        return " ".join(e.text for e in events if e.kind in BOT_KINDS)

    # ------------------------------------------------------------ Running TwiML

    async def _run(self) -> list[Event]:
        while self.state is CallState.RUNNING:
            if not self._verbs:
                # Twilio hangs up when it runs out of verbs.
                await self._end("bot", "end of TwiML: Twilio hangs up")
                break
            await self._execute(self._verbs.popleft())
        return self._flush()

    async def _execute(self, verb: ET.Element) -> None:
        tag = verb.tag
        if tag in ("Say", "Play", "Pause"):
            self._sound(verb)
        elif tag == "Gather":
            for child in verb:
                if child.tag in ("Say", "Play", "Pause"):
                    self._sound(child)
                else:
                    self._unsupported(child, "not allowed inside <Gather>")
            self._listen(verb)
        elif tag == "Record":
            self.state, self._waiting_on = CallState.RECORDING, verb
            limit = verb.get("maxLength", "3600")
            self._emit(EventKind.RECORDING, f"recording (beep; up to {limit} s)", dict(verb.attrib))
        elif tag == "Dial":
            self._dial(verb)
        elif tag == "Redirect":
            target = element_text(verb)
            if not target:
                self._unsupported(verb, "<Redirect> without a URL")
                return
            url = self._resolve(target)
            self._emit(EventKind.REDIRECTED, f"redirect to {url}", {"url": url})
            await self._fetch(url, verb.get("method", "POST"))
        elif tag == "Connect":
            await self._connect_relay(verb)
        elif tag == "Hangup":
            await self._end("bot", "bot hung up")
        elif tag == "Reject":
            reason = verb.get("reason", "rejected")
            await self._end("bot", f"call rejected ({reason})", status="busy")
        elif tag == "Sms":
            to = verb.get("to", self.caller)
            self._emit(EventKind.TEXTED, f"text to {to}: {element_text(verb)}", {"to": to})
        elif tag == "Message":
            self._unsupported(verb, "<Message> is messaging TwiML; a voice call ignores it")
        else:
            self._unsupported(verb, "not interpreted by the simulator")

    def _sound(self, verb: ET.Element) -> None:
        loop = verb.get("loop", "1")
        times = f" (×{loop})" if loop not in ("1", "") else ""
        if verb.tag == "Say":
            text = element_text(verb)
            self._skipped += speaking_time(text)
            self._emit(EventKind.SAID, text, dict(verb.attrib))
        elif verb.tag == "Play":
            self._emit(EventKind.PLAYED, f"playing {element_text(verb)}{times}", dict(verb.attrib))
        else:
            length = verb.get("length", "1")
            self._skipped += float(length) if length.isdigit() else 1.0
            self._emit(EventKind.PAUSED, f"pause {length} s", dict(verb.attrib))

    def _listen(self, gather: ET.Element) -> None:
        self.state, self._waiting_on = CallState.LISTENING, gather
        kinds = gather.get("input", "dtmf").split()
        heard = " or ".join({"speech": "speech", "dtmf": "keypad"}.get(k, k) for k in kinds)
        language = gather.get("language", "en-US")
        if language != "en-US":
            heard += f" in {language}"
        self._emit(
            EventKind.LISTENING,
            f"listening for {heard} (timeout {gather.get('timeout', '5')} s)",
            dict(gather.attrib),
        )

    def _dial(self, dial: ET.Element) -> None:
        targets = [
            f"{child.tag} {element_text(child)}" if child.tag != "Number" else element_text(child)
            for child in dial
        ] or [element_text(dial)]
        self.state, self._waiting_on = CallState.DIALING, dial
        self._emit(
            EventKind.DIALING,
            f"transferring to {', '.join(targets)}",
            dict(dial.attrib) | {"to": ", ".join(targets)},
        )

    async def _whisper(self, dial: ET.Element, number: ET.Element, outcome: DialOutcome) -> bool:
        """Play a <Number url>'s TwiML to the person answering, as its own call leg (Twilio
        requests it for the new call): whether they took the call, that is whether its TwiML
        ran to the end rather than to a <Hangup/> (or an error)."""
        leg = new_sid("CA")
        to = element_text(number)
        params = call_params(self.account, leg, dial.get("callerId") or self.caller,
                             "in-progress", direction="outbound-dial") | {
            "To": to, "Called": to, "ParentCallSid": self.sid}
        url, method = self._resolve(number.get("url", "")), number.get("method", "POST")
        extra: dict[str, str] = {}
        while True:
            exchange = await self.client.request(url, params | extra, method)
            self._emit(EventKind.REQUEST, exchange.summary(), exchange=exchange)
            try:
                verbs = deque(parse_twiml(exchange))
            except TwimlError as error:
                self._emit(EventKind.ERROR, f"Twilio error {error} (the whisper)",
                           {"code": str(error.code)})
                return False
            document, extra = url, {}
            while verbs:
                verb = verbs.popleft()
                sounds = list(verb) if verb.tag == "Gather" else [verb]
                for sound in sounds:
                    if sound.tag == "Say":
                        self._skipped += speaking_time(element_text(sound))
                        self._emit(EventKind.WHISPERED, element_text(sound), dict(sound.attrib))
                if verb.tag == "Gather" and outcome.keys:
                    keys = outcome.keys[:int(verb.get("numDigits", "0") or 0) or None]
                    self._emit(EventKind.WHISPERED, f"the person answering pressed {keys}")
                    url = self.client.url_for(verb.get("action") or document, document)
                    method, extra = verb.get("method", "POST"), {"Digits": keys}
                    break
                if verb.tag == "Gather":
                    timeout = verb.get("timeout", "5")
                    self._skipped += float(timeout) if timeout.isdigit() else 5.0
                    self._emit(EventKind.WHISPERED, "the person answering pressed nothing")
                elif verb.tag == "Hangup":
                    return False
                elif verb.tag not in ("Say", "Play", "Pause"):
                    self._unsupported(verb, "not interpreted in a whisper")
            else:
                # The whisper's TwiML ran out: Twilio joins the two calls.
                return True

    async def _gathered(self, gather: ET.Element, params: dict[str, str]) -> list[Event]:
        self._waiting_on = None
        self.state = CallState.RUNNING
        action = self._resolve(gather.get("action") or self._document_url)
        await self._fetch(action, gather.get("method", "POST"), params)
        return await self._run()

    async def _no_input(self, gather: ET.Element) -> list[Event]:
        self._waiting_on = None
        self.state = CallState.RUNNING
        timeout = gather.get("timeout", "5")
        self._skipped += float(timeout) if timeout.isdigit() else 5.0
        if gather.get("actionOnEmptyResult", "false").lower() == "true":
            action = self._resolve(gather.get("action") or self._document_url)
            await self._fetch(action, gather.get("method", "POST"))
        # Otherwise Twilio falls through to the verb after the Gather.
        return await self._run()

    async def _recorded(self, text: str, digits: str | None) -> list[Event]:
        record = self._waiting_on
        assert record is not None
        self._waiting_on = None
        self.state = CallState.RUNNING
        if not text:
            # An empty recording: Twilio skips the action and carries on with the next verb.
            self._skipped += float(record.get("timeout", "5"))
            self._emit(EventKind.RECORDED, "nothing recorded")
            return await self._run()
        duration = max(1, round(speaking_time(text)))
        recording_sid = new_sid("RE")
        recording_url = f"https://api.twilio.com/{self.account.sid}/Recordings/{recording_sid}"
        self._skipped += duration
        self._emit(EventKind.RECORDED, f"recorded {duration} s", {"RecordingSid": recording_sid})
        params = {
            "RecordingUrl": recording_url,
            "RecordingSid": recording_sid,
            "RecordingDuration": str(duration),
        }
        if digits:
            params["Digits"] = digits
        action = self._resolve(record.get("action") or self._document_url)
        await self._fetch(action, record.get("method", "POST"), params)
        # Transcriptions and recording statuses arrive later, out of band; their answers are
        # not TwiML and do not change the call.
        recording = {"RecordingSid": recording_sid, "RecordingUrl": recording_url}
        callback = record.get("transcribeCallback")
        if callback or record.get("transcribe", "false").lower() == "true":
            if callback:
                await self._callback(
                    self._resolve(callback),
                    recording
                    | {
                        "TranscriptionSid": new_sid("TR"),
                        "TranscriptionText": text,
                        "TranscriptionStatus": "completed",
                        "TranscriptionType": "fast",
                        "TranscriptionUrl": f"{recording_url}/Transcriptions",
                    },
                )
            else:
                self._emit(EventKind.RECORDED, "transcribed (no transcribeCallback to post to)")
        status_callback = record.get("recordingStatusCallback")
        if status_callback:
            await self._callback(
                self._resolve(status_callback),
                recording
                | {
                    "RecordingStatus": "completed",
                    "RecordingDuration": str(duration),
                    "RecordingChannels": "1",
                    "RecordingSource": "RecordVerb",
                },
                method=record.get("recordingStatusCallbackMethod", "POST"),
            )
        return await self._run()

    # ------------------------------------------------------------ ConversationRelay

    async def _connect_relay(self, connect: ET.Element) -> None:
        """<Connect><ConversationRelay>: speak the greeting, open the signed socket, setup."""
        relay = next((child for child in connect if child.tag == "ConversationRelay"), None)
        if relay is None:
            self._unsupported(connect, "only <ConversationRelay> is simulated inside <Connect>")
            return
        greeting = relay.get("welcomeGreeting", "")
        if greeting:
            self._skipped += speaking_time(greeting)
            self._emit(EventKind.SAID, greeting, dict(relay.attrib))
        url = relay.get("url", "")
        socket = RelaySocket(url, self.client.auth_token,
                             language=relay.get("language") or "en-US")
        self._connect = connect
        try:
            await socket.open()
        except (RelayRefused, aiohttp.ClientError, ValueError) as error:
            self._emit(EventKind.ERROR, f"Twilio error 64102: cannot open {url}: {error}",
                       {"code": "64102"})
            await self._relay_ended({"ErrorCode": "64102"})
            return
        self.relay = socket
        await socket.setup(self.sid, self.account.sid, self.caller, self.account.business_number)
        self.state, self._waiting_on = CallState.LISTENING, relay
        self._emit(EventKind.LISTENING, f"ConversationRelay session on {url}: listening for "
                   "speech or keypad", dict(relay.attrib))

    async def _relayed(
        self, send: Callable[[RelaySocket], Awaitable[None]] | None
    ) -> list[Event]:
        """Send the caller's move over the socket and read the bot's streamed turn."""
        relay = self.relay
        assert relay is not None
        if send is not None:
            await send(relay)
        turn = RelayTurn()
        self.last_turn = turn

        def arrived(token: Token) -> None:
            turn.tokens.append(token)
            if self.on_token is not None:
                self.on_token(token)

        read = await relay.next_turn(arrived)
        turn.complete, turn.handoff, turn.closed = read.complete, read.handoff, read.closed
        turn.other = read.other
        for message in read.other:
            if message.get("type") == "language":
                self._emit(EventKind.LISTENING, f"ConversationRelay now speaks "
                           f"{message.get('ttsLanguage')} and listens in "
                           f"{message.get('transcriptionLanguage')}", {
                               "language": str(message.get("ttsLanguage"))})
        if turn.tokens:
            self._skipped += speaking_time(turn.text)
            first = turn.first_token_at
            self._emit(EventKind.SAID, turn.text, {
                "language": relay.language,
                "tokens": str(len(turn.tokens)),
                "first_token_ms": f"{first * 1000:.1f}" if first is not None else "",
                "last_token_ms": f"{turn.tokens[-1].at * 1000:.1f}",
            })
        if turn.handoff is not None:
            await relay.close()
            await self._relay_ended({"HandoffData": json.dumps(turn.handoff)})
            return await self._run()
        if turn.closed:
            self._emit(EventKind.ERROR, "Twilio error 64105: the bot closed the relay socket",
                       {"code": "64105"})
            await self._relay_ended({"ErrorCode": "64105"})
            return await self._run()
        if not turn.complete:
            self._emit(EventKind.ERROR, "the bot sent no complete turn in time")
        return self._flush()

    async def _relay_ended(self, extra: dict[str, str]) -> None:
        """The session is over: Twilio posts the <Connect action> and runs what it answers."""
        connect, self._connect, self.relay = self._connect, None, None
        self._waiting_on = None
        self.state = CallState.RUNNING
        action = connect.get("action") if connect is not None else None
        if not action:
            # Without an action Twilio carries on with the verb after <Connect>.
            return
        self._emit(EventKind.REDIRECTED, f"session ended: {action}", {"url": action})
        await self._fetch(self._resolve(action), connect.get("method", "POST") if connect
                          is not None else "POST", extra)

    # ------------------------------------------------------------ Requests

    def _resolve(self, url: str) -> str:
        # Relative URLs resolve against the document that holds the verb, query kept.
        return self.client.url_for(url, self._document_url)

    async def _fetch(
        self,
        url: str,
        method: str,
        extra: dict[str, str] | None = None,
        *,
        status: str = "in-progress",
    ) -> None:
        """Request TwiML; its verbs replace whatever was left of the current document."""
        params = call_params(self.account, self.sid, self.caller, status,
                             stir_verstat=self.stir_verstat) | (extra or {})
        exchange = await self.client.request(url, params, method)
        self._emit(EventKind.REQUEST, exchange.summary(), exchange=exchange)
        self._verbs.clear()
        try:
            root = parse_twiml(exchange)
        except TwimlError as error:
            self._emit(EventKind.ERROR, f"Twilio error {error}", {"code": str(error.code)})
            self._emit(EventKind.SAID, APPLICATION_ERROR, {"voice": "twilio"})
            await self._end("bot", "Twilio hangs up after an application error")
            return
        self._document_url = url
        self._verbs.extend(root)

    async def _callback(self, url: str, extra: dict[str, str], method: str = "POST") -> None:
        params = call_params(self.account, self.sid, self.caller, "in-progress",
                             stir_verstat=self.stir_verstat) | extra
        exchange = await self.client.request(url, params, method)
        self._emit(EventKind.REQUEST, exchange.summary(), exchange=exchange)
        if not exchange.ok:
            self._emit(EventKind.ERROR, f"Twilio error 11200: {exchange.summary()}")

    async def _end(self, by: str, reason: str, status: str = "completed") -> None:
        if self.relay is not None:
            relay, self.relay = self.relay, None
            await relay.close()
        self.state = CallState.ENDED
        self._waiting_on = None
        self._verbs.clear()
        self.ended_by = by
        self._final_duration = self.duration
        self._emit(EventKind.HUNG_UP, reason, {"by": by})
        if self.status_path is None:
            return
        # The status callback URL lives on the Twilio number, not in TwiML; by default Twilio
        # sends only the final event.
        duration = self.duration
        params = status_callback_params(
            self.account, self.sid, self.caller, status, duration, self._status_sequence
        )
        self._status_sequence += 1
        exchange = await self.client.request(self.client.url_for(self.status_path), params)
        self._emit(EventKind.REQUEST, exchange.summary(), exchange=exchange)
        self._emit(EventKind.STATUS, f"status callback: {status}, {duration} s", {"status": status})
        if not exchange.ok:
            self._emit(EventKind.ERROR, f"Twilio error 11200: {exchange.summary()}")

    # ------------------------------------------------------------ Events

    def _emit(
        self,
        kind: EventKind,
        text: str,
        attrs: dict[str, str] | None = None,
        exchange: Exchange | None = None,
    ) -> None:
        event = Event(kind, text, attrs or {}, exchange)
        self.events.append(event)
        self._new.append(event)

    def _unsupported(self, verb: ET.Element, why: str) -> None:
        self._emit(EventKind.UNSUPPORTED, f"<{verb.tag}> {why}: {describe_element(verb)}")

    def _ignored(self, why: str) -> list[Event]:
        self._emit(EventKind.UNSUPPORTED, f"ignored: {why}")
        return self._flush()

    def _flush(self) -> list[Event]:
        new, self._new = self._new, []
        return new


class TextThread:
    """SMS between one phone and the business: each text posts the webhook and reads the reply."""

    def __init__(
        self,
        client: WebhookClient,
        account: Account,
        phone: str,
        *,
        incoming_path: str = INCOMING_SMS_PATH,
    ) -> None:
        self.client = client
        self.account = account
        self.phone = phone
        self.incoming_path = incoming_path
        self.events: list[Event] = []

    async def send(self, body: str) -> list[Event]:
        """Text the bot; return the events up to its reply (or none)."""
        new: list[Event] = [Event(EventKind.SMS_SENT, body)]
        params = sms_params(self.account, self.phone, body)
        url, method = self.client.url_for(self.incoming_path), "POST"
        for _ in range(10):  # a Redirect loop is the bot's bug, not a reason to hang
            exchange = await self.client.request(url, params, method)
            new.append(Event(EventKind.REQUEST, exchange.summary(), exchange=exchange))
            try:
                root = parse_twiml(exchange)
            except TwimlError as error:
                new.append(Event(EventKind.ERROR, f"Twilio error {error}"))
                break
            redirect = self._messages(root, new)
            if redirect is None:
                break
            url, method = (
                self.client.url_for(element_text(redirect), url),
                redirect.get("method", "POST"),
            )
            new.append(Event(EventKind.REDIRECTED, f"redirect to {url}", {"url": url}))
        self.events.extend(new)
        return new

    def _messages(self, root: ET.Element, new: list[Event]) -> ET.Element | None:
        """Turn ``<Message>`` verbs into events; return a ``<Redirect>`` to follow, if any."""
        for verb in root:
            if verb.tag == "Message":
                body_element = verb.find("Body")
                body = element_text(body_element if body_element is not None else verb)
                media = [element_text(m) for m in verb.findall("Media")]
                attrs = dict(verb.attrib) | ({"media": " ".join(media)} if media else {})
                to = verb.get("to")
                if to and to != self.phone:
                    new.append(Event(EventKind.TEXTED, f"text to {to}: {body}", attrs))
                else:
                    new.append(Event(EventKind.SMS_REPLY, body, attrs))
            elif verb.tag == "Redirect":
                return verb
            else:
                new.append(
                    Event(
                        EventKind.UNSUPPORTED,
                        f"<{verb.tag}> is not messaging TwiML: {describe_element(verb)}",
                    )
                )
        return None


def transcript_line(event: Event) -> str:
    """One event as a line of a plain-text transcript (scenario output, logs)."""
    kind = event.kind
    if kind is EventKind.SAID:
        return f"bot:    {event.text}"
    if kind is EventKind.SMS_REPLY:
        return f"bot ✉:  {event.text}"
    if kind is EventKind.CALLER_SAID:
        return f"caller: {event.text}"
    if kind is EventKind.CALLER_PRESSED:
        return f"caller: [keypad {event.text}]"
    if kind is EventKind.CALLER_SILENT:
        return "caller: (silence)"
    if kind is EventKind.SMS_SENT:
        return f"caller ✉: {event.text}"
    if kind is EventKind.WHISPERED:
        return f"  whisper to the person answering: {event.text}"
    if kind is EventKind.ERROR:
        return f"  !! {event.text}"
    if kind is EventKind.REQUEST:
        return f"  -> {event.text}"
    return f"  ·  {event.text}"
