"""The TwiML interpreter: it does with each verb what Twilio does, against a scripted stand-in."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from twilio.twiml.messaging_response import MessagingResponse
from twilio.twiml.voice_response import Dial, Gather, VoiceResponse

from harness.twilio_sim import Account, WebhookClient
from harness.twiml import (
    APPLICATION_ERROR,
    Call,
    CallState,
    DialOutcome,
    EventKind,
    TextThread,
    is_keypad,
)
from tests.harness_support import StandIn

CALLER = "+14155550123"
BUSINESS = "+15005550006"


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    async with StandIn() as server:
        yield server


@pytest.fixture
async def client(standin: StandIn) -> AsyncIterator[WebhookClient]:
    async with WebhookClient(standin.base_url, standin.token) as webhook_client:
        yield webhook_client


@pytest.fixture
def account() -> Account:
    return Account(business_number=BUSINESS)


def listen(*lines: str, **gather_options: object) -> str:
    """The TwiML of a bot that says lines and listens, like bot.py's listen()."""
    response = VoiceResponse()
    gather = Gather(input="dtmf speech", action="/voice/process", **gather_options)
    for line in lines:
        gather.say(line)
    response.append(gather)
    return str(response)


def hang_up(line: str) -> str:
    response = VoiceResponse()
    response.say(line)
    response.hangup()
    return str(response)


