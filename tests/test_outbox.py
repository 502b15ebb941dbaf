"""The outbox: owner alerts go out when credentials appear, are retried a bounded number of
times, and Twilio's status callback says whether they arrived (issue 7 items 1 and 11)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from conftest import BUSINESS, CALLER, OPEN_NOW, Bot, Clock
from twilio.rest import Client

import bot
from tests.fakes import FakeTwilioHttp, account_sid

pytestmark = pytest.mark.both_backends  # the outbox's claims in the CRM, once across machines

OWNER = "+15005550001"


@pytest.fixture
async def crm(config: bot.Config) -> AsyncIterator[bot.CRM]:
    """A fresh CRM on the backend under test (SQLite or PostgreSQL)."""
    crm = await bot.open_crm(config)
    yield crm
    await crm.close()


def twilio() -> tuple[FakeTwilioHttp, Client]:
    """The fake Twilio REST API, and the real client talking to it."""
    http = FakeTwilioHttp()
    return http, Client(account_sid(), "token", http_client=http)


async def message_left(running: Bot) -> dict[str, Any]:
    """A caller leaves a message by text: the first outbox row, the owner's alert of it."""
    await running.text("I want to leave a message")
    await running.text("Ring me back")
    return (await running.crm.rows("SELECT * FROM outbox"))[0]


async def outbox(crm: bot.CRM) -> list[tuple[Any, ...]]:
    """The outbox as (status, attempts, error, next_attempt_at) rows."""
    rows = await crm.rows("SELECT * FROM outbox ORDER BY id")
    return [(r["status"], r["attempts"], r["error"], r["next_attempt_at"]) for r in rows]


async def test_alerts_kept_offline_go_out_when_credentials_appear(
    config: bot.Config, crm: bot.CRM
) -> None:
    offline = bot.Telephone(config, crm)
    kept = await offline.send_sms(OWNER, "New message from Dana")
    assert (kept["status"], kept["attempts"]) == ("offline", 0)

    http, client = twilio()
    online = bot.Telephone(config, crm, client, clock=lambda: datetime.now(UTC))
    sent = await online.send_due()
    assert [(r["status"], r["attempts"]) for r in sent] == [("sent", 1)]
    assert http.messages == [{"To": OWNER, "From": BUSINESS, "Body": "New message from Dana",
                              "StatusCallback": "https://bot.example.com/sms/status"}]
    assert await online.send_due() == []  # once


async def test_alerts_the_simulator_made_are_never_sent_by_the_real_bot(
    config: bot.Config, crm: bot.CRM
) -> None:
    # The harness starts bot.py with SIMULATOR=1: its alerts are kept, marked, never sent.
    simulator = bot.Telephone(bot.load_config({"SIMULATOR": "1",
                                                "CRM_DB": str(config.crm_db)}), crm)
    kept = await simulator.send_sms(OWNER, "New message from a fake caller")
    assert (kept["status"], kept["attempts"]) == ("simulated", 0)

    http, client = twilio()
    online = bot.Telephone(config, crm, client, clock=lambda: datetime.now(UTC))
    assert await online.send_due() == []
    assert http.messages == []
    assert await outbox(crm) == [("simulated", 0, None, None)]


async def test_the_sender_started_with_the_app_sends_what_waited_then_stops(
    make_bot: Any, config: bot.Config
) -> None:
    crm = await bot.open_crm(config)
    await bot.Telephone(config, crm).send_sms(OWNER, "Waiting since yesterday evening")
    await crm.close()
    http, client = twilio()
    async with make_bot(twilio_client=client) as running:
        sender = running.app.extensions["outbox_sender"]
        statuses: list[str] = []
        for _ in range(500):  # the sender runs at start; a bounded wait, not a timing test
            statuses = [r["status"] for r in await running.crm.rows("SELECT status FROM outbox")]
            if statuses != ["offline"] and statuses != ["sending"]:
                break
            await asyncio.sleep(0.01)
        assert statuses == ["sent"]
        assert [m["Body"] for m in http.messages] == ["Waiting since yesterday evening"]
    assert sender.done() and "outbox_sender" not in running.app.extensions
    assert not [t for t in asyncio.all_tasks() if "run_sender" in repr(t.get_coro())]


