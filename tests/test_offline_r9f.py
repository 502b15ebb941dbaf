"""The offline receptionist on blind23's phone repair shop, shown on a business nobody tuned it
for: a camera and drone repair shop with no emergency policy (tests/profiles/camera-repair.toml).

1. A booking asked for in so many words beside a trouble an FAQ entry speaks of ("I dropped my
   drone… can I make an appointment to get it fixed?") was that entry (the guarantee's "a new
   drop"), and the day and time told after it went to the owner; a booking is begun, while
   "can I just walk in, or do I need to book?" is still the walk-ins question.
2. A text's typos hid where we are: "wher r u guys? is ther parkng" went to the owner; the
   words that ask the way are words a typo is corrected to, and "wher" (which the dictionary
   lists, as an old spelling) is texters' shorthand for "where".
3. A guarantee asked in other words ("do I gotta pay all over again or is that on you guys?")
   was the walk-ins entry, for "done"; paying again for a repair, or its being "on you", is
   what a guarantee covers.
4. "It's an emergency, my camera just fell in the lake, what do I do?" at a business with no
   emergency policy texted the owner URGENT; a trouble the FAQ tells what to do about, with no
   danger told and no emergency number in the advice, is answered with the advice (something
   fallen in water got wet), and the price asked after it is the drying's; an entry that
   tells nobody what to do ("How can I pay?") leaves urgency claimed as it was.
5. "I booked something with you guys for Friday, what time was it again?" was a recall of the
   receptionist's own words ("I haven't told you anything yet"); the caller's own booking,
   told, then its time asked, is their appointment on record.
6. "Do you guys fix GoPros?" took the maker's name for one an FAQ list might answer and offered
   the nearest service ("We can take a look at that"); a maker or model asked whether we fix
   it, where no entry lists names, is a question for the owner, noted.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot
from test_offline_safety import outbox

import bot
from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    questions_noted,
    receptionist,
    said,
)

CAMERA = PROFILES / "camera-repair.toml"
CAMERA_NOW = datetime(2026, 11, 18, 18, 0, tzinfo=UTC)  # Wednesday 18 November, 10:00 in Portland
WALK_IN = "Walk-ins are welcome whenever we're open."
GUARANTEE = "Every repair carries a six-month guarantee on the parts and the labor."
WET = "Take the battery and the memory card out right away and don't switch it on."


camera = business_at(
    CAMERA, CAMERA_NOW,
    "The camera and drone repair shop on a Wednesday morning.")


# -- 1. A booking asked for beside a trouble an FAQ entry speaks of ---------------------------


async def test_a_booking_asked_for_with_a_drop_told_is_begun_and_made(camera: Bot) -> None:
    answers = await conversation(camera, [
        "hi, um, so I dropped my drone in the parking lot and one of the arms snapped off, can I "
        "make an appointment to get it fixed?",
        "it's a Mavic, just the regular one. Um, this Saturday maybe?",
        "eleven thirty",
        "yeah that's right. It's Mara Quinn",
    ])
    assert answers[0] == "Happy to book a Drone repair. What day would you like to come in?"
    assert "Saturday the 21st of November" in answers[1], answers[1]
    assert answers[2].startswith(
        "That's a Drone repair on Saturday the 21st of November at 11:30 AM."), answers[2]
    assert await booked_rows(camera) == [("Drone repair", "2026-11-21T19:30")]


@pytest.mark.parametrize("speech", [
    "can I just walk in, or do I need to book?",
    "can we walk in or do we need to book?",
])
async def test_whether_to_book_is_still_the_walk_ins_question(camera: Bot, speech: str) -> None:
    [answer] = await conversation(camera, [speech])
    assert answer.startswith(WALK_IN), answer


# -- 2. Where we are, texted with typos -------------------------------------------------------


async def test_where_and_parking_texted_with_typos_are_the_directions(camera: Bot) -> None:
    reply = said(await camera.text("ok and wher r u guys? is ther parkng"))
    assert reply.startswith("We're at 3318 Southeast Hawthorne Boulevard"), reply
    assert "free parking in the lot behind the building" in reply, reply


def test_the_words_that_ask_the_way_are_corrected_to() -> None:
    ours = receptionist(CAMERA)
    assert ours.typos_corrected("wher r u? is ther parkng, whats the adress") == \
        "where are you? is ther parking, whats the address"


# -- 3. The guarantee, asked in other words ---------------------------------------------------


@pytest.mark.parametrize("speech", [
    "so I got my lens done there like three weeks ago and now it's grinding again, do I gotta "
    "pay all over again or is that on you guys?",
    "you fixed my drone last month and the gimbal's shaking again, is that on you or do I pay "
    "for it again?",
])
async def test_paying_again_for_a_repair_is_the_guarantee(camera: Bot, speech: str) -> None:
    [answer] = await conversation(camera, [speech])
    assert answer.startswith(GUARANTEE), answer


async def test_how_to_pay_is_still_the_payment_entry(camera: Bot) -> None:
    [answer] = await conversation(camera, ["how can I pay when I pick it up?"])
    assert answer.startswith("Cash, all major cards and Apple Pay."), answer


# -- 4. A trouble the FAQ advises on, called an emergency, at a business with none -----------


@pytest.mark.parametrize(("speech", "urgent"), [
    ("oh my god okay, it's an emergency, my camera just fell in the lake like five minutes ago, "
     "it's still on, what do I do?", False),
    ("this is an emergency, I spilled a whole coffee all over my camera, what should I do?",
     False),
    # An entry that tells no one what to do is no advice: urgency claimed stays urgent.
    ("it is urgent, please call me back today about how I can pay", True),
    # A danger told is still one, advice or not.
    ("it's an emergency, the drone battery is smoking and hissing on my kitchen table", True),
])
def test_an_emergency_claimed_of_a_trouble_the_faq_advises_on(speech: str, urgent: bool) -> None:
    assert receptionist(CAMERA).hears_emergency(bot.Heard.of(speech)) is urgent


async def test_a_camera_in_the_lake_gets_the_advice_then_the_drying_price(camera: Bot) -> None:
    answers = await conversation(camera, [
        "oh my god okay, it's an emergency, my camera just fell in the lake like five minutes "
        "ago, it's still on, what do I do?",
        "okay, okay, I took the battery out. How much is it for you guys to dry it out?",
    ])
    assert answers[0].startswith(WET), answers[0]
    assert "911" not in answers[0]
    assert answers[1].startswith("A Water damage drying is $49"), answers[1]
    assert not [t for t in await outbox(camera) if t.startswith("URGENT")]


def test_an_faq_that_sends_callers_to_911_is_no_advice_instead_of_the_owner() -> None:
    ours = receptionist(CAMERA)
    danger = bot.Faq("My battery is smoking. What do I do?",
                     "Get everyone away from it and call 911.")
    ours.profile = bot.dataclasses.replace(ours.profile, faq=(*ours.profile.faq, danger))
    speech = "it's an emergency, my drone battery is all puffed up, what do I do?"
    assert ours.faq_advice_for(bot.Heard.of(speech)) is None
    assert ours.hears_emergency(bot.Heard.of(speech))


# -- 5. The time of one's own booking, asked on another call ----------------------------------


async def test_the_time_of_a_booking_told_is_the_appointment_on_record(camera: Bot) -> None:
    await conversation(camera, [
        "can I book a sensor cleaning this Friday at eleven? I'm Anh Vo", "yes please"])
    [answer] = await conversation(camera, [
        "hi, I booked something with you guys for Friday, sorry, what time was it again?"])
    assert answer.startswith(
        "You have a Sensor cleaning on Friday the 20th of November at 11 AM."), answer


async def test_what_time_was_that_again_is_still_a_recall(camera: Bot) -> None:
    answers = await conversation(camera, [
        "can I book a sensor cleaning this Friday at eleven?", "sorry, what time was that again?"])
    assert answers[1].startswith("That's a Sensor cleaning on Friday the 20th of November at "
                                 "11 AM."), answers[1]


# -- 6. A maker or model asked whether we fix it ----------------------------------------------


async def test_a_maker_we_never_name_asked_whether_we_fix_is_noted(camera: Bot) -> None:
    [answer] = await conversation(camera, [
        "hey quick question, do you guys fix GoPros? my son's keeps shutting off by itself, like "
        "it just quits on him"])
    assert answer == "I'm not sure, I'll ask Odile to get back to you.", answer
    assert [q for q in await questions_noted(camera) if "GoPros" in q], \
        await questions_noted(camera)
