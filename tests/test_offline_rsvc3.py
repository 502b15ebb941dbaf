"""Which service a booking is for when the caller tells a story instead of a name (blind10):
the service whose description tells what the caller told ("family coming this weekend and the
tub's grimy" is the deep clean "good before guests"; "the pump just hums" the repair visit),
asked between only the few the story fits when it fits several alike; a try-out of a class
named with the class it tries ("she wants to try ballet, could she come to a class") is the
one trial, never two bookings; and the service asked about earlier in the call carries into
a booking asked for without one ("how much is the monthly? … can you start us Monday at
nine?"), read back so the caller can correct it.

On profiles written here (tests/profiles: a hot tub service, a dance studio) and on the eval's
pool service and martial arts studio, with wordings of our own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import pytest
from conftest import Bot

from tests.offline_support import PROFILES, SCENARIO_PROFILES, booked_rows, conversation, named

TUB_NOW = datetime.fromisoformat("2027-04-13T09:30-06:00")  # a Tuesday morning in Boise
DANCE_NOW = datetime.fromisoformat("2027-04-13T16:00-07:00")  # a Tuesday afternoon in Spokane
POOL_NOW = datetime.fromisoformat("2026-06-09T10:15-07:00")  # a Tuesday morning in Tempe
DOJO_NOW = datetime.fromisoformat("2026-11-17T16:10-05:00")  # a Tuesday afternoon in Charlotte
ASK = "Shall I book it, and what name shall I put it under?"


@pytest.fixture
async def hot_tub(make_bot: Any) -> AsyncIterator[Bot]:
    async with make_bot(business_profile=PROFILES / "hot-tub.toml",
                        clock=lambda: TUB_NOW) as running:
        yield running


@pytest.fixture
async def dance(make_bot: Any) -> AsyncIterator[Bot]:
    async with make_bot(business_profile=PROFILES / "dance-studio.toml",
                        clock=lambda: DANCE_NOW) as running:
        yield running


@pytest.fixture
async def pool(make_bot: Any) -> AsyncIterator[Bot]:
    async with make_bot(business_profile=SCENARIO_PROFILES / "pool-service.toml",
                        clock=lambda: POOL_NOW) as running:
        yield running


@pytest.fixture
async def dojo(make_bot: Any) -> AsyncIterator[Bot]:
    async with make_bot(business_profile=SCENARIO_PROFILES / "martial-arts.toml",
                        clock=lambda: DOJO_NOW) as running:
        yield running


# -- 1. The service told by the caller's story ---------------------------------------------------


@pytest.mark.parametrize(("speech", "read_back"), [
    ("we've got guests this weekend and the tub is honestly kind of grimy, could somebody come "
     "clean it Thursday at ten?",
     "a Drain and refill cleaning on Thursday the 15th of April at 10 AM"),
    ("we just moved into a house that has a hot tub and it's gross, can someone come out and "
     "clean it Friday at 1?", "a Drain and refill cleaning on Friday the 16th of April at 1 PM"),
    ("my hot tub pump just hums and nothing happens. Can your repair guy come Thursday at ten? "
     "I have a call at eight, so ten is best",
     "a Spa repair visit on Thursday the 15th of April at 10 AM"),
    ("the water in the tub went all milky and foamy, can somebody come Wednesday at two?",
     "a Cloudy water treatment tomorrow, Wednesday the 14th of April at 2 PM"),
])
async def test_the_service_the_story_tells_is_read_back(
    hot_tub: Bot, speech: str, read_back: str,
) -> None:
    answers = await conversation(hot_tub, [speech])
    assert answers[0] == f"That's {read_back}. {ASK}"
    assert await booked_rows(hot_tub) == []


@pytest.mark.parametrize(("speech", "read_back"), [
    ("after that dust storm the pool is full of dirt, could someone come clean it Friday at "
     "ten?", "a One-time cleaning on Friday the 12th of June at 10 AM"),
    ("the pump motor hums but won't start, could the repair guy come Thursday at two?",
     "an Equipment repair on Thursday the 11th of June at 2 PM"),
])
async def test_the_pool_service_the_story_tells_is_read_back(
    pool: Bot, speech: str, read_back: str,
) -> None:
    answers = await conversation(pool, [speech])
    assert answers[0] == f"That's {read_back}. {ASK}"


async def test_a_story_that_fits_several_asks_between_only_those(pool: Bot) -> None:
    answers = await conversation(pool, [
        "the pool needs a cleaning, can somebody come Friday at ten?",
        "the one-time cleaning please",
        "yes please, that's great. Dana Whitfield"])
    assert answers[0] == ("Happy to book you in on Friday the 12th of June at 10 AM. Which "
                          "service would you like: Green pool cleanup, Filter cleaning or "
                          "One-time cleaning?")
    # The answer keeps the day and time already given.
    assert answers[1] == f"That's a One-time cleaning on Friday the 12th of June at 10 AM. {ASK}"
    assert await booked_rows(pool) == [("One-time cleaning", "2026-06-12T17:00")]


async def test_a_booking_turn_that_mentions_a_call_is_no_message(hot_tub: Bot) -> None:
    # "I have a call at eight" is the caller's own call, not "have her call me".
    answers = await conversation(hot_tub, [
        "can I get the filter cleaned Friday at eleven? I have a call at nine so eleven works"])
    assert answers[0] == f"That's a Filter cleaning on Friday the 16th of April at 11 AM. {ASK}"


# -- 2. A try-out named with the class it tries is the one trial ---------------------------------


@pytest.mark.parametrize(("speech", "read_back"), [
    ("my daughter is six and she's dying to try ballet, could she come try a class Thursday at "
     "4:30?", "Thursday the 15th of April at 4:30 PM"),
    ("I'm forty and I've never danced, could I try the adult salsa on Friday at six?",
     "Friday the 16th of April at 6 PM"),
    ("can my son do a kids trial class Saturday at ten?", "Saturday the 17th of April at 10 AM"),
])
async def test_a_try_out_of_a_class_is_the_trial_class(
    dance: Bot, speech: str, read_back: str,
) -> None:
    answers = await conversation(dance, [speech, "yes please, that's perfect. Jo Alvarez"])
    assert answers[0] == f"That's a Free trial class on {read_back}. {ASK}"
    assert "one at a time" not in answers[1]
    assert [service for service, _ in await booked_rows(dance)] == ["Free trial class"]


@pytest.mark.parametrize("speech", [
    "my nephew is nine and wants to try karate, can he come to a class Thursday at 5:30?",
    "could my daughter do a kids trial class Thursday at 5:30?",
])
async def test_a_try_out_at_the_dojo_is_the_free_trial(dojo: Bot, speech: str) -> None:
    answers = await conversation(dojo, [speech])
    assert answers[0] == ("That's a Free trial class on Thursday the 19th of November at "
                          f"5:30 PM. {ASK}")


@pytest.mark.parametrize(("profile", "speech", "service"), [
    ("dance-studio.toml", "she wants to sign up for kids ballet", "Kids Ballet (ages 4-8)"),
    ("martial-arts.toml", "he's been doing kids karate with you for a year", "Kids Karate "
     "(ages 6-12)"),
])
def test_a_class_named_without_a_try_out_stays_that_class(
    profile: str, speech: str, service: str,
) -> None:
    assert named(PROFILES / profile if (PROFILES / profile).exists() else profile,
                 speech) == service


# -- 3. The service asked about earlier carries into the booking -------------------------------


async def test_a_start_date_after_a_price_books_the_service_priced(hot_tub: Bot) -> None:
    answers = await conversation(hot_tub, [
        "how much is the monthly maintenance, and is there a contract?",
        "ok sounds good. Can you start us next Monday at nine?",
        "yes that's fine, Priya and Sam Noor"])
    assert answers[0].startswith("A Monthly spa maintenance is $95 a month")
    assert answers[1] == f"That's a Monthly spa maintenance on Monday the 19th of April at 9 AM. " \
        f"{ASK}"
    assert await booked_rows(hot_tub) == [("Monthly spa maintenance", "2027-04-19T15:00")]


async def test_a_slot_asked_after_a_price_books_the_class_priced(dance: Bot) -> None:
    answers = await conversation(dance, [
        "what does the adult salsa cost?",
        "nice. Could you fit me in Thursday at seven?"])
    assert answers[1] == f"That's an Adult Salsa on Thursday the 15th of April at 7 PM. {ASK}"


async def test_a_text_booking_after_a_question_answered_from_the_faq_keeps_its_service(
    pool: Bot,
) -> None:
    answers = [await pool.text("hi how much is a 1 time cleaning after a dust storm"),
               await pool.text("ok cool can u come fri at 9")]
    assert "135" in answers[0]
    assert "One-time cleaning on Friday the 12th of June at 9 AM" in answers[1]


@pytest.mark.parametrize("speech", [
    "can I sign my son up for the kids karate class Thursday at 5:30?",
    "he did the free trial last week and loved it, can he start kids karate Thursday at 5:30?",
])
async def test_a_class_asked_for_without_trying_is_that_class(dojo: Bot, speech: str) -> None:
    answers = await conversation(dojo, [speech])
    assert answers[0] == ("That's a Kids Karate (ages 6-12) on Thursday the 19th of November "
                          f"at 5:30 PM. {ASK}")
