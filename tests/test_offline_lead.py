"""The offline receptionist's service read back where the business's name is its trade (issue
18): "get my tank pumped" at High Desert Septic & Pumping is the Septic pumping, which a word
of the business's name names, not a service whose description says the tank "was pumped".
A Piano move at a moving company, one move of many, still is not every move.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from test_offline_rharm import a_call

from tests.offline_support import PROFILES, receptionist

CHIMNEY = PROFILES / "chimney.toml"
MONDAY_MORNING = datetime(2026, 11, 16, 16, 0, tzinfo=UTC)  # Monday 16 November, 9:00 in Golden


@pytest.mark.parametrize("speech", [
    "hi, we need a chimney sweep before the holidays, could you come Thursday at ten?",
    "can I get someone out to sweep our chimney, maybe Wednesday around 1?",
])
async def test_the_trade_the_business_is_named_for_is_its_own_service(
    make_bot: Any, speech: str,
) -> None:
    async with a_call(make_bot, CHIMNEY, [speech], MONDAY_MORNING) as (heard, _):
        assert heard[0].startswith("That's a Chimney sweeping on"), heard[0]


def test_a_trade_word_one_service_of_many_has_still_names_none() -> None:
    # "Sweeping" is all the Chimney sweeping's name has beside "chimney", the business's own
    # word: not a trade word. A moving company's "move" stays one (the Piano move is one move
    # of many, named by "piano").
    assert receptionist(CHIMNEY).trade_stems == frozenset()
    movers = receptionist(PROFILES.parent.parent / "scenarios" / "profiles" / "moving.toml")
    assert "move" in movers.trade_stems


@pytest.mark.parametrize(("lines", "address"), [
    (["I think we have a chimney fire, there's smoke pouring into the living room",
      "okay, it's 12 Elm Street in Golden. Should we be doing anything?"], "12 Elm Street"),
    (["there's smoke coming into the house from the fireplace, what do we do",
      "so we should get out of the house?", "it's 77 Ridge Road"], "77 Ridge Road"),
])
async def test_what_to_do_in_an_emergency_is_said_again_when_asked(
    make_bot: Any, lines: list[str], address: str,
) -> None:
    # The policy says what to do in its own words and has no "don't": asked "should we be
    # doing anything?" after the emergency was passed on, those words are said again (with
    # the address taken when it comes with the question), never only the call back.
    async with a_call(make_bot, CHIMNEY, lines, MONDAY_MORNING) as (heard, running):
        assert "I've texted Mara right away" in heard[0], heard[0]
        assert "close the damper, get everyone outside and call 911" in heard[1], heard[1]
        urgent = [r["body"] for r in await running.crm.rows(
            "SELECT body FROM outbox WHERE body LIKE 'URGENT%' ORDER BY id")]
        assert any(address in body for body in urgent), urgent
