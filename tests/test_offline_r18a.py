"""The offline receptionist and the time a caller moves to, where strangers' callers (blind30
and three sets before it) had the time they gave up read back:

1. after a self-correction ("no wait", "actually", "scratch that", "sorry", "make it",
   "instead", "rather") the time the caller moves to wins, said bare ("make it one instead",
   "no wait, three") as the kind of number it replaces; a time told inside a reason ("my
   sister's flight doesn't land till ten", "I've got a work call at two", "my kid's got soccer
   at ten", "his bus gets in at ten") is never the booking's;
2. a time a service's description tells as a bound ("the last group goes up at 3 PM") is not
   its only start: a caller asking 10 AM is read back 10 AM;
3. a time the caller asked that a service cannot start at (its one start is 5:30 PM) is said
   to be unavailable and asked about, never read back for a yes as if the caller had said it.

A zipline park of our own (tests/profiles/zipline-park.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from conftest import Bot

import bot
from tests.offline_support import PROFILES, booked_rows, business_at, conversation

ZIPLINE = PROFILES / "zipline-park.toml"
ZIP_NOW = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)  # Wednesday 2 December, 10:00 in Denver

zipline = business_at(ZIPLINE, ZIP_NOW, "The zipline park on a Wednesday morning.")


@pytest.mark.parametrize(("speech", "moved_to"), [
    # Said bare after the correction, as the time it replaces.
    ("can we get on a tour tomorrow? There's three of us, at eleven, oh no wait, my sister's "
     "flight doesn't land till like ten, make it one instead", time(13)),
    ("Could I come Tuesday the eighth at two? No wait, make it three, I forgot I've got a work "
     "call at two.", time(15)),
    ("this Saturday at ten, no wait, make it eleven, my kid's got soccer at ten", time(11)),
    ("Friday at nine, actually scratch that, ten thirty, my husband's flight lands at nine",
     time(10, 30)),
    ("Thursday at 4. Sorry, 5 instead, my son has practice till 4", time(17)),
    ("tomorrow at eleven, actually two would be better, his bus gets in at eleven", time(14)),
    ("Saturday at nine, hmm, rather one, my mom's train arrives at nine", time(13)),
    ("at two, no, make that one, my daughter's recital is at two", time(13)),
    ("friday 10am... scratch that, lets do 2 instead, cousin lands at 10", time(14)),
    ("around eleven? oh wait, our flight doesn't get in till eleven, one instead", time(13)),
    # What the correction moves from may be told as a count of something else ("two hours
    # early") or with its own words ("seven's too close to her bedtime").
    ("pick me up at two, oh no wait, they say get there two hours early, better make it one "
     "thirty", time(13, 30)),
    ("can we come thursday at seven? actually no, seven's too close to her bedtime, make it "
     "four fifteen", time(16, 15)),
])
def test_the_time_moved_to_wins_and_a_reasons_time_never_does(
        speech: str, moved_to: time) -> None:
    assert bot.exact_time(speech) == moved_to


@pytest.mark.parametrize("speech", [
    # A count corrected is no time: "three of us at eleven, no wait, make it four".
    "a tour at eleven for three of us, no wait, make it four",
    "tomorrow at eleven, there's three of us, actually two",
])
def test_a_count_corrected_leaves_the_time_asked(speech: str) -> None:
    assert bot.exact_time(speech) == time(11)


async def test_a_corrected_time_is_read_back_and_booked(zipline: Bot) -> None:
    answers = await conversation(zipline, [
        "hey, can we get on the canopy zip tour tomorrow? There's three of us, at eleven, oh "
        "no wait, my brother's bus doesn't get in till like ten, make it one instead",
        "yes ma'am, one o'clock, it's under Rhiannon Pryce",
    ])
    assert "1 PM" in answers[0] and "11 AM" not in answers[0], answers[0]
    assert await booked_rows(zipline) == [("Canopy zip tour", "2026-12-03T20:00")]


def test_a_last_departure_is_no_start_of_its_own_but_the_last_start() -> None:
    """(An attack found a time after it read back: "saturday at 2 PM" after "the last van
    leaves at 1 PM".)"""
    profile = bot.load_profile(Path(ZIPLINE))
    tour = next(s for s in profile.services if s.name == "Canopy zip tour")
    assert tour.may_start_at(time(10)) and tour.may_start_at(time(15))
    assert not tour.may_start_at(time(15, 30)) and not tour.may_start_at(time(16))
    assert tour.starts_spoken() == "no later than 3 PM"


def test_check_shows_a_last_departure_as_the_last_start() -> None:
    lines = bot.describe_profile(bot.load_profile(Path(ZIPLINE)))
    [starts] = [line for line in lines if line.startswith("starts ")]
    assert "Canopy zip tour until 15:00" in starts and "00:00" not in starts, starts


async def test_a_time_after_the_last_departure_is_asked_about_not_read_back(
        zipline: Bot) -> None:
    answers = await conversation(zipline, [
        "can we do the canopy zip tour this Saturday at 4 pm?",
        "yeah that's right, put it under Marcus Tolliver",
    ])
    assert "no later than 3 PM" in answers[0] and "Shall I book" not in answers[0], answers[0]
    assert await booked_rows(zipline) == []


def test_the_hours_walk_ins_are_taken_are_no_start_of_what_is_booked() -> None:
    description = ("plain X-rays of the chest or bones; needs a doctor's order; walk-ins also "
                   "taken weekdays 7 AM to 2 PM")
    assert bot.told_groups(description) == ([], [])
    assert bot.told_groups("drop-ins welcome 9 to 11 AM") == ([], [])
    assert bot.told_groups("group lessons run 9 to 11 AM")[0]


async def test_a_time_asked_before_the_last_departure_is_booked_as_asked(zipline: Bot) -> None:
    answers = await conversation(zipline, [
        "hi, me and my buddy want to do the canopy zip tour this Saturday, like ten in the "
        "morning",
        "yeah that's right, put it under Marcus Tolliver",
    ])
    assert "10 AM" in answers[0] and "3 PM" not in answers[0], answers[0]
    assert await booked_rows(zipline) == [("Canopy zip tour", "2026-12-05T17:00")]


async def test_a_time_the_service_cannot_start_at_is_asked_about_not_read_back(
        zipline: Bot) -> None:
    answers = await conversation(zipline, [
        "could we do the sunset zip Friday at four?",
        "yeah that's right, put it under Ana Ruiz",
    ])
    assert "5:30 PM" in answers[0] and "Shall I book" not in answers[0], answers[0]
    assert await booked_rows(zipline) == []
    await conversation(zipline, ["sunset zip friday at 5:30 then please", "yes, Ana Ruiz"])
    assert await booked_rows(zipline) == [("Sunset zip", "2026-12-05T00:30")]


async def test_a_start_the_caller_said_is_read_back(zipline: Bot) -> None:
    answers = await conversation(zipline, ["can we do the family zip morning Saturday? eight to "
                                           "noon?", "yep, that's right, Jo Park"])
    assert "Saturday the 5th of December at 8 AM. Shall I book it" in answers[0], answers[0]
    assert await booked_rows(zipline) == [("Family zip morning", "2026-12-05T15:00")]
