"""The offline receptionist's emergencies, followed up and told as forecasts (issue 18,
blind19's classes), on a business nobody tuned it for: a heating-oil dealer.

Missed: a furnace that won't start with the cold told as a forecast ("it's supposed to get
down to five below tonight") was no house without heat in the cold, and was offered a
booking; and a caller whose emergency was passed on, asking whether to call the emergency
number ("do I call 911 or do you guys come?"), had it taken as their message, never told what
the policy says of calling it.

The profile is tests/profiles'; the wordings are this file's own.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_offline_safety import one_call, outbox

import bot
from tests.offline_support import PROFILES, receptionist

OIL = PROFILES / "heating-oil.toml"


def hears_emergency(speech: str) -> bool:
    """Whether the heating-oil dealer's receptionist hears an emergency in what was said."""
    return receptionist(OIL).hears_emergency(bot.Heard.of(speech))


# -- 1. No heat, with the cold told as a forecast ------------------------------------------------


@pytest.mark.parametrize(("speech", "urgent"), [
    ("my mom's 88 and on her own, she says the furnace won't kick on and the tank gauge reads "
     "empty. They're saying ten below tonight", True),
    ("the heat went out this morning and it's going down to 15 degrees below by midnight",
     True),
    # A tune-up booked for another day: no danger told.
    ("the furnace won't kick on some mornings, can I book a tune-up Thursday at nine?", False),
    # "Below" of a gauge, not of the weather.
    ("how much is a fill? the gauge is below a quarter", False),
])
def test_no_heat_with_a_cold_forecast_is_urgent(speech: str, urgent: bool) -> None:
    assert hears_emergency(speech) is urgent


async def test_no_heat_in_a_cold_night_texts_the_owner_urgent(make_bot: Any) -> None:
    said = ("Hi, it's about my grandfather, he lives alone up on Route 14. The furnace won't "
            "kick on and the gauge on his oil tank says empty. It's supposed to get down to "
            "eight below tonight")
    async with one_call(make_bot, OIL, [said]) as (heard, running):
        texts = await outbox(running)
    assert heard[0].startswith("I'm sorry, that sounds urgent.")
    assert "same day" in heard[0]
    assert any(t.startswith("URGENT") for t in texts)


# -- 2. Asked whether to call the emergency number, after the emergency was passed on ---------


async def test_asked_whether_to_call_911_the_policy_says_when(make_bot: Any) -> None:
    lines = ["the carbon monoxide alarm is going off in the basement and the burner's puffing "
             "smoke",
             "alright, we're all out on the porch. Should we call 911 or is your guy coming?"]
    async with one_call(make_bot, OIL, lines) as (heard, running):
        texts = await outbox(running)
    assert heard[1] == (
        "If the burner is puffing smoke or soot, or a carbon-monoxide alarm goes off: get "
        "everyone out of the house and call 911 from outside, and then call us; our on-call "
        "burner tech calls you back within 20 minutes. What's the address, and the best "
        "number to reach you?")
    assert texts[0].startswith("URGENT")


def test_the_emergency_number_asked_of_a_policy_that_names_it() -> None:
    ours = receptionist(OIL)
    assert ours.asks_to_call_the_emergency_number(bot.Heard.of("do I call 911 or do you come?"))
    # Told, not asked; or another number.
    assert not ours.asks_to_call_the_emergency_number(bot.Heard.of("we already called 911"))
    assert not ours.asks_to_call_the_emergency_number(
        bot.Heard.of("should I call 802 555 0100 instead?"))
