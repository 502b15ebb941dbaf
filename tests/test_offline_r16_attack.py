"""The offline receptionist where a helper attacked the blind29 round's rules at businesses of
its own (salon, groomer, garage doors, cabins, lawn care, junk removal) and found misfires:

1. gray or blue lips, face or skin are a danger only of a person and told as happening now
   ("look gray", "turning blue"), not a dog's face going gray, a popsicle's blue lips, blue
   undertones, face paint or hydrangeas; slumped and not moving only of a person, not of a dog
   or a door panel; purple lips are one too;
2. a time told as a reason ("my son gets out of school at 3") does not beat the pick;
3. two days said in a row ("friday and saturday night") are no schedule: the first is the day;
4. "non-toxic" names the Non-toxic service, "why not the standard…" asks for it, a season said
   as the time is the season's cleanup when it alone tells the cleanups apart, "do I need a
   filling?" is a question, when the crew stops taking things is no question of our hours, and
   "what time did you say?" with nothing said says so.

Profiles copied from the attack (tests/profiles/r16-attack-*.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import (
    DENTAL,
    PROFILES,
    business_at,
    conversation,
    said,
)

NOW = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)  # Tuesday 10 November, 9:00 in Chicago

salon = business_at(PROFILES / "r16-attack-salon.toml", NOW, "The hair salon on a Tuesday.")
inn = business_at(PROFILES / "r16-attack-inn.toml", NOW, "The lake cabins on a Tuesday.")
lawn = business_at(PROFILES / "r16-attack-lawn.toml", NOW, "The lawn care firm on a Tuesday.")
junk = business_at(PROFILES / "r16-attack-junk.toml", NOW, "The junk haulers on a Tuesday.")
groom = business_at(PROFILES / "r16-attack-groom.toml", NOW, "The dog groomer on a Tuesday.")
dentist = business_at(DENTAL, NOW, "The dental practice on a Tuesday.")

__all__ = ["dentist", "groom", "inn", "junk", "lawn", "salon"]


def danger(speech: str) -> str | None:
    """The built-in danger a caller's words tell of, if any."""
    told = next((d for d in bot.DANGERS if d.told.search(bot.Heard.of(speech).lowered)), None)
    return told.name if told else None


@pytest.mark.parametrize("speech", [
    "my dog's face is going gray, she's getting old, can she get a full groom thursday",
    "her lips are blue from the popsicle but anyway can she get a kids cut saturday",
    "my mom's skin has blue undertones, what color would work for her",
    "can you do her fingertips blue? I mean her hair tips blue",
    "for halloween can you paint his face blue and do her hair silver? saturday",
    "my hydrangeas, they're turning blue, is that the soil? can you come look thursday",
    "my old lab is all slumped and won't move off the couch when it's bath time, any tips?",
    "the door panel is slumped over on one side and the door won't move",
])
def test_gray_blue_and_slumped_things_are_no_danger(speech: str) -> None:
    assert danger(speech) is None


@pytest.mark.parametrize("speech", [
    "he slumped over in his wheelchair and isn't responding",
    "the baby is turning blue",
    "my dad's lips are turning blue",
    "her face went gray and she's all sweaty",
    "my mom's lips look kind of purple and she's breathing funny",
    "my dad is slumped over in the van and I can't wake him",
    "she's turning gray and she's not making sense",
])
def test_a_person_going_gray_blue_or_slumped_is_a_danger(speech: str) -> None:
    assert danger(speech) == "unconscious"


async def test_a_pick_beats_a_time_told_as_a_reason(salon: Bot) -> None:
    answers = await conversation(salon, ["can I get a haircut on thursday",
                                         "the second one, my son gets out of school at 3"])
    assert "9 AM, 9:30 AM" in answers[0], answers[0]
    assert "9:30" in answers[1] and "3 PM" not in answers[1], answers[1]


@pytest.mark.parametrize("speech", [
    "we'd like a lakeside cabin friday and saturday night",
    "can we book the cabin for friday and saturday",
    "I'd like the fishing trip friday, saturday works too",
])
async def test_two_days_in_a_row_are_the_first(inn: Bot, speech: str) -> None:
    answers = await conversation(inn, [speech])
    assert "Friday" in answers[0], answers[0]


def test_a_schedule_of_days_is_still_no_day() -> None:
    tuesday = NOW.date()
    assert bot.parse_day("need the standing ride tue/thu/sat", tuesday) is None
    assert bot.parse_day("need the ride tuesdays and thursdays", tuesday) is None
    assert bot.parse_day("every monday and wednesday", tuesday) is None


async def test_a_service_named_non_is_that_service(lawn: Bot) -> None:
    answers = await conversation(lawn, ["I want the non-toxic weed treatment on thursday",
                                        "8 am"])
    assert "Standard" not in answers[0], answers[0]
    assert "Non-toxic weed treatment" in answers[1] and "Standard" not in answers[1], answers[1]


async def test_why_not_the_standard_asks_for_it(lawn: Bot) -> None:
    answers = await conversation(lawn, [
        "why not the standard treatment, it's cheaper. can you come friday", "8 am"])
    assert "Standard weed treatment" in answers[1] and "Non-toxic" not in answers[1], answers[1]


async def test_a_season_telling_two_cleanups_apart_is_the_season(lawn: Bot) -> None:
    answers = await conversation(lawn, ["can you do a cleanup in the fall? like next september"])
    assert "Fall cleanup" in answers[0], answers[0]


@pytest.mark.parametrize("speech", [
    "how do I know if I need a filling",
    "do you think I need a crown? my tooth is cracked",
])
async def test_asking_whether_one_is_needed_is_no_booking(dentist: Bot, speech: str) -> None:
    answers = await conversation(dentist, [speech])
    assert "Happy to book" not in answers[0] and "What day" not in answers[0], answers[0]


@pytest.mark.parametrize("speech", [
    "when do your drivers stop taking mattresses",
    "when do you start the garage clean-out, like what time does the crew show up",
])
async def test_when_a_job_is_done_is_no_question_of_hours(junk: Bot, speech: str) -> None:
    answers = await conversation(junk, [speech])
    assert "Monday" not in answers[0] and "open" not in answers[0].lower(), answers[0]


async def test_what_time_did_you_say_with_nothing_said(junk: Bot) -> None:
    reply = said(await junk.text("what time did you say?"))
    assert "no upcoming appointments" not in reply, reply
    assert "haven't" in reply, reply
