"""The offline receptionist's reading of a service named by a verb and its particle, where a
stranger's caller (blind19, a propane dealer) had an Emergency after-hours delivery read back:
"my new range is getting delivered this week and I need your guy to hook it up" asks for the
Appliance hookup, whose name writes "hook up" as one word; the delivery is somebody else's.

A gas fitter of our own (tests/profiles/gas-fitter.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

from tests.offline_support import PROFILES, booked_rows, business_at, conversation, named

GAS = PROFILES / "gas-fitter.toml"
GAS_NOW = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)  # Tuesday 8 December, 9:00 in Duluth


gas = business_at(GAS, GAS_NOW, "The gas fitter on a Tuesday morning.")


@pytest.mark.parametrize("speech", [
    "my new range is getting delivered this week and I need your guy to hook it up",
    "the dryer got delivered yesterday, can somebody come hook up the gas to it?",
    "we bought a fireplace insert, could you hook the insert up next week",
])
def test_a_verb_and_its_particle_name_the_service_written_as_one_word(speech: str) -> None:
    assert named(GAS, speech) == "Appliance hookup"


@pytest.mark.parametrize("speech", [
    "can you hook me up with a delivery on Friday?",
    # Done by the caller: their own doing names no service of ours.
    "my husband will hook it up himself, we just need the will-call delivery Friday",
    "I can hook it up, I just need gas delivered on Friday",
])
def test_a_delivery_alone_is_still_one_of_the_deliveries(speech: str) -> None:
    assert named(GAS, speech) != "Appliance hookup"


async def test_the_hookup_is_read_back_and_booked_not_the_urgent_delivery(gas: Bot) -> None:
    answers = await conversation(gas, [
        "Morning. I bought a new gas range, it's getting delivered this week, and I need your "
        "guy to hook it up. Next Monday, eight o'clock, if he's got it",
        "that's good, name's Carol Dubois",
    ])
    assert "Appliance hookup" in answers[0], answers[0]
    assert "Emergency" not in answers[0], answers[0]
    assert await booked_rows(gas) == [("Appliance hookup", "2026-12-14T14:00")]  # 8 AM in Duluth
