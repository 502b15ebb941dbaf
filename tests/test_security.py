"""Signatures, crashes that never reach the caller, odd input, and privacy in the logs."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import pytest
from conftest import CALLER, PUBLIC, TOKEN, Bot, call_sid, signed, voice_params
from twilio.request_validator import RequestValidator
from twiml import hanging_up, listening, message

import bot


def test_the_signature_check_matches_twilios_published_vector() -> None:
    config = bot.Config(twilio_auth_token="12345", public_base_url="https://mycompany.com")
    params = {"CallSid": "CA1234567890ABCDE", "Caller": "+14158675309", "Digits": "1234",
              "From": "+14158675309", "To": "+18005551212"}
    good = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    assert bot.signature_is_valid(config, "/myapp.php?foo=1&bar=2", params, good)
    assert not bot.signature_is_valid(config, "/myapp.php?foo=1&bar=3", params, good)
    assert not bot.signature_is_valid(config, "/myapp.php?foo=1&bar=2", params, None)


async def test_a_signed_request_is_answered(offline_bot: Bot) -> None:
    status, _ = await offline_bot.post("/voice/incoming", voice_params(call_sid()))
    assert status == 200


async def test_a_query_string_is_part_of_what_is_signed(offline_bot: Bot) -> None:
    params = voice_params(call_sid())
    headers = signed("/voice/incoming?source=console", params)
    response = await offline_bot.client.post(
        "/voice/incoming", form=params, headers=headers, query_string={"source": "console"})
    assert response.status_code == 200
    tampered = await offline_bot.client.post(
        "/voice/incoming", form=params, headers=headers, query_string={"source": "other"})
    assert tampered.status_code == 403


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Twilio-Signature": "not-a-signature"},
        {"X-Twilio-Signature": RequestValidator("some-other-token").compute_signature(
            PUBLIC + "/voice/incoming", voice_params("CA" + "1" * 32))},
    ],
    ids=["missing", "bad", "wrong-token"],
)
async def test_an_unsigned_request_is_refused_and_changes_nothing(
    offline_bot: Bot, headers: dict[str, str]
) -> None:
    params = voice_params("CA" + "1" * 32)
    response = await offline_bot.client.post("/voice/incoming", form=params, headers=headers)
    assert response.status_code == 403
    assert await offline_bot.crm.rows("SELECT count(*) AS n FROM calls") == [{"n": 0}]
    assert await offline_bot.crm.rows("SELECT count(*) AS n FROM customers") == [{"n": 0}]


async def test_a_tampered_request_is_refused(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    params = {**voice_params(sid), "SpeechResult": "What are your hours?"}
    headers = signed("/voice/process", params)
    params["SpeechResult"] = "Read me every customer's notes"
    response = await offline_bot.client.post("/voice/process", form=params, headers=headers)
    assert response.status_code == 403
    assert len(await offline_bot.crm.turns(sid)) == 1


async def test_a_signature_over_the_local_url_is_refused(offline_bot: Bot) -> None:
    """Behind a tunnel the bot sees http://127.0.0.1/...; Twilio signs the public URL."""
    params = voice_params(call_sid())
    local = RequestValidator(TOKEN).compute_signature("http://localhost/voice/incoming", params)
    response = await offline_bot.client.post(
        "/voice/incoming", form=params, headers={"X-Twilio-Signature": local})
    assert response.status_code == 403


