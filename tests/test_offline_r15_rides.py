"""The offline receptionist at a ride service, where a stranger's callers (blind29) had a ride
read back and booked at the wrong time or on the wrong day:

1. a time said outright ("Friday the twenty-seventh, same time, noon") is the time, over "same
   time"; and "same time" alone, after a day refused, is the time asked on the day refused;
2. the weekdays a standing booking runs on ("need the ride mon wed fri") are not its day: the day
   it starts ("I start on monday") is; told no clear day, the caller is asked;
3. a ride told in pieces keeps its booking: "my mom needs a ride…" is one (the day asked), and
   "her appointment's at two fifteen, so pick her up at one forty-five" is 1:45, not asked;
4. "what time do your drivers start?" is our hours, another day asked after them ("what about
   saturday for the 4pm mass") that day's, "are your drivers CPR certified?" asks no one to the
   phone, and "what time did u say…" with nothing said yet in a text is the booking on record.

A ride service of our own (tests/profiles/ride-line.toml).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from conftest import Bot

import bot
from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    questions_noted,
    said,
)

RIDES = PROFILES / "ride-line.toml"
RIDES_NOW = datetime(2026, 11, 5, 14, 0, tzinfo=UTC)  # Thursday 5 November, 9:00 in Dayton


rides = business_at(RIDES, RIDES_NOW, "The ride service on a Thursday morning.")


async def test_a_time_said_outright_beats_same_time(rides: Bot) -> None:
    answers = await conversation(rides, [
        "we're at my sister's for Thanksgiving, the twenty-sixth, could the lift van pick my "
        "mother up at noon?",
        "oh shoot. okay, well, we're doing a second dinner the day after, Friday the "
        "twenty-seventh, same time, noon",
        "yes that's right, it's for Irene Castellano",
    ])
    assert "closed" in answers[0] or "Thanksgiving" in answers[0], answers[0]
    assert "12" in answers[1] or "noon" in answers[1], answers[1]
    assert await booked_rows(rides) == [("Lift van ride", "2026-11-27T17:00")]


async def test_same_time_after_a_day_refused_is_the_time_asked(rides: Bot) -> None:
    answers = await conversation(rides, [
        "can I book the lift van for my mother at noon on the twenty-sixth?",
        "okay, Friday the twenty-seventh then, same time",
        "yes that's right, it's for Irene Castellano",
    ])
    assert "12" in answers[1] or "noon" in answers[1], answers[1]
    assert await booked_rows(rides) == [("Lift van ride", "2026-11-27T17:00")]


async def test_a_standing_ride_starts_on_the_day_it_starts(rides: Bot) -> None:
    first = said(await rides.text(
        "Hi this is Marvin Oduya. I start dialysis at the east clinic on monday, need the "
        "standing ride mon wed fri, pickup 6:15 am at 1120 Sherman Ave"))
    assert "Monday" in first, first
    said(await rides.text("yes thats right"))
    assert await booked_rows(rides) == [("Treatment standing ride", "2026-11-09T11:15")]
    answers = await conversation(rides, [
        "hi, it's Marvin Oduya, they're admitting me to the hospital tonight, so I have to "
        "cancel Monday's dialysis ride",
        "yes, cancel it please",
    ])
    assert "Monday" in answers[0], answers[0]
    assert await booked_rows(rides, "cancelled") == [("Treatment standing ride",
                                                      "2026-11-09T11:15")]


async def test_weekdays_alone_tell_no_day_of_a_standing_ride(rides: Bot) -> None:
    first = said(await rides.text(
        "Hi this is Marvin Oduya, I need the standing ride for dialysis mon wed fri, "
        "pickup 6:15 am"))
    assert "Friday" not in first and "tomorrow" not in first, first
    assert await booked_rows(rides) == []


async def test_a_ride_told_in_pieces_keeps_its_booking(rides: Bot) -> None:
    answers = await conversation(rides, [
        "hi, yeah, um, my mom needs a ride to her eye doctor, she uses a cane, she gets around "
        "okay though, she just can't drive anymore",
        "uh, a week from Tuesday",
        "let's see, her appointment's at two fifteen, so pick her up at one forty-five in the "
        "afternoon",
        "yes please, that's for Doris Engebretson",
    ])
    assert "day" in answers[0], answers[0]
    assert "17" in answers[1], answers[1]
    assert "1:45" in answers[2] and "17" in answers[2], answers[2]
    assert await booked_rows(rides) == [("Walking ride", "2026-11-17T18:45")], answers


async def test_when_the_staff_start_is_our_hours(rides: Bot) -> None:
    answers = await conversation(rides, [
        "what time do your drivers start in the morning? my husband's dialysis chair time is "
        "six thirty a.m.",
    ])
    assert "6 AM" in answers[0], answers[0]


async def test_another_day_asked_after_the_hours_is_that_days_hours(rides: Bot) -> None:
    said(await rides.text("hi do you guys do rides on sundays? my dad wants to go to the 9 "
                          "oclock mass at st mary"))
    reply = said(await rides.text("ok what about saturday for the 4pm vigil mass then"))
    assert "11 AM" in reply, reply


async def test_a_question_of_the_staff_is_no_one_asked_for(rides: Bot) -> None:
    answers = await conversation(rides, [
        "I'm thinking of signing my husband up for rides, he has a bad heart, just in case, "
        "are your drivers CPR certified?",
        "okay, could somebody find out and let me know? I'm Bev Lundgren",
    ])
    assert "put you through" not in answers[0], answers[0]
    assert any("CPR" in note for note in await questions_noted(rides))


async def test_a_time_asked_again_by_text_is_the_booking_on_record(rides: Bot) -> None:
    await conversation(rides, [
        "I need the lift van for my wife tomorrow, pick her up at ten fifteen",
        "yes that's correct, her name's Gloria Benson",
    ])
    assert await booked_rows(rides) == [("Lift van ride", "2026-11-06T15:15")]
    reply = said(await rides.text("sorry what time did u say the van is coming for gloria "
                                  "tomorrow? I wrote it on the wrong day"))
    assert "10:15" in reply, reply


def test_the_same_weekday_said_twice_is_that_day() -> None:
    thursday = RIDES_NOW.date()
    assert bot.parse_day("no, wait, he has basketball Saturday. Friday, Friday at three would "
                         "be better", thursday) == date(2026, 11, 6)
    assert bot.parse_day("need the standing ride tue/thu/sat", thursday) is None
