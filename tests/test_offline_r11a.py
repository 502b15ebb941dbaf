"""The offline receptionist and a stranger's callers (blind25, a counseling practice) who were
told the wrong time, sent the crisis advice when they only wanted a booking, or not answered:

1. a time corrected in one breath ("at two... no wait, make it three, I've got school pickup
   at two") is the time settled on, not the pickup told after it as the reason;
2. an urgency claimed only of getting a booking ("this is kind of an emergency, ha, my wife is
   going to kill me if I don't get us in… Couples session, this Friday, ten AM?") is that
   booking, not the emergency policy; a crisis told is still one (and what might happen, told
   after a question, "…cancel policy? might have to bail next wk", is still asked with it);
3. an insurer the caller has ("I've got Regence through my work, would that cover seeing
   somebody there?") is the insurance entry, not a person asked for, and "is there any way it's
   cheaper?" the entry on reduced fees;
4. a text asking for whoever handles something, with what it is about, is a message taken, not
   "putting you through";
5. "my landlord says I need one" told with a question of what we do is that question, noted for
   the owner, not a call meant for a landlord hung up on;
6. "me and my girlfriend… wanted to try seeing someone together" is the couples service (not
   the entry on whom we see), and the day asked next books it.

A counseling practice of our own (tests/profiles/lakeside-counseling.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import Bot
from test_offline_safety import notes_of, outbox

from tests.offline_support import PROFILES, booked_rows, business_at, conversation, said

LAKESIDE = PROFILES / "lakeside-counseling.toml"
LAKESIDE_NOW = datetime(2026, 11, 16, 17, 0, tzinfo=UTC)  # Monday 16 November, 10:00 in Boise


lakeside = business_at(LAKESIDE, LAKESIDE_NOW, "The counseling practice on a Monday morning.")


# -- 1. A time corrected in one breath --


async def test_a_time_corrected_is_not_the_reason_told_after_it(lakeside: Bot) -> None:
    answers = await conversation(lakeside, [
        "hi, I need my regular individual session a week from Wednesday, the twenty-fifth, at "
        "one... no wait, make it four, I've got school pickup at one",
        "yes, four. Dana Whitfield",
    ])
    assert "4 PM" in answers[0] and "1 PM" not in answers[0], answers[0]
    assert await booked_rows(lakeside) == [("Individual session", "2026-11-25T23:00")]


# -- 2. An urgency claimed of a booking --


async def test_an_urgency_claimed_only_of_a_booking_books_it(lakeside: Bot) -> None:
    answers = await conversation(lakeside, [
        "okay this is kind of an emergency, ha, my husband is literally going to kill me if I "
        "don't get us in before the holidays. Couples session, this Thursday, eleven AM?",
        "yes, perfect. Leah Brandt",
    ])
    assert "988" not in answers[0] and "911" not in answers[0], answers[0]
    assert "Thursday" in answers[0] and "11" in answers[0], answers[0]
    assert await booked_rows(lakeside) == [("Couples session", "2026-11-19T18:00")]
    assert not [m for m in await outbox(lakeside) if "URGENT" in m]


async def test_a_crisis_told_with_a_booking_is_still_the_crisis(lakeside: Bot) -> None:
    answers = await conversation(lakeside, [
        "it's an emergency, I keep thinking about hurting myself. Individual session this "
        "Thursday at eleven?",
    ])
    assert "988" in answers[0], answers[0]
    assert await booked_rows(lakeside) == []


# -- 3. Insurance asked by the insurer's name, and a cheaper rate asked --


async def test_an_insurer_the_caller_has_asked_of_is_the_insurance_entry(lakeside: Bot) -> None:
    answers = await conversation(lakeside, [
        "hi, so I've got Regence through my work, would that actually cover seeing somebody "
        "there or is it all out of pocket?",
        "okay, and honestly, money's tight right now. Is there any way it's cheaper than the "
        "normal price?",
    ])
    assert "in network with Regence" in answers[0], answers[0]
    assert "sliding-scale" in answers[1], answers[1]


# -- 4. A text for whoever does something --


async def test_a_text_for_whoever_handles_billing_is_the_message_taken(lakeside: Bot) -> None:
    reply = said(await lakeside.text(
        "hi, need to reach whoever handles billing. i got charged twice for my nov 2 session, "
        "$140 two times on my card. this is Rosa Delgado"))
    assert "put you through" not in reply and "passed that on" in reply, reply
    assert any("charged twice" in note for note in await notes_of(lakeside, "message"))


# -- 5. Another business told of as the reason for calling --


async def test_a_landlord_told_of_is_no_call_meant_for_a_landlord(lakeside: Bot) -> None:
    answers = await conversation(lakeside, [
        "hey, random question, do you guys write those emotional support animal letters? My "
        "landlord says I need one for my dog or he has to go",
    ])
    assert "goodbye" not in answers[0].lower(), answers[0]
    assert any("emotional support" in note for note in await notes_of(lakeside, "question"))


# -- 6. Two partners wanting to see someone together, then a day --


async def test_partners_seeing_someone_together_are_booked_the_couples_session(
        lakeside: Bot) -> None:
    answers = await conversation(lakeside, [
        "hi, so me and my girlfriend have been kind of stuck lately and we wanted to try seeing "
        "someone together?",
        "could we do this Thursday? Like three in the afternoon",
        "yes that works. Nora Lindgren",
    ])
    assert "Couples session" in answers[0], answers[0]
    assert await booked_rows(lakeside) == [("Couples session", "2026-11-19T22:00")]


async def test_what_might_happen_told_after_a_question_is_asked_with_it(lakeside: Bot) -> None:
    reply = said(await lakeside.text(
        "hey whats ur cancel policy for couples sessions? might have to bail next wk, work is "
        "crazy"))
    assert "24 hours" in reply, reply
