"""The offline receptionist at a course whose services' names carry a count, where a stranger's
callers (blind26, a golf course) were asked which service after naming it:

1. a count said in words before what it counts ("eighteen holes", "a nine-hole round") names
   the service whose name writes that count in digits ("18-hole round"), as "18 holes" does;
   an hour said alone ("at nine") names none;
2. a thing the caller wants arranged that a service's name says ("I wanted to set up a
   lesson") is a booking, and the "up" of arranging it or of a count ("up to four of us")
   tells no description's "up to four players";
3. "morning" said as a greeting ("hey morning, …") tells no half of the day: "seven forty" at
   a place that opens at 7 and closes at 5:30 is 7:40 AM;
4. "put it under Gary", "put me down for that" say where a booking goes: the yes it is, not a
   Putting clinic asked for.

A pitch-and-putt course of our own (tests/profiles/pitch-and-putt.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

from tests.offline_support import PROFILES, booked_rows, business_at, conversation, named

COURSE = PROFILES / "pitch-and-putt.toml"
COURSE_NOW = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)  # Wednesday 18 November, 8:00 in Greeley


course = business_at(COURSE, COURSE_NOW, "The pitch-and-putt course on a Wednesday morning.")


@pytest.mark.parametrize(("speech", "service"), [
    ("could we get out tomorrow, eighteen holes, four of us", "18-hole round"),
    ("an eighteen-hole round on Friday please", "18-hole round"),
    ("just nine holes after work", "9-hole round"),
    ("18 holes for two", "18-hole round"),
    ("can I get a round at nine tomorrow", None),
    ("two putting clinics", "Putting clinic"),
])
def test_a_count_said_in_words_names_the_service_that_writes_it_in_digits(
        speech: str, service: str | None) -> None:
    assert named(COURSE, speech) == service


async def test_a_morning_greeting_leaves_an_hour_said_alone_to_the_opening_hours(
        course: Bot) -> None:
    answers = await conversation(course, [
        "hey morning, uh, could I grab a round for tomorrow, eighteen holes, like seven forty?",
        "yep, the name is Gary Lind",
    ])
    assert "18-hole round" in answers[0] and "7:40 AM" in answers[0], answers[0]
    assert await booked_rows(course) == [("18-hole round", "2026-11-19T14:40")]


async def test_a_time_said_in_the_evening_stays_in_the_evening(course: Bot) -> None:
    answers = await conversation(course, [
        "good morning, could I book eighteen holes tomorrow at seven in the evening?",
    ])
    assert "7:40 AM" not in answers[0] and "7 AM" not in answers[0], answers[0]


@pytest.mark.parametrize(("speech", "answer"), [
    ("hi, um, I wanted to set up a clinic? With the pro?", "Putting clinic"),
    ("could I grab an eighteen hole round", "18-hole round"),
    ("we'd like to line up a round", "9-hole round or 18-hole round"),
    # "up to four of us" is a count, not the 18-hole round's "up to four players".
    ("can I book a round, up to four of us", "9-hole round or 18-hole round"),
])
async def test_a_service_wanted_arranged_is_a_booking(
        course: Bot, speech: str, answer: str) -> None:
    answers = await conversation(course, [speech])
    assert answer in answers[0] and "book" in answers[0], answers[0]


async def test_a_thing_arranged_that_is_no_service_is_no_booking(course: Bot) -> None:
    answers = await conversation(course, ["I want to set up a payment plan"])
    assert "What day" not in answers[0], answers[0]


@pytest.mark.parametrize("speech", [
    "a ball just came through my kitchen window. Nobody's hurt but I want whoever's in charge "
    "of the grounds to call me",
    "a ball just came through my kitchen window, I need the person who runs the grounds to "
    "call me",
])
async def test_whoever_does_a_thing_asked_to_call_back_takes_a_message(
        course: Bot, speech: str) -> None:
    answers = await conversation(course, [speech])
    assert "passed that on" in answers[0] and "through" not in answers[0], answers[0]
    rows = await course.crm.rows("SELECT kind, body FROM notes WHERE kind = 'message'")
    assert [r["kind"] for r in rows] == ["message"] and "window" in rows[0]["body"], rows


@pytest.mark.parametrize("yes", [
    "yep that's the one, put it under Gary Lind",
    "sure, put me down for that. It's Gary Lind",
])
async def test_put_it_under_a_name_is_a_yes_not_the_putting_clinic(
        course: Bot, yes: str) -> None:
    """"Put it under Gary" is where the booking goes, not a Putting clinic asked for."""
    answers = await conversation(course, ["an 18-hole round tomorrow at 10 am please", yes])
    assert "Putting" not in answers[1], answers[1]
    assert await booked_rows(course) == [("18-hole round", "2026-11-19T17:00")], answers


@pytest.mark.parametrize(("speech", "service"), [
    ("yes please, put us in under Gary Lind", None),
    ("put me down as Gary", None),
    ("can I put my son in the putting clinic", "Putting clinic"),
])
def test_put_names_no_service_and_the_putting_clinic_is_still_named(
        speech: str, service: str | None) -> None:
    assert named(COURSE, speech) == service
