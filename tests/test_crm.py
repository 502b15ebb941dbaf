"""The SQLite CRM under pressure: several workers starting at once, durability settings, and
the round trips a turn costs."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from conftest import CALLER, Bot, call_sid
from twiml import listening, saying

import bot
from tests.fakes import FakeClaude, Text

pytestmark = pytest.mark.both_backends  # the CRM itself

STARTERS = 8  # workers opening one fresh CRM at the same moment
HOURS = ("We're open Monday to Friday, 9 AM to 5:30 PM; Saturday, 10 AM to 2 PM; "
         "closed Sunday. We're open right now.")
GREETING = "Thanks for calling Maple Street Bikes. How can I help you today?"
ROUNDS = 4  # fresh CRMs: today's code failed in most rounds of 8 starters


def open_at_once(path: str, barrier: Any, results: Any) -> None:
    """One worker: wait for all the others, then open the CRM and use it."""
    barrier.wait()
    try:
        crm = bot.SQLiteCRM(path)
        crm.executor.submit(lambda: crm.db.execute("SELECT count(*) FROM customers")).result()
        results.put("ok")
    except Exception as error:  # noqa: BLE001 - the test reports whatever a worker died of
        results.put(f"{type(error).__name__}: {error}")


def test_workers_opening_a_fresh_crm_at_once_all_start(tmp_path: Path) -> None:
    """`hypercorn -w N` on a fresh CRM: one worker migrates, the others wait for it, and none
    dies of "database is locked" or "table customers already exists" (issue 7 item 22)."""
    context = multiprocessing.get_context("fork")
    for round_ in range(ROUNDS):
        path = str(tmp_path / f"crm{round_}.sqlite")
        barrier, results = context.Barrier(STARTERS), context.Queue()
        workers = [context.Process(target=open_at_once, args=(path, barrier, results))
                   for _ in range(STARTERS)]
        for worker in workers:
            worker.start()
        outcomes = sorted(results.get(timeout=30) for _ in workers)
        for worker in workers:
            worker.join(timeout=30)
        assert outcomes == ["ok"] * STARTERS
        with sqlite3.connect(path) as db:
            applied = db.execute("SELECT name FROM _sqlite_migrations ORDER BY id").fetchall()
        assert applied == [(name,) for name in bot.migration_names()]


async def test_opening_the_crm_leaves_the_event_loop_free(tmp_path: Path) -> None:
    """The CRM opens on its own thread: while another process holds the migration lock, the
    event loop keeps running (issue 7 item 22)."""
    import asyncio
    import fcntl

    path = tmp_path / "crm.sqlite"
    with open(bot.SQLiteCRM.lock_path(path), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker is migrating
        opening = asyncio.ensure_future(bot.SQLiteCRM.open(path))
        ticks = 0
        for _ in range(5):
            await asyncio.sleep(0.01)
            ticks += 1
        assert (ticks, opening.done()) == (5, False)
        fcntl.flock(lock, fcntl.LOCK_UN)
    crm = await asyncio.wait_for(opening, 10)
    assert await crm.ping() is True
    await crm.close()


async def test_durability_is_wal_with_synchronous_normal(tmp_path: Path) -> None:
    """WAL with synchronous=NORMAL, as SQLite's WAL documentation recommends: commits stay
    atomic and durable across a crash of the bot, with one fsync per checkpoint, not per
    write (issue 8 "Per-turn cost")."""
    crm = await bot.SQLiteCRM.open(tmp_path / "crm.sqlite")
    settings = await crm.rows("SELECT * FROM pragma_journal_mode, pragma_synchronous")
    assert settings == [{"journal_mode": "wal", "synchronous": 1}]
    await crm.close()


# One read of the turn's context, with the claim on the request, and one write of its
# results, with the answer stored for a repeat of the request (tests/test_repeats.py).
TURN_TRIPS = 2


def count_round_trips(monkeypatch: Any) -> list[str]:
    """Record every exchange with the database through its driver: on SQLite every trip the
    event loop makes to a thread (the CRM's, or any other), by what it runs there; on
    PostgreSQL every connection taken from the pool (one exchange with the server each)."""
    import asyncio

    import psycopg_pool

    loop = asyncio.get_running_loop()
    trips: list[str] = []
    original = loop.run_in_executor

    def counting(executor: Any, func: Any, *args: Any) -> Any:
        trips.append(getattr(getattr(func, "func", func), "__name__", "thread"))
        return original(executor, func, *args)

    connection = psycopg_pool.AsyncConnectionPool.connection

    def counting_connections(pool: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append("connection")
        return connection(pool, *args, **kwargs)

    monkeypatch.setattr(loop, "run_in_executor", counting)
    monkeypatch.setattr(psycopg_pool.AsyncConnectionPool, "connection", counting_connections)
    return trips


async def test_a_call_turn_costs_two_crm_round_trips(offline_bot: Bot, monkeypatch: Any) -> None:
    """One read of the turn's context, one write of its results (issue 8: it was 8)."""
    sid = call_sid()
    await offline_bot.call(sid)
    trips = count_round_trips(monkeypatch)
    assert await offline_bot.say(sid, "What are your hours?") == listening(HOURS)
    assert len(trips) == TURN_TRIPS, trips
    assert [(t["role"], t["text"]) for t in await offline_bot.crm.turns(sid)][1:] == [
        ("caller", "What are your hours?"), ("bot", HOURS)]
    assert (await offline_bot.crm.call(sid))["turn_count"] == 1


async def test_a_claude_turn_costs_two_crm_round_trips(
    claude_bot: Bot, fake_claude: FakeClaude, monkeypatch: Any
) -> None:
    """With Claude too: the history and the notes come with the turn's one read."""
    sid = call_sid()
    customer = await claude_bot.crm.customer_for(CALLER)
    await claude_bot.crm.add_note(customer["id"], "summary", "Asked about a blue road bike.")
    await claude_bot.call(sid)
    fake_claude.queue(Text("We open at nine, anything else?"))
    fake_claude.queue(Text("The blue one is in stock."))
    assert await claude_bot.say(sid, "When do you open?") == listening(
        "We open at nine, anything else?")
    trips = count_round_trips(monkeypatch)
    assert await claude_bot.say(sid, "Is the bike in?") == listening("The blue one is in stock.")
    assert len(trips) == TURN_TRIPS, trips
    request = fake_claude.requests[1]
    assert request["messages"] == [
        {"role": "user", "content": "When do you open?"},
        {"role": "assistant", "content": "We open at nine, anything else?"},
        {"role": "user", "content": "Is the bike in?"},
    ]
    assert "- [summary] Asked about a blue road bike." in request["system"][1]["text"]


async def test_silence_costs_two_crm_round_trips(offline_bot: Bot, monkeypatch: Any) -> None:
    """A silent turn reads once and writes once too, and the second silence ends the call."""
    sid = call_sid()
    await offline_bot.call(sid)
    trips = count_round_trips(monkeypatch)
    assert await offline_bot.say(sid, "") == listening("Are you still there?")
    assert len(trips) == TURN_TRIPS, trips
    assert await offline_bot.crm.dialogue_state(sid) == {"silences": 1}


async def test_a_streamed_reply_is_saved_in_two_writes_not_one_per_sentence(
    claude_bot: Bot, fake_claude: FakeClaude, monkeypatch: Any
) -> None:
    """A reply said in parts (the first sentence, then /voice/continue for the rest) saves
    its first sentence before it is said, then the rest with the turn, in one write: not one
    write per sentence. The continuation on the same worker needs no CRM at all."""
    # However slowly a loaded machine streams it, this reply is saved in the two writes.
    monkeypatch.setattr(bot, "SAVE_EVERY_SECONDS", 60.0)
    reply = "We open at nine. On Saturdays at ten. We close at five. Anything else?"
    sid = call_sid()
    await claude_bot.call(sid)
    fake_claude.queue(Text("Hello there, how can I help?"))  # the SDK's first request
    await claude_bot.say(sid, "Hello?")                       # sets itself up in a thread
    fake_claude.queue(Text(reply))
    trips = count_round_trips(monkeypatch)
    first = await claude_bot.say(sid, "When do you open?")
    assert first == saying("We open at nine.", turn=2, heard=1)
    rest = await claude_bot.hear_from(sid, first)
    assert rest == [listening("On Saturdays at ten. We close at five. Anything else?")]
    assert len(trips) == 3, trips  # the claim, the first sentence, the turn
    assert [(t["role"], t["text"]) for t in await claude_bot.crm.turns(sid)][1:] == [
        ("caller", "Hello?"), ("bot", "Hello there, how can I help?"),
        ("caller", "When do you open?"), ("bot", reply)]
    saved = await claude_bot.crm.reply_so_far(sid, 2)
    assert (saved["sentences"], saved["done"], saved["action"]) == (
        ["We open at nine.", "On Saturdays at ten.", "We close at five.", "Anything else?"],
        True, None)


async def test_a_returning_callers_greeting_costs_seven_crm_round_trips(
    offline_bot: Bot, monkeypatch: Any
) -> None:
    """The greeting: the claim on the request, the caller, the call, its transcript so far
    (a repeated webhook keeps one greeting), the caller's count for the hour, the greeting
    with the disclosure it played (one write: it was two), and the answer for repeats."""
    await offline_bot.crm.customer_for(CALLER)
    sid = call_sid()
    trips = count_round_trips(monkeypatch)
    assert await offline_bot.call(sid) == listening(
        GREETING)
    assert len(trips) == 7, trips
    call = await offline_bot.crm.call(sid)
    assert (call["status"], call["disclosure"], call["turn_count"]) == ("in-progress", "", 0)
    assert [(t["role"], t["text"]) for t in await offline_bot.crm.turns(sid)] == [
        ("bot", GREETING)]


# A call's end: the status callback recorded with the summary's claim (one write), then, in
# the background, one read of all the call's end needs (the call, its customer, transcript,
# state and activity, and whether a turn is still being answered), Claude's usage for its
# cost once the summary is written, and the summary with its cost and the owner's alerts.
END_TRIPS = 4


async def test_a_calls_end_costs_four_crm_round_trips_besides_its_texts(
    offline_bot: Bot, monkeypatch: Any
) -> None:
    """The completed status callback of a call that left a message and made a booking: its
    summary, cost, the owner's alert and the caller's confirmation, as before (issue 21: it
    read the call row six times and its activity twice, 21 round trips in all); the
    confirmation text costs its own two (its once-a-call count; the outbox row with the
    thread's, linked to it, in one write)."""
    customer = await offline_bot.crm.customer_for(CALLER)
    await offline_bot.crm.update_customer(customer["id"], name="Dana Whitfield")
    sid = call_sid()
    await offline_bot.call(sid)
    for line in ["leave a message", "Dana here, the blue bike is mine", "book a tune-up tomorrow",
                 "9 am", "yes please"]:
        await offline_bot.say(sid, line)
    trips = count_round_trips(monkeypatch)
    await offline_bot.hang_up(sid, duration="42")
    await offline_bot.background_done()
    assert len(trips) == END_TRIPS + 2, trips
    call = await offline_bot.crm.call(sid)
    assert (call["status"], call["duration"], call["summary_state"], call["summary"]) == (
        "completed", 42, "done",
        'Dana Whitfield left a message and booked an appointment. Message: "Dana here, the blue '
        'bike is mine". Booked: Basic tune-up tomorrow, Wednesday the 25th of November at 9 AM.')
    assert json.loads(call["cost"]) == {
        "minutes": 1, "speech_units": 5, "input_tokens": 0, "output_tokens": 0,
        "cache_tokens": 0, "voice": 0.0085, "speech": 0.1, "claude": 0}
    assert await offline_bot.crm.rows("SELECT to_number, body FROM outbox ORDER BY id") == [{
        "to_number": CALLER,
        "body": "Maple Street Bikes: you're booked for Basic tune-up Wed 25 Nov 9 AM. Reply "
                "here to change or book.",
    }, {
        "to_number": "+15005550001",
        "body": f'Call from "Dana Whitfield" ({CALLER}): booked Basic tune-up Wed 25 Nov 9 AM. '
                'Message: "Dana here, the blue bike is mine" Details: '
                f"https://bot.example.com/owner/calls/{sid}",
    }]


async def test_a_claude_calls_end_costs_four_crm_round_trips_and_its_summarys_usage(
    claude_bot: Bot, fake_claude: FakeClaude, monkeypatch: Any
) -> None:
    """With Claude: the same four, and the summary's tokens recorded before the cost is
    worked out, so the stored cost counts them."""
    sid = call_sid()
    await claude_bot.call(sid)
    fake_claude.queue(Text("We open at nine."))
    await claude_bot.say(sid, "When do you open?")
    fake_claude.queue(Text("Asked when the shop opens."))
    trips = count_round_trips(monkeypatch)
    await claude_bot.hang_up(sid, duration="61")
    await claude_bot.background_done()
    assert len(trips) == END_TRIPS + 1, trips
    call = await claude_bot.crm.call(sid)
    assert (call["summary_state"], call["summary"]) == ("done", "Asked when the shop opens.")
    usage = await claude_bot.crm.usage_of_call(sid)
    assert len(usage) == 2  # the turn's request and the summary's
    assert json.loads(call["cost"])["minutes"] == 2
    assert json.loads(call["cost"])["input_tokens"] == sum(u["input_tokens"] for u in usage)
    assert await claude_bot.crm.rows("SELECT * FROM outbox") == []


async def test_purge_deletes_old_transcripts_and_keeps_open_work(config: bot.Config) -> None:
    """RETENTION_DAYS (issue 9): transcripts, texts, streamed replies, conversation states,
    closed follow-ups (voicemails' recording links with them) and sent alerts older than the
    cutoff go; the stored answers keep their keys (a replay stays a repeat) but lose their
    words; open follow-ups, customers, calls with their summaries, the owner's notes and
    appointments stay, and everything newer than the cutoff is untouched."""
    import time_machine

    crm = await bot.open_crm(config)
    old, new = call_sid(), call_sid()
    try:
        with time_machine.travel("2026-08-01T12:00:00+00:00", tick=False):
            customer = await crm.customer_for(CALLER)
            await crm.update_customer(customer["id"], name="Dana Ortiz")
            await crm.open_call(old, customer["id"], "inbound")
            await crm.save_turn(old, "Can you call me back?", "Of course.", {"step": 1})
            await crm.save_reply(old, 1, "Can you call me back?", ["Of course."], done=True)
            assert (await crm.claim_answer(f"{old}:1", old)).mine
            await crm.save_answer(f"{old}:1", "<Response><Say>Of course.</Say></Response>")
            await crm.record_sms(customer["id"], "in", "Is my bike ready?", "SM" + "1" * 32)
            await crm.save_summary(old, "Dana asked to be called back.")
            done = await crm.add_note(customer["id"], "voicemail",
                                      "Voicemail, 7 seconds: https://api.twilio.com/RE1", old)
            await crm.close_follow_up(done["id"])
            await crm.add_note(customer["id"], "message", "Still open: ring me", old)
            await crm.add_note(customer["id"], "owner", "Good customer")
            alert = await crm.add_outbox("sms", "+15005550001", "Call from Dana", status="sent")
            await crm.update_outbox(alert["id"], status="delivered")
            await crm.add_outbox("sms", "+15005550001", "Waiting for credentials",
                                 status="offline")
            await crm.book_appointment(customer["id"], "Basic tune-up",
                                       datetime(2026, 8, 3, 15, tzinfo=UTC),
                                       datetime(2026, 8, 3, 16, tzinfo=UTC), old)
        with time_machine.travel("2026-11-20T12:00:00+00:00", tick=False):
            await crm.open_call(new, customer["id"], "inbound")
            await crm.save_turn(new, "What are your hours?", "Nine to five.", {})
            await crm.record_sms(customer["id"], "in", "Thanks!", "SM" + "2" * 32)
            await crm.add_outbox("sms", "+15005550001", "Text from Dana", status="delivered")
        counts = await crm.purge(datetime(2026, 8, 26, 12, tzinfo=UTC))
        assert counts == {"turns": 2, "replies": 1, "texts": 1, "conversation states": 1,
                          "closed follow-ups": 1, "answers": 1, "sent alerts": 1}
        assert [(t["call_sid"], t["text"]) for t in await crm.rows(
            "SELECT call_sid, text FROM turns ORDER BY id")] == [
            (new, "What are your hours?"), (new, "Nine to five.")]
        assert await crm.reply_so_far(old, 1) is None
        assert [m["body"] for m in await crm.sms_thread(customer["id"])] == ["Thanks!"]
        assert [(n["kind"], n["body"]) for n in await crm.rows(
            "SELECT kind, body FROM notes ORDER BY id")] == [
            ("summary", "Dana asked to be called back."), ("message", "Still open: ring me"),
            ("owner", "Good customer")]
        assert [(o["body"], o["status"]) for o in await crm.rows(
            "SELECT body, status FROM outbox ORDER BY id")] == [
            ("Waiting for credentials", "offline"), ("Text from Dana", "delivered")]
        assert [(a["key"], a["answer"]) for a in await crm.rows(
            "SELECT key, answer FROM answers")] == [(f"{old}:1", bot.PURGED_ANSWER)]
        assert (await crm.claim_answer(f"{old}:1", old)).answer == bot.PURGED_ANSWER
        assert [(c["sid"], c["summary"]) for c in await crm.rows(
            "SELECT sid, summary FROM calls ORDER BY started_at")] == [
            (old, "Dana asked to be called back."), (new, None)]
        assert (await crm.customer_for(CALLER))["name"] == "Dana Ortiz"
        assert len(await crm.rows("SELECT id FROM appointments")) == 1
        # Purging again finds nothing more.
        assert set((await crm.purge(datetime(2026, 8, 26, 12, tzinfo=UTC))).values()) == {0}
    finally:
        await crm.close()


# -- Double booking: any overlap is a clash, whichever side it is on --

TEN = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)  # 10:00 in Chicago


