"""What the offline receptionist makes of callers who ask before they ask for anything (issue
18, the fourth blind round): a question about the business answered from the FAQ, hours and
services before a booking or a complaint is begun; a wrong number told so without an alert
to the owner; the emergency policy's advice given again when a caller in trouble asks "should
I just…?"; a message for a member of staff or a warranty question that is no emergency; a
caller whose booked visit has not shown up put through; and a question the profile cannot
answer taken for the owner rather than answered with a near miss.

The business is a garage door company in Boise (tests/profiles/garage-door.toml), written for
these tests; the clock is Wednesday 14 April 2027, 10:00 there (open 7 AM to 5 PM on
weekdays, 9 AM to 1 PM on Saturdays, closed Sundays). The swim school of
tests/test_offline_questions2.py checks a second business.
"""

from __future__ import annotations

import pytest
from conftest import Bot, call_sid
from test_receptionist import notes_of, outbox

from tests.offline_support import conversation, garage, said, swim

__all__ = ["garage", "swim"]  # fixtures: the businesses called


REFUND = ("Cancel a visit any time for free. A new-door deposit is refunded in full until the "
          "door is ordered; after that it's kept for the door.")
ARRIVES = ("A new door usually arrives 3 to 4 weeks after you order it, and installing it takes "
           "half a day.")
WALK_IN = "No appointment needed: walk in any time we're open to see door samples and colors."
WARRANTY = ("Springs carry a 3-year warranty and openers 2 years, parts and labor. If something "
            "we put in acts up, call us and we'll come back out free.")
NOT_OURS = ("We only do residential garage doors and openers. We don't work on driveway gates, "
            "commercial roll-up doors or car doors.")
WRONG = "This is Gem State Garage Doors"
FOR_THE_OWNER = "I'm not sure, I'll ask Dana to get back to you."



# -- A question about the business is answered before anything is begun -----------------------


@pytest.mark.parametrize("speech", [
    "so we put a deposit down on a new door, and my husband might lose his job. If he does can "
    "we get our money back?",
    "we ordered a door last week but the house sale might fall through, if it gets called off "
    "do I get a refund?",
])
async def test_a_refund_asked_about_is_the_faqs_answer_not_a_complaint(
    garage: Bot, speech: str,
) -> None:
    [answer] = await conversation(garage, [speech])
    assert REFUND in answer
    assert "sorry to hear" not in answer


@pytest.mark.parametrize("speech", [
    "if we order a new door, how long till we actually get it? we're selling the house in May",
    "um, quick question, how long before the door shows up once we order one?",
])
async def test_how_long_a_thing_takes_is_the_faqs_answer_not_a_booking(
    garage: Bot, speech: str,
) -> None:
    assert await conversation(garage, [speech]) == [ARRIVES]


@pytest.mark.parametrize("speech", [
    "do I need an appointment to look at doors or can I just come by the showroom?",
    "my wife wants to see the colors first, do we need to make an appointment or can we just "
    "walk in?",
])
async def test_whether_an_appointment_is_needed_is_the_faqs_answer(
    garage: Bot, speech: str,
) -> None:
    assert await conversation(garage, [speech]) == [WALK_IN]


async def test_whether_an_appointment_is_needed_by_text_is_the_faqs_answer(garage: Bot) -> None:
    reply = said(await garage.text("k might just swing by the showroom, do i need a appt"))
    assert reply == WALK_IN


@pytest.mark.parametrize("speech", [
    "what's the earliest you've got on a Saturday?",
    "what's the earliest somebody could come out, like on a saturday?",
])
async def test_the_earliest_on_a_day_is_that_days_opening_or_first_free_time(
    garage: Bot, speech: str,
) -> None:
    [answer] = await conversation(garage, [speech])
    assert "9 AM" in answer
    assert "warranty" not in answer


@pytest.mark.parametrize("speech", [
    "do you do spring repairs on Sundays? like first thing, before church?",
    "hey, can somebody come out on a Sunday? like eight in the morning?",
])
async def test_a_day_we_are_closed_is_said_so(garage: Bot, speech: str) -> None:
    [answer] = await conversation(garage, [speech])
    assert "closed" in answer.lower()
    assert answer != FOR_THE_OWNER


# -- A wrong number is told so, politely, without an alert to the owner ------------------------


@pytest.mark.parametrize("speech", [
    "Hi, yes, I'm calling to confirm my haircut with Brittany for Friday?",
    "hello, is the three-bedroom on Maple Street still for rent?",
    "hi, I am checking on my passport application, has it gone through?",
])
async def test_a_wrong_number_is_told_so(garage: Bot, speech: str) -> None:
    [answer] = await conversation(garage, [speech])
    assert answer.startswith(f"{WRONG}, so you may have the wrong number.")
    assert await outbox(garage) == []


