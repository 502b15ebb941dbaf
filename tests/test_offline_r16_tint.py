"""The offline receptionist at a film shop, where a stranger's caller (blind29) had a date's
words read as a service's and the service's own start time booked over the one asked for:

1. a day of a month said as an ordinal ("December first", "the third of May") and "a week from
   Tuesday" are the words of a date, no description's "the first 18 inches" nor "glare from
   the sun": "could someone come out a week from Tuesday, so that's December first, around
   ten?" names no drop-off service that starts at 8, and is read back at ten.

A film and detailing shop of our own (tests/profiles/auto-film.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import PROFILES, booked_rows, business_at, conversation, receptionist

FILM = PROFILES / "auto-film.toml"
FILM_NOW = datetime(2026, 11, 18, 15, 40, tzinfo=UTC)  # Wednesday 18 November, 8:40 in Mesa

film = business_at(FILM, FILM_NOW, "The film shop on a Wednesday morning.")

__all__ = ["film"]


@pytest.mark.parametrize("speech", [
    "okay could someone come out a week from Tuesday, so that's December first, around ten?",
    "can I come in on the first of December around ten?",
    "how about December 1st around ten",
])
def test_a_date_said_as_a_day_of_the_month_tells_no_description(speech: str) -> None:
    shop = receptionist(FILM)
    assert shop.service_for_problem(bot.Heard.of(speech)) != shop.profile.services[0]


async def test_a_date_said_two_ways_is_read_back_at_the_time_asked(film: Bot) -> None:
    replies = await conversation(film, [
        "okay could someone come out a week from Tuesday, so that's December first, "
        "around ten?"])
    assert "10 AM" in replies[0] and "1st of December" in replies[0]
    assert "8 AM" not in replies[0]
    assert await booked_rows(film) == []


@pytest.mark.parametrize(("text", "said"), [
    ("also how much 4 a kid cut, hes 9", None),
    ("she's 4, can we come at 10?", "10:00"),
    ("my son is 7 years old, around 3 works", "15:00"),
])
def test_an_age_told_is_no_time(text: str, said: str | None) -> None:
    found = bot.parse_time(text)
    assert (found.strftime("%H:%M") if found else None) == said
