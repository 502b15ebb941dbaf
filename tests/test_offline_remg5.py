"""The offline receptionist's emergencies told in plain words (issue 18, blind17-18's classes),
on businesses nobody tuned it for: a home medical equipment rental and a home-care agency.

Missed: the policy's words said with an apostrophe ("the power's been out", "the
concentrator's stopped") were lost; a power outage told as the power being out, lost or a
blackout, and a machine that won't start told as it "won't kick on" or "won't fire up", never
met the policy's "outage" and "start"; what someone is without ("no caregiver today", "no
water at all") was only its thing, which the business's everyday services name too; and
someone found who seems to have died ("he's cold, I think he's dead") was no danger.
False alarms kept away: the same words in a booking for another day, a question about what may
happen ("if the power goes out"), and "no" before a thing asked about or told of what a place
is like ("a cabin with no caregiver near"), not told as missing now.

The profiles are tests/profiles'; the wordings are this file's own.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import CALLER
from test_offline_safety import one_call, outbox

import bot
from tests.offline_support import PROFILES, receptionist

EQUIPMENT = PROFILES / "medical-equipment.toml"
HOME_CARE = PROFILES / "home-care.toml"


def hears_emergency(where: str, speech: str) -> bool:
    """Whether the receptionist of a profile hears an emergency in what was said."""
    return receptionist(where).hears_emergency(bot.Heard.of(speech))


# -- 1. The policy's words said with an apostrophe ---------------------------------------------


def test_a_possessive_or_a_short_is_is_the_word_itself() -> None:
    stems = bot.OfflineReceptionist.stems_of(
        "the concentrator's stopped and dad's oxygen won't flow")
    assert stems == {"concentr", "stop", "dad", "oxygen", "flow"}


# -- 2. An outage and a machine that won't start, told as callers tell them --------------------


@pytest.mark.parametrize("speech", [
    "hi, the power's been out since the storm last night and my dad's concentrator won't kick "
    "on, he's on oxygen around the clock",
    "there's a blackout on our whole street and mom's concentrator quit, she's on oxygen",
    "the power went out an hour ago and the backup cylinder didn't fire up, my wife depends "
    "on oxygen",
])
def test_an_outage_and_a_dead_backup_told_in_plain_words_are_urgent(speech: str) -> None:
    assert hears_emergency("medical-equipment.toml", speech)


@pytest.mark.parametrize("speech", [
    # A repair booked for another day.
    "my CPAP won't turn on, can I bring it in Thursday at ten?",
    # What may happen, asked.
    "how long does the backup cylinder last if the power goes out?",
])
def test_an_outage_asked_about_or_a_repair_booked_is_not_urgent(speech: str) -> None:
    assert not hears_emergency("medical-equipment.toml", speech)


# -- 3. What someone is without ----------------------------------------------------------------


@pytest.mark.parametrize(("where", "speech", "urgent"), [
    # The policy's "left with no caregiver", in distress: its caregivers are everyday here.
    ("home-care.toml", "hi, please, my dad has no caregiver today, the girl who comes quit and "
     "he can't be on his own, I don't know what to do", True),
    ("home-care.toml", "my dad doesn't have any caregiver tonight and he can't be alone, "
     "please help", True),
    # "No" before a thing asked about, or a preference in a booking.
    ("home-care.toml", "is there no caregiver available on weekends?", False),
    ("home-care.toml", "I'd like a respite visit Tuesday at ten, no caregiver preference",
     False),
    ("home-care.toml", "no rush, I just want to know if a caregiver can help with bathing",
     False),
    # What a place is like, told beside a price asked: no one's state now.
    ("home-care.toml", "Ballpark, what does a respite visit cost? My dad's cabin is way out "
     "past the lake with no caregiver anywhere near.", False),
])
def test_being_without_what_the_policy_names_is_urgent(where: str, speech: str,
                                                       urgent: bool) -> None:
    assert hears_emergency(where, speech) is urgent


# -- 4. Someone found who seems to have died: urgent, and the policy's 911 said ----------------


async def test_someone_found_seemingly_dead_is_urgent_and_the_policy_says_911(
        make_bot: Any) -> None:
    found = ("Oh God, I just came over and my aunt's on the kitchen floor, she's cold, I think "
             "she's dead, can you send somebody?")
    async with one_call(make_bot, HOME_CARE, [found]) as (heard, running):
        texts = await outbox(running)
    policy = bot.load_profile(HOME_CARE).emergency
    assert heard == [
        "I'm sorry, that sounds urgent. I've texted Ada right away and marked it urgent. "
        f"{policy} What's the address, and the best number to reach you?"]
    assert "call 911 first" in policy
    assert texts[0] == f'URGENT call from {CALLER}. Said: "{found}"'


@pytest.mark.parametrize("speech", [
    "I think my battery's dead, do you have chargers for the concentrator?",
    "my mother died last month and I need to return her hospital bed",
])
def test_a_dead_battery_or_a_death_long_past_is_not_urgent(speech: str) -> None:
    assert not hears_emergency("medical-equipment.toml", speech)
