"""How the offline receptionist answers questions it was not tuned for (issue 18, the second
blind round): a weekday's usual hours asked when this week's is a holiday; a question about
when something runs ("is there a class at six tomorrow?") is no booking; a price asked is a
service's price unless an FAQ's answer gives one; a service asked for in everyday words ("I'm
thirty weeks along"); someone telling of an appointment they hold while asking something else;
"who do I talk to?" is a question the FAQ answers, not a call to be put through.

The business is a swim school in Norfolk, Virginia (tests/profiles/tidewater-swim.toml),
written for these tests; the clock is Monday 23 November 2026, 10:00 there: open 6 AM to 8 PM
on weekdays, 9:30 PM on Thursdays, but this Thursday is Thanksgiving (closed). The hearing
clinic of tests/test_offline_questions.py checks a second business.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Bot

from tests.offline_support import PROFILES, SWIM_NOW, conversation, hearing, said, swim

__all__ = ["hearing", "swim"]  # fixtures: the businesses called

THANKSGIVING = "We're closed on Thursday the 26th of November for Thanksgiving."
TIMETABLE = ("Lap lanes are open weekdays 6 to 8:30 AM and noon to 1:30 PM. Kids' group "
             "classes run weekdays at 4:15 and 5 PM and Saturdays at 10 and 11 AM. Aquanatal is "
             "Tuesdays at 6 PM and Saturdays at 9 AM.")
PARKING = ("Yes, two hours free in the Granby Street garage; bring your ticket to the desk to "
           "have it stamped.")
BRING = ("A swimsuit, a towel and goggles if they like them. Long hair needs a swim cap; caps "
         "are $5 at the desk.")
INSURANCE = ("Most plans don't pay for swim lessons, but aquatic therapy with a doctor's "
             "referral often is covered. Please talk to Priya about referrals and claims.")
OFFERED = "Which would you like?"  # how the receptionist offers times to book
BOOK_IT = "Shall I book it"  # how it reads a booking back


# -- A weekday's usual hours: the week's, then this week's holiday -----------------------------


@pytest.mark.parametrize("speech", [
    "how late do you normally stay open on Thursdays?",
    "what are your hours on a Thursday, usually?",
    "are you open Thursday evenings? like what time do you close on thursdays",
])
async def test_a_weekdays_usual_hours_are_the_weeks_then_the_holiday(
    swim: Bot, speech: str,
) -> None:
    assert await conversation(swim, [speech]) == [
        f"On Thursdays we're open 6 AM to 9:30 PM. {THANKSGIVING}"]


async def test_a_weekdays_usual_hours_and_a_price_in_one_breath(swim: Bot) -> None:
    [answer] = await conversation(swim, [
        "ok two things, what time do you usually close on thursdays, and how much is a private "
        "lesson?"])
    assert answer == (f"On Thursdays we're open 6 AM to 9:30 PM. {THANKSGIVING} A Private swim "
                      "lesson is $65 and takes about 30 minutes.")


async def test_this_weeks_day_asked_is_still_that_days_hours(swim: Bot) -> None:
    """'Are you open this Thursday?' asks about the day itself: the holiday, as before."""
    [answer] = await conversation(swim, ["are you open this thursday?"])
    assert answer.startswith("We're closed on Thanksgiving, Thursday the 26th of November.")


# -- When something runs is the timetable, not a booking ---------------------------------------


@pytest.mark.parametrize("speech", [
    "what time's the first kids class on Saturday?",
    "hi, when are the kids' classes tomorrow?",
    "is there an aquanatal class on tuesday evening?",
])
async def test_when_something_runs_is_the_timetable_not_a_booking(
    swim: Bot, speech: str,
) -> None:
    assert await conversation(swim, [speech]) == [TIMETABLE]


async def test_a_timetable_question_by_text_is_answered(swim: Bot) -> None:
    reply = said(await swim.text("also is there a 4pm kids class tmrw"))
    assert reply == TIMETABLE


async def test_the_timetable_and_parking_in_one_breath(swim: Bot) -> None:
    assert await conversation(swim, [
        "hey, what time's the earliest kids class on saturday, and is there anywhere to park "
        "down there?"]) == [f"{TIMETABLE} {PARKING}"]


@pytest.mark.parametrize("speech", [
    "can my son join the kids group class saturday at 10?",
    "could I book a kids group swim class tomorrow at 4?",
])
async def test_asking_to_come_at_a_time_still_books(swim: Bot, speech: str) -> None:
    [answer] = await conversation(swim, [speech])
    assert TIMETABLE not in answer
    assert BOOK_IT in answer or OFFERED in answer


async def test_the_opening_time_of_a_day_is_still_the_hours(swim: Bot) -> None:
    assert await conversation(swim, ["what time do you open on saturday?"]) == [
        "On Saturday the 28th of November we're open 8 AM to 2 PM."]


# -- A price asked is a service's price unless an FAQ's answer gives one ----------------------


@pytest.mark.parametrize(("speech", "answer"), [
    ("what does the aquanatal class cost, the one on tuesdays?",
     "An Aquanatal class is $22 and takes about 45 minutes."),
    ("how much is the adult course, the one where you learn to swim as a grown up?",
     "An Adult learn-to-swim course is $180 for eight weeks and takes about 45 minutes."),
])
async def test_a_price_asked_is_the_services_not_an_faq_without_a_price(
    swim: Bot, speech: str, answer: str,
) -> None:
    assert await conversation(swim, [speech]) == [answer]


async def test_a_service_named_by_its_own_words_is_described_when_asked_if_we_have_it(
    swim: Bot,
) -> None:
    assert await conversation(swim, [
        "how much is a private lesson? and do you guys have like a learn to swim course for "
        "adults?"]) == [
        "A Private swim lesson is $65 and takes about 30 minutes. An Adult learn-to-swim course "
        "is $180 for eight weeks and takes about 45 minutes."]


async def test_a_price_and_an_faq_that_gives_prices_is_still_the_faq(make_bot: Any) -> None:
    """'What would it cost every other week' is the recurring-cleanings FAQ: it gives a discount."""
    cleaning = PROFILES.parent.parent / "scenarios" / "profiles" / "cleaning.toml"
    async with make_bot(business_profile=cleaning, clock=lambda: SWIM_NOW) as running:
        [answer] = await conversation(running, [
            "what would it cost to have you come every other week for a standard clean?"])
    assert "10% off" in answer


# -- "Who do I talk to?" with a question the FAQ answers: the answer, which says who ----------


@pytest.mark.parametrize("speech", [
    "my physio wants me doing aquatic therapy after knee surgery. Does my health insurance pay "
    "for that? Or who should I talk to?",
    "hi, does insurance pay for lessons, or who do I ask about that?",
])
async def test_who_do_i_talk_to_with_an_faq_question_is_the_faqs_answer(
    swim: Bot, speech: str,
) -> None:
    assert await conversation(swim, [speech]) == [INSURANCE]


async def test_asking_to_talk_to_someone_still_puts_the_caller_through(swim: Bot) -> None:
    [answer] = await conversation(swim, ["can I talk to Priya please?"])
    assert answer.startswith("Let me put you through to Priya Shah.")


async def test_can_she_call_me_after_the_answer_takes_a_message(swim: Bot) -> None:
    [_, answer] = await conversation(swim, [
        "hi, does insurance pay for lessons, or who do I ask about that?",
        "ok, could she call me? It's Dana Wolfe, this number's fine."])
    # Taken as a call back, or as a message for her with the caller's words: either reaches her.
    assert "call you back" in answer or "passed that on to Joan" in answer, answer


# -- An appointment someone holds, told with a question: the question, not a booking ---------


@pytest.mark.parametrize("speech", [
    "my daughter's got her first kids class on Saturday, what should she bring?",
    "hi, so my son has his first lesson tomorrow, does he need to bring anything?",
])
async def test_an_appointment_held_told_with_a_question_is_the_question(
    swim: Bot, speech: str,
) -> None:
    assert await conversation(swim, [speech]) == [BRING]
