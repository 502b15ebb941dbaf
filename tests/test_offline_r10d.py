"""The offline receptionist and a stranger's callers (blind24, an independent pharmacy) who
were booked the wrong one of two services, or left without an answer:

1. of two services named alike, one only for older people, the caller who speaks of no older
   person ("I'm forty-four", or nobody at all) is read back the one for everyone, and one who
   speaks of someone old the other; a caller booking for a parent of no age told is asked; a
   question of "that" after their prices is answered from the descriptions of those told;
2. a service named as what the call is about ("I'm calling about the locker rental? the, uh,
   the monthly one") is told of, not passed to the owner as a question;
3. after an emergency, "what's the number again?" is the numbers the policy gives;
4. an emergency claimed of what an FAQ says is no emergency ("kind of an emergency, I lost my
   card") is that entry, and the message it asks for ("leave a message with…") is taken;
5. a time corrected ("five, no wait, make it three") is not another's pick-up time told after
   it ("his ride picks him up at four thirty");
6. "what about the day before?" after a day asked of our hours is the day before that one;
7. "what do I do with it" of a thing the FAQ tells what to do with is that entry, not a service
   whose description says what to bring;
8. "is my order in yet? Mia Lopez, order 4471" where the FAQ asks for a message with a name and
   the order number is that message, passed on.

A community pool and fitness center of our own (tests/profiles/rec-center.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot
from test_offline_safety import notes_of, outbox

from tests.offline_support import PROFILES, booked_rows, business_at, conversation, said

REC = PROFILES / "rec-center.toml"
REC_NOW = datetime(2026, 11, 16, 15, 0, tzinfo=UTC)  # Monday 16 November, 10:00 in Dayton


rec = business_at(REC, REC_NOW, "The pool and fitness center on a Monday morning.")


# -- 1. The service for everyone, unless the caller speaks of someone old --


async def test_an_age_told_under_the_older_peoples_service_books_the_other(rec: Bot) -> None:
    answers = await conversation(rec, [
        "hi, I'd like a swim lesson tomorrow at ten thirty? I'm forty-four if that matters",
        "yes please, Gloria Pimentel",
    ])
    assert "Adult swim lesson tomorrow, Tuesday the 17th of November at 10:30 AM" in \
        answers[0], answers[0]
    assert await booked_rows(rec) == [("Adult swim lesson", "2026-11-17T15:30")]


async def test_a_service_named_alike_by_nobody_old_is_the_one_for_everyone(rec: Bot) -> None:
    answers = await conversation(rec, [
        "hi, could I come in Sunday morning for a swim lesson? Sunday's my only free day",
        "oh. okay, what about Saturday then, the twenty-first, around eleven thirty",
        "sure, that works. Dennis Rapoza",
    ])
    assert "closed" in answers[0], answers[0]
    assert "Adult swim lesson on Saturday the 21st of November at 11:30 AM" in answers[1], \
        answers[1]
    assert await booked_rows(rec) == [("Adult swim lesson", "2026-11-21T16:30")]


@pytest.mark.parametrize(("speech", "read_back"), [
    ("a swim lesson for my dad Friday at ten, he's eighty-one", "That's a Senior swim lesson"),
    ("I'm seventy and I'd like a swim lesson Friday at ten", "That's a Senior swim lesson"),
    # A parent of no age told may be either: asked.
    ("can I book a swim lesson for my mom Friday at ten",
     "Which service would you like: Adult swim lesson or Senior swim lesson?"),
])
async def test_someone_old_or_perhaps_old_is_no_guess_of_the_one_for_everyone(
        rec: Bot, speech: str, read_back: str) -> None:
    answer = (await conversation(rec, [speech]))[0]
    assert read_back in answer, answer


async def test_of_a_childrens_and_an_older_peoples_service_neither_is_guessed(rec: Bot) -> None:
    # "An aqua class" names the Kids aqua play and the Senior aqua fitness: not the kids' for
    # not being the seniors'.
    answers = await conversation(rec, ["can I come in Saturday at nine for an aqua class?"])
    assert "Which service would you like: Kids aqua play or Senior aqua fitness?" in \
        answers[0], answers[0]


async def test_asked_of_the_service_just_priced_its_description_answers(rec: Bot) -> None:
    answers = await conversation(rec, [
        "hi, how much is the senior swim lesson?",
        "okay, and is that for both lessons or just the one?",
    ])
    assert "$30" in answers[0], answers[0]
    assert answers[1] == ("A Senior swim lesson is $30 and takes about 30 minutes: a gentler "
                          "one-on-one lesson in the warm pool made for people 65 and over; if "
                          "you or the person taking it is 65 or older, this is the lesson to "
                          "book, not the adult one."), answers[1]


# -- 2. A service named as what the call is about --


@pytest.mark.parametrize("speech", [
    "hi, um, good morning, I'm calling about the locker rental? the, uh, the monthly one",
    "yeah hi, I'm calling about your locker rental",
])
async def test_a_service_called_about_is_told_of(rec: Bot, speech: str) -> None:
    answer = (await conversation(rec, [speech]))[0]
    assert "A Locker rental is $15 a month" in answer, answer


async def test_the_service_called_about_is_booked_in_pieces(rec: Bot) -> None:
    answers = await conversation(rec, [
        "hi, I'm calling about the fitness assessment? the, uh, the free one",
        "yeah, my doctor says I should get it. Could I come in, uh... a week from Tuesday?",
        "mornings are best. Nine fifteen?",
        "yes, that's right. Frank Tavares",
    ])
    assert "Fitness assessment" in answers[0], answers[0]
    assert "Fitness assessment on Tuesday the 24th of November at 9:15 AM" in answers[2], \
        answers[2]
    assert await booked_rows(rec) == [("Fitness assessment", "2026-11-24T14:15")]


# -- 3. The numbers to call, asked again --


async def test_the_number_asked_again_after_an_emergency_is_the_policys(rec: Bot) -> None:
    answers = await conversation(rec, [
        "oh my god, my son, he's two, he drank some of the pool chemicals from the bucket, what "
        "do I do",
        "okay okay, what's the number, what's the number again",
    ])
    assert "1-800-222-1222" in answers[0], answers[0]
    assert "call Poison Control right away at 1-800-222-1222" in answers[1], answers[1]
    assert "call 911 now" in answers[1], answers[1]
    assert "passed that on" not in answers[1], answers[1]


# -- 4. An emergency claimed of what the FAQ says is none --


async def test_an_emergency_claimed_of_what_the_faq_says_is_none_is_that_entry(rec: Bot) -> None:
    answers = await conversation(rec, [
        "yeah hi, um, this is kind of an emergency, I lost my membership card somewhere in the "
        "parking lot and I need a new one like today",
        "it's Roberta Silva, date of birth June third nineteen fifty-eight",
    ])
    assert "Losing your card isn't an emergency" in answers[0], answers[0]
    assert "Poison" not in answers[0] and "911" not in answers[0], answers[0]
    assert not any("URGENT" in text for text in await outbox(rec))
    notes = await notes_of(rec, "message")
    assert any("membership card" in note for note in notes), notes
    assert any("Roberta Silva" in note for note in notes), notes


@pytest.mark.parametrize("speech", [
    # Told in distress, or with the policy's own danger, it is still the emergency.
    "oh my god I lost my membership card and my son swallowed pool chemicals, what do I do",
    "it's an emergency, someone was pulled from the water and isn't breathing",
])
async def test_the_policys_danger_beside_it_is_still_an_emergency(rec: Bot, speech: str) -> None:
    answer = (await conversation(rec, [speech]))[0]
    assert "call 911 now" in answer, answer
    assert any("URGENT" in text for text in await outbox(rec))


# -- 5. A time corrected, then another's pick-up time --


async def test_a_time_corrected_is_not_the_pick_up_time_told_after_it(rec: Bot) -> None:
    answers = await conversation(rec, [
        "my dad wants to get stronger, can we book the fitness assessment Thursday at five? no "
        "wait, sorry, make it three, his ride picks him up at four thirty",
        "three o'clock Thursday, yes. It's for Manuel Costa, I'm his son Paulo",
    ])
    assert "Thursday the 19th of November at 3 PM" in answers[0], answers[0]
    assert await booked_rows(rec) == [("Fitness assessment", "2026-11-19T20:00")]


# -- 6. The day before the day asked --


@pytest.mark.parametrize(("follow", "told"), [
    ("ok wat about the day b4, wed", "On Wednesday the 25th of November we're open 6 AM to 8 PM"),
    ("and the day after?", "On Friday the 27th of November we're open 6 AM to 8 PM"),
])
async def test_the_day_before_the_holiday_asked_is_that_day(
        rec: Bot, follow: str, told: str) -> None:
    assert "closed" in said(await rec.text("r u guys open on thanksgiving??"))
    answer = said(await rec.text(follow))
    assert told in answer, answer


# -- 7. What to do with a thing the FAQ answers --


async def test_what_to_do_with_things_is_the_faq_not_what_to_bring(rec: Bot) -> None:
    answer = (await conversation(rec, [
        "so my grandmother passed and there's a whole closet full of her old swimsuits and "
        "goggles, like bags and bags of them. Can I just bring all that to you guys or what do "
        "I do with it",
    ]))[0]
    assert "donation bin" in answer, answer


# -- 8. A status asked with the message the FAQ asks for --


async def test_a_status_asked_with_what_the_faq_asks_for_is_that_message(rec: Bot) -> None:
    answer = said(await rec.text(
        "hi is my daughters team suit in yet? Mia Lopez, order 4471. ordered it last week"))
    assert "passed" in answer, answer
    notes = await notes_of(rec, "message")
    assert any("Mia Lopez" in note and "4471" in note for note in notes), notes
