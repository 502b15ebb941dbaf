"""How the offline receptionist understands and answers questions (issue 18): several questions
in one turn, each answered; a price asked beats an FAQ that shares a word with it; an FAQ found
by its meaning, not by a word every entry shares; a complaint only about us; a price asked in
Spanish by text.

The business is a hearing clinic in Boulder (tests/profiles/clearwater-hearing.toml), written
for these tests; the clock is Wednesday 10 March 2027, 10:00 there (open until 5 PM; Thursday
until 7 PM, Saturday 9 to noon, closed Sunday). The dental practice of issue 18 checks a second
business.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Bot
from test_receptionist import notes_of

from tests.offline_support import HEARING_NOW, PROFILES, conversation, dental, hearing, said

__all__ = ["dental", "hearing"]  # fixtures: the businesses called
SORRY = "I'm sorry to hear that."

INSURANCE = ("We bill Medicare, Anthem and UnitedHealthcare for hearing tests. Most plans don't "
             "cover hearing aids; bring your insurance card and we'll check for you.")
PAYING = "Cash, all major cards, Apple Pay, and CareCredit for hearing aids."
BRING = ("Bring a photo ID, your insurance card, a list of your medications, and a family member "
         "if you'd like a second pair of ears.")
CHILDREN = ("We test children from age 4; for babies and toddlers we refer you to Children's "
            "Hospital Colorado.")
REPAIRS = ("Repairs in the clinic are done the same day; repairs sent to the maker take about two "
           "weeks. We call you as soon as it's back.")
WARRANTY = ("Every hearing aid comes with a three-year warranty for loss and damage, and our "
            "repairs carry a six-month warranty.")
ADULT_TEST = "An Adult hearing test is $120 and takes about 45 minutes."
FITTING = "A Hearing aid fitting is $250 for both ears and takes about 60 minutes."
SATURDAY = "On Saturday the 13th of March we're open 9 AM to 12 PM."
THURSDAY = "On Thursday the 11th of March we're open 9 AM to 7 PM."
SUNDAY = "We're closed on Sunday the 14th of March."


# -- Several questions in one turn: each answered, in the order asked -------------------------


@pytest.mark.parametrize(("speech", "answer"), [
    ("okay a few things, how much is a hearing test, when do you close today, and do you take "
     "apple pay?", f"{ADULT_TEST} Today we're open 9 AM to 5 PM. {PAYING}"),
    ("do you take Medicare? how much is a hearing aid fitting if they won't pay for it, and are "
     "you open saturdays?", f"{INSURANCE} {FITTING} {SATURDAY}"),
    ("are you open on Saturday? And how late are you tomorrow, I work till five",
     f"{SATURDAY} {THURSDAY}"),
    ("what's the price of earwax removal, and is there parking?",
     "An Earwax removal is $65 and takes about 30 minutes. Yes, free parking behind the "
     "building."),
])
async def test_several_questions_in_one_turn_are_each_answered(
    hearing: Bot, speech: str, answer: str,
) -> None:
    assert await conversation(hearing, [speech]) == [answer]


async def test_two_days_asked_in_two_questions_are_each_answered(hearing: Bot) -> None:
    [answer] = await conversation(hearing, [
        "What time are you open until on Thursdays? And are you open Sundays at all?"])
    assert answer.startswith(f"{THURSDAY} {SUNDAY}")


@pytest.mark.parametrize("speech", ["what are your hours this weekend?",
                                    "are you open saturday and sunday?"])
async def test_the_weekend_asked_about_is_both_its_days(hearing: Bot, speech: str) -> None:
    [answer] = await conversation(hearing, [speech])
    assert answer.startswith(f"{SATURDAY} {SUNDAY}")


async def test_a_price_and_the_hours_at_another_business(dental: Bot) -> None:
    assert await conversation(dental, [
        "how much is whitening, and are you open on Saturdays?"]) == [
        "A Whitening is $350 and takes about 90 minutes. We're closed on Saturday the 5th of "
        "December. We open again on Monday the 7th of December at 8 AM."]


async def test_a_question_then_a_booking_in_one_turn_answers_it_and_reads_the_booking_back(
    dental: Bot,
) -> None:
    assert await conversation(dental, [
        "do you take Cigna? and could I get a whitening on Friday at 9?"]) == [
        "We accept most PPO plans, including Delta Dental, Cigna, Aetna and MetLife. We don't "
        "take Medicaid. That's a Whitening on Friday the 4th of December at 9 AM. Shall I book "
        "it, and what name shall I put it under?"]


async def test_a_booking_told_with_a_question_mark_inside_is_not_split_into_faqs(
    make_bot: Any,
) -> None:
    school = PROFILES.parent.parent / "scenarios" / "profiles" / "driving-school.toml"
    async with make_bot(business_profile=school, clock=lambda: HEARING_NOW) as running:
        [answer] = await conversation(running, [
            "hey, I'd like to sign my son up for the teen package, the six lessons? He has his "
            "permit now. Could he start Friday at four thirty?"])
    assert "Your Arizona instruction permit" not in answer  # the FAQ about what to bring
    assert answer.endswith(("Which time would suit you?", "Shall I book it, and what name shall "
                            "I put it under?"))


async def test_a_price_asked_then_a_booking_of_it_keeps_the_service(dental: Bot) -> None:
    assert await conversation(dental, [
        "how much is a filling? could I come in Friday at 10 for one?"]) == [
        "A Filling is from $180 and takes about 60 minutes. That's a Filling on Friday the 4th "
        "of December at 10 AM. Shall I book it, and what name shall I put it under?"]


async def test_one_question_told_in_two_parts_about_what_we_do_not_offer_is_asked(
    hearing: Bot,
) -> None:
    reply = said(await hearing.text(
        "do you guys do cochlear implants? how much are they for both ears?"))
    assert reply == "I'm not sure, I'll ask Dr. Helen Voss to get back to you."
    assert await notes_of(hearing, "question") == [
        "do you guys do cochlear implants? how much are they for both ears?"]


@pytest.mark.parametrize(("speech", "answer"), [
    ("are you open Tuesday afternoon?", "On Tuesday the 16th of March we're open 9 AM to 5 PM."),
    ("do you come to people's homes? my mother can't drive anymore",
     "Yes, for patients who can't travel, on Tuesday afternoons; a home visit is $75 on top of "
     "the service."),
])
async def test_an_faq_answers_the_hours_only_when_it_asks_about_them(
    hearing: Bot, speech: str, answer: str,
) -> None:
    assert await conversation(hearing, [speech]) == [answer]


# -- A complaint is about us; a hard time or a bad word is not one ---------------------------


@pytest.mark.parametrize(("speech", "answer"), [
    ("money's tight right now, how much is a hearing aid fitting?", FITTING),
    ("my husband passed in January and it's been awful, is there parking?",
     "Yes, free parking behind the building."),
    ("the last place I went was terrible, do you take my insurance?", INSURANCE),
    ("last year getting my tax refund took forever and I'm broke, how can I pay?", PAYING),
])
async def test_a_hard_time_or_a_bad_word_is_no_complaint(
    hearing: Bot, speech: str, answer: str,
) -> None:
    assert await conversation(hearing, [speech]) == [answer]


@pytest.mark.parametrize("speech", [
    "I picked up my hearing aids yesterday and they're still whistling, I'm not happy",
    "your front desk was really rude to me on the phone",
    "I want to make a complaint about my last visit",
    "you cleaned my ears last week and it's worse than before, this is unacceptable",
    "I want a refund, the hearing aids you sold me are awful",
])
async def test_a_complaint_about_us_is_still_a_complaint(hearing: Bot, speech: str) -> None:
    [answer] = await conversation(hearing, [speech])
    assert answer.startswith(SORRY)


# -- A price asked beats an FAQ that shares a word with it ------------------------------------


@pytest.mark.parametrize(("speech", "answer"), [
    ("how much is a hearing aid fitting, I don't have insurance right now", FITTING),
    ("what does a regular hearing test cost out of pocket?", ADULT_TEST),
    ("I've got no insurance, what do you charge to clean out earwax?",
     "An Earwax removal is $65 and takes about 30 minutes."),
])
async def test_a_price_asked_is_the_price_not_an_faq(
    hearing: Bot, speech: str, answer: str,
) -> None:
    assert await conversation(hearing, [speech]) == [answer]


# -- An FAQ found by its meaning --------------------------------------------------------------


@pytest.mark.parametrize(("speech", "answer"), [
    ("what do I need to bring with me?", BRING),
    ("anything I should have with me when I come in?", BRING),
    ("how young do you see kids? my son's two and a half", CHILDREN),
    ("what age do you start testing children?", CHILDREN),
    ("okay, a couple of things first, do you take Anthem", INSURANCE),
    # Theirs is asked of the staff (test_offline_rmsg): how long repairs take is said first.
    ("are my hearing aids ready yet? I dropped them off last Monday",
     f"{REPAIRS} I'll ask Dr. Helen Voss to check on yours and get back to you."),
    ("you fixed my hearing aid in January and now it's cutting out again, is that covered or do "
     "I pay again?", WARRANTY),
])
async def test_an_faq_is_found_by_its_meaning(hearing: Bot, speech: str, answer: str) -> None:
    assert await conversation(hearing, [speech]) == [answer]


async def test_a_name_the_profile_never_mentions_is_asked_of_the_owner(hearing: Bot) -> None:
    # "Colorado" is in the children's FAQ ("Children's Hospital Colorado"): no answer to this.
    question = ("we just moved from Utah, can you get my hearing records sent over from "
                "Intermountain or only from Colorado places?")
    reply = said(await hearing.text(question))
    assert reply == "I'm not sure, I'll ask Dr. Helen Voss to get back to you."
    assert await notes_of(hearing, "question") == [question]


async def test_a_list_of_names_answers_one_it_does_not_list(hearing: Bot) -> None:
    assert await conversation(hearing, ["do you take Humana, or just Medicare?"]) == [INSURANCE]


async def test_never_been_to_an_audiologist_is_a_question_not_a_transfer(hearing: Bot) -> None:
    [answer] = await conversation(hearing, [
        "my dad has never been to an audiologist before, is there anything we need to know or "
        "bring?"])
    assert answer == BRING


async def test_what_do_you_have_for_that_is_the_service_its_description_fits(
    hearing: Bot,
) -> None:
    [answer] = await conversation(hearing, [
        "my ears have felt plugged and muffled since I went swimming, what do you have for "
        "that and what does it run?"])
    assert answer.startswith("An Earwax removal is $65 and takes about 30 minutes")


async def test_a_question_the_profile_does_not_answer_is_still_asked_of_the_owner(
    hearing: Bot,
) -> None:
    assert await conversation(hearing, ["do you sell batteries for Phonak hearing aids?"]) == [
        "I'm not sure, I'll ask Dr. Helen Voss to get back to you."]


# -- A price asked in Spanish by text ---------------------------------------------------------


async def test_a_spanish_price_question_by_text_gets_the_price_and_the_hand_off(
    hearing: Bot,
) -> None:
    reply = said(await hearing.text("hola buenas tardes, cuanto cobran por un earwax removal?"))
    assert reply == (
        "Earwax removal: $65. Con gusto. Marisa Flores habla español: por favor, deje su "
        "nombre, su número y su mensaje, y le llamará.")


async def test_a_spanish_price_question_at_the_tax_office(make_bot: Any) -> None:
    tax = PROFILES.parent.parent / "scenarios" / "profiles" / "tax.toml"
    async with make_bot(business_profile=tax, clock=lambda: HEARING_NOW) as running:
        reply = said(await running.text(
            "buenas, cuánto me cobran por los taxes? nomás tengo un W-2 del trabajo"))
    assert reply == (
        "Individual tax return: from $245. Con gusto. Rosa Delgado habla español: por favor, "
        "deje su nombre, su número y su mensaje, y le llamará.")


async def test_a_spanish_text_without_a_price_is_only_the_hand_off(hearing: Bot) -> None:
    reply = said(await hearing.text("hola, necesito una cita para mi mamá"))
    assert reply == ("Con gusto. Marisa Flores habla español: por favor, deje su nombre, su "
                     "número y su mensaje, y le llamará.")
    assert await notes_of(hearing, "question") == []
