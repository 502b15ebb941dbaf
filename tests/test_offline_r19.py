"""Signs the caller denies, someone or something missing, and a texted booking changed in its
own thread, read the same at every business.

"Hi, no chest pain or anything, I just need to book my physical" was passed on as URGENT at an
imaging center whose policy names chest pain: the common danger words ("chest pain",
"bleeding") were read whatever came before them. "My dog is missing" at a pet-sitting company
whose policy says "lost or got out" got an FAQ answer, and "my grandma with dementia is missing"
the menu. Each is read here as any business would read it, not as one business's phrases.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from conftest import CALLER, Bot, Clock, call_sid

import bot
from tests.offline_support import PROFILES, SCENARIO_PROFILES, booked_rows, receptionist, said

IMAGING = SCENARIO_PROFILES / "imaging-center.toml"
PETS = SCENARIO_PROFILES / "pet-sitting.toml"
DAYCARE = SCENARIO_PROFILES / "daycare.toml"
FENCE = SCENARIO_PROFILES / "fence-contractor.toml"
# A policy that names both the hurt and the injured, as a stranger's day camp's did.
HURT_OR_INJURED = PROFILES / "day-camp.toml"


def urgent(profile: object, speech: str) -> bool:
    return receptionist(profile).hears_emergency(bot.Heard.of(speech))  # type: ignore[arg-type]


@pytest.mark.parametrize("speech", [
    "hi, no chest pain or anything, I just need to book my physical",
    "he's not bleeding or anything, it's just a scrape, can we come in tomorrow",
    "she doesn't have a fever, she's just tired, do you have anything Friday",
    "I'm not in any pain, I just want to know if I can eat before my ultrasound",
    "there's no swelling in my face or anything, I only had the CT an hour ago, is the dye "
    "supposed to taste funny",
    "never had chest pain in my life, my doctor just wants a calcium score",
])
def test_a_sign_the_caller_denies_is_no_emergency(speech: str) -> None:
    assert not urgent(IMAGING, speech), speech


@pytest.mark.parametrize("speech", [
    # A sign denied beside one told, and the denials that are dangers themselves.
    "no chest pain before, but now my chest really hurts and I'm sweating",
    "he's not breathing",
    "no, she's bleeding a lot, what do I do",
    "I'm not in pain but there's blood everywhere",
    "she has no pulse",
    "it won't stop bleeding",
    "my arm is all tingly and my chest feels weird, should I still come for my MRI tomorrow",
])
def test_a_sign_told_beside_a_denial_is_still_one(speech: str) -> None:
    assert urgent(IMAGING, speech), speech


@pytest.mark.parametrize(("speech", "text"), [
    ("no chest pain or anything, I just need a physical", ", I just need a physical"),
    ("he's not bleeding much, just a scrape", "he's , just a scrape"),
    ("she doesn't have a fever", "she"),
    ("he's not breathing", "he's not breathing"),
    ("no, he's bleeding", "no, he's bleeding"),
    ("I don't know if it's an allergic reaction but her face is swelling",
     "I don't know if it's an allergic reaction but her face is swelling"),
])
def test_what_a_denial_takes_out(speech: str, text: str) -> None:
    assert " ".join(bot.without_denied_signs(speech).split()) == " ".join(text.split())


@pytest.mark.parametrize("speech", [
    "my dog is missing, the walker says she can't find her",
    "our cat got out when the sitter came this morning",
    "the walker lost my dog at the park",
])
def test_a_pet_missing_is_the_pet_sitters_emergency(speech: str) -> None:
    assert urgent(PETS, speech), speech


@pytest.mark.parametrize("speech", [
    "my dog is missing his tag, can the walker look for it",
    "is my cat missing out if she only gets one visit a day",
    "can the sitter feed my cat twice on Saturday",
])
def test_a_pet_missing_something_is_not(speech: str) -> None:
    assert not urgent(PETS, speech), speech


@pytest.mark.parametrize(("speech", "danger"), [
    ("my grandma with dementia is missing, she wandered off", True),
    ("my son with autism is missing from the playground", True),
    ("my dad wandered off from the group and we can't find him", True),
    ("my grandma with dementia is missing her pills, can you help", False),
    ("my son with the red hat is missing his lunchbox", False),
])
def test_someone_missing_told_with_who_they_are(speech: str, danger: bool) -> None:
    found = receptionist(DAYCARE).danger_in(bot.Heard.of(speech))
    assert (found is not None and found.name == "someone missing") is danger, (speech, found)


# -- A texted booking changed in its own thread --
# Six businesses of strangers (blind31) expected "can we do 11 instead" and "yes cancel it",
# texted minutes after a booking made by text, to be done on a yes; each got a code to reply
# with. What the thread booked had no more proof than the change has, and the reply naming the
# change goes to the number's owner all the same: for BOOKED_HERE_MINUTES it is changed on a
# yes. What a call, the owner or an older text booked still needs its code.

FARM = PROFILES / "farm-stay.toml"
MONDAY = datetime(2026, 11, 16, 15, 0, tzinfo=UTC)  # Monday 16 November, 9:00 in Galena
BOOKED = ["could I book the sauna Friday at three?", "yes, Dana Ortiz"]


@pytest.fixture
async def farm(make_bot: Callable[..., Any]) -> AsyncIterator[tuple[Bot, Clock]]:
    """The farm stay on a Monday morning, on a clock the test moves."""
    clock = Clock(MONDAY)
    async with make_bot(business_profile=FARM, clock=clock) as running:
        yield running, clock


async def test_a_texted_booking_is_cancelled_on_a_yes_in_its_thread(
        farm: tuple[Bot, Clock]) -> None:
    running, clock = farm
    for line in BOOKED:
        await running.text(line)
    clock.now += timedelta(minutes=10)
    asked = said(await running.text("ugh sorry, plans changed, can u cancel the sauna"))
    assert "Shall I cancel it?" in asked and "code" not in asked, asked
    done = said(await running.text("yes cancel it"))
    assert "cancelled" in done.lower(), done
    assert await booked_rows(running) == []
    assert await booked_rows(running, "cancelled") == [("Sauna session", "2026-11-20T21:00")]


async def test_past_the_half_hour_the_thread_needs_the_code_again(
        farm: tuple[Bot, Clock]) -> None:
    running, clock = farm
    for line in BOOKED:
        await running.text(line)
    clock.now += timedelta(minutes=bot.Skills.BOOKED_HERE_MINUTES + 1)
    asked = said(await running.text("can we make it three thirty instead?"))
    assert "reply with the code" in asked, asked
    assert "Nothing changes until" in said(await running.text("yes"))
    assert await booked_rows(running) == [("Sauna session", "2026-11-20T21:00")]


async def test_what_a_call_booked_needs_the_code_by_text(farm: tuple[Bot, Clock]) -> None:
    running, _ = farm
    sid = call_sid()
    await running.call(sid, StirVerstat="")
    for line in BOOKED:
        await running.say(sid, line, StirVerstat="")
    await running.hang_up(sid)
    asked = said(await running.text("pls cancel the sauna on friday"))
    assert "reply with the code" in asked, asked
    assert "Nothing changes until" in said(await running.text("yes cancel it"))
    assert await booked_rows(running) == [("Sauna session", "2026-11-20T21:00")]


# -- Someone hurt, told by what happened to them --
# "she fell off the ropes corse at camp and her arm is bent wierd and shes crying" was not
# passed on at a stranger's day camp whose policy says "a child is missing or hurt": a fall and
# a limb bent wrong are someone hurt, wherever the policy names the hurt.


@pytest.mark.parametrize("speech", [
    "pls someone call me my daughter just texted she fell off the climbing wall and her arm is "
    "bent wierd and shes crying, nobody called me?? is she ok",
    "my son fell off the monkey bars and I think he broke his arm",
    "she tripped on the stairs and her wrist is bent the wrong way",
])
def test_someone_hurt_by_what_happened_is_the_policys_hurt(speech: str) -> None:
    assert urgent(DAYCARE, speech), speech
    assert urgent(HURT_OR_INJURED, speech), speech


@pytest.mark.parametrize("speech", [
    "the gutter fell off the garage, can someone look at it",
    "he broke his arm in August, can he still come to gym time on Friday",
    "my daughter fell asleep in the car, can we come at 3 instead of 2",
])
def test_a_thing_fallen_or_a_hurt_long_past_is_not(speech: str) -> None:
    assert not urgent(DAYCARE, speech), speech
    assert not urgent(HURT_OR_INJURED, speech), speech


# -- What an attack on these rules found: each was an emergency before them --

SC = SCENARIO_PROFILES


@pytest.mark.parametrize(("profile", "speech"), [
    # A denial that is none: "never … this bad", a "no" answering before the sign, a sign
    # denied and then told in other words, a sign told beside one denied.
    (SC / "urgent-care.toml", "I've never had chest pain this bad, it started twenty minutes ago"),
    (SC / "urgent-care.toml", "I never had any chest pain until twenty minutes ago"),
    (SC / "urgent-care.toml", "my dad says he doesn't have chest pain but he's grey and sweating "
                              "and his arm hurts"),
    (SC / "urgent-care.toml", "I don't have chest pain exactly, it's more like a heavy pressure"),
    (SC / "urgent-care.toml", "I don't have any pain in my chest, I have crushing pressure"),
    (SC / "urgent-care.toml", "no my chest hurts really bad"),
    (SC / "urgent-care.toml", "no my chest feels tight and it's getting worse"),
    (SC / "urgent-care.toml", "no the bleeding won't stop"),
    (SC / "urgent-care.toml", "he has no fever and bleeding that won't stop"),
    (SC / "urgent-care.toml", "he's not bleeding on the outside, he's throwing up blood"),
    (SC / "urgent-care.toml", "I've never had my throat swell like this"),
    (SC / "hair-salon.toml", "no the bleeding won't stop, the stylist nicked my ear"),
    (SC / "hair-salon.toml", "I'm at the salon and I've never had chest pain this bad"),
    # A season or a programme is no time long past: "in the summer camp", "in the fall".
    (HURT_OR_INJURED, "my son in the summer camp can't breathe"),
    (HURT_OR_INJURED, "the boy in the spring session is choking on a grape"),
    (HURT_OR_INJURED, "one of the kids in the summer camp is bleeding badly from his head"),
    (SC / "home-care.toml", "my mom hurt her head in the fall and she's confused"),
    (SC / "trampoline-park.toml", "she broke her leg in the fall off the wall"),
    (SC / "hvac.toml", "no heat and it's freezing, we had the furnace tuned up in September"),
    # "Still have" is still going.
    (SC / "hvac.toml", "we lost power last week and we still have no heat, it's 40 in here"),
    (SC / "plumber.toml", "the pipe burst last week and we still have water on the floor"),
    (SC / "dental.toml", "I had a wisdom tooth out last week and I still have swelling and it's "
                         "hard to swallow"),
    # Broken now, told as people tell it.
    (SC / "trampoline-park.toml", "she landed wrong and I think her ankle is broken"),
    (SC / "home-care.toml", "my grandma with dementia wandered off"),
    (SC / "home-care.toml", "my mom with dementia left the house and we can't find her"),
])
def test_what_the_attack_found_is_still_an_emergency(profile: object, speech: str) -> None:
    assert urgent(profile, speech), (profile, speech)


@pytest.mark.parametrize(("profile", "speech"), [
    # A bone broken days ago, told as why a booking changes; a thing's arm or leg.
    (SC / "music-school.toml", "my son broke his leg yesterday, we need to cancel his piano "
                               "lessons for the next six weeks"),
    (SC / "music-school.toml", "my daughter broke her wrist skiing, she's in a cast, can she "
                               "still do her guitar lesson Thursday"),
    (SC / "nail-salon.toml", "I broke my finger playing volleyball, it's splinted, can I still "
                             "get a pedicure Saturday"),
    (PROFILES / "optician.toml", "hi, the arm on my glasses, my glasses arm is bent weird, can "
                                 "someone adjust it today"),
    (SC / "auto-repair.toml", "I hit a curb and the control arm is bent wrong, the car pulls to "
                              "the left, can I bring it in"),
    # Someone who wandered off to look at something; missing a day's lesson.
    (SC / "home-care.toml", "my husband wandered off to look at the boats, anyway can I book a "
                            "visit"),
    (SC / "music-school.toml", "my son with strep is missing Thursday's lesson"),
    # A slip of the tongue, a sprain told to move a day, a dog that got out once.
    (HURT_OR_INJURED, "I tripped over your website looking for the summer dates"),
    (HURT_OR_INJURED, "he sprained his ankle at soccer practice, can we move his tour"),
    (FENCE, "my dog escaped once through the old fence, can I get a quote on a new one"),
])
def test_what_the_attack_found_is_no_emergency(profile: object, speech: str) -> None:
    assert not urgent(profile, speech), (profile, speech)


@pytest.mark.parametrize("speech", [
    "my dog is missing",
    "our dog is nowhere to be found, the sitter was here at noon",
    "our dog bolted out the door and he's gone",
])
def test_a_pet_missing_told_briefly(speech: str) -> None:
    assert urgent(PETS, speech), speech


CHANGED = ["can we make it three thirty instead?", "yes"]


async def test_a_moved_booking_keeps_the_time_it_was_first_booked(
        farm: tuple[Bot, Clock]) -> None:
    """Each move makes a new booking: it may be changed without a code only as long as the one
    it replaced could (the attack moved one every 25 minutes, for ever)."""
    running, clock = farm
    for line in BOOKED:
        await running.text(line)
    clock.now += timedelta(minutes=20)
    answers = [said(await running.text(line)) for line in CHANGED]
    assert answers[1].startswith("You're booked. Sauna session on Friday"), answers
    clock.now += timedelta(minutes=15)
    asked = said(await running.text("actually can we do four instead?"))
    assert "reply with the code" in asked, asked
    assert await booked_rows(running) == [("Sauna session", "2026-11-20T21:30")]


async def test_a_yes_after_the_window_gets_the_code_not_a_tools_words(
        farm: tuple[Bot, Clock]) -> None:
    running, clock = farm
    for line in BOOKED:
        await running.text(line)
    clock.now += timedelta(minutes=29)
    asked = said(await running.text(CHANGED[0]))
    assert "Shall I move it?" in asked and "code" not in asked, asked
    clock.now += timedelta(minutes=2)
    answer = said(await running.text("yes"))
    assert "reply with the code" in answer and "send_confirmation_code" not in answer, answer
    assert await booked_rows(running) == [("Sauna session", "2026-11-20T21:00")]


async def test_a_yes_to_cancel_one_that_is_gone_cancels_no_other(
        farm: tuple[Bot, Clock]) -> None:
    running, _ = farm
    for line in [*BOOKED, "and the sauna saturday at ten too?", "yes"]:
        await running.text(line)
    assert len(await booked_rows(running)) == 2
    asked = said(await running.text("pls cancel the friday sauna"))
    assert "Friday" in asked and asked.endswith("Shall I cancel it?"), asked
    customer = await running.crm.customer_for(CALLER)
    friday = next(r for r in await running.crm.appointments_for(customer["id"], MONDAY)
                  if r["starts_at"].startswith("2026-11-20"))
    await running.crm.cancel_appointment(customer["id"], friday["id"])  # the owner, meanwhile
    answer = said(await running.text("yes"))
    assert "Saturday" not in answer or "Cancelled" not in answer, answer
    assert [s for s, _ in await booked_rows(running)] == ["Sauna session"]
    assert (await booked_rows(running))[0][1].startswith("2026-11-21"), await booked_rows(running)
