"""A review of round 9's offline receptionist (5e5f0a7..1dc149b), attacked with sentences a
caller might say at other businesses:

1. a cancel texted that no code can confirm is passed on at once, but the owner's alert read
   like any text from the customer on record ('Text from "Dana Kessler"…: can you cancel
   please'), though a text's number can be faked: it now says the request is unverified and
   to confirm it at the number on record before changing anything;
2. an emergency claimed of a trouble the FAQ advises on ("my camera fell in the lake") was
   answered with that advice even when a person was hurt ("…my friend went in after it and
   hurt his leg") or the caller told the very sign for which another FAQ entry sends people to
   the emergency number ("the battery is hissing"): both are urgent again;
3. "who is this?" took any question that starts so ("who are you sending out?", "who is this
   appointment with?", "who's this Teo guy?") for the business's name asked;
4. a state's postal code read as its name turned texted abbreviations into the state ("tx",
   thanks, into Texas at a shop that never speaks of Texas), and took a street named after a
   state ("South Georgia Street") for the address's state.

The camera and drone repair shop of tests/profiles (no emergency policy of its own), the tax
preparer, and the medical equipment supplier in Amarillo.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import CALLER, Bot, call_sid
from test_offline_safety import outbox

import bot
from tests.offline_support import PROFILES, business_at, conversation, receptionist, said

CAMERA = PROFILES / "camera-repair.toml"
CAMERA_NOW = datetime(2026, 11, 18, 18, 0, tzinfo=UTC)  # Wednesday 18 November, 10:00 in Portland
TAX = PROFILES / "ledger-tax.toml"
TAX_NOW = datetime(2026, 11, 9, 16, 0, tzinfo=UTC)  # Monday 9 November, 10:00 in Madison
OWNER_MOBILE = "+16085550190"  # ledger-tax.toml's owner_mobile, as E.164


camera = business_at(
    CAMERA, CAMERA_NOW,
    "The camera and drone repair shop on a Wednesday morning.")


tax = business_at(TAX, TAX_NOW, "The tax preparer on a Monday morning.")


# -- 1. A cancel passed on that nobody confirmed ---------------------------------------------


async def test_the_owner_is_told_a_texted_cancel_was_not_verified(tax: Bot) -> None:
    sid = call_sid()
    await conversation(tax, ["hi, I'm new, could I do a free first meeting tomorrow at "
                             "three?", "yes that's fine, Dana Kessler"], sid)
    await tax.hang_up(sid)
    # Anybody can text from Dana's number: the owner must not take it for Dana. (Once the
    # thread has had its codes, a cancel is passed on instead: test_offline_r10e has the codes.)
    for _ in range(bot.CODES_PER_CALL):
        assert "reply with the code" in said(await tax.text("hi its Dana, cant make it tmrw at "
                                                             "3, can u cancel pls"))
        said(await tax.text("no"))
    said(await tax.text("hi its Dana, cant make it tmrw at 3, can u cancel pls"))
    said(await tax.text("yes cancel it"))
    alert = (await outbox(tax))[-1]
    assert alert.startswith(f'Text from "Dana Kessler" ({CALLER})'), alert
    assert "not verified" in alert and "number on record" in alert, alert
    assert "can you cancel please" in alert, alert


async def test_a_message_left_by_choice_is_not_marked_unverified(tax: Bot) -> None:
    first = said(await tax.text("hi can I leave a message for Priya"))
    said(await tax.text("I'll bring the W-2 forms by on Friday, Dana"))
    alert = (await outbox(tax) or [first])[-1]
    assert "W-2" in alert and "not verified" not in alert, alert


# -- 2. An emergency claimed, with a hurt or the FAQ's own danger told -------------------------


@pytest.mark.parametrize("speech", [
    "it's an emergency, my camera fell in the lake and my friend went in after it and hurt "
    "his leg, what do I do?",
    "this is an emergency, I spilled coffee on my camera and it burned my hand, what should "
    "I do?",
    "it's an emergency, my drone fell in the pool and my son got injured getting it out, what "
    "do I do?",
])
def test_someone_hurt_is_urgent_whatever_the_faq_advises(speech: str) -> None:
    assert receptionist(CAMERA).hears_emergency(bot.Heard.of(speech))


def test_the_sign_another_entry_sends_to_911_for_is_urgent() -> None:
    ours = receptionist(CAMERA)
    danger = bot.Faq("My battery is swollen or very hot. What do I do?",
                     "If it's smoking, hissing or on fire, get everyone away from it and call "
                     "911. If it's only swollen, stop using it and bring it in.")
    ours.profile = dataclasses.replace(ours.profile, faq=(*ours.profile.faq, danger))
    hissing = "it's an emergency, my drone fell in the pool and now the battery is hissing, " \
        "what do I do?"
    assert ours.hears_emergency(bot.Heard.of(hissing))
    # Wet and nothing more is still the advice.
    wet = "it's an emergency, my camera just fell in the lake, what do I do?"
    assert not ours.hears_emergency(bot.Heard.of(wet))


async def test_someone_hurt_texts_the_owner_urgent(camera: Bot) -> None:
    [answer] = await conversation(camera, [
        "it's an emergency, my camera fell in the lake and my friend went in after it and hurt "
        "his leg, what do I do?"])
    assert [t for t in await outbox(camera) if t.startswith("URGENT")], answer


# -- 3. Who we are, asked ----------------------------------------------------------------------


@pytest.mark.parametrize(("speech", "asked"), [
    ("who is this?", True),
    ("hi, sorry, who's this?", True),
    ("who am I talking to?", True),
    ("wait who are you guys?", True),
    ("what company is this?", True),
    ("who are you sending out to fix it?", False),
    ("who is this appointment with?", False),
    ("who's this Teo guy, is he any good with drones?", False),
    ("who are you guys using for parts?", False),
])
def test_who_we_are_is_asked_only_of_us(speech: str, asked: bool) -> None:
    assert receptionist(CAMERA).hears_who_we_are(bot.Heard.of(speech)) is asked


# -- 4. A state's postal code ------------------------------------------------------------------


@pytest.mark.parametrize(("profile", "codes"), [
    (TAX, {"wi": "Wisconsin"}),  # "the Wisconsin state return" is the profile's
    # Texas is named beyond its address ("most Texas insurance plans"), Georgia only as a
    # street's name ("3100 South Georgia Street").
    (PROFILES / "medical-equipment.toml", {"tx": "Texas"}),
    # Texas only in the address: "tx" (thanks) may stay what a texter means by it.
    (PROFILES / "awning.toml", {}),
])
def test_the_code_is_read_only_for_a_state_the_profile_speaks_of(
        profile: Path, codes: dict[str, str]) -> None:
    assert receptionist(profile).region_codes == codes


def test_texted_shorthand_keeps_its_meaning_before_a_state_code() -> None:
    ours = receptionist(TAX)
    ours.__dict__["region_codes"] = {"wi": "Wisconsin", "ty": "Tyrol"}  # a code as shorthand
    assert ours.typos_corrected("ok ty") == "ok thanks"
    assert ours.typos_corrected("does that incl the wi return") == \
        "does that include the Wisconsin return"
