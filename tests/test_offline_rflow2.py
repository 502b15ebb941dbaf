"""The offline receptionist on a returning caller's second call, a message asked for in other
words, a name checked or spelled, and a wrong number told by what the caller holds elsewhere.

- A move told with the old booking first ("I booked the touch-up for Thursday at two… could
  you bump it a day, same time Friday?", "move Ann's touch-up to Friday instead") is read back
  as a move of that booking to the new day, and done only on a yes; a cancel that names
  another business's thing on the way ("my landlord's sending his own guy") is a cancel.
- "Could you leave a note for Omar?" asks for a message, not a transfer; "if I'm running
  behind…" is neither a late notice nor a name.
- "Spell back the last name", "read me back the name you've got" say the name kept; a name
  spelled with the booking's yes is said back; "what day of the week is that?" says the day.
- "To confirm my touch-up with Dr. Okafor", "the house for rent on Maple, is it still
  available?" at a painter's: a wrong number, said so, nothing booked or noted.

Mostly the house painter (tests/profiles/painter.toml) on a Wednesday morning; the eval's
septic company (scenarios/profiles/septic-service.toml) for a second business.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import (
    MORE,
    PAINTER,
    SCENARIO_PROFILES,
    booked_rows,
    business_at,
    conversation,
    name_on_record,
    painter,
    receptionist,
)

__all__ = ["painter"]  # fixtures: the businesses called

SEPTIC = SCENARIO_PROFILES / "septic-service.toml"
SEPTIC_NOW = datetime(2027, 1, 14, 17, 0, tzinfo=UTC)  # Thursday 14 January, 10:00 in Arizona

TOUCH_UP = "Touch-up visit tomorrow, Thursday the 3rd of September at 2 PM"



septic = business_at(SEPTIC, SEPTIC_NOW, "The septic company on a Thursday morning.")


async def book_touch_up(painter: Bot) -> None:
    """Ann books a touch-up tomorrow (Thursday) at two."""
    await conversation(painter, ["a touch-up visit tomorrow at two please", "yes, Ann Lee"])
    assert await booked_rows(painter) == [("Touch-up visit", "2026-09-03T19:00")]  # UTC


# -- 1. A move or cancel on a second call ------------------------------------------------------


@pytest.mark.parametrize("move", [
    "hey it's Ann, I booked the touch-up for Thursday at two but the plumber's coming then, "
    "could you bump it a day, same time Friday?",
    "hi, Ann Lee, I've got the touch-up visit Thursday at two, can you push it a day? same "
    "time is fine",
    "hi it's Ann again, sorry, the kids are home tomorrow, could we move Ann's touch-up visit "
    "to friday at two instead",
])
async def test_a_move_told_after_the_old_booking_moves_that_booking_on_yes(
    painter: Bot, move: str,
) -> None:
    await book_touch_up(painter)
    answers = await conversation(painter, [move])
    assert answers[0] == ("That's your Touch-up visit moved to Friday the 4th of September at "
                          "2 PM. Shall I move it?")
    assert await booked_rows(painter) == [("Touch-up visit", "2026-09-03T19:00")]  # not yet
    answers = await conversation(painter, [move, "yes please"])
    assert answers[1] == ("You're booked. Touch-up visit on Friday the 4th of September at 2 PM. "
                          f"I've cancelled the earlier one. {MORE}")
    assert await booked_rows(painter) == [("Touch-up visit", "2026-09-04T19:00")]
    assert await booked_rows(painter, "cancelled") == [("Touch-up visit", "2026-09-03T19:00")]


async def test_a_move_read_back_and_refused_moves_nothing(painter: Bot) -> None:
    await book_touch_up(painter)
    await conversation(painter, ["it's Ann, I booked the touch-up for Thursday at two, can you "
                                 "bump it a day, same time Friday?", "no, leave it"])
    assert await booked_rows(painter) == [("Touch-up visit", "2026-09-03T19:00")]
    assert await booked_rows(painter, "cancelled") == []


@pytest.mark.parametrize("cancel", [
    "hi it's Ann again, about Thursday. My landlord is sending his own guy, so I have to "
    "cancel, sorry",
    "hey, Ann here, I called yesterday about tomorrow, turns out the apartment people are "
    "doing it, so I gotta cancel that",
])
async def test_a_cancel_naming_another_business_on_the_way_is_read_back(
    painter: Bot, cancel: str,
) -> None:
    await book_touch_up(painter)
    answers = await conversation(painter, [cancel, "yes please cancel it"])
    assert answers == [f"That's your {TOUCH_UP}. Shall I cancel it?",
                       f"Done. Cancelled: {TOUCH_UP}. {MORE}"]
    assert await booked_rows(painter, "cancelled") == [("Touch-up visit", "2026-09-03T19:00")]


# -- 2. Messages asked for in other words -----------------------------------------------------


@pytest.mark.parametrize("asked", [
    "hi, could you just leave a note for Omar? no need to put me through",
    "can you take a quick note for Omar please",
])
async def test_a_note_asked_for_is_a_message_not_a_transfer(painter: Bot, asked: str) -> None:
    answers = await conversation(painter, [
        asked, "tell him the deck stain color we picked is the cedar one, not the redwood"])
    assert answers[0] == ("Of course. What message would you like me to pass on to Omar Haddad? "
                          "Please include your name.")
    assert answers[1] == f"Thank you, I've passed that on to Omar Haddad. {MORE}"
    notes = await painter.crm.rows("SELECT kind, body FROM notes WHERE kind = 'message'")
    assert len(notes) == 1 and notes[0]["body"].startswith("For Omar Haddad: ")
    assert notes[0]["body"].endswith(  # (after what was said with the asking, if anything)
        "tell him the deck stain color we picked is the cedar one, not the redwood")


@pytest.mark.parametrize("said", [
    "and if I'm running behind on picking a color, can you still start Friday?",
    "if we're running late getting the furniture out, is that a problem?",
])
def test_a_maybe_of_being_late_is_no_late_notice_and_no_name(said: str) -> None:
    heard = bot.Heard.of(said)
    assert not receptionist(PAINTER).hears_running_late(heard)
    assert bot.name_heard(said) is None


# -- 3. Names checked, spelled, and the day of the week ----------------------------------------


@pytest.mark.parametrize("asked", [
    "can you spell back the last name so the crew has it right?",
    "could you read me back the name you've got?",
])
async def test_the_name_kept_is_said_back_spelled(septic: Bot, asked: str) -> None:
    answers = await conversation(septic, [
        "can you pump my tank next Tuesday at ten?", "yes please",
        "oh, it's Dolores Wojcik, that's W-O-J-C-I-K", asked])
    assert answers[1] == "And what name shall I put it under?"
    assert answers[2] == ("Thanks, Dolores Wojcik. You're booked. Septic pumping on Tuesday the "
                          f"19th of January at 10 AM. {MORE}")
    assert answers[3] == f"I have Dolores Wojcik, W-O-J-C-I-K. {MORE}"
    assert await name_on_record(septic) == "Dolores Wojcik"


async def test_the_name_asked_mid_read_back_is_said_and_the_read_back_asked_again(
    septic: Bot,
) -> None:
    answers = await conversation(septic, [
        "hi, this is Walt Brzezinski, that's B-R-Z-E-Z-I-N-S-K-I, can you pump my tank next "
        "Tuesday at ten?", "wait, can you spell back the last name?", "yes book it"])
    assert answers[1] == ("I have Walt Brzezinski, B-R-Z-E-Z-I-N-S-K-I. That's a Septic pumping "
                          "on Tuesday the 19th of January at 10 AM. Shall I book it?")
    assert await booked_rows(septic) == [("Septic pumping", "2027-01-19T17:00")]


@pytest.mark.parametrize("asked", ["sorry, what day of the week is that?",
                                   "and that's a Thursday, right?"])
async def test_the_day_of_the_week_of_the_booking_is_told(painter: Bot, asked: str) -> None:
    answers = await conversation(painter, [
        "a touch-up visit tomorrow at two please", "yes, Ann Lee", asked])
    assert answers[2] == f"You're booked for a {TOUCH_UP}."


# -- 4. Wrong numbers --------------------------------------------------------------------------


@pytest.mark.parametrize("said", [
    "hi, I'm calling to confirm my touch-up with Dr. Okafor on Friday?",
    "yes hello, calling about the house for rent on Maple Street, is it still available?",
])
async def test_what_the_caller_holds_elsewhere_is_a_wrong_number(painter: Bot, said: str) -> None:
    answers = await conversation(painter, [said])
    assert answers == ["This is Badger Brush Painting, so you may have the wrong number. If you "
                       "did mean to call us, how can I help?"]
    assert await booked_rows(painter) == []
    notes = await painter.crm.rows("SELECT kind FROM notes WHERE kind != 'summary'")
    assert notes == []


async def test_a_listing_named_only_in_our_faq_is_a_wrong_number(septic: Bot) -> None:
    # (The septic company's FAQ speaks of its truck and of your dishwasher; it sells neither.)
    answers = await conversation(septic, [
        "hi, I'm calling about the truck for sale on Dewey Road, is it still available?"])
    assert answers == ["This is High Desert Septic & Pumping, so you may have the wrong number. "
                       "If you did mean to call us, how can I help?"]
    assert await booked_rows(septic) == []


@pytest.mark.parametrize("said", [
    "I'd like to confirm my estimate with Omar on Friday",
    "I'm calling about the deck staining, is it still available on Saturday?",
])
def test_what_we_do_or_our_staff_is_no_wrong_number(said: str) -> None:
    assert receptionist(PAINTER).something_not_ours(bot.Heard.of(said)) is None
