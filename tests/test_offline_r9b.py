"""The offline receptionist at a trade whose repair visit a stranger's caller (blind22) told
only by its trouble, and whose FAQ answers gave more than was asked:

1. "and what's that gonna cost me, roughly?" of what is in hand is its price, not the FAQ
   entry on what a weekend visit costs, which shares only "cost".

An appliance repair company of our own (tests/profiles/appliance-repair.toml).
"""

from __future__ import annotations

import pytest

import bot
from tests.offline_support import PROFILES

APPLIANCE = PROFILES / "appliance-repair.toml"


@pytest.mark.parametrize("price", [
    "and what's that gonna cost me, roughly?",
    "what's that gonna cost?",
])
def test_the_price_of_that_is_no_faq_entry_that_shares_only_cost(price: str) -> None:
    receptionist = bot.OfflineReceptionist(bot.load_profile(APPLIANCE), None)  # type: ignore[arg-type]
    found = receptionist.intent_heard(bot.Heard.of(price))
    assert found is not None and found.name == "services"
    weekend = receptionist.intent_heard(bot.Heard.of("what does a weekend visit cost?"))
    assert weekend is not None and weekend.name == "faq"
