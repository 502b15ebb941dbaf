"""The offline receptionist's answers to questions told with other things (issue 18, the
strangers' sets): an animal of the house is a pet, a wait asked as "how far out are you", a
closing that is the caller's house sale and no hours asked, "sun" said of shades and no
Sunday, a closed day told while the service is still asked, and a price asked of work that is
none of ours passed to the owner.

An awning company (tests/profiles/awning.toml), on the Tuesday before Thanksgiving.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    questions_noted,
    receptionist,
)

AWNING = PROFILES / "awning.toml"
AWNING_NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday 24 November, 9:00 in Waco

PETS = ("Please keep pets inside or away from the patio while we work; our ladders and soap "
        "are out.")
WAIT = ("We're booked about 6 weeks out for new awnings right now; the fabric takes 3 weeks to "
        "come in after you order, and that runs alongside the wait.")
QUOTE = "Lupe emails the written quote within 2 business days of the visit."


awning = business_at(
    AWNING, AWNING_NOW,
    "The awning company on the Tuesday morning before Thanksgiving.")


@pytest.mark.parametrize(("speech", "answer"), [
    # A dog or a cat is a pet: the entry on pets, not none (nor one on "in" or "yard").
    ("is it ok if my dog is out in the yard?", PETS),
    ("we have a dog, is that a problem?", PETS),
    # The wait, asked as how backed up or how far out we are.
    ("And how long you backed up? I'd want it up before the summer heat.", WAIT),
    ("what's the wait like these days?", WAIT),
    ("how backed up are y'all?", WAIT),
    # "We close on the house": the caller's closing, told beside the question, is no hours.
    ("and how soon do I get the written quote? We close on the house on the 18th.", QUOTE),
])
async def test_the_question_told_in_everyday_words_is_answered(
    awning: Bot, speech: str, answer: str,
) -> None:
    assert await conversation(awning, [speech]) == [answer]
    assert not await booked_rows(awning)


@pytest.mark.parametrize(("speech", "asked"), [
    ("when do you close on Friday?", True),
    ("what time do you close tonight?", True),
    ("we close on the 23rd", False),
    ("our closing is Friday, can the quote be done by then?", False),
    ("we're closing on the house the 18th", False),
])
def test_a_closing_is_ours_only_when_asked_of_us(speech: str, asked: bool) -> None:
    assert (bot.hours_asked_in(speech) is not None) is asked


@pytest.mark.parametrize(("speech", "day"), [
    ("my wife had these sun shades put up a couple years ago", None),
    ("the sun has faded it something awful", None),
    ("I sat in the car on friday", date(2026, 11, 27)),
    ("can u do sun 10am", date(2026, 11, 29)),
    ("sat morning?", date(2026, 11, 28)),
    ("how about this sat", date(2026, 11, 28)),
    ("wed at 3", date(2026, 11, 25)),
])
def test_a_short_weekday_said_as_a_word_is_no_day(speech: str, day: date | None) -> None:
    assert bot.parse_day(speech, date(2026, 11, 24)) == day


async def test_sun_said_of_shades_books_no_sunday(awning: Bot) -> None:
    [answer] = await conversation(awning, [
        "my wife had these sun shades put up a couple years ago and now one won't roll in, the "
        "crank just spins. Is that something you fix?"])
    assert "Sunday" not in answer and "29th" not in answer
    assert not await booked_rows(awning)


async def test_a_closed_day_told_while_the_service_is_asked_is_said_closed(awning: Bot) -> None:
    answers = await conversation(awning, [
        "can somebody come out this week?",
        "Could somebody come out Thursday? My son is coming for Thanksgiving",
    ])
    assert answers[1].startswith("We're closed on Thursday the 26th of November for "
                                 "Thanksgiving.")
    assert "Happy to book" not in answers[1]
    assert not await booked_rows(awning)


# -- Trouble told, then "is that something you fix?": the service that covers it ---------------


@pytest.mark.parametrize(("speech", "service"), [
    # Not the entry on putting up new awnings ("put up"), nor Sunday ("sun shades").
    ("my wife had these sun shades put up a couple years ago and now one won't roll in, the "
     "crank just spins. Is that something you fix?",
     "A Motor and crank service is $140 and takes about 60 minutes: for a retractable awning "
     "that won't roll out or in: we check the motor, the remote and the hand crank, and fix or "
     "replace the part. Would you like to book one?"),
    # Not the entry on wind.
    ("there's a rip along the edge of the fabric and it flaps in the wind, can you fellas fix "
     "that?",
     "An Awning fabric repair is from $90 and takes about 60 minutes: for a tear, a split seam "
     "or a sagging valance: we patch or restitch the fabric on site. Would you like to book "
     "one?"),
])
async def test_trouble_asked_if_we_fix_it_is_the_service_that_covers_it(
    awning: Bot, speech: str, service: str,
) -> None:
    [answer] = await conversation(awning, [speech])
    assert answer == f"We can take a look at that. {service}"
    assert not await booked_rows(awning)


# -- A price of work that is none of ours: for the owner ----------------------------------------


@pytest.mark.parametrize(("speech", "noted"), [
    # Work done to our thing for another trade, priced as "that": no Motor and crank service.
    ("my painter says somebody has to take the awning down and put it back up after he's done. "
     "What do you charge for that, roughly?", "take the awning down"),
    # A thing we never sell, asked with two verbs ("sell and put in"): no entry on new awnings.
    ("Do you guys sell and put in pergolas, and what's one cost?", "pergolas"),
])
async def test_a_price_of_work_none_of_ours_is_passed_on(
    awning: Bot, speech: str, noted: str,
) -> None:
    [answer] = await conversation(awning, [speech])
    assert answer == "I'm not sure, I'll ask Lupe to get back to you."
    [question] = await questions_noted(awning)
    assert noted in question
    assert not await booked_rows(awning)


@pytest.mark.parametrize("speech", [
    "we need the awning cleaned, it's green with mildew, how much is that?",
    "the crank has to be fixed, what would that cost?",
    "we need the fabric patched, how much is that?",
])
def test_a_price_of_our_own_work_told_is_ours(speech: str) -> None:
    assert not receptionist(AWNING).work_not_ours(bot.Heard.of(speech))
