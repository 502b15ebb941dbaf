"""The offline receptionist chooses a service only when the caller's words pick it (issue 18).

A wrong service read back and booked is harm, as a wrong time is. So: the words of a date
("a week from Monday") name no "Weekly" service; a word of the business's own trade (a
moving company's "move") names no one service; a name word said as the name writes it
("an arrangement") outranks another name's look-alike ("arranging"); and two services asked
for in one request are both said back, never one booked silently.

Checked on the blind sets' profiles with wordings of our own, and on others (dog grooming,
garage doors, a cleaning company written here).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import Bot

import bot
from tests.offline_support import (
    PROFILES,
    SCENARIO_PROFILES,
    booked_rows,
    conversation,
    named,
    receptionist,
    said,
)

BLIND = SCENARIO_PROFILES  # the eval's profiles, the blind sets' among them
FLORIST_NOW = datetime.fromisoformat("2026-11-20T15:40-05:00")  # a Friday afternoon
LAWN_NOW = datetime.fromisoformat("2027-04-12T07:40-06:00")  # a Monday morning
MOVING_NOW = datetime.fromisoformat("2026-05-21T09:20-07:00")  # a Thursday morning
NAILS_NOW = datetime.fromisoformat("2026-12-23T11:05-08:00")  # a Wednesday morning
GROOMING_NOW = datetime.fromisoformat("2026-12-15T10:15-07:00")  # a Tuesday morning


@pytest.fixture
async def florist(make_bot: Any) -> AsyncIterator[Bot]:
    async with make_bot(business_profile=BLIND / "florist.toml",
                        clock=lambda: FLORIST_NOW) as running:
        yield running


@pytest.fixture
async def lawn(make_bot: Any) -> AsyncIterator[Bot]:
    async with make_bot(business_profile=BLIND / "landscaping.toml",
                        clock=lambda: LAWN_NOW) as running:
        yield running


@pytest.fixture
async def movers(make_bot: Any) -> AsyncIterator[Bot]:
    async with make_bot(business_profile=BLIND / "moving.toml",
                        clock=lambda: MOVING_NOW) as running:
        yield running


@pytest.fixture
async def nails(make_bot: Any) -> AsyncIterator[Bot]:
    async with make_bot(business_profile=BLIND / "nail-salon.toml",
                        clock=lambda: NAILS_NOW) as running:
        yield running


@pytest.fixture
async def grooming(make_bot: Any) -> AsyncIterator[Bot]:
    async with make_bot(business_profile=BLIND / "dog-grooming.toml",
                        clock=lambda: GROOMING_NOW) as running:
        yield running


# -- 1. The words of a date name no service ------------------------------------------------------


@pytest.mark.parametrize(("path", "speech"), [
    (BLIND / "florist.toml", "we're getting married next spring and want to sit down about "
                             "flowers, a week from Tuesday at 10?"),
    (BLIND / "florist.toml", "could we come talk about flowers for our engagement party two "
                             "weeks from Saturday"),
    (BLIND / "landscaping.toml", "can somebody poke holes in my lawn a week from Friday"),
])
def test_the_words_of_a_date_name_no_weekly_service(path: Path, speech: str) -> None:
    assert named(path, speech) not in ("Weekly business flowers", "Weekly mowing")


async def test_an_aeration_asked_a_week_out_is_read_back_as_the_aeration(lawn: Bot) -> None:
    answers = await conversation(lawn, [
        "morning, I'd like to get the lawn aerated two weeks from Thursday, around nine"])
    assert "Core aeration" in answers[0]
    assert "Weekly mowing" not in answers[0]


async def test_a_wedding_a_week_out_is_not_booked_as_weekly_flowers(florist: Bot) -> None:
    answers = await conversation(florist, [
        "hi, we just got engaged and want to come in and talk flowers, maybe a week from "
        "Tuesday at ten?", "yes please, it's Ada Lovelace"])
    assert "Weekly business flowers on" not in " ".join(answers)
    # Getting engaged is the Wedding consultation's (test_offline_rbook.py).
    assert [service for service, _ in await booked_rows(florist)] == ["Wedding consultation"]


# -- 2. The business's own trade word names no one service ---------------------------------------


@pytest.mark.parametrize("speech", [
    "we need to move on Saturday at nine",
    "I'd like to book a move for next Friday morning",
])
def test_a_moving_companys_move_is_no_piano_move(speech: str) -> None:
    assert named(BLIND / "moving.toml", speech) is None


async def test_a_three_bedroom_move_is_read_back_as_three_movers(movers: Bot) -> None:
    answers = await conversation(movers, [
        "hey, we have to move out Tuesday the 26th, could you come at eight? it's a two "
        "bedroom place, three guys would be good", "sounds good, it's Sam Okafor"])
    assert "Piano move" not in " ".join(answers)
    assert [s for s, _ in await booked_rows(movers)] in ([], [("Three movers and a truck")])


def test_a_trade_word_still_names_a_service_with_its_other_words() -> None:
    assert named(BLIND / "moving.toml", "can you do a piano move next week") == "Piano move"
    assert named(BLIND / "nail-salon.toml", "a spa pedicure please") == "Spa pedicure"


# -- 3. A name word as written outranks another name's look-alike --------------------------------


@pytest.mark.parametrize("speech", [
    "I'd like an arrangement for my mother's table, could I pick it up Saturday morning",
    "can I order a fall arrangement to pick up Friday at three",
])
def test_an_arrangement_is_the_vase_arrangement_not_the_arranging_workshop(speech: str) -> None:
    assert named(BLIND / "florist.toml", speech) == "Seasonal vase arrangement"


# -- 4. Two services asked together are both said back -------------------------------------------


async def test_a_gel_mani_and_a_pedi_texted_are_not_booked_as_one(nails: Bot) -> None:
    first = said(await nails.text("hey can i get a gel mani and a pedi tmrw around 2?"))
    assert "Gel manicure" in first and "pedicure" in first
    said(await nails.text("yes thx, its Maya Lin"))
    assert [s for s, _ in await booked_rows(nails)] != ["Gel manicure"]


async def test_a_bath_and_a_nail_trim_said_together_are_both_said_back(grooming: Bot) -> None:
    answers = await conversation(grooming, [
        "hi, my dog needs a bath and a nail trim, could you take him Thursday at ten?",
        "yep, that's fine, it's Leo Brandt"])
    assert "Bath and brush" in answers[0] and "Nail trim" in answers[0]
    booked = [s for s, _ in await booked_rows(grooming)]
    assert booked not in (["Bath and brush"], ["Nail trim"])


@pytest.mark.parametrize("speech", [
    "the spring snapped and the opener won't work either, can someone come Friday at ten",
    "need an opener repair and a new spring, thursday at 2 if possible",
])
def test_a_spring_and_an_opener_asked_together_are_two(speech: str) -> None:
    doors = receptionist(PROFILES / "garage-door.toml")
    first = doors.service_named(bot.Heard.of(speech))
    assert first is not None
    second = doors.also_named(first, bot.Heard.of(speech))
    assert second is not None
    assert {first.name, second.name} == {"Spring replacement", "Opener repair"}


def test_one_service_named_is_not_two() -> None:
    salon = receptionist(BLIND / "nail-salon.toml")
    assert salon.also_named(salon.profile.services[1], bot.Heard.of(
        "a gel manicure on friday at two please")) is None
    pedicure = next(s for s in salon.profile.services if s.name == "Spa pedicure")
    assert salon.also_named(pedicure, bot.Heard.of("a pedicure with gel on my toes")) is None


# -- 5. The yes confirms what was read back ------------------------------------------------------


async def test_the_yes_books_the_service_read_back(nails: Bot) -> None:
    answers = await conversation(nails, [
        "can I book a gel manicure tomorrow at three",
        "yes that's right, the gel one, not a pedicure, it's Ruth Bader"])
    assert "Gel manicure" in answers[0]
    assert [s for s, _ in await booked_rows(nails)] == ["Gel manicure"]


@pytest.mark.parametrize("speech", [
    "we're getting married in June and would love to come in and talk flowers Monday at 11",
    "could I stop by to chat about flowers for my sister's wedding shower on Tuesday",
])
def test_coming_in_to_talk_flowers_picks_no_one_consultation(speech: str) -> None:
    assert named(BLIND / "florist.toml", speech) not in (
        "Event flowers consultation", "Weekly business flowers", "Sympathy flowers meeting")


@pytest.mark.parametrize(("profile", "speech"), [
    ("locksmith.toml", "we just moved in, can you rekey every lock in the house on Friday"),
    ("massage.toml", "could I get the thirty-minute neck and shoulder one Tuesday at one"),
    ("restaurant.toml", "a table for six Saturday at 8, actually make it 7"),
])
def test_a_word_the_services_use_asks_for_no_second_service(profile: str, speech: str) -> None:
    desk = receptionist(BLIND / profile)
    chosen = desk.service_named_whole(bot.Heard.of(speech)) or desk.service_for_problem(
        bot.Heard.of(speech))
    assert chosen is not None
    assert desk.also_named(chosen, bot.Heard.of(speech)) is None


async def test_a_wedding_talk_is_asked_not_booked_as_an_event(florist: Bot) -> None:
    answers = await conversation(florist, [
        "hello! my fiance and I are getting married next fall and we'd love to come in and "
        "talk flowers with someone, maybe Monday at two?", "yes that works, Grace Hopper"])
    assert "Event flowers consultation on" not in answers[0]
    # Getting married is the Wedding consultation's (test_offline_rbook.py).
    assert [service for service, _ in await booked_rows(florist)] == ["Wedding consultation"]


@pytest.mark.parametrize("text", [
    "do yall do sprinkler turn ons? whats it cost",
    "hi do u guys do the sprinkler start up thing?? wat do u charge",
])
async def test_a_bare_price_after_a_service_asked_is_its_price(lawn: Bot, text: str) -> None:
    reply = said(await lawn.text(text))
    assert "Sprinkler start-up" in reply and "$85" in reply
    assert "Spring cleanup" not in reply


def test_coming_out_still_tells_a_repair_from_a_tune_up() -> None:
    """Coming *out* is what a service call is: only the words of coming in to talk are set
    aside, so a furnace that squeals is still the Repair service call."""
    hvac = receptionist(BLIND / "hvac.toml")
    heard = bot.Heard.of("my furnace squeals every time the blower kicks on, could somebody "
                         "come out Friday around five?")
    chosen = hvac.service_named_whole(heard)
    assert chosen is not None and chosen.name == "Repair service call"