async def test_a_wrong_number_at_the_swim_school(swim: Bot) -> None:
    [answer] = await conversation(swim, ["hi, I'm calling about my oil change with Dr. Patel "
                                         "on Thursday, can I move it?"])
    assert answer.startswith("This is Tidewater Swim School, so you may have the wrong number.")


@pytest.mark.parametrize("speech", [
    "my old garage door guy said both springs are shot, can you come look at them?",
    "hi, I'm calling to confirm my tune-up with Luis on Friday",
])
async def test_a_customer_naming_their_own_things_is_no_wrong_number(
    garage: Bot, speech: str,
) -> None:
    [answer] = await conversation(garage, [speech])
    assert "wrong number" not in answer


# -- An emergency's follow-up, and what only sounds urgent -------------------------------------


TRAPPED = "the door came off the track and my car is stuck inside, I need to get to work"


@pytest.mark.parametrize("speech", [
    "should I just try to lift it up myself?",
    "can we just pull on the cable to get it back up? my husband thinks he can do it",
])
async def test_asked_what_to_do_after_an_emergency_the_policys_advice_again(
    garage: Bot, speech: str,
) -> None:
    first, answer = await conversation(garage, [TRAPPED, speech])
    assert "urgent" in first
    assert "don't try to lift the door or touch the springs or cables" in answer
    assert "passed that on" not in answer
    assert "did I get your name right" not in answer


async def test_a_message_for_a_staff_member_is_no_emergency(garage: Bot) -> None:
    [answer] = await conversation(garage, [
        "Hi, this is Rhonda with Summit Realty. Can you give a message to Luis, the spring "
        "tech? The closing on 18 Elm got moved up, so we need the repair done by this Friday."])
    assert "urgent" not in answer
    assert "Luis" in answer


async def test_a_fault_after_our_work_is_the_warranty_not_an_emergency(garage: Bot) -> None:
    [answer] = await conversation(garage, [
        "hi, you guys put in my opener back in January and now it just clicks and the light "
        "blinks. I didn't touch anything"])
    assert "urgent" not in answer
    assert WARRANTY in answer


# -- Someone needed now; what we don't do; what the profile cannot answer ----------------------


@pytest.mark.parametrize("speech", [
    "hi, we booked Luis to fix our spring this morning at eight and nobody's here yet, can you "
    "get hold of him or somebody right now?",
    "the tech was supposed to be here at nine and still nobody's shown up, can I talk to "
    "someone right now?",
])
async def test_a_caller_who_needs_someone_now_is_put_through(
    garage: Bot, speech: str,
) -> None:
    sid = call_sid()
    await garage.call(sid)
    answer = await garage.say(sid, speech)
    assert "<Dial" in answer


@pytest.mark.parametrize("speech", [
    "do you fix driveway gates? ours won't close",
    "can you work on the roll-up door at my shop?",
])
async def test_what_we_dont_do_is_the_faqs_answer(garage: Bot, speech: str) -> None:
    assert await conversation(garage, [speech]) == [NOT_OURS]


@pytest.mark.parametrize(("speech", "word"), [
    ("do you do garage floor epoxy coating?", "epoxy"),
    ("does your tech do smart locks too, like the keypad kind?", "keypad"),
])
async def test_what_the_profile_cannot_answer_goes_to_the_owner(
    garage: Bot, speech: str, word: str,
) -> None:
    assert await conversation(garage, [speech]) == [FOR_THE_OWNER]
    assert any(word in note for note in await notes_of(garage, "question"))


async def test_what_the_swim_school_cannot_answer_goes_to_the_owner(swim: Bot) -> None:
    [answer] = await conversation(swim, ["do you have a hot tub for after the lessons?"])
    assert answer == "I'm not sure, I'll ask Joan to get back to you."


@pytest.mark.parametrize(("speech", "word"), [
    ("do you take crypto payments, like bitcoin?", "crypto"),
    ("do you offer a military discount? my husband is a veteran", "military"),
])
async def test_a_near_miss_faq_line_is_no_answer(garage: Bot, speech: str, word: str) -> None:
    assert await conversation(garage, [speech]) == [FOR_THE_OWNER]
    assert any(word in note for note in await notes_of(garage, "question"))


async def test_a_near_miss_at_the_swim_school_goes_to_the_owner(swim: Bot) -> None:
    [answer] = await conversation(swim, ["do you have bike parking, like a rack out front?"])
    assert answer == "I'm not sure, I'll ask Joan to get back to you."
