"""The offline receptionist's booking conversation as callers really hold it: relative dates
("a week from today"), a yes and a name in one breath, moves and cancels told in passing,
what was heard kept while a question is asked, times the business is closed, corrections,
and a price asked about the booking in hand. Nothing is booked without a yes.

Three businesses: the dental practice (tests/profiles/dental.toml; the clock Wednesday
2 December 2026, 10:00 in Chicago), the bike shop (business.toml; Tuesday 24 November 2026,
10:00) and a hearing clinic (tests/profiles/hearing.toml; Monday 7 December 2026, 9:30: a
lunch closure from 12 to 1, closing at 5:30, late on Thursdays).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from conftest import Bot

import bot
from tests.offline_support import (
    DENTAL_NOW,
    MORE,
    PROFILES,
    booked_rows,
    conversation,
    dental,
    name_on_record,
)

__all__ = ["dental"]  # a fixture: the dental practice called

# The hearing clinic here is tests/profiles/hearing.toml, not offline_support's.
HEARING_NOW = datetime(2026, 12, 7, 15, 30, tzinfo=UTC)  # Monday 7 December, 9:30 Chicago


@pytest.fixture
async def hearing(make_bot: Any) -> Any:
    async with make_bot(business_profile=PROFILES / "hearing.toml",
                        clock=lambda: HEARING_NOW) as running:
        yield running


# -- 1. Relative dates land on the right day ----------------------------------------------------


@pytest.mark.parametrize(("speech", "day"), [
    ("a week from today", date(2026, 12, 9)),
    ("could I come in a week from today after work", date(2026, 12, 9)),
    ("a week from tomorrow around ten", date(2026, 12, 10)),
    ("a week today", date(2026, 12, 9)),
    ("one week from now", date(2026, 12, 9)),
    ("two weeks from today", date(2026, 12, 16)),
    ("two weeks from Friday", date(2026, 12, 18)),
    ("a week from this coming Friday", date(2026, 12, 11)),
    ("three weeks from now", date(2026, 12, 23)),
    ("a fortnight from tomorrow", date(2026, 12, 17)),
    ("a week from Wednesday", date(2026, 12, 9)),  # said on a Wednesday: a week from today
    ("a week from Thursday", date(2026, 12, 10)),
    ("the Tuesday after next", date(2026, 12, 15)),
    ("Thursday the week after next", date(2026, 12, 17)),
    ("the week after next", date(2026, 12, 14)),
    ("next week Tuesday", date(2026, 12, 8)),
    ("in two weeks", date(2026, 12, 16)),
    ("end of next week", date(2026, 12, 11)),
    ("the day after tomorrow", date(2026, 12, 4)),
    ("in 3 days", date(2026, 12, 5)),
])
def test_relative_days_land_on_the_day_meant(speech: str, day: date) -> None:
    assert bot.parse_day(speech, date(2026, 12, 2)) == day


async def test_a_week_from_today_is_read_back_as_that_day_not_today(dental: Bot) -> None:
    answers = await conversation(dental, [
        "could I get my teeth whitened a week from today, around nine?", "yes, Noor Haddad"])
    assert answers == [
        "That's a Whitening on Wednesday the 9th of December at 9 AM. Shall I book it, and "
        "what name shall I put it under?",
        f"You're booked. Whitening on Wednesday the 9th of December at 9 AM. {MORE}"]
    assert await booked_rows(dental) == [("Whitening", "2026-12-09T15:00")]


async def test_two_weeks_from_friday_books_that_friday(dental: Bot) -> None:
    answers = await conversation(dental, ["I need a filling two weeks from Friday at eleven"])
    assert answers == [
        "That's a Filling on Friday the 18th of December at 11 AM. Shall I book it, and what "
        "name shall I put it under?"]


async def test_two_services_named_by_different_words_are_asked_not_guessed(hearing: Bot) -> None:
    # "test" names the Hearing test, "fitting" the Hearing aid fitting: which is asked (the
    # shorter name does not win), and the day and time said are kept while asking.
    answers = await conversation(hearing, [
        "I had my test elsewhere, now I'd like to come about a fitting a week from today at two",
        "the fitting please"])
    assert answers == [
        "Happy to book you in on Monday the 14th of December at 2 PM. Which service would you "
        "like: Hearing test or Hearing aid fitting?",
        "That's a Hearing aid fitting on Monday the 14th of December at 2 PM. Shall I book it, "
        "and what name shall I put it under?"]
    assert await booked_rows(hearing) == []


# -- 2. A yes and the caller's name in one turn -------------------------------------------------


@pytest.mark.parametrize(("answer", "name"), [
    ("yes that's correct, Dana Whitfield", "Dana Whitfield"),
    ("lovely yes, Omar Castellanos", "Omar Castellanos"),
    ("sounds good, we're the Okafors, Grace Okafor", "Grace Okafor"),
    ("oh great yeah nine is fine, Pete Marsh, M A R S H", "Pete Marsh"),
    ("yes nine, I'm Lena Vogt", "Lena Vogt"),
    ("yes, nine o'clock, Harold Finch", "Harold Finch"),
    ("yep perfect, the name's Ivy Chen", "Ivy Chen"),
])
async def test_a_yes_and_a_name_in_one_breath_books_under_the_name(
    dental: Bot, answer: str, name: str,
) -> None:
    answers = await conversation(dental, ["can I book a whitening on Friday at 9", answer])
    assert answers[1] == f"You're booked. Whitening on Friday the 4th of December at 9 AM. {MORE}"
    assert await booked_rows(dental) == [("Whitening", "2026-12-04T15:00")]
    assert await name_on_record(dental) == name


async def test_a_name_given_with_the_request_is_not_asked_again(dental: Bot) -> None:
    answers = await conversation(dental, [
        "can I book a whitening for Friday at 9, name Omar Haddad", "yes that's right"])
    assert answers == [
        "That's a Whitening on Friday the 4th of December at 9 AM. Shall I book it?",
        f"You're booked. Whitening on Friday the 4th of December at 9 AM. {MORE}"]
    assert await name_on_record(dental) == "Omar Haddad"


async def test_a_name_given_with_the_request_is_kept_only_on_a_yes(dental: Bot) -> None:
    answers = await conversation(dental, [
        "can I book a whitening for Friday at 9, under Omar Haddad", "no thanks"])
    assert answers[1].startswith("No problem, I won't book anything.")
    assert await name_on_record(dental) is None
    assert await booked_rows(dental) == []


async def test_an_evening_business_hears_around_eight_as_the_evening(make_bot: Any) -> None:
    restaurant = Path(__file__).parent.parent / "scenarios" / "profiles" / "restaurant.toml"
    async with make_bot(business_profile=restaurant, clock=lambda: DENTAL_NOW) as running:
        answers = await conversation(running, [
            "we're thinking a week from Friday, around eight, maybe four of us"])
    assert answers[0].startswith("Happy to book you in on Friday the 11th of December at 8 PM.")


async def test_a_parent_booking_for_a_child_is_booked_under_the_parent(dental: Bot) -> None:
    answers = await conversation(dental, [
        "can I book a child's checkup on Friday at 9", "great, yes, her name's Mia and I'm her "
        "dad, Tom Reyes"])
    assert answers[1] == (
        f"You're booked. Child's checkup on Friday the 4th of December at 9 AM. {MORE}")
    assert await name_on_record(dental) == "Tom Reyes"


async def test_a_yes_with_a_different_time_is_a_correction_read_back_again(dental: Bot) -> None:
    answers = await conversation(dental, [
        "can I book a whitening on Friday at 9", "yes but ten thirty, Lena Vogt"])
    assert answers[1] == ("That's a Whitening on Friday the 4th of December at 10:30 AM. Shall "
                          "I book it?")
    assert await booked_rows(dental) == []


async def test_a_new_caller_saying_no_to_the_read_back_books_nothing(dental: Bot) -> None:
    # The first point stands: an unknown caller gives a name, and nothing is booked
    # without a yes to the read-back.
    answers = await conversation(dental, ["can I book a whitening on Friday at 9",
                                          "no, sorry, I've changed my mind"])
    assert answers[1].startswith("No problem, I haven't booked anything.")
    assert await booked_rows(dental) == []


# -- 3. Moves and cancels told the way returning callers tell them ------------------------------


async def book(running: Bot, request: str, yes: str) -> None:
    """A booking made on an earlier call from the caller's number."""
    answers = await conversation(running, [request, yes])
    assert answers[1].startswith("You're booked."), answers


