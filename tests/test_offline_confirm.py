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

from pathlib import Path
from typing import Any

import pytest
from conftest import Bot
from test_offline_booking_talk import (
    DENTAL_NOW,
    HEARING_NOW,
    booked_rows,
    conversation,
    name_on_record,
)

PROFILES = Path(__file__).parent / "profiles"
BLIND = Path(__file__).parent.parent / "scenarios" / "profiles"


@pytest.fixture
async def dental(make_bot: Any) -> Any:
    async with make_bot(business_profile=PROFILES / "dental.toml",
                        clock=lambda: DENTAL_NOW) as running:
        yield running


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
