"""The offline receptionist's emergencies told in plain words, fifth round (blind7/blind8's),
on businesses nobody tuned it for: a caller who can't get a child picked up and says they
don't know what to do; someone who may not take a child coming for them ("don't let her leave
with him"); an appliance leaking everywhere, water all over the floor and not stopping. Each
is texted to the owner as URGENT and the caller hears the policy's next step; the calm
questions beside them raise no alarm.

The profiles are the eval's (scenarios/profiles/), some with a policy written the way another
owner would; the wordings are this file's own. The clock is conftest's: Tuesday 24 November
2026, 16:00 UTC.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_offline_rsafety import hears_emergency, with_policy
from test_offline_safety import one_call, outbox, profile

import bot

PICKUP_POLICY = ("If a child hasn't been picked up, or someone who isn't on the pickup list is "
                 "trying to take a child, we text Coach Dana right away and she'll call you back "
                 "within 15 minutes.")


@pytest.mark.parametrize("speech", [
    # A child nobody can pick up, told with the caller's distress.
    "hi, I'm meant to collect my granddaughter at six and my car broke down on the interstate, "
    "her mother's at work and I can't get hold of her, I don't know what to do",
    "so sorry, I'm stuck, the bus never came and I'm supposed to pick up my son at five, his "
    "father isn't answering, I honestly don't know what to do",
    # Someone who may not take a child, coming for them.
    "my son Leo is in the afternoon group. My ex-husband just told me he's coming to get Leo "
    "today and he is not allowed to pick him up. Please don't let Leo leave with him.",
    "hi, my sister-in-law says she's picking up my daughter this afternoon but she's not on "
    "the list and she isn't allowed to take her, do not let her go with her",
])
@pytest.mark.parametrize("where", ["daycare.toml", "music-school"])
def test_a_child_at_risk_is_an_emergency(where: str, speech: str, tmp_path: Path) -> None:
    place: str | Path = where if where.endswith(".toml") else \
        with_policy(where, PICKUP_POLICY, tmp_path)
    assert hears_emergency(place, speech)


@pytest.mark.parametrize(("where", "speech"), [
    ("appliance-repair.toml", "the dishwasher is leaking everywhere, water all over the kitchen "
     "floor and I can't make it stop"),
    ("appliance-repair.toml", "help, our fridge has water leaking all over the place and it "
     "won't stop, it's getting under the cabinets"),
    ("plumber.toml", "the water heater is leaking everywhere and it won't stop, the garage "
     "floor is soaked"),
])
def test_water_leaking_everywhere_is_an_emergency(where: str, speech: str) -> None:
    assert hears_emergency(where, speech)


@pytest.mark.parametrize(("where", "speech"), [
    # Calm pickup questions at a daycare.
    ("daycare.toml", "who is allowed to pick up my son? can my mom pick him up on Fridays?"),
    ("daycare.toml", "my sister will be picking up Maya tomorrow, how do I add her to the list?"),
    ("daycare.toml", "I might be a few minutes late for pickup today, is there a late fee?"),
    ("daycare.toml", "I don't know what to do about naps, she won't sleep at home, how do you "
     "get them to nap?"),
    # Calm leaks.
    ("appliance-repair.toml", "my dishwasher leaves a little puddle of water under the door "
     "after each load, can someone look at it Thursday?"),
    ("appliance-repair.toml", "the fridge's water dispenser drips a bit, how much is a repair "
     "visit?"),
])
def test_calm_questions_beside_them_are_no_emergency(where: str, speech: str) -> None:
    assert not hears_emergency(where, speech)


@pytest.mark.parametrize(("where", "speech", "next_step"), [
    ("daycare", "hi, I was supposed to pick up my nephew at five thirty but I'm stranded, my "
     "car died and his mom's on a flight, I don't know what to do", "within 10 minutes"),
    ("daycare", "my daughter's in the infant room, her dad's girlfriend says she's coming to get "
     "her today and she is not allowed to pick her up. Please do not let my baby leave with her.",
     "within 10 minutes"),
    ("appliance-repair", "my washing machine is leaking everywhere, water all over the floor and "
     "into the kitchen, it won't stop", "turn off the water valves"),
])
async def test_the_owner_is_texted_urgent_and_the_caller_told_the_next_step(
    make_bot: Any, where: str, speech: str, next_step: str,
) -> None:
    async with one_call(make_bot, profile(where), [speech]) as ([answer], running):
        assert answer.startswith("I'm sorry, that sounds urgent.")
        assert next_step in answer
        assert any(body.startswith("URGENT") for body in await outbox(running))


@pytest.mark.parametrize(("where", "speech"), [
    # The policy's "got out of the house" is no sign in "getting into the house".
    ("pet-sitting.toml", "how does getting into the house work, do I leave you a key or a "
     "door code?"),
    ("pet-sitting.toml", "what's the deal with getting into my house while I'm gone, should I "
     "hide a key?"),
    ("kennel.toml", "if we're running late getting to the kennel, is there an after-hours "
     "drop box for the paperwork?"),
])
def test_a_policys_everyday_verb_is_no_sign(where: str, speech: str) -> None:
    assert not hears_emergency(where, speech)


@pytest.mark.parametrize(("where", "speech", "named"), [
    ("optometrist.toml", "hey, just calling to check on my crown fitting Thursday, this is "
     "Harbor Dental Studio, right?", "Harbor Dental Studio"),
    ("pet-sitting.toml", "hi, I need to move my oil change to Monday, this is Quick Lube "
     "Express, correct?", "Quick Lube Express"),
])
def test_a_business_checked_after_is_a_wrong_number(where: str, speech: str, named: str) -> None:
    from tests.offline_support import receptionist
    heard = bot.Heard.of(speech)
    assert receptionist(where).asks_for_another(heard) == named
    assert not hears_emergency(where, speech)


@pytest.mark.parametrize(("where", "speech"), [
    ("daycare.toml", "hi, this is Dana Reyes, right now I'm at work, can Renee call me back?"),
    ("daycare.toml", "hi this is Little Sprouts, right? I'd like to ask about tuition"),
])
def test_our_own_name_or_the_callers_checked_is_no_wrong_number(where: str, speech: str) -> None:
    from tests.offline_support import receptionist
    assert receptionist(where).asks_for_another(bot.Heard.of(speech)) is None


@pytest.mark.parametrize(("where", "speech"), [
    ("appliance-repair.toml", "our dryer tumbles fine but there's no heat at all, could someone "
     "come Thursday at ten?"),
    ("appliance-repair.toml", "the electric dryer has no heat anymore, towels stay wet, can I "
     "book Friday at 2?"),
])
def test_an_everyday_repair_booked_for_another_day_is_no_emergency(
    where: str, speech: str,
) -> None:
    assert not hears_emergency(where, speech)
