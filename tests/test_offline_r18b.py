"""The offline receptionist on what a stranger's imaging-center callers (blind30) told in
their own words:

1. an emergency the policy names by a part of the body in trouble ("chest pain or tightness",
   "swelling of the tongue or throat"), told as callers tell it ("this pressure in my chest",
   "my tongue feels kind of puffy") inside a booking or a question, is escalated first; a part
   named as a thing's ("chest of drawers", "the arm of the couch"), a symptom denied ("no chest
   pain") or a word alone ("sweaty from the gym", "pressure washer") is not;
2. of two services named alike, the one whose description says those it is for have not got
   what the caller tells of ("for adults with no wheezing, hives…") is not chosen: the other
   is, and read back.

A clinic of our own (tests/profiles/allergy-and-scope.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    named,
    receptionist,
)

CLINIC = PROFILES / "allergy-and-scope.toml"
CLINIC_NOW = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)  # Wednesday 2 December, 10:00 in Boise


clinic = business_at(CLINIC, CLINIC_NOW, "The allergy clinic on a Wednesday morning.")


@pytest.mark.parametrize("speech", [
    "hi, I have my allergy shot at two today, but there's this pressure in my chest since last "
    "night and I'm all sweaty, should I still come in or reschedule?",
    "can I move my check-up to Friday at ten? also my chest feels kind of tight since lunch",
    "my tongue feels kind of puffy since breakfast, can I still come in at three?",
    "is it okay to come for my shot tomorrow at nine, my throat is all swollen",
    "a tightness across my chest started an hour ago, do you have anything this afternoon?",
    "my son's chest has been hurting all morning, can we book him for Friday?",
])
def test_a_body_part_the_policy_names_in_trouble_is_an_emergency(speech: str) -> None:
    assert receptionist(CLINIC).hears_emergency(bot.Heard.of(speech))


@pytest.mark.parametrize("speech", [
    "I bumped my leg on a chest of drawers, can I book a check-up Friday at ten?",
    "I'm sweaty from the gym, can I book an allergy shot tomorrow at nine?",
    "is that your pressure washer parked out front?",
    "my cat sleeps on the arm of the couch and I sneeze, can I get a check-up Monday at nine?",
    "I need a chest and lung function test, my doctor ordered it, Tuesday at eleven?",
])
def test_ordinary_words_are_no_emergency(speech: str) -> None:
    assert not receptionist(CLINIC).hears_emergency(bot.Heard.of(speech))


@pytest.mark.parametrize("speech", [
    # Pressure and tightness told of the chest are chest pain at any business.
    "pressure in my chest, can I still get my nails done at four?",
    "my chest is kinda heavy since this morning",
    "she says there's a squeezing in her chest",
])
def test_chest_pressure_is_a_danger_anywhere(speech: str) -> None:
    danger = receptionist(PROFILES / "eye-clinic.toml").danger_in(bot.Heard.of(speech))
    assert danger is not None and danger.name == "chest pain"


async def test_chest_pressure_in_a_reschedule_escalates_first(clinic: Bot) -> None:
    answers = await conversation(clinic, [
        "hi, I'm supposed to have my allergy shot at two today, but I've had this, like, "
        "pressure in my chest since last night and my left arm's kind of tingly, should I still "
        "come in or should I reschedule?",
    ])
    assert "911" in answers[0], answers[0]
    assert await clinic.crm.rows("SELECT body FROM outbox WHERE body LIKE '%URGENT%'")


@pytest.mark.parametrize(("speech", "service"), [
    ("I need an allergy appointment, I've been wheezing all week", "Allergy symptom visit"),
    ("can I book an allergy visit? I broke out in hives", "Allergy symptom visit"),
    ("my allergies, I've got this rash on my arms, could someone see me Friday?",
     "Allergy symptom visit"),
    ("time for my yearly allergy review, nothing new", "Routine allergy check-up"),
])
def test_a_service_not_for_what_the_caller_has_is_not_chosen(speech: str, service: str) -> None:
    assert named(CLINIC, speech) == service


async def test_the_one_for_what_they_have_is_read_back_and_booked(clinic: Bot) -> None:
    answers = await conversation(clinic, [
        "hi, I've had a rash on my arms since Sunday, can I book an allergy visit Friday at "
        "ten? It's Dana Whitfield.",
        "yes please",
    ])
    assert "Allergy symptom visit" in answers[0], answers[0]
    assert "Routine" not in answers[0], answers[0]
    assert await booked_rows(clinic) == [("Allergy symptom visit", "2026-12-04T17:00")]