def at(hours: float) -> datetime:
    """A time on the test day, in hours from 10:00 (-0.5 is 9:30)."""
    return TEN + timedelta(hours=hours)


@pytest.mark.parametrize(
    ("start", "end", "taken"),
    [
        (-0.5, 0.5, True),  # starts before the 10:00-11:00 booking and runs into it
        (0.5, 1.5, True),  # starts inside it
        (0.0, 1.0, True),  # the same hour
        (0.25, 0.75, True),  # inside it
        (-1.0, 2.0, True),  # around it
        (-1.0, 0.0, False),  # ends as it starts
        (1.0, 2.0, False),  # starts as it ends
    ],
    ids=["runs-into-it", "starts-inside", "same", "inside", "around", "just-before",
         "just-after"],
)
async def test_a_booking_that_overlaps_another_in_any_way_is_refused(
    config: bot.Config, start: float, end: float, taken: bool
) -> None:
    crm = await bot.open_crm(config)
    try:
        customer = await crm.customer_for(CALLER)
        other = await crm.customer_for("+14155550199")
        await crm.book_appointment(customer["id"], "Basic tune-up", at(0), at(1))
        moving = await crm.book_appointment(other["id"], "Basic tune-up", at(5), at(6))
        if taken:
            with pytest.raises(bot.SlotTaken):
                await crm.book_appointment(other["id"], "Basic tune-up", at(start), at(end))
            with pytest.raises(bot.SlotTaken):
                await crm.move_appointment(moving["id"], at(start), at(end))
        else:
            assert await crm.move_appointment(moving["id"], at(start), at(end))
            await crm.move_appointment(moving["id"], at(5), at(6))
            assert await crm.book_appointment(other["id"], "Basic tune-up", at(start), at(end))
    finally:
        await crm.close()


