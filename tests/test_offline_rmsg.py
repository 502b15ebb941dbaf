"""The offline receptionist taking a message over several turns, and a request it cannot
answer itself passed on as a note (issue 18, the strangers' sets): what a caller says after
their message was passed on (their name, spelled or not, their number, one more detail) is
added to that message, not read as a new request; a message told whole in the first turn is
taken at once (and a bill charged twice is no emergency); "is my car ready?" and "I need a
refill of…" become notes for the staff in the caller's words.

Mostly the shoe repair shop (tests/profiles/cobbler.toml), the dental practice and the
tailor of tests/profiles, and the eval's chiropractor and vet with callers' words of our own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import CALLER, Bot, call_sid

import bot
from tests.offline_support import (
    DENTAL_NOW,
    MORE,
    PROFILES,
    SCENARIO_PROFILES,
    business_at,
    conversation,
    dental,
    receptionist,
    said,
)

__all__ = ["dental"]

COBBLER = PROFILES / "cobbler.toml"


cobbler = business_at(
    COBBLER, DENTAL_NOW,
    "The shoe repair shop on a Wednesday morning (2 December 2026, 10:00 in Chicago).")


async def notes_of(running: Bot, kind: str | None = None) -> list[str]:
    """The caller's notes of a kind (all kinds but summaries when None), oldest first."""
    customer = await running.crm.customer_for(CALLER)
    notes = reversed(await running.crm.recent_notes(customer["id"], 20))
    return [n["body"] for n in notes
            if (n["kind"] == kind if kind else n["kind"] != "summary")]


# -- 1. A message taken over several turns ------------------------------------------------------


@pytest.mark.parametrize(("first", "then", "thanked", "held"), [
    ("can you tell Theo the boots I left Monday need to be ready by Friday, it's for a wedding",
     "This is Marisol Ortega, my number is 312 555 0188, and the heel is the left one",
     "Thanks, Marisol.", ["Friday", "wedding", "Marisol Ortega", "312 555 0188", "left one"]),
    # A day and a service said in what is added is no booking ("I can pay Friday when I pick
    # up the resole").
    ("could you let Dmitri know I'm a little behind on paying for my resole",
     "It's Gus Bell, I can pay the rest Friday when I pick up the resole, 312 555 0144",
     "Thanks, Gus.", ["behind", "Gus Bell", "pay the rest Friday", "312 555 0144"]),
])
async def test_what_follows_a_message_passed_on_is_added_to_it(
    cobbler: Bot, first: str, then: str, thanked: str, held: list[str],
) -> None:
    answers = await conversation(cobbler, [first, then])
    who = "Theo Park" if "Theo" in first else "Dmitri Volkov"
    assert answers[0] == f"Thank you, I've passed that on to {who}. {MORE}"
    assert answers[1] == f"{thanked} I've added that to your message for {who}. {MORE}"
    messages = await notes_of(cobbler, "message")
    assert len(messages) == 1, messages
    assert all(words in messages[0] for words in held), messages
    assert not await cobbler.crm.rows("SELECT * FROM appointments")


@pytest.mark.parametrize(("then", "name", "thanked"), [
    ("it's his wife, Joanna Pryce. that's all, thank you", "Joanna Pryce", "Joanna"),
    # Spelled, it is said back whole.
    ("this is Sean Kowalski, K-O-W-A-L-S-K-I, he's got my number. that's it, thanks man",
     "Sean Kowalski", "Sean Kowalski"),
])
async def test_a_name_with_a_goodbye_is_added_and_the_call_ends_after_it_is_confirmed(
    cobbler: Bot, then: str, name: str, thanked: str,
) -> None:
    sid = call_sid()
    await cobbler.call(sid)
    await cobbler.say(sid, "hi, can you tell Dmitri that Paul can't make it in today, he's "
                           "sick, he'll come for his boots Monday")
    twiml = await cobbler.say(sid, then)
    assert said(twiml) == (f"Thanks, {thanked}. I've added that to your message for Dmitri "
                           "Volkov. Thanks for calling Alder Street Shoe Repair. Goodbye!")
    assert "<Hangup" in twiml
    messages = await notes_of(cobbler, "message")
    assert len(messages) == 1 and name.split()[-1] in messages[0], messages
    assert "Did I get that right" not in said(twiml)


