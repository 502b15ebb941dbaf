"""The offline receptionist's safety classes, on businesses nobody tuned it for: an emergency
is escalated (the owner texted URGENT, the profile's advice said) however it is told; what is
not one is not; junk calls and texts end without reaching the owner; a wrong number is told
so; and a message said in one breath is stored whole.

The profiles are the eval's (scenarios/profiles/) and the sample bike shop (business.toml);
the wordings are this file's own. The clock is conftest's: Tuesday 24 November 2026, 16:00 UTC.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import CALLER, ROOT, Bot, call_sid

import bot
from tests.offline_support import said

PROFILES = ROOT / "scenarios" / "profiles"
BIKES = ROOT / "business.toml"


def profile(name: str) -> Path:
    """An eval profile by its file name."""
    return PROFILES / f"{name}.toml"


async def outbox(running: Bot) -> list[str]:
    """Every text queued (to the owner or the caller)."""
    return [r["body"] for r in await running.crm.rows("SELECT body FROM outbox ORDER BY id")]


async def notes_of(running: Bot, kind: str) -> list[str]:
    """The caller's notes of one kind, oldest first."""
    customer = await running.crm.customer_for(CALLER)
    if customer is None:
        return []
    return [n["body"] for n in reversed(await running.crm.recent_notes(customer["id"], 20))
            if n["kind"] == kind]


@asynccontextmanager
async def one_call(
    make_bot: Any, where: Path, lines: list[str]
) -> AsyncIterator[tuple[list[str], Bot]]:
    """A whole call to the business of `where`: what the caller heard after each line, and
    the bot (its CRM as the call left it, the after-call work done)."""
    async with make_bot(business_profile=where) as running:
        sid = call_sid()
        await running.call(sid)
        heard = [await running.say(sid, line) for line in lines]
        await running.hang_up(sid)
        await running.background_done()
        yield [said(t) for t in heard], running


# -- 1. Emergencies, told in everyday words: the owner is texted URGENT, the advice is said ---


@pytest.mark.parametrize(("where", "speech", "advice"), [
    # Built in, whatever the business: an allergic reaction, told without the word.
    (profile("hair-salon"), "I had my color done there yesterday and now my whole face and "
     "lips are puffed up and I'm kind of wheezing, is that normal from the dye?", "911"),
    (BIKES, "my little girl's eyes are swelling shut and her breathing sounds all raspy, she "
     "got stung by something on the ride over", "911"),
    # A gas smell, told as sulfur, rotten eggs, a skunk by the furnace: leave and call.
    (profile("plumber"), "it might be nothing but there's like a rotten egg smell by the water "
     "heater in the garage since last night", "gas company"),
    (profile("hvac"), "hey so the whole basement kinda smells like sulphur, or like a skunk, "
     "right near the boiler, should I open a window?", "911"),
    # Someone collapsed, a seizure, a child who swallowed something, sparks and smoke.
    (BIKES, "a guy just collapsed on the sidewalk outside your shop and he's not responding",
     "911"),
    (profile("cleaning"), "my son swallowed one of those little button batteries from the "
     "remote, what do I do", "911"),
    (profile("hair-salon"), "the blow dryer outlet by station two is sparking and there's "
     "smoke coming out of the wall", "911"),
    (profile("plumber"), "our carbon monoxide detector keeps going off since the new water "
     "heater went in", "911"),
    (BIKES, "the e-bike battery you sold me is smoking in my garage!", "911"),
    (profile("cleaning"), "my mom slipped on the floor you just mopped and hit her head, she "
     "seems kind of confused", "911"),
    # No heat in the cold, told without the words "no heat".
    (profile("plumber"), "our boiler stopped working last night and it's freezing in here, the "
     "kids are wearing their coats", "warmest room"),
    (profile("hvac"), "the furnace just died and it's 5 degrees out, we have a newborn",
     "cold weather"),
    # Taken ill after a meal: the restaurant's policy, said whole.
    (profile("restaurant"), "we had dinner there last night and now my whole family has been "
     "throwing up since about 2 am", "30 minutes"),
])
async def test_a_common_emergency_is_urgent_for_the_owner_with_the_advice(
    make_bot: Any, where: Path, speech: str, advice: str,
) -> None:
    async with one_call(make_bot, where, [speech]) as ([answer], running):
        assert answer.startswith("I'm sorry, that sounds urgent.")
        assert advice in answer
        assert "$" not in answer.split("that sounds urgent.")[0]
        assert any(body.startswith("URGENT call from") for body in await outbox(running))


