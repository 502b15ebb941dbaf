"""Abuse and cost: calls and texts per number and hour, turns and minutes per call, message
length, Claude's daily and monthly budgets, the blocklist, and the owner told once."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from conftest import CALLER, OPEN_NOW, OTHER_CALLER, Bot, call_sid, claude_client, message_sid
from twiml import EMPTY, hanging_up, listening, message

import bot
from tests.fakes import Error, FakeClaude, Text

pytestmark = pytest.mark.both_backends  # the CRM's counters and budgets

OWNER = "+15005550001"  # owner_mobile in business.toml
HOURS = ("We're open Monday to Friday, 9 AM to 5:30 PM; Saturday, 10 AM to 2 PM; "
         "closed Sunday. We're open right now.")
GOODBYE = "Thanks for calling Maple Street Bikes. Goodbye!"
GREETING = "Thanks for calling Maple Street Bikes. How can I help you today?"
TOO_MANY_CALLS = hanging_up(bot.PhoneAssistant.TOO_MANY_CALLS)
# Prices that make one fake request cost cents, so a budget of a cent is spent at once.
DEAR = (1000.0, 1000.0)


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    """The CRM's clock (utcnow) held at a Tuesday 10:00 in Chicago; tests move it on."""
    with time_machine.travel(OPEN_NOW, tick=False) as traveller:
        yield traveller


async def owner_texts(running: Bot) -> list[str]:
    """The bodies of the texts to the owner, oldest first."""
    rows = await running.crm.rows("SELECT body FROM outbox WHERE to_number = ? ORDER BY id",
                                  [OWNER])
    return [row["body"] for row in rows]


async def spoken(running: Bot, sid: str, speech: str) -> str:
    """Say something on a call; everything the bot answered (its redirects followed)."""
    return "".join(await running.hear(sid, speech))


# -- Settings --


def test_the_limits_are_read_from_the_environment() -> None:
    config = bot.load_config({
        "CALLS_PER_HOUR": "3", "TEXTS_PER_HOUR": "0", "TURNS_PER_CALL": "12",
        "MINUTES_PER_CALL": "5", "MESSAGE_CHARS": "300", "CLAUDE_DAILY_BUDGET": "0.75",
        "CLAUDE_MONTHLY_BUDGET": "10", "TWILIO_PHONE_NUMBER": "+14155550100",
        "BLOCKED_NUMBERS": "(415) 555-0123, +44 20 7946 0958,",
    })
    assert (config.calls_per_hour, config.texts_per_hour, config.turns_per_call,
            config.minutes_per_call, config.message_chars, config.claude_daily_budget,
            config.claude_monthly_budget, config.blocked_numbers) == (
        3, 0, 12, 5, 300, 0.75, 10.0, frozenset({"+14155550123", "+442079460958"}))


def test_the_defaults_suit_a_small_shop() -> None:
    config = bot.load_config({})
    assert (config.calls_per_hour, config.texts_per_hour, config.turns_per_call,
            config.minutes_per_call, config.message_chars, config.claude_daily_budget,
            config.claude_monthly_budget, config.blocked_numbers) == (
        6, 20, 40, 15, 600, 2.0, 30.0, frozenset())


def test_bad_limits_are_named_one_line_each() -> None:
    with pytest.raises(bot.ConfigError) as error:
        bot.load_config({"CALLS_PER_HOUR": "lots", "CLAUDE_DAILY_BUDGET": "-1",
                         "MESSAGE_CHARS": "2.5", "CLAUDE_MONTHLY_BUDGET": "nan",
                         "BLOCKED_NUMBERS": "+14155550123, call me"})
    assert error.value.problems == [
        "CALLS_PER_HOUR='lots' must be a whole number, 0 for no limit (example: "
        "CALLS_PER_HOUR=6)",
        "MESSAGE_CHARS='2.5' must be a whole number, 0 for no limit (example: "
        "MESSAGE_CHARS=600)",
        "CLAUDE_DAILY_BUDGET='-1' must be an amount in USD, 0 for no limit (example: "
        "CLAUDE_DAILY_BUDGET=2.50)",
        "CLAUDE_MONTHLY_BUDGET='nan' must be an amount in USD, 0 for no limit (example: "
        "CLAUDE_MONTHLY_BUDGET=30)",
        "BLOCKED_NUMBERS: 'call me' is not a phone number (example: "
        "BLOCKED_NUMBERS=+14155550123, +14155550199)",
    ]