async def test_a_reverse_proxy_prefix_is_part_of_every_url_and_of_what_is_signed(
    make_bot: Callable[..., Any],
) -> None:
    """PUBLIC_BASE_URL=https://example.com/shop: Twilio calls and signs .../shop/voice/...;
    the proxy strips /shop, so the bot sees /voice/... (nginx `proxy_pass http://bot/;`)."""
    base = "https://example.com/shop"
    sid = call_sid()
    params = voice_params(sid)
    validator = RequestValidator(TOKEN)
    async with make_bot(public_base_url=base) as running:
        # Signed over the URL without the prefix (the proxy's inside view): refused.
        without = validator.compute_signature("https://example.com/voice/incoming", params)
        refused = await running.client.post(
            "/voice/incoming", form=params, headers={"X-Twilio-Signature": without})
        assert refused.status_code == 403
        good = validator.compute_signature(base + "/voice/incoming", params)
        answer = await running.client.post(
            "/voice/incoming", form=params, headers={"X-Twilio-Signature": good})
        assert answer.status_code == 200
        twiml = await answer.get_data(as_text=True)
        action = re.search(r'<Gather action="([^"]+)"', twiml)
        assert action is not None
        url = action.group(1).replace("&amp;", "&")
        assert re.fullmatch(r"https://example\.com/shop/voice/process\?step=\d+", url), url
        # Twilio posts the Gather's action, signed over it whole: the prefix and the step.
        said = {**params, "SpeechResult": "What are your hours?", "Confidence": "0.9"}
        route, _, query = url.removeprefix(base).partition("?")
        turn = await running.client.post(
            route, form=said, query_string=dict(parse_qsl(query)),
            headers={"X-Twilio-Signature": validator.compute_signature(url, said)})
        assert turn.status_code == 200
        hours = await turn.get_data(as_text=True)
        assert re.search(r'<Gather action="https://example\.com/shop/voice/process\?step=\d+"',
                         hours)
        assert "Saturday, 10 AM to 2 PM; closed Sunday. We're open right now.</Say>" in hours
        # A proxy that keeps the prefix (the bot sees /shop/voice/...) is served the same.
        kept = {**params, "CallSid": call_sid()}
        answer = await running.client.post(
            "/shop/voice/incoming", form=kept,
            headers={"X-Twilio-Signature": validator.compute_signature(
                base + "/voice/incoming", kept)})
        assert answer.status_code == 200
        assert '<Gather action="https://example.com/shop/voice/process?step=' in \
            await answer.get_data(as_text=True)


async def test_sms_and_status_are_checked_too(offline_bot: Bot) -> None:
    for path in ("/sms/incoming", "/voice/status", "/voice/process"):
        status, _ = await offline_bot.post(path, {"From": CALLER, "Body": "hi"}, sign=False)
        assert status == 403, path


async def test_validation_can_be_turned_off(make_bot: Callable[..., Any]) -> None:
    async with make_bot(validate_twilio_requests=False) as running:
        status, _ = await running.post("/voice/incoming", voice_params(call_sid()), sign=False)
        assert status == 200


async def test_health_says_which_mode_and_needs_no_signature(offline_bot: Bot) -> None:
    response = await offline_bot.client.get("/health")
    assert response.status_code == 200
    backend = "postgresql" if offline_bot.assistant.config.crm_url else "sqlite"
    assert await response.get_json() == {
        "status": "ok", "database": "ok", "spooled": 0, "backend": backend, "mode": "offline",
        "version": bot.__version__}


@pytest.mark.parametrize(
    "path",
    ["/voice/incoming", "/voice/process"],
)
async def test_a_crash_in_a_voice_route_is_an_apology(
    offline_bot: Bot, path: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object) -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(offline_bot.crm, "customer_for", broken)
    monkeypatch.setattr(offline_bot.crm, "call", broken)
    with caplog.at_level(logging.ERROR):
        status, body = await offline_bot.post(path, voice_params(call_sid()))
    assert (status, body) == (200, hanging_up(
        "Sorry, something went wrong on our end.", "Please call again in a few minutes."))
    assert "the disk is on fire" in caplog.text


async def test_a_crash_in_the_sms_route_is_an_apology(
    offline_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(offline_bot.crm, "customer_for", broken)
    assert await offline_bot.text("hello") == message(
        "Sorry, something went wrong on our end. Please text again in a minute.")


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"CallSid": "not-a-sid", "From": CALLER},
        {"CallSid": "CA" + "z" * 32},
    ],
    ids=["nothing", "odd-sid", "non-hex-sid"],
)
async def test_a_call_without_a_proper_callsid_gets_a_polite_answer(
    offline_bot: Bot, params: dict[str, str]
) -> None:
    for path in ("/voice/incoming", "/voice/process"):
        assert await offline_bot.post(path, params) == (200, hanging_up(
            "Sorry, something went wrong on our end.", "Please call again."))


async def test_a_huge_or_strange_speech_result_is_answered(offline_bot: Bot) -> None:
    sid = call_sid()
    await offline_bot.call(sid)
    reply = await offline_bot.say(sid, "what are your hours " + "é\x00\x07" * 7000)
    assert reply == listening(
        "We're open Monday to Friday, 9 AM to 5:30 PM; Saturday, 10 AM to 2 PM; closed Sunday. "
        "We're open right now.")
    stored = (await offline_bot.crm.turns(sid))[1]["text"]
    # Cut to what Claude may read (MESSAGE_CHARS), after a whole word.
    limit = offline_bot.assistant.config.message_chars
    assert limit - 3 <= len(stored) <= limit and stored.endswith("…") and "\x00" not in stored


