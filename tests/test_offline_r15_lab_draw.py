"""The offline receptionist at a blood draw site, where a stranger's callers (blind29) were
given a price or the wrong service:

1. someone slumped over who won't answer, or whose lips or face have gone gray or blue, is a
   danger at any business (not "sales slumped", "won't answer my emails", gray lipstick);
2. a child's age told picks the service whose description says it is for children (no
   Three-hour glucose test because the caller said "blood work");
3. a service the caller rules out ("non-DOT", "not the DOT one") is not the one named, and a
   name given and spelled ("my name's Siobhan, S I O B H A N") is no question for the FAQ
   whose answer says "labeled with your name";
4. one of an FAQ entry's two questions asked in other words ("what do I gotta bring") is
   that entry's; "am I allowed my coffee" is no "10 AM"; a fasting draw read back is booked on
   the yes.

A specimen clinic of our own (tests/profiles/specimen-clinic.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import PROFILES, booked_rows, business_at, conversation, named

CLINIC = PROFILES / "specimen-clinic.toml"
CLINIC_NOW = datetime(2026, 11, 18, 13, 40, tzinfo=UTC)  # Wednesday 18 November, 7:40 in Tulsa

clinic = business_at(CLINIC, CLINIC_NOW, "The specimen clinic on a Wednesday morning.")

__all__ = ["clinic"]


def danger(speech: str) -> str | None:
    """The built-in danger a caller's words tell of, if any."""
    told = next((d for d in bot.DANGERS if d.told.search(bot.Heard.of(speech).lowered)), None)
    return told.name if told else None


@pytest.mark.parametrize("speech", [
    "now he's, he's slumped over in his chair and he won't answer me, his lips look kinda gray",
    "my mom is slumped against the wall and she isn't responding",
    "my dad's lips are turning blue",
    "her face went gray and she's all sweaty",
    "the baby's lips look bluish",
])
def test_slumped_and_silent_or_gray_lips_are_a_danger(speech: str) -> None:
    assert danger(speech) == "unconscious"


@pytest.mark.parametrize("speech", [
    "sales slumped this year and the client won't answer my emails",
    "I want gray lips for my halloween costume",
    "my lips look gray in this new lipstick",
    "he's going gray early, his dad did too",
    "my son won't answer my texts",
])
def test_everyday_slumps_and_grays_are_not(speech: str) -> None:
    assert danger(speech) is None


async def test_a_slumped_father_who_wont_answer_hears_the_emergency_number(clinic: Bot) -> None:
    heard = await conversation(clinic, [
        "please, the nurse just left from drawing my dad's blood and now he's slumped over in "
        "his chair and he won't answer me, his lips look kinda gray"])
    assert "911" in heard[0]
    assert "$" not in heard[0]


@pytest.mark.parametrize(("speech", "service"), [
    ("hi, my daughter's pediatrician sent over an order for blood work. She's six and she's "
     "terrified of needles", "Children's blood draw"),
    ("my son needs some blood work done, he's 8", "Children's blood draw"),
    ("HR gave me a form for the drug test and it says non-DOT on it, how much is that?",
     "Workplace drug test"),
    ("I need the job drug screen, the regular one, not DOT", "Workplace drug test"),
])
def test_the_service_told_by_who_it_is_for_or_what_it_is_not(speech: str, service: str) -> None:
    assert named(CLINIC, speech) == service


async def test_a_six_year_olds_draw_is_booked_as_the_childrens(clinic: Bot) -> None:
    heard = await conversation(clinic, [
        "hi, um, my daughter's pediatrician sent over an order for blood work. She's six and "
        "she's, honestly she's terrified of needles",
        "could we maybe come in this Saturday morning?",
        "eight thirty would be good",
        "yes please. Her name is Amara, Amara Osei-Bonsu"])
    assert not any("glucose" in h.lower() for h in heard)
    assert await booked_rows(clinic) == [("Children's blood draw", "2026-11-21T14:30")]


async def test_a_spelled_name_with_the_service_ruled_out_books_the_other(clinic: Bot) -> None:
    heard = await conversation(clinic, [
        "hi, I need to book the job drug test, the regular one, not DOT, for tomorrow at two "
        "thirty. My name's Siobhan Okereke, that's S I O B H A N, O K E R E K E, it's said "
        "shi-VAWN",
        "yeah that's it"])
    assert "2:30" in heard[0]
    assert await booked_rows(clinic) == [("Workplace drug test", "2026-11-19T20:30")]


async def test_a_fasting_booking_read_back_is_booked_on_a_yes(clinic: Bot) -> None:
    heard = await conversation(clinic, [
        "yeah hi, so my doctor wants my cholesterol and sugar checked, fasting, and I was hoping "
        "to come in tomorrow morning at like seven fifteen before work? Name's Gary Lindqvist",
        "yep, that's right"])
    assert "7:15" in heard[0]
    assert await booked_rows(clinic) == [("Fasting blood draw", "2026-11-19T13:15")]


@pytest.mark.parametrize(("question", "answered"), [
    # One of an entry's two questions asked ("…an order from my doctor? What should I bring?").
    ("and what do I gotta bring with me?", "photo ID"),
    ("what do I need to bring?", "photo ID"),
    # "Am I" is no "10 AM" of the walk-ins' answer.
    ("oh and, uh, am I allowed my morning coffee, or is that gonna mess it up?", "water"),
])
async def test_a_question_asked_in_other_words_is_the_faqs(
        clinic: Bot, question: str, answered: str) -> None:
    heard = await conversation(clinic, [question])
    assert answered in heard[0]
