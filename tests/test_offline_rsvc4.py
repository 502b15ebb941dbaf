"""The offline receptionist's choice of the service a caller asks for, where strangers' callers
(blind11-14) had the wrong one read back and booked, or were asked the wrong question:

1. a word two services' names share ("grout", "inspection") names neither when one of them adds
   a part of its own the caller did not say ("Re-grout", "Re-inspection"); nor do the words of
   when ("the day after tomorrow") or of someone coming ("could someone come") choose one by
   its description ("come back every day" of an Emergency water cleanup); nor what the caller
   has always had ("I've only ever worn glasses" beside the contacts they ask for);
2. a service called by its description ("the moving targets one") or by a look asked for where
   the estimate is the look ("could someone come take a look at it");
3. one booking asked, with a word of another service's name said of the caller's own plans
   ("it's for my work party"): no second booking asked about.

A tile and grout shop and an axe-throwing hall of our own (tests/profiles/tile-and-grout.toml,
tests/profiles/axe-throwing.toml), and the blind sets' profiles with wordings of our own.
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

TILE = PROFILES / "tile-and-grout.toml"
AXE = PROFILES / "axe-throwing.toml"
TILE_NOW = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)  # Wednesday 2 December, 10:00 in Denver
AXE_NOW = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # Wednesday 2 December, 10:00 in Duluth
READ_BACK = "Shall I book it, and what name shall I put it under?"


tile = business_at(TILE, TILE_NOW, "The tile and grout shop on a Wednesday morning.")


axe = business_at(AXE, AXE_NOW, "The axe-throwing hall on a Wednesday morning.")


# -- 1. A shared word names no service whose own part was not said --------------------------------


@pytest.mark.parametrize(("profile", "speech"), [
    (TILE, "can somebody do our grout? the bathroom floor looks awful"),
    (TILE, "I'd like to get the grout in our kitchen done, whenever you have time"),
    ("inspection.toml", "we're buying a place and need an inspection done before we close"),
    ("inspection.toml", "the bank wants an inspection on the condo-free listing we're buying"),
])
def test_a_shared_word_alone_names_no_service_with_a_part_of_its_own(
    profile: Any, speech: str,
) -> None:
    assert named(profile, speech) not in ("Re-grout", "Re-inspection")


@pytest.mark.parametrize("speech", [
    "hi, can somebody do our grout next Tuesday at ten? the floor's looking pretty grim",
    "I'd like to book someone for the grout in our kitchen, Friday at nine if you can",
])
async def test_the_shared_word_is_asked_between_not_read_back_as_the_re_service(
    tile: Bot, speech: str,
) -> None:
    answers = await conversation(tile, [speech])
    assert "Re-grout" in answers[0] and "Grout cleaning and sealing" in answers[0], answers[0]
    assert "That's a" not in answers[0]
    assert not await booked_rows(tile)


@pytest.mark.parametrize("speech", [
    "hi, we're under contract on a house, can you do an inspection the day after tomorrow at nine?",
    "could I get an inspection on the place we're buying, the day after tomorrow at ten?",
])
async def test_an_inspection_is_asked_about_not_read_back_as_the_re_inspection(
    make_bot: Any, speech: str,
) -> None:
    async with make_bot(business_profile=SCENARIO_PROFILES / "inspection.toml",
                        clock=lambda: datetime(2026, 11, 16, 16, 5, tzinfo=UTC)) as running:
        answers = await conversation(running, [speech])
    assert answers[0].startswith("Happy to book you in on Wednesday the 18th of November"), \
        answers[0]
    assert "Pre-purchase home inspection" in answers[0] and "That's a" not in answers[0]


@pytest.mark.parametrize("speech", [
    "our cat knocked a planter over on the tile, could someone come Friday at nine to clean it?",
    "the kids tracked mud all over the tile, can somebody come out Thursday at two?",
])
async def test_someone_coming_chooses_no_emergency_service(tile: Bot, speech: str) -> None:
    answers = await conversation(tile, [speech])
    assert "That's an Emergency" not in answers[0], answers[0]


@pytest.mark.parametrize("speech", [
    "hi, my fiancee and I just got engaged and she wants to try on dresses, could she come "
    "Saturday at ten? her mom is coming too",
    "I'd like to come look at wedding dresses next Tuesday at eleven, I'll bring my mom",
])
async def test_a_wedding_dress_is_the_bridal_gown_not_the_mothers_appointment(
    make_bot: Any, speech: str,
) -> None:
    async with make_bot(business_profile=SCENARIO_PROFILES / "bridal.toml",
                        clock=lambda: datetime(2026, 11, 11, 17, 0, tzinfo=UTC)) as running:
        answers = await conversation(running, [speech])
    assert answers[0].startswith("That's a Bridal gown appointment"), answers[0]


@pytest.mark.parametrize("speech", [
    "our sectional got a big coffee stain, could someone come tomorrow at one?",
    "the dog got sick on our loveseat, can you guys come clean it tomorrow at two?",
])
async def test_a_couch_is_the_upholstery_cleaning(make_bot: Any, speech: str) -> None:
    async with make_bot(business_profile=SCENARIO_PROFILES / "carpet-cleaning.toml",
                        clock=lambda: datetime(2026, 12, 8, 16, 0, tzinfo=UTC)) as running:
        answers = await conversation(running, [speech])
    assert answers[0].startswith("That's an Upholstery cleaning tomorrow"), answers[0]


@pytest.mark.parametrize(("profile", "speech", "service"), [
    ("eye-clinic.toml", "I've only ever worn glasses, I'd like to try contacts this time",
     "Contact lens fitting"),
    ("eye-clinic.toml", "we've always had glasses in the family but my son wants contacts",
     "Contact lens fitting"),
    ("optometrist.toml", "I've always worn glasses but want to try contact lenses, do you have "
     "Friday at 3", "Contact lens exam and fitting"),
])
def test_what_the_caller_has_always_had_names_no_service(
    profile: str, speech: str, service: str,
) -> None:
    assert named(profile, speech) == service


# -- 2. A service called by its description, or by the look asked for -----------------------------


@pytest.mark.parametrize(("speech", "read_back"), [
    ("my buddies want a work outing, the final bracket one, can I sign us up Tuesday at seven?",
     "That's a League night on Tuesday the 8th of December at 7 PM."),
    ("can I book the moving targets one Saturday at eight? we're six",
     "That's a Zombie night on Saturday the 5th of December at 8 PM."),
])
async def test_a_service_called_by_a_phrase_of_its_description(
    axe: Bot, speech: str, read_back: str,
) -> None:
    answers = await conversation(axe, [speech])
    assert answers[0] == f"{read_back} {READ_BACK}"


@pytest.mark.parametrize(("speech", "read_back"), [
    ("it's my wife's birthday, I want to book the bank heist one on Saturday at seven, plus "
     "her sister", "That's The Vault on Saturday the 17th of October at 7 PM."),
    ("could I book the bank heist room for my brother's birthday, Friday at six, plus two "
     "cousins?",
     "That's The Vault tomorrow, Friday the 16th of October at 6 PM."),
])
async def test_a_room_called_by_its_story(make_bot: Any, speech: str, read_back: str) -> None:
    async with make_bot(business_profile=SCENARIO_PROFILES / "escape.toml",
                        clock=lambda: datetime(2026, 10, 15, 22, 30, tzinfo=UTC)) as running:
        answers = await conversation(running, [speech])
    assert answers[0] == f"{read_back} {READ_BACK}"


@pytest.mark.parametrize(("speech", "read_back"), [
    ("I've got a big maple hanging out over the garage roof, could somebody come look at it "
     "tomorrow at ten?", "That's a Free estimate tomorrow, Thursday the 22nd of October at 10 AM."),
    ("there's a sycamore leaning over my roof and I'd like someone to come take a look at it "
     "tomorrow at eleven",
     "That's a Free estimate tomorrow, Thursday the 22nd of October at 11 AM."),
])
async def test_a_look_asked_for_is_the_estimate_that_looks(
    make_bot: Any, speech: str, read_back: str,
) -> None:
    async with make_bot(business_profile=SCENARIO_PROFILES / "tree-service.toml",
                        clock=lambda: datetime(2026, 10, 21, 14, 0, tzinfo=UTC)) as running:
        answers = await conversation(running, [speech])
    assert answers[0] == f"{read_back} {READ_BACK}"


@pytest.mark.parametrize("speech", [
    "I'm thinking of redoing the backsplash, could someone come take a look at it Thursday at 10?",
    "we want new tile in the entryway, can somebody come out and look at it Thursday at ten?",
])
async def test_a_look_asked_for_is_the_estimate_at_the_tile_shop(tile: Bot, speech: str) -> None:
    answers = await conversation(tile, [speech])
    assert answers[0] == ("That's a Free estimate tomorrow, Thursday the 3rd of December at "
                          f"10 AM. {READ_BACK}")


@pytest.mark.parametrize("speech", [
    "hi, I just bought a big painting and want to come in and figure out a frame for it",
    "could you help me pick a frame for my daughter's watercolor? I'd come in",
])
def test_deciding_with_someone_is_the_consultation(speech: str) -> None:
    assert named("framing.toml", speech) == "Design consultation"


# -- 3. One booking asked, beside a word of another's name said of the caller's own plans ---------


@pytest.mark.parametrize(("speech", "read_back"), [
    ("could I book a private lane Friday at six? it's for my company holiday party",
     "That's a Private lane on Friday the 4th of December at 6 PM."),
    ("I'd like an open lane Thursday at seven, we're celebrating our office party early",
     "That's an Open lane tomorrow, Thursday the 3rd of December at 7 PM."),
])
async def test_a_word_of_the_callers_own_plans_asks_no_second_booking(
    axe: Bot, speech: str, read_back: str,
) -> None:
    answers = await conversation(axe, [speech])
    assert answers[0] == f"{read_back} {READ_BACK}"