async def test_no_sender_runs_without_credentials(offline_bot: Any) -> None:
    assert "outbox_sender" not in offline_bot.app.extensions


@pytest.mark.parametrize(
    ("fail", "error"),
    [
        (lambda http: http.fail_next(status=500, code=20500, message="Internal error"), "20500"),
        (lambda http: http.fail_next_connection(), "ConnectionError"),
        (lambda http: http.fail_next(status=429, code=20429, message="Too Many Requests"),
         "20429"),
    ],
    ids=["twilio-down", "no-connection", "too-many-requests"],
)
async def test_a_failed_text_is_retried_with_growing_pauses_then_given_up(
    config: bot.Config, crm: bot.CRM, fail: Any, error: str
) -> None:
    http, client = twilio()
    clock = Clock()
    phone = bot.Telephone(config, crm, client, clock=clock)
    for _ in range(5):
        fail(http)
    await phone.send_sms(OWNER, "Call Dana back")
    seen = [(await outbox(crm))[0]]
    for pause in bot.OUTBOX_RETRY_SECONDS:
        assert await phone.send_due() == []  # not due yet
        clock.now += timedelta(seconds=pause)
        await phone.send_due()
        seen.append((await outbox(crm))[0])
    at = [OPEN_NOW + timedelta(seconds=t) for t in (60, 360, 2160, 9360)]
    assert seen == [("queued", 1, error, bot.iso(at[0])), ("queued", 2, error, bot.iso(at[1])),
                    ("queued", 3, error, bot.iso(at[2])), ("queued", 4, error, bot.iso(at[3])),
                    ("failed", 5, error, None)]
    clock.now += timedelta(days=1)
    assert await phone.send_due() == []  # never retried forever
    assert len(http.messages) == 5


async def test_a_text_left_sending_by_a_dead_sender_goes_again_after_its_lease_once(
    config: bot.Config, crm: bot.CRM
) -> None:
    """A sender claimed the text (status 'sending' until its lease ends) and died before
    Twilio answered: while the lease holds nobody else sends it (the sender may still be at
    it); once it has passed, exactly one of the senders still alive sends it, once."""
    http, client = twilio()
    clock = Clock()
    lease_ends = OPEN_NOW + bot.OUTBOX_LEASE
    await crm.add_outbox("sms", OWNER, "Dana left a message", status="sending",
                         next_attempt_at=bot.iso(lease_ends))
    senders = [bot.Telephone(config, crm, client, clock=clock) for _ in range(3)]
    assert [await s.send_due() for s in senders] == [[], [], []]
    clock.now = lease_ends - timedelta(seconds=1)
    assert [await s.send_due() for s in senders] == [[], [], []]
    clock.now = lease_ends
    sent = await asyncio.gather(*(s.send_due() for s in senders))
    assert sorted(len(rows) for rows in sent) == [0, 0, 1]
    clock.now += timedelta(days=1)
    assert [await s.send_due() for s in senders] == [[], [], []]
    assert [m["Body"] for m in http.messages] == ["Dana left a message"]
    assert await outbox(crm) == [("sent", 1, None, None)]


async def test_the_pauses_between_tries_are_the_documented_ones(
    config: bot.Config, crm: bot.CRM
) -> None:
    http, client = twilio()
    clock = Clock()
    phone = bot.Telephone(config, crm, client, clock=clock)
    for _ in range(3):
        http.fail_next(status=503, code=20503, message="Service unavailable")
    await phone.send_sms(OWNER, "Call Dana back")
    assert (await outbox(crm))[0][3] == bot.iso(OPEN_NOW + timedelta(seconds=60))
    clock.now = OPEN_NOW + timedelta(seconds=60)
    await phone.send_due()
    assert (await outbox(crm))[0][3] == bot.iso(clock.now + timedelta(seconds=300))
    clock.now += timedelta(seconds=300)
    await phone.send_due()
    assert (await outbox(crm))[0][3] == bot.iso(clock.now + timedelta(seconds=1800))
    clock.now += timedelta(seconds=1800)
    await phone.send_due()
    assert (await outbox(crm))[0][:3] == ("sent", 4, None)


