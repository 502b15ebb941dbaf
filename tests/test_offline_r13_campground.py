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
from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    named,
    receptionist,
)

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


async def test_reserving_one_of_two_alike_is_asked_which(camp: Bot) -> None:
    # 4. "Reserving" is booking, as "reserve" is: two cabins are asked between.
    answers = await conversation(camp, ["hi, um, I wanted to ask about, uh, reserving one of "
                                        "your cabins?"])
    assert "Bunk cabin" in answers[0] and "Lakeview cabin" in answers[0], answers[0]


@pytest.mark.parametrize("speech", [
    # 5. "Ask about" is no "about 50 steps away" of one cabin's description.
    "hi, um, I wanted to ask about, uh, booking one of your cabins?",
    "I wanted to ask about a cabin for next weekend",
])
def test_asking_about_names_no_description_saying_about(speech: str) -> None:
    camp = receptionist(CAMP)
    heard = bot.Heard.of(speech)
    assert camp.service_for_problem(heard, only=True, among=camp.services_alike(heard)) is None


async def test_the_choice_between_two_told_by_what_one_description_says(camp: Bot) -> None:
    # 6. Asked which of two, the caller answers with what one of them has ("its own
    #    bathroom"): that one, kept through the day and the name told after.
    answers = await conversation(camp, [
        "hi, um, I wanted to ask about, uh, reserving one of your cabins?",
        "the nicer one I guess, with its own bathroom, my mom is not walking to a washhouse "
        "at night",
        "Saturday the fourteenth, we'd get there around three-ish",
        "yes please, under Renata Villalobos",
    ])
    assert "Lakeview cabin" in answers[1], answers[1]
    assert await booked_rows(camp) == [("Lakeview cabin", "2026-11-14T21:00")]


async def test_a_move_is_to_the_time_asked_not_the_one_it_was_at(camp: Bot) -> None:
    # 7. "Push that to 10:30 instead? it's gonna be freezing at 9": the move asks for 10:30;
    #    the 9 that follows is the booking's own time, told as the reason.
    answers = await conversation(camp, [
        "hey can I book a solo canoe for saturday at 9am? just me, name is Marcus Webb",
        "yes",
        "actually can we push that to 10:30 instead? its gonna be freezing at 9",
    ])
    assert "10:30" in answers[2], answers[2]