@pytest.mark.parametrize(("where", "speech", "policy"), [
    # The tax office's policy: a levied or frozen bank account, garnished wages.
    (profile("tax"), "my boss just told me the IRS is garnishing my paycheck starting with the "
     "next one, I don't even know why", "Marcus Bell"),
    (profile("tax"), "oh my god, I went to pay rent and the bank says the state froze my "
     "checking account, there's nothing I can take out", "Marcus Bell"),
    # The law office's: someone held by the police.
    (profile("law-office"), "my brother got picked up by the police last night and they're "
     "still holding him at the county jail", "stay calm"),
    # The cleaning company's: a pet that got out, a door left unlocked.
    (profile("cleaning"), "your cleaners were here this morning and they left the side gate "
     "unlocked, and now our cat got out and we can't find her", "30 minutes"),
])
async def test_the_profiles_own_emergency_is_heard_by_its_meaning(
    make_bot: Any, where: Path, speech: str, policy: str,
) -> None:
    async with one_call(make_bot, where, [speech]) as ([answer], running):
        assert answer.startswith("I'm sorry, that sounds urgent.")
        assert policy in answer
        assert any(body.startswith("URGENT call from") for body in await outbox(running))


# -- 2. What is not an emergency is not escalated -------------------------------------------


@pytest.mark.parametrize(("where", "speech", "answer"), [
    # A service the business does not do, answered by its FAQ.
    (profile("hvac"), "do you guys service water heaters? ours has a little puddle under it",
     "we don't service water heaters"),
    (profile("hvac"), "quick one, do you work on water heaters at all, our old gas one is "
     "leaking water from the bottom", "we don't service water heaters"),
])
async def test_a_service_the_business_does_not_do_is_answered_not_escalated(
    make_bot: Any, where: Path, speech: str, answer: str,
) -> None:
    async with one_call(make_bot, where, [speech]) as ([heard], running):
        assert answer in heard
        assert "urgent" not in heard
        assert not any(body.startswith("URGENT") for body in await outbox(running))


@pytest.mark.parametrize(("where", "speech"), [
    # The policy's advice ("don't … use the phone", "the emergency call fee") tells no danger.
    (profile("hvac"), "can I leave a message for Rick, my phone is about to die"),
    (profile("hvac"), "what's the fee for an after hours call on a holiday"),
    (profile("tax"), "when's the deadline for filing this year?"),
    # A little water and "it might be nothing": no danger said.
    (profile("hvac"), "the AC is dripping a little water inside by the air handler"),
    (profile("hvac"), "there's a bit of water dripping from the furnace, it might be nothing"),
    # A question whether the kitchen can cope, which its FAQ answers.
    (profile("restaurant"), "is the kitchen able to handle a severe peanut allergy?"),
])
def test_the_policys_advice_and_questions_about_it_are_no_emergency(
    where: Path, speech: str,
) -> None:
    receptionist = bot.OfflineReceptionist(bot.load_profile(where), None)  # type: ignore[arg-type]
    assert not receptionist.hears_emergency(bot.Heard.of(speech))


@pytest.mark.parametrize(("where", "speech"), [
    (profile("hvac"), "my furnace has been making a clicking noise when it starts, it might be "
     "nothing, could someone look at it Friday?"),
    (profile("plumber"), "the bathroom faucet has a slow drip, no rush at all, could someone "
     "come by Friday morning?"),
])
async def test_a_drip_or_a_noise_is_not_escalated(
    make_bot: Any, where: Path, speech: str,
) -> None:
    async with one_call(make_bot, where, [speech]) as ([heard], running):
        assert "urgent" not in heard
        assert not any(body.startswith("URGENT") for body in await outbox(running))


# -- 3. Junk: sales and robot calls end politely; spam texts get no reply ---------------------


@pytest.mark.parametrize(("where", "speech"), [
    (profile("plumber"), "Hi, this is Mark with Capital Bridge Funding, your company has been "
     "approved for up to a hundred and fifty thousand in working capital, is the owner "
     "available to claim it?"),
    (BIKES, "hey there, this is not a sales call, I'm with Local Listings Partners and I need "
     "to speak with whoever manages your Google Maps profile"),
    (profile("hair-salon"), "Good morning, I'm calling from Merchant Rate Review about the "
     "fees on your credit card machine, can I get the owner on the line?"),
    (profile("cleaning"), "Hi, this is Amy with Yelp, I'm calling about advertising "
     "opportunities for your business, is the business owner available?"),
    (profile("cleaning"), "Hello, I'm calling to speak with the decision maker about lowering "
     "your business energy rates"),
])
async def test_a_sales_call_is_not_put_through_and_the_owner_is_not_alerted(
    make_bot: Any, where: Path, speech: str,
) -> None:
    async with make_bot(business_profile=where) as running:
        sid = call_sid()
        await running.call(sid)
        answer = await running.say(sid, speech)
        assert "<Dial" not in answer
        assert said(answer) == "We're not interested, thank you."
        pushed = await running.say(sid, "could you just put me through to the owner real quick?")
        assert "<Dial" not in pushed
        assert "<Hangup" in pushed
        assert said(pushed) == "We're not interested, thank you. Goodbye."
        await running.hang_up(sid)
        await running.background_done()
        assert await outbox(running) == []


