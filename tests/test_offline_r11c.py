"""The offline receptionist and a stranger's callers (blind25, an upholstery shop) who were
sent no help, booked the wrong one of two services, or treated as an emergency:

1. bleeding told as people intensify it ("it's bleeding really bad", "bleeding so badly",
   "gushing blood") is the danger of bleeding at any business: the emergency number is said;
2. a thing told as fine ("the hub's fine", "the covers are still good") names no service: the
   one for what is broken is booked, not the one named by the part that is fine;
3. an emergency claimed with a hedge ("this is kind of an emergency"), no danger told, is no
   emergency: the service for the trouble is offered, and the owner is not texted.

A bicycle wheel shop of our own, with no emergency policy (tests/profiles/wheel-shop.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot
from test_offline_safety import outbox

import bot
from tests.offline_support import PROFILES, booked_rows, business_at, conversation, receptionist

WHEELS = PROFILES / "wheel-shop.toml"
WHEELS_NOW = datetime(2026, 11, 18, 17, 0, tzinfo=UTC)  # Wednesday 18 November, 9:00 in Portland


wheels = business_at(WHEELS, WHEELS_NOW, "The wheel shop on a Wednesday morning.")


# -- 1. Bleeding, intensified --


@pytest.mark.parametrize("speech", [
    "his hand got caught in the spokes, it's bleeding really bad and he's screaming",
    "she cut her leg on the chainring and it's bleeding so badly",
    "he's bleeding pretty bad from his chin",
    "my arm is bleeding like crazy",
    "it's really bleeding bad",
    "he's gushing blood from his knee",
])
def test_bleeding_told_intensified_is_the_danger_of_bleeding(speech: str) -> None:
    danger = receptionist(WHEELS).danger_in(bot.Heard.of(speech))
    assert danger is not None and danger.name == "bleeding", speech


@pytest.mark.parametrize("speech", [
    "it's not bleeding really bad, just a scrape, can I bring the bike in Friday?",
    "the paint is bleeding through the decal badly",
])
def test_bleeding_denied_or_of_a_thing_is_no_danger(speech: str) -> None:
    assert receptionist(WHEELS).danger_in(bot.Heard.of(speech)) is None, speech


async def test_a_child_bleeding_really_bad_is_sent_to_the_emergency_number(wheels: Bot) -> None:
    answers = await conversation(wheels, [
        "oh god, you fixed my bike yesterday and my grandson, his hand got caught in the, the "
        "spokes, it's bleeding really bad and he's screaming, what do I do",
    ])
    assert "911" in answers[0], answers[0]
    assert any("URGENT" in text for text in await outbox(wheels))


# -- 2. A part told as fine names no service --


async def test_the_part_told_fine_does_not_name_the_service_booked(wheels: Bot) -> None:
    answers = await conversation(wheels, [
        "my back rim is cracked right through, but the hub's fine. friday at 10 ok?",
        "yep thats right. marisol vega",
    ])
    assert "Wheel rebuild on Friday the 20th of November at 10 AM" in answers[0], answers[0]
    assert await booked_rows(wheels) == [("Wheel rebuild", "2026-11-20T18:00")]


def test_a_service_named_by_what_is_broken_is_still_named() -> None:
    shop = receptionist(WHEELS)
    named = shop.service_named(bot.Heard.of(
        "my hub grinds when I spin it, the rim is still good"))
    assert named is not None and named.name == "Hub overhaul"


# -- 3. An emergency claimed with a hedge, no danger told --


async def test_a_hedged_emergency_of_no_danger_is_offered_the_service(wheels: Bot) -> None:
    answers = await conversation(wheels, [
        "okay this is kind of an emergency, my rim is worn through by the brakes, the hub's "
        "okay, I've got a race coming up. Can you help me?",
        "could I bring it in this afternoon, say two?",
        "yes. Kyle Brennan",
    ])
    assert "911" not in answers[0] and "urgent" not in answers[0], answers[0]
    assert "Wheel rebuild" in answers[0], answers[0]
    assert "today, Wednesday the 18th of November at 2 PM" in answers[1], answers[1]
    assert await booked_rows(wheels) == [("Wheel rebuild", "2026-11-18T22:00")]
    assert not any("URGENT" in text for text in await outbox(wheels))


def test_a_hedged_emergency_with_a_danger_told_is_still_one() -> None:
    shop = receptionist(WHEELS)
    assert shop.hears_emergency(bot.Heard.of(
        "this is kind of an emergency, I crashed and my knee is bleeding like crazy"))


# -- 4. The day others come, and a time put forward --


@pytest.mark.parametrize(("speech", "day"), [
    ("my dog tore the cover, but my in-laws get here next Wednesday for Thanksgiving. Can you "
     "help me?", None),
    ("our guests arrive Friday, could I bring it in Thursday?", "2026-11-19"),
    ("could I bring it in next Wednesday?", "2026-11-25"),
])
def test_the_day_others_come_is_not_the_day_asked(speech: str, day: str | None) -> None:
    today = WHEELS_NOW.date()
    found = bot.parse_day(speech, today, receptionist(WHEELS).profile)
    assert (found.isoformat() if found else None) == day, speech


@pytest.mark.parametrize(("speech", "hour"), [
    ("could I bring it in this afternoon, say two?", 14),
    ("let's say one.", 13),
    ("let me say one thing about the rim", None),
])
def test_a_time_put_forward_with_say_is_read(speech: str, hour: int | None) -> None:
    said = bot.times_said(speech)
    assert (said[0].at.hour if said else None) == hour, speech


@pytest.mark.parametrize(("speech", "hour", "minute"), [
    ("Can I bring them in tomorrow at two? No wait, make it three, I've got school pickup at "
     "two thirty", 15, 0),
    ("I have work at five, could I come at six?", 18, 0),
    ("could we have the class at 3?", 15, 0),
])
def test_a_commitment_told_without_an_article_is_not_the_time_asked(
        speech: str, hour: int, minute: int) -> None:
    assert bot.exact_time(speech) == bot.time(hour, minute), speech


# -- 5. Coming for things, texted --


@pytest.mark.parametrize("speech", [
    "do u guys come get stuff? im in wauwatosa maybe 8 miles away",
    "can someone come get the furniture?",
])
def test_coming_for_things_texted_is_a_pickup(speech: str) -> None:
    rows = [ours for pattern, ours in bot.SERVICE_PARAPHRASES if pattern.search(speech)]
    assert ("pickup", "pick-up") in rows, speech


def test_what_someone_said_is_fine_is_no_part_told_fine() -> None:
    shop = receptionist(WHEELS)
    assert shop.told_fine(bot.Heard.of("my doctor said riding is fine, the hub's fine")) == \
        frozenset({"hub"})


def test_a_service_named_whole_is_named_whatever_is_told_fine() -> None:
    named = receptionist(WHEELS).service_named(bot.Heard.of(
        "could I get one of your hub overhauls Friday? the hub's fine, it just needs a clean"))
    assert named is not None and named.name == "Hub overhaul"
