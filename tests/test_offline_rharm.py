"""The offline receptionist's turns that did harm at strangers' businesses (blind8/9/10), as
classes: a service read back that the caller neither named nor clearly described (another named
by its own word, or described better, or the one a price question named); an emergency heard in
English's small words, or missed when told plainly (a gate that won't open, hearing lost); a
message for a member of staff named with "'s" passed to the owner instead.

Mostly a bike shop (tests/profiles/bike-works.toml), beside the eval's hearing center and self
storage.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import Bot, call_sid
from test_offline_safety import notes_of, outbox

from tests.offline_support import PROFILES, SCENARIO_PROFILES, booked_rows, said

BIKE_SHOP = PROFILES / "bike-works.toml"
MONDAY_MORNING = datetime(2026, 11, 16, 16, 0, tzinfo=UTC)  # Monday 16 November, 10:00


@pytest.fixture
def bike_shop() -> Path:
    """The bike shop's profile (tests/profiles/bike-works.toml)."""
    return BIKE_SHOP


@asynccontextmanager
async def a_call(
    make_bot: Any, where: Path, lines: list[str], now: datetime = MONDAY_MORNING,
) -> AsyncIterator[tuple[list[str], Bot]]:
    """A whole call at a business, at a fixed hour: what the caller heard after each line, and
    the bot as the call left it."""
    async with make_bot(business_profile=where, clock=lambda: now) as running:
        sid = call_sid()
        await running.call(sid)
        heard = [said(await running.say(sid, line)) for line in lines]
        await running.hang_up(sid)
        await running.background_done()
        yield heard, running


# -- 1. The service read back is the one the caller named or clearly described --------------


@pytest.mark.parametrize("speech", [
    # "Road bike" half names the Fitting and the Rental, whose description says "clean";
    # "cleaned" is the Drivetrain cleaning's own word.
    "hi, I need my road bike cleaned, it's filthy from the gravel race. Could I drop it off "
    "Friday at ten?",
    "could you guys get my road bike cleaned up Friday at 10? the chain is black",
])
async def test_a_name_half_said_is_asked_beside_another_named_by_its_own_word(
    make_bot: Any, bike_shop: Path, speech: str,
) -> None:
    async with a_call(make_bot, bike_shop, [speech, "yes please, it's Anna Berg"]) as (
            answers, running):
        assert not answers[0].startswith("That's a Road bike"), answers[0]
        assert "Drivetrain cleaning" in answers[0], answers[0]
        assert all(service == "Drivetrain cleaning" for service, _ in await booked_rows(running))


@pytest.mark.parametrize("speech", [
    # "Cleaned" names the Drivetrain cleaning; the Full overhaul's description says the rest.
    "I need it all cleaned and the bearings regreased, plus new cables and housing. Friday at 10?",
    "can you clean the whole thing up, new cables and housing and regrease the bearings, Friday "
    "at 10?",
])
async def test_a_service_another_describes_better_is_asked_not_read_back(
    make_bot: Any, bike_shop: Path, speech: str,
) -> None:
    lines = [speech, "yes", "the overhaul", "yes, Anna Berg"]
    async with a_call(make_bot, bike_shop, lines) as (answers, running):
        assert answers[0] == ("Happy to book you in on Friday the 20th of November at 10 AM. "
                              "Which service would you like: Drivetrain cleaning or Full "
                              "overhaul?"), answers[0]
        assert await booked_rows(running) == [("Full overhaul", "2026-11-20T16:00")]


@pytest.mark.parametrize("first", [
    # The second question's answer guesses the Winter storage ("indoors"): no topic of the turn.
    "how much is a full overhaul, and how long is the bike indoors with you?",
    "what is a full overhaul run? and how long is my bike indoors at your shop?",
])
async def test_booking_it_after_a_price_question_books_the_service_it_named(
    make_bot: Any, bike_shop: Path, first: str,
) -> None:
    lines = [first, "okay, let's do it. Can I drop it off Tuesday at nine?", "yes, Anna Berg"]
    async with a_call(make_bot, bike_shop, lines) as (answers, running):
        assert answers[1].startswith("That's a Full overhaul tomorrow, Tuesday"), answers[1]
        assert await booked_rows(running) == [("Full overhaul", "2026-11-17T15:00")]


@pytest.mark.parametrize("speech", [
    "can you guys come out Tuesday at nine and fix my brakes? I am stuck at work all day",
    "could somebody come to my office Tuesday at 9 for a tune-up? I can't get away",
])
async def test_coming_to_the_caller_is_the_mobile_service(
    make_bot: Any, bike_shop: Path, speech: str,
) -> None:
    async with a_call(make_bot, bike_shop, [speech]) as ([answer], _):
        assert answer == ("That's a Mobile repair tomorrow, Tuesday the 17th of November at 9 AM. "
                          "Shall I book it, and what name shall I put it under?")


@pytest.mark.parametrize("speech", [
    "hi, my mom needs one of the air conditioned units for her antique desk, could she come in "
    "Thursday at ten to sign up?",
    "do you have temperature controlled storage? I've got a piano and old photos. Thursday at 10 "
    "to rent one?",
])
async def test_air_conditioned_is_the_climate_controlled_unit(make_bot: Any, speech: str) -> None:
    storage = SCENARIO_PROFILES / "self-storage.toml"
    now = datetime(2026, 12, 8, 17, 0, tzinfo=UTC)  # Tuesday 8 December, 10:00 in Phoenix
    async with a_call(make_bot, storage, [speech], now) as ([answer], _):
        assert answer.startswith("That's a Climate-controlled unit move-in on Thursday"), answer


