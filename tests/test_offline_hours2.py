"""Whether the business works at a time of the week, asked without the word "open" (issue 18,
the blind6 round: "do u guys do weekends at all?" went to the owner as a question, and "my kid
has practice every weeknight" got a child's checkup's price): the offline receptionist answers
with the hours, and says two closed days as two days.

The business is the dental practice of tests/profiles/dental.toml (closed Saturday and
Sunday, open until 7 PM on Thursday), and the garage door company of
tests/profiles/garage-door.toml (Saturday mornings) answers the same questions differently.
"""

from __future__ import annotations

import pytest
from conftest import Bot

from tests.offline_support import conversation, dental, garage, said

__all__ = ["dental", "garage"]  # fixtures: the businesses called


@pytest.mark.parametrize("speech", [
    "do you guys do weekends at all?",
    "do you work weekends? my kid has practice every weeknight",
    "anything on a weekend?",
])
async def test_weekends_asked_without_open_get_the_weekend_closed(dental: Bot, speech: str) -> None:
    answer, = await conversation(dental, [speech])
    assert "closed Saturday and Sunday" in answer, answer
    assert "$" not in answer and "get back to you" not in answer, answer


@pytest.mark.parametrize("speech", ["do you do evenings at all?", "any evening appointments?",
                                    "what days are you in?"])
async def test_evenings_and_days_asked_get_the_hours(dental: Bot, speech: str) -> None:
    answer, = await conversation(dental, [speech])
    assert "7 PM" in answer and "get back to you" not in answer, answer


async def test_a_texted_weekend_question_gets_the_hours_by_text(dental: Bot) -> None:
    reply = said(await dental.text("ok thx. do u guys do weekends at all? my kid has practice "
                                   "every weeknight"))
    assert "Saturday" in reply and "$" not in reply, reply


async def test_a_business_open_on_saturday_says_so(garage: Bot) -> None:
    answer, = await conversation(garage, ["do y'all work weekends?"])
    assert "Saturday, 9 AM to 1 PM" in answer and "closed Sunday" in answer, answer


async def test_a_weekend_booking_is_still_a_booking(garage: Bot) -> None:
    answer, = await conversation(garage, ["can someone come out this weekend, Saturday at ten, "
                                          "to look at my opener?"])
    assert "Saturday" in answer and "10 AM" in answer, answer
