"""The offline receptionist and callers who say times the British way, book in pieces, move a
booking by an hour and text a message that mentions a date, where a stranger's callers
(blind24, a country inn) had a wrong time stored, no answer or a booking offered:

1. "the half six one", "half two": half past the hour, never the hour itself (6 PM was
   stored for "the half six one"), and not "half an hour" or "two and a half".

Holiday cottages of our own (tests/profiles/harbour-cottages.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from conftest import Bot

import bot
from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    conversation,
)

COTTAGES = PROFILES / "harbour-cottages.toml"
COTTAGES_NOW = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)  # Monday 16 November, 10:00 in Staithes


cottages = business_at(COTTAGES, COTTAGES_NOW, "The harbour cottages on a Monday morning.")


# -- 1. Half past, said the British way --


@pytest.mark.parametrize(("speech", "at"), [
    ("two seats at the supper club this Saturday, the half six one", time(18, 30)),
    ("could we come at half two", time(14, 30)),
    ("half one tomorrow", time(13, 30)),
    ("about half 4", time(16, 30)),
])
def test_half_and_an_hour_is_half_past_it(speech: str, at: time) -> None:
    assert bot.parse_time(speech) == at


@pytest.mark.parametrize("speech", [
    "it takes two and a half hours",
    "half 2 hours should do it",
    "half one of them are broken",
])
def test_a_half_of_something_else_is_no_time(speech: str) -> None:
    assert bot.parse_time(speech) is None


async def test_the_half_six_one_is_booked_at_half_past_six(cottages: Bot) -> None:
    answers = await conversation(cottages, [
        "Hiya, I'd love two seats at the supper club this Saturday, the half six one",
        "yes, lovely, and the name is Siobhan Kelly",
    ])
    assert "Saturday the 21st of November at 6:30 PM" in answers[0], answers[0]
    assert await booked_rows(cottages) == [("Supper club", "2026-11-21T18:30")]