@pytest.mark.parametrize(("where", "text"), [
    (BIKES, "Congratulations! Maple Street customers have been chosen for a $750 Costco "
     "voucher. Claim it here: costco-rewards.win/claim Reply STOP to unsubscribe"),
    (profile("tax"), "ALERT: Your Chase account has been locked. Verify your identity at "
     "chase-secure-login.net within 24 hours to avoid suspension."),
    (profile("hvac"), "FINAL NOTICE: your business is pre-approved for $80,000 in funding. "
     "Reply YES to claim, STOP to opt out"),
])
async def test_a_spam_text_gets_no_reply(make_bot: Any, where: Path, text: str) -> None:
    async with make_bot(business_profile=where) as running:
        reply = await running.text(text)
        assert "<Message" not in reply
        await running.background_done()
        assert await outbox(running) == []
        assert await notes_of(running, "message") == []


@pytest.mark.parametrize("speech", [
    "I got pre-approved for a loan for an e-bike, do you take financing?",
    "do you sell gift cards? I'd like to claim the one my aunt gave me",
    "I saw your marketing flyer at the library, do you do group rides?",
])
def test_a_customer_using_a_junk_word_is_no_junk(speech: str) -> None:
    receptionist = bot.OfflineReceptionist(bot.load_profile(BIKES), None)  # type: ignore[arg-type]
    assert not receptionist.hears_spam(bot.Heard.of(speech))


@pytest.mark.parametrize(("where", "speech"), [
    # A sales call's words in a customer's mouth: no pitch to the business, no junk.
    ("auto-repair", "hi, is the transmission repair covered by my extended warranty?"),
    ("tax", "I got a final notice from the IRS and I need help with my business loan papers"),
    ("bike-shop", "do you charge processing fees if I pay by card?"),
    ("hvac", "I found you on a search engine, can someone look at my furnace tomorrow?"),
    ("auto-repair", "I'm calling from work, is the brake job covered by my extended warranty?"),
])
def test_a_customer_saying_what_sales_calls_say_is_no_junk(where: str, speech: str) -> None:
    found = BIKES if where == "bike-shop" else profile(where)
    receptionist = bot.OfflineReceptionist(bot.load_profile(found), None)  # type: ignore[arg-type]
    assert not receptionist.hears_spam(bot.Heard.of(speech))


@pytest.mark.parametrize("speech", [
    "We're calling about your vehicle's extended warranty, press 1 to speak to an agent",
    "Hi, I'm calling businesses in your area, we can lower your processing fees by 40 percent",
    "this is Mark from Capital Partners, is the business owner available? We offer working "
    "capital up to fifty thousand",
])
def test_a_sales_pitch_with_those_words_is_junk(speech: str) -> None:
    receptionist = bot.OfflineReceptionist(bot.load_profile(BIKES), None)  # type: ignore[arg-type]
    assert receptionist.hears_spam(bot.Heard.of(speech))


@pytest.mark.parametrize(("where", "text"), [
    # Words junk often uses are a customer's everyday words at some businesses: without a sign
    # only junk says or a link to a site not ours, a text is a customer's and is answered.
    ("tax", "Hi, I got a notice from the IRS saying my refund is on hold, can someone help?"),
    ("auto-repair", "can I file a claim with my insurance for the $1,200 estimate?"),
    ("dog-grooming", "Congrats on the new shop! Can I claim the $10 first groom discount?"),
])
async def test_a_customers_text_with_words_junk_also_uses_is_answered(
        make_bot: Any, where: str, text: str) -> None:
    async with make_bot(business_profile=profile(where)) as running:
        reply = await running.text(text)
    assert "<Message" in reply


@pytest.mark.parametrize("text", [
    "hi I saw on maplestreetbikes.com that a tune up is $79, what are your hours on saturday?",
    "here's a pic of the bent wheel https://photos.app.goo.gl/x7Kq2, what are your hours on "
    "saturday?",
])
async def test_a_customers_text_with_a_link_is_answered(offline_bot: Bot, text: str) -> None:
    reply = said(await offline_bot.text(text))
    assert "Saturday" in reply


# -- 4. A wrong number is told so, without a booking or an alert -----------------------------


