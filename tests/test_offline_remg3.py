"""The offline receptionist's emergencies, both ways (issue 18, blind11-14's classes), on
businesses nobody tuned it for.

Missed: a danger told in plain words is urgent at any business (a blow to the head, someone
"out of it", blood), and so is the profile's own danger told by what the caller sees and hears
("the panel keeps beeping and won't shut off" is the alarm the policy names; "going flat, the
fan stopped" an inflatable losing air, its blower stopped).
False alarms: a trouble told as over ("flooded a couple of months ago, it's all dry now", "the
claim for the water through our ceiling last month"), a booking for another day ("swollen and
sore... Thursday at ten?"), a price asked in general and a first visit's questions, whose
words of time and size the policy also uses ("a big limb", "back on time"), raise no urgent
alert.

The profiles are tests/profiles' and the eval's, some with a policy written the way another
owner would; the wordings are this file's own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import CALLER
from test_offline_safety import one_call, outbox

import bot
from tests.offline_support import PROFILES, receptionist

# A hot-tub service's emergency policy, as its owner might write it.
SPA_POLICY = ("If the alarm on your spa pack is going off, or your inflatable spa is losing air "
              "or its blower stops while someone is in it, get everyone out and unplug it at the "
              "breaker. Jo will call you back within 20 minutes, day or night.")
# A plumber's, with a sump pump's alarm.
SUMP_POLICY = ("If your sump pump alarm is sounding or the basement is taking on water, unplug "
               "anything on the floor; our on-call plumber will call you back within 15 minutes.")


def with_policy(where: Path, policy: str, tmp_path: Path) -> Path:
    """A profile with an emergency policy another owner would write, in place of its own or
    added where it has none."""
    text = where.read_text()
    line = f"emergency = {policy!r}"
    if "\nemergency = " in text:
        start = text.index("\nemergency = ") + 1
        text = text[:start] + line + text[text.index("\n", start):]
    else:
        start = text.index("\n", text.index("\nowner_name = ") + 1) + 1
        text = text[:start] + line + "\n" + text[start:]
    written = tmp_path / where.name
    written.write_text(text)
    return written


def hears_emergency(where: str | Path, speech: str) -> bool:
    """Whether the receptionist of a profile hears an emergency in what was said."""
    return receptionist(where).hears_emergency(bot.Heard.of(speech))


# -- 1. Emergencies told in plain words ------------------------------------------------------


@pytest.mark.parametrize(("where", "speech"), [
    # A blow to the head, and its signs, at businesses whose policies say nothing of it.
    ("climbing.toml", "my buddy slipped off the top rope and banged his head on the mat, he "
     "seems kind of out of it"),
    ("tidewater-swim.toml", "my daughter whacked her head on the pool edge during her lesson "
     "and now she's all dazed"),
    # Blood told of someone hurt.
    ("kennel.toml", "one of your dogs bit my son at pickup and there's blood on his hand"),
    # A lockout, its verb and particle the policy's two words.
    ("locksmith.toml", "locked out of my apartment, keys are inside, please call me"),
])
def test_a_danger_told_in_plain_words_is_urgent_anywhere(where: str, speech: str) -> None:
    assert hears_emergency(where, speech)


@pytest.mark.parametrize(("policy", "speech"), [
    # The alarm the policy names, told by what the caller sees and hears.
    (SPA_POLICY, "the little panel on the side of the tub keeps beeping and the light's "
     "flashing and it won't shut off, what should we do?"),
    (SUMP_POLICY, "the box next to the sump pump is buzzing like crazy and it won't turn off, "
     "what do I do?"),
    # An inflatable losing air, its blower stopped.
    (SPA_POLICY, "our blow-up tub is going flat and the fan thing stopped, and my kids are "
     "still in it"),
    (SPA_POLICY, "the whole tub is deflating and the air pump quit with my two boys inside"),
])
def test_the_policys_danger_told_by_what_the_caller_sees_is_urgent(
        policy: str, speech: str, tmp_path: Path) -> None:
    assert hears_emergency(with_policy(PROFILES / "hot-tub.toml", policy, tmp_path), speech)


@pytest.mark.parametrize(("where", "speech"), [
    # Three of the policy's own signs, a day asked or not.
    ("physio.toml", "ever since my session yesterday I have new numbness and tingling down my "
     "arm and the pain got much worse, can I come in tomorrow at nine?"),
    ("physio.toml", "the pain got much worse after Monday's session and there's new tingling "
     "and numbness in my foot, could someone see me Friday?"),
    # A whole clause of the policy, its words also an everyday service's.
    ("septic-service.toml", "hi, the alarm on the septic tank out back is going off"),
])
def test_the_policys_own_danger_told_whole_is_urgent(where: str, speech: str) -> None:
    assert hears_emergency(where, speech)


async def test_an_inflatable_going_flat_is_texted_urgent_and_what_follows_is_part_of_it(
        make_bot: Any, tmp_path: Path) -> None:
    where = with_policy(PROFILES / "hot-tub.toml", SPA_POLICY, tmp_path)
    going_flat = ("hi, our blow-up tub is going flat and the fan thing stopped, and my kids are "
                  "still in it")
    pulled_out = "okay, we're pulling them out now. I'm Dana Ruiz, 14 Birch Lane"
    async with one_call(make_bot, where, [going_flat, pulled_out]) as (heard, running):
        texts = await outbox(running)
    assert heard == [
        "I'm sorry, that sounds urgent. I've texted Lena right away and marked it urgent. "
        f"{SPA_POLICY} What's the address, and the best number to reach you?",
        "Thank you, I've passed that on to Lena. Jo will call you back within 20 minutes. Is "
        "there anything else I can help with?"]
    assert texts[:2] == [f'URGENT call from {CALLER}. Said: "{going_flat}"',
                         f'URGENT call from {CALLER}. Then said: "{pulled_out}"']


# -- 2. No emergency now: nothing urgent, the caller's question goes on ----------------------


@pytest.mark.parametrize(("where", "speech"), [
    # A trouble told as over: long past, or ended.
    ("plumber.toml", "our basement flooded a couple of months ago, it's all dry now, can I get "
     "a quote on a new sump pump?"),
    ("hvac.toml", "we had a gas smell a few weeks ago, the gas company fixed it and "
     "everything's fine now, can I book a furnace tune-up"),
    # The paperwork of a trouble long past.
    ("roofing.toml", "it's about the insurance claim for the water coming through our ceiling "
     "last month, the adjuster wants the photos, can someone call me back?"),
    ("plumber.toml", "calling about the bill for the sewage backup you cleaned up a few weeks "
     "ago, can someone call me back?"),
    # A booking for another day, told with the policy's signs.
    ("chiropractor.toml", "my neck is stiff and sore and I can barely turn my head, could I "
     "come in Thursday at two?"),
    ("vet.toml", "my dog's ear is red and swollen and he keeps scratching it, I'm worried, can "
     "I bring him Thursday at ten?"),
    # Words of time the policy uses ("hasn't made it back on time", "out in our boats").
    ("boat-rental.toml", "first time out on the lake, what time should we get there?"),
])
def test_what_is_not_happening_now_raises_no_alert(where: str, speech: str) -> None:
    assert not hears_emergency(where, speech)


@pytest.mark.parametrize("speech", [
    # A price in general, with the policy's "big" and its "35 feet".
    "ballpark, what does it usually cost to take down a big maple, maybe sixty feet tall and "
    "ten feet from the garage?",
    "how much would you charge to cut a big dead oak, it's about forty feet from the house",
])
def test_a_price_asked_in_general_raises_no_alert(speech: str) -> None:
    assert not hears_emergency("tree-service.toml", speech)


@pytest.mark.parametrize(("where", "speech"), [
    # Going on, or back, is still now.
    ("plumber.toml", "the basement flooded last week and now it's flooding again, water "
     "everywhere"),
    # Long past is not ended, nor is a question about now.
    ("vet.toml", "my dog got into rat poison last week and now he's bleeding from the gums"),
    ("carpet-cleaning.toml", "the basement is flooding, is it ok now to plug the fans back in?"),
    # Ended is no danger's end when the caller is alarmed.
    ("tidewater-swim.toml", "my son hit his head on the ladder weeks ago and now he's fine, but "
     "today he passed out in the hall, what do I do?"),
])
def test_a_trouble_that_goes_on_is_still_urgent(where: str, speech: str) -> None:
    assert hears_emergency(where, speech)