def shown(events: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    """Events as (kind, text), without the raw requests whose latency varies."""
    return [(str(e.kind), e.text) for e in events if e.kind is not EventKind.REQUEST]


async def test_a_call_greets_listens_answers_and_hangs_up(
    standin: StandIn, client: WebhookClient, account: Account
) -> None:
    standin.answers["/voice/incoming"] = listen("Thanks for calling.", action_on_empty_result=True)
    standin.answers["/voice/process"] = lambda p: (
        hang_up("Goodbye!") if "bye" in p.get("SpeechResult", "") else listen("We open at 9.")
    )
    call = Call(client, account, CALLER)

    assert shown(await call.start()) == [
        ("said", "Thanks for calling."),
        ("listening", "listening for keypad or speech (timeout 5 s)"),
    ]
    assert call.state is CallState.LISTENING
    assert shown(await call.say("When do you open?")) == [
        ("caller said", "When do you open?"),
        ("said", "We open at 9."),
        ("listening", "listening for keypad or speech (timeout 5 s)"),
    ]
    assert shown(await call.say("bye")) == [
        ("caller said", "bye"),
        ("said", "Goodbye!"),
        ("hung up", "bot hung up"),
        ("status callback", f"status callback: completed, {call.duration} s"),
    ]
    assert call.state is CallState.ENDED and call.ended_by == "bot"
    assert standin.paths() == [
        "/voice/incoming",
        "/voice/process",
        "/voice/process",
        "/voice/status",
    ]
    assert all(r.signed for r in standin.received)


async def test_a_call_can_carry_no_attestation_or_another(
    standin: StandIn, client: WebhookClient, account: Account
) -> None:
    standin.answers["/voice/incoming"] = listen("Hello")
    await Call(client, account, CALLER, stir_verstat=None).start()
    await Call(client, account, CALLER, stir_verstat="TN-Validation-Passed-C").start()
    assert [r.params.get("StirVerstat") for r in standin.received] == [
        None, "TN-Validation-Passed-C"]


async def test_every_request_carries_twilios_parameters(
    standin: StandIn, client: WebhookClient, account: Account
) -> None:
    standin.answers["/voice/incoming"] = listen("Hello")
    call = Call(client, account, CALLER)
    await call.start()
    await call.say("What are your hours?", confidence=0.87)
    await call.hang_up()

    incoming, process, status = (r.params for r in standin.received)
    common = {
        "AccountSid": account.sid,
        "ApiVersion": "2010-04-01",
        "CallSid": call.sid,
        "Direction": "inbound",
        "From": CALLER,
        "Caller": CALLER,
        "To": BUSINESS,
        "Called": BUSINESS,
        "FromCity": "SAN FRANCISCO",
        "FromState": "CA",
        "FromZip": "94108",
        "FromCountry": "US",
        "CallerCity": "SAN FRANCISCO",
        "CallerState": "CA",
        "CallerZip": "94108",
        "CallerCountry": "US",
        "ToCity": "",
        "ToState": "",
        "ToZip": "",
        "ToCountry": "US",
        "CalledCity": "",
        "CalledState": "",
        "CalledZip": "",
        "CalledCountry": "US",
    }
    # A caller ID its carrier attested (SHAKEN/STIR A), as a customer's own phone has.
    attested = {"StirVerstat": "TN-Validation-Passed-A"}
    assert incoming == common | attested | {"CallStatus": "ringing"}
    assert process == common | attested | {
        "CallStatus": "in-progress",
        "SpeechResult": "What are your hours?",
        "Confidence": "0.87",
    }
    assert {k: v for k, v in status.items() if k != "Timestamp"} == common | {
        "CallStatus": "completed",
        "CallDuration": str(call.duration),
        "SequenceNumber": "0",
        "CallbackSource": "call-progress-events",
    }
    assert re.fullmatch(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000", status["Timestamp"])
    assert re.fullmatch(r"CA[0-9a-f]{32}", call.sid)
    assert re.fullmatch(r"AC[0-9a-f]{32}", account.sid)


@pytest.mark.parametrize(
    ("gather", "keys", "posted"),
    [
        ({}, "1234#", {"Digits": "1234", "FinishedOnKey": "#"}),
        ({}, "42", {"Digits": "42"}),
        ({"num_digits": 1}, "789", {"Digits": "7"}),
        ({"finish_on_key": "*"}, "12*3", {"Digits": "12", "FinishedOnKey": "*"}),
        ({"finish_on_key": ""}, "12#", {"Digits": "12#"}),
    ],
)
async def test_keypad_digits_follow_finish_on_key_and_num_digits(
    standin: StandIn,
    client: WebhookClient,
    account: Account,
    gather: dict[str, object],
    keys: str,
    posted: dict[str, str],
) -> None:
    standin.answers["/voice/incoming"] = listen("Press a key", **gather)
    call = Call(client, account, CALLER)
    await call.start()
    await call.press(keys)
    sent = standin.received[1].params
    assert {k: v for k, v in sent.items() if k in ("Digits", "FinishedOnKey")} == posted


async def test_silence_posts_the_action_with_action_on_empty_result(
    standin: StandIn, client: WebhookClient, account: Account
) -> None:
    standin.answers["/voice/incoming"] = listen("Hello", action_on_empty_result=True)
    standin.answers["/voice/process"] = listen("Are you still there?")
    call = Call(client, account, CALLER)
    await call.start()
    events = await call.stay_silent()

    assert standin.paths() == ["/voice/incoming", "/voice/process"]
    assert "SpeechResult" not in standin.received[1].params
    assert "Digits" not in standin.received[1].params
    assert ("said", "Are you still there?") in shown(events)


async def test_silence_without_action_on_empty_result_falls_through_to_the_next_verb(
    standin: StandIn, client: WebhookClient, account: Account
) -> None:
    response = VoiceResponse()
    response.gather(input="speech", action="/voice/process").say("Say something")
    response.say("We didn't hear anything. Goodbye.")
    standin.answers["/voice/incoming"] = str(response)
    call = Call(client, account, CALLER)
    await call.start()
    events = await call.stay_silent()

    assert shown(events) == [
        ("caller silent", "(silence)"),
        ("said", "We didn't hear anything. Goodbye."),
        ("hung up", "end of TwiML: Twilio hangs up"),
        ("status callback", f"status callback: completed, {call.duration} s"),
    ]
    assert standin.paths() == ["/voice/incoming", "/voice/status"]


async def test_speech_into_a_keypad_only_gather_is_not_heard(
    standin: StandIn, client: WebhookClient, account: Account
) -> None:
    response = VoiceResponse()
    response.gather(input="dtmf", action="/menu", action_on_empty_result=True).say("Press 1")
    standin.answers["/voice/incoming"] = str(response)
    call = Call(client, account, CALLER)
    await call.start()
    await call.say("one")

    assert standin.received[1].path == "/menu"
    assert "SpeechResult" not in standin.received[1].params


async def test_a_gather_without_input_takes_keys_only_as_twilio_s_default(
    standin: StandIn, client: WebhookClient, account: Account
) -> None:
    """Twilio's default for <Gather input> is dtmf: speech into it is not heard."""
    response = VoiceResponse()
    response.gather(action="/menu", action_on_empty_result=True).say("Press 1")
    standin.answers["/voice/incoming"] = str(response)
    standin.answers["/menu"] = str(response)
    call = Call(client, account, CALLER)
    listening = [e.text for e in await call.start() if e.kind is EventKind.LISTENING]
    assert listening == ["listening for keypad (timeout 5 s)"]
    await call.say("one")
    await call.press("1")

    assert [r.path for r in standin.received[1:3]] == ["/menu", "/menu"]
    assert "SpeechResult" not in standin.received[1].params
    assert "Digits" not in standin.received[1].params
    assert standin.received[2].params["Digits"] == "1"


async def test_action_urls_keep_their_method_and_query(
    standin: StandIn, client: WebhookClient, account: Account
) -> None:
    response = VoiceResponse()
    response.gather(input="speech", action="/voice/step?stage=2&lang=en", method="GET")
    standin.answers["/voice/incoming"] = str(response)
    redirect = VoiceResponse()
    redirect.redirect("next?stage=3")
    standin.answers["/voice/step"] = str(redirect)
    standin.answers["/voice/next"] = hang_up("Done.")
    call = Call(client, account, CALLER)
    await call.start()
    events = await call.say("hello there")

    step, after = standin.received[1], standin.received[2]
    assert step.method == "GET"
    assert step.path.startswith("/voice/step?stage=2&lang=en&")
    assert step.params["SpeechResult"] == "hello there"
    assert step.signed
    # A relative Redirect resolves against the document that holds it, and POSTs by default.
    assert (after.method, after.path) == ("POST", "/voice/next?stage=3")
    assert ("redirected", f"redirect to {standin.base_url}/voice/next?stage=3") in shown(events)
    assert call.state is CallState.ENDED


async def test_say_play_pause_and_unknown_verbs_are_shown_not_crashed_on(
    standin: StandIn, client: WebhookClient, account: Account
) -> None:
    response = VoiceResponse()
    response.say("One moment", voice="Polly.Amy", loop=2)
    response.play("https://example.com/hold.mp3")
    response.pause(length=3)
    response.enqueue("support")
    response.hangup()
    standin.answers["/voice/incoming"] = str(response)
    call = Call(client, account, CALLER)
    events = await call.start()

    assert shown(events)[:4] == [
        ("said", "One moment"),
        ("played", "playing https://example.com/hold.mp3"),
        ("paused", "pause 3 s"),
        ("unsupported", "<Enqueue> not interpreted by the simulator: <Enqueue>support</Enqueue>"),
    ]
    assert events[1].attrs == {"voice": "Polly.Amy", "loop": "2"}
    assert call.ended_by == "bot"


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (
            web.Response(status=500, text="boom"),
            "Twilio error 11200: HTTP 500 from /voice/incoming",
        ),
        (
            web.Response(text="Hello", content_type="text/plain"),
            "Twilio error 12300: invalid content type 'text/plain'",
        ),
        (
            web.Response(text="<Response><Say>", content_type="text/xml"),
            "Twilio error 12100: document parse failure: no element found: line 1, column 15",
        ),
        (
            web.Response(text="<Say>Hi</Say>", content_type="text/xml"),
            "Twilio error 12100: root element is <Say>, not <Response>",
        ),
    ],
)
async def test_a_broken_answer_ends_the_call_as_twilio_does(
    standin: StandIn,
    client: WebhookClient,
    account: Account,
    answer: web.Response,
    error: str,
) -> None:
    standin.answers["/voice/incoming"] = lambda _params: answer
    call = Call(client, account, CALLER)
    events = await call.start()

    assert shown(events) == [
        ("error", error),
        ("said", APPLICATION_ERROR),
        ("hung up", "Twilio hangs up after an application error"),
        ("status callback", f"status callback: completed, {call.duration} s"),
    ]
    assert standin.paths() == ["/voice/incoming", "/voice/status"]