@pytest.mark.parametrize("move", [
    "hi it's Dana Whitfield, I have my cleaning on Monday at two but my son has a game, can "
    "we move it to Tuesday at three instead?",
    "I've got a checkup Monday at 2 but my boss just called a meeting, could we do Tuesday at "
    "three instead?",
])
async def test_a_move_told_in_passing_reads_the_new_time_back(dental: Bot, move: str) -> None:
    await book(dental, "a checkup and cleaning on Monday at 2", "yes, Dana Whitfield")
    answers = await conversation(dental, [move, "yes"])
    assert answers[0] == ("That's your Checkup and cleaning moved to Tuesday the 8th of December "
                          "at 3 PM. Shall I move it?")
    assert answers[1].startswith("You're booked. Checkup and cleaning on Tuesday the 8th of "
                                 "December at 3 PM. I've cancelled the earlier one.")
    assert await booked_rows(dental) == [("Checkup and cleaning", "2026-12-08T21:00")]


async def test_same_time_another_day_keeps_the_time(dental: Bot) -> None:
    await book(dental, "a checkup and cleaning on Monday at 2", "yes, Dana Whitfield")
    answers = await conversation(dental, ["could we move it to Tuesday instead, same time?"])
    assert answers == ["That's your Checkup and cleaning moved to Tuesday the 8th of December "
                       "at 2 PM. Shall I move it?"]


