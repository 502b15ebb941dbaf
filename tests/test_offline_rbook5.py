"""The offline receptionist's bookings that failed before the caller's yes, and a price asked
for several (blind19): a word the chosen service's description says in another form is no
second service asked for ("I've been paddling for years… your boathouse membership" asks no
Paddling taster session), and the total asked of what was just booked ("so what's that gonna
be for the two of us?") is a price question.

A paddle club (tests/profiles/paddle-club.toml), a kind of business the eval does not have.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

from tests.offline_support import PROFILES, booked_rows, business_at, conversation

PADDLE = PROFILES / "paddle-club.toml"
TUESDAY = datetime(2026, 6, 2, 15, 0, tzinfo=UTC)  # Tuesday 2 June, 10:00 in Lake Mills


paddle = business_at(PADDLE, TUESDAY, "The paddle club on a Tuesday morning.")


async def test_a_word_the_chosen_service_says_in_another_form_asks_no_second_service(
    paddle: Bot,
) -> None:
    answers = await conversation(paddle, [
        "hey, I've been paddling for about ten years and want to join your boathouse "
        "membership. Could I come Thursday around six in the evening?",
        "yeah that works, Sam Reyes",
    ])
    assert answers[0].startswith(
        "That's a Boathouse membership on Thursday the 4th of June at 6 PM.")
    assert answers[1].startswith("You're booked. Boathouse membership")
    assert await booked_rows(paddle) == [("Boathouse membership", "2026-06-04T23:00")]  # UTC


@pytest.mark.parametrize("asked", [
    "cool and so what's that gonna be for the two of us?",
    "what will that come to?",
])
async def test_the_total_of_what_was_booked_is_a_price_question(paddle: Bot, asked: str) -> None:
    answers = await conversation(paddle, [
        "could my wife and I do a paddling taster session Thursday at ten?",
        "yes please, Ana Ruiz",
        asked,
    ])
    assert answers[1].startswith("You're booked. Paddling taster session")
    assert "$40 per person" in answers[2]
