"""The offline receptionist's first booking turn, where a stranger's callers named the service by
a word of its own and were asked between it and another whose description only shared the words
of the asking ("can I book Rocco for daycare… drop off at seven… he's been coming for like a
year": the Doggy daycare, no Dog boarding that says "book early… drop off… every year"; "my
chiropractor said I should try it": no massage for "shoulders"):

1. the words of asking for a booking (book, schedule), of dropping off, of how long (a year, a
   month) and the helping verbs (should, could) tell no service's description from another's,
   so they make no other service as likely as the one named.

A dog lodge of our own (tests/profiles/dog-lodge.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import PROFILES, business_at, conversation, named, receptionist

LODGE = PROFILES / "dog-lodge.toml"
LODGE_NOW = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)  # Wednesday 2 December, 9:00 in Spokane

lodge = business_at(LODGE, LODGE_NOW, "The dog lodge on a Wednesday morning.")

__all__ = ["lodge"]


@pytest.mark.parametrize(("speech", "service"), [
    ("hey, can I book Rocco for daycare the day after tomorrow? Drop off at seven, he's been "
     "coming for like a year", "Doggy daycare"),
    ("my vet said I should try daycare for her, could she come Friday at nine?", "Doggy daycare"),
])
def test_the_words_of_asking_make_no_other_service_as_likely(speech: str, service: str) -> None:
    assert named(LODGE, speech) == service
    office = receptionist(LODGE)
    chosen = next(s for s in office.profile.services if s.name == service)
    assert office.service_in_doubt(bot.Heard.of(speech), chosen) == []


async def test_daycare_booked_with_drop_off_and_a_year_is_read_back(lodge: Bot) -> None:
    replies = await conversation(lodge, [
        "hey, can I book Rocco for daycare the day after tomorrow? Drop off at seven, no wait, "
        "eight, he's been coming for like a year"])
    assert replies[0].startswith("That's a Doggy daycare on Friday the 4th of December at 8 AM.")
