"""The offline receptionist at a towing company, where a stranger's callers (blind23) had a tow
booked as a jump start and a calm lockout escalated:

1. a thing tried that did not help ("won't turn over even with a jump") names no service: the
   tow asked for is booked, not the Jump start;
2. danger denied is no emergency ("there's nobody in it, no pets", "nobody got hurt"), and a
   policy's act is told only of its own situation: "stuck in a parking garage" is no "stuck in
   a ditch" (the caller who asks for a person is put through);
3. a day the caller cannot do ("I can't get a ride tomorrow. Can we push it to Friday?") is not
   the day asked;
4. a weekday said of something else ("I'm out of town till Monday… on the 24th") does not
   disagree with the date asked;
5. a text that asks to cancel is about cancelling, whatever day it tells of;
6. a price asked by what a service does ("to unlock a car") is that service's;
7. an FAQ asked in other words ("hop in with the driver… my dog") is answered;
8. after an accident, "how do I get it back? what do I need to bring?" is the FAQ's answer;
9. bookings told in pieces, with a spelled name, or texted with typos.

A towing company of our own (tests/profiles/roadside.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot, call_sid
from test_offline_safety import outbox

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

ROADSIDE = PROFILES / "roadside.toml"
ROADSIDE_NOW = datetime(2026, 11, 18, 15, 15, tzinfo=UTC)  # Wednesday 18 November, 8:15 in Billings


roadside = business_at(ROADSIDE, ROADSIDE_NOW, "The towing company on a Wednesday morning.")



# -- 1. A thing tried is no service asked ------------------------------------------------------


TOW_TOLD = ("hi yeah, my Civic's been sitting dead in my driveway, won't turn over even with a "
            "jump, so I need it towed to the Ford dealer, could you do tomorrow morning around "
            "nine?")


@pytest.mark.parametrize(("speech", "service"), [
    (TOW_TOLD, "Local tow"),
    ("it won't turn over even after a jump, can you tow it to my mechanic on Friday?", "Local tow"),
    ("we already tried jumping it twice, it needs to be towed to the shop", "Local tow"),
    # A jump asked for is still the jump, and one never tried too.
    ("my battery's dead, can somebody come jump it tomorrow at nine?", "Jump start"),
    ("I haven't tried a jump yet, could someone come jump it Friday at ten?", "Jump start"),
])
def test_a_thing_tried_names_no_service(speech: str, service: str) -> None:
    assert named(ROADSIDE, speech) == service


async def test_the_tow_told_with_a_jump_tried_is_booked_as_the_tow(roadside: Bot) -> None:
    answers = await conversation(roadside, [TOW_TOLD, "yes please, that's right. Name's Priya "
                                                      "Raman"])
    assert "Local tow" in answers[0] and "Jump" not in answers[0], answers[0]
    assert await booked_rows(roadside) == [("Local tow", "2026-11-19T16:00")]


# -- 2. Danger denied, and a policy's act told only of its own situation ------------------------


LOCKOUT_CALM = ("hi, um, I locked my keys in my car, it's in my driveway. There's nobody in it, "
                "no pets, it's just sitting there. Could somebody come at eleven thirty this "
                "morning?")
GARAGE = ("can I just talk to an actual person? I've got kind of a weird one, my car's stuck in a "
          "parking garage with like a six foot eight clearance and I don't know if your truck "
          "even fits in there")


@pytest.mark.parametrize(("speech", "urgent"), [
    (LOCKOUT_CALM, False),
    (GARAGE, False),
    ("I backed into a post in the lot, I'm fine, nobody got hurt, can you tow it to the body "
     "shop Friday?", False),
    # The policy's own situations, told.
    ("my keys are locked in the car and my dog is in there, it's getting hot", True),
    ("my car slid off the road and I'm stuck in a ditch out on Route 3", True),
    ("I'm stranded on the highway shoulder past the rest stop, the car just died", True),
    # Collapsing something is a thing's; someone collapsing is an emergency.
    ("a private lesson tomorrow at eleven, I keep collapsing everything I throw", False),
    ("my husband just collapsed in the parking lot, he's not answering me", True),
])
def test_danger_denied_or_another_situation_is_no_emergency(speech: str, urgent: bool) -> None:
    ours = receptionist(ROADSIDE)
    assert ours.hears_emergency(bot.Heard.of(speech)) is urgent


async def test_a_calm_lockout_is_booked_not_escalated(roadside: Bot) -> None:
    answers = await conversation(roadside, [LOCKOUT_CALM, "yes please, it's Siobhan Reilly"])
    assert "11:30" in answers[0] and "urgent" not in answers[0], answers[0]
    assert await booked_rows(roadside) == [("Lockout", "2026-11-18T18:30")]
    assert not any(body.startswith("URGENT") for body in await outbox(roadside))


async def test_a_caller_asking_for_a_person_about_an_odd_job_is_put_through(
        roadside: Bot) -> None:
    sid = call_sid()
    await roadside.call(sid)
    answer = await roadside.say(sid, GARAGE)
    assert "<Dial" in answer and "urgent" not in said(answer), answer



@pytest.mark.parametrize(("speech", "person"), [
    ("There's this clicking when I turn the key, and I'd kind of like somebody to come look at "
     "it first", False),
    ("is there somebody there I could talk to?", True),
])
def test_someone_asked_to_come_is_a_visit_not_a_person(speech: str, person: bool) -> None:
    assert receptionist(ROADSIDE).hears_person(bot.Heard.of(speech)) is person


# -- 3. A day the caller cannot do is not the day asked ------------------------------------------


@pytest.mark.parametrize(("speech", "day"), [
    ("oh shoot, wait, actually I can't get a ride tomorrow. Can we push it to Friday, four "
     "thirty?", "2026-11-20"),
    ("I won't be able to make it tomorrow, how about Monday at nine?", "2026-11-23"),
    # A day said after "until" is the day meant.
    ("I can't come in until Friday, say ten?", "2026-11-20"),
])
def test_a_day_the_caller_cannot_do_is_not_the_day_asked(speech: str, day: str) -> None:
    assert str(bot.parse_day(speech, ROADSIDE_NOW.date())) == day


async def test_a_pickup_pushed_to_another_day_is_moved_to_that_day(roadside: Bot) -> None:
    answers = await conversation(roadside, [
        "hi, my car got towed to your lot from the mall, I want to come pick it up "
        "tomorrow, at three o'clock",
        "yes, Kenji Watanabe",
        "oh shoot, wait, actually I can't get a ride tomorrow. Can we push it to Friday, four "
        "thirty?",
        "yes, Friday at four thirty"])
    assert "Friday" in answers[2] and "4:30" in answers[2], answers[2]
    assert await booked_rows(roadside) == [("Tow lot release", "2026-11-20T23:30")]


# -- 4. A weekday said of something else does not disagree with the date asked ------------------


@pytest.mark.parametrize(("speech", "disagrees"), [
    ("im out of town till monday. can someone jump it on the 24th at 7:30am before work", False),
    ("I'm away until Monday, so the 24th around ten?", False),
    # A date told of the caller's own life is not the day asked.
    ("So I'm getting married December twentieth and I need the car towed to the detail shop, "
     "could you do next Monday around four?", False),
    # The weekday said with the date still disagrees.
    ("can someone come Monday the 24th at ten?", True),
])
def test_a_weekday_bounding_something_else_does_not_disagree(
        speech: str, disagrees: bool) -> None:
    assert (bot.day_disagrees(speech, ROADSIDE_NOW.date()) is not None) is disagrees


# -- 5. A text asking to cancel is about cancelling ----------------------------------------------


async def test_a_texted_cancel_that_tells_another_day_is_about_cancelling(roadside: Bot) -> None:
    texts = ["hi my car battery died, its parked at my apt, im out of town till monday. can "
             "someone jump it on the 24th at 7:30am before work", "yes, Dana Ortiz",
             "actually nvm my brother says he can jump it sunday. pls cancel the jump start"]
    replies = [said(await roadside.text(text)) for text in texts]
    assert "7:30" in replies[0] and "Tuesday" in replies[0], replies[0]
    assert await booked_rows(roadside) == [("Jump start", "2026-11-24T14:30")]
    assert "cancel" in replies[2].lower() and "Sunday" not in replies[2], replies[2]



async def test_a_texted_cancel_of_the_booking_being_made_drops_it(roadside: Bot) -> None:
    texts = ["can someone jump my car on the 24th at 7:30am?", "yes",
             "actually nvm my brother says he can jump it sunday. pls cancel the jump start"]
    replies = [said(await roadside.text(text)) for text in texts]
    assert replies[1] == "And what name shall I put it under?"
    assert replies[2].startswith("Alright, I've cancelled that: the Jump start isn't booked."), \
        replies[2]
    assert await booked_rows(roadside) == []


# -- 6. A price asked by what a service does -----------------------------------------------------


@pytest.mark.parametrize("speech", [
    "hi, how much do you guys charge to unlock a car? I'm just pricing it out for my mom, she "
    "locks her keys in like once a month, honestly",
    "how much to unlock a car?",
])
async def test_a_price_asked_by_what_a_service_undoes_is_its_price(
        roadside: Bot, speech: str) -> None:
    [answer] = await conversation(roadside, [speech])
    assert answer.startswith("A Lockout is $75"), answer


# -- 7. An FAQ asked in other words, of a staff member's role ------------------------------------


async def test_riding_with_the_driver_is_the_ride_along_answer(roadside: Bot) -> None:
    [answer] = await conversation(roadside, [
        "so if you tow my car to the shop, can I, like, hop in with the driver? I'd have my dog "
        "with me too, she's a big yellow lab, she's not gonna fit in a crate or anything."])
    assert answer.startswith("Yes, up to two adults can ride in the cab with the driver. Dogs "
                             "and cats ride only in a carrier."), answer


async def test_a_staff_member_asked_for_by_name_is_still_put_through(roadside: Bot) -> None:
    sid = call_sid()
    await roadside.call(sid)
    assert "<Dial" in await roadside.say(sid, "is June in today?")


# -- 8. A day gone by, told before a question the FAQ answers ------------------------------------


async def test_getting_a_car_back_after_an_accident_is_the_faq_answer(roadside: Bot) -> None:
    [answer] = await conversation(roadside, [
        "yeah hi, so I was in a wreck Saturday night on Main, I'm fine, nobody got hurt, but the "
        "cops had you guys tow my Camry. How do I get it back? Like what do I need to bring?"])
    assert answer.startswith("Come to the office in office hours with a photo ID"), answer
    assert "911" not in answer


@pytest.mark.parametrize(("speech", "to_come"), [
    ("I was in a wreck Saturday night, how do I get my car back?", False),
    ("my car got towed Sunday from the mall", False),
    ("I was hoping for a tow Saturday at nine", True),
    ("we were wondering if Friday at ten works for a jump", True),
])
def test_a_day_told_of_what_happened_is_no_day_to_come(speech: str, to_come: bool) -> None:
    assert receptionist(ROADSIDE).day_to_come(bot.Heard.of(speech)) is to_come


# -- 9. Bookings: today said by its part of the day ---------------------------------------------


@pytest.mark.parametrize(("speech", "day"), [
    ("could somebody come at eleven thirty this morning?", "2026-11-18"),
    ("can you do two this afternoon?", "2026-11-18"),
    # Another day said is the day; a trouble since this morning says no day.
    ("the light came on this morning, can you come Friday at ten?", "2026-11-20"),
    ("it's been dead since this morning", "None"),
])
def test_this_morning_is_today(speech: str, day: str) -> None:
    assert str(bot.parse_day(speech, ROADSIDE_NOW.date())) == day


async def test_a_job_asked_for_this_morning_is_read_back_for_today(roadside: Bot) -> None:
    answers = await conversation(roadside, [
        "I ran out of gas at work, could somebody bring some at ten thirty this "
        "morning?", "yes, Dre Whitaker"])
    assert "Fuel delivery" in answers[0] and "10:30" in answers[0], answers[0]
    assert await booked_rows(roadside) == [("Fuel delivery", "2026-11-18T17:30")]



async def test_a_texted_job_with_typos_in_a_parking_lot_is_that_job(roadside: Bot) -> None:
    texts = ["hi do u guys do fule delivry? ran outta gas in the parking lot at my work on 1st "
             "ave, im inside so no rush, can sum1 come like 1030 this mornin",
             "yes thx, its Dre Whitaker"]
    replies = [said(await roadside.text(text)) for text in texts]
    assert "Fuel delivery" in replies[0] and "10:30" in replies[0], replies[0]
    assert await booked_rows(roadside) == [("Fuel delivery", "2026-11-18T17:30")]