@pytest.mark.parametrize(
    ("outcome", "posted"),
    [
        (DialOutcome("completed", 42), {"DialCallStatus": "completed", "DialCallDuration": "42"}),
        (DialOutcome("busy"), {"DialCallStatus": "busy"}),
        (DialOutcome(), {"DialCallStatus": "no-answer"}),
    ],
)
async def test_dial_posts_the_outcome_to_its_action(
    standin: StandIn,
    client: WebhookClient,
    account: Account,
    outcome: DialOutcome,
    posted: dict[str, str],
) -> None:
    response = VoiceResponse()
    response.say("Transferring you now.")
    dial = Dial(action="/voice/dial-status", caller_id=BUSINESS, timeout=20)
    dial.number("+14155550199")
    response.append(dial)
    standin.answers["/voice/incoming"] = str(response)
    standin.answers["/voice/dial-status"] = hang_up("Bye.")
    call = Call(client, account, CALLER)
    events = await call.start()

    assert call.state is CallState.DIALING
    assert shown(events)[-1] == ("dialing", "transferring to +14155550199")
    assert events[-1].attrs["callerId"] == BUSINESS
    await call.finish_dial(outcome)
    sent = standin.received[1].params
    assert standin.received[1].path == "/voice/dial-status"
    assert {k: v for k, v in sent.items() if k.startswith("DialCall") and k != "DialCallSid"} == (
        posted
    )
    assert re.fullmatch(r"CA[0-9a-f]{32}", sent["DialCallSid"])