async def test_a_number_twilio_can_never_text_is_not_retried(
    config: bot.Config, crm: bot.CRM
) -> None:
    http, client = twilio()
    http.fail_next(status=400, code=21211, message="Invalid 'To' Phone Number")
    await bot.Telephone(config, crm, client).send_sms(OWNER, "Hello")
    assert await outbox(crm) == [("failed", 1, "21211", None)]


@pytest.mark.parametrize(
    ("sender", "to", "body", "error"),
    [
        ("+15005550999", OWNER, "Hello", "21606"),  # a From that is not the account's
        (BUSINESS, "not-a-number", "Hello", "21211"),
        (BUSINESS, OWNER, "", "21602"),
        (BUSINESS, CALLER, "Hello", "21610"),  # CALLER texted STOP
    ],
    ids=["from-not-on-the-account", "to-not-a-number", "empty-body", "opted-out"],
)
async def test_a_text_twilio_refuses_for_good_fails_at_once_and_is_never_retried(
    config: bot.Config, crm: bot.CRM, sender: str, to: str, body: str, error: str
) -> None:
    http, client = twilio()
    http.received(CALLER, BUSINESS, "STOP")
    clock = Clock()
    phone = bot.Telephone(replace(config, twilio_phone_number=sender), crm, client, clock=clock)
    row = await phone.send_sms(to, body)
    assert (row["status"], row["attempts"], row["error"]) == ("failed", 1, error)
    clock.now += timedelta(days=1)
    assert await phone.send_due() == []
    assert len(http.requests) == 1
    assert http.resources == {}


async def test_an_owner_alert_takes_the_gsm7_segments_its_words_need_as_twilio_counts_them(
    make_bot: Any
) -> None:
    # The whole message (issue 17 item 2), in GSM-7: 3 segments as Twilio counts them, where
    # the same words with the curly quotes and the emoji (UCS-2) would take 7.
    http, client = twilio()
    async with make_bot(twilio_client=client) as running:
        await running.text("I want to leave a message")
        await running.text("Hi, it’s Dana — the brakes squeal “badly” 😬 " + "again " * 60)
        rows = await running.crm.rows("SELECT * FROM outbox")
    assert [http.resources[r["twilio_sid"]]["num_segments"] for r in rows] == ["3"]
    assert ("again " * 59 + "again") in rows[0]["body"]


async def test_an_owner_alert_keeps_a_callers_accented_name_readable(make_bot: Any) -> None:
    """GSM-7 has é and ñ but not á or ú: a letter it lacks is sent as its plain letter
    ("Tomás" is "Tomas"), not dropped ("Toms"), and the alert stays GSM-7."""
    http, client = twilio()
    async with make_bot(twilio_client=client) as running:
        await running.text("I want to leave a message")
        await running.text("Soy Tomás Núñez de la Peña, llámame por favor sobre el coche")
        rows = await running.crm.rows("SELECT * FROM outbox")
    body = rows[0]["body"]
    assert "Tomas Nuñez de la Peña, llamame" in body
    assert bot.is_gsm7(body)
    assert [http.resources[r["twilio_sid"]]["num_segments"] for r in rows] == ["1"]


async def test_an_alert_that_waited_too_long_for_credentials_expires(
    config: bot.Config, crm: bot.CRM
) -> None:
    await bot.Telephone(config, crm).send_sms(OWNER, "Old news")
    http, client = twilio()
    later = Clock(datetime.now(UTC) + timedelta(hours=25))
    await bot.Telephone(config, crm, client, clock=later).send_due()
    assert await outbox(crm) == [("expired", 0, "not sent within 24 h", None)]
    assert http.messages == []


