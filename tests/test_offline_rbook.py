"""The offline receptionist's booking conversations, as strangers' callers held them (blind5):
a yes that carries a name and an address or a number, a new day and time offered after a
refusal, a move told with its yes, two services asked for together, an estimate asked for in
everyday words (not the job it prices), and a holiday named by its date beside another weekday.

Mostly a house painter (tests/profiles/painter.toml: "Two-coat deck staining" and "Three-room
interior package" carry numbers a time or a count must not name; Labor Day and Thanksgiving are
closed), checked on the dental practice and the blind sets' profiles too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import Bot

from tests.offline_support import (
    DENTAL,
    LABOR_WEEK,
    MORE,
    PAINTER,
    PROFILES,
    SCENARIO_PROFILES,
    booked_rows,
    business_at,
    conversation,
    name_on_record,
    named,
    painter,
)

__all__ = ["painter"]  # fixtures: the businesses called

THANKSGIVING_WEEK = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)  # Monday 23 November, 10:00



painter_in_november = business_at(
    PAINTER, THANKSGIVING_WEEK,
    "The painter on the Monday of Thanksgiving week.")


# -- 1. A yes that carries a name and an address or a phone number ------------------------------


@pytest.mark.parametrize(("yes", "name"), [
    ("yeah that's fine, Dana Kowal, 418 Willow Lane", "Dana Kowal"),
    ("yep sounds good. I'm at 22 Elm Court, name's Rita Alvarez", "Rita Alvarez"),
    ("yes please, put it under Sam Ortiz, my cell is 608-555-0199", "Sam Ortiz"),
    ("perfect, it's Brianna Okafor, O-K-A-F-O-R, we're at 1207 Jenifer Street", "Brianna Okafor"),
])
async def test_a_yes_with_a_name_and_an_address_books_what_was_read_back(
    painter: Bot, yes: str, name: str,
) -> None:
    answers = await conversation(painter, ["could you do a touch-up visit Friday at one?", yes])
    assert answers[0] == ("That's a Touch-up visit on Friday the 4th of September at 1 PM. Shall I "
                          "book it, and what name shall I put it under?")
    assert answers[1] == (f"You're booked. Touch-up visit on Friday the 4th of September at "
                          f"1 PM. {MORE}")
    assert await booked_rows(painter) == [("Touch-up visit", "2026-09-04T18:00")]  # UTC
    assert await name_on_record(painter) == name


@pytest.mark.parametrize(("profile", "speech", "service"), [
    ("landscaping.toml", "can you guys come trim my hedges this Saturday, like nine?",
     "Tree and shrub trimming"),
    ("landscaping.toml", "I need my bushes trimmed back, maybe Thursday",
     "Tree and shrub trimming"),
    ("florist.toml", "we're getting married in June and would love to come in and talk flowers",
     "Wedding consultation"),
    ("florist.toml", "my fiancé and I want to sit down with someone about our flowers for the big "
     "day", "Wedding consultation"),
])
def test_the_service_is_heard_in_other_forms_of_its_words(
    profile: str, speech: str, service: str,
) -> None:
    assert named(SCENARIO_PROFILES / profile, speech) == service


# -- 2. A new day and time offered after a refusal ----------------------------------------------


@pytest.mark.parametrize(("offer", "read_back"), [
    ("oh gosh, duh, it's Thanksgiving. OK what about Saturday, like ten?",
     "Saturday the 28th of November at 10 AM"),
    ("right, Thanksgiving, silly me. Friday at eleven then?",
     "Friday the 27th of November at 11 AM"),
    ("of course you are. How about Wednesday, say two thirty?",
     "Wednesday the 25th of November at 2:30 PM"),
])
async def test_a_day_and_time_offered_after_a_holiday_is_read_back_at_that_time(
    painter_in_november: Bot, offer: str, read_back: str,
) -> None:
    answers = await conversation(painter_in_november, [
        "hi, could I get a touch-up visit on Thanksgiving morning?", offer, "yes, Joan Berg"])
    assert answers[0].startswith("We're closed on Thursday the 26th of November for "
                                 "Thanksgiving.")
    assert answers[1] == (f"That's a Touch-up visit on {read_back}. Shall I book it, and what "
                          "name shall I put it under?")
    assert answers[2] == f"You're booked. Touch-up visit on {read_back}. {MORE}"


@pytest.mark.parametrize("offer", ["OK, what about Saturday, like ten?",
                                   "Saturday at ten then"])
async def test_a_day_and_time_offered_after_a_taken_time_is_read_back_at_that_time(
    painter: Bot, offer: str,
) -> None:
    await conversation(painter, ["a touch-up visit Friday at 10 please", "yes, Ann Lee"])
    answers = await conversation(painter, ["could I get a touch-up visit Friday at ten?", offer],
                                 )
    assert "taken" in answers[0]
    assert answers[1].startswith("That's a Touch-up visit on Saturday the 5th of September at "
                                 "10 AM. Shall I book it")


@pytest.mark.parametrize(("speech", "day"), [
    ("could I come the Monday after Christmas at noon", "2026-12-28"),
    ("the Saturday after Christmas, at ten", "2026-12-26"),
    ("the Tuesday before Christmas at ten", "2026-12-22"),
    ("it's Christmas, I know. What about Saturday, like ten?", "2026-12-26"),
])
def test_a_weekday_said_beside_a_holiday_is_the_day_meant(speech: str, day: str) -> None:
    import bot

    monday = datetime(2026, 12, 21).date()
    profile = bot.load_profile(PAINTER)
    assert str(bot.parse_day(speech, monday, profile)) == day


# -- 3. A move with a day and time in its yes ---------------------------------------------------


@pytest.mark.parametrize("yes", ["yes, Tuesday at two", "yep, Tuesday at 2 works",
                                 "yes please, two o'clock Tuesday"])
async def test_a_yes_to_a_move_with_its_day_and_time_moves_it(painter: Bot, yes: str) -> None:
    await conversation(painter, ["a touch-up visit tomorrow at two please", "yes, Ann Lee"])
    answers = await conversation(painter, [
        "hi it's Ann again, I booked a touch-up for tomorrow, something came up at work. Can we "
        "push it to Tuesday, same time?", yes])
    assert answers[0] == ("That's your Touch-up visit moved to Tuesday the 8th of September at "
                          "2 PM. Shall I move it?")
    assert "Two-coat" not in answers[1]
    assert await booked_rows(painter) == [("Touch-up visit", "2026-09-08T19:00")]  # UTC


@pytest.mark.parametrize("move", [
    "hi it's Ann, I booked a touch-up for tomorrow, but something came up. Can we push it to "
    "Saturday at eleven instead?",
    "about my touch-up tomorrow, could you bump it to Saturday at 11 instead",
])
async def test_a_move_with_instead_at_its_end_moves_to_the_day_said(painter: Bot,
                                                                   move: str) -> None:
    await conversation(painter, ["a touch-up visit tomorrow at two please", "yes, Ann Lee"])
    answers = await conversation(painter, [move, "yes, Saturday at eleven, thanks"])
    assert answers[0] == ("That's your Touch-up visit moved to Saturday the 5th of September at "
                          "11 AM. Shall I move it?")
    assert await booked_rows(painter) == [("Touch-up visit", "2026-09-05T16:00")]  # UTC


async def test_next_weekday_moves_a_booking_on_that_weekday_a_week_on(painter: Bot) -> None:
    await conversation(painter, ["a touch-up visit tomorrow at two please", "yes, Ann Lee"])
    answers = await conversation(painter, [
        "hi, I just booked a touch-up for tomorrow but we'll be away. Can we move it to next "
        "Thursday, same time?", "yes, next Thursday at two, thank you"])
    assert answers[0] == ("That's your Touch-up visit moved to Thursday the 10th of September at "
                          "2 PM. Shall I move it?")
    assert await booked_rows(painter) == [("Touch-up visit", "2026-09-10T19:00")]  # UTC


@pytest.mark.parametrize(("speech", "service"), [
    ("a touch-up visit Friday at two", "Touch-up visit"),
    ("we've got a three bedroom house, could someone come give us a quote", "Painting estimate"),
    ("can you stain my deck at two on Friday", "Two-coat deck staining"),
    ("the three-room package please", "Three-room interior package"),
])
def test_a_time_or_a_count_names_no_service(speech: str, service: str) -> None:
    assert named(PAINTER, speech) in (service, None)
    assert named(PAINTER, speech) != "Two-coat deck staining" or service.startswith("Two")


# -- 4. Two services asked for together -----------------------------------------------------------


async def test_two_services_asked_together_are_both_booked_on_the_yes(make_bot: Any) -> None:
    wednesday = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
    async with make_bot(business_profile=DENTAL, clock=lambda: wednesday) as running:
        answers = await conversation(running, [
            "could I get a filling and a whitening tomorrow at 1?", "yes please, it's Ana Ruiz"])
        booked = await booked_rows(running)
    assert answers[0] == ("That's a Filling tomorrow, Thursday the 3rd of December at 1 PM, and "
                          "then a Whitening at 2 PM. Shall I book them, and what name shall I "
                          "put them under?")
    assert answers[1].startswith("You're booked. Filling tomorrow, Thursday the 3rd of "
                                 "December at 1 PM")
    assert "Whitening" in answers[1]
    assert booked == [("Filling", "2026-12-03T19:00"), ("Whitening", "2026-12-03T20:00")]


async def test_two_services_texted_together_are_both_booked_on_the_yes(make_bot: Any) -> None:
    wednesday = datetime(2026, 12, 23, 19, 5, tzinfo=UTC)  # 11:05 in Sacramento
    async with make_bot(business_profile=SCENARIO_PROFILES / "nail-salon.toml",
                        clock=lambda: wednesday) as running:
        first = await running.text("hey can i get a gel mani and a pedi tmrw around 3??")
        second = await running.text("yes!! its Kim Tran")
        booked = await booked_rows(running)
    assert "Gel manicure" in first and "Spa pedicure" in first and "3 PM" in first
    assert "booked" in second
    assert [service for service, _ in booked] == ["Gel manicure", "Spa pedicure"]
    assert booked[0][1] == "2026-12-24T23:00"  # 3 PM in Sacramento


# -- 5. An estimate asked for in everyday words, and a job that would run past closing ----------


@pytest.mark.parametrize("speech", [
    "we're redoing the three bedrooms, could somebody come out, look at the walls and give us "
    "a price? Friday around three?",
    "can someone come take a look at our kitchen cabinets and tell us what it would cost, like "
    "Friday at 3",
    "I'd like a quote for the deck, could you come by Friday at three?",
])
async def test_a_price_asked_to_be_given_is_the_estimate(painter: Bot, speech: str) -> None:
    answers = await conversation(painter, [speech])
    # (Its price may be said first: a price was asked.)
    assert answers[0].endswith("That's a Painting estimate on Friday the 4th of September at "
                               "3 PM. Shall I book it, and what name shall I put it under?")


async def test_a_job_that_would_run_past_closing_says_why(painter: Bot) -> None:
    answers = await conversation(painter, ["cabinet refinishing on Friday at 2 please"])
    assert "past 5 PM" in answers[0]
    assert await booked_rows(painter) == []


# -- 6. A holiday named by its date beside another weekday ---------------------------------------


@pytest.mark.parametrize("speech", [
    "we close on the new place Friday, and we were hoping you could paint Monday the 7th since "
    "it's the holiday",
    "my in-laws leave Friday, so could somebody do a touch-up visit Monday the 7th, I'm off for "
    "the holiday",
])
async def test_a_holiday_named_by_its_date_is_refused_by_its_name(painter: Bot,
                                                                  speech: str) -> None:
    answers = await conversation(painter, [speech])
    assert "We're closed on Monday the 7th of September for Labor Day." in answers[0]
    assert "Just to check" not in answers[0]
    assert await booked_rows(painter) == []


async def test_a_weekday_that_disagrees_with_its_date_is_still_asked(painter: Bot) -> None:
    answers = await conversation(painter, ["a touch-up visit Tuesday the 7th at ten please"])
    assert answers[0].startswith("Just to check: the 7th is a Monday.")


# -- From blind6: a look asked for, a weekday said with the time, two people, a child's kind ------


@pytest.mark.parametrize(("profile", "speech", "looks"), [
    ("pest-control.toml", "could you have the house inspected for termites Monday at 3",
     ["Termite inspection"]),
    ("pest-control.toml", "could someone come take a look at the ants Monday at 3", []),
    ("optometrist.toml", "I need my eyes evaluated for glasses, Monday at 3", []),
])
def test_a_look_asked_for_is_the_inspection_only_of_what_its_name_looks_at(
    profile: str, speech: str, looks: list[str],
) -> None:
    import bot

    desk = bot.OfflineReceptionist(bot.load_profile(SCENARIO_PROFILES / profile),
                                   None)  # type: ignore[arg-type]
    assert [s.name for s in desk.estimates_asked(bot.Heard.of(speech), None)] == looks


@pytest.mark.parametrize(("speech", "day"), [
    ("so that hail Tuesday night did a number on us, could somebody come Monday morning, like "
     "nine?", "2026-09-07"),
    ("I work Tuesday and Thursday, so could I come Wednesday at 3?", "2026-09-09"),
    ("he has soccer Fridays. Saturday at noon?", "2026-09-05"),
])
def test_of_weekdays_said_the_one_with_the_time_is_the_day(speech: str, day: str) -> None:
    import bot

    assert str(bot.parse_day(speech, LABOR_WEEK.date(), bot.load_profile(PAINTER))) == day


async def test_a_caller_and_their_child_are_never_one_booking(make_bot: Any) -> None:
    wednesday = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
    async with make_bot(business_profile=DENTAL, clock=lambda: wednesday) as running:
        answers = await conversation(running, [
            "hi, we're both patients already, could I book checkups for me and my son, he's "
            "nine, tomorrow at one, mine first and his right after?", "yes please, Kim Lee"])
        booked = await booked_rows(running)
    # Both said (one at a time, as main's parent-and-child rule asks), never one booked.
    assert "Checkup and cleaning" in answers[0] and "Child's checkup" in answers[0]
    assert len(booked) != 1


@pytest.mark.parametrize(("profile", "speech", "service"), [
    ("dental.toml", "my daughter needs a checkup and cleaning, she's seven, Friday at 9?",
     "Child's checkup"),
    ("dental.toml", "I'd like a checkup and cleaning Friday at 9", "Checkup and cleaning"),
])
async def test_a_service_asked_for_a_child_is_its_childrens_kind(
    make_bot: Any, profile: str, speech: str, service: str,
) -> None:
    wednesday = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
    async with make_bot(business_profile=PROFILES / profile, clock=lambda: wednesday) as running:
        answers = await conversation(running, [speech])
    assert answers[0].startswith(f"That's {'an' if service[0] in 'AEIOU' else 'a'} {service} "
                                 "on Friday the 4th of December at 9 AM.")


def test_an_address_with_a_numbered_street_is_no_time() -> None:
    import bot

    assert bot.exact_time("yes, that works. It's Rhonda Pierce, and the house is 4417 "
                          "Northwest 63rd Street, just off MacArthur") is None


@pytest.mark.parametrize("speech", [
    "we just moved here and I need a new dentist, a first visit with the checkup and cleaning. "
    "Anything tomorrow after work, say four?",
    "I need a checkup and cleaning, it'd be my first visit, tomorrow at four, I come straight "
    "from work",
])
async def test_the_callers_work_and_visit_ask_no_repair_nor_second_service(
    make_bot: Any, speech: str,
) -> None:
    wednesday = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
    async with make_bot(business_profile=DENTAL, clock=lambda: wednesday) as running:
        answers = await conversation(running, [speech])
    assert answers[0].startswith("That's a Checkup and cleaning tomorrow, Thursday the 3rd of "
                                 "December at 4 PM.")