@pytest.mark.parametrize(("text", "limit", "cut"), [
    ("What are your hours?", 100, "What are your hours?"),
    ("What are your hours?", 0, "What are your hours?"),
    ("I need a tune-up for my bike, please", 20, "I need a tune-up…"),
    ("Supercalifragilisticexpialidocious", 10, "Supercali…"),
    ("Hello, there, friend", 14, "Hello, there…"),
])
def test_long_words_are_cut_after_a_whole_word(text: str, limit: int, cut: str) -> None:
    assert bot.shortened(text, limit) == cut
    assert len(bot.shortened(text, limit)) <= (limit or len(text))


# -- The counters in the CRM (both backends) --


async def test_counts_add_up_under_concurrent_webhooks(make_bot: Callable[..., Any]) -> None:
    async with make_bot() as running:
        expires = bot.utcnow() + timedelta(hours=1)
        counts = await asyncio.gather(*(running.crm.count("calls:c1:x", expires)
                                        for _ in range(40)))
        assert sorted(counts) == list(range(1, 41))
        assert await running.crm.count("calls:c2:x", expires) == 1


async def test_expired_counters_are_forgotten(make_bot: Callable[..., Any]) -> None:
    async with make_bot() as running:
        now = bot.utcnow()
        assert await running.crm.count("old", now - timedelta(seconds=1)) == 1
        assert await running.crm.count("new", now + timedelta(hours=1)) == 1
        assert await running.crm.rows("SELECT key, count FROM counters ORDER BY key") == [
            {"key": "new", "count": 1}]


async def test_usage_totals_add_up_a_period(make_bot: Callable[..., Any]) -> None:
    async with make_bot() as running:
        await running.crm.record_usage(None, "claude-haiku-4-5", 1000, 200)
        await running.crm.record_usage("CA" + "0" * 32, "claude-haiku-4-5", 500, 100, 4000,
                                       6000)
        now = bot.utcnow()
        assert await running.crm.usage_totals(now - timedelta(hours=1),
                                              now + timedelta(hours=1)) == {
            "requests": 2, "input_tokens": 1500, "output_tokens": 300,
            "cache_write_tokens": 4000, "cache_read_tokens": 6000}
        assert await running.crm.usage_totals(now + timedelta(hours=1),
                                              now + timedelta(hours=2)) == {
            "requests": 0, "input_tokens": 0, "output_tokens": 0, "cache_write_tokens": 0,
            "cache_read_tokens": 0}


async def test_prompt_cache_writes_and_reads_count_in_the_cost_at_their_prices(
    make_bot: Callable[..., Any],
) -> None:
    """Anthropic prices a cache write at 1.25 times plain input and a read at a tenth: both
    count in the budgets (they were left out: a long call looked nearly free)."""
    async with make_bot(claude_prices=(1.0, 5.0)) as running:
        limits = running.assistant.limits
        assert limits.cost(1_000_000, 0) == 1.0
        assert limits.cost(0, 1_000_000) == 5.0
        assert limits.cost(0, 0, 1_000_000, 0) == 1.25
        assert limits.cost(0, 0, 0, 1_000_000) == pytest.approx(0.1)
        await running.crm.record_usage(None, "claude-haiku-4-5", 100_000, 10_000, 400_000,
                                       2_000_000)
        spend = await limits.spend()
        assert spend.today == pytest.approx(0.1 + 0.05 + 0.5 + 0.2)
        limits.spent([("claude-haiku-4-5", 0, 0, 800_000, 0)])
        assert limits._spend is not None and limits._spend.today == pytest.approx(1.85)


# -- Calls and texts per number and hour --


