"""The offline receptionist's answers to what callers ask in their own words (issue 18, the
strangers' sets): a caller in an emergency asking where the thing the policy tells them to turn
off is gets the policy's own sentence that says so, not "I've passed that on".

A well and pump company (tests/profiles/deep-rock-well.toml), on a Tuesday morning.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

from tests.offline_support import PROFILES, booked_rows, business_at, conversation, said

WELL = PROFILES / "deep-rock-well.toml"
WELL_NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # Tuesday 1 December, 9:00 in Pine City


well = business_at(WELL, WELL_NOW, "The well and pump company on a Tuesday morning.")


BURST = "help, the pressure tank in the basement burst, water is spraying everywhere!"


@pytest.mark.parametrize(("question", "answer"), [
    ("I don't know where the breaker is! Where is it?",
     "The pump's breaker is usually a double breaker in the main electrical panel, marked WELL "
     "or PUMP."),
    ("how do I turn the pump off?",
     "If the pressure tank or a pipe has burst and water is spraying or flooding the basement or "
     "the house, turn off the well pump right away."),
])
async def test_a_question_in_an_emergency_gets_the_policy_sentence(
        well: Bot, question: str, answer: str) -> None:
    """Asked where or how after the emergency was passed on, the sentence of the policy that
    tells it, and the address asked again: never taken as the message."""
    replies = await conversation(well, [BURST, question])
    assert replies[1] == f"{answer} What's the address, and the best number to reach you?"
    assert not await booked_rows(well)


async def test_what_the_policy_says_is_no_emergency_names_no_emergency_service(
        well: Bot) -> None:
    """The policy's "Cloudy or smelly water is not an emergency: we book a water test" makes
    the Water test no service for emergencies: the house and the basement, which its
    description and the policy both name, are no sign of one when a caller asks about them."""
    replies = await conversation(well, [
        "before you guys start, can you test for arsenic? The house was built "
        "in 1950 and the basement is old, I'm kinda worried"])
    assert "urgent" not in replies[0]
    assert not await well.crm.rows("SELECT body FROM notes WHERE body LIKE 'URGENT%'")


@pytest.mark.parametrize("speech", [
    "are you open Saturday? I'd like somebody to look at our pump house that flooded back in "
    "the summer",
    "our basement flooded last spring and the pump's been weak since, can I book a pump repair?",
])
async def test_a_danger_told_long_past_is_no_emergency(well: Bot, speech: str) -> None:
    """A flood "back in the summer" or "last spring" is over: what is asked is answered, and
    nothing is marked urgent."""
    replies = await conversation(well, [speech])
    assert "urgent" not in replies[0]
    assert not await well.crm.rows("SELECT body FROM notes WHERE body LIKE 'URGENT%'")


WATER_TEST = ("A Water test is $85 and takes about 30 minutes: we take a sample from your kitchen "
              "tap for bacteria and nitrates, with lab results in 3 business days; each extra "
              "test for arsenic or lead is $40; for a new baby in the house, a basement "
              "apartment, or before you buy one.")


@pytest.mark.parametrize("text", [
    # "Extra" asks a price: it is no Sediment extraction.
    "how much for a water test and does that include the arsenic test or is that extra",
    "how much is a water test? does it include arsenic?",
])
async def test_what_a_service_includes_is_asked_of_the_one_just_told(well: Bot,
                                                                      text: str) -> None:
    """"Does that include…" after a price asked is of that service: its description, said
    once, with the price once."""
    assert said(await well.text(text)) == WATER_TEST
