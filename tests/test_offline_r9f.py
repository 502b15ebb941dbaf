"""The offline receptionist on blind23's phone repair shop, shown on a business nobody tuned it
for: a camera and drone repair shop with no emergency policy (tests/profiles/camera-repair.toml).

1. A booking asked for in so many words beside a trouble an FAQ entry speaks of ("I dropped my
   drone… can I make an appointment to get it fixed?") was that entry (the guarantee's "a new
   drop"), and the day and time told after it went to the owner; a booking is begun, while
   "can I just walk in, or do I need to book?" is still the walk-ins question.
2. A text's typos hid where we are: "wher r u guys? is ther parkng" went to the owner; the
   words that ask the way are words a typo is corrected to, and "wher" (which the dictionary
   lists, as an old spelling) is texters' shorthand for "where".
3. A guarantee asked in other words ("do I gotta pay all over again or is that on you guys?")
   was the walk-ins entry, for "done"; paying again for a repair, or its being "on you", is
   what a guarantee covers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import Bot

from tests.offline_support import (
    PROFILES,
    booked_rows,
    conversation,
    receptionist,
    said,
)

CAMERA = PROFILES / "camera-repair.toml"
CAMERA_NOW = datetime(2026, 11, 18, 18, 0, tzinfo=UTC)  # Wednesday 18 November, 10:00 in Portland
WALK_IN = "Walk-ins are welcome whenever we're open."
GUARANTEE = "Every repair carries a six-month guarantee on the parts and the labor."
WET = "Take the battery and the memory card out right away and don't switch it on."


@pytest.fixture
async def camera(make_bot: Any) -> AsyncIterator[Bot]:
    """The camera and drone repair shop on a Wednesday morning."""
    async with make_bot(business_profile=CAMERA, clock=lambda: CAMERA_NOW) as running:
        yield running


# -- 1. A booking asked for beside a trouble an FAQ entry speaks of ---------------------------


async def test_a_booking_asked_for_with_a_drop_told_is_begun_and_made(camera: Bot) -> None:
    answers = await conversation(camera, [
        "hi, um, so I dropped my drone in the parking lot and one of the arms snapped off, can I "
        "make an appointment to get it fixed?",
        "it's a Mavic, just the regular one. Um, this Saturday maybe?",
        "eleven thirty",
        "yeah that's right. It's Mara Quinn",
    ])
    assert answers[0] == "Happy to book a Drone repair. What day would you like to come in?"
    assert "Saturday the 21st of November" in answers[1], answers[1]
    assert answers[2].startswith(
        "That's a Drone repair on Saturday the 21st of November at 11:30 AM."), answers[2]
    assert await booked_rows(camera) == [("Drone repair", "2026-11-21T19:30")]


@pytest.mark.parametrize("speech", [
    "can I just walk in, or do I need to book?",
    "can we walk in or do we need to book?",
])
async def test_whether_to_book_is_still_the_walk_ins_question(camera: Bot, speech: str) -> None:
    [answer] = await conversation(camera, [speech])
    assert answer.startswith(WALK_IN), answer


# -- 2. Where we are, texted with typos -------------------------------------------------------


async def test_where_and_parking_texted_with_typos_are_the_directions(camera: Bot) -> None:
    reply = said(await camera.text("ok and wher r u guys? is ther parkng"))
    assert reply.startswith("We're at 3318 Southeast Hawthorne Boulevard"), reply
    assert "free parking in the lot behind the building" in reply, reply


def test_the_words_that_ask_the_way_are_corrected_to() -> None:
    ours = receptionist(CAMERA)
    assert ours.typos_corrected("wher r u? is ther parkng, whats the adress") == \
        "where are you? is ther parking, whats the address"


# -- 3. The guarantee, asked in other words ---------------------------------------------------


@pytest.mark.parametrize("speech", [
    "so I got my lens done there like three weeks ago and now it's grinding again, do I gotta "
    "pay all over again or is that on you guys?",
    "you fixed my drone last month and the gimbal's shaking again, is that on you or do I pay "
    "for it again?",
])
async def test_paying_again_for_a_repair_is_the_guarantee(camera: Bot, speech: str) -> None:
    [answer] = await conversation(camera, [speech])
    assert answer.startswith(GUARANTEE), answer


async def test_how_to_pay_is_still_the_payment_entry(camera: Bot) -> None:
    [answer] = await conversation(camera, ["how can I pay when I pick it up?"])
    assert answer.startswith("Cash, all major cards and Apple Pay."), answer