def test_each_crm_method_is_written_once() -> None:
    """Issue 19: a CRM method's queries are written once (CRM), for every backend; a
    backend only runs them (and opens, pings and closes its database)."""
    import postgres_crm

    assert bot.CRM.__abstractmethods__ == {"run", "close"}
    methods = {name for name in vars(bot.CRM) if not name.startswith(("__", "_abc"))}
    assert sorted(methods & set(vars(bot.SQLiteCRM))) == ["close", "run"]
    assert sorted(methods & set(vars(postgres_crm.PostgresCRM))) == [
        "close", "dialect", "ping", "run"]


async def test_a_failed_write_leaves_nothing_behind(config: bot.Config) -> None:
    """A method's statements are one transaction where it needs one: a booking refused by
    the limit after its lock was taken writes nothing, and the CRM goes on."""
    crm = await bot.open_crm(config)
    try:
        customer = await crm.customer_for(CALLER)
        start = datetime(2026, 12, 1, 10, tzinfo=UTC)
        limit = bot.BookingLimit(datetime(2026, 11, 1, tzinfo=UTC), upcoming=1, per_call=0)
        await crm.book_appointment(customer["id"], "Tune-up", start, start + timedelta(hours=1),
                                   limit=limit)
        with pytest.raises(bot.BookingsCapped):
            await crm.book_appointment(customer["id"], "Tune-up", start + timedelta(hours=2),
                                       start + timedelta(hours=3), limit=limit)
        assert len(await crm.appointments_for(customer["id"], start)) == 1
        with pytest.raises(bot.UnknownCustomer):
            await crm.update_customer(customer["id"] + 1000, name="Nobody")
        assert (await crm.update_customer(customer["id"], name="Dana"))["name"] == "Dana"
    finally:
        await crm.close()


