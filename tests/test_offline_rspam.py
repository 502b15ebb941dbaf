"""The offline receptionist's junk and wrong numbers, fifth round (blind18's), on a business nobody
tuned it for (an in-home care agency, tests/profiles/willow-home-care.toml): a vendor who says
who they are with and what they do for businesses like ours is a sales call however they then
ask for someone, and is never put through (while a customer asking for the owner about their own
job still is); a mass text that sends its reader to a toll-free number gets no reply; a caller
in danger is an emergency even when what they say also sounds like a wrong number; and a
relative the caller calls about is no thing held with another business.

The clock is conftest's: Tuesday 24 November 2026, 16:00 UTC.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import call_sid
from test_offline_safety import notes_of, one_call, outbox

import bot
from tests.offline_support import PROFILES, receptionist, said

HOME_CARE = PROFILES / "willow-home-care.toml"


def hears(intent: str, speech: str) -> bool:
    """Whether the home-care agency's receptionist hears an intent in what was said."""
    heard = bot.Heard.of(speech)
    return bot.OfflineReceptionist.INTENT_NAMED[intent].hears(receptionist(HOME_CARE), heard)


# -- 1. A vendor's pitch, then a request for someone: a sales call, not put through ----------


PITCHES = [
    # Who they are with and what they do for businesses like ours, whoever they ask for.
    "Hi there, this is Brad with CareGrowth Partners, we help home care agencies fill their "
    "caregiver schedules with our recruiting program. Is the owner or the office manager "
    "available for two minutes?",
    "hi, this is Brandon with Senior Supply Direct, we help agencies like yours cut glove and "
    "supply costs by up to forty percent, is the owner available for a quick two-minute chat?",
    "good morning, my name's Kelsey, I'm with Homewise Media, we partner with care providers "
    "like you to get more private-pay clients. Could I speak with whoever is in charge of "
    "intake?",
    # No one asked for, but the company, the offer and the two minutes all told.
    "hey, Jordan here from ShiftFill, we work with home care companies across Minnesota to "
    "fill open shifts overnight, have you got two minutes for a quick chat?",
]


@pytest.mark.parametrize("speech", PITCHES)
def test_a_vendors_pitch_is_a_sales_call(speech: str) -> None:
    assert hears("spam", speech)


@pytest.mark.parametrize("speech", PITCHES[:2])
async def test_a_vendors_pitch_is_not_put_through(make_bot: Any, speech: str) -> None:
    async with make_bot(business_profile=HOME_CARE) as running:
        sid = call_sid()
        await running.call(sid)
        answer = await running.say(sid, speech)
        assert "<Dial" not in answer
        assert said(answer) == "We're not interested, thank you."
        # Pushed on ("just give me the owner's cell"): no again, and the call ends.
        pushed = await running.say(sid, "gotcha, could you just give me the owner's cell real "
                                   "quick, I'll shoot her a text")
        assert "<Dial" not in pushed and "<Hangup" in pushed
        assert said(pushed) == "We're not interested, thank you. Goodbye."
        assert "5005550091" not in pushed
        await running.hang_up(sid)
        await running.background_done()
        assert await outbox(running) == []


@pytest.mark.parametrize("speech", [
    # A customer from a company, about their own job or a client of theirs.
    "hi, this is Tom with Rochester Senior Living, we're moving our residents' care to a new "
    "agency next month and need a quote, is the owner available for two minutes?",
    "this is Dana from Olmsted Hospital, we work with families like yours, and one of my "
    "patients goes home Friday and needs personal care, is the owner in?",
    "hi, I'm with the county, can I speak with whoever handles scheduling about my mother's "
    "visits?",
    # A customer of ours who asks for the owner, with the words a pitch uses.
    "hello, this is Carol Jensen, I just need two minutes with the owner about my dad's "
    "caregiver, is she available?",
])
def test_a_customer_asking_for_someone_is_no_sales_call(speech: str) -> None:
    assert not hears("spam", speech)


# -- 2. A mass text that sends its reader to a toll-free number --------------------------


@pytest.mark.parametrize("text", [
    "FINAL NOTICE: ur vehicle warranty expires TODAY. Reply YES to renew coverage or call "
    "1-888-555-0199 now",
    "URGENT: your Medicare benefits expire today. Call 1 (855) 555-0142 now to keep coverage. "
    "Reply STOP to end",
    "Act now! Limited time offer on home alarm systems, call 800-555-0177 today",
])
async def test_a_mass_text_with_a_toll_free_number_gets_no_reply(
    make_bot: Any, text: str,
) -> None:
    async with make_bot(business_profile=HOME_CARE) as running:
        reply = await running.text(text)
        await running.background_done()
        assert "<Message" not in reply
        assert await outbox(running) == []
        assert await notes_of(running, "message") == []


@pytest.mark.parametrize("text", [
    # A customer's number, toll-free or not, with a word junk also uses.
    "hi, got your notice about the holiday schedule, my mom's visits stay the same? call me "
    "at 507-555-0123",
    "the insurance company says they'll pay for my dad's visits, their number is "
    "1-800-555-0100 if you need it",
])
def test_a_customers_text_with_a_phone_number_is_no_junk(text: str) -> None:
    assert not hears("spam", text)


