"""Cancelling or moving an appointment, told with a day or time that is not where it goes:

1. the sentence asking to cancel tells which appointment, when it tells one: a day said in
   another sentence is the reason ("my brother says he can jump it sunday. pls cancel the jump
   start"), not the appointment's day ("I can't find a Jump start on Sunday for you");
2. a move that tells the booking by its own day and time ("I'd like to change my appointment,
   Basic tune-up Wed 25 Nov 10 AM, to another time", a reminder's R) is asked where it goes,
   not read back as a move to where it already is ("Sorry, 10 AM… is already taken").

The bike shop of business.toml, offline, answering a customer whose carrier vouched for the
number.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from conftest import Bot, Clock, call_sid
from test_identity import dana

from tests.offline_support import said

TOMORROW = "Basic tune-up tomorrow, Wednesday the 25th of November at 10 AM"


@pytest.fixture
async def shop(make_bot: Any) -> AsyncIterator[Bot]:
    """The offline bike shop, with no Twilio account: no text can be sent through the API."""
    clock = Clock()
    async with make_bot(clock=clock) as running:
        running.clock = clock  # type: ignore[attr-defined]
        assert not running.assistant.telephone.can_send
        yield running


async def test_a_day_told_beside_the_cancel_is_the_reason_not_the_appointment(
    shop: Bot
) -> None:
    await dana(shop)
    sid = call_sid()
    await shop.call(sid)
    assert said(await shop.say(sid, "my friend says he can look at it on friday. please cancel "
                                    "my tune-up")) == f"That's your {TOMORROW}. Shall I cancel it?"


async def test_a_move_that_tells_only_the_booking_asks_where_it_goes(shop: Bot) -> None:
    await dana(shop)
    sid = call_sid()
    await shop.call(sid)
    assert said(await shop.say(sid, "I'd like to change my appointment, Basic tune-up Wed 25 "
                                    "Nov 10 AM, to another time.")) == (
        f"Sure. You have a {TOMORROW}. What day would suit you instead?")