async def test_calls_past_the_hourly_limit_get_a_short_line_and_the_owner_is_told_once(
    make_bot: Callable[..., Any], fake_claude: FakeClaude, clock: time_machine.Coordinates,
) -> None:
    client = claude_client(fake_claude)
    async with make_bot(claude_client=client, calls_per_hour=2) as running:
        assert await running.call(call_sid()) == listening(GREETING)
        assert await running.call(call_sid()) == listening(GREETING)
        assert await running.call(call_sid()) == TOO_MANY_CALLS
        over = call_sid()
        assert await running.call(over) == TOO_MANY_CALLS
        # Another number is not held back; the call turned away is in the CRM, said and all.
        assert await running.call(call_sid(), OTHER_CALLER) == listening(GREETING)
        assert [t["text"] for t in await running.crm.turns(over)] == [
            bot.PhoneAssistant.TOO_MANY_CALLS]
        assert await owner_texts(running) == [
            f"{CALLER} called more than 2 times this hour: more calls from it (or any number "
            "over the limit) get a short apology until the hour is over."]
        # The next hour the number is answered again; over the limit again the same day, the
        # owner is not told twice.
        clock.shift(timedelta(hours=1))
        assert await running.call(call_sid()) == listening(GREETING)
        await running.call(call_sid())
        assert await running.call(call_sid()) == TOO_MANY_CALLS
        assert len(await owner_texts(running)) == 1
        assert fake_claude.requests == []
    await client.close()


async def test_concurrent_calls_from_one_number_are_counted_exactly(
    make_bot: Callable[..., Any], clock: time_machine.Coordinates,
) -> None:
    async with make_bot(calls_per_hour=5) as running:
        answers = await asyncio.gather(*(running.call(call_sid()) for _ in range(20)))
    assert sorted(answers) == sorted([listening(GREETING)] * 5 + [TOO_MANY_CALLS] * 15)


async def test_texts_past_the_hourly_limit_get_one_reply_then_silence(
    make_bot: Callable[..., Any], fake_claude: FakeClaude, clock: time_machine.Coordinates,
) -> None:
    client = claude_client(fake_claude)
    async with make_bot(claude_client=client, texts_per_hour=2) as running:
        assert await running.text("hi") == message("Sure. You said: hi.")
        assert await running.text("hello") == message("Sure. You said: hello.")
        assert await running.text("anyone?") == message(bot.PhoneAssistant.TOO_MANY_TEXTS)
        assert await running.text("hello??") == EMPTY
        assert await running.text("HELLO") == EMPTY
        assert len(fake_claude.requests) == 2
        # Every text is kept for the owner to read; only one reply went past the limit.
        customer = await running.crm.customer_for(CALLER)
        thread = await running.crm.sms_thread(customer["id"], limit=20)
        assert [(m["direction"], m["body"]) for m in thread] == [
            ("in", "hi"), ("out", "Sure. You said: hi."), ("in", "hello"),
            ("out", "Sure. You said: hello."), ("in", "anyone?"),
            ("out", bot.PhoneAssistant.TOO_MANY_TEXTS), ("in", "hello??"), ("in", "HELLO")]
        assert await owner_texts(running) == [
            f"{CALLER} sent more than 2 texts this hour: we stopped replying to it (and any "
            "number over the limit) until the hour is over. The texts are kept."]
        # The next hour it is answered again, the unanswered texts in the thread Claude reads.
        clock.shift(timedelta(hours=1))
        assert await running.text("back again") == message(
            "Sure. You said: hello?? HELLO. back again.")
    await client.close()


async def test_a_vip_is_never_held_back(make_bot: Callable[..., Any]) -> None:
    async with make_bot(texts_per_hour=1) as running:
        customer = await running.crm.customer_for(CALLER)
        await running.crm.update_customer(customer["id"], vip=1)
        assert await running.text("What are your hours?") == message(HOURS)
        assert await running.text("What are your hours?") == message(HOURS)


# -- The blocklist: BLOCKED_NUMBERS and the dashboard's flag, one mechanism --