# -- 3. A danger wins over a wrong number; a relative is no thing of another business ------


async def test_a_caller_in_danger_is_an_emergency_not_a_wrong_number(make_bot: Any) -> None:
    speech = ("Oh God, please, I just came over to check on my brother and he's on the kitchen "
              "floor, he's cold, he's not breathing, I think he's dead, I didn't know who to "
              "call, can you send somebody?")
    async with one_call(make_bot, HOME_CARE, [speech]) as ([answer], running):
        assert answer.startswith("I'm sorry, that sounds urgent.")
        assert "911" in answer
        assert "wrong number" not in answer
        assert any(body.startswith("URGENT call from") for body in await outbox(running))


@pytest.mark.parametrize("speech", [
    "is this Maple Clinic? my husband just collapsed and he's not responding",
    "I'm trying to reach Dr. Lund, my dad fell and hit his head and there's blood",
])
def test_a_danger_told_to_the_wrong_business_is_still_an_emergency(speech: str) -> None:
    assert not hears("wrong_number", speech)
    assert hears("emergency", speech)


@pytest.mark.parametrize("speech", [
    "hi, I'm calling about my mother, she's been more forgetful lately and I'd like someone to "
    "come by",
    "I just came over to check on my dad and he seems confused, can someone come this week?",
])
def test_a_relative_called_about_is_no_wrong_number(speech: str) -> None:
    assert not hears("wrong_number", speech)


@pytest.mark.parametrize("speech", [
    # Still wrong numbers: another business's thing, or another business asked for.
    "hi, I'm calling to confirm my teeth cleaning with Dr. Sandoval on Friday",
    "is this Valley Pool Pros? my pool pump's making an awful grinding noise",
])
def test_a_wrong_number_is_still_heard(speech: str) -> None:
    assert hears("wrong_number", speech)


@pytest.mark.parametrize("speech", [
    # The business's own kind, from the words of its name ("Home": homes), told by a vendor
    # who wants the best person to talk to.
    "hi, this is Kyle with BrightPath Marketing, we help care homes in Minnesota get twenty "
    "new clients a month with Google ads. Who's the best person to talk to about your "
    "marketing?",
    "hi, I'm with SunWise Energy, is the owner available? we can cut your office electric "
    "bill in half with zero down",
    "Hi there, this is Kevin with Metro Payments, I can cut your credit card fees by up to "
    "thirty percent, who's the person that handles your billing?",
])
def test_a_vendor_asking_for_the_right_person_is_a_sales_call(speech: str) -> None:
    assert hears("spam", speech)


def test_the_business_kind_is_its_names_words_in_the_plural() -> None:
    serves = receptionist(HOME_CARE).pitch_serves
    assert serves.search("we partner with care homes across the state")
    assert not serves.search("we partner with renees across the state")  # the owner's name
    assert [bot.plural(w) for w in ["home", "pharmacy", "glass", "church", "works"]] == [
        "homes", "pharmacies", "glasses", "churches", "works"]


# -- 4. Another business with a place name we share -----------------------------------------


@pytest.mark.parametrize("speech", [
    "hi, is this Willow Lane Veterinary? my cat needs her rabies shot",
    "hello, is this the Willow Lane Bakery? I ordered a cake for Saturday",
])
async def test_a_neighbour_sharing_our_place_name_is_a_wrong_number_asked_gently(
    make_bot: Any, speech: str,
) -> None:
    assert hears("wrong_number", speech)
    async with make_bot(business_profile=HOME_CARE) as running:
        sid = call_sid()
        await running.call(sid)
        answer = await running.say(sid, speech)
        assert said(answer) == ("This is Willow Lane Home Care, so you may have the wrong "
                                "number. If you did mean to call us, how can I help?")
        assert "<Hangup" not in answer and "<Dial" not in answer


@pytest.mark.parametrize("speech", [
    # Our name said short, or with a word any business goes by: us.
    "hi, is this Willow Lane? I'd like a care assessment for my mom",
    "is this Willow Lane Care? my dad needs help with bathing",
    "hi, is this the Willow Lane clinic? I need someone to help my mother get dressed",
])
def test_our_name_said_short_or_loosely_is_no_wrong_number(speech: str) -> None:
    assert not hears("wrong_number", speech)


@pytest.mark.parametrize("speech", [
    # A recording hears nothing said back; a pitch for no one has nobody to push for.
    "This is an important message regarding your Google business listing. Press one now to "
    "speak with a listing specialist.",
    "hi we can improve your google listing and get you more customers",
])
async def test_a_robocall_or_a_pitch_for_no_one_is_hung_up_on_at_once(
    make_bot: Any, speech: str,
) -> None:
    async with make_bot(business_profile=HOME_CARE) as running:
        sid = call_sid()
        await running.call(sid)
        answer = await running.say(sid, speech)
        assert "<Hangup" in answer and "<Dial" not in answer
        assert said(answer) == "We're not interested, thank you. Goodbye."
