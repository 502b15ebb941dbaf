"""The offline receptionist and dates and times as strangers' callers say them (blind11-14): a
time asked next to one refused ("then the earliest after that", "first thing after lunch"), a
day and a time asked with no "can I come" ("I've got a bunion… a week from thursday, five
thirty?"), a time read back said back with "that's it", a time after closing said before the
service is asked, a time that would run past closing said with the service's length and the day
understood, a move that tells the booked day before the new one, the hours asked mid-booking
after a "hm.", and texted days and times ("tonite", "sat", "9ish").

Mostly the dental practice (tests/profiles/dental.toml: lunch 12 to 1, Thursday until 7 PM),
on a Wednesday morning, checked on the hearing centre and the climbing gym too.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

from tests.offline_support import (
    DENTAL,
    MORE,
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    dental,
    hearing,
    said,
)

__all__ = ["dental", "hearing"]

CLIMBING = PROFILES / "climbing.toml"
CLIMBING_NOW = datetime(2026, 6, 3, 15, 0, tzinfo=UTC)  # Wednesday 3 June, 9:00 in Denver
REFUSED = ("We're closed for lunch from 12 PM to 1 PM. Free times that day: 11 AM, 1 PM or "
           "1:30 PM. Which time would suit you?")


climbing = business_at(
    CLIMBING, CLIMBING_NOW,
    "The climbing gym (lunch 12 to 1 on weekdays) on a Wednesday morning.")


# -- 1. A time asked next to the one refused -------------------------------------------------


@pytest.mark.parametrize("after", [
    "ugh, fine, the next one after that then",
    "ok then the earliest you have after that",
    "first thing after lunch I guess",
    "alright, whatever's soonest after it",
])
async def test_the_earliest_after_a_refused_time_is_the_first_free_after_it(
    dental: Bot, after: str,
) -> None:
    answers = await conversation(dental, [
        "could I get a filling tomorrow at twelve thirty?", after, "yes, Marta Quispe"])
    assert answers[0] == REFUSED
    assert answers[1] == ("That's a Filling tomorrow, Thursday the 3rd of December at 1 PM. Shall "
                          "I book it, and what name shall I put it under?")
    assert await booked_rows(dental) == [("Filling", "2026-12-03T19:00")]  # 1 PM in Chicago


@pytest.mark.parametrize("before", ["hmm, the latest before that then", "the last one before it"])
async def test_the_latest_before_a_refused_time_is_the_last_free_before_it(
    dental: Bot, before: str,
) -> None:
    answers = await conversation(dental, ["could I get a filling tomorrow at twelve thirty?",
                                          before])
    assert answers[1] == ("That's a Filling tomorrow, Thursday the 3rd of December at 11 AM. "
                          "Shall I book it, and what name shall I put it under?")


@pytest.mark.parametrize("later", ["ok the next day after that then", "the week after that"])
async def test_another_day_after_a_refused_time_is_no_time_that_day(
    dental: Bot, later: str,
) -> None:
    answers = await conversation(dental, ["could I get a filling tomorrow at twelve thirty?",
                                          later])
    assert "Thursday the 3rd of December at" not in answers[1]
    assert await booked_rows(dental) == []


async def test_nothing_free_after_a_refused_time_that_day_is_asked_not_guessed(
    climbing: Bot,
) -> None:
    answers = await conversation(climbing, [
        "can I book a gear fitting Friday at seven thirty in the evening?",
        "the next one after that please"])
    assert answers[0].startswith("We close at 6 PM on Friday")
    assert "That's a" not in answers[1]
    assert answers[1].endswith("You can say the time you'd like.")
    assert await booked_rows(climbing) == []


async def test_the_next_one_after_a_closed_day_is_the_first_time_of_the_day_offered(
    hearing: Bot,
) -> None:
    answers = await conversation(hearing, ["could I come in for a hearing test on Sunday at ten?",
                                           "ok, the earliest after that then"])
    assert answers[0].startswith("We're closed on Sunday the 14th of March.")
    assert answers[1] == ("That's an Adult hearing test on Monday the 15th of March at 9 AM. "
                          "Shall I book it, and what name shall I put it under?")


# -- 2. A day and a time asked, however it is put ----------------------------------------------


@pytest.mark.parametrize(("speech", "read_back"), [
    ("hi, my front tooth has a cavity I think, so um, a week from friday, nine thirty?",
     "That's a Filling on Friday the 11th of December at 9:30 AM."),
    ("whitening for my wedding photos. next tuesday, two o'clock?",
     "That's a Whitening on Tuesday the 8th of December at 2 PM."),
])
async def test_a_service_or_a_problem_on_a_day_at_a_time_is_a_booking(
    dental: Bot, speech: str, read_back: str,
) -> None:
    answers = await conversation(dental, [speech])
    assert answers[0] == f"{read_back} Shall I book it, and what name shall I put it under?"
    assert await booked_rows(dental) == []


@pytest.mark.parametrize("spoken", ["that's it, two o'clock. Noor Haddad",
                                    "yep, two. Noor Haddad"])
async def test_the_time_read_back_said_back_books_it(dental: Bot, spoken: str) -> None:
    answers = await conversation(dental, ["I'd like a whitening next tuesday at two", spoken])
    assert answers[1] == f"You're booked. Whitening on Tuesday the 8th of December at 2 PM. {MORE}"
    assert await booked_rows(dental) == [("Whitening", "2026-12-08T20:00")]


@pytest.mark.parametrize("asked", ["two o'clock? is that the earliest you have?",
                                   "2 PM? hm, what about the morning?"])
async def test_the_time_read_back_asked_back_books_nothing(dental: Bot, asked: str) -> None:
    # The time said back as a question asks about it; only said back as an answer it agrees.
    await conversation(dental, ["I'd like a whitening next tuesday at two", asked])
    assert await booked_rows(dental) == []


@pytest.mark.parametrize(("speech", "shut"), [
    ("any openings thursday at like 8 PM?", "We close at 7 PM tomorrow."),
    ("can we get in Friday at four in the afternoon?",
     "We close at 2 PM on Friday the 4th of December."),
])
async def test_a_time_we_are_closed_is_said_before_the_service_is_asked(
    dental: Bot, speech: str, shut: str,
) -> None:
    answers = await conversation(dental, [speech, "a checkup and cleaning"])
    assert answers[0] == (f"{shut} Which service would you like: Checkup and cleaning, Filling, "
                          "Whitening, Emergency visit or Child's checkup?")
    assert "at 8 PM" not in answers[1] and "at 4 PM" not in answers[1]
    assert await booked_rows(dental) == []


async def test_a_time_running_past_closing_says_how_long_and_when_was_understood(
    dental: Bot, climbing: Bot,
) -> None:
    answers = await conversation(dental, ["could I get a whitening friday at one?"])
    assert answers[0].startswith("A Whitening takes about 90 minutes, so at 1 PM on Friday the "
                                 "4th of December it would run past 2 PM, when we close. ")
    answers = await conversation(climbing, ["can I book a two-hour coaching session friday at "
                                            "five?"])
    assert answers[0].startswith("A Two-hour coaching session takes about 2 hours, so at 5 PM on "
                                 "Friday the 5th of June it would run past 6 PM, when we close. ")


@pytest.mark.parametrize("asked", [
    "hm. and how late are you open friday? I might just come then",
    "ugh, ok, how late are you open friday? maybe that's easier",
])
async def test_the_hours_asked_mid_booking_after_a_filler_are_answered(
    dental: Bot, asked: str,
) -> None:
    answers = await conversation(dental, ["could I get a filling saturday at ten?", asked])
    assert answers[1].startswith("On Friday the 4th of December we're open 8 AM to 2 PM.")


@pytest.mark.parametrize("move", [
    "hi, I booked my filling for Tuesday at two but my boss just set a meeting then. Can you "
    "push it a day, same time Wednesday?",
    "I need to reschedule my filling on Tuesday at two, I'm stuck at work. Wednesday, same "
    "time?",
])
async def test_a_move_telling_the_booked_day_first_moves_to_the_day_told_after(
    dental: Bot, move: str,
) -> None:
    await conversation(dental, ["I'd like a filling next tuesday at two", "yes, Ines Duarte"])
    answers = await conversation(dental, [move])
    assert answers[0] == ("That's your Filling moved to Wednesday the 9th of December at 2 PM. "
                          "Shall I move it?")


# -- 3. Days and times as texts write them -------------------------------------------------------


@pytest.mark.parametrize(("body", "read_back"), [
    ("can i get a filling 2nite at 6pm?? me and my bf", None),
    ("need a whitening tmrw 9ish pls", "That's a Whitening tomorrow, Thursday the 3rd of December "
     "at 9 AM."),
    ("cn u do a filling sat morning? like 10ish", None),
])
async def test_texted_days_and_times_are_read(
    dental: Bot, body: str, read_back: str | None,
) -> None:
    reply = said(await dental.text(body))
    if read_back:
        assert reply.startswith(read_back)
    else:
        # Tonight after closing, and Saturday closed: said, and nothing read back.
        assert "That's a" not in reply
        assert "closed" in reply.lower() or "close at" in reply.lower()
    assert await booked_rows(dental) == []


async def test_a_texted_tonite_at_a_time_we_are_open_is_tonight(climbing: Bot) -> None:
    reply = said(await climbing.text("hey can i book a gear fitting tonite at 6pm?? 2 ppl"))
    assert reply.startswith("That's a Gear fitting today, Wednesday the 3rd of June at 6 PM.")


def test_the_dental_profile_has_the_lunch_the_tests_count_on() -> None:
    assert "13:00" in DENTAL.read_text()