@pytest.mark.parametrize("how", ["setting", "dashboard"])
async def test_a_blocked_number_gets_one_short_line_and_never_claude(
    make_bot: Callable[..., Any], fake_claude: FakeClaude, how: str,
) -> None:
    client = claude_client(fake_claude)
    blocked = frozenset({CALLER}) if how == "setting" else frozenset()
    async with make_bot(claude_client=client, blocked_numbers=blocked) as running:
        if how == "dashboard":
            customer = await running.crm.customer_for(CALLER)
            await running.crm.update_customer(customer["id"], blocked=1)
        assert await running.call(call_sid()) == hanging_up(bot.PhoneAssistant.BLOCKED)
        assert await running.call(call_sid()) == hanging_up(bot.PhoneAssistant.BLOCKED)
        # One reply a day at most: a flood of texts is not a flood of replies.
        assert await running.text("hello") == message(bot.PhoneAssistant.BLOCKED_TEXT)
        assert await running.text("hello?") == EMPTY
        assert await running.call(call_sid(), OTHER_CALLER) == listening(GREETING)
        assert fake_claude.requests == []
    await client.close()


# -- Turns, minutes and words per call --


async def test_the_turn_cap_is_a_setting(make_bot: Callable[..., Any]) -> None:
    async with make_bot(turns_per_call=3) as running:
        sid = call_sid()
        await running.call(sid)
        assert await running.say(sid, "What are your hours?") == listening(HOURS)
        assert await running.say(sid, "What are your hours?") == listening(HOURS)
        assert await running.say(sid, "What are your hours?") == hanging_up(
            f"{bot.PhoneAssistant.TOO_MANY_TURNS} {GOODBYE}")


async def test_a_call_past_its_minutes_ends_politely_without_claude(
    make_bot: Callable[..., Any], fake_claude: FakeClaude, clock: time_machine.Coordinates,
) -> None:
    client = claude_client(fake_claude)
    async with make_bot(claude_client=client, minutes_per_call=10) as running:
        sid = call_sid()
        await running.call(sid)
        assert "You said: hi" in await spoken(running, sid, "hi")
        clock.shift(timedelta(minutes=10))
        assert await running.say(sid, "and another thing") == hanging_up(
            f"{bot.PhoneAssistant.TOO_LONG} {GOODBYE}")
        assert len(fake_claude.requests) == 1
    await client.close()


async def test_long_speech_and_texts_reach_claude_cut_short(
    make_bot: Callable[..., Any], fake_claude: FakeClaude,
) -> None:
    client = claude_client(fake_claude)
    rambling = "so basically " * 100 + "my bike is broken"
    cut = bot.shortened(rambling, 40)
    assert cut == "so basically so basically so basically…"
    async with make_bot(claude_client=client, message_chars=40) as running:
        sid = call_sid()
        await running.call(sid)
        await spoken(running, sid, rambling)
        assert fake_claude.requests[-1]["messages"][-1] == {"role": "user", "content": cut}
        assert [t["text"] for t in await running.crm.turns(sid)][1] == cut
        long_text = "Hi! " + "x" * 1500
        await running.text(long_text)
        assert fake_claude.requests[-1]["messages"][-1] == {"role": "user", "content": "Hi!…"}
        # The text itself is kept whole for the owner.
        customer = await running.crm.customer_for(CALLER)
        thread = await running.crm.sms_thread(customer["id"])
        assert thread[0]["body"] == long_text
    await client.close()


# -- Claude's budgets --


async def test_the_daily_budget_hands_over_to_the_offline_receptionist_and_tells_the_owner_once(
    make_bot: Callable[..., Any], fake_claude: FakeClaude, clock: time_machine.Coordinates,
) -> None:
    client = claude_client(fake_claude)
    async with make_bot(claude_client=client, claude_prices=DEAR, claude_daily_budget=0.01,
                        claude_monthly_budget=0) as running:
        sid = call_sid()
        await running.call(sid)
        assert "You said" in await spoken(running, sid, "What are your hours?")
        # The first request spent the day's cent: the offline receptionist answers, not silence.
        assert await running.say(sid, "What are your hours?") == listening(HOURS)
        assert await running.text("What are your hours?") == message(HOURS)
        assert await running.say(sid, "What are your hours?") == listening(HOURS)
        assert len(fake_claude.requests) == 1
        assert await owner_texts(running) == [
            "Claude's daily budget ($0.01) is spent: the offline receptionist answers until "
            "midnight. Raise CLAUDE_DAILY_BUDGET to change it."]
        # The summary of the call is not Claude's either.
        await running.hang_up(sid)
        await running.background_done()
        assert len(fake_claude.requests) == 1
        # A new day, a new budget.
        clock.shift(timedelta(days=1))
        assert "You said" in await running.text("What are your hours?")
        assert len(fake_claude.requests) == 2
    await client.close()


