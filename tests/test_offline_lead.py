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
