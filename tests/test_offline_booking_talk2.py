"""The offline receptionist's booking talk, second round (issue 18): what strangers' callers
said that the first round did not generalise to. A service told by its length ("a one hour
lesson" is not the Two-hour one), services named alike asked between (never a third guessed
from its description), a day counted from the day in hand ("the Wednesday before it"), a
date word in an aside ("we moved in today… tomorrow at ten"), another appointment's time in
passing ("I have my dentist appointment at nine thirty"), "same time" kept, a booking
checked back ("ten tomorrow, right?"), and a cancel asked with its fee.

Mostly a climbing gym (tests/profiles/climbing.toml; the clock Tuesday 17 November 2026,
10:00 in Denver: Thanksgiving is Thursday the 26th), checked on the blind sets' profiles too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from conftest import Bot

import bot
from tests.offline_support import (
    MORE,
    PROFILES,
    SCENARIO_PROFILES,
    booked_rows,
    conversation,
    named,
    receptionist,
)

BLIND = SCENARIO_PROFILES  # the eval's profiles, the blind sets' among them
CLIMBING_NOW = datetime(2026, 11, 17, 17, 0, tzinfo=UTC)  # Tuesday 17 November, 10:00 Denver


@pytest.fixture
async def gym(make_bot: Any) -> Any:
    async with make_bot(business_profile=PROFILES / "climbing.toml",
                        clock=lambda: CLIMBING_NOW) as running:
        yield running


# -- 1. A length said is the service that long ----------------------------------------------------


@pytest.mark.parametrize(("profile", "speech", "service"), [
    ("climbing.toml", "could I get a one hour coaching session friday", "Coaching session"),
    ("climbing.toml", "just an hour of coaching please", "Coaching session"),
    ("climbing.toml", "a 2 hour coaching session on friday", "Two-hour coaching session"),
    ("climbing.toml", "the two-hour coaching", "Two-hour coaching session"),
    ("driving-school.toml", "my son needs a one hour lesson", "Single driving lesson"),
    ("driving-school.toml", "can he do a two hour lesson", "Two-hour driving lesson"),
    ("massage.toml", "an hour of deep tissue", "Deep tissue massage"),
    ("massage.toml", "the ninety minute deep tissue", "90-minute deep tissue"),
])
def test_a_length_said_names_the_service_that_long(
    profile: str, speech: str, service: str,
) -> None:
    assert named(profile, speech) == service


async def test_a_one_hour_session_is_read_back_as_the_one_hour_service(gym: Bot) -> None:
    answers = await conversation(gym, ["I'd like a one hour coaching session Friday at four"])
    assert answers == ["That's a Coaching session on Friday the 20th of November at 4 PM. "
                       "Shall I book it, and what name shall I put it under?"]


# -- 2. Services named alike are asked between, not a third guessed ----------------------------


@pytest.mark.parametrize("speech", [
    "I want to start belay classes but I hear I need some kind of intro first, could "
    "I do that Friday at ten?",
    "my friend says before the belay class there's an intro I have to take, can I come Friday "
    "at 10",
    "I'd like to start belay classes, I hear I need some kind of intro first, could I do that "
    "Friday at ten before work?",
])
async def test_a_service_named_alike_is_never_a_third_from_its_description(
    gym: Bot, speech: str,
) -> None:
    answer = (await conversation(gym, [speech]))[0]
    assert "Intro month pass" not in answer
    assert answer.startswith(("That's a Belay intro lesson on Friday the 20th of November at "
                              "10 AM.", "Happy to book you in on Friday the 20th of November "
                              "at 10 AM. Which service would you like: Belay intro lesson or "
                              "Group belay class?"))


@pytest.mark.parametrize(("profile", "speech", "service"), [
    ("locksmith.toml", "I'd like all the locks rekeyed tomorrow", "Rekey"),
    ("yoga-studio.toml", "a reformer intro please", "Reformer intro private"),
    ("climbing.toml", "a belay intro on friday", "Belay intro lesson"),
])
def test_the_service_whose_whole_name_is_said_wins(profile: str, speech: str,
                                                   service: str) -> None:
    assert named(profile, speech) == service


# -- 3. A day counted from the day in hand -----------------------------------------------------


@pytest.mark.parametrize(("second", "read_back"), [
    ("oh right, duh. The Wednesday before it then? Like nine in the morning?",
     "Wednesday the 25th of November at 9 AM"),
    ("ah ok, what about the day before, at nine?", "Wednesday the 25th of November at 9 AM"),
    ("of course. The Saturday after, same time?", "Saturday the 28th of November at 10 AM"),
    ("oh ha. What about the Saturday after, the 28th, same time?",
     "Saturday the 28th of November at 10 AM"),
])
async def test_a_day_told_from_a_closed_day_is_counted_from_it(
    gym: Bot, second: str, read_back: str,
) -> None:
    answers = await conversation(gym, [
        "could I get a coaching session for my son a week from Thursday at ten?", second,
        "yes please, Greg Tanaka"])
    assert answers[0].startswith("We're closed on Thursday the 26th of November for "
                                 "Thanksgiving.")
    assert answers[1] == (f"That's a Coaching session on {read_back}. Shall I book it, and "
                          "what name shall I put it under?")
    assert answers[2] == f"You're booked. Coaching session on {read_back}. {MORE}"


@pytest.mark.parametrize(("speech", "day"), [
    ("we just closed on a house today, could somebody come out tomorrow morning, like ten?",
     date(2026, 11, 18)),
    ("my shoes fell apart today, so can I get a fitting tomorrow at 3", date(2026, 11, 18)),
    ("tomorrow at three, I'm stuck at work today", date(2026, 11, 18)),
    ("not tomorrow, today at five", date(2026, 11, 17)),
    ("this Saturday. Can we do eight? Actually no wait, he's got a sleepover Friday night, he "
     "won't be up. Make it ten thirty.", date(2026, 11, 21)),
    ("Saturday at nine, no sorry, she's got a swim meet Friday night, make it eleven",
     date(2026, 11, 21)),
])
def test_a_day_said_in_passing_is_not_the_day_asked_for(speech: str, day: date) -> None:
    assert bot.parse_day(speech, date(2026, 11, 17)) == day


# -- 4. Another appointment's time, and "no, sorry" --------------------------------------------


@pytest.mark.parametrize(("speech", "wanted"), [
    ("could I come tomorrow at ten? No, sorry, eleven, I have my OB appointment at nine thirty "
     "and they always run late", time(11)),
    ("Friday at 2, no sorry, 3, I've got a meeting at 1", time(15)),
    ("can I book something at four? I have a dentist appointment at two", time(16)),
])
def test_another_appointments_time_is_not_the_time_asked_for(speech: str, wanted: time) -> None:
    assert bot.exact_time(speech) == wanted


async def test_a_booking_told_beside_another_appointment_is_read_back(gym: Bot) -> None:
    answers = await conversation(gym, [
        "Hi, could I get a gear fitting with Leo tomorrow at ten? No, sorry, eleven, I have my "
        "physio appointment at nine thirty and they always run late.",
        "Yes, eleven tomorrow. Maria Delgado."])
    assert answers == [
        "That's a Gear fitting tomorrow, Wednesday the 18th of November at 11 AM. Shall I book "
        "it, and what name shall I put it under?",
        f"You're booked. Gear fitting tomorrow, Wednesday the 18th of November at 11 AM. {MORE}"]


async def test_a_coach_named_with_a_day_and_time_is_a_booking(gym: Bot) -> None:
    answers = await conversation(gym, ["Can I get a coaching session with Leo, the day after "
                                       "tomorrow around one-ish?"])
    assert answers == ["That's a Coaching session on Thursday the 19th of November at 1 PM. "
                       "Shall I book it, and what name shall I put it under?"]


# -- 5. The booking just made, checked back -----------------------------------------------------


@pytest.mark.parametrize("check", [
    "ok and sorry, eleven tomorrow, right?",
    "so that's tomorrow at eleven, correct?",
    "ok great and sorry, that was eleven tomorrow, right?",
])
async def test_a_booking_checked_back_is_confirmed(gym: Bot, check: str) -> None:
    answers = await conversation(gym, ["a gear fitting tomorrow at 11 please", "yes, Ana Ruiz",
                                       check])
    assert answers[2] == ("That's right: you're booked for a Gear fitting tomorrow, Wednesday "
                          "the 18th of November at 11 AM.")
    assert await booked_rows(gym) == [("Gear fitting", "2026-11-18T18:00")]


# -- 6. "Same time" another day ---------------------------------------------------------------


async def test_same_time_after_a_refusal_keeps_the_time_asked(gym: Bot) -> None:
    answers = await conversation(gym, ["a belay intro lesson on Thanksgiving at 10",
                                       "ok, Saturday the 28th then, same time?"])
    assert answers[1] == ("That's a Belay intro lesson on Saturday the 28th of November at "
                          "10 AM. Shall I book it, and what name shall I put it under?")
@pytest.mark.parametrize("question", [
    "and sorry, how much was the coaching again?",
    "how much was the whole session again? my wife will ask",
])
async def test_the_price_asked_again_is_the_booked_services(gym: Bot, question: str) -> None:
    answers = await conversation(gym, ["a two hour coaching session friday at 3",
                                       "yes, Ana Ruiz", question])
    assert answers[2].startswith("A Two-hour coaching session is $130")


# -- 7. A cancel asked with its fee -----------------------------------------------------------


async def test_a_cancel_asked_with_its_fee_gets_the_policy(gym: Bot) -> None:
    answers = await conversation(gym, [
        "Hi, I have a coaching session at three today but I woke up sick, I need to cancel it. "
        "Will I get charged for that?"])
    assert "we waive the fee" in answers[0]


# -- 8. The latest (or earliest) time that fits, asked ---------------------------------------


@pytest.mark.parametrize(("question", "offered", "reply"), [
    ("ugh, okay. What's the latest I could come in then?", "12 PM", "okay, twelve then"),
    ("hmm, what's the earliest you could do that day?", "8 AM", "fine, eight it is"),
])
async def test_the_latest_time_that_fits_is_offered_not_booked(
    gym: Bot, question: str, offered: str, reply: str,
) -> None:
    # Saturday closes at 2: a two-hour session starts at 12 at the latest.
    answers = await conversation(gym, [
        "could I get a two hour coaching session saturday around one?", question, reply,
        "yes please, Sam Greer"])
    assert offered in answers[1]
    assert "Shall I book" not in answers[1]
    assert answers[2].startswith(f"That's a Two-hour coaching session on Saturday the 21st of "
                                 f"November at {offered}. Shall I book it")
    assert answers[3].startswith("You're booked.")


# -- 9. A move told from the day booked to another --------------------------------------------


@pytest.mark.parametrize("move", [
    "hi it's Ana again, I booked the gear fitting for tomorrow, could you bump it to Thursday, "
    "same time?",
    "hey, about my fitting tomorrow, can we push it to Thursday? Same time",
])
async def test_a_move_from_tomorrow_to_another_day_keeps_the_time(gym: Bot, move: str) -> None:
    await conversation(gym, ["a gear fitting tomorrow at 11 please", "yes, Ana Ruiz"])
    answers = await conversation(gym, [move, "yes please"])
    assert answers[0] == ("That's your Gear fitting moved to Thursday the 19th of November at "
                          "11 AM. Shall I move it?")
    assert await booked_rows(gym) == [("Gear fitting", "2026-11-19T18:00")]


# -- 10. The day and time kept while the service is asked --------------------------------------


@pytest.mark.parametrize(("second", "kept"), [
    ("oh no. What about the Wednesday before then, around ten?",
     "Wednesday the 25th of November at 10 AM"),
    ("ok, the twenty-fifth then, at ten?", "Wednesday the 25th of November at 10 AM"),
])
async def test_a_day_and_time_said_while_the_service_is_asked_are_kept(
    gym: Bot, second: str, kept: str,
) -> None:
    answers = await conversation(gym, ["could I come in on Thanksgiving morning?", second,
                                       "the gear fitting"])
    assert answers[0].startswith("We're closed on Thursday the 26th of November for "
                                 "Thanksgiving.")
    assert answers[1].startswith(f"Happy to book you in on {kept}. Which service would you like")
    assert answers[2] == (f"That's a Gear fitting on {kept}. Shall I book it, and what name "
                          "shall I put it under?")


@pytest.mark.parametrize(("profile", "speech", "service"), [
    ("massage.toml", "just a regular relaxing one", "Swedish massage"),
    ("climbing.toml", "a normal coaching session", "Coaching session"),
])
def test_the_regular_one_is_the_classic_service(profile: str, speech: str, service: str) -> None:
    heard = bot.Heard.of(speech)
    found = receptionist(profile)
    chosen = found.service_named_whole(heard) or found.service_for_problem(heard, only=True)
    assert chosen is not None and chosen.name == service


# -- 11. A weekday's usual hours, not the next one's --------------------------------------------


@pytest.mark.parametrize("question", [
    "how late are you open on Thursdays usually?",
    "what are your normal hours on a Thursday?",
])
async def test_a_weekdays_usual_hours_are_its_own_not_the_holidays(
    make_bot: Any, question: str,
) -> None:
    monday = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # Thanksgiving is this Thursday
    async with make_bot(business_profile=PROFILES / "climbing.toml",
                        clock=lambda: monday) as running:
        answers = await conversation(running, [question])
    assert answers[0].startswith("On Thursdays we're open 9 AM to 12 PM and 1 PM to 8 PM.")
    assert "Thanksgiving" in answers[0]


# -- 12. A time after closing: the next day open then is said ---------------------------------


async def test_a_time_after_closing_says_which_day_is_open_then(gym: Bot) -> None:
    answers = await conversation(gym, ["could I do a coaching session this Friday at 7 in the "
                                       "evening? I work till six"])
    assert "We're open until 8 PM on Monday the 23rd of November." in answers[0]
    assert await booked_rows(gym) == []


async def test_a_late_time_on_the_late_day_is_said_from_another(make_bot: Any) -> None:
    driving = BLIND / "driving-school.toml"
    tuesday = datetime(2026, 11, 17, 17, 15, tzinfo=UTC)  # 10:15 in Arizona
    async with make_bot(business_profile=driving, clock=lambda: tuesday) as running:
        answers = await conversation(running, [
            "I haven't driven in years, could I get an adult refresher lesson tonight, like "
            "seven?"])
    assert "We're open until 8 PM on Thursday the 19th of November." in answers[0]