async def test_the_monthly_budget_holds_until_the_next_month(
    make_bot: Callable[..., Any], fake_claude: FakeClaude, clock: time_machine.Coordinates,
) -> None:
    client = claude_client(fake_claude)
    async with make_bot(claude_client=client, claude_prices=DEAR, claude_daily_budget=0,
                        claude_monthly_budget=0.01) as running:
        assert "You said" in await running.text("hello")
        assert await running.text("What are your hours?") == message(HOURS)
        clock.shift(timedelta(days=1))
        assert await running.text("What are your hours?") == message(HOURS)
        assert await owner_texts(running) == [
            "Claude's monthly budget ($0.01) is spent: the offline receptionist answers until "
            "the 1st. Raise CLAUDE_MONTHLY_BUDGET to change it."]
        clock.shift(timedelta(days=7))  # December
        assert "You said" in await running.text("hello again")
        assert len(fake_claude.requests) == 2
    await client.close()


async def test_the_budget_is_shared_by_workers(
    make_bot: Callable[..., Any], fake_claude: FakeClaude, clock: time_machine.Coordinates,
) -> None:
    client = claude_client(fake_claude)
    settings = {"claude_client": client, "claude_prices": DEAR, "claude_daily_budget": 0.01}
    async with make_bot(**settings) as first, make_bot(**settings) as second:
        assert "You said" in await first.text("hello")
        # The second worker read nothing yet: it reads the spend from the CRM.
        assert await second.text("What are your hours?", frm=OTHER_CALLER) == message(HOURS)
        assert len(fake_claude.requests) == 1
        assert len(await owner_texts(first)) == 1
    await client.close()


async def test_the_cost_so_far_is_in_the_digest_and_check(
    make_bot: Callable[..., Any], clock: time_machine.Coordinates,
) -> None:
    async with make_bot(claude_daily_budget=2.0, claude_monthly_budget=30.0) as running:
        await running.crm.record_usage(None, "claude-haiku-4-5", 400_000, 20_000)  # $0.50
        clock.shift(timedelta(days=-1))
        await running.crm.record_usage(None, "claude-haiku-4-5", 1_000_000, 0)  # $1.00
        clock.shift(timedelta(days=1))
        profile = running.assistant.profile
        today = bot.utcnow().astimezone(profile.zone).date()
        digest = await bot.daily_digest(running.crm, profile, today,
                                        running.assistant.config)
        assert "Claude cost: today $0.50 of $2.00, this month $1.50 of $30.00" in \
            digest.splitlines()
        assert await bot.cost_lines(running.assistant.config, running.crm, profile) == [
            "claude cost      today $0.50 of $2.00, this month $1.50 of $30.00"]


# -- Told once, in the CRM: across workers and restarts --


async def test_a_refused_key_is_told_once_also_after_a_restart(
    make_bot: Callable[..., Any], fake_claude: FakeClaude,
) -> None:
    fake_claude.responder = lambda body: Error(401, "authentication_error", "invalid x-api-key")
    for _restart in range(2):
        client = claude_client(fake_claude)
        async with make_bot(claude_client=client) as running:
            sid = call_sid()
            await running.call(sid)
            await running.say(sid, "What are your hours?")
            texts = await owner_texts(running)
        await client.close()
    assert len(fake_claude.requests) == 2  # each process asks once, then pauses Claude
    assert texts == [
        "Your receptionist cannot use Claude: Claude refused the API key (401): check "
        "ANTHROPIC_API_KEY. Callers are answered by the offline receptionist until it is fixed."]


# -- The flood (issue 9's "Done when") --