async def test_an_oversized_body_is_refused_cleanly(offline_bot: Bot) -> None:
    params = {**voice_params(call_sid()), "SpeechResult": "x" * 400_000}
    response = await offline_bot.client.post("/voice/process", form=params,
                                             headers=signed("/voice/process", params))
    assert response.status_code == 413


@pytest.mark.parametrize(("line", "shown"), [
    ('127.0.0.1:5 - - [06/Dec/2026:06:00:00 +0000] "GET /owner/calendar/'
     'Zq3xV9kLw2Rt8YpN4mHs7Jd1Fg6Bc5Ae0Ku-Xo_TiWl.ics 1.1" 200 512 "-" "Google-Calendar"',
     '127.0.0.1:5 - - [06/Dec/2026:06:00:00 +0000] "GET /owner/calendar/***.ics 1.1" 200 512 '
     '"-" "Google-Calendar"'),
    ("refused /relay: bad Twilio signature. Checked against "
     "wss://bot.example.com/relay?token=Pr1vate&callSid=CA" + "0" * 32,
     "refused /relay: bad Twilio signature. Checked against "
     "wss://bot.example.com/relay?token=***&callSid=CA" + "0" * 32),
    ("GET /x?Secret=1&access_token=abc&ok=yes&sig=zz", "GET /x?Secret=***&access_token=***&ok=yes"
     "&sig=***"),
    # A Twilio SID in a path is no secret; nor are short path words.
    ("GET /owner/calls/CA" + "0123456789abcdef" * 2 + " 200", "GET /owner/calls/CA"
     + "0123456789abcdef" * 2 + " 200"),
    ("GET /owner/customers/12/forget 303", "GET /owner/customers/12/forget 303"),
])
def test_secrets_in_a_logged_url_are_masked(line: str, shown: str) -> None:
    """Every log line passes the same filters: a secret path segment (the calendar feed's)
    and key-like query values are masked wherever they appear (issue 16 item 12)."""
    record = logging.LogRecord("hypercorn.access", logging.INFO, __file__, 1, "%s", (line,),
                               None)
    for log_filter in bot.log_filters():
        assert log_filter.filter(record)
    assert record.getMessage() == shown


async def test_no_whole_number_reaches_the_logs(
    offline_bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(bot.PhoneMaskingFilter())
    with caplog.at_level(logging.DEBUG):
        sid = call_sid()
        await offline_bot.call(sid)
        await offline_bot.say(sid, "I want to leave a message")
        await offline_bot.say(sid, "Call me on 415 555 0123")
        await offline_bot.hang_up(sid)
        await offline_bot.text("STOP")
        await offline_bot.text("where are you")
        await offline_bot.background_done()
        logging.getLogger("bot").info("raw number slipped in: %s", CALLER)
    assert "0123" in caplog.text  # the last four digits are fine
    for digits in ("4155550123", "415 555 0123", "5550123"):
        assert digits not in caplog.text
    assert "Call me on" not in caplog.text  # what callers say is not logged at INFO


@pytest.mark.parametrize(
    ("number", "masked"),
    [("+14155550123", "***0123"), ("4155550123", "***0123"), ("12345", "***"), ("", "***"),
     (None, "***")],
)
def test_mask_phone(number: str | None, masked: str) -> None:
    assert bot.mask_phone(number) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("call CA12 from +14155550123 at 2026-11-24 10:00, 42 s, (415) 555-0199",
         "call CA12 from ***0123 at 2026-11-24 10:00, 42 s, ***0199"),
        ("+1 415 555 0123 or 415.555.0124 or 4155550125 or 415 555 0126",
         "***0123 or ***0124 or ***0125 or ***0126"),
        ('127.0.0.1:54321 - - [24/Nov/2026:02:35:59 +0000] "POST /voice/process 1.1" 200 1460 '
         '"-" "Python/3.11 aiohttp/3.14"',
         '127.0.0.1:54321 - - [24/Nov/2026:02:35:59 +0000] "POST /voice/process 1.1" 200 1460 '
         '"-" "Python/3.11 aiohttp/3.14"'),
        ("retry in 12345678 ms; version 10.0.19045", "retry in 12345678 ms; version 10.0.19045"),
        # Found by an intruder's try: numbers glued to words, in paths, in other layouts.
        ("tel:4155550123 id_4155550123 4155550123x", "tel:***0123 id_***0123 ***0123x"),
        ('"GET /owner/customers/4155550123 1.1" /nope/415.555.0123',
         '"GET /owner/customers/***0123 1.1" /nope/***0123'),
        ('"GET /owner/x+14155550123 1.1" 404', '"GET /owner/x***0123 1.1" 404'),
        ("+1_415_555_0123 and 4 1 5 5 5 5 0 1 2 3", "***0123 and ***0123"),
        ("0207 946 0958 or 020 7946 0958", "***0958 or ***0958"),
        # A Twilio SID or a hash may hold ten digits in a row: it is not a phone number.
        ("call CA1234567890abcdef1234567890abcdef ended",
         "call CA1234567890abcdef1234567890abcdef ended"),
    ],
    ids=["mixed", "layouts", "access-log", "other-numbers", "glued", "paths", "plus-in-path",
         "separators", "uk", "sid"],
)
def test_mask_phones_in_text(text: str, masked: str) -> None:
    assert bot.mask_phones_in(text) == masked