async def test_texts_kept_before_the_upgrade_find_their_outbox_rows(tmp_path: Path) -> None:
    """A text to a customer was kept in their thread and, apart from it, in the outbox: the
    upgrade links each to its outbox row (the first to that customer with its words, queued
    at or after it), so one still waiting shows as queued, not as sent; a reply sent in
    TwiML and a text that came in have none."""
    path = tmp_path / "crm.sqlite"
    db = sqlite_utils.Database(path)
    bot.migrations.apply(db, stop_before="m019_text_delivery")
    db.execute("INSERT INTO customers (id, phone) VALUES (1, ?)", [CALLER])
    words = "Maple Street Bikes: see you Wednesday at 10 AM."
    for sms, outbox in (("2026-11-20T10:00:00+00:00", ("2026-11-20T10:00:01+00:00", "failed",
                                                      "30003")),
                        ("2026-11-23T10:00:00+00:00", ("2026-11-23T10:00:00+00:00", "queued",
                                                      "30005"))):
        db.execute("INSERT INTO sms (customer_id, direction, body, created_at) "
                   "VALUES (1, 'out', ?, ?)", [words, sms])
        db.execute("INSERT INTO outbox (kind, to_number, body, status, error, customer_id, "
                   "next_attempt_at, created_at) VALUES ('sms', ?, ?, ?, ?, 1, ?, ?)",
                   [CALLER, words, outbox[1], outbox[2],
                    "2026-11-23T10:05:00+00:00" if outbox[1] == "queued" else None,
                    outbox[0]])
    db.execute("INSERT INTO sms (message_sid, customer_id, direction, body, created_at) "
               "VALUES (?, 1, 'in', ?, '2026-11-23T11:00:00+00:00')", ["SM" + "1" * 32, words])
    db.execute("INSERT INTO sms (customer_id, direction, body, reply_to, created_at) VALUES "
               "(1, 'out', 'Thanks!', ?, '2026-11-23T11:00:01+00:00')", ["SM" + "1" * 32])
    db.conn.commit()
    db.close()
    crm = await bot.SQLiteCRM.open(path)
    try:
        thread = await crm.sms_thread(1)
    finally:
        await crm.close()
    assert [(m["direction"], m["status"], m["error"], m["next_attempt_at"]) for m in thread] == [
        ("out", "failed", "30003", None), ("out", "queued", "30005", "2026-11-23T10:05:00+00:00"),
        ("in", None, None, None), ("out", "sent", None, None)]