async def test_what_a_texter_adds_to_a_message_goes_to_the_owner_too(cobbler: Bot) -> None:
    first = "hi can u tell Dmitri the brown boots are for my dad, he needs them by Friday"
    replies = [said(await cobbler.text(first)), said(await cobbler.text(
        "its Marisol Ortega btw, my cell is 312 555 0188"))]
    assert replies == [
        f"Thank you, I've passed that on to Dmitri Volkov. {MORE}",
        f"Thanks, Marisol. I've added that to your message for Dmitri Volkov. {MORE}"]
    messages = await notes_of(cobbler, "message")
    assert len(messages) == 1 and "Friday" in messages[0] and "312 555 0188" in messages[0]
    alerts = [r["body"] for r in await cobbler.crm.rows("SELECT body FROM outbox ORDER BY id")]
    assert any("Added" in a and "312 555 0188" in a for a in alerts), alerts


async def test_an_emergency_told_after_a_message_is_still_escalated(dental: Bot) -> None:
    answers = await conversation(dental, [
        "can you tell Tina I need to move my cleaning, I'll call back next week",
        "oh and my son just knocked out his front tooth at practice and it's bleeding a lot",
    ])
    assert answers[0] == f"Thank you, I've passed that on to Tina Lopez. {MORE}"
    assert "urgent" in answers[1].lower() and "added" not in answers[1], answers[1]


async def test_a_visit_asked_for_after_a_message_is_a_booking_not_added(cobbler: Bot) -> None:
    answers = await conversation(cobbler, [
        "can you tell Theo the boots I left Monday need to be ready by Friday, it's for a wedding",
        "It's Gus Bell, and I'd like a heel replacement Friday morning",
    ])
    assert "Heel replacement" in answers[1] or "Friday" in answers[1], answers[1]
    assert "added" not in answers[1], answers[1]


async def test_a_question_after_a_message_is_answered_not_added(cobbler: Bot) -> None:
    answers = await conversation(cobbler, [
        "can you tell Theo the boots I left Monday need to be ready by Friday, it's for a wedding",
        "what time do you close today?",
    ])
    assert "6 PM" in answers[1] and "added" not in answers[1], answers[1]
    messages = await notes_of(cobbler, "message")
    assert len(messages) == 1 and "close" not in messages[0], messages


@pytest.mark.parametrize("speech", [
    "hi, Theo's coming by the house this afternoon, could you give him a message? The side "
    "door is open, just knock loud",
    "could you get a message to Theo? The gate code at the Larch Street building changed, "
    "it's 4471 now, for the boots he's dropping off",
])
async def test_a_message_told_whole_with_the_asking_goes_to_whom_it_is_for(
    cobbler: Bot, speech: str,
) -> None:
    answers = await conversation(cobbler, [speech])
    assert answers[0] == f"Thank you, I've passed that on to Theo Park. {MORE}"
    # Stored for whom it is (rharm): the owner passes it on.
    # (The day named dated for the owner.)
    assert await notes_of(cobbler, "message") == [
        f"For Theo Park: {speech.replace('this afternoon', 'this afternoon [Wed 2 Dec]')}"]


@pytest.mark.parametrize(("first", "about"), [
    ("yeah hi, Theo said he had to order a new heel for my boots, I just want him to call me "
     "when it comes in", "new heel"),
    ("I want the manager to call me, the zipper you put in my bag split the first day",
     "zipper"),
])
async def test_a_call_back_asked_with_what_it_is_about_is_the_message(
    cobbler: Bot, first: str, about: str,
) -> None:
    answers = await conversation(cobbler, [first, "it's Ron Pettibone, P-E-T-T-I-B-O-N-E, and "
                                                  "my number is 614-555-0210"])
    # The counter manager is "the manager" asked for (his role says so before its duties).
    assert answers[0].startswith("Thank you, I've passed that on to Theo Park."), answers[0]
    assert answers[1] == f"Thanks, Ron Pettibone. I've added that to your message for Theo " \
                         f"Park. {MORE}"
    messages = await notes_of(cobbler, "message")
    assert len(messages) == 1 and about in messages[0] and "Pettibone" in messages[0], messages


@pytest.mark.parametrize(("asked", "then", "held"), [
    ("random question, do you guys stretch boots that are too tight in the calf?",
     "ok, can somebody let me know? It's Nadia Brooks", ["calf", "Nadia Brooks"]),
    ("hi, do you dye suede shoes a darker color?", "okay can you ask and let me know? Pat Rowe",
     ["suede", "Pat Rowe"]),
])
async def test_who_asks_is_added_to_the_question_passed_on(
    cobbler: Bot, asked: str, then: str, held: list[str],
) -> None:
    answers = await conversation(cobbler, [asked, then])
    assert answers[0] == "I'm not sure, I'll ask Rosa to get back to you."
    name = then.rsplit(" ", 2)[-2]
    assert answers[1] == f"Thanks, {name}. I'll have Rosa get back to you about that. {MORE}"
    questions = await notes_of(cobbler, "question")
    assert len(questions) == 1 and all(w in questions[0] for w in held), questions


