"""The offline receptionist after an emergency, where a stranger's caller (blind26) told more
of it and did not hear the policy's advice for what they told:

1. what a caller tells after an emergency was passed on ("he was asleep in there, I don't know
   if it touched him") is met with the policy's advice for what may have happened ("If someone
   was bitten or scratched, … call your doctor…"), not only who calls back;
2. how late we are open on a day, asked with when the caller is free ("what time are y'all open
   till on Wednesday? I don't get off work till like six"), is our hours, not a booking at six.

A critter control company of our own (tests/profiles/critter-control.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

from tests.offline_support import PROFILES, business_at, conversation

CRITTERS = PROFILES / "critter-control.toml"
CRITTERS_NOW = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # Monday 30 November, 10:00 in Kansas

critters = business_at(CRITTERS, CRITTERS_NOW, "The critter control company on a Monday.")


@pytest.mark.parametrize("then", [
    "okay okay we're out and I shut the door. my daughter was sleeping in there, I don't know "
    "if it got her",
    "alright, the door's shut. he tried to pick it up before I stopped him, I'm not sure if it "
    "touched him",
])
async def test_what_is_told_after_an_emergency_hears_the_policys_advice_for_it(
        critters: Bot, then: str) -> None:
    answers = await conversation(critters, [
        "oh my god there's a raccoon in our living room, it came in the dog door, what do I do",
        then,
    ])
    assert "call your doctor" in answers[0], answers[0]
    assert "call your doctor" in answers[1], answers[1]
    assert "15 minutes" in answers[1], answers[1]


@pytest.mark.parametrize("asked", [
    "hey what time are y'all open till on Wednesday? I don't get off work till like six",
    "till what time are you open on Wednesday? I can't get there before six",
])
async def test_how_late_we_are_open_on_a_day_is_our_hours_not_a_booking(
        critters: Bot, asked: str) -> None:
    answers = await conversation(critters, [asked])
    assert "1 PM to 7 PM" in answers[0], answers[0]
    assert "book" not in answers[0], answers[0]
