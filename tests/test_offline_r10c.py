"""The offline receptionist where a stranger's callers to a managed IT company for small
offices (blind24) were told the on-call promise of an emergency the policy rules out, and had
bookings told in pieces, a price asked of a named service, and a name given with a business
missed:

1. an emergency claimed ("this is an emergency!") of what the policy's own words rule out
   (the policy calls something stopped an emergency, "nothing stays cold", and the caller says
   it still goes on: "the walk-in still stays cold though") is told what the policy calls one
   and offered the service for the trouble, never the on-call promise; the time asked next is
   booked; the caller who also tells what the policy names is still an emergency;
2. "nobody" of the policy ("nobody can store food") is no sign alone: "nobody can move the
   old one out" tells no emergency; and "our voicemail greeting" is the caller's own, no
   message for us: a question whether we do something is a question for the owner;
3. the price asked of a service named ("…we want the inspection prep done. What do you
   charge for that?") is its price, not the cancellation entry whose answer lists it;
4. a booking told in pieces: "let's do that. Could it be next Tuesday?" after a service told
   of books it; a time offered as the turn's one question ("mornings are better, before the
   lunch rush, so, ten thirty?", "what about the Monday after that, the thirtieth, first
   thing, like eight?") is the time, not an FAQ its other words share;
5. a name given with the place the caller is with ("Dana Whitcomb at Sunrise Grill", "Jenna
   Okafor, Willow Creek Pediatrics") is the name, not the place; a caller who greets and
   says who they are ("yeah hi, Gary Lindholm, Lindholm's Diner, …") gave their name (not
   one of our staff's: "hi, Cal Whitaker, …" greets him);
6. a word the profile writes with a hyphen said as one ("the wifi thing") is the profile's
   word (the Wi-Fi sensor setup).

A commercial refrigeration service of our own (tests/profiles/cold-kitchen.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    name_on_record,
    questions_noted,
)
from tests.test_offline_safety import outbox

KITCHEN = PROFILES / "cold-kitchen.toml"
KITCHEN_NOW = datetime(2026, 11, 12, 15, 5, tzinfo=UTC)  # Thursday 12 November, 9:05 in Iowa


kitchen = business_at(KITCHEN, KITCHEN_NOW,
                      "The refrigeration service on a Thursday morning (open 7 AM to 5 PM).")


# -- 1. An emergency claimed of what the policy rules out --

JAMMED = ("hi, this is an emergency, the ice machine by the bar is jammed and spitting out "
          "slush and we've got a dinner rush coming! The walk-in still stays cold though, "
          "we've been bagging ice from the one in back.")


async def test_an_emergency_the_policy_rules_out_is_offered_the_service(kitchen: Bot) -> None:
    answers = await conversation(kitchen, [
        JAMMED,
        "okay, can somebody come by this afternoon, like two o'clock?",
        "yes please, it's Dana Whitcomb",
    ])
    assert "within 20 minutes" not in answers[0] and "urgent" not in answers[0], answers[0]
    assert "stopped cooling (nothing stays cold, nobody can store food)" in answers[0], answers[0]
    assert "Service call" in answers[0] and "book" in answers[0], answers[0]
    assert "today" in answers[1] and "2 PM" in answers[1], answers[1]
    assert await booked_rows(kitchen) == [("Service call", "2026-11-12T20:00")]
    assert await outbox(kitchen) == []


@pytest.mark.parametrize("speech", [
    # What the policy names told as well: stopped, or its other emergency.
    "it's an emergency, our walk-in stopped cooling, the freezer still stays cold though",
    "this is an emergency, the leak alarm on the walk-in is going off, the reach-in still "
    "stays cold",
    # Nothing said still goes on that the policy speaks of.
    "this is an emergency, the ice machine is jammed, the bar one still makes ice though",
])
async def test_an_emergency_the_policy_does_not_rule_out_is_one(kitchen: Bot, speech: str) -> None:
    answers = await conversation(kitchen, [speech])
    assert "within 20 minutes" in answers[0], answers[0]
    assert [body.split(".")[0] for body in await outbox(kitchen)] == [
        "URGENT call from +14155550123"]


# -- 2. What nobody can do, and the caller's own voicemail --

@pytest.mark.parametrize("speech", [
    "hi, do you guys also haul away old ice machines? The company we had went out of business "
    "and nobody can move the old one out of our basement",
    "hi, do you guys also do the phones, the ordering line? The company we had went under and "
    "now nobody can change our voicemail greeting",
])
async def test_a_question_of_what_nobody_can_do_goes_to_the_owner(
        kitchen: Bot, speech: str) -> None:
    answers = await conversation(kitchen, [speech])
    assert answers == ["I'm not sure, I'll ask Marta to get back to you."]
    assert await questions_noted(kitchen) == [speech]
    assert await outbox(kitchen) == []


# -- 3. The price asked of a service named --

async def test_the_price_asked_of_a_service_named_is_its_price(kitchen: Bot) -> None:
    answers = await conversation(kitchen, [
        "hi, quick question, the health department moved our inspection up, so we want the, "
        "uh, inspection prep done. What do you charge for that?"])
    assert answers == ["An Inspection prep is $260 and takes about 180 minutes."]


# -- 4. A booking told in pieces --

async def test_a_booking_told_in_pieces_is_booked(kitchen: Bot) -> None:
    answers = await conversation(kitchen, [
        "hi, um, so the health inspector is coming next month and we want to, like, prove our "
        "thermometers are right? Is that something you guys do?",
        "okay yeah, let's do that. Could it be next Tuesday?",
        "mornings are better for us, before the lunch rush, so, ten thirty?",
        "yes, that's it. It's for Rosa's Taqueria, I'm Jolene in the kitchen",
    ])
    assert answers[0] == "An Inspection prep is $260 and takes about 180 minutes."
    assert "Tuesday the 17th of November" in answers[1], answers[1]
    assert answers[2] == ("That's an Inspection prep on Tuesday the 17th of November at 10:30 "
                          "AM. Shall I book it, and what name shall I put it under?")
    assert await booked_rows(kitchen) == [("Inspection prep", "2026-11-17T16:30")]


async def test_a_day_and_time_offered_after_a_closed_day_is_booked(kitchen: Bot) -> None:
    answers = await conversation(kitchen, [
        "hi, we're opening a second location and need the walk-in looked over, could your "
        "guys do a walk-in tune-up the Friday after Thanksgiving, the twenty-seventh? the "
        "kitchen will be empty that day",
        "oh, shoot. okay, what about the Monday after that, the thirtieth, first thing, like "
        "eight?",
        "perfect, it's Jenna Okafor, from Willow Creek Cafe",
    ])
    assert "closed on Friday the 27th of November" in answers[0], answers[0]
    assert answers[1] == ("That's a Walk-in tune-up on Monday the 30th of November at 8 AM. "
                          "Shall I book it, and what name shall I put it under?")
    assert await booked_rows(kitchen) == [("Walk-in tune-up", "2026-11-30T14:00")]
    assert await name_on_record(kitchen) == "Jenna Okafor"


# -- 5. A name given with the place the caller is with, or with a greeting --

@pytest.mark.parametrize(("answer", "name"), [
    ("yes please, Dana Whitcomb at Sunrise Grill", "Dana Whitcomb"),
    ("perfect. Jenna Okafor, Willow Creek Pediatrics", "Jenna Okafor"),
    ("yes please. Marisol Baptiste, at Eastside Chiropractic", "Marisol Baptiste"),
    ("yes, Linda Perez, Perez Insurance Agency", "Linda Perez"),
    # A name of everyday words alone is still the name.
    ("yes, Rose Baker", "Rose Baker"),
    ("sure, Mike Dalby", "Mike Dalby"),
    # Spelled after it, a name of an everyday word is the name.
    ("yep. Jordan Pike. P-I-K-E", "Jordan Pike"),
])
async def test_a_name_given_with_a_place_is_the_name(
        kitchen: Bot, answer: str, name: str) -> None:
    answers = await conversation(kitchen, [
        "could we get the ice machine cleaning Monday at ten?", answer])
    assert "Shall I book it" in answers[0], answers[0]
    assert await booked_rows(kitchen) == [("Ice machine cleaning", "2026-11-16T16:00")]
    assert await name_on_record(kitchen) == name


async def test_a_name_said_with_a_greeting_is_the_callers(kitchen: Bot) -> None:
    answers = await conversation(kitchen, [
        "yeah hi, Gary Lindholm, Lindholm's Diner, our ice machine is due for its cleaning, "
        "Monday at nine, no wait, make it three, we're slow after lunch",
        "three o'clock Monday, yep, that's right",
    ])
    assert answers[0] == ("Thanks, Gary. That's an Ice machine cleaning on Monday the 16th of "
                          "November at 3 PM. Shall I book it?")
    assert await booked_rows(kitchen) == [("Ice machine cleaning", "2026-11-16T21:00")]
    assert await name_on_record(kitchen) == "Gary Lindholm"


async def test_a_staff_name_said_with_a_greeting_is_not_the_callers(kitchen: Bot) -> None:
    answers = await conversation(kitchen, [
        "hi, Cal Whitaker, could we get the ice machine cleaning Monday at ten?"])
    assert answers[0].endswith("Shall I book it, and what name shall I put it under?"), answers[0]
    assert await name_on_record(kitchen) is None


# -- 6. A hyphenated word said as one --

async def test_a_hyphenated_word_said_as_one_is_the_profiles(kitchen: Bot) -> None:
    answers = await conversation(kitchen, [
        "hi, could we get the wifi thing done next Wednesday at two thirty?"])
    assert answers[0] == ("That's a Wi-Fi sensor setup on Wednesday the 18th of November at "
                          "2:30 PM. Shall I book it, and what name shall I put it under?")
