"""The offline receptionist's times, hours and emergencies as a blind set told them (issue 18):
a time said with its "is" run on ("two thirty's good") is that time, not the hour; a time
after closing asked before the service is said to be closed, never offered; and a caller who
tells of trouble while driving is told to pull over first.

A mobile mechanic (tests/profiles/mobile-mechanic.toml), on a Tuesday morning.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

import pytest
from conftest import Bot

import bot
from tests.offline_support import PROFILES, booked_rows, business_at, conversation, said

MECHANIC = PROFILES / "mobile-mechanic.toml"
MECHANIC_NOW = datetime(2026, 11, 17, 15, 40, tzinfo=UTC)  # Tuesday 17 November, 8:40 in Boise


mechanic = business_at(MECHANIC, MECHANIC_NOW, "The mobile mechanic on a Tuesday morning.")


@pytest.mark.parametrize(("speech", "at"), [
    ("yes two thirty's good, Ana Reyes", time(14, 30)),
    ("ten fifteen's fine", time(10, 15)),
    ("ok ten o'clock's great", time(10)),
])
def test_a_time_with_its_is_run_on_is_that_time(speech: str, at: time) -> None:
    """"Thirty's" is "thirty is": the minutes stay with the hour."""
    assert [t.at for t in bot.times_said(speech)][:1] == [at]


async def test_a_time_agreed_with_its_is_run_on_books(mechanic: Bot) -> None:
    """"Yes two thirty's good" to 2:30 read back books 2:30, not 2 PM asked again."""
    await conversation(mechanic, [
        "Could I get an oil change Friday at ten? No wait, make it two thirty.",
        "yes two thirty's good, Ana Reyes"])
    assert await booked_rows(mechanic) == [("Oil change at your place", "2026-11-20T21:30")]


async def test_a_time_after_closing_before_the_service_is_never_offered(mechanic: Bot) -> None:
    """Saturday at 12:30 where Saturday closes at noon, the service not yet told: we close at
    noon is said, not "happy to book you in at 12:30 PM"."""
    replies = await conversation(mechanic, [
        "hey can I have you come out Sunday to look at my car?",
        "ugh. okay what about Saturday, like twelve thirty?"])
    assert replies[1] == (
        "We close at 12 PM on Saturday the 21st of November. Which service would you like: Oil "
        "change at your place, Brake pad replacement, Battery replacement, Hitch install or Mount "
        "bike rack?")
    assert not await booked_rows(mechanic)


@pytest.mark.parametrize("text", [
    "my brakes feel soft and theres a red light on the dash, im driving to work rn on state "
    "st, is it ok??",
    "I'm on the freeway right now and my engine is smoking, what do I do",
])
async def test_trouble_told_while_driving_is_told_to_pull_over(mechanic: Bot, text: str) -> None:
    """A caller driving now hears to pull over somewhere safe before anything else."""
    reply = said(await mechanic.text(text))
    assert reply.startswith("I'm sorry, that sounds urgent. If you're driving, pull over "
                            "somewhere safe first. I've texted Luis right away")


async def test_driving_told_of_no_trouble_is_no_emergency(mechanic: Bot) -> None:
    """"I'm driving right now" alone is no danger: nothing is marked urgent."""
    reply = said(await mechanic.text("im driving rn, can u call me back about an oil change"))
    assert "urgent" not in reply


async def test_a_service_named_in_its_own_words_is_not_also_its_paraphrase(
        mechanic: Bot) -> None:
    """"Could you mount my bike rack" names the Mount bike rack whole: "mount" is not also
    read as the Hitch install's "install", so one service is read back, none asked between."""
    replies = await conversation(mechanic, [
        "hi, I bought a bike rack online, could you mount it Monday morning, around ten?",
        "yes please, Dana Kowalczyk"])
    assert replies[0] == ("That's a Mount bike rack on Monday the 23rd of November at 10 AM. "
                          "Shall I book it, and what name shall I put it under?")
    assert await booked_rows(mechanic) == [("Mount bike rack", "2026-11-23T17:00")]


ASK = "I'm not sure, I'll ask Luis to get back to you."


@pytest.mark.parametrize("speech", [
    "my rotors are warped, the steering wheel shakes. Do you guys resurface rotors, and how "
    "much?",
    "can you weld a cracked exhaust pipe, what would that run me?",
])
async def test_a_price_asked_for_an_act_we_never_name_goes_to_the_owner(
        mechanic: Bot, speech: str) -> None:
    """"Do you guys resurface rotors, and how much?": no service resurfaces anything, so the
    price of the one whose words say "rotors" (new rotors fitted) is not its answer."""
    assert await conversation(mechanic, [speech]) == [ASK]


@pytest.mark.parametrize(("speech", "answer"), [
    # The act a service does, in another form of its words, is still asked of it.
    ("could you guys replace my battery, how much?",
     "A Battery replacement is $160 installed and takes about 30 minutes."),
    ("how much for new rotors?",
     "A Brake pad replacement is $180 an axle, new rotors $60 each and takes about 90 minutes."),
])
async def test_a_price_asked_for_an_act_we_name_is_told(
        mechanic: Bot, speech: str, answer: str) -> None:
    assert await conversation(mechanic, [speech]) == [answer]


SLEEP = PROFILES / "sleep-consultant.toml"
SLEEP_NOW = datetime(2026, 11, 17, 15, 10, tzinfo=UTC)  # Tuesday 17 November, 9:10 in Madison


async def test_a_child_told_of_picks_no_service_where_every_one_is_for_a_baby(
        make_bot: Any) -> None:
    """"My son's four months… could someone come to the house": the home visit its
    description tells, not the one consult that alone says its ages (newborn to toddler)."""
    async with make_bot(business_profile=SLEEP, clock=lambda: SLEEP_NOW) as running:
        replies = await conversation(running, [
            "hi, my son's four months old and won't nap at all. Could someone come to the "
            "house Thursday, maybe around ten?"])
        assert replies == ["That's a Home sleep visit on Thursday the 19th of November at 10 "
                           "AM. Shall I book it, and what name shall I put it under?"]


@pytest.mark.parametrize("text", [
    "hi!! going back to work dec 1 and need his naps sorted, can i come in this sunday for a "
    "studio sleep consult?",
    "she's due December 3rd so I want a plan ready, could we do a studio sleep consult this "
    "sunday?",
])
async def test_a_date_told_of_the_callers_life_is_not_the_day_asked(
        make_bot: Any, text: str) -> None:
    """"Going back to work dec 1… this sunday": Sunday is the day asked (and closed), not a
    weekday that disagrees with the 1st."""
    async with make_bot(business_profile=SLEEP, clock=lambda: SLEEP_NOW) as running:
        reply = said(await running.text(text))
        assert reply.startswith("We're closed on Sunday the 22nd of November.")
