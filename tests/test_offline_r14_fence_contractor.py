"""The offline receptionist and an emergency its policy names, told with a visit asked for
today, where a stranger's caller (blind28) had a booking read back instead:

1. the danger the policy names, told with the one it endangers ("a 2 yr old", "the kids": the
   policy's "children") and something broken, and someone asked to come today (no other day,
   no clock time), is the emergency: the policy's words, not a read-back;
2. the same business's near-misses stay bookings: a latch that sticks asked for Thursday at
   nine, a new gate quoted today with kids about, nothing broken.

An iron works of our own (tests/profiles/iron-gate.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import bot
from tests.offline_support import PROFILES, receptionist

IRON: Path = PROFILES / "iron-gate.toml"
IRON_NOW = datetime(2026, 11, 17, 16, 0, tzinfo=UTC)  # Tuesday 17 November, 9:00 in Pueblo


@pytest.mark.parametrize("speech", [
    "our pool gate spring snapped n now it wont close at all. we have a 3 yr old and the "
    "neighbors kids r always over. can someone come TODAY",
    "the pool gate broke off its hinge and won't shut, my toddler is home with me, can "
    "somebody come out today",
])
def test_the_policys_danger_with_a_visit_asked_today_is_an_emergency(speech: str) -> None:
    assert receptionist(IRON).hears_emergency(bot.Heard.of(speech))


@pytest.mark.parametrize("speech", [
    "the latch on our pool gate sticks a little, could someone come Thursday at nine?",
    "we want a new gate around the pool, we have two kids, can someone come today to quote it?",
    "the pool gate is a bit stiff to open, can someone come today?",
])
def test_near_misses_stay_bookings(speech: str) -> None:
    assert not receptionist(IRON).hears_emergency(bot.Heard.of(speech))


@pytest.mark.parametrize("speech", ["we have a 2 yr old", "my 4 yo is home with me"])
def test_a_childs_age_in_years_written_short_is_no_time(speech: str) -> None:
    assert bot.exact_time(speech) is None
