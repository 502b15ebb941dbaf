"""Which service the caller means (blind6 round): the commonest harm was a wrong service read
back and then booked on the caller's yes. So: everyday words for what a service's name says in
the trade's words ("get my teeth bleached" is Whitening, "have a look at the deck" the
Inspection, "get her tested" the Evaluation, "geometry" Math, "sack lunches" Boxed lunches); a
service for a person by age or role (a child's visit for a child the age it takes; the new
patients' visit only for a caller who says they are new, never a returning patient's); and when
the words fit two services, the caller is asked which, never read a guess.

On profiles written here (tests/profiles: an eye clinic, a deck company, a deli, a learning
studio, and the family dental practice) and on the eval's, with wordings of our own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import pytest
from conftest import Bot

import bot
from tests.offline_support import (
    DENTAL,
    DENTAL_NOW,
    PROFILES,
    SCENARIO_PROFILES,
    booked_rows,
    conversation,
    named,
    receptionist,
)

EYES_NOW = datetime.fromisoformat("2027-03-09T10:00-08:00")  # a Tuesday morning in Tacoma
DECKS_NOW = datetime.fromisoformat("2027-05-11T09:30-06:00")  # a Tuesday morning in Englewood
STUDIO_NOW = datetime.fromisoformat("2027-02-16T15:00-07:00")  # a Tuesday afternoon in Boulder


@pytest.fixture
async def eyes(make_bot: Any) -> AsyncIterator[Bot]:
    async with make_bot(business_profile=PROFILES / "eye-clinic.toml",
                        clock=lambda: EYES_NOW) as running:
        yield running


@pytest.fixture
async def decks(make_bot: Any) -> AsyncIterator[Bot]:
    async with make_bot(business_profile=PROFILES / "deck-and-fence.toml",
                        clock=lambda: DECKS_NOW) as running:
        yield running


@pytest.fixture
async def studio(make_bot: Any) -> AsyncIterator[Bot]:
    async with make_bot(business_profile=PROFILES / "learning-studio.toml",
                        clock=lambda: STUDIO_NOW) as running:
        yield running


@pytest.fixture
async def dental(make_bot: Any) -> AsyncIterator[Bot]:
    async with make_bot(business_profile=DENTAL, clock=lambda: DENTAL_NOW) as running:
        yield running


# -- 1. Everyday words for what a service's name says ------------------------------------------


@pytest.mark.parametrize(("profile", "speech", "service"), [
    ("dental.toml", "I want my teeth bleached before the reunion", "Whitening"),
    ("dental.toml", "can you make my teeth whiter, maybe next week", "Whitening"),
    ("deck-and-fence.toml", "could somebody come have a look at my deck, a board gave way",
     "Free deck inspection"),
    ("deck-and-fence.toml", "can your guy look over the deck before we sell the house",
     "Free deck inspection"),
    ("deck-and-fence.toml", "I'd like a quote on a new deck out back", "New deck estimate"),
    ("learning-studio.toml", "I'd like to get my daughter tested so we know her level",
     "Placement evaluation"),
    ("learning-studio.toml", "can he be assessed before he starts", "Placement evaluation"),
    ("learning-studio.toml", "she needs help with geometry", "Math coaching"),
    ("learning-studio.toml", "he's got a calculus final coming up, can he get some help",
     "Math coaching"),
    ("learning-studio.toml", "her essays keep coming back covered in red ink",
     "Writing coaching"),
    ("corner-deli.toml", "we need sack lunches for fourteen people on Thursday",
     "Boxed lunch delivery"),
    ("corner-deli.toml", "could you do brown bag lunches for our volunteers",
     "Boxed lunch delivery"),
    ("pest-control.toml", "could someone come take a look for termites", "Termite inspection"),
    ("vet.toml", "we need to get our puppy fixed next month", "Spay or neuter"),
    ("vet.toml", "can I have her fixed on Tuesday", "Spay or neuter"),
    ("optometrist.toml", "I need an eye test, my glasses seem weak", "Comprehensive eye exam"),
    ("optometrist.toml", "my daughter needs a vision test for school, she is 8",
     "Children's eye exam"),
])
def test_an_everyday_word_names_the_service_written_in_the_trades_words(
    profile: str, speech: str, service: str,
) -> None:
    assert named(profile, speech) == service


@pytest.mark.parametrize(("profile", "speech"), [
    # Told of, not asked for: a quote already given is no estimate wanted.
    ("deck-and-fence.toml", "Jonah already gave us a quote, we'd like the staining done"),
    # A row of the table adds nothing at a business whose services' names lack its words
    # (the plumber's water heater service mentions a quote; no HVAC service is an inspection).
    ("plumber.toml", "can you give me a price for replacing a whole bathroom"),
    ("hvac.toml", "can someone look at my furnace, it bangs"),
])
def test_an_everyday_word_adds_nothing_the_services_names_do_not_say(profile: str,
                                                                    speech: str) -> None:
    heard = bot.Heard.of(speech)
    assert receptionist(profile).in_our_words(heard) is heard


async def test_a_look_at_the_deck_is_read_back_as_the_inspection(decks: Bot) -> None:
    answers = await conversation(decks, [
        "hi, a branch came down on our deck, could someone come have a look at it Thursday "
        "at ten?", "yes that's fine, Nora Quinn"])
    assert answers[0] == ("That's a Free deck inspection on Thursday the 13th of May at "
                          "10 AM. Shall I book it, and what name shall I put it under?")
    assert await booked_rows(decks) == [("Free deck inspection", "2027-05-13T16:00")]


async def test_a_look_asked_beside_a_new_deck_told_of_is_not_the_estimate(
    decks: Bot,
) -> None:
    # A new deck told of (the brother's idea), a look asked for: the look, read back for the
    # caller's yes (or asked between the two), never the estimate the words "new deck" would
    # have guessed, and nothing booked yet.
    answers = await conversation(decks, [
        "hi, the big windstorm last week took some railing off, my brother thinks we need a "
        "whole new deck but could someone just come have a look at it Thursday at ten?"])
    assert "Free deck inspection" in answers[0]
    assert "That's a New deck estimate" not in answers[0]
    assert await booked_rows(decks) == []


async def test_teeth_bleached_are_read_back_as_whitening(dental: Bot) -> None:
    answers = await conversation(dental, [
        "hello, could I get my teeth bleached on Friday at nine in the morning?"])
    assert answers[0] == ("That's a Whitening on Friday the 4th of December at 9 AM. Shall I "
                          "book it, and what name shall I put it under?")


# -- 2. A service for a person by age or role ---------------------------------------------------


@pytest.mark.parametrize("speech", [
    "my son needs his eye exam, he's eight, could we do Thursday at two?",
    "I'd like to bring my 6-year-old daughter in for an eye exam Thursday at two",
])
async def test_a_childs_exam_is_the_kids_exam(eyes: Bot, speech: str) -> None:
    answers = await conversation(eyes, [speech, "yes please, Maya Brooks"])
    assert answers[0].startswith("That's a Kids' eye exam on Thursday the 11th of March at 2 PM.")
    assert await booked_rows(eyes) == [("Kids' eye exam", "2027-03-11T22:00")]  # UTC


def test_a_child_too_old_for_the_kids_exam_has_the_grown_ups_one() -> None:
    clinic = receptionist("eye-clinic.toml")
    heard = bot.Heard.of("my son is 16, he's a patient of yours, due for his eye exam")
    chosen = clinic.service_named(heard)
    assert chosen is not None and chosen.name == "Annual eye exam"
    assert clinic.child_version(chosen, heard) is None


def test_a_childs_private_lesson_is_not_the_kids_group_class() -> None:
    pool = receptionist("tidewater-swim.toml")
    heard = bot.Heard.of("a private swim lesson for my daughter, she's seven")
    chosen = pool.service_named(heard)
    assert chosen is not None and chosen.name == "Private swim lesson"
    assert pool.child_version(chosen, heard) is None


@pytest.mark.parametrize(("speech", "service"), [
    ("we just moved to Tacoma and need a new eye doctor, could I come in Thursday at ten",
     "New patient eye exam"),
    ("it'd be my first visit with you, I'd like an eye exam", "New patient eye exam"),
    ("I'm a patient of yours already, I need my eye exam", "Annual eye exam"),
    ("I'm due for my eye exam, can I come Thursday", "Annual eye exam"),
    ("I need an eye exam on Thursday", "Annual eye exam"),
])
def test_the_new_patients_visit_only_for_a_caller_who_says_they_are_new(
    speech: str, service: str,
) -> None:
    assert named("eye-clinic.toml", speech) == service


async def test_a_returning_patients_exam_is_never_the_new_patients(eyes: Bot) -> None:
    answers = await conversation(eyes, [
        "hi, I've been coming to you for years, I need an eye exam Thursday at eleven",
        "yes, Tom Alvarez"])
    assert "New patient" not in " ".join(answers)
    assert await booked_rows(eyes) == [("Annual eye exam", "2027-03-11T19:00")]  # UTC


async def test_exams_for_a_parent_and_a_child_are_asked_one_at_a_time(eyes: Bot) -> None:
    answers = await conversation(eyes, [
        "can I book eye exams for me and my daughter, she's nine, we're patients already, "
        "Thursday at one?", "yes"])
    assert answers[0] == ("Happy to book you in on Thursday the 11th of March at 1 PM. I can "
                          "book those one at a time. Which first: the Annual eye exam or the "
                          "Kids' eye exam?")
    assert await booked_rows(eyes) == []


# -- 3. Words that fit two services are asked about, not guessed -------------------------------


async def test_a_child_evaluated_for_a_subject_is_asked_which(studio: Bot) -> None:
    # "Evaluated" names the Placement evaluation and "math" the Math coaching: asked, never
    # read back as the one guessed.
    answers = await conversation(studio, [
        "my son is struggling in math and his teacher wants him evaluated, could we come "
        "Thursday at four?", "yes, Leo Park"])
    assert "Which" in answers[0] and "Placement evaluation" in answers[0]
    assert "That's a Math coaching" not in " ".join(answers)
    assert await booked_rows(studio) == []


def test_a_test_coming_up_is_no_evaluation_wanted() -> None:
    assert named("learning-studio.toml", "she has a geometry test on Monday, can she get some "
                                          "math help Saturday") == "Math coaching"


def test_the_eval_profiles_kids_services_are_found() -> None:
    optometrist = receptionist(SCENARIO_PROFILES / "optometrist.toml")
    kids = [s.name for s in optometrist.profile.services if optometrist.kids_only(s)]
    assert kids == ["Children's eye exam"]


@pytest.mark.parametrize(("profile", "speech", "service"), [
    ("eye-clinic.toml", "hi, I'm new here, my eyes have been blurry lately, could I come "
                        "Thursday at ten?", "New patient eye exam"),
    ("physio.toml", "it's my first time coming to you, I tweaked my knee running, could I come "
                    "in Monday at nine?", "Physical therapy evaluation"),
])
def test_a_newcomer_naming_no_service_has_the_first_visit(profile: str, speech: str,
                                                          service: str) -> None:
    chosen = receptionist(profile).newcomers_visit(bot.Heard.of(speech))
    assert chosen is not None and chosen.name == service
