"""What strangers' callers at three more businesses (blind32's shown half: a coworking space,
a family practice, an RV repair shop) showed about asking in general: a span of time asked for
("from two to three" booked at three), a time asked for this morning, "is somebody coming?"
while the address is awaited, a booking changed or a message asked for read as the policy's
danger by the words they share with it, a propane smell, and the day the caller leaves taken
for the day asked.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import SCENARIO_PROFILES, business_at, conversation, receptionist

COWORKING = SCENARIO_PROFILES / "coworking-space.toml"
DOCTOR = SCENARIO_PROFILES / "family-doctor.toml"
RV = SCENARIO_PROFILES / "rv-repair.toml"

doctor = business_at(DOCTOR, datetime(2026, 11, 12, 14, 10, tzinfo=UTC),
                     "The family practice on a Thursday morning.")
coworking = business_at(COWORKING, datetime(2026, 11, 18, 14, 10, tzinfo=UTC),
                        "The coworking space on a Wednesday morning.")


@pytest.mark.parametrize(("speech", "start"), [
    ("could I grab the huddle room tomorrow from two to three?", "14:00"),
    ("between two and three", "14:00"),
    ("from 9am to 11am", "09:00"),
    ("from 2 to 3 pm", "14:00"),
    ("book the room from 10:30 to 12", "10:30"),
    # A count is no span; a span of the caller's own day is none asked for.
    ("between 10 and 12 people, Saturday at 6", "18:00"),
    ("I work from nine to five, can I come at six", "18:00"),
])
def test_a_span_asked_for_starts_at_its_start(speech: str, start: str) -> None:
    assert bot.exact_time(speech) == datetime.strptime(start, "%H:%M").time(), speech


async def test_a_time_asked_for_this_morning_offers_this_mornings(doctor: Bot) -> None:
    answers = await conversation(doctor, [
        "hi, um, my daughter, she's seven, she's had a fever since last night, like a hundred "
        "and one, and she keeps pulling at her ear, I think it's another ear infection",
        "do you have anything this morning? I can have her there whenever",
        "ten forty-five would be great. Her name is Aubrey Lindgren"])
    assert answers[1].startswith("Today, Thursday the 12th of November, I have "), answers[1]
    assert answers[2] == "That's a Sick visit today, Thursday the 12th of November at 10:45 AM. " \
        "Shall I book it?", answers[2]


async def test_is_somebody_coming_is_answered_while_the_address_is_awaited(
        coworking: Bot) -> None:
    answers = await conversation(coworking, [
        "oh my god, hi, I'm a member, I'm up on the third floor and there's water, like, "
        "pouring out of the ceiling by the back desks, it's going all over the power strips, I "
        "don't know what to do",
        "okay, okay. is somebody coming? should I be trying to find a shut-off or something?"])
    assert answers[0].startswith("I'm sorry, that sounds urgent."), answers[0]
    assert "call you back within 15 minutes" in answers[1], answers[1]
    assert answers[1].endswith("What's the address, and the best number to reach you?"), \
        answers[1]


@pytest.mark.parametrize(("speech", "urgent"), [
    ("hi it's Arlo again, I called a bit ago. Welp, the buyer backed out, so I need to cancel "
     "that propane thing on Friday", False),
    ("msg for whoever does the warrenty claims - Good Sam aproved claim #4471, pls call Bev "
     "Nguyen back when u can", False),
    # A danger told beside a change is still one.
    ("I smell propane in the camper and I need to cancel my furnace thing", True),
    ("there's a propane smell in the trailer", True),
])
def test_a_change_or_a_message_is_no_policy_danger(speech: str, urgent: bool) -> None:
    assert receptionist(RV).hears_emergency(bot.Heard.of(speech)) is urgent, speech


@pytest.mark.parametrize(("profile", "speech"), [
    # The attack on the rule above: the policy's own danger, told with a change or a message.
    ("pet-sitting.toml", "cancel my dog walk, he ate a whole bar of chocolate"),
    ("vet.toml", "message for Dr. Reyes, my cat ate some of my xylitol gum"),
    ("rv-repair.toml", "I need to move my appointment, the slide is stuck open and it's pouring "
                       "rain in"),
])
def test_the_policys_danger_told_with_a_change_or_a_message_is_one(profile: str,
                                                                    speech: str) -> None:
    assert receptionist(SCENARIO_PROFILES / profile).hears_emergency(bot.Heard.of(speech)), \
        speech


@pytest.mark.parametrize(("speech", "urgent"), [
    ("can I book a propane leak test Friday at 10?", False),
    ("no propane smell or anything, just the furnace won't light", False),
    ("there's no smoke but I smell propane", True),
    ("no propane, the tank is empty and grandma is freezing", True),
])
def test_a_propane_smell_and_its_denial(speech: str, urgent: bool) -> None:
    assert receptionist(RV).hears_emergency(bot.Heard.of(speech)) is urgent, speech


@pytest.mark.parametrize(("speech", "at"), [
    # A span of the caller's own, or one before the time asked: the time asked.
    ("I have meetings from 1 to 3, Thursday at 4?", "16:00"),
    ("I can't do anything between 12 and 1, so Friday at 2?", "14:00"),
    ("My shift goes from 7 to 3 so Thursday at 4", "16:00"),
    ("Friday from 11 to 1 pm?", "11:00"),
])
def test_a_span_before_the_time_asked_is_no_span_asked(speech: str, at: str) -> None:
    assert bot.exact_time(speech) == datetime.strptime(at, "%H:%M").time(), speech


def test_the_day_the_caller_leaves_is_not_the_day_asked() -> None:
    profile = receptionist(RV).profile
    said = "hi can u guys do a propane check on my trailer thanksgiving morning? we leave for " \
        "arizona fri"
    assert bot.parse_day(said, date(2026, 11, 17), profile) == date(2026, 11, 26)
    assert bot.parse_day("can you do it friday? we leave saturday", date(2026, 11, 17),
                         profile) == date(2026, 11, 20)
    # (The day asked after it, in the same breath, is still asked.)
    assert bot.parse_day("we're leaving Thursday so can you do Thursday at 3", date(2026, 11, 17),
                         profile) == date(2026, 11, 19)


@pytest.mark.parametrize(("speech", "service"), [
    # Another interval than a yearly one's: not the yearly check-up.
    ("Hello, I need my blood pressure check-up, the three month one with Dr. Lindqvist",
     "Chronic care follow-up"),
    ("I need my yearly check-up, blood pressure and all that", "Annual physical"),
])
def test_a_visit_told_by_its_interval(speech: str, service: str) -> None:
    found = receptionist(DOCTOR).service_for_problem(bot.Heard.of(speech), only=True)
    assert found is not None and found.name == service, (speech, found)


async def test_a_three_month_check_up_is_read_back_as_the_follow_up(doctor: Bot) -> None:
    answers = await conversation(doctor, [
        "Hello, I need my blood pressure check-up, the three month one with Dr. Lindqvist, and I "
        "was hoping to do it the Friday after Thanksgiving since I'm off work that day.",
        "Oh, shoot. Okay, how about the Wednesday before, then, the twenty-fifth, at four thirty "
        "in the afternoon?"])
    assert answers[1].startswith("That's a Chronic care follow-up on Wednesday the 25th of "
                                 "November at 4:30 PM."), answers[1]


async def test_someone_coming_is_told_after_the_advice(doctor: Bot) -> None:
    """The advice first (to call 911), then when help comes, whole: a title's full stop ends
    no sentence ("We've texted Dr. Lindqvist, and our on-call nurse will call you back")."""
    answers = await conversation(doctor, [
        "my husband has crushing chest pain and he's sweating",
        "is someone coming? what do I do?"])
    assert answers[1].startswith("If someone has chest pain"), answers[1]
    assert "call 911 right now. Our on-call nurse will call you back within 15 minutes. What's " \
        "the address" in answers[1], answers[1]
