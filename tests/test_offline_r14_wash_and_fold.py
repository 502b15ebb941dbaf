"""The offline receptionist's times of day, where a stranger's laundromat callers (blind28)
had the wrong time stored:

1. a time corrected ("Saturday at ten, no wait, make it eleven") stays corrected when the
   reason is told after it with the time given up ("my kid's got soccer at ten"): what
   another person has got on ("my son has got practice at ten") is never the time asked for;
2. an hour said with the caller's morning ("at seven thirty on my way to work", "before work")
   is in the morning, not the afternoon a bare 1 to 7 means at a shop.

A rec center of our own (tests/profiles/rec-center.toml), open 6 AM to 9 PM on Thursdays (the
   CRM holds times in UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from conftest import Bot

import bot
from tests.offline_support import PROFILES, booked_rows, business_at, conversation

REC = PROFILES / "rec-center.toml"
REC_NOW = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # Wednesday 2 December, 11:00 in New York

rec = business_at(REC, REC_NOW, "The rec center on a Wednesday morning.")


@pytest.mark.parametrize(("speech", "at"), [
    # 1. The correction wins over the reason's time.
    ("can I come this Saturday at ten, no wait, make it eleven, my kid's got soccer at ten",
     time(11)),
    ("Friday at nine, actually make it ten, my daughter has got practice at nine", time(10)),
    # (A possessive is no one else's commitment: "my daughter's braces adjustment at three".)
    ("can I book my daughter's braces adjustment for tomorrow at three thirty", time(15, 30)),
    ("my paint horse's teeth floated tomorrow at one if you've got it", time(13)),
    ("thursday at two, no, three, my husband's got a meeting at two", time(15)),
    # 2. The caller's morning.
    ("I'd drop it off at seven thirty on my way to work", time(7, 30)),
    ("could I come in at six thirty before work", time(6, 30)),
    ("I'll be by at five thirty after work", time(17, 30)),
])
def test_the_time_asked_for(speech: str, at: time) -> None:
    assert bot.exact_time(speech) == at


async def test_a_time_on_the_way_to_work_is_booked_in_the_morning(rec: Bot) -> None:
    answers = await conversation(rec, [
        "hi, can I book a fitness assessment tomorrow, I'd come at six thirty on my way to work",
        "yes, Dana Reyes",
    ])
    assert "6:30 AM" in answers[0], answers[0]
    assert await booked_rows(rec) == [("Fitness assessment", "2026-12-03T11:30")]


async def test_a_corrected_time_stays_corrected_after_the_reason(rec: Bot) -> None:
    answers = await conversation(rec, [
        "can I book a fitness assessment this Saturday at ten, no wait, make it eleven, "
        "my kid's got soccer at ten",
        "yes, Priya Raman",
    ])
    assert "11 AM" in answers[0] and "10 AM" not in answers[0], answers[0]
    assert await booked_rows(rec) == [("Fitness assessment", "2026-12-05T16:00")]
