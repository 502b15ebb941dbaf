"""The offline receptionist's safety classes, third round, on businesses nobody tuned it for:
a sales pitch from another company asking for the owner is not put through (a customer
asking for the owner about their own job still is); an emergency the profile's policy names
is escalated when told in plain words (a crew that never came, a truck about to be towed,
by call or by text), and the caller who writes back after it hears what happens next; a
time said is never taken for a name; a day the caller rules out ("no, sorry, not Monday")
is never the day read back; a time inside a lunch closure is told so, never hung up on.

The profiles are the eval's (scenarios/profiles/), some with a policy rewritten the way
another owner would; the wordings are this file's own. The clock is conftest's: Tuesday 24
November 2026, 16:00 UTC.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import call_sid
from test_offline_safety import notes_of, one_call, outbox, profile, said

import bot


def with_policy(name: str, policy: str, tmp_path: Path) -> Path:
    """An eval profile with another emergency policy, as another owner would write it."""
    text = profile(name).read_text()
    start = text.index("emergency = ")
    end = text.index("\n", start)
    where = tmp_path / f"{name}.toml"
    where.write_text(text[:start] + f"emergency = {policy!r}" + text[end:])
    return where


def receptionist(name: str) -> bot.OfflineReceptionist:
    return bot.OfflineReceptionist(bot.load_profile(profile(name)), None)  # type: ignore[arg-type]


# -- 1. A pitch from another company for the owner is not put through ------------------------


@pytest.mark.parametrize(("where", "speech"), [
    ("cleaning", "hey, this is Tanya with BrightLeads, we help cleaning companies book more "
     "jobs with exclusive homeowner leads, is the owner around? it'll only take a minute"),
    ("hvac", "good afternoon, this is Derek from ReviewBoost, we get heating contractors more "
     "five-star reviews on Google, could I speak with the owner please"),
    ("pest-control", "hi, Marcus here from PayRight Merchant Group, I'm calling about lowering "
     "your card processing fees, can I talk to the owner real quick"),
    ("moving", "hello, my name's Chloe, I'm with Apex Local Marketing, we put movers at the top "
     "of the map in their area. Who makes the decisions over there, is that the owner?"),
    ("yoga-studio", "hey, Jordan here with ClassFill, our app helps studios fill empty spots in "
     "every class, could I get two minutes with the owner?"),
])
async def test_a_pitch_for_the_owner_is_not_put_through(
    make_bot: Any, where: str, speech: str,
) -> None:
    async with make_bot(business_profile=profile(where)) as running:
        sid = call_sid()
        await running.call(sid)
        answer = await running.say(sid, speech)
        assert "<Dial" not in answer
        assert "putting you through" not in said(answer).lower()
        await running.hang_up(sid)
        await running.background_done()
        assert not any(body.startswith("URGENT") for body in await outbox(running))


@pytest.mark.parametrize(("where", "speech"), [
    # A customer of ours, from a company or not, asking for the owner about their own job.
    ("cleaning", "hi, this is Carla from Oak Street, I need to talk to the owner about my bill "
     "from last week's deep clean"),
    ("moving", "hi, this is Tom with Coastal Title, we're moving our office next month and "
     "need a quote, is the owner available?"),
    ("landscaping", "this is Rick from the HOA at Willow Creek, can I speak with the owner "
     "about the mowing contract you have with us"),
])
def test_a_customer_asking_for_the_owner_is_no_pitch(where: str, speech: str) -> None:
    assert not receptionist(where).hears_spam(bot.Heard.of(speech))


# -- 2. The policy's emergency told in plain words, by call and by text --------------------


@pytest.mark.parametrize(("where", "speech", "said_next"), [
    ("moving", "hi, the crew was supposed to be at my place at 7 and still no one has shown "
     "up, I can't get anyone on the phone and I have to hand over the keys at one",
     "15 minutes"),
    ("moving", "um hello, your movers were meant to come at eight thirty for my move and it's "
     "almost ten, they're not here and nobody's picking up", "15 minutes"),
])
async def test_a_crew_that_never_came_is_urgent(
    make_bot: Any, where: str, speech: str, said_next: str,
) -> None:
    async with one_call(make_bot, profile(where), [speech]) as ([answer], running):
        assert answer.startswith("I'm sorry, that sounds urgent.")
        assert said_next in answer
        assert "Thirty" not in answer and "Ten" not in answer.split("urgent.")[0]
        assert any(body.startswith("URGENT call from") for body in await outbox(running))


async def test_another_owners_no_show_policy_is_heard_in_plain_words(
    make_bot: Any, tmp_path: Path,
) -> None:
    where = with_policy(
        "cleaning", "If our cleaners haven't shown up for a move-out cleaning, or something "
        "got broken, we text Denise right away and she'll call you back within 30 minutes.",
        tmp_path)
    speech = ("your cleaners were supposed to come at nine for the move-out clean and it's "
              "ten thirty, nobody's here and nobody picks up, the landlord inspects at two")
    async with one_call(make_bot, where, [speech]) as ([answer], running):
        assert answer.startswith("I'm sorry, that sounds urgent.")
        assert "Ten Thirty" not in answer
        assert any(body.startswith("URGENT") for body in await outbox(running))


@pytest.mark.parametrize("text", [
    "ur movers left the truck blocking the alley behind my building & the landlord says hes "
    "gonna have it towed, nobody is picking up!!",
    "the moving truck is stuck in the mud on our lawn and the guys cant get it out, help",
])
async def test_a_texted_emergency_is_escalated_not_put_through(make_bot: Any, text: str) -> None:
    async with make_bot(business_profile=profile("moving")) as running:
        reply = await running.text(text)
        await running.background_done()
        assert "<Dial" not in reply
        assert "15 minutes" in reply
        assert any(body.startswith("URGENT") for body in await outbox(running))


@pytest.mark.parametrize(("where", "lines", "next_step"), [
    ("pest-control", ["there's a huge swarm of bees coming in through the vent in my kid's "
                      "room, what do I do",
                      "ok I shut the door and got everybody out of that room. now what? I'm "
                      "Greg Olsen, 44 Mesa Lane"], "call you back within 30 minutes"),
    ("hvac", ["there's water leaking out of the furnace all over the basement floor and it's "
              "freezing in here",
              "okay, I flipped the switch off on it. What happens now? Jill Park, 12 Elm Road"],
     "call you back within 30 minutes"),
])
async def test_after_an_emergency_the_caller_hears_what_happens_next(
    make_bot: Any, where: str, lines: list[str], next_step: str,
) -> None:
    async with one_call(make_bot, profile(where), lines) as ([first, second], running):
        assert first.startswith("I'm sorry, that sounds urgent.")
        assert next_step in second
        assert any(body.startswith("URGENT") for body in await outbox(running))
        assert any("Mesa Lane" in n or "Elm Road" in n for n in await notes_of(running, "message"))


@pytest.mark.parametrize("speech", [
    "they were due at eight and it's like nine twenty now",
    "it's about ten fifteen and nobody's come",
    "it's quarter past eleven already",
])
def test_a_time_is_never_a_name(speech: str) -> None:
    assert bot.name_heard(speech) is None


# -- 3. A day the caller rules out is not the day read back ----------------------------------


@pytest.mark.parametrize(("speech", "day"), [
    ("Could I do Thursday at ten? Oh no, sorry, not Thursday, I'm working a double Thursday. "
     "Friday. Friday at ten.", 27),
    ("can I come tomorrow at three, no sorry not tomorrow, tomorrow I have the kids all day, "
     "Saturday at three then", 28),
    ("Wednesday at noon? No wait, not Wednesday, Wednesday's my mom's birthday lunch. Make it "
     "Friday at noon", 27),
    # Ruled out in other words: "doesn't work", "can't do", "no good".
    ("Friday doesn't work, I work Fridays, how about Saturday at ten", 28),
    ("I can't do Friday, Friday I'm at my sister's, Saturday at ten then", 28),
    ("Saturday's no good for me, I'm slammed Saturday, Friday at two?", 27),
])
def test_a_day_ruled_out_is_not_the_day_meant(speech: str, day: int) -> None:
    today = bot.date(2026, 11, 24)
    assert bot.parse_day(speech, today, bot.load_profile(profile("hair-salon"))) == \
        bot.date(2026, 11, day)


async def test_a_booking_read_back_has_the_day_the_caller_settled_on(make_bot: Any) -> None:
    speech = ("I'd like a haircut, could I do Friday at eleven? Oh no, sorry, not Friday, I've "
              "got the dentist all day Friday. Saturday. Saturday at eleven.")
    async with one_call(make_bot, profile("hair-salon"), [speech]) as ([answer], running):
        assert "Saturday" in answer
        assert "Friday" not in answer
        assert not await running.crm.rows("SELECT id FROM appointments")


# -- 4. A time inside a lunch closure is told so; a caller who wants what we do is not hung up on


async def test_a_time_in_the_lunch_closure_is_told_and_the_call_goes_on(make_bot: Any) -> None:
    speech = "could I come in Wednesday at a quarter to three for a Swedish massage, on my break?"
    async with make_bot(business_profile=profile("massage")) as running:
        sid = call_sid()
        await running.call(sid)
        answer = said(await running.say(sid, speech))
        assert "goodbye" not in answer.lower()
        assert "2 PM" in answer or "3 PM" in answer or "closed" in answer


@pytest.mark.parametrize(("where", "speech"), [
    # Another business's word ("tables") beside what our services' descriptions name.
    ("pest-control", "we've got crickets and spiders all over the picnic tables out back, could "
     "someone come out Friday at a quarter to one?"),
    ("florist", "I need centerpieces for about fifteen tables for a retirement party, could I "
     "come in Thursday at noon to talk about it?"),
])
async def test_a_caller_wanting_what_we_do_is_no_wrong_number(
    make_bot: Any, where: str, speech: str,
) -> None:
    async with make_bot(business_profile=profile(where)) as running:
        sid = call_sid()
        await running.call(sid)
        answer = await running.say(sid, speech)
        assert "<Hangup" not in answer
        assert "goodbye" not in said(answer).lower()