@pytest.mark.parametrize("speech", [
    "hi, can I get my hearing aids cleaned tomorrow at ten?",
    "my ears feel plugged, I think it's wax built up. Could you clean it out tomorrow at 10?",
])
async def test_at_the_hearing_center_a_cleaning_is_never_read_back_as_a_fitting(
    make_bot: Any, speech: str,
) -> None:
    center = SCENARIO_PROFILES / "hearing-aid-center.toml"
    now = datetime(2026, 12, 14, 17, 0, tzinfo=UTC)  # Monday 14 December, 10:00 in Tucson
    async with a_call(make_bot, center, [speech, "yes, Ruth Berg"], now) as (answers, running):
        assert "Hearing aid fitting on" not in answers[0], answers[0]
        assert all(service in ("Clean and check", "Earwax removal")
                   for service, _ in await booked_rows(running))


# -- 2. An emergency needs an emergency's meaning, not the policy's small words -------------------


@pytest.mark.parametrize("speech", [
    "I'm bringing both bikes in, last time the rack was full because I don't know how they fit",
    "my dad uses a cane, are there steps at the door? last shop we went to had a few and it was "
    "a whole thing because of his legs",
])
async def test_the_policys_small_words_are_no_emergency(
    make_bot: Any, bike_shop: Path, speech: str,
) -> None:
    async with a_call(make_bot, bike_shop, [speech]) as ([answer], running):
        assert "urgent" not in answer, answer
        assert not any(body.startswith("URGENT") for body in await outbox(running))


@pytest.mark.parametrize("speech", [
    "oh and should my father bring anything tomorrow? he has a whole bag full of pill bottles, "
    "I don't know which ones matter",
    "my wife uses a walker, is there parking by the door? because the last place had stairs",
])
async def test_at_the_hearing_center_pills_and_walkers_are_no_emergency(
    make_bot: Any, speech: str,
) -> None:
    center = SCENARIO_PROFILES / "hearing-aid-center.toml"
    async with a_call(make_bot, center, [speech]) as ([answer], running):
        assert "urgent" not in answer, answer
        assert not any(body.startswith("URGENT") for body in await outbox(running))


@pytest.mark.parametrize(("where", "speech"), [
    ("self-storage", "the gate won't open, I've punched my code in three times and I'm stuck "
     "inside with a trailer I have to return"),
    ("self-storage", "hi, I'm locked in, the keypad won't let me out and the office is closed"),
    ("hearing-aid-center", "I woke up and I can't hear anything in my right ear, it's ringing and "
     "I'm dizzy"),
    ("bike", "I just crashed and I feel dizzy, I lost feeling in my left leg"),
])
async def test_an_emergency_told_in_plain_words_is_escalated(
    make_bot: Any, bike_shop: Path, where: str, speech: str,
) -> None:
    profile = bike_shop if where == "bike" else SCENARIO_PROFILES / f"{where}.toml"
    async with a_call(make_bot, profile, [speech]) as ([answer], running):
        assert answer.startswith("I'm sorry, that sounds urgent."), answer
        assert any(body.startswith("URGENT") for body in await outbox(running))


# -- 3. A message for a member of staff named with "'s" goes to them -----------------------------


@pytest.mark.parametrize(("where", "speech", "who"), [
    ("bike", "Priya's doing my brakes tomorrow, can you give her a message? The bike is the blue "
     "Trek with the bell, the lock code is 2231", "Priya Shah"),
    ("bike", "hi, Dmitri's fitting me on Thursday, could you pass on a message that I'm bringing "
     "my new carbon shoes and the old insoles", "Dmitri Volkov"),
    ("garage-door", "hey, Tyler's fixing our opener later, can you give him a message? The "
     "garage code is 5521 and please park on the street", "Tyler Brandt"),
])
async def test_a_message_for_staff_named_with_s_goes_to_them(
    make_bot: Any, bike_shop: Path, where: str, speech: str, who: str,
) -> None:
    profile = bike_shop if where == "bike" else SCENARIO_PROFILES / f"{where}.toml"
    async with a_call(make_bot, profile, [speech]) as ([answer], running):
        assert answer.startswith(f"Thank you, I've passed that on to {who}."), answer
        [message] = await notes_of(running, "message")
        assert message.startswith(f"For {who}: "), message


@pytest.mark.parametrize("lines", [
    ["how much to fix a spring? the door won't open since this morning",
     "ok can you do tomorrow at 8?"],
    ["hi, what do you charge for a spring? I heard a bang and now the door won't open",
     "alright, could you come out Tuesday at ten?"],
])
async def test_a_price_asked_by_its_own_word_is_what_books_not_a_word_half_heard(
    make_bot: Any, lines: list[str],
) -> None:
    # "Won't open" half says the Opener repair ("open" of "opener"), but the caller asked the
    # Spring replacement's price by its own word: the booking after it is for the spring.
    async with a_call(make_bot, PROFILES / "garage-door.toml", lines) as (heard, running):
        assert "Spring replacement is $225" in heard[0], heard[0]
        assert heard[1].startswith("That's a Spring replacement"), heard[1]
        assert "Opener" not in heard[1]