@pytest.mark.sqlite_only
async def test_a_flood_from_one_number_costs_at_most_the_configured_budget(
    make_bot: Callable[..., Any], fake_claude: FakeClaude, clock: time_machine.Coordinates,
) -> None:
    """500 calls and 200 texts from one number within one simulated minute: Claude is asked
    at most for what the limits allow, the owner is told once per limit, and at most one
    text goes back past the limit."""
    client = claude_client(fake_claude)
    async with make_bot(claude_client=client) as running:
        limits = running.assistant.config
        calls = texts = 0
        greeted = replies = 0
        step = timedelta(seconds=60 / 700)
        while calls < 500 or texts < 200:
            if calls < 500:
                calls += 1
                sid = call_sid()
                if "<Gather" in await running.call(sid):
                    greeted += 1
                    await running.hear(sid, "Do you fix e-bikes?")
                await running.hang_up(sid)
                clock.shift(step)
            if texts < 200 and calls % 5 in (0, 2):
                texts += 1
                reply = await running.text(f"flood {texts}", sid=message_sid())
                replies += reply.count("<Message>")
                clock.shift(step)
        await running.background_done()
        assert bot.utcnow() - OPEN_NOW < timedelta(minutes=1)
        # The first CALLS_PER_HOUR calls were answered (one turn and a summary each), the
        # first TEXTS_PER_HOUR texts too; the rest cost nothing.
        assert (greeted, replies) == (limits.calls_per_hour, limits.texts_per_hour + 1)
        budget = 2 * limits.calls_per_hour + limits.texts_per_hour
        assert len(fake_claude.requests) == budget == 32
        alerts = await owner_texts(running)
        assert [re.sub(r"\+\d+", "NUMBER", a) for a in alerts] == [
            "NUMBER called more than 6 times this hour: more calls from it (or any number "
            "over the limit) get a short apology until the hour is over.",
            "NUMBER sent more than 20 texts this hour: we stopped replying to it (and any "
            "number over the limit) until the hour is over. The texts are kept."]
        # The owner's two alerts, and the day's one missed-call text to the number (its calls
        # past the limit were refused): a flood of calls is not a flood of texts.
        outbox = await running.crm.rows("SELECT count(*) AS n FROM outbox")
        assert outbox == [{"n": 3}]
        assert (await running.crm.rows("SELECT count(*) AS n FROM sms WHERE direction = 'in'")
                ) == [{"n": 200}]
    await client.close()


async def test_a_turn_past_the_budget_costs_no_extra_crm_round_trip(
    make_bot: Callable[..., Any], fake_claude: FakeClaude, monkeypatch: Any,
    clock: time_machine.Coordinates,
) -> None:
    from tests.test_crm import TURN_TRIPS, count_round_trips

    client = claude_client(fake_claude)
    async with make_bot(claude_client=client, claude_prices=DEAR,
                        claude_daily_budget=0.01) as running:
        sid = call_sid()
        await running.call(sid)
        await spoken(running, sid, "hello")
        assert await running.say(sid, "What are your hours?") == listening(HOURS)  # told
        trips = count_round_trips(monkeypatch)
        assert await running.say(sid, "What are your hours?") == listening(HOURS)
        assert len(trips) == TURN_TRIPS, trips
        assert len(await owner_texts(running)) == 1
    await client.close()


# -- Issue 16: spoofed calls, codes and bookings --


def test_the_code_and_booking_limits_are_settings() -> None:
    config = bot.load_config({
        "CONFIRMATION_CODES_PER_HOUR": "5", "BOOKINGS_PER_CUSTOMER": "4",
        "BOOKINGS_PER_CALL": "1", "CODE_COUNTRIES": "us, CA,gb",
    })
    assert (config.confirmation_codes_per_hour, config.bookings_per_customer,
            config.bookings_per_call, config.code_countries) == (
        5, 4, 1, frozenset({"US", "CA", "GB"}))
    defaults = bot.load_config({})
    assert (defaults.confirmation_codes_per_hour, defaults.bookings_per_customer,
            defaults.bookings_per_call, defaults.code_countries) == (20, 3, 2, frozenset())
    with pytest.raises(bot.ConfigError) as error:
        bot.load_config({"CODE_COUNTRIES": "US, United Kingdom", "BOOKINGS_PER_CALL": "two"})
    assert error.value.problems == [
        "BOOKINGS_PER_CALL='two' must be a whole number, 0 for no limit (example: "
        "BOOKINGS_PER_CALL=2)",
        "CODE_COUNTRIES: 'United Kingdom' is not a two-letter country code (example: "
        "CODE_COUNTRIES=US,CA)",
    ]


