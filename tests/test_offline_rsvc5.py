"""The offline receptionist's choice of a service and of the price it says, where strangers'
callers (blind16-18) had the wrong service booked or the wrong price told:

1. a thing the caller names by two words one service's description writes together ("a skin
   tag", "a gutter seam") is that service's, though a word of it is another service's name
   (no Full-body skin check, no Gutter cleaning);
2. a booking asked after a question in one breath, whose own words name two services alike
   ("could we do an evaluation"), is for the one the turn names ("…looked at for speech");
3. the words of asking a price tell no service's description from another's (no Pre-planning
   consultation that speaks of "the costs": the viewing the caller describes);
4. a price asked as a "ballpark", or as what a thing "runs" in a text ("whats a pressure tank
   run u"), is a price asked: the price, not the description nor an FAQ;
5. of services named alike whose descriptions tell the caller's words alike, the one whose
   description says it is for what the caller told of ("our tortoise's beak": the Reptile nail
   and beak trim "for tortoises", not the Beak trim by the shorter name).

A gutter company of our own (tests/profiles/gutter-pros.toml), and the blind sets' profiles
with wordings of our own.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import Bot

from tests.offline_support import (
    PROFILES,
    SCENARIO_PROFILES,
    booked_rows,
    business_at,
    conversation,
    named,
)

GUTTER = PROFILES / "gutter-pros.toml"
GUTTER_NOW = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # Wednesday 2 December, 10:00 in Omaha
KIDS = SCENARIO_PROFILES / "kids-therapy.toml"
KIDS_NOW = datetime(2027, 1, 14, 21, 15, tzinfo=UTC)  # Thursday 14 January, 14:15 in Phoenix
FUNERAL = SCENARIO_PROFILES / "funeral-home.toml"
DERM = SCENARIO_PROFILES / "dermatology.toml"
WELL = SCENARIO_PROFILES / "well-pump.toml"
WINTER_NOW = datetime(2026, 12, 8, 14, 10, tzinfo=UTC)  # Tuesday 8 December, 9:10 Eastern


gutter = business_at(GUTTER, GUTTER_NOW, "The gutter company on a Wednesday morning.")


kids = business_at(KIDS, KIDS_NOW, "The children's therapy clinic on a Thursday afternoon.")


# -- 1. A thing named by a description's two words ---------------------------------------------


@pytest.mark.parametrize(("profile", "speech", "service"), [
    (GUTTER, "the gutter seam over our porch drips every time it rains", "Rehang and reseal"),
    (GUTTER, "how much to fix a gutter seam that drips", "Rehang and reseal"),
    (GUTTER, "can somebody clean out our gutters next week", "Gutter cleaning"),
    (DERM, "I'd like to get a skin tag taken off my eyelid", "Mole removal"),
    # The other service named by its own words besides: that one.
    (DERM, "I want a full body skin check, I've never had one, and I've got a skin tag too",
     "Full-body skin check"),
    # A thing of another's name's kind: "an hour lesson" is a lesson, though only the Teen
    # driver package's description writes "two-hour lessons".
    ("driving-school.toml", "Hi, can I get a one hour lesson this Friday at four?",
     "Single driving lesson"),
])
def test_a_thing_a_description_names_is_that_services(
    profile: Any, speech: str, service: str,
) -> None:
    assert named(profile, speech) == service


@pytest.mark.parametrize("speech", ["??", "tag", "skin tag"])
def test_a_word_or_none_is_looked_at_for_a_thing_named_too(speech: str) -> None:
    assert named(DERM, speech) in (None, "Mole removal")


async def test_the_thing_named_is_booked_as_that_service(gutter: Bot) -> None:
    answers = await conversation(gutter, [
        "hi, the gutter seam over our back porch drips every time it rains, could someone "
        "come Friday at ten?",
        "yes please, it's Dana Whitfield",
    ])
    assert "Rehang and reseal" in answers[0], answers[0]
    assert await booked_rows(gutter) == [("Rehang and reseal", "2026-12-04T16:00")]


# -- 2. The service the turn names, for a booking that names two alike --------------------------


async def test_a_booking_after_a_question_is_for_the_service_the_turn_names(kids: Bot) -> None:
    answers = await conversation(kids, [
        "hi, our daycare teacher thinks my daughter should get checked for speech, she's two "
        "and a half and barely talks? Could we do an evaluation next Tuesday at ten",
        "yes, that's right. Maria Lopez",
    ])
    assert "Speech and language evaluation" in answers[0], answers[0]
    assert await booked_rows(kids) == [("Speech and language evaluation", "2027-01-19T17:00")]


# -- 3. Asking a price, or when, tells no description ---------------------------------------------


@pytest.mark.parametrize("speech", [
    "and how much more would it be for the family to see her one last time before?",
])
async def test_the_words_of_a_price_or_of_when_describe_no_service(
    make_bot: Any, speech: str,
) -> None:
    async with make_bot(business_profile=FUNERAL, clock=lambda: WINTER_NOW) as running:
        answers = await conversation(running, [speech])
    assert "$450" in answers[0], answers[0]
    assert "Pre-planning" not in answers[0]


# -- 4. A ballpark, or what a thing runs, is a price asked -----------------------------------------


@pytest.mark.parametrize(("profile", "speech", "price"), [
    (DERM, "and Botox, just ballpark, for like the forehead?", "$13 per unit"),
    (WELL, "whats a pressure tank run u installing it", "850"),
    (WELL, "what would a new pressure tank run me", "850"),
])
async def test_a_ballpark_or_what_it_runs_is_its_price(
    make_bot: Any, profile: Any, speech: str, price: str,
) -> None:
    async with make_bot(business_profile=profile, clock=lambda: WINTER_NOW) as running:
        answers = await conversation(running, [speech])
    assert price in answers[0], answers[0]


# -- 5. Told alike, the one for what the caller told of -------------------------------------------


@pytest.mark.parametrize(("speech", "service"), [
    ("our tortoise's beak looks kinda long, can you do it Friday?", "Reptile nail and beak trim"),
    ("my cockatiel's beak is getting long", "Beak trim"),
])
def test_told_alike_the_service_for_what_the_caller_told_of(speech: str, service: str) -> None:
    assert named("exotic-pets.toml", speech) == service