async def test_delivery_is_recorded_from_twilios_status_callback(make_bot: Any) -> None:
    http, client = twilio()
    async with make_bot(twilio_client=client) as running:
        row = await message_left(running)
        assert row["status"] == "sent"
        url, form = http.status_callback(row["twilio_sid"], "delivered")
        assert url == "https://bot.example.com/sms/status"
        status, body = await running.post("/sms/status", form)
        assert (status, body) == (
            200, '<?xml version="1.0" encoding="UTF-8"?><Response />')
        assert (await running.crm.rows("SELECT status, error FROM outbox")) == [
            {"status": "delivered", "error": None}]
        # A late "sent" or a repeat changes nothing.
        _, late = http.status_callback(row["twilio_sid"], "sent")
        await running.post("/sms/status", late)
        assert (await running.crm.rows("SELECT status FROM outbox")) == [{"status": "delivered"}]


async def test_a_delivery_status_met_by_a_crm_outage_is_recorded_later_never_as_a_text(
    make_bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text's status callback that meets an unreachable CRM waits in the spool and is
    recorded as a delivery once the CRM is back: never stored as a text from our own number,
    answered with the holding reply and sent to the owner as one."""
    http, client = twilio()
    async with make_bot(twilio_client=client) as running:
        row = await message_left(running)
        _, form = http.status_callback(row["twilio_sid"], "delivered")
        with monkeypatch.context() as broken:
            def unreachable(*args: Any, **kwargs: Any) -> Any:
                raise bot.CRMUnavailable("unable to open database file")

            broken.setattr(running.crm, "outbox_for_sid", unreachable)
            assert (await running.post("/sms/status", form))[0] == 200
        texts = await running.crm.rows("SELECT direction, body FROM sms ORDER BY id")
        assert await running.assistant.without_crm.store_spooled() == 1
        assert await running.crm.rows("SELECT status FROM outbox") == [{"status": "delivered"}]
        assert await running.crm.rows("SELECT direction, body FROM sms ORDER BY id") == texts


async def test_an_undelivered_alert_30xxx_is_tried_again(make_bot: Any) -> None:
    http, client = twilio()
    async with make_bot(twilio_client=client) as running:
        row = await message_left(running)
        _, form = http.status_callback(row["twilio_sid"], "undelivered", 30007)
        assert (await running.post("/sms/status", form))[0] == 200
        again = await running.post("/sms/status", form)  # Twilio repeats callbacks
        assert again[0] == 200
        rows = await running.crm.rows("SELECT status, attempts, error, twilio_sid FROM outbox")
        assert rows == [{"status": "queued", "attempts": 1, "error": "30007",
                         "twilio_sid": None}]


@pytest.mark.parametrize("code", [30034, 30032, 30035])
async def test_an_unregistered_sender_is_not_retried_and_the_owner_told_once(
    make_bot: Any, caplog: pytest.LogCaptureFixture, code: int
) -> None:
    """US carriers refuse every text from a number not registered for A2P 10DLC (or a
    toll-free number not verified) until the registration is approved, days later: trying
    again cannot help, and the owner must hear of it where they look (the log, check, the
    dashboard's settings), not by text."""
    http, client = twilio()
    async with make_bot(twilio_client=client) as running:
        for words in ("Ring me back", "Ring me back about the wheels"):
            await running.text("I want to leave a message")
            await running.text(words)
        rows = await running.crm.rows("SELECT * FROM outbox ORDER BY id")
        for row in rows:
            _, form = http.status_callback(row["twilio_sid"], "undelivered", code)
            assert (await running.post("/sms/status", form))[0] == 200
        after = await running.crm.rows("SELECT status, attempts, error FROM outbox ORDER BY id")
        assert after == [{"status": "failed", "attempts": 1, "error": str(code)}] * 2
        told = [r.getMessage() for r in caplog.records if "not registered" in r.getMessage()]
        assert len(told) == 1 and r"A2P 10DLC" in told[0]
        report = await bot.outbox_report(running.crm, datetime.now(UTC), True)
        assert report[0] == (
            f"!! texts           refused: your Twilio number is not registered to send texts "
            f"(A2P 10DLC, or toll-free verification; error {code}). Register it in the Twilio "
            "console (Messaging > Regulatory compliance); until it is approved no text "
            "reaches anyone")
        assert (await bot.sender_problems(running.crm, datetime.now(UTC))) == [
            report[0].removeprefix("!! ")]
        # Once registered, a delivered text clears the warning.
        await running.text("I want to leave a message")
        await running.text("Third try")
        last = (await running.crm.rows("SELECT * FROM outbox ORDER BY id DESC"))[0]
        _, form = http.status_callback(last["twilio_sid"], "delivered")
        await running.post("/sms/status", form)
        assert await bot.sender_problems(running.crm, datetime.now(UTC)) == []


async def test_a_status_callback_must_be_signed(make_bot: Any) -> None:
    http, client = twilio()
    async with make_bot(twilio_client=client) as running:
        row = await message_left(running)
        _, form = http.status_callback(row["twilio_sid"], "undelivered", 30007)
        assert (await running.post("/sms/status", form, sign=False))[0] == 403
        assert (await running.crm.rows("SELECT status FROM outbox")) == [{"status": "sent"}]


async def test_without_a_public_url_no_status_callback_is_asked_for(
    config: bot.Config, crm: bot.CRM
) -> None:
    http, client = twilio()
    local = replace(config, public_base_url="http://127.0.0.1:8080")
    await bot.Telephone(local, crm, client).send_sms(OWNER, "Hello")
    assert "StatusCallback" not in http.messages[0]


def test_the_fake_refuses_what_twilio_refuses() -> None:
    http, client = twilio()
    from twilio.base.exceptions import TwilioRestException

    with pytest.raises(TwilioRestException) as long_body:
        client.messages.create(to=CALLER, from_=BUSINESS, body="x" * 1601)
    assert long_body.value.code == 21617
    with pytest.raises(TwilioRestException) as bad_callback:
        client.messages.create(to=CALLER, from_=BUSINESS, body="hi", status_callback="/sms/x")
    assert bad_callback.value.code == 21609


async def test_check_and_digest_show_texts_that_did_not_arrive(
    config: bot.Config, crm: bot.CRM
) -> None:
    http, client = twilio()
    phone = bot.Telephone(config, crm, client)
    http.fail_next(status=400, code=21211, message="Invalid 'To' Phone Number")
    await phone.send_sms(OWNER, "Dana left a message")
    await phone.send_sms(OWNER, "Booking at 3")
    await bot.Telephone(config, crm).send_sms(OWNER, "Kept while offline")
    now = datetime.now(UTC)
    assert await bot.outbox_report(crm, now) == [
        "!! outbox           1 NOT delivered: Twilio refused them after every try "
        "(last error 21211)",
        "outbox           1 kept: they go out once Twilio credentials are set",
        "outbox           1 accepted by Twilio (delivery not reported yet)",
    ]
    assert (await bot.outbox_report(crm, now, can_send=True))[1] == (
        "outbox           1 kept while there were no Twilio credentials: they go out when the "
        "bot next starts")
    profile = bot.load_profile(config.business_profile)
    today = now.astimezone(profile.zone).date()
    digest = await bot.daily_digest(crm, profile, today)
    created = (await crm.rows("SELECT created_at FROM outbox WHERE id = 1"))[0]["created_at"]
    local = datetime.fromisoformat(created).astimezone(profile.zone).strftime("%H:%M")
    assert digest.splitlines()[-2:] == [
        "Texts that did NOT reach you (1):",
        f"  {local}  failed (21211): Dana left a message",
    ]


async def test_check_says_when_carriers_refuse_an_unregistered_number(make_bot: Any) -> None:
    """Error 30034: US carriers block texts from a number not registered for A2P 10DLC
    (issue 17 item 9); `check` says so, and what to do, not just the error's number."""
    http, client = twilio()
    async with make_bot(twilio_client=client) as running:
        row = await message_left(running)
        _, form = http.status_callback(row["twilio_sid"], "undelivered", 30034)
        assert (await running.post("/sms/status", form))[0] == 200
        report = await bot.outbox_report(running.crm, datetime.now(UTC), can_send=True)
    assert report[0] == (
        "!! texts           refused: your Twilio number is not registered to send texts (A2P "
        "10DLC, or toll-free verification; error 30034). Register it in the Twilio console "
        "(Messaging > Regulatory compliance); until it is approved no text reaches anyone")
