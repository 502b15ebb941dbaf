"""The offline receptionist reading the time of a booking (issue 18): of several numbers and
time words in one sentence, the one said as the time asked for (minutes, "at", "around",
"like", "-ish", a part of the day) beats a bare number; counts, ages, money, sizes and
addresses are no time; a deadline ("my phone dies by noon") is not the appointment; two times
said as surely as each other are asked between. A month said apart from a number is no date;
"June first" is one. Days the business cannot do are said why: a short day's closing, a
holiday by its name (also when a person is asked for that day), the notice the business needs.

Mostly the climbing gym (tests/profiles/climbing.toml; the clock Tuesday 17 November 2026,
10:00 in Denver; Saturday 8 to 2, Thanksgiving closed) and the bakery of a blind set
(48 hours' notice, Sunday 8 to noon).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from conftest import Bot

import bot
from tests.offline_support import DENTAL, PROFILES, booked_rows, conversation, said

BLIND = Path(__file__).parent.parent / "scenarios" / "profiles"
CLIMBING_NOW = datetime(2026, 11, 17, 17, 0, tzinfo=UTC)  # Tuesday 17 November, 10:00 Denver
TODAY = date(2026, 11, 17)


@pytest.fixture
async def gym(make_bot: Any) -> Any:
    async with make_bot(business_profile=PROFILES / "climbing.toml",
                        clock=lambda: CLIMBING_NOW) as running:
        yield running


@pytest.fixture
async def bakery(make_bot: Any) -> Any:
    async with make_bot(business_profile=BLIND / "bakery.toml",
                        clock=lambda: CLIMBING_NOW) as running:
        yield running


# -- 1. The time asked for, of several numbers in a sentence ------------------------------------


@pytest.mark.parametrize(("speech", "wanted"), [
    # An age, a count, a size or money is no time; the time said with a cue is.
    ("it's for my son, he's turning nine, could we come Friday around three?", time(15)),
    ("my daughter will be 6 on Friday, can she come at ten", time(10)),
    ("there's six of us, could we do Saturday at eleven", time(11)),
    ("a cake for thirty people, pick it up Friday around 4", time(16)),
    ("I've got a 10 inch pan, can I pick it up Friday at like two in the afternoon",
     time(14)),
    ("it cost me two grand last time, can you come Friday at 9", time(9)),
    ("we're at 4418 East Jacaranda, Friday around ten", time(10)),
    # A deadline is not the appointment; minutes are never dropped.
    ("my laptop dies by like noon every day, can I bring it Friday around twelve thirty",
     time(12, 30)),
    ("I need it back by 5, can I drop it off Friday at ten fifteen", time(10, 15)),
    ("Saturday morning, like ten-ish", time(10)),
    ("sat morning like 10ish? its jen, 2215 e baseline rd", time(10)),
    ("the Tuesday after, seven thirty in the morning", time(7, 30)),
    ("Friday at quarter to three", time(14, 45)),
    ("Friday at ten-thirty", time(10, 30)),
    ("friday at half past two", time(14, 30)),
    ("Friday at a quarter after three", time(15, 15)),
    ("call me on 480-555-0163, Friday at 10-30", time(10, 30)),
    ("could I pick it up around eleven on Saturday", time(11)),
])
def test_the_time_asked_for_beats_other_numbers(speech: str, wanted: time) -> None:
    assert bot.exact_time(speech) == wanted


@pytest.mark.parametrize("speech", [
    "could we come Friday around eleven, or at two maybe",
    "Friday, like 10 or 11",
    "could I come in Thursday 2 or 3",
    "Thursday at 8 or maybe 9 in the morning",
])
def test_two_times_said_as_surely_are_in_doubt(speech: str) -> None:
    assert bot.times_in_doubt(speech) is not None


@pytest.mark.parametrize("speech", [
    "my phone dies by noon, could I come Friday around twelve thirty",
    "Friday at 2, no wait, make it 3",
    "she's turning seven, could I pick it up Saturday around eleven",
    # A bound said with minutes is still a bound.
    "can someone come Thursday around seven in the evening, I'm not home till six fifteen",
])
def test_one_time_said_surest_is_not_in_doubt(speech: str) -> None:
    assert bot.times_in_doubt(speech) is None


@pytest.mark.parametrize(("speech", "day"), [
    # A month said apart from a number is no date.
    ("we're getting married next June, could we do a week from Saturday, like ten",
     date(2026, 11, 28)),
    ("my lease is up in March, can I come Friday at 9", date(2026, 11, 20)),
    ("what about the Tuesday after, December first, seven thirty in the morning",
     date(2026, 12, 1)),
    ("January the second at ten", date(2027, 1, 2)),
    ("the 28th of November at 9", date(2026, 11, 28)),
    # An ordinal of something else is no date.
    ("it's for her 16th birthday, Friday at one", date(2026, 11, 20)),
])
def test_a_date_is_a_month_with_its_number(speech: str, day: date) -> None:
    assert bot.parse_day(speech, TODAY) == day
    assert bot.day_disagrees(speech, TODAY) is None


@pytest.mark.parametrize(("speech", "day"), [
    ("what about the Tuesday right after", date(2027, 6, 1)),
    ("the day just before, then", date(2027, 5, 30)),
])
def test_a_day_counted_right_after_the_day_in_hand(speech: str, day: date) -> None:
    assert bot.day_counted_from(speech, date(2027, 5, 31)) == day


async def test_an_age_and_a_pickup_time_read_back_the_pickup(gym: Bot) -> None:
    answers = await conversation(gym, [
        "hi, my son is turning eight and I'd like a coaching session for him this Friday, "
        "could we come around eleven?"])
    assert answers == ["That's a Coaching session on Friday the 20th of November at 11 AM. "
                       "Shall I book it, and what name shall I put it under?"]


async def test_a_deadline_and_the_time_with_minutes_read_back_the_minutes(gym: Bot) -> None:
    answers = await conversation(gym, [
        "I have to be at work by like one every day, so could I do a coaching session the "
        "day after tomorrow around nine thirty?", "yes please, Dana Ortiz"])
    assert answers[0] == ("That's a Coaching session on Thursday the 19th of November at "
                          "9:30 AM. Shall I book it, and what name shall I put it under?")
    assert await booked_rows(gym) == [("Coaching session", "2026-11-19T16:30")]


async def test_two_times_are_asked_between_and_the_answer_picks_one(gym: Bot) -> None:
    answers = await conversation(gym, [
        "a coaching session on Friday, maybe around ten, or at three",
        "three please", "yes, Dana Ortiz"])
    assert answers[0] == ("Just to check, which time on Friday the 20th of November did you "
                          "mean: 10 AM or 3 PM?")
    assert answers[1] == ("That's a Coaching session on Friday the 20th of November at 3 PM. "
                          "Shall I book it, and what name shall I put it under?")
    assert await booked_rows(gym) == [("Coaching session", "2026-11-20T22:00")]


# -- 2. Days the business cannot do --------------------------------------------------------------


async def test_a_time_past_a_short_days_closing_says_the_hours(gym: Bot) -> None:
    answers = await conversation(gym, [
        "a coaching session on Saturday, at like four in the afternoon? we've got a "
        "birthday party after lunch"])
    assert "We close at 2 PM on Saturday" in answers[0]
    assert "Free times" in answers[0] and "That's a" not in answers[0]


async def test_a_lead_time_is_said_as_notice(bakery: Bot) -> None:
    answers = await conversation(bakery, [
        "I totally forgot, can you do a custom cake for tomorrow afternoon?"])
    assert "48 hours' notice" in answers[0]


@pytest.mark.parametrize(("minutes", "spoken"), [
    (2880, "48 hours'"), (60, "an hour's"), (120, "2 hours'"), (90, "90 minutes'"),
    (1440, "24 hours'")])
def test_notice_is_said_in_hours(minutes: int, spoken: str) -> None:
    assert bot.notice_spoken(minutes) == spoken


@pytest.mark.parametrize(("speech", "service"), [
    # (For a daughter, the children's checkup: tests/test_offline_rservice.py.)
    ("Hi, I need a checkup and cleaning for my daughter, is your hygienist available next "
     "Monday?", "Child's checkup"),
    ("hello, could your hygienist be there next Monday to do a checkup and cleaning?",
     "Checkup and cleaning"),
])
async def test_a_holiday_asked_for_with_a_person_is_said_by_name(
    make_bot: Any, speech: str, service: str,
) -> None:
    # Wednesday 1 September 2027, 10:00 in Chicago: next Monday is Labor Day, closed.
    async with make_bot(business_profile=DENTAL,
                        clock=lambda: datetime(2027, 9, 1, 15, 0, tzinfo=UTC)) as dental:
        answers = await conversation(dental, [
            speech, "oh right, the holiday. What about the Tuesday right after, September "
            "seventh, at ten in the morning?"])
    assert "closed on Monday the 6th of September for Labor Day" in answers[0]
    assert answers[1].startswith(f"That's a {service} on Tuesday the 7th of September at "
                                 "10 AM.")


@pytest.mark.parametrize("speech", [
    "is Tina working next Monday?", "can I talk to your hygienist next Monday?"])
async def test_a_person_asked_for_on_a_holiday_hears_it_is_closed(
    make_bot: Any, speech: str,
) -> None:
    async with make_bot(business_profile=DENTAL,
                        clock=lambda: datetime(2027, 9, 1, 15, 0, tzinfo=UTC)) as dental:
        answers = await conversation(dental, [speech])
    assert answers == ["We're closed on Monday the 6th of September for Labor Day. I can take "
                       "a message for Tina Lopez, or help with something else. Would you like "
                       "to leave a message?"]


async def test_a_texted_saturday_morning_like_ten_ish_is_read_back(gym: Bot) -> None:
    reply = said(await gym.text("can u do a coaching session sat morning like 10ish? "
                                "its jen, 2215 e baseline rd"))
    assert "Saturday the 21st of November at 10 AM" in reply


async def test_a_texted_time_already_taken_says_the_day_and_time_it_read(gym: Bot) -> None:
    await conversation(gym, ["a two-hour coaching session on Saturday at nine", "yes, Ana Ruiz"])
    reply = said(await gym.text("can u do a coaching session sat morning like 10ish? its jen",
                                frm="+15005550199"))
    assert reply.startswith("Sorry, 10 AM on Saturday the 21st of November is already taken. "
                            "Free times that day:")


# -- 3. Texted days and times ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "day", "wanted"), [
    ("can u come thurs @ 3ish", date(2026, 11, 19), time(15)),
    ("fri 10a?", date(2026, 11, 20), time(10)),
    ("sat at 930", date(2026, 11, 21), time(9, 30)),
    ("fri 1030 works", date(2026, 11, 20), time(10, 30)),
    ("wed @ noonish", date(2026, 11, 18), time(12)),
    ("tues aft like 2", date(2026, 11, 24), time(14)),
])
def test_texted_days_and_times(text: str, day: date, wanted: time) -> None:
    assert bot.parse_day(text, TODAY) == day
    assert bot.exact_time(text) == wanted


@pytest.mark.parametrize("speech", [
    "I live at 1130 Main Street, can I come Friday at 3",
    "my flight 1230 lands Friday morning, can I come Friday at 3",
])
def test_a_number_of_something_is_no_texted_clock(speech: str) -> None:
    assert bot.exact_time(speech) == time(15)


async def test_a_texted_booking_with_shorthand_is_read_back(gym: Bot) -> None:
    reply = said(await gym.text("can i get a coaching session tues aft like 2ish"))
    assert reply.startswith("That's a Coaching session on Tuesday the 24th of November at 2 PM.")



# -- The caller's days, dated for the owner ---------------------------------------------------


@pytest.mark.parametrize(("words", "for_owner"), [
    ("call me back tomorrow", "call me back tomorrow [Wed 18 Nov]"),
    ("can you come out tomorrow morning?", "can you come out tomorrow [Wed 18 Nov] morning?"),
    ("I'm free tonight after 6", "I'm free tonight [Tue 17 Nov] after 6"),
    ("Call me back this Friday", "Call me back this Friday [Fri 20 Nov]"),
    ("maybe next Tuesday at 3", "maybe next Tuesday [Tue 24 Nov] at 3"),
    ("next Wednesday works", "next Wednesday [Wed 25 Nov] works"),
    ("the day after tomorrow is best", "the day after tomorrow [Thu 19 Nov] is best"),
    ("Monday's no good, Thursday?", "Monday's [Mon 23 Nov] no good, Thursday [Thu 19 Nov]?"),
    ("a week from Monday", "a week from Monday [Mon 30 Nov]"),
    ("I can pay the whole thing Friday when I get paid",
     "I can pay the whole thing Friday [Fri 20 Nov] when I get paid"),
    # Said with its date, gone by, a habit, or dated already: kept as said.
    ("Friday the 20th at 3", "Friday the 20th at 3"),
    ("Monday, November 23", "Monday, November 23"),
    ("I was in last Friday", "I was in last Friday"),
    ("my car got towed Sunday", "my car got towed Sunday"),
    ("your technician came Tuesday and said he'd order a part",
     "your technician came Tuesday and said he'd order a part"),
    ("the boots I left Monday need to be ready by Friday",
     "the boots I left Monday need to be ready by Friday [Fri 20 Nov]"),
    ("I'll pick up my wheels Saturday instead of Friday",
     "I'll pick up my wheels Saturday [Sat 21 Nov] instead of Friday [Fri 20 Nov]"),
    ("I work Fridays and every Monday", "I work Fridays and every Monday"),
    ("call me back tomorrow [Wed 18 Nov]", "call me back tomorrow [Wed 18 Nov]"),
    ("at 10 or 11 in the morning", "at 10 or 11 in the morning"),
])
def test_a_day_the_caller_names_from_today_gets_its_date_beside_it(
    words: str, for_owner: str
) -> None:
    """What the owner reads a day later: the day meant, not "tomorrow"."""
    assert bot.dated_days(words, TODAY) == for_owner
