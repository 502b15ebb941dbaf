"""The offline receptionist's bookings told loosely (issue 18, blind10): a time corrected in one
breath and confirmed by its hour alone ("yep, seven"), a commitment that is no message ("I have a
call at eight"), bookings typed as texts are typed ("can u guys do fri at 10"), the opening time
asked without a clock ("first thing", "right when you open"), and what the caller asks of the
booking just made (the name it is under, spelled back when they spelled it; its day or time).

Mostly the garage door company (tests/profiles/garage-door.toml) and the house painter
(tests/profiles/painter.toml); the barber and the daycare of the eval's profiles, in words of
our own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, time
from typing import Any

import pytest
from conftest import Bot

from bot import exact_time
from tests.offline_support import (
    MORE,
    PAINTER,
    SCENARIO_PROFILES,
    booked_rows,
    conversation,
    garage,
    named,
    painter,
    receptionist,
    said,
)

__all__ = ["garage", "painter"]  # fixtures: the businesses called





def read_back(service: str, when: str, name: bool = True) -> str:
    """A booking read back, waiting for the yes."""
    return f"That's {service} {when}. Shall I book it" + (
        ", and what name shall I put it under?" if name else "?")


# -- 1. A time corrected in one breath, confirmed by its hour alone ------------------------------


@pytest.mark.parametrize(("speech", "yes", "when", "row"), [
    ("the opener just hums when I press the remote, could someone come Friday at nine, no wait, "
     "seven, before I leave for work", "yep, seven. Ruth Okafor",
     "on Friday the 16th of April at 7 AM", "2027-04-16T13:00"),  # UTC
    ("opener repair tomorrow at ten, hmm, no, scratch that, I'm at the dentist then, seven in "
     "the morning", "yes seven, it's Ruth Okafor",
     "tomorrow, Thursday the 15th of April at 7 AM", "2027-04-15T13:00"),
])
async def test_a_corrected_time_confirmed_by_its_hour_alone_books_it(
    garage: Bot, speech: str, yes: str, when: str, row: str,
) -> None:
    # "Seven" alone would be 7 PM to a shop; said to 7 AM read back, it is the yes.
    answers = await conversation(garage, [speech, yes])
    assert answers[0] == read_back("an Opener repair", when)
    assert answers[1] == f"You're booked. Opener repair {when}. {MORE}"
    assert await booked_rows(garage) == [("Opener repair", row)]


@pytest.mark.parametrize("speech", [
    "could you do a touch-up visit Friday at eight, no, hang on, I have a call at eight, make it "
    "ten",
    "touch-up visit Friday at eight? Oh wait, I've got a call at eight. Ten, Friday at ten.",
])
async def test_a_call_the_caller_has_is_no_message_to_pass_on(painter: Bot, speech: str) -> None:
    answers = await conversation(painter, [speech])
    assert answers[0] == read_back("a Touch-up visit", "on Friday the 4th of September at 10 AM")


# -- 2. Bookings typed as texts are typed -------------------------------------------------------


@pytest.mark.parametrize("ask", ["ok can u guys do fri at 10", "cool, could u do friday @ 10?"])
async def test_a_texted_time_for_the_service_just_priced_is_read_back_and_booked(
    garage: Bot, ask: str,
) -> None:
    assert "$89" in said(await garage.text("how much 4 a tune up"))
    answer = said(await garage.text(ask))
    assert answer == read_back("an Annual tune-up", "on Friday the 16th of April at 10 AM")
    assert said(await garage.text("ya thats good. its rob tan")).startswith("You're booked.")
    assert await booked_rows(garage) == [("Annual tune-up", "2027-04-16T16:00")]  # UTC


def test_what_texted_as_wat_is_no_word_of_a_service() -> None:
    # "wats" is "what's", never the closest word of a service's name ("wash" at a car wash).
    corrected = receptionist(SCENARIO_PROFILES / "car-wash.toml").typos_corrected(
        "wats ur price on a full detail")
    assert corrected == "what's your price on a full detail"


@pytest.mark.parametrize("speech", [
    "can you guys do Friday at 10 for a tune-up?",
    "a tune-up, could you start Friday at ten?",
])
async def test_can_you_do_a_day_and_time_asks_to_book(garage: Bot, speech: str) -> None:
    answers = await conversation(garage, [speech])
    assert answers[0] == read_back("an Annual tune-up", "on Friday the 16th of April at 10 AM")


# -- 3. The opening time asked without a clock --------------------------------------------------


@pytest.mark.parametrize(("speech", "when"), [
    ("could I get a touch-up visit Friday, first thing?", "on Friday the 4th of September at 8 AM"),
    ("a touch-up visit Saturday, as soon as you open", "on Saturday the 5th of September at 9 AM"),
])
async def test_first_thing_is_the_opening_time_read_back(
    painter: Bot, speech: str, when: str,
) -> None:
    answers = await conversation(painter, [speech])
    assert answers[0] == read_back("a Touch-up visit", when)
    assert not await booked_rows(painter)


@pytest.mark.parametrize("speech", [
    "okay, Friday then, like right when you open, eight thirty?",
    "Friday, right when y'all open, 8:30",
])
async def test_right_when_you_open_with_a_time_is_that_time_not_the_hours(
    painter: Bot, speech: str,
) -> None:
    answers = await conversation(painter, ["I'd like a touch-up visit on Monday", speech])
    assert answers[1] == read_back("a Touch-up visit", "on Friday the 4th of September at 8:30 AM")


async def test_what_time_do_you_open_is_still_the_hours(painter: Bot) -> None:
    answers = await conversation(painter, ["what time do you open on Friday?"])
    assert "8 AM" in answers[0] and not answers[0].startswith("That's"), answers[0]


# -- 4. What the caller asks of the booking just made -------------------------------------------


@pytest.mark.parametrize(("yes", "spelled"), [
    ("yep. Maya Brennan. B-R-E-N-N-A-N", "Maya Brennan, B-R-E-N-N-A-N"),
    ("yes please, it's Maya Brennan, B R E N N A N", "Maya Brennan, B-R-E-N-N-A-N"),
    ("yes, Maya Brennan", "Maya Brennan"),  # not spelled: not spelled back
])
@pytest.mark.parametrize("asked", ["and what name did you put that under?",
                                   "sorry, can you tell me the name you have that under?"])
async def test_the_name_it_is_under_is_said_and_spelled_when_it_was(
    painter: Bot, yes: str, spelled: str, asked: str,
) -> None:
    when = "on Friday the 4th of September at 10 AM"
    answers = await conversation(painter, ["a touch-up visit Friday at ten", yes, asked])
    assert answers[1] == f"You're booked. Touch-up visit {when}. {MORE}"
    assert answers[2] == f"It's under {spelled}: a Touch-up visit {when}."


@pytest.mark.parametrize("asked", [
    "wait, which day did we say?",
    "sorry, one more time, what time's he coming?",
    "what time is the tech getting here?",
    "just so I have it, what time have you got me down for?",
])
async def test_the_day_and_time_of_the_booking_just_made_are_said_again(
    garage: Bot, asked: str,
) -> None:
    answers = await conversation(garage, ["an annual tune-up Friday at 2", "yes, Ruth Okafor",
                                          asked])
    assert answers[2] == "You're booked for an Annual tune-up on Friday the 16th of April at 2 PM."


async def test_what_time_did_you_say_you_open_is_no_booking_asked(garage: Bot) -> None:
    answers = await conversation(garage, ["an annual tune-up Friday at 2", "yes, Ruth Okafor",
                                          "what time did you say you open on Saturday?"])
    assert "9 AM" in answers[2] and "booked" not in answers[2], answers[2]


# -- 5. Words that looked like something else -----------------------------------------------------


@pytest.mark.parametrize("speech", ["could I come in Thursday for a cut? like ten",
                                    "need a cut, Thursday at ten if you can"])
def test_a_cut_is_no_senior_cut_for_not_being_a_kids_cut(speech: str) -> None:
    # The Senior cut is "for gentlemen 65 and up": never the one guessed for "a cut".
    assert named(SCENARIO_PROFILES / "barber.toml", speech) != "Senior cut"


@pytest.mark.parametrize(("speech", "service"), [
    ("a senior cut Thursday at ten", "Senior cut"),
    ("a cut for my grandpa, he's 82, Thursday at ten", "Senior cut"),
    ("a cut for my son, he's 8, Thursday at ten", "Kids' cut"),
])
def test_a_cut_for_whom_it_is_for_names_that_one(speech: str, service: str) -> None:
    assert named(SCENARIO_PROFILES / "barber.toml", speech) == service


@pytest.fixture
async def daycare(make_bot: Any) -> AsyncIterator[Bot]:
    """The daycare (the blind7 profile) on a Thursday morning."""
    async with make_bot(business_profile=SCENARIO_PROFILES / "daycare.toml",
                        clock=lambda: datetime(2026, 12, 10, 16, 0, tzinfo=UTC)) as running:
        yield running


@pytest.mark.parametrize("speech", [
    "we're moving to Denver in March, could we tour the school next Tuesday at ten? This is Sam "
    "Ortiz",
    "hi, we're relocating, moving to Colorado Springs next year, could we tour Tuesday at 10?",
])
async def test_moving_house_is_no_booking_moved(daycare: Bot, speech: str) -> None:
    answers = await conversation(daycare, [speech])
    assert "School tour on Tuesday the 15th of December at 10 AM" in answers[0], answers[0]
    assert "upcoming" not in answers[0]


@pytest.mark.parametrize("speech", ["can I come first thing Friday? This is Sam Ortiz.",
                                    "could we come in Friday as soon as you open"])
async def test_a_day_with_the_opening_time_asks_to_book(painter: Bot, speech: str) -> None:
    answers = await conversation(painter, [speech])
    assert "on Friday the 4th of September at 8 AM" in answers[0], answers[0]


def test_texted_shorthand_is_read_as_words() -> None:
    corrected = receptionist(PAINTER).typos_corrected("k hw much, can sum1 come 2mrw? lmk")
    assert corrected == "ok how much, can someone come tomorrow? let me know"


# -- 6. The service of the one the caller asks to see, and of the trouble they tell -------------


@pytest.mark.parametrize("speech", [
    "I'd like to sit down with Omar about our kitchen, Thursday at ten, no, eleven",
    "could Omar come by Thursday at 11? we want to know what the whole outside would cost",
])
async def test_the_member_of_staff_a_service_is_with_names_it(painter: Bot, speech: str) -> None:
    # Only the Painting estimate's description names Omar, the estimator.
    answers = await conversation(painter, [speech])
    assert answers[0].endswith(read_back("a Painting estimate",
                                         "tomorrow, Thursday the 3rd of September at 11 AM"))


@pytest.mark.parametrize("speech", [
    "the keypad stopped working and the opener just clicks, could someone come tomorrow at ten?",
    "my remote stopped doing anything, and the wall button only clicks. Tomorrow at 10?",
])
async def test_the_trouble_told_picks_the_repair_over_the_installation(speech: str,
                                                                      make_bot: Any) -> None:
    # Both opener services' descriptions speak of remotes and wall buttons; only the repair's
    # of one that "stopped working".
    async with make_bot(business_profile=SCENARIO_PROFILES / "garage-door.toml",
                        clock=lambda: datetime(2026, 10, 8, 15, 5, tzinfo=UTC)) as running:
        answers = await conversation(running, [speech])
    assert answers[0] == read_back("an Opener repair",
                                   "tomorrow, Friday the 9th of October at 10 AM")


@pytest.mark.parametrize("text", ["hi do u do cakes same day?? need 1 for my sons bday fri",
                                  "ok and how much 4 the deck stain, like 2 coats",
                                  "can u print 40 pgs dbl sided sat"])
def test_a_number_texted_for_a_count_or_for_for_is_no_time(text: str) -> None:
    # "need 1 for my son's birthday" is one cake, "how much 4" is "how much for": no 1 or 4 PM.
    corrected = receptionist(PAINTER).typos_corrected(text)
    assert exact_time(corrected) is None, corrected


@pytest.mark.parametrize(("text", "at"), [("can I come at 3 for my touch-up", time(15)),
                                          ("need a touch-up tmrw at 10", time(10))])
def test_a_time_texted_with_a_count_word_near_it_is_still_the_time(text: str, at: time) -> None:
    assert exact_time(receptionist(PAINTER).typos_corrected(text)) == at


@pytest.mark.parametrize(("profile", "clock", "speech", "read"), [
    ("martial-arts.toml", datetime(2026, 11, 17, 16, 0, tzinfo=UTC),
     "my daughter is nine and really into karate, can she try a class Friday at 4:30?",
     "That's a Free trial class on Friday the 20th of November at 4:30 PM."),
    ("martial-arts.toml", datetime(2026, 11, 17, 16, 0, tzinfo=UTC),
     "she's seven and loves karate movies, could she try a class with you Thursday at 5:30?",
     "That's a Free trial class on Thursday the 19th of November at 5:30 PM."),
])
async def test_asking_to_try_a_program_is_its_trial(
    make_bot: Any, profile: str, clock: datetime, speech: str, read: str,
) -> None:
    # The program named and the trial of it: the trial, read back (not both, one at a time).
    async with make_bot(business_profile=SCENARIO_PROFILES / profile,
                        clock=lambda: clock) as running:
        answers = await conversation(running, [speech])
    assert answers[0].startswith(read), answers[0]
