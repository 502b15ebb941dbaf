"""The offline receptionist at a campground, where a stranger's callers (blind27) had a
one-person kayak booked for a parent and child who asked for a two-person one:

1. a child told by an age in words ("me and my eight year old", "my eight-year-old") is a child
   spoken of, so the one of two services alike that takes children is theirs, not the other;
2. a message for a member of staff told by their role ("Marisol, the reservations lady") is
   no wrong number, though a restaurant takes reservations too;
3. a price asked "per night" asks the price, not whether we open at night.

A lakeside camp of our own (tests/profiles/lake-camp.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import PROFILES, business_at, conversation, named, receptionist

CAMP = PROFILES / "lake-camp.toml"
CAMP_NOW = datetime(2026, 11, 12, 15, 15, tzinfo=UTC)  # Thursday 12 November, 9:15 in Ely

camp = business_at(CAMP, CAMP_NOW, "The lakeside camp on a Thursday morning.")


@pytest.mark.parametrize("speech", [
    "hi, me and my eight year old want one of the two-person canoes this Saturday at eleven",
    "can I rent a canoe for me and my eight-year-old on Saturday morning",
    "a canoe for me and my 9 year old daughter tomorrow at ten",
])
def test_a_child_told_by_age_in_words_books_the_one_that_takes_children(speech: str) -> None:
    assert named(CAMP, speech) == "Double canoe rental"


@pytest.mark.parametrize("speech", [
    # A word of a staff member's role is ours: "the reservations guy" is no restaurant's.
    "yeah hi, I need to leave a message for Tomas, the reservations guy",
    "hi, can I leave a message for the reservations person",
])
def test_a_message_for_our_staff_by_their_role_is_no_wrong_number(speech: str) -> None:
    assert not receptionist(CAMP).hears_wrong_number(bot.Heard.of(speech))


@pytest.mark.parametrize(("speech", "price"), [
    ("hey, how much is it for a bunk cabin, we're a family of four, like per night?", "$80"),
    ("what do you charge for the lakeview cabin a night?", "$150"),
])
async def test_a_price_asked_per_night_is_told(camp: Bot, speech: str, price: str) -> None:
    answers = await conversation(camp, [speech])
    assert price in answers[0], answers[0]
