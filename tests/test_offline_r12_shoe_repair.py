"""The offline receptionist and a policy that says what to do in an emergency but not what one
is, where a stranger's caller (blind26, a bride whose heel snapped off hours before the
ceremony) was offered a booking instead:

1. a thing broken is heard in the words people tell it in ("snapped", "cracked", "came clean
   off"), so the policy's "broken pieces" is what they told;
2. a time of today that a caller at a loss tells ("I walk down the aisle at two o'clock today,
   I don't know what to do") is the deadline they are at a loss before, not a time asked to
   book, so the policy told with it is an emergency; a time asked with a word of booking, or
   of another day, still books.

An optician of our own (tests/profiles/optician.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot
from test_offline_safety import outbox

import bot
from tests.offline_support import PROFILES, business_at, conversation, receptionist

OPTICIAN = PROFILES / "optician.toml"
OPTICIAN_NOW = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # Wednesday 2 December, 10:00 in Chicago

optician = business_at(OPTICIAN, OPTICIAN_NOW, "The optician on a Wednesday morning.")

__all__ = ["optician"]


@pytest.mark.parametrize(("speech", "urgent"), [
    ("oh god, hi, my glasses just snapped in half and I have a job interview at three o'clock "
     "today, I don't know what to do", True),
    ("my glasses broke right at the hinge, I'm giving a speech at noon today and I can't see "
     "a thing, what do I do?", True),
    # A booking asked, or another day: a repair to book.
    ("my glasses snapped at the hinge, can I book a frame repair today at three?", False),
    ("my glasses snapped at the hinge, could you fix them Friday at three?", False),
])
def test_a_thing_broken_before_something_today_is_the_policys_emergency(
        speech: str, urgent: bool) -> None:
    assert receptionist(OPTICIAN).hears_emergency(bot.Heard.of(speech)) is urgent


async def test_a_caller_at_a_loss_is_told_to_bring_it_in_and_the_owner_texted(
        optician: Bot) -> None:
    reply, = await conversation(optician, [
        "oh no, oh no, the arm of my glasses just snapped clean off and I'm supposed to give "
        "a toast at two o'clock today, I don't know what to do"])
    assert "Bring the glasses" in reply
    assert "book it" not in reply
    assert [body for body in await outbox(optician) if body.startswith("URGENT")]


@pytest.mark.parametrize(("speech", "message"), [
    ("hi, I need to leave something for whoever does your billing. I think I got charged "
     "twice for a frame repair last week. my name's Siobhan Przybylski", True),
    ("can I leave word for her? the new lenses she ordered for me never got a call back, "
     "this is Tom Reyes", True),
    # A thing left to be worked on is no message.
    ("can I leave my glasses for a frame repair on Friday at ten?", False),
])
def test_something_left_for_a_person_is_a_message(speech: str, message: bool) -> None:
    assert receptionist(OPTICIAN).hears_message_given(bot.Heard.of(speech)) is message


async def test_a_message_left_for_whoever_does_billing_is_taken_not_booked(
        optician: Bot) -> None:
    reply, = await conversation(optician, [
        "hi, I need to leave something for whoever does your billing. I think I got charged "
        "twice for a frame repair last week. my name's Siobhan Przybylski"])
    assert "book" not in reply
    assert "message" in reply or "pass" in reply


@pytest.mark.parametrize("speech", [
    "sorry, can you read my name back? people always butcher it",
    "could you repeat my last name?",
])
def test_a_name_read_back_asked_is_a_name_check(speech: str) -> None:
    assert receptionist(OPTICIAN).hears_name_check(bot.Heard.of(speech))


@pytest.mark.parametrize(("speech", "moved"), [
    ("ugh nvm, cancel that frame repair, my sister's picking them up saturday instead", False),
    ("cancel my eye exam, our neighbor will drive me to another place instead", False),
    # The caller's own booking moved.
    ("cancel my eye exam and book me for saturday instead", True),
    ("can I cancel friday and could we do saturday instead", True),
])
def test_a_cancel_with_another_doing_it_instead_moves_nothing(speech: str, moved: bool) -> None:
    heard = bot.Heard.of(speech)
    assert receptionist(OPTICIAN).hears_reschedule(heard) is moved
    assert receptionist(OPTICIAN).hears_cancel(heard)


async def test_an_offered_time_said_wins_over_first_thing(optician: Bot) -> None:
    replies = await conversation(optician, [
        "can I get a frame repair on Friday?",
        "uh, first thing, like 9:30? name's Trevor Nakamura",
    ])
    assert "9:30" in replies[1]