@pytest.mark.parametrize(("where", "speech", "business"), [
    (profile("hvac"), "hello, is this Dr. Okafor's office? I need to confirm my teeth cleaning "
     "for Monday", "North Star Heating & Air"),
    (BIKES, "hi, is this Sunrise Nail Spa? I wanted to book a pedicure for Saturday",
     "Maple Street Bikes"),
    (profile("plumber"), "yeah hi, I'm trying to reach Dr. Lindgren about my dog's stitches",
     "Rapid Rooter Plumbing"),
])
async def test_a_name_that_is_not_ours_is_a_wrong_number(
    make_bot: Any, where: Path, speech: str, business: str,
) -> None:
    async with one_call(make_bot, where, [speech]) as ([answer], running):
        assert answer == (f"This is {business}, so you may have the wrong number. Have a good "
                          "day, goodbye!")
        assert await running.crm.rows("SELECT id FROM appointments") == []
        assert await outbox(running) == []


async def test_someone_asked_for_who_is_not_on_the_staff_is_said_and_a_message_offered(
    make_bot: Any,
) -> None:
    async with one_call(make_bot, profile("hvac"), [
        "hi, is Brandon there? he came out to do our furnace last week", "no thanks"],
    ) as (answers, running):
        assert answers == [
            "This is North Star Heating & Air, and I don't know of a Brandon here, so you may "
            "have the wrong number. I can take a message for Rick Halvorsen if you like. Would "
            "you like to leave a message?",
            "No problem. Is there anything else I can help with?"]
        assert await outbox(running) == []


@pytest.mark.parametrize(("where", "speech", "not_wanted"), [
    (BIKES, "hi is this Maple Street Bikes? what time do you close today?", "wrong number"),
    (profile("hvac"), "the tech was here Monday and said he'd order a part for the blower, "
     "has it come in?", "wrong number"),
])
async def test_our_own_name_or_an_order_of_ours_is_no_wrong_number(
    make_bot: Any, where: Path, speech: str, not_wanted: str,
) -> None:
    async with one_call(make_bot, where, [speech]) as ([answer], _):
        assert not_wanted not in answer


# -- 5. A message said in one breath is stored whole -----------------------------------------


@pytest.mark.parametrize(("where", "speech", "owner"), [
    (profile("hvac"), "Hi, this is Rosa Jimenez, J I M E N E Z, your technician came Tuesday "
     "and said he'd check on a new igniter for us, could someone let me know if it arrived, "
     "my number is 612-555-0177", "Rick Halvorsen"),
    (BIKES, "can you let Sam know I'll pick up my wheels Saturday instead of Friday, and have "
     "him call me at 312-555-0190", "Sam"),
    (profile("hair-salon"), "can you have her call me back, this is Nina Patel, I want the "
     "same long layers as last time but a bit shorter, my number's 773 555 0142", "Maria"),
])
async def test_a_message_in_one_breath_is_stored_whole(
    make_bot: Any, where: Path, speech: str, owner: str,
) -> None:
    async with one_call(make_bot, where, [speech]) as ([answer], running):
        assert f"passed that on to {owner}" in answer
        [note] = await notes_of(running, "message")
        # Whole, the days named dated for the owner (the clock: Tuesday 24 November).
        assert speech.replace("Saturday instead of Friday", "Saturday [Sat 28 Nov] instead of "
                              "Friday [Fri 27 Nov]") in note


async def test_a_spelled_name_in_a_message_is_read_back_spelled(make_bot: Any) -> None:
    async with one_call(make_bot, profile("hvac"), [
        "Hi, this is Rosa Jimenez, that's J I M E N E Z, your tech said he'd order a new "
        "igniter for our furnace, I'm wondering if it came in yet, you can reach me at "
        "612-555-0177",
        "sorry, did you get my last name right? Jimenez",
    ]) as (answers, running):
        assert "passed that on to Rick Halvorsen" in answers[0]
        assert "Rosa Jimenez, J-I-M-E-N-E-Z" in answers[1]
        customer = await running.crm.customer_for(CALLER)
        assert customer["name"] == "Rosa Jimenez"


@pytest.mark.parametrize(("text", "owner", "words"), [
    ("hey is sam around? this is jordan, his cousin. tell him to call me about the camping "
     "trip this weekend, no rush", "Sam", "camping trip"),
    ("can you tell Sam the blue cruiser I left on Monday can wait till next week, thanks",
     "Sam", "blue cruiser"),
])
async def test_a_texted_message_is_stored_and_said_to_be_passed_on(
    offline_bot: Bot, text: str, owner: str, words: str,
) -> None:
    reply = said(await offline_bot.text(text))
    assert f"passed that on to {owner}" in reply
    [note] = await notes_of(offline_bot, "message")
    assert words in note
