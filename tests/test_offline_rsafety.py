"""The offline receptionist's safety classes, fourth round (blind6's), on businesses nobody
tuned it for: an emergency's words in what the caller asks us to do ("could you just knock me
out for it?") or told as calm or long-standing ("not like an emergency", "every time it
rains") raise no urgent alert, and the booking asked for goes on; a delivery or crew of ours
that never came, told in plain words, is urgent; what the caller says after an emergency is
texted to the owner as part of it, and the caller hears what happens next; a scam text with a
link (a parcel, a toll, a bank) gets no reply; and a caller's "hang up" after the bot already
said goodbye to their goodbye is no failure of the eval.

The profiles are the eval's (scenarios/profiles/) and tests/profiles', some with a policy
written the way another owner would; the wordings are this file's own. The clock is
conftest's: Tuesday 24 November 2026, 16:00 UTC.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import CALLER
from test_offline_safety import notes_of, one_call, outbox, profile

import bot
from harness.scenarios import evaluate_scenarios, parse_scenarios
from harness.twilio_sim import load_settings
from tests.offline_support import PROFILES, receptionist


def with_policy(name: str, policy: str, tmp_path: Path) -> Path:
    """An eval profile with an emergency policy another owner would write (set in place of
    its own, or added where it has none)."""
    text = profile(name).read_text()
    line = f"emergency = {policy!r}"
    if "\nemergency = " in text:
        start = text.index("\nemergency = ") + 1
        text = text[:start] + line + text[text.index("\n", start):]
    else:
        start = text.index("\n", text.index("\nowner_name = ") + 1) + 1
        text = text[:start] + line + "\n" + text[start:]
    where = tmp_path / f"{name}.toml"
    where.write_text(text)
    return where


def hears_emergency(where: str | Path, speech: str) -> bool:
    """Whether the receptionist of a profile hears an emergency in what was said."""
    return receptionist(where).hears_emergency(bot.Heard.of(speech))


def hears_spam(where: str | Path, speech: str) -> bool:
    """Whether the receptionist of a profile hears junk in what was said."""
    return receptionist(where).hears_spam(bot.Heard.of(speech))


# -- 1. An emergency's words that tell no emergency: no urgent alert, the booking goes on ------


@pytest.mark.parametrize(("where", "speech"), [
    # What the caller asks us to do, in an emergency's words: sedation, a safe opened.
    ("dental.toml", "I get really anxious at the dentist, could you just knock me out while "
     "you do the filling?"),
    ("dental.toml", "honestly I'd want to be knocked out for the whole thing, can you do that?"),
    ("locksmith.toml", "could you guys break into my old safe, I lost the combination years "
     "ago"),
    # The caller says it is not urgent, in words of their own.
    ("plumber.toml", "the kitchen faucet's been dripping for weeks, not really urgent, could "
     "someone come Thursday at ten?"),
    ("plumber.toml", "the basement drain backs up a little whenever it pours, it's not like an "
     "emergency, can I book a drain cleaning Monday"),
    ("landscaping.toml", "one of the sprinkler heads is leaking a bit, nothing urgent, can "
     "someone look at it next week"),
    ("hvac.toml", "the furnace has been making a clunk for a while, I'm in no real rush, could "
     "someone come Friday morning?"),
    # A condition told as long-standing: maintenance, not a flood.
    ("plumber.toml", "the toilet upstairs overflows every time the kids flush it, can somebody "
     "come Thursday afternoon to fix it"),
    ("landscaping.toml", "the gutter over the patio has been overflowing for months, could you "
     "take a look when you do the spring cleanup?"),
    ("locksmith.toml", "I lock myself out all the time, can you make me a spare key Friday?"),
    # A danger asked about as what might happen, to anyone: the policy asked, not an emergency.
    ("dental.toml", "if a tooth gets knocked out, do you see people the same day?"),
    ("plumber.toml", "what do I do if a pipe bursts while you guys are closed?"),
    ("hvac.toml", "the AC stopped working in the spare room, can someone come look at it "
     "Monday? it's 68 out so no hurry"),
])
def test_an_emergencys_words_that_tell_none_are_no_emergency(
    where: str, speech: str,
) -> None:
    assert not hears_emergency(where, speech)


@pytest.mark.parametrize(("where", "speech"), [
    # The same words, told as what happened or is happening: still urgent.
    ("dental.toml", "my son's front tooth got knocked out at hockey, can you see him?"),
    ("dental.toml", "could you help, I fell off my bike and knocked my tooth out"),
    ("locksmith.toml", "someone broke into my house last night and now the back door won't "
     "lock, can you come?"),
    ("plumber.toml", "there's water pouring through the ceiling right now, it's not like a "
     "little drip"),
    ("plumber.toml", "I don't know if it's an emergency but a pipe burst under the sink"),
    ("plumber.toml", "not sure if this is urgent but the toilet is overflowing all over the "
     "bathroom floor"),
    ("plumber.toml", "my basement is flooding, can someone come tomorrow morning?"),
    ("plumber.toml", "the toilet's been running for weeks and now it's overflowing everywhere, "
     "it's an emergency"),
    ("plumber.toml", "the sink backs up whenever we run the dishwasher and now it's overflowing "
     "onto the floor"),
    # Told with a plea for help, which is a question but no question about the policy.
    ("locksmith.toml", "I'm locked out of my house, can you come?"),
    ("locksmith.toml", "hi, my keys are inside and I locked myself out of the apartment, how "
     "fast can someone get here?"),
    # A call back or a visit asked for now, or what to do asked: still the policy's danger.
    ("tax.toml", "can Marcus call me, the IRS just froze my bank account"),
    ("vet.toml", "could you see my dog right away, he ate a bag of grapes"),
    ("dog-grooming.toml", "could you tell me what to do, my dog is limping and can't put weight "
     "on her leg after the groom"),
    # A lockout told by where the keys are, with what we are asked to do.
    ("locksmith.toml", "could you guys break into my car, my keys are locked inside"),
    ("locksmith.toml", "can you get me into my house? I locked my keys inside"),
    # "Can't pee" told as the policy does not say it.
    ("vet.toml", "my cat hasn't been able to pee since yesterday, he keeps going to the litter "
     "box"),
    ("vet.toml", "our beagle is straining and unable to pee at all this morning"),
    # No cooling in a heat wave, with a baby or an elderly parent: as dangerous as no heat.
    ("hvac.toml", "the AC stopped working and it's 97 in here with a newborn, can you send "
     "someone?"),
    ("plumber.toml", "our air conditioner died last night and my elderly mom is getting dizzy "
     "from the heat"),
])
def test_an_emergency_told_is_still_one(where: str, speech: str) -> None:
    assert hears_emergency(where, speech)


@pytest.mark.parametrize(("where", "speech", "asked"), [
    ("plumber.toml", "the bathroom sink's been dripping for a couple of months, not really "
     "urgent, could someone come Thursday at ten for a leak repair?", "Thursday"),
    ("hvac.toml", "it's not like an emergency or anything, the furnace just rattles whenever it "
     "starts up, can I get a repair visit on Friday at nine?", "Friday"),
    # "Emergency" said only to deny it names no emergency service.
    ("plumber.toml", "the sink in the guest bath has been dripping, it is not an emergency, "
     "could someone come Friday at two?", "Friday"),
])
async def test_a_calm_booking_raises_no_alert_and_goes_on(
    make_bot: Any, where: str, speech: str, asked: str,
) -> None:
    async with one_call(make_bot, profile(where.removesuffix(".toml")), [speech]) as (
            [answer], running):
        assert "urgent" not in answer and "That's an Emergency" not in answer
        assert asked in answer
        assert not any(body.startswith("URGENT") for body in await outbox(running))


# -- 2. Emergencies told in plain words, and what the caller says after one ------------------


@pytest.mark.parametrize("speech", [
    "hi, our breakfast trays were supposed to be dropped off at eight for the board meeting, "
    "it's twenty to nine and nothing's here, and nobody picks up at the shop",
    "we were supposed to get the two dozen cupcakes at two for my daughter's party, it's almost "
    "three now and nobody's come, the kids are all here",
])
async def test_a_delivery_of_ours_that_never_came_is_urgent(
    make_bot: Any, tmp_path: Path, speech: str,
) -> None:
    where = with_policy(
        "bakery", "If it's the day of your party and your order hasn't come, or something's "
        "missing from it, we text Dominic right away and he'll call you back within 15 "
        "minutes.", tmp_path)
    async with one_call(make_bot, where, [speech]) as ([answer], running):
        assert answer.startswith("I'm sorry, that sounds urgent.")
        assert any(body.startswith("URGENT") for body in await outbox(running))


@pytest.mark.parametrize(("where", "policy", "lines", "next_step"), [
    ("hvac", "If water is coming out of your furnace or your heat is out in the cold, shut the "
     "furnace off at its switch. Our on-call tech calls you back within 20 minutes, day or "
     "night.",
     ["there's water all over the basement floor coming out of the furnace, I don't know what "
      "to do", "okay, it's Paula Jensen, 88 Birch Court, please hurry"],
     "Our on-call tech calls you back within 20 minutes"),
    ("plumber", "If a pipe has burst, turn off the main water valve. After hours, Dave calls "
     "back within 15 minutes.",
     ["a pipe burst in the laundry room and water's going everywhere",
      "fine, I'm Omar Haddad at 14 Quarry Lane, call me as soon as you can"],
     "After hours, Dave calls back within 15 minutes"),
])
async def test_what_is_said_after_an_emergency_is_added_to_it(
    make_bot: Any, tmp_path: Path, where: str, policy: str, lines: list[str], next_step: str,
) -> None:
    async with one_call(make_bot, with_policy(where, policy, tmp_path), lines) as (
            [first, second], running):
        assert first.startswith("I'm sorry, that sounds urgent.")
        assert next_step in second
        address = lines[1].split(", ")[-2] if "Paula" in lines[1] else "14 Quarry Lane"
        urgent = [body for body in await outbox(running) if body.startswith("URGENT")]
        assert len(urgent) == 2 and address in urgent[1]
        assert any(address in note for note in await notes_of(running, "message"))


@pytest.mark.parametrize(("where", "lines", "address", "next_step"), [
    ("plumber", ["a pipe burst in the laundry room and water's going everywhere",
                 "please hurry!", "it's 14 Quarry Lane, my cell is 555-0142"],
     "14 Quarry Lane", "call you back within 15 minutes"),
    ("locksmith", ["I locked myself out of the house and my toddler is inside asleep",
                   "okay yes", "I'm at 310 Birch Street, apartment 2"],
     "310 Birch Street", "call you back within 10 minutes"),
])
async def test_a_plea_where_the_address_was_asked_asks_for_it_again(
    make_bot: Any, where: str, lines: list[str], address: str, next_step: str,
) -> None:
    async with one_call(make_bot, profile(where), lines) as ([_, again, passed], running):
        assert "What's the address" in again and next_step in again
        assert "passed that on" in passed and next_step in passed
        assert any(address in body for body in await outbox(running)
                   if body.startswith("URGENT"))
        [note] = await notes_of(running, "message")
        assert address in note and note.startswith("URGENT")


async def test_a_message_later_in_an_emergencys_call_is_urgent_too(make_bot: Any) -> None:
    lines = ["our basement is flooding, a pipe burst by the water heater",
             "Jo Park, 14 Quarry Lane", "and please tell Dave the side gate is unlocked and the "
             "garage door code is 4471"]
    async with one_call(make_bot, profile("plumber"), lines) as (answers, running):
        assert "passed that on" in answers[2]
        assert any("4471" in body for body in await outbox(running)
                   if body.startswith("URGENT"))


async def test_after_an_emergency_by_text_the_address_reaches_the_owner_once(
    make_bot: Any,
) -> None:
    async with make_bot(business_profile=profile("plumber")) as running:
        await running.text("a pipe just burst under my kitchen sink, water everywhere")
        reply = await running.text("Jo Lindqvist, 301 Alder Street")
        await running.background_done()
        assert "call you back within 15 minutes" in reply
        with_address = [b for b in await outbox(running) if "301 Alder Street" in b]
        assert len(with_address) == 1


# -- 3. A scam text with a link gets no reply --------------------------------------------------


@pytest.mark.parametrize(("where", "text"), [
    ("florist.toml", "FedEx: we were unable to deliver your parcel. Please confirm your "
     "delivery details at fedex-parcel-help.info/r8"),
    ("bakery.toml", "Your package is on hold due to an unpaid shipping fee of $1.99. Pay now "
     "to release it: https://track-usps.top/p"),
    ("hvac.toml", "E-ZPass: You have an outstanding toll balance. To avoid penalties, pay "
     "today at ezpass-tolls.xyz"),
    ("plumber.toml", "Chase Alert: unusual sign-in activity on your account. Log in to review: "
     "chase-secure-login.co/a1"),
    ("locksmith.toml", "Amazon: your order #88213 could not be shipped. Update your address "
     "here amzn-orders.click/x"),
    ("hair-salon.toml", "Your Netflix subscription has expired. Renew now at "
     "netflix-billing-help.com to keep watching"),
    ("tattoo.toml", "Your Apple ID was used to sign in on a new device. If this wasn't you "
     "visit appleid-support.icu"),
    ("yoga-studio.toml", "Your parcel is waiting for delivery. Please pay the redelivery fee at "
     "https://posts-track.cfd"),
])
def test_a_scam_text_with_a_link_is_junk(where: str, text: str) -> None:
    assert hears_spam(where, text)


@pytest.mark.parametrize(("where", "text"), [
    # A customer's link, or our own, with the words a scam uses: still a customer.
    ("landscaping.toml", "here's a photo of the dead patch by the address sign, can you do "
     "something about it? imgur.com/a/x7Hq"),
    ("bakery.toml", "can you confirm my order for Saturday? this is the cake I want: "
     "pinterest.com/pin/8812"),
    ("florist.toml", "my package from you never showed up, the tracking at ups.com says "
     "delivered though"),
    ("photography.toml", "I paid the deposit on honeysucklelanephotography.com, can you "
     "confirm you got it?"),
    ("bakery.toml", "Please confirm my order for Saturday, the party's at maps.app.goo.gl/x4 "
     "if you deliver"),
    ("kennel.toml", "I booked Max's stay on your site kennel-booking.com but my card expired, "
     "can I pay at drop off?"),
    ("hair-salon.toml", "my account on your booking site says it's locked, https://booksy.com/x, "
     "can you book me by phone instead?"),
    # A customer asking about junk they were sent: a question for us.
    ("computer-repair.toml", "I got a text about suspicious activity on my account from "
     "paypal-secure.xyz, is this real? can you look at my laptop"),
])
def test_a_customers_text_with_a_link_is_no_junk(where: str, text: str) -> None:
    assert not hears_spam(where, text)


async def test_a_scam_text_gets_no_reply(make_bot: Any) -> None:
    async with make_bot(business_profile=profile("landscaping")) as running:
        reply = await running.text("USPS: The parcel could not be delivered due to an "
                                   "incomplete address. Update now: usps-redeliver.co/k9")
        await running.background_done()
        assert "<Message" not in reply
        assert await outbox(running) == []


# -- 4. The caller hangs up after the bot said goodbye to their goodbye -----------------------


async def test_a_hang_up_after_the_bots_goodbye_is_no_failure(tmp_path: Path) -> None:
    """The caller said goodbye and the bot hung up first: the caller's own hang-up, next in
    the scenario, has nothing to do, and the second call goes on."""
    settings = load_settings(crm_path=tmp_path / "crm.sqlite", offline=True,
                             env_file=tmp_path / "no.env",
                             environ={"PATH": "/usr/bin:/bin", "LOG_LEVEL": "INFO"})
    text = (
        f"profile {PROFILES / 'dental.toml'}\nclock 2026-12-02T10:00-06:00\n"
        "scenario Booked, goodbye, then a second call\ncall from +13125550192\n"
        "intent booking\nsay can I book a filling on Friday at 11\nsay yes, it's Ruth Ames\n"
        'expect appointment booked "Filling 2026-12-04 11:00"\n'
        "say great, thank you, bye\nexpect hangup\nhang up\n"
        "call from +13125550192\nintent hours\nsay what time do you open on Saturday?\n"
        'expect "Saturday"\n'
    )
    results = await evaluate_scenarios(settings,
                                       parse_scenarios(text, str(tmp_path / "t.scenario")),
                                       wait=0.5)
    assert [(r.action, r.passed) for r in results] == [
        ("say can I book a filling on Friday at 11", True),
        ("say yes, it's Ruth Ames", True),
        ("say great, thank you, bye", True),
        ("hang up", True),
        ("say what time do you open on Saturday?", True),
    ], [r.reasons for r in results]


__all__ = ["CALLER"]
