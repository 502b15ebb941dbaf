"""The offline receptionist of a business whose class for beginners and check for those who
already can are easy to confuse, where a stranger's callers (blind25) were told the wrong thing:

1. a discount the profile does not tell of ("do y'all do a military discount? my husband's
   active duty") is noted as a question for the owner, never answered, and no emergency by
   the policy's "manager on duty";
2. the prices of the FAQ asked in other words ("how much would it be for me and my two kids…
   just to skate for the afternoon? do we have to book ahead?") are that entry, not the kids'
   party;
3. a caller who already can ("I already skate, I did it for years at my old rink… do I still
   gotta take the whole class?") is told of the service whose description is for those who
   already know how (the Skating Assessment), not the FAQ on ages.

An ice rink of our own (tests/profiles/ice-rink.toml).
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
    named,
    questions_noted,
)

__all__ = ["rink"]

RINK = PROFILES / "ice-rink.toml"
RINK_NOW = datetime(2026, 11, 12, 16, 0, tzinfo=UTC)  # Thursday 12 November, 10:00 in Duluth


rink = business_at(RINK, RINK_NOW, "The ice rink on a Thursday morning.")


async def test_a_discount_the_profile_does_not_tell_of_is_asked_of_the_owner(
        rink: Bot) -> None:
    answers = await conversation(rink, [
        "hey, do y'all do a military discount? my husband's active duty, we just moved here",
    ])
    assert "%" not in answers[0] and "yes we do" not in answers[0].lower(), answers[0]
    assert any("military" in q for q in await questions_noted(rink)), answers[0]



async def test_someone_hurt_is_still_an_emergency(rink: Bot) -> None:
    answers = await conversation(rink, [
        "my son fell on the ice and he can't move, the manager on duty isn't around",
    ])
    assert "911" in answers[0], answers[0]



async def test_the_faq_prices_asked_in_other_words_are_that_entry(rink: Bot) -> None:
    answers = await conversation(rink, [
        "how much would it be for me and my two kids, they're eight and eleven, just to "
        "skate for the afternoon? do we have to book ahead?",
    ])
    assert "$12" in answers[0] and "$8" in answers[0], answers[0]
    assert "No booking needed" in answers[0], answers[0]
    assert await booked_rows(rink) == []



async def test_a_service_priced_by_name_beside_the_faq_question_is_its_price(
        rink: Bot) -> None:
    answers = await conversation(rink, [
        "how much is the kids' skating party? do we have to book ahead?",
    ])
    assert "$280" in answers[0], answers[0]



async def test_one_who_already_can_is_told_of_the_check_not_the_class(rink: Bot) -> None:
    answers = await conversation(rink, [
        "how much is the skating class? and like what do I get for that",
        "oh wait, actually I already skate, I did it for years at my old rink in Denver, "
        "do I still gotta take the whole class?",
    ])
    assert "$60" in answers[0], answers[0]
    assert answers[1].startswith(
        "A Skating Assessment is $20 and takes about 30 minutes: for skaters who already know "
        "how to skate, say from another rink: no teaching"), answers[1]
    assert "wristband; if you don't pass, take the Learn to Skate Class." in answers[1], \
        answers[1]
    assert await booked_rows(rink) == []



@pytest.mark.parametrize(("speech", "service"), [
    ("I already know how to skate, do I need the class?", "Skating Assessment"),
    # What one already has or did names nothing for the practised.
    ("I already have my own helmet, how much is the learn to skate class?",
     "Learn to Skate Class"),
    ("we already did the kids' skating party last year, can we do it again?",
     "Kids' Skating Party"),
])
def test_the_practised_are_told_apart_by_what_they_already_do(
        speech: str, service: str) -> None:
    assert named(RINK, speech) == service