async def test_dial_without_action_continues_with_the_next_verb(
    standin: StandIn, client: WebhookClient, account: Account
) -> None:
    response = VoiceResponse()
    response.dial("+14155550199")
    response.say("Nobody answered. Goodbye.")
    standin.answers["/voice/incoming"] = str(response)
    call = Call(client, account, CALLER)
    await call.start()
    events = await call.finish_dial(DialOutcome("no-answer"))

    assert shown(events)[:2] == [
        ("dial ended", "transfer ended: no-answer"),
        ("said", "Nobody answered. Goodbye."),
    ]
    assert call.state is CallState.ENDED


async def test_record_posts_the_recording_then_the_transcription(
    standin: StandIn, client: WebhookClient, account: Account
) -> None:
    response = VoiceResponse()
    response.say("Leave a message after the beep.")
    response.record(
        action="/voice/recorded", transcribe_callback="/voice/transcribed", max_length=60
    )
    standin.answers["/voice/incoming"] = str(response)
    standin.answers["/voice/recorded"] = hang_up("Thanks, goodbye.")
    call = Call(client, account, CALLER)
    events = await call.start()
    assert call.state is CallState.RECORDING
    assert shown(events)[-1] == ("recording", "recording (beep; up to 60 s)")

    await call.say("Please call me back about the invoice")
    recorded, transcribed = standin.received[1], standin.received[2]
    assert recorded.path == "/voice/recorded"
    assert recorded.params["RecordingDuration"] == "3"
    sid = recorded.params["RecordingSid"]
    assert re.fullmatch(r"RE[0-9a-f]{32}", sid)
    assert recorded.params["RecordingUrl"].endswith(f"/Recordings/{sid}")
    assert transcribed.path == "/voice/transcribed"
    assert {k: transcribed.params[k] for k in ("TranscriptionText", "TranscriptionStatus")} == {
        "TranscriptionText": "Please call me back about the invoice",
        "TranscriptionStatus": "completed",
    }
    assert transcribed.params["RecordingSid"] == sid
    assert call.state is CallState.ENDED


async def test_an_empty_recording_skips_the_action(
    standin: StandIn, client: WebhookClient, account: Account
) -> None:
    response = VoiceResponse()
    response.record(action="/voice/recorded")
    response.say("No message recorded. Goodbye.")
    standin.answers["/voice/incoming"] = str(response)
    call = Call(client, account, CALLER)
    await call.start()
    events = await call.stay_silent()

    assert ("said", "No message recorded. Goodbye.") in shown(events)
    assert "/voice/recorded" not in standin.paths()


async def test_the_caller_hanging_up_sends_only_the_status_callback(
    standin: StandIn, client: WebhookClient, account: Account
) -> None:
    standin.answers["/voice/incoming"] = listen("Hello")
    call = Call(client, account, CALLER)
    await call.start()
    events = await call.hang_up()

    assert shown(events) == [
        ("hung up", "caller hung up"),
        ("status callback", f"status callback: completed, {call.duration} s"),
    ]
    assert call.ended_by == "caller"
    assert standin.paths() == ["/voice/incoming", "/voice/status"]
    assert shown(await call.say("hello?")) == [
        ("caller said", "hello?"),
        ("unsupported", "ignored: nobody is listening"),
    ]


async def test_texts_read_message_replies_follow_redirects_and_accept_no_reply(
    standin: StandIn, client: WebhookClient, account: Account
) -> None:
    reply = MessagingResponse()
    reply.message("We open at 9.")
    reply.message("Owner: a new text", to="+14155550100")
    redirect = MessagingResponse()
    redirect.redirect("/sms/second")
    answers = iter([str(redirect), "<Response/>"])
    standin.answers["/sms/incoming"] = lambda _p: next(answers)
    standin.answers["/sms/second"] = str(reply)
    thread = TextThread(client, account, CALLER)

    assert shown(await thread.send("When do you open?")) == [
        ("sms sent", "When do you open?"),
        ("redirected", f"redirect to {standin.base_url}/sms/second"),
        ("sms reply", "We open at 9."),
        ("texted", "text to +14155550100: Owner: a new text"),
    ]
    assert shown(await thread.send("STOP")) == [("sms sent", "STOP")]
    params = standin.received[0].params
    assert {
        k: params[k] for k in ("From", "To", "Body", "NumMedia", "NumSegments", "SmsStatus")
    } == {
        "From": CALLER,
        "To": BUSINESS,
        "Body": "When do you open?",
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
    }
    assert re.fullmatch(r"SM[0-9a-f]{32}", params["MessageSid"])
    assert params["MessageSid"] == params["SmsSid"] == params["SmsMessageSid"]
    assert all(r.signed for r in standin.received)


