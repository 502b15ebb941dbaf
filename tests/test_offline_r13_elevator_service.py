"""The offline receptionist at a business whose services are told apart by where the thing is,
where a stranger's callers (blind27, an elevator service) were told a wrong price and a wrong day:

1. a service whose description says it is not for a private home is not the one for a caller
   who tells of their own house ("…in our house, it's due for its yearly inspection thing,
   what does that cost?"): the one for homeowners is, price and all, even when a routine
   service "for a home" covers the words as well (the one telling most of the private home);
2. a move that tells the booking's own day as the one the caller cannot do ("I'm not there
   tomorrow afternoon, can we move that to Friday at eleven instead?") goes to the other day;
3. a thing that will not close ("the door keeps not closing all the way") is trouble told, not
   our closing hours asked.

A backflow testing company of our own (tests/profiles/backflow-testing.toml).
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

BACKFLOW = PROFILES / "backflow-testing.toml"
BACKFLOW_NOW = datetime(2026, 11, 18, 14, 50, tzinfo=UTC)  # Wednesday 18 November, 8:50 in Peoria

backflow = business_at(BACKFLOW, BACKFLOW_NOW, "The backflow testing company on a Wednesday.")


@pytest.mark.parametrize("speech", [
    "we've got one of those backflow things in our house, and I think it's due for its yearly "
    "test, what does that cost?",
    "how much is the yearly test for the sprinkler system at our house?",
])
def test_a_service_not_for_a_private_home_is_not_the_one_for_the_callers_house(
        speech: str) -> None:
    assert named(BACKFLOW, speech) == "Homeowner device check"


def test_the_same_words_of_a_business_still_name_the_certification() -> None:
    assert named(BACKFLOW, "our restaurant's backflow is due for its yearly test, what does "
                           "that cost?") == "Annual certification test"


async def test_the_price_asked_of_a_home_is_the_homeowners(backflow: Bot) -> None:
    answer, = await conversation(backflow, [
        "we've got one of those backflow things in our house, and I think it's due for its "
        "yearly test, what does that cost?"])
    assert "$110" in answer and "$240" not in answer


async def test_a_move_away_from_the_booked_day_goes_to_the_other_day_named(
        backflow: Bot) -> None:
    answers = await conversation(backflow, [
        "the valve in our building drips, can I get a repair visit tomorrow at two?",
        "yes please, Angela Whitcomb",
        "oh shoot, actually I'm not there tomorrow afternoon, can we move that to Friday at "
        "eleven instead?"])
    assert await booked_rows(backflow) == [("Repair visit", "2026-11-19T20:00")]
    assert "Friday" in answers[2] and "11" in answers[2] and "Thursday" not in answers[2]


@pytest.mark.parametrize("speech", [
    "how much do you charge to come fix one, like if the door keeps not closing all the way?",
    "the valve won't close anymore, how much to come out?",
])
def test_a_thing_that_will_not_close_is_trouble_told_not_our_hours_asked(speech: str) -> None:
    assert not receptionist(BACKFLOW).hears_hours(bot.Heard.of(speech))


@pytest.mark.parametrize("speech", [
    "are you guys not closing early today?", "what time do you close today?",
    "is it not open on Saturdays?"])
def test_our_own_closing_is_still_our_hours_asked(speech: str) -> None:
    assert receptionist(BACKFLOW).hears_hours(bot.Heard.of(speech))