@pytest.mark.parametrize("cancel", [
    "hi, Dana again, I just booked a cleaning for Monday, but we're going away, so go ahead and "
    "cancel that",
    "I have a checkup Monday at two, I need to cancel it, something came up",
])
async def test_a_cancel_told_in_passing_is_read_back_and_done_on_a_yes(
    dental: Bot, cancel: str,
) -> None:
    await book(dental, "a checkup and cleaning on Monday at 2", "yes, Dana Whitfield")
    answers = await conversation(dental, [cancel, "yes please"])
    assert answers[0] == ("That's your Checkup and cleaning on Monday the 7th of December at "
                          "2 PM. Shall I cancel it?")
    assert answers[1].startswith("Done.")
    assert await booked_rows(dental, "cancelled") == [("Checkup and cleaning", "2026-12-07T20:00")]


# -- 4. What was heard is kept; the service inferred when one clearly fits ----------------------


async def test_a_child_described_gets_the_service_for_children(hearing: Bot) -> None:
    answers = await conversation(hearing, [
        "hi, my daughter's teacher thinks she isn't hearing well, she's six, could we bring her "
        "in wednesday morning, maybe ten thirty?"])
    assert answers == ["That's a Listening check on Wednesday the 9th of December at 10:30 AM. "
                       "Shall I book it, and what name shall I put it under?"]


async def test_an_adult_asking_for_themselves_gets_the_adult_service(hearing: Bot) -> None:
    answers = await conversation(hearing, [
        "I think I need my hearing tested, do you have anything tomorrow at ten?"])
    assert answers == ["That's a Hearing test tomorrow, Tuesday the 8th of December at 10 AM. "
                       "Shall I book it, and what name shall I put it under?"]


async def test_the_service_asked_keeps_the_day_and_time_heard(dental: Bot) -> None:
    answers = await conversation(dental, [
        "hi, I'd like to come in, do you have anything tomorrow at ten?", "a filling"])
    assert answers[0].startswith("Happy to book you in tomorrow, Thursday the 3rd of December "
                                 "at 10 AM. Which service would you like")
    assert answers[1] == ("That's a Filling tomorrow, Thursday the 3rd of December at 10 AM. "
                          "Shall I book it, and what name shall I put it under?")


# -- 5. Times the business is not open ----------------------------------------------------------


async def test_after_closing_today_says_when_it_closes(hearing: Bot) -> None:
    answers = await conversation(hearing, [
        "can I drop off my hearing aid for a repair at six tonight after work?"])
    assert answers[0].startswith("We close at 5:30 PM today.")
    assert "Which time would suit you?" in answers[0]


async def test_a_time_in_the_lunch_closure_says_so_and_offers_either_side(hearing: Bot) -> None:
    answers = await conversation(hearing, ["could I get a hearing test today at twelve thirty?"])
    assert answers[0] == ("We're closed for lunch from 12 PM to 1 PM. Free times that day: "
                          "11:15 AM, 1 PM or 1:15 PM. Which time would suit you?")


async def test_the_evening_on_the_late_day_is_booked(hearing: Bot) -> None:
    answers = await conversation(hearing, [
        "my hearing aid stopped working, can I bring it in Thursday around six in the evening?"])
    assert answers == ["That's a Hearing aid repair on Thursday the 10th of December at 6 PM. "
                       "Shall I book it, and what name shall I put it under?"]


async def test_somebody_to_see_me_at_a_time_is_a_booking_not_a_transfer(hearing: Bot) -> None:
    # "till five" bounds the day; the time asked for is six in the evening.
    answers = await conversation(hearing, [
        "my hearing aid stopped working, I work till five, is there any way somebody could see "
        "me Thursday around six in the evening?"])
    assert answers == ["That's a Hearing aid repair on Thursday the 10th of December at 6 PM. "
                       "Shall I book it, and what name shall I put it under?"]


