"""The offline receptionist's read-back and what follows it (issue 18): a yes said with the
caller's name in the ways people say it (spelled, "V as in Victor", "last name X, first name
Y", a couple) books and keeps the name; what was just booked is told again when asked ("what
name is that under?", "remind me, what day am I coming in?"); the service booked or priced is
the one the caller described, and when two fit about equally the caller is asked which.

Mostly the dental practice (tests/profiles/dental.toml; the clock Wednesday 2 December 2026,
10:00 in Chicago) and the hearing clinic (hearing.toml; Monday 7 December 2026, 9:30), with
the blind sets' profiles where their services are alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import Bot

from tests.offline_support import (
    DENTAL_NOW,
    PROFILES,
    SCENARIO_PROFILES,
    booked_rows,
    conversation,
    dental,
    name_on_record,
    named,
)

__all__ = ["dental"]  # a fixture: the dental practice called

HEARING_NOW = datetime(2026, 12, 7, 15, 30, tzinfo=UTC)  # Monday 7 December, 9:30 Chicago
BLIND = SCENARIO_PROFILES  # the eval's profiles, the blind sets' among them
MUSIC_NOW = datetime(2026, 11, 12, 16, 0, tzinfo=UTC)  # Thursday 12 November, 10:00 Austin TX
STUDIO_NOW = datetime(2027, 10, 14, 18, 20, tzinfo=UTC)  # Thursday 14 October, 1:20 PM Nashville


@pytest.fixture
async def hearing(make_bot: Any) -> Any:
    async with make_bot(business_profile=PROFILES / "hearing.toml",
                        clock=lambda: HEARING_NOW) as running:
        yield running


# -- 1. A yes and the caller's name in one breath --------------------------------------------------


@pytest.mark.parametrize(("answer", "name"), [
    ("yeah that works. It's Dana Whitlock, W H I T L O C K", "Dana Whitlock"),
    ("sounds good. This is Omar Haddad, H A D D A D", "Omar Haddad"),
    ("yes, that's fine dear. Martha Quill, Q as in queen, U, I, L, L", "Martha Quill"),
    ("yes please. Marjorie Pell, P as in Peter, E, L, L", "Marjorie Pell"),
    ("yep. Ruth Oakes, Oscar Alpha Kilo Echo Sierra", "Ruth Oakes"),
    ("yes please. Last name is Tran, T R A N, first name Linh", "Linh Tran"),
    ("perfect. First name Ivy, last name Delgado", "Ivy Delgado"),
    ("yes please, that's Priya and Sam, last name Okafor", "Priya and Sam Okafor"),
    ("that's great, it's for me and my husband, the last name is Brennan", "Brennan"),
    ("yep, that's great. Ashley Turner", "Ashley Turner"),
    ("sure thing, put it under Nadia Petrova", "Nadia Petrova"),
])
async def test_a_yes_with_the_name_books_and_keeps_the_name(
    dental: Bot, answer: str, name: str,
) -> None:
    answers = await conversation(dental, ["Could I get a filling on Friday at 10 am?", answer])
    assert answers[0].startswith("That's a Filling on Friday the 4th of December at 10 AM.")
    assert answers[1].startswith("You're booked."), answers[1]
    assert await booked_rows(dental) == [("Filling", "2026-12-04T16:00")]
    stored = await name_on_record(dental)
    assert stored is not None and name in stored and stored.count(name.split()[-1]) == 1, stored


@pytest.mark.parametrize("answer", [
    "yes, go ahead and book it, and I'll need the X-rays sent to my new dentist",
    "yes please, and could you note that I'm nervous about needles",
])
async def test_a_yes_with_a_note_books_and_asks_the_name(dental: Bot, answer: str) -> None:
    answers = await conversation(dental, ["Could I get a filling on Friday at 10 am?", answer,
                                          "Hana Sato"])
    assert await booked_rows(dental) == [("Filling", "2026-12-04T16:00")]
    assert answers[1] == "And what name shall I put it under?"
    assert answers[2].startswith("You're booked.")
    assert await name_on_record(dental) == "Hana Sato"


# -- 2. What was just booked, told again --------------------------------------------------------


@pytest.mark.parametrize("question", [
    "sorry, what name is that under?",
    "and what name did you put that under?",
    "whose name is the booking under?",
    "under what name did you book it?",
])
async def test_the_name_a_booking_was_made_under_is_told(dental: Bot, question: str) -> None:
    answers = await conversation(dental, [
        "Could I get a filling on Friday at 10 am?",
        "yes please. Last name is Tran, T R A N, first name Linh", question])
    assert answers[1].startswith("You're booked.")
    assert "Linh Tran" in answers[2], answers[2]
    assert "Friday" in answers[2]
    assert "not sure" not in answers[2]


@pytest.mark.parametrize(("question", "told"), [
    ("remind me, what day am I coming in?", "Friday the 4th of December"),
    ("sorry, when am I coming in again?", "Friday the 4th of December"),
    ("what time did we say for it?", "10 AM"),
    ("my husband's asking, what day did you say that was?", "Friday the 4th of December"),
    ("and what time should I be there?", "10 AM"),
])
async def test_the_day_and_time_just_booked_are_told_again(
    dental: Bot, question: str, told: str,
) -> None:
    answers = await conversation(dental, [
        "Could I get a filling on Friday at 10 am?", "yep, that's great. Ashley Turner",
        question])
    assert answers[1].startswith("You're booked.")
    assert told in answers[2], answers[2]
    assert "Which service" not in answers[2] and "not sure" not in answers[2]


async def test_a_hearing_clinic_booking_is_recalled_by_name_and_day(hearing: Bot) -> None:
    answers = await conversation(hearing, [
        "I need a hearing test on Wednesday at 11 am",
        "that's fine. It's Ruth Oakes, O A K E S", "wait, what name did you put it under?",
        "and remind me what day that is?"])
    assert answers[1].startswith("You're booked.")
    assert "Ruth Oakes" in answers[2]
    assert "Wednesday the 9th of December" in answers[3]


# -- 3. The service booked is the one the caller named -----------------------------------------


@pytest.mark.parametrize(("speech", "choices"), [
    # Two things named, each by its own words: asked between, never one guessed from a word
    # of a description ("electric" is said of guitar lessons, not of trials).
    ("hi, my son's ten and wants to learn electric guitar, could he come for a trial on "
     "Saturday at ten?", "Trial lesson, Guitar lesson or Adult beginner guitar class"),
    ("could my daughter try a piano trial Saturday at ten, she's seven",
     "Trial lesson or Piano lesson"),
])
async def test_two_services_named_apart_are_asked_between(
    music: Bot, speech: str, choices: str,
) -> None:
    answer = (await conversation(music, [speech]))[0]
    assert answer.endswith(f"Which service would you like: {choices}?"), answer
    assert not await booked_rows(music)


@pytest.mark.parametrize(("profile", "speech", "service"), [
    # Of two names whose words were all said, the one said as a phrase.
    ("music-school.toml", "I'd love to try guitar, can I get a trial lesson on Tuesday",
     "Trial lesson"),
    ("tidewater-swim.toml", "my son is scared of the pool, could he have a private swim lesson "
                            "rather than a group class", "Private swim lesson"),
    ("tidewater-swim.toml", "she's too shy for a group class, a private swim lesson please",
     "Private swim lesson"),
])
def test_the_name_said_as_a_phrase_wins(profile: str, speech: str, service: str | None) -> None:
    assert named(profile, speech) == service


@pytest.mark.parametrize(("profile", "speech"), [
    ("climbing.toml", "a coaching intro please"),
    ("music-school.toml", "a private lesson for guitar or piano"),
])
def test_services_named_about_equally_are_not_guessed(profile: str, speech: str) -> None:
    assert named(profile, speech) is None


@pytest.fixture
async def studio(make_bot: Any) -> Any:
    async with make_bot(business_profile=BLIND / "photography.toml",
                        clock=lambda: STUDIO_NOW) as running:
        yield running


@pytest.fixture
async def music(make_bot: Any) -> Any:
    async with make_bot(business_profile=BLIND / "music-school.toml",
                        clock=lambda: MUSIC_NOW) as running:
        yield running


@pytest.fixture
async def swim(make_bot: Any) -> Any:
    async with make_bot(business_profile=PROFILES / "tidewater-swim.toml",
                        clock=lambda: DENTAL_NOW) as running:
        yield running


@pytest.mark.parametrize("speech", [
    "Hi, do you still have the fall mini sessions? Could we get one on Friday at ten? Our "
    "baby is six months old.",
    "how much are your fall minis? and could we book one Friday at 10, it's for me, my "
    "husband and the baby",
])
async def test_a_service_named_is_booked_not_one_guessed_from_a_child(
    studio: Bot, speech: str,
) -> None:
    answer = (await conversation(studio, [speech]))[0]
    assert "Maternity" not in answer
    assert "That's a Fall mini session tomorrow, Friday the 15th of October at 10 AM." in answer


async def test_aquanatal_asked_with_a_baby_on_the_way_is_not_the_kids_class(swim: Bot) -> None:
    answer = (await conversation(swim, [
        "how much is the aquanatal class? could I come Saturday at 9, it's my first baby"]))[0]
    assert "Kids group swim class" not in answer
    assert "Aquanatal class" in answer


async def test_one_of_the_service_asked_about_is_that_service(studio: Bot) -> None:
    answers = await conversation(studio, [
        "what's the price of the fall mini sessions?",
        "okay could we get one Friday at ten? the kids nap in the afternoon"])
    assert "Fall mini session tomorrow, Friday the 15th of October at 10 AM" in answers[1]
    assert "Maternity" not in answers[1]


@pytest.mark.parametrize("answer", ["no, the whitening one", "no sorry, I meant a whitening"])
async def test_no_the_other_service_after_a_read_back_switches_it(
    dental: Bot, answer: str,
) -> None:
    answers = await conversation(dental, [
        "Could I get a filling on Friday at 10 am?", answer, "yes, Carla Mendes"])
    assert answers[1].startswith("That's a Whitening on Friday the 4th of December at 10 AM.")
    assert await booked_rows(dental) == [("Whitening", "2026-12-04T16:00")]


# -- 4. Prices for the service the caller describes --------------------------------------------


@pytest.fixture
async def repair_shop(make_bot: Any) -> Any:
    async with make_bot(business_profile=BLIND / "computer-repair.toml",
                        clock=lambda: DENTAL_NOW) as running:
        yield running


@pytest.fixture
async def pest(make_bot: Any) -> Any:
    async with make_bot(business_profile=BLIND / "pest-control.toml",
                        clock=lambda: DENTAL_NOW) as running:
        yield running


@pytest.mark.parametrize(("speech", "price", "not_price"), [
    # The virus removal named, and the laptop (whose diagnostic is another service): both told.
    ("what do you charge to get rid of a virus on my laptop?", "$99", "Business IT"),
    ("how much would it cost to clean the viruses off my desktop", "$99", "$49"),
])
async def test_the_price_is_the_described_services(
    repair_shop: Bot, speech: str, price: str, not_price: str,
) -> None:
    answer = (await conversation(repair_shop, [speech]))[0]
    assert price in answer and not_price not in answer, answer


async def test_the_price_of_a_service_named_is_no_faq_on_something_else(studio: Bot) -> None:
    answer = (await conversation(studio, ["what's the price of the fall mini sessions?"]))[0]
    assert "$125" in answer and "retainer" not in answer


@pytest.mark.parametrize(("speech", "prices"), [
    ("what's the bed bug heat thing cost? and the rat one where you come back twice, how much "
     "is that?", ("$900", "$225")),
    ("How much is the scorpion treatment? And the, um, the plan where you guys come every "
     "three months, what does that run?", ("$189", "$59")),
])
async def test_two_prices_asked_at_once_are_both_told(
    pest: Bot, speech: str, prices: tuple[str, str],
) -> None:
    answer = (await conversation(pest, [speech]))[0]
    assert all(p in answer for p in prices), answer


async def test_two_dental_prices_asked_at_once_are_both_told(dental: Bot) -> None:
    answer = (await conversation(dental, [
        "What do you charge for whitening? And the one where you come in to get a cavity "
        "fixed, what does that cost?"]))[0]
    assert "$350" in answer and "$180" in answer, answer