@pytest.mark.parametrize(
    ("line", "keypad"),
    [
        ("0", True),
        ("123#", True),
        ("*9", True),
        (" 5 ", True),
        ("", False),
        ("hi", False),
        ("1 2", False),
        ("call 911", False),
    ],
)
def test_a_typed_line_is_keypad_only_when_it_is_all_keys(line: str, keypad: bool) -> None:
    assert is_keypad(line) is keypad


async def test_a_gather_and_say_in_another_language_are_shown_in_it(
    standin: StandIn, client: WebhookClient, account: Account
) -> None:
    from harness.app import event_widget

    response = VoiceResponse()
    gather = response.gather(input="dtmf speech", action="/voice/process", language="es-US")
    gather.say("¿En qué le puedo ayudar?", language="es-US", voice="Polly.Lupe-Neural")
    standin.answers["/voice/incoming"] = str(response)
    events = [e for e in await Call(client, account, CALLER).start()
              if e.kind is not EventKind.REQUEST]
    assert shown(events) == [
        ("said", "¿En qué le puedo ayudar?"),
        ("listening", "listening for keypad or speech in es-US (timeout 5 s)"),
    ]
    assert str(event_widget(events[0]).content) == "Bot (es-US)  ¿En qué le puedo ayudar?"


def transfer_with_whisper() -> str:
    """A <Dial> whose <Number url> plays a whisper (as the bot answers a transfer)."""
    response = VoiceResponse()
    dial = Dial(action="/voice/dial-status", caller_id=BUSINESS, timeout=20)
    dial.number("+14155550199", url="/voice/whisper?call=CA1", method="POST")
    response.append(dial)
    return str(response)


def whisper_twiml() -> str:
    """Who is calling, 1 to take it, else a goodbye and <Hangup/>."""
    response = VoiceResponse()
    gather = response.gather(num_digits=1, timeout=6, action="/voice/whisper-key?call=CA1")
    gather.say("Dana Whitfield, about her tune-up.")
    response.say("Goodbye.")
    response.hangup()
    return str(response)


@pytest.mark.parametrize(
    ("keys", "taken", "pressed"),
    [("1", True, "the person answering pressed 1"),
     ("2", False, "the person answering pressed 2"),
     (None, False, "the person answering pressed nothing")],
)
async def test_a_whisper_is_played_to_the_person_answering_before_the_calls_are_joined(
    standin: StandIn, client: WebhookClient, account: Account, keys: str | None, taken: bool,
    pressed: str,
) -> None:
    standin.answers["/voice/incoming"] = transfer_with_whisper()
    standin.answers["/voice/whisper"] = whisper_twiml()
    standin.answers["/voice/whisper-key"] = str(VoiceResponse()) if taken else hang_up("Bye.")
    standin.answers["/voice/dial-status"] = hang_up("Bye.")
    call = Call(client, account, CALLER)
    await call.start()
    events = await call.finish_dial(DialOutcome("completed", 42, keys=keys))

    whisper = standin.received[1]
    # The whisper is the new call's request, from the business to the person answering.
    assert (whisper.path, whisper.params["To"], whisper.params["From"],
            whisper.params["ParentCallSid"]) == (
        "/voice/whisper?call=CA1", "+14155550199", BUSINESS, call.sid)
    assert whisper.params["CallSid"] != call.sid
    goodbye = [] if taken else ["Bye." if keys else "Goodbye."]
    assert [text for kind, text in shown(events) if kind == "whispered"] == [
        "Dana Whitfield, about her tune-up.", pressed, *goodbye]
    assert ("said", "Goodbye.") not in shown(events)  # the caller never hears the whisper
    paths = [r.path for r in standin.received]
    assert paths[:-1] == ["/voice/incoming", "/voice/whisper?call=CA1", *(
        ["/voice/whisper-key?call=CA1"] if keys else []), "/voice/dial-status"]
    dial_status = standin.received[paths.index("/voice/dial-status")].params
    assert dial_status["DialCallDuration"] == ("42" if taken else "0")
    detail = "answered, talked 42 s" if taken else "answered, but not taken in the whisper"
    assert ("dial ended", f"transfer ended: {detail}") in shown(events)
