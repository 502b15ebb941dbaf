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

from tests.offline_support import (
    SCENARIO_PROFILES,
    booked_rows,
    conversation,
    named,
    painter,
)

__all__ = ["painter"]  # fixtures: the businesses called




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


# -- 2. A service half named by the business's own subject, beside a problem told ---------------


@pytest.fixture
async def piano_service(make_bot: Any) -> AsyncIterator[Bot]:
    """The piano tuning and repair service (the blind7 profile) on a Tuesday morning."""
    async with make_bot(business_profile=SCENARIO_PROFILES / "piano-tuning.toml",
                        clock=lambda: datetime(2026, 12, 8, 18, 15, tzinfo=UTC)) as running:
        yield running


@pytest.mark.parametrize("speech", [
    "hi, several keys on my piano keep sticking when I play, can someone come Friday at three?",
    "a few keys on our old piano stick when you press them, could you send somebody Friday at 3?",
])
async def test_a_problem_told_with_the_subject_word_is_no_appraisal(
    piano_service: Bot, speech: str,
) -> None:
    answers = await conversation(piano_service, [speech, "the repair visit, please"])
    assert "appraisal" not in answers[0].lower(), answers[0]
    assert "Repair visit" in answers[0]  # asked between the services that fit, not guessed
    assert answers[1] == ("That's a Repair visit on Friday the 11th of December at 3 PM. Shall I "
                          "book it, and what name shall I put it under?")
    assert not await booked_rows(piano_service)


# -- 3. A number said for the time is no word of a description ------------------------------------


@pytest.fixture
async def cleaners(make_bot: Any) -> AsyncIterator[Bot]:
    """The dry cleaner and tailor (the blind7 profile) on a Tuesday morning."""
    async with make_bot(business_profile=SCENARIO_PROFILES / "dry-cleaner.toml",
                        clock=lambda: datetime(2026, 12, 15, 15, 0, tzinfo=UTC)) as running:
        yield running


@pytest.mark.parametrize("speech", [
    "could I book a fitting Thursday at two for my jacket, the waist is too loose",
    "I need a fitting for a blazer, like three o'clock on Thursday?",
])
async def test_a_time_said_does_not_pick_a_fitting_whose_description_counts_fittings(
    cleaners: Bot, speech: str,
) -> None:
    # The Bridal fitting's "two or three fittings" is no reason to book it for a jacket.
    answers = await conversation(cleaners, [speech])
    assert not answers[0].startswith("That's a Bridal fitting"), answers[0]


# -- 4. "Next <weekday>" said of tomorrow is next week's -------------------------------------------


@pytest.mark.parametrize(("speech", "read_back"), [
    ("what about next Thursday afternoon, like two, for a touch-up visit?",
     "on Thursday the 10th of September at 2 PM"),  # said on a Wednesday: not tomorrow
    ("a touch-up visit this Thursday at two please",
     "tomorrow, Thursday the 3rd of September at 2 PM"),
    # Said of a day further on this week, it is that day, as most callers mean it (the
    # read-back says the date, for the caller who meant the week after).
    ("could you do a touch-up visit next Friday at ten?",
     "on Friday the 4th of September at 10 AM"),
])
async def test_next_weekday_said_of_tomorrow_is_next_weeks(
    painter: Bot, speech: str, read_back: str,
) -> None:
    answers = await conversation(painter, [speech])
    assert answers[0] == (f"That's a Touch-up visit {read_back}. Shall I book it, and what "
                          "name shall I put it under?")


# -- 5. "Do you pick up?" asks for the business's pickup service ---------------------------------


@pytest.mark.parametrize(("speech", "service"), [
    ("could somebody pick my suits up on Tuesday evening?", "Pickup and delivery"),
    ("do y'all pick up from the house? I have some dresses", None),  # or asked: never a guess
    ("when can I pick up my shirts?", "Shirt laundry"),  # the caller's own collecting
])
def test_someone_picking_things_up_names_the_pickup_service(speech: str,
                                                            service: str | None) -> None:
    assert named(SCENARIO_PROFILES / "dry-cleaner.toml", speech) in {service, "Pickup and delivery"}
    if service is None:
        assert named(SCENARIO_PROFILES / "dry-cleaner.toml", speech) != "Dry cleaning"
