"""The offline receptionist and callers who say times the British way, book in pieces, move a
booking by an hour and text a message that mentions a date, where a stranger's callers
(blind24, a country inn) had a wrong time stored, no answer or a booking offered:

1. "the half six one", "half two": half past the hour, never the hour itself (6 PM was
   stored for "the half six one"), and not "half an hour" or "two and a half";
2. after an emergency, "is somebody coming?" is who comes and when, as the policy says it in a
   relative clause ("we've texted the manager on call, who lives in the village and will be
   with you within 20 minutes"), not only "I've passed that on";
3. a stay asked for as a hope ("we were hoping to come and stay with you, just the one night")
   is a booking, which then goes on in pieces: the day, the time, "what time was that
   again?", and the yes with the name;
4. a request made of a member of staff who does none of the services ("could the cleaner have
   a look?") is a message for them, and a day told of a stay gone by ("we stayed… the weekend
   of the 7th") is no day to book;
5. the time's part of the day names no service ("Sunday at three in the afternoon" is no
   Afternoon tea, "eight in the evening" no Evening cruise);
6. a booking moved "back an hour" on a second call is moved to an hour after its own time (to
   the time said, when one is: "…back an hour, to four").

Holiday cottages of our own (tests/profiles/harbour-cottages.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from conftest import Bot, call_sid
from test_offline_safety import notes_of, outbox

import bot
from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    named,
    receptionist,
    said,
)

COTTAGES = PROFILES / "harbour-cottages.toml"
COTTAGES_NOW = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)  # Monday 16 November, 10:00 in Staithes


cottages = business_at(COTTAGES, COTTAGES_NOW, "The harbour cottages on a Monday morning.")


# -- 1. Half past, said the British way --


@pytest.mark.parametrize(("speech", "at"), [
    ("two seats at the supper club this Saturday, the half six one", time(18, 30)),
    ("could we come at half two", time(14, 30)),
    ("half one tomorrow", time(13, 30)),
    ("about half 4", time(16, 30)),
])
def test_half_and_an_hour_is_half_past_it(speech: str, at: time) -> None:
    assert bot.parse_time(speech) == at


@pytest.mark.parametrize("speech", [
    "it takes two and a half hours",
    "half 2 hours should do it",
    "half one of them are broken",
])
def test_a_half_of_something_else_is_no_time(speech: str) -> None:
    assert bot.parse_time(speech) is None


async def test_the_half_six_one_is_booked_at_half_past_six(cottages: Bot) -> None:
    answers = await conversation(cottages, [
        "Hiya, I'd love two seats at the supper club this Saturday, the half six one",
        "yes, lovely, and the name is Siobhan Kelly",
    ])
    assert "Saturday the 21st of November at 6:30 PM" in answers[0], answers[0]
    assert await booked_rows(cottages) == [("Supper club", "2026-11-21T18:30")]


# -- 2. Who comes, after an emergency --


COMING = ("We've texted the manager on call, who lives in the village and will be with you "
          "within 20 minutes.")


def test_the_next_step_says_who_comes_with_the_clause_that_tells_of_them() -> None:
    assert receptionist(COTTAGES).emergency_next_step == COMING


async def test_whether_someone_is_coming_is_told_after_an_emergency(cottages: Bot) -> None:
    answers = await conversation(cottages, [
        "oh no, hi, we're in Gull Cottage and there's water coming out from under the toilet, "
        "all over the floor, I don't know what to do",
        "okay, there's a little tap thing under the sink, I turned it, I think it's slowing "
        "down. Is somebody coming?",
        "is anyone on the way?",
    ])
    assert any(t.startswith("URGENT") for t in await outbox(cottages))
    assert "stopcock" in answers[0], answers[0]
    assert COMING in answers[1], answers[1]
    assert answers[2].startswith(COMING), answers[2]
    assert await notes_of(cottages, "message") == [
        "URGENT: okay, there's a little tap thing under the sink, I turned it, I think it's "
        "slowing down. Is somebody coming?"]


@pytest.mark.parametrize(("speech", "told"), [
    ("is somebody coming?", True),
    ("is anyone on the way?", True),
    ("when will someone get here?", True),
    ("are you guys coming?", True),
    # The caller's own coming, and a question of something else, are not asked of.
    ("we're coming back tomorrow, is that ok?", False),
    ("where's the stopcock?", False),
])
def test_whether_someone_comes_is_asked_of_it_alone(speech: str, told: bool) -> None:
    answer = receptionist(COTTAGES).coming_told(bot.Heard.of(speech), None)
    assert (answer == COMING if told else answer == ""), answer


# -- 3. A stay booked in pieces --


async def test_a_stay_hoped_for_is_booked_in_pieces(cottages: Bot) -> None:
    answers = await conversation(cottages, [
        "Hi there, um, we were hoping to come and stay with you, just the one night, if "
        "you've got room",
        "the twenty-first, that's the Saturday",
        "oh, we'd get in around, I'd say half past four",
        "sorry, hang on, my husband's asking, what time was that again?",
        "yes, book it please, the name is Gwen Wrobel",
    ])
    assert "Happy to book a Cottage night." in answers[0], answers[0]
    assert "Saturday the 21st of November" in answers[1], answers[1]
    assert "Saturday the 21st of November at 4:30 PM" in answers[2], answers[2]
    assert "4:30 PM" in answers[3], answers[3]
    assert await booked_rows(cottages) == [("Cottage night", "2026-11-21T16:30")]


@pytest.mark.parametrize("speech", [
    "we were hoping to come and stay with you, just the one night",
    "I'd love to come and stay for a night",
    "we're looking to stay a night with you",
])
def test_a_stay_hoped_for_is_a_booking(speech: str) -> None:
    assert receptionist(COTTAGES).hears_booking(bot.Heard.of(speech))


# -- 4. A message for one who books nothing, with a day gone by --


GLASSES = ("Hi, we stayed in Gull Cottage the weekend of the 7th and I think I left my reading "
           "glasses (tortoiseshell) on the bedside table. Could the cleaner have a look? "
           "Thanks, Noor Haddad")


async def test_a_request_of_the_cleaner_is_a_message_for_her(cottages: Bot) -> None:
    answer = said(await cottages.text(GLASSES))
    assert answer.startswith("Thank you, I've passed that on to Bev Pryce."), answer
    assert await notes_of(cottages, "message") == [f"For Bev Pryce: {GLASSES}"]
    assert await booked_rows(cottages) == []


@pytest.mark.parametrize(("speech", "who"), [
    ("Could the cleaner have a look for my glasses?", "Bev Pryce"),
    ("can you ask Bev to check under the bed?", "Bev Pryce"),
    ("would your cleaner please look in the wardrobe", "Bev Pryce"),
    # Callum takes the kayak trips, and Tom is the hot tub's: what is asked of them may be a
    # booking; so may what is asked for a day or at a time.
    ("could Callum take us out?", None),
    ("could Tom light the tub for us?", None),
    ("could the cleaner come round on Saturday at ten?", None),
    ("could you check the kayak trip times?", None),
])
def test_a_request_of_one_who_books_nothing_is_theirs(speech: str, who: str | None) -> None:
    member = receptionist(COTTAGES).asked_of_staff(bot.Heard.of(speech))
    assert (member.name if member else None) == who


@pytest.mark.parametrize(("speech", "booking"), [
    ("we stayed in Gull Cottage the weekend of the 7th and I left my charger", False),
    ("we stayed in the Net Loft on Saturday and loved it", False),
    ("could we have Gull Cottage on the 7th?", True),
])
def test_a_day_gone_by_is_no_day_to_book(speech: str, booking: bool) -> None:
    assert receptionist(COTTAGES).hears_booking(bot.Heard.of(speech)) is booking


# -- 5. The part of the day a time is in names no service --


@pytest.mark.parametrize(("speech", "service"), [
    ("could I book the tub for Saturday at eight in the evening", "Hot tub session"),
    ("can I get the tub Saturday, 8pm in the evening", "Hot tub session"),
    # A part of the day said alone may still name: the cruise is the evening's.
    ("two for the evening cruise on Saturday", "Evening seal-watching cruise"),
])
def test_the_part_of_the_day_a_time_is_in_names_no_service(speech: str, service: str) -> None:
    assert named(COTTAGES, speech) == service


# -- 6. A booking moved by an hour --


@pytest.mark.parametrize(("by", "move", "at"), [
    ("back an hour", "push it back an hour", datetime(2026, 11, 22, 16, 0)),
    ("up half an hour", "move it up half an hour", datetime(2026, 11, 22, 14, 30)),
    ("an hour", "push it an hour", datetime(2026, 11, 22, 16, 0)),
    ("back 2 hours", "bump it back 2 hours", datetime(2026, 11, 22, 17, 0)),
    # Moved without a way said, by days: not a time told.
    ("an hour", "shift it an hour", None),
    ("back a day", "push it back a day", None),
])
def test_a_move_by_hours_is_told_from_the_booked_time(
        by: str, move: str, at: datetime | None) -> None:
    moved = bot.OfflineReceptionist.time_moved_by(by, move, datetime(2026, 11, 22, 15, 0))
    assert moved == at


async def test_a_booking_moved_back_an_hour_on_a_second_call(cottages: Bot) -> None:
    first = await conversation(cottages, [
        "Hi, I'd like to book the hot tub for Sunday at three in the afternoon, my name's Priya "
        "Raman",
        "Yes, that's right",
    ])
    assert "Hot tub session on Sunday the 22nd of November at 3 PM" in first[0], first[0]
    second = await conversation(cottages, [
        "Hi, it's Priya again, I booked the hot tub for Sunday at three, could we push it back "
        "an hour?",
        "Yes please",
    ], sid=call_sid())
    assert "moved to Sunday the 22nd of November at 4 PM" in second[0], second[0]
    assert await booked_rows(cottages) == [("Hot tub session", "2026-11-22T16:00")]
    assert await booked_rows(cottages, "cancelled") == [("Hot tub session", "2026-11-22T15:00")]


async def test_a_move_back_an_hour_to_a_time_said_is_that_time(cottages: Bot) -> None:
    await conversation(cottages, ["the hot tub for Sunday at three please, I'm Priya Raman",
                                  "yes"])
    answers = await conversation(cottages, [
        "I booked a hot tub for Sunday at three, could I push it back an hour, to four?", "yes"])
    assert "moved to Sunday the 22nd of November at 4 PM" in answers[0], answers[0]
    assert await booked_rows(cottages) == [("Hot tub session", "2026-11-22T16:00")]
