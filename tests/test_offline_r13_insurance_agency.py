"""The offline receptionist at an insurance agency, where a stranger's callers (blind27) had
the wrong service booked and a sales caller put through:

1. services named alike only by the business's subject word ("my boat insurance went up" at an
   insurance agency, whose quotes all say "insurance") are not named by it: the one whose
   description tells what the caller needs (the renewal that went up: the review) is read back,
   not the one of them whose description says "boat";
   "like two hundred bucks" is no time of day (like two);
2. "we're closing on a house" tells no closing hours: the booking asked for with it is begun,
   not the FAQ whose answer says "within the hour";
3. a caller selling to the business (leads, advertising, listings "for agencies like yours")
   who asks for the owner is not put through: a message is taken.

An insurance agency of our own (tests/profiles/boat-insurance.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import PROFILES, booked_rows, business_at, conversation

AGENCY = PROFILES / "boat-insurance.toml"
AGENCY_NOW = datetime(2027, 3, 3, 15, 0, tzinfo=UTC)  # Wednesday 3 March, 10:00 in Mystic

agency = business_at(AGENCY, AGENCY_NOW, "The insurance agency on a Wednesday morning.")


async def test_a_renewal_gone_up_is_the_review_not_a_quote_named_by_the_subject(
        agency: Bot) -> None:
    answers = await conversation(agency, [
        "yeah hi, this is kind of an emergency, my renewal came in the mail and my boat "
        "insurance went up like two hundred bucks, I need somebody to look at it before Friday",
        "can I come tomorrow at ten?",
        "yes, Dana Pike",
    ])
    assert "2 PM" not in answers[0], answers[0]  # two hundred bucks is no time
    assert "Coverage checkup" in answers[0] + answers[1], answers
    assert await booked_rows(agency) == [("Coverage checkup", "2027-03-04T15:00")]


async def test_a_quote_told_by_its_description_is_still_that_quote(agency: Bot) -> None:
    answers = await conversation(agency, [
        "I just bought a boat and need insurance for it, can I come in tomorrow at ten?",
        "yes, Dana Pike",
    ])
    assert "Watercraft insurance quote" in answers[0], answers[0]
    assert await booked_rows(agency) == [("Watercraft insurance quote", "2027-03-04T15:00")]



@pytest.mark.parametrize("speech", [
    "hi there, this is Kyle with LeadHarbor, we provide exclusive real-time boat insurance leads "
    "for independent agencies like yours, is Gail available?",
    "hey, this is Dana from BrightPath Media, we help agencies like yours get more five-star "
    "reviews, can I speak with Gail?",
])
async def test_a_vendor_asking_for_the_owner_by_name_is_not_put_through(
        agency: Bot, speech: str) -> None:
    answer = (await conversation(agency, [speech]))[0]
    assert "put you through" not in answer.lower(), answer
    assert bot.OfflineReceptionist(bot.load_profile(AGENCY), None).sales_pitch(  # type: ignore[arg-type]
        bot.Heard.of(speech))


@pytest.mark.parametrize("speech", [
    "hi, this is Tom with Coastal Title, is Gail available? It's about the Rivera closing",
    "hi, is Gail available? I want to add my new boat to my policy",
])
def test_a_customer_asking_for_the_owner_by_name_is_no_pitch(speech: str) -> None:
    assert not bot.OfflineReceptionist(bot.load_profile(AGENCY), None).sales_pitch(  # type: ignore[arg-type]
        bot.Heard.of(speech))


async def test_a_house_closed_on_is_no_closing_hour(agency: Bot) -> None:
    answers = await conversation(agency, [
        "hi, so we're closing on a house next month and the bank says we need home insurance "
        "before closing, can we set up a time to come in?",
        "could we do this Friday?",
        "uh, one o'clock?",
        "yes please, it's Jenna Schultz",
    ])
    assert "Home insurance quote" in answers[0], answers[0]
    assert "within the hour" not in answers[0], answers[0]
    assert await booked_rows(agency) == [("Home insurance quote", "2027-03-05T18:00")]


@pytest.mark.parametrize(("said", "hours"), [
    ("we're closing on a house next month", False),
    ("we close on our condo Friday", False),
    ("what time are you closing on a Sunday?", True),
    ("when are you closing today?", True),
])
def test_closing_tells_hours_unless_a_thing_is_closed_on(said: str, hours: bool) -> None:
    assert ("hour" in bot.faq_terms(said)) is hours
