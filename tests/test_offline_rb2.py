"""The offline receptionist's booking turns that strangers' callers turned harmful (blind7/8): a
self-correction whose reason names the first time again ("at two? Oh, no, wait, my daughter's
recital is at two. Eleven."), and a service only half-named by the caller's words.

Mostly the house painter (tests/profiles/painter.toml) and the tailor (tests/profiles/tailor.toml).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import Bot

from tests.offline_support import PROFILES, conversation

PAINTER = PROFILES / "painter.toml"
LABOR_WEEK = datetime(2026, 9, 2, 15, 0, tzinfo=UTC)  # Wednesday 2 September, 10:00 in Madison


@pytest.fixture
async def painter(make_bot: Any) -> AsyncIterator[Bot]:
    """The painter on the Wednesday before Labor Day."""
    async with make_bot(business_profile=PAINTER, clock=lambda: LABOR_WEEK) as running:
        yield running


# -- 1. A self-correction whose reason names the first time again --------------------------------


@pytest.mark.parametrize(("speech", "read_back"), [
    ("could you do a touch-up visit Friday at one? Oh, no, wait, my son's game is at one. "
     "Three. Can you do three?", "on Friday the 4th of September at 3 PM"),
    ("a touch-up visit Thursday at ten, actually no, my shift starts at ten, could we do eight "
     "in the morning?", "tomorrow, Thursday the 3rd of September at 8 AM"),
    ("touch-up visit Friday at two please. Sorry, no, our daughter's recital begins at two, "
     "make it eleven", "on Friday the 4th of September at 11 AM"),
])
async def test_a_correction_whose_reason_repeats_the_first_time_takes_the_new_one(
    painter: Bot, speech: str, read_back: str,
) -> None:
    answers = await conversation(painter, [speech])
    assert answers[0] == (f"That's a Touch-up visit {read_back}. Shall I book it, and what "
                          "name shall I put it under?")