async def test_spoofed_calls_do_not_use_up_the_real_callers_hourly_calls(
    make_bot: Callable[..., Any]
) -> None:
    """Calls whose caller ID the carrier did not vouch for are counted apart: a spoofer
    using up CALLS_PER_HOUR never keeps the number's real owner from getting through."""
    async with make_bot(calls_per_hour=2) as running:
        for _ in range(2):
            assert await running.call(call_sid(), StirVerstat="") == listening(GREETING)
        assert await running.call(call_sid(), StirVerstat="No-TN-Validation") == TOO_MANY_CALLS
        assert await running.call(call_sid()) == listening(GREETING)
        assert await running.call(call_sid()) == listening(GREETING)
        assert await running.call(call_sid()) == TOO_MANY_CALLS


# -- What each call and text cost, stored when it ended (issue 20, item 8) --


async def test_a_calls_cost_is_stored_when_it_ends_and_kept_when_prices_change(
    make_bot: Callable[..., Any], fake_claude: FakeClaude, clock: time_machine.Coordinates,
) -> None:
    fake_claude.queue(Text("We open at nine."), Text("Dana asked when we open."))
    client = claude_client(fake_claude)
    async with make_bot(claude_client=client) as running:
        sid = call_sid()
        await running.call(sid)
        await running.say(sid, "When do you open?")
        await running.hang_up(sid, duration="150")
        await running.background_done()
        call = await running.crm.call(sid)
        usage = await running.crm.usage_of_call(sid)
        config = running.assistant.config
        # Twilio and Anthropic double their prices the next day: the call's cost stays.
        dearer = replace(config, twilio_prices=(0.017, 0.04, 0.0236), claude_prices=(2.0, 10.0))
        profile = running.assistant.profile
        digest = await bot.daily_digest(running.crm, profile,
                                        bot.utcnow().astimezone(profile.zone).date(), dearer)
    await client.close()
    # The reply and the summary written after the call: both are the call's (the README says
    # a call's cost holds "Claude's tokens for its turns and summary").
    [turn, summary] = usage
    claude = sum(bot.claude_cost(config.claude_prices, *(u[c] for c in bot.USAGE_TOKENS))
                 for u in (turn, summary))
    assert json.loads(call["cost"]) == {
        "minutes": 3, "speech_units": 1,
        "input_tokens": turn["input_tokens"] + summary["input_tokens"],
        "output_tokens": turn["output_tokens"] + summary["output_tokens"], "cache_tokens": 0,
        "voice": 3 * 0.0085, "speech": 0.02, "claude": claude}
    stored = bot.cost_of_call(dearer, call, usage)
    assert (stored.voice, stored.speech, stored.claude) == (3 * 0.0085, 0.02, claude)
    total = 3 * 0.0085 + 0.02 + claude
    assert bot.month_so_far(dearer, [call], [], usage) == (
        f"${total:.4f} (voice $0.0255, speech $0.0200, texts 0 segments $0.0000, "
        f"Claude ${claude:.4f})")
    # A call from before costs were stored is worked out at today's prices.
    old = {**call, "cost": None}
    assert bot.cost_of_call(dearer, old, usage).voice == 3 * 0.017
    # The digest's cost is the stored one (not $0.0510 of voice and $0.0400 of speech).
    [line] = [line for line in digest.splitlines() if line.startswith("Cost: ")]
    assert "(voice $0.0255, speech $0.0200, texts 0 segments $0.0000, Claude $" in line


