"""The offline receptionist cancelling and moving what a returning caller holds, told the way
people tell it: by the service half-named or the day alone ("go ahead and cancel the estimate
Friday"), one of two asked about (which one is asked), a move told from the old booking ("the
Thursday after, same time", "one day later", "the day after tomorrow" is no day after the
booking), and "what time did we say?" asked in everyday words.

Mostly the house painter (tests/profiles/painter.toml) on a Wednesday morning; the tailor's two
fittings (tests/profiles/tailor.toml) for two services a word apart.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import (
    MORE,
    PAINTER,
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    dental,
    painter,
    receptionist,
)

__all__ = ["dental", "painter"]  # fixtures: the businesses called

TAILOR = PROFILES / "tailor.toml"
WEDNESDAY = datetime(2026, 9, 2, 15, 0, tzinfo=UTC)  # Wednesday 2 September, 10:00 in Madison

TOUCH_UP = "Touch-up visit tomorrow, Thursday the 3rd of September at 2 PM"
ESTIMATE = "Painting estimate on Friday the 4th of September at 10 AM"



tailor = business_at(TAILOR, WEDNESDAY, "The tailor on a Wednesday morning.")


async def book_two(painter: Bot) -> None:
    """Ann books a touch-up tomorrow at two, then, on another call, an estimate Friday at ten."""
    await conversation(painter, ["a touch-up visit tomorrow at two please", "yes, Ann Lee"])
    await conversation(painter, ["could someone come give us a painting estimate Friday at ten?",
                                 "yes please"])
    assert await booked_rows(painter) == [("Touch-up visit", "2026-09-03T19:00"),
                                          ("Painting estimate", "2026-09-04T15:00")]  # UTC


# -- 1. Cancelling what the caller holds, told by half its name or its day ----------------------


@pytest.mark.parametrize("cancel", [
    "hi it's Ann again, go ahead and cancel that estimate Friday, my brother-in-law's doing it",
    "I just booked someone to come look at the house on Friday, turns out we're selling, I need "
    "to cancel it, sorry",
    "hey, the friday appointment, I have to cancel that one",
])
async def test_the_appointment_told_is_read_back_and_only_it_cancelled_on_yes(
    painter: Bot, cancel: str,
) -> None:
    await book_two(painter)
    answers = await conversation(painter, [cancel, "yes please"])
    assert answers[0] == f"That's your {ESTIMATE}. Shall I cancel it?"
    assert answers[1] == f"Done. Cancelled: {ESTIMATE}. {MORE}"
    assert await booked_rows(painter) == [("Touch-up visit", "2026-09-03T19:00")]
    assert await booked_rows(painter, "cancelled") == [("Painting estimate", "2026-09-04T15:00")]


@pytest.mark.parametrize(("which", "kept", "gone"), [
    ("the friday one", ("Touch-up visit", "2026-09-03T19:00"),
     ("Painting estimate", "2026-09-04T15:00")),
    ("oh, the touch up", ("Painting estimate", "2026-09-04T15:00"),
     ("Touch-up visit", "2026-09-03T19:00")),
])
async def test_with_two_held_and_neither_told_the_caller_is_asked_which(
    painter: Bot, which: str, kept: tuple[str, str], gone: tuple[str, str],
) -> None:
    await book_two(painter)
    answers = await conversation(painter, ["hi, I need to cancel my appointment", which, "yes"])
    assert answers[0] == (f"You have a {TOUCH_UP}, and a {ESTIMATE}. Which one would you like "
                          "to cancel?")
    assert answers[1].endswith("Shall I cancel it?")
    assert await booked_rows(painter) == [kept]
    assert await booked_rows(painter, "cancelled") == [gone]


async def test_an_appointment_the_caller_does_not_hold_cancels_nothing_unasked(
    painter: Bot,
) -> None:
    await conversation(painter, ["a touch-up visit tomorrow at two please", "yes, Ann Lee"])
    answers = await conversation(painter, ["I need to cancel the deck staining on Saturday",
                                           "no, leave it"])
    assert answers[0] == (f"I can't find a Two-coat deck staining on Saturday for you. You have "
                          f"a {TOUCH_UP}. Is that the one you'd like to cancel?")
    assert await booked_rows(painter) == [("Touch-up visit", "2026-09-03T19:00")]


async def test_two_alike_services_are_told_apart_or_asked_about(tailor: Bot) -> None:
    await conversation(tailor, ["a sleeve fitting tomorrow at ten please", "yes, Raj Patel"])
    await conversation(tailor, ["and a gown fitting Friday at eleven", "yes"])
    answers = await conversation(tailor, ["hi, it's Raj, I have to cancel my fitting",
                                          "the gown one", "yes, cancel it"])
    assert answers[0] == ("You have a Sleeve fitting tomorrow, Thursday the 3rd of September at "
                          "10 AM, and a Gown fitting on Friday the 4th of September at 11 AM. "
                          "Which one would you like to cancel?")
    assert answers[1] == ("That's your Gown fitting on Friday the 4th of September at 11 AM. "
                          "Shall I cancel it?")
    assert await booked_rows(tailor) == [("Sleeve fitting", "2026-09-03T15:00")]


@pytest.mark.parametrize("cancel", [
    "hi, my brother's gonna do it instead so I need to cancel, sorry",
    "can we cancel that one, we'll call back to reschedule after the holiday",
])
async def test_a_cancel_with_a_later_rebooking_in_passing_is_a_cancel(
    painter: Bot, cancel: str,
) -> None:
    await conversation(painter, ["a touch-up visit tomorrow at two please", "yes, Ann Lee"])
    answers = await conversation(painter, [cancel, "yes"])
    assert answers[0] == f"Your next appointment is a {TOUCH_UP}. Shall I cancel it?"
    assert await booked_rows(painter, "cancelled") == [("Touch-up visit", "2026-09-03T19:00")]


# -- 2. Moving an appointment, the new day told from the old one --------------------------------


NEXT_THURSDAY = ("Thursday the 10th of September at 2 PM", "2026-09-10T19:00")
FRIDAY = ("Friday the 4th of September at 2 PM", "2026-09-04T19:00")


@pytest.mark.parametrize(("move", "moved"), [
    ("hi it's Ann, can we push the touch-up to the Thursday after, same time?", NEXT_THURSDAY),
    ("something came up, could you move it a week later, same time", NEXT_THURSDAY),
    ("could we bump it one day later, same time?", FRIDAY),
    ("my wife's got people over, can we push my touch-up back a day? same time is fine", FRIDAY),
])
async def test_a_move_told_from_the_old_day_is_read_back_and_done_on_yes(
    painter: Bot, move: str, moved: tuple[str, str],
) -> None:
    await conversation(painter, ["a touch-up visit tomorrow at two please", "yes, Ann Lee"])
    answers = await conversation(painter, [move, "yes, that works"])
    assert answers[0] == f"That's your Touch-up visit moved to {moved[0]}. Shall I move it?"
    assert await booked_rows(painter) == [("Touch-up visit", moved[1])]


async def test_the_day_after_tomorrow_is_not_the_day_after_the_booking(painter: Bot) -> None:
    await conversation(painter, ["a touch-up visit Tuesday at two please", "yes, Ann Lee"])
    answers = await conversation(painter, [
        "hey, could we move my touch-up to the day after tomorrow instead, same time?", "yes"])
    assert answers[0] == ("That's your Touch-up visit moved to Friday the 4th of September at "
                          "2 PM. Shall I move it?")
    assert await booked_rows(painter) == [("Touch-up visit", "2026-09-04T19:00")]


@pytest.mark.parametrize("move", [
    "the kids flaked on me, can we push my touch-up to Saturday at ten",
    "can we move my touch-up visit from Thursday to Saturday at ten?",
])
async def test_a_move_naming_the_service_moves_it_rather_than_booking_another(
    painter: Bot, move: str,
) -> None:
    await conversation(painter, ["a touch-up visit tomorrow at two please", "yes, Ann Lee"])
    answers = await conversation(painter, [move, "yeah that's right"])
    assert answers[0] == ("That's your Touch-up visit moved to Saturday the 5th of September at "
                          "10 AM. Shall I move it?")
    assert await booked_rows(painter) == [("Touch-up visit", "2026-09-05T15:00")]


@pytest.mark.parametrize(("speech", "moves"), [
    ("I want to move in two weeks, can I see a unit Friday?", False),
    ("can we shift my touch-up up a day?", True),
])
def test_a_move_by_days_is_of_an_appointment(speech: str, moves: bool) -> None:
    assert receptionist(PAINTER).hears_reschedule(bot.Heard.of(speech)) is moves


# -- 3. "What time did we say?", in everyday words ------------------------------------------------


@pytest.mark.parametrize("asked", [
    "wait, which day did we say? I'm putting it on the calendar",
    "what time will they show up?",
    "just to double check, what time have you got me down for",
    "sorry, one more time, what time's he coming?",
])
async def test_the_booking_just_made_is_told_again(painter: Bot, asked: str) -> None:
    answers = await conversation(painter, ["a touch-up visit tomorrow at two please",
                                           "yes, Ann Lee", asked])
    assert answers[2] == f"You're booked for a {TOUCH_UP}."


@pytest.mark.parametrize("asked", [
    "what time do you close on Saturday?",
    "what times do you have on Friday?",
    "what time do you have free on Tuesday?",
])
def test_questions_of_ours_are_no_recall(asked: str) -> None:
    painter = receptionist(PAINTER)
    assert not painter.hears_recall(bot.Heard.of(asked))
    assert not painter.BOOKING_ASKED.search(bot.Heard.of(asked).lowered)


async def test_the_day_and_time_of_a_booking_in_hand_are_told_with_its_question(
    painter: Bot,
) -> None:
    answers = await conversation(painter, ["could someone come out tomorrow at two?",
                                           "sorry, what time did I say again?"])
    assert answers[0].startswith("Happy to book you in tomorrow, Thursday the 3rd of September "
                                 "at 2 PM. Which service")
    assert answers[1].startswith("Tomorrow, Thursday the 3rd of September at 2 PM. Which "
                                 "service")


async def test_a_question_asked_with_a_move_is_answered_before_the_read_back(
    dental: Bot,
) -> None:
    await conversation(dental, ["a filling tomorrow at ten please", "yes, Lena Vogt"])
    answers = await conversation(dental, [
        "hi it's Lena, something came up. Can we push my filling to the Thursday after, same "
        "time? And you do take Cigna, right?"])
    assert answers[0] == ("We accept most PPO plans, including Delta Dental, Cigna, Aetna and "
                          "MetLife. We don't take Medicaid. That's your Filling moved to Thursday "
                          "the 10th of December at 10 AM. Shall I move it?")


@pytest.mark.parametrize(("move", "moved"), [
    ("can we move the friday one from friday to saturday at ten?",
     "Painting estimate moved to Saturday the 5th of September at 10 AM"),
    ("the appointment on Friday, could we bump it one day later, same time?",
     "Painting estimate moved to Saturday the 5th of September at 10 AM"),
    ("can we move my touch up from tomorrow to Tuesday at two",
     "Touch-up visit moved to Tuesday the 8th of September at 2 PM"),
])
async def test_of_two_held_the_one_told_is_moved(painter: Bot, move: str, moved: str) -> None:
    await book_two(painter)
    answers = await conversation(painter, [move])
    assert answers[0] == f"That's your {moved}. Shall I move it?"


@pytest.mark.parametrize("move", [
    "hi, can we move my touch-up from tomorrow afternoon to tomorrow morning?",
    "I've got the touch-up tomorrow at two, any chance we could do the morning instead?",
])
async def test_a_move_to_another_part_of_the_same_day_offers_its_times(
    painter: Bot, move: str,
) -> None:
    await conversation(painter, ["a touch-up visit tomorrow at two please", "yes, Ann Lee"])
    answers = await conversation(painter, [move, "yes ten works", "yes"])
    assert answers[0].startswith("Tomorrow, Thursday the 3rd of September, I have ")
    assert answers[1] == ("That's your Touch-up visit moved to tomorrow, Thursday the 3rd of "
                          "September at 10 AM. Shall I move it?")
    assert await booked_rows(painter) == [("Touch-up visit", "2026-09-03T15:00")]


async def test_a_new_day_before_instead_and_its_time_after_it_are_both_kept(
    painter: Bot,
) -> None:
    await conversation(painter, ["a touch-up visit tomorrow at two please", "yes, Ann Lee"])
    answers = await conversation(painter, [
        "hey it's Ann, I booked a touch-up for tomorrow at two, I can't make it, can we do the "
        "day after tomorrow instead, like half past three, I don't get off work till three"])
    assert answers[0] == ("That's your Touch-up visit moved to Friday the 4th of September at "
                          "3:30 PM. Shall I move it?")


async def test_a_question_between_which_and_its_answer_keeps_the_choice(painter: Bot) -> None:
    await book_two(painter)
    answers = await conversation(painter, ["hi, I need to cancel my appointment",
                                           "what's your address?", "the touch up", "yes"])
    assert answers[1] == ("We're at 2210 Atwood Avenue, Madison. Which appointment would you "
                          "like to cancel?")
    assert answers[2] == f"That's your {TOUCH_UP}. Shall I cancel it?"
    assert await booked_rows(painter, "cancelled") == [("Touch-up visit", "2026-09-03T19:00")]


@pytest.mark.parametrize(("move", "then"), [
    ("hi it's Ann, can we push it back to four instead?", "yes"),
    ("hi, can I reschedule my touch-up?", "four o'clock, same day"),
])
async def test_an_hour_said_alone_or_the_same_day_moves_within_the_booked_day(
    painter: Bot, move: str, then: str,
) -> None:
    await conversation(painter, ["a touch-up visit tomorrow at two please", "yes, Ann Lee"])
    answers = await conversation(painter, [move, then, "yes"])
    read_back = ("That's your Touch-up visit moved to tomorrow, Thursday the 3rd of September at "
                 "4 PM. Shall I move it?")
    assert read_back in answers[:2]
    assert await booked_rows(painter) == [("Touch-up visit", "2026-09-03T21:00")]