@pytest.mark.parametrize(("speech", "moment"), [
    ("I work till five, could somebody come by tomorrow around six in the evening?", time(18)),
    ("could I come in a week from Monday, first thing, like 7:30?", time(7, 30)),
    ("after work, like six", time(18)),
    ("I'm busy until 2, so maybe three?", time(15)),
])
def test_the_time_asked_for_is_read_in_the_part_of_the_day_said(
    speech: str, moment: time,
) -> None:
    assert bot.exact_time(speech) == moment


async def test_shots_are_the_vaccinations(make_bot: Any) -> None:
    vet = Path(__file__).parent.parent / "scenarios" / "profiles" / "vet.toml"
    async with make_bot(business_profile=vet, clock=lambda: DENTAL_NOW) as running:
        answers = await conversation(running, [
            "my puppy needs his shots, could we come in Friday at ten thirty?"])
    assert answers == ["That's a Vaccinations on Friday the 4th of December at 10:30 AM. Shall "
                       "I book it, and what name shall I put it under?"]


async def test_a_problem_told_is_the_repair_not_the_service_half_named(make_bot: Any) -> None:
    # "furnace" is half of "Furnace tune-up"; the problem told is the Repair service call's.
    hvac = Path(__file__).parent.parent / "scenarios" / "profiles" / "hvac.toml"
    async with make_bot(business_profile=hvac, clock=lambda: DENTAL_NOW) as running:
        answers = await conversation(running, [
            "our furnace is making a banging noise and isn't working right, could someone come "
            "out Friday at ten?"])
    assert answers == ["That's a Repair service call on Friday the 4th of December at 10 AM. "
                       "Shall I book it, and what name shall I put it under?"]


async def test_a_service_half_named_with_no_problem_told_is_kept(dental: Bot) -> None:
    # "a cleaning" is half of "Checkup and cleaning"; no problem told, so it stays that.
    answers = await conversation(dental, ["can I come in for a cleaning Friday at nine?"])
    assert answers == ["That's a Checkup and cleaning on Friday the 4th of December at 9 AM. "
                       "Shall I book it, and what name shall I put it under?"]


# -- 6. Corrections in the first request --------------------------------------------------------


@pytest.mark.parametrize("speech", [
    "could I come in for a whitening Friday at nine, oh no wait, I have the school run, ten, can "
    "we do ten on Friday",
    "a whitening on Friday at nine, actually make it ten",
])
async def test_a_bare_number_after_a_correction_replaces_the_time(dental: Bot, speech: str) -> None:
    answers = await conversation(dental, [speech, "yes ten, Lena Vogt"])
    assert answers[0] == ("That's a Whitening on Friday the 4th of December at 10 AM. Shall I "
                          "book it, and what name shall I put it under?")
    assert await booked_rows(dental) == [("Whitening", "2026-12-04T16:00")]


async def test_a_correction_with_no_service_is_asked_keeping_the_time(hearing: Bot) -> None:
    answers = await conversation(hearing, [
        "could I sit down with someone Wednesday at nine, oh no wait, eleven, can we do eleven "
        "on Wednesday"])
    assert answers[0].startswith("Happy to book you in on Wednesday the 9th of December at "
                                 "11 AM.")


# -- 7. and 8. The price of the booking in hand -------------------------------------------------


@pytest.mark.parametrize("question", ["what's that gonna run me?", "how much is that?"])
async def test_the_price_after_a_read_back_is_the_services(dental: Bot, question: str) -> None:
    answers = await conversation(dental, ["can I book a whitening on Friday at 9", question])
    assert answers[1].startswith("A Whitening is $350")
    assert answers[1].endswith("That's a Whitening on Friday the 4th of December at 9 AM. Shall "
                               "I book it, and what name shall I put it under?")


async def test_the_price_after_a_booking_is_the_services(dental: Bot) -> None:
    answers = await conversation(dental, ["can I book a whitening on Friday at 9",
                                          "yes, Ivy Chen", "how much will that be?"])
    assert answers[2].startswith("A Whitening is $350")


async def test_a_price_and_a_booking_in_one_turn_get_both(hearing: Bot) -> None:
    answers = await conversation(hearing, [
        "my hearing aid keeps whistling, what do you have for that and what's it cost? could I "
        "bring it in wednesday at ten thirty?"])
    assert answers[0].startswith("A Hearing aid repair is from $40")
    assert answers[0].endswith("That's a Hearing aid repair on Wednesday the 9th of December at "
                               "10:30 AM. Shall I book it, and what name shall I put it under?")
    assert await booked_rows(hearing) == []