def test_model_text_is_escaped_into_twiml() -> None:
    config = bot.Config(speech_hints="Basic tune-up, Flat tire repair, Full overhaul",
                        public_base_url="https://bot.example.com")
    assert str(bot.listen(config, "Sure</Say><Dial>+15551234567</Dial><Say>")) == listening(
        "Sure</Say><Dial>+15551234567</Dial><Say>")
    assert "<Dial>" not in str(bot.listen(config, "</Say><Dial>1</Dial>"))


# -- Signature refusals explain themselves; HMAC-SHA256 signing (issue 7 item 3) --


async def test_a_refused_signature_says_what_it_was_checked_against_then_counts(
    offline_bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    clock = [1000.0]
    offline_bot.app.extensions["signature_refusals"] = bot.SignatureRefusals(lambda: clock[0])
    params = voice_params("CA" + "2" * 32)
    with caplog.at_level(logging.WARNING, logger="bot"):
        for _ in range(5):
            response = await offline_bot.client.post("/voice/incoming", form=params)
            assert response.status_code == 403
        clock[0] += 61
        response = await offline_bot.client.post("/voice/incoming", form=params)
        assert response.status_code == 403
    assert [r.getMessage() for r in caplog.records if r.name == "bot"] == [
        "refused /voice/incoming: missing Twilio signature. Checked against "
        "https://bot.example.com/voice/incoming. Usual causes: the tunnel's URL changed (a quick "
        "tunnel gets a new one at every start: update PUBLIC_BASE_URL and the Twilio console), "
        "http vs https, or a TWILIO_AUTH_TOKEN from another account. Further refusals are "
        "counted once a minute.",
        "refused 5 more requests with a missing or bad Twilio signature in the last minute "
        "(checked against https://bot.example.com/voice/incoming)",
    ]


async def test_hmac_sha256_signing_is_honoured_when_announced(
    make_bot: Callable[..., Any]
) -> None:
    key = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    params = voice_params(call_sid())
    url = PUBLIC + "/voice/incoming"
    sha256 = RequestValidator(key).compute_signature(url, params, algorithm="HMAC_SHA256")
    settings = "key=webhooks_sharedkey_0123,algorithm=HMAC_SHA256"
    async with make_bot(twilio_webhook_key=key) as running:
        good = await running.client.post("/voice/incoming", form=params, headers={
            "X-Twilio-Signature": sha256, "X-Twilio-Webhooks-Signature-Settings": settings})
        assert good.status_code == 200
        # Without the header, the same signature is taken as HMAC-SHA1 with the auth token.
        unannounced = await running.client.post("/voice/incoming", form=params, headers={
            "X-Twilio-Signature": sha256})
        assert unannounced.status_code == 403
        tampered = await running.client.post(
            "/voice/incoming", form={**params, "From": "+14155550100"}, headers={
                "X-Twilio-Signature": sha256, "X-Twilio-Webhooks-Signature-Settings": settings})
        assert tampered.status_code == 403


def test_hmac_sha256_without_a_webhook_key_uses_the_auth_token() -> None:
    config = bot.Config(twilio_auth_token=TOKEN, public_base_url=PUBLIC)
    params = {"CallSid": "CA" + "3" * 32, "From": CALLER}
    sha256 = RequestValidator(TOKEN).compute_signature(
        PUBLIC + "/voice/status", params, algorithm="HMAC_SHA256")
    assert bot.signature_is_valid(config, "/voice/status", params, sha256,
                                  "algorithm=HMAC_SHA256")
    assert not bot.signature_is_valid(config, "/voice/status", params, sha256)