async def test_a_call_whose_length_is_unknown_stores_no_cost(make_bot: Callable[..., Any]) -> None:
    """A call the sweep finished without Twilio's word on its length (no status callback, and
    Twilio could not be asked) would store 0 minutes for good; it stores no cost instead, so
    its cost is worked out when shown, from the length a late status callback brings."""
    async with make_bot() as running:
        sid = call_sid()
        await running.call(sid)
        await running.say(sid, "When do you open?")
        assert await running.assistant.after_calls.cost_of(sid) is None  # no length yet
        await running.hang_up(sid, duration="150")
        await running.background_done()
        assert json.loads((await running.crm.call(sid))["cost"])["minutes"] == 3


async def test_a_text_and_the_reply_it_got_in_twiml_are_costed(
    make_bot: Callable[..., Any],
) -> None:
    """Twilio bills a text that comes in and the reply sent back in TwiML as it bills a text
    sent through its API: each is stored with its cost and counts in the month so far."""
    async with make_bot() as running:
        await running.text("When do you open?")
        start = bot.utcnow() - timedelta(hours=1)
        end = bot.utcnow() + timedelta(hours=1)
        billed = await running.crm.texts_billed_between(start, end)
        config = running.assistant.config
    assert [r["direction"] for r in billed] == ["in", "out"]
    assert [r["cost"] for r in billed] == [bot.text_cost(config, r["body"]) for r in billed]
    segments = sum(bot.text_segments(r["body"]) for r in billed)
    assert f"texts {segments} segments ${sum(r['cost'] for r in billed):.4f}" in (
        bot.month_so_far(config, [], [], [], billed))


async def test_a_call_the_bot_hung_up_is_charged_its_minutes_once_twilio_says_them(
    make_bot: Callable[..., Any],
) -> None:
    """The bot's goodbye ends most calls: it summarises them at once, before Twilio's status
    callback brings the call's length; the minutes stored are the callback's, not none."""
    async with make_bot() as running:
        sid = call_sid()
        await running.call(sid)
        assert "<Hangup />" in await running.say(sid, "That's all, thanks, bye.")
        await running.background_done()
        assert (await running.crm.call(sid))["summary_state"] == "done"
        await running.hang_up(sid, duration="150")
        await running.background_done()
        call = await running.crm.call(sid)
    assert (json.loads(call["cost"])["minutes"], json.loads(call["cost"])["voice"]) == (
        3, 3 * 0.0085)


def test_an_alert_pushed_through_ntfy_costs_nothing(config: bot.Config) -> None:
    """NTFY_TOPIC_URL: each alert is a text and a push beside it (an outbox row of kind
    'push', never a cost): the month's texts are the text's segments only, not twice."""
    text = {"kind": "sms", "status": "sent", "body": "x" * 200, "cost": 2 * 0.0118}
    push = {"kind": "push", "status": "sent", "body": "x" * 200, "cost": None}
    assert bot.month_so_far(config, [], [text, push], []) == bot.month_so_far(
        config, [], [text], []) == (
        "$0.0236 (voice $0.0000, speech $0.0000, texts 2 segments $0.0236, Claude $0.0000)")


async def test_a_texts_cost_is_stored_when_twilio_takes_it(config: bot.Config) -> None:
    from datetime import UTC, datetime

    from twilio.rest import Client

    from tests.fakes import FakeTwilioHttp, account_sid

    crm = await bot.open_crm(config)
    try:
        kept = await bot.Telephone(config, crm).send_sms(OWNER, "x" * 200)
        assert (kept["status"], kept["cost"]) == ("offline", None)  # not sent: no cost yet
        client = Client(account_sid(), "token", http_client=FakeTwilioHttp())
        online = bot.Telephone(config, crm, client, clock=lambda: datetime.now(UTC))
        [sent] = await online.send_due()
        assert (sent["status"], sent["cost"]) == ("sent", 2 * 0.0118)  # two segments
        dearer = replace(config, twilio_prices=(0.0085, 0.02, 1.0))
        assert bot.month_so_far(dearer, [], [sent], []) == (
            "$0.0236 (voice $0.0000, speech $0.0000, texts 2 segments $0.0236, Claude $0.0000)")
        assert bot.month_so_far(dearer, [], [{**sent, "cost": None}], []) == (
            "$2.0000 (voice $0.0000, speech $0.0000, texts 2 segments $2.0000, Claude $0.0000)")
    finally:
        await crm.close()