async def test_let_me_know_after_an_answer_asks_what_was_asked_before(make_bot: Any) -> None:
    """What was answered otherwise than as a question ("we can take a look at that") is what
    "could you find out and let me know?" asks about."""
    async with make_bot(business_profile=PROFILES / "tailor.toml",
                        clock=lambda: DENTAL_NOW) as running:
        answers = await conversation(running, [
            "hey, do you guys fix the zipper on a tent? ours split down the middle",
            "okay can you ask and let me know? It's Pat Rowe"])
        questions = await notes_of(running, "question")
    assert answers[0].startswith("We can take a look at that."), answers[0]
    assert len(questions) == 1 and "zipper on a tent" in questions[0], questions


# -- 2. A message in the first turn; a request the receptionist cannot answer -------------------


@pytest.fixture
async def chiropractor(make_bot: Any) -> AsyncIterator[Bot]:
    """The eval's chiropractor (its emergency policy names numbness) on a Wednesday morning."""
    async with make_bot(business_profile=SCENARIO_PROFILES / "chiropractor.toml",
                        clock=lambda: datetime(2026, 11, 18, 17, 5, tzinfo=UTC)) as running:
        yield running


async def test_a_bill_charged_twice_is_a_message_not_an_emergency(chiropractor: Bot) -> None:
    answers = await conversation(chiropractor, [
        "hello, I'd like to leave a message for the billing person, I think my card got "
        "charged twice for last Tuesday's adjustment, please have her call me at this number",
    ])
    assert "urgent" not in answers[0].lower() and "911" not in answers[0], answers[0]
    assert "passed that on" in answers[0], answers[0]
    messages = await notes_of(chiropractor, "message")
    assert len(messages) == 1 and "charged twice" in messages[0], messages


async def test_a_double_charge_at_the_dentist_is_no_emergency(dental: Bot) -> None:
    answers = await conversation(dental, [
        "is this where I leave a message for Tina? I think my insurance got billed twice for my "
        "cleaning, can she call me back at this number",
    ])
    assert answers[0].startswith("Thank you, I've passed that on to Tina Lopez."), answers[0]
    assert "billed twice" in (await notes_of(dental, "message"))[0]


@pytest.mark.parametrize(("speech", "kept"), [
    ("hi, I dropped my boots off last week for new soles, are they ready yet? this is "
     "Marisol Ortega", "boots"),
    ("did my special order come in? the cork insoles, size nine", "cork insoles"),
    ("is my bag done? I left it Saturday for the zipper", "bag"),
])
async def test_whether_the_callers_own_work_is_ready_is_asked_of_the_staff(
    cobbler: Bot, speech: str, kept: str,
) -> None:
    answers = await conversation(cobbler, [speech])
    assert answers[0].endswith("I'll ask Rosa to check on yours and get back to you."), \
        answers[0]
    assert "Yes" not in answers[0] and "ready in" not in answers[0], answers[0]
    assert any(kept in note for note in await notes_of(cobbler, "question"))


@pytest.mark.parametrize("speech", [
    "if I bring my boots in Monday, is it done the same day?",
    "is it done in one visit? my heel came off",
])
def test_how_long_such_work_takes_is_no_question_of_their_own(speech: str) -> None:
    assert not receptionist(COBBLER).hears_status(bot.Heard.of(speech))


@pytest.mark.parametrize(("text", "answer", "kept"), [
    ("need to order the cork insoles in size 9 for my hiking boots, this is Gus Bell",
     "we'll order them", "cork insoles"),
    ("I'd like to order laces please, the round brown ones, 45 inch, for my work boots",
     "we'll order them", "brown ones"),
])
async def test_a_request_the_faq_says_to_tell_us_is_passed_on(
    cobbler: Bot, text: str, answer: str, kept: str,
) -> None:
    reply = said(await cobbler.text(text))
    assert answer in reply and "passed" in reply, reply
    assert any(kept in note for note in await notes_of(cobbler, "message"))


async def test_a_refill_asked_of_the_vet_is_passed_on(make_bot: Any) -> None:
    async with make_bot(business_profile=SCENARIO_PROFILES / "vet.toml",
                        clock=lambda: DENTAL_NOW) as running:
        reply = said(await running.text("hello, could I get a refill of Biscuit's heartworm "
                                         "pills please, it's Maya Chen"))
        assert "24 hours" in reply and "passed" in reply, reply
        assert any("heartworm" in note for note in await notes_of(running, "message"))
