"""The offline receptionist at a doctor's office whose callers (blind26) were told to call 911
for an ordinary fever, and had a move stored on the wrong day:

1. a fever the emergency policy calls one only for the youngest ("a temperature of 100.4 or
   more in a baby younger than 8 weeks") is no emergency told of a child the caller says is
   older ("she's four", "my 3-year-old"); told of a baby that young, or with no age told,
   it still is; a name said ("watching Bluey") is no form of a sign ("turning blue");
2. what the caller tells of when a trouble began ("she's had a fever since last night") is
   no service's description of what was had and when ("who had a checkup in the last 12
   months"): the fever is the sick visit's;
3. "Wednesday the second" and "the first of December" are the 2nd and the 1st, not the
   Wednesday coming.

A family doctor's office of our own (tests/profiles/family-clinic.toml).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import PROFILES, business_at, conversation, receptionist

CLINIC = PROFILES / "family-clinic.toml"
CLINIC_NOW = datetime(2026, 11, 23, 16, 45, tzinfo=UTC)  # Monday 23 November, 8:45 in Spokane

clinic = business_at(CLINIC, CLINIC_NOW, "The family doctor's office on a Monday morning.")


def hears_emergency(speech: str) -> bool:
    """Whether the family clinic's receptionist hears an emergency."""
    return receptionist(CLINIC).hears_emergency(bot.Heard.of(speech))


# -- 1. A fever the policy bounds by age ----------------------------------------------------


@pytest.mark.parametrize(("speech", "urgent"), [
    # Older than the policy's babies: a sick visit.
    ("my daughter, she's four, has had a fever of a hundred and one since last night, could "
     "the doctor see her this afternoon at two?", False),
    ("my 3-year-old is running 102, can we come in tomorrow?", False),
    ("he just turned six and his temp is 101.5, do you have anything today?", False),
    ("my son is ten months old and has a fever of 101, can he be seen today?", False),
    # As young as the policy's, or no age told: the policy's emergency.
    ("my baby is five weeks old and she's running a hundred and one", True),
    ("my 6 week old has a temp of 100.8", True),
    ("she has a fever of 102 and she's so sleepy", True),
    # A name is no form of a sign; the sign itself still is.
    ("he's five and has a bad cough, he's home watching Bluey, can we come in tomorrow at "
     "nine?", False),
    ("he's five and his lips are turning blue and he can't breathe", True),
    # An age told with a danger of its own is still an emergency.
    ("he's four and has a fever of 103 and he's having a seizure", True),
])
def test_a_fever_the_policy_bounds_by_age_is_urgent_only_at_that_age(
        speech: str, urgent: bool) -> None:
    assert hears_emergency(speech) is urgent


async def test_a_feverish_older_child_is_offered_the_time_asked(clinic: Bot) -> None:
    said = await conversation(clinic, [
        "hi so my daughter Harper, she's four, she's had a fever since last night, like a "
        "hundred and one, but she's okay, she's eating, could Dr. Ortiz see her this "
        "afternoon, like two fifteen?"])
    assert "911" not in said[0]
    assert "2:15 PM" in said[0]


# -- 2. When a trouble began names no service -----------------------------------------------


def test_when_a_trouble_began_is_no_services_description() -> None:
    heard = bot.Heard.of("she's four, she's had a fever since last night, could the doctor "
                         "see her this afternoon at two fifteen?")
    service = receptionist(CLINIC).service_for_problem(heard)
    assert service is not None and service.name == "Sick visit"


# -- 3. A weekday's date said as an ordinal word ---------------------------------------------


@pytest.mark.parametrize(("speech", "day"), [
    ("could we move it to Wednesday the second, nine in the morning?", date(2026, 12, 2)),
    ("Tuesday, the first, at five", date(2026, 12, 1)),
    ("how about the second of December", date(2026, 12, 2)),
    # Counting a thing, not a date.
    ("it's my first visit, is Wednesday ok?", date(2026, 11, 25)),
])
def test_a_date_said_as_an_ordinal_word_is_that_date(speech: str, day: date) -> None:
    assert bot.parse_day(speech, date(2026, 11, 23)) == day


def test_a_weekday_that_is_not_the_ordinal_date_is_asked_about() -> None:
    assert bot.day_disagrees("Thursday the second", date(2026, 11, 23)) == \
        (3, date(2026, 12, 2))
