"""The offline receptionist after an emergency, where a stranger's caller (blind26) told more
of it and did not hear the policy's advice for what they told:

1. what a caller tells after an emergency was passed on ("he was asleep in there, I don't know
   if it touched him") is met with the policy's advice for what may have happened ("If someone
   was bitten or scratched, … call your doctor…"), not only who calls back.

A critter control company of our own (tests/profiles/critter-control.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

from tests.offline_support import PROFILES, business_at, conversation

CRITTERS = PROFILES / "critter-control.toml"
CRITTERS_NOW = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # Wednesday 2 December, 10:00 in Kansas

critters = business_at(CRITTERS, CRITTERS_NOW, "The critter control company on a Wednesday.")


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
