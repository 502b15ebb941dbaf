"""The offline receptionist at a bat and bird control company, where a stranger's callers at a
bee removal company (blind23) were put through, booked the wrong service or told what nobody
wrote down:

1. someone asked to come and look ("I'd kind of like somebody to come look at it first") is a
   visit to book, not a person to put through;
2. the word every service there is of ("bat" at Bat & Bird Control) names no service of two
   named alike by it alone, when what the caller tells is what another's description covers
   (a lone bat on a curtain is the Living-space rescue, no Bat colony exclusion); asked "what
   do we do?", that service is told;
3. killing said in the trade's word ("do you guys exterminate them?") is the FAQ on killing,
   and a booking put off until a question is answered ("before I book anything I have to
   ask…") begins none;
4. a texted holiday misspelt ("the friday after thanksgivng") is still the holiday's day;
5. a first name spelled before the family name's cue ("Shiv-awn, spelled S I O B H A N, last
   name Brennan") is the name, and a message says it as spelled;
6. a question beside a service named ("thinking about booking the nest removal, but… do we get
   to keep the eggs?") that nothing in the profile answers goes to the owner: not an FAQ answer
   that says its everyday verb in passing ("Keep people and pets away"), nor the service's
   description, nor a repair ("keep" is no "keeps leaking").

A profile of our own (tests/profiles/bat-and-bird.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import CALLER, Bot
from test_offline_safety import notes_of

import bot
from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    named,
    questions_noted,
    receptionist,
    said,
)

BATS = PROFILES / "bat-and-bird.toml"
BATS_NOW = datetime(2026, 11, 17, 16, 0, tzinfo=UTC)  # Tuesday 17 November, 10:00 in Columbia


bats = business_at(
    BATS, BATS_NOW,
    "The bat and bird control company on a Tuesday morning in November.")


# 1. Someone to come and look is a visit.

async def test_someone_asked_to_come_look_is_a_visit_booked_in_pieces(bats: Bot) -> None:
    answers = await conversation(bats, [
        "hi, uh, so I'm not totally sure what I've got. There's this scratching sound up in the "
        "attic, and I'd kind of like somebody to come look at it first, before anybody starts "
        "tearing anything open.",
        "yeah, let's do the look-at-it thing. How about Monday?",
        "afternoon's better for me, like, one thirty?",
        "okay great, yes, and it's Teresa Holloway",
    ])
    assert "Bat and bird inspection" in answers[0], answers[0]
    assert "Putting you through" not in answers[0]
    assert "Monday the 23rd" in answers[1], answers[1]
    assert "1:30 PM" in answers[2], answers[2]
    assert await booked_rows(bats) == [("Bat and bird inspection", "2026-11-23T19:30")]


@pytest.mark.parametrize("speech", [
    "can I talk to someone please, there's something in the attic",
    "is there somebody there I could speak with? it's about the bill",
])
def test_someone_to_talk_to_is_still_a_person(speech: str) -> None:
    assert receptionist(BATS).intent_heard(bot.Heard.of(speech)).name == "person"


# 2. The subject word names none of two alike; "what do we do?" is told the service that fits.

LONE_BAT = ("Hi, um, so this is probably nothing urgent, but there's a bat in our bedroom, "
            "just one, it's clinging to the curtain, like a little brown bat just hanging "
            "there. Nobody's been touched or anything, we're just keeping the kids in the "
            "kitchen. What do we do?")


def test_the_subject_word_names_no_service_when_a_description_covers_what_was_told() -> None:
    assert named(BATS, LONE_BAT) is None
    # Named by a word of its own, it is still named.
    assert named(BATS, "we've got a whole colony of bats in the attic") == "Bat colony exclusion"


async def test_what_do_we_do_is_told_the_service_that_covers_it_and_books_it(bats: Bot) -> None:
    answers = await conversation(bats, [
        LONE_BAT,
        "okay, can somebody come tomorrow first thing, like nine?",
        "yes perfect, it's Devika Raman",
    ])
    assert answers[0].startswith("A Living-space rescue is $95"), answers[0]
    assert "Living-space rescue" in answers[1], answers[1]
    assert await booked_rows(bats) == [("Living-space rescue", "2026-11-18T15:00")]


# 3. Exterminating is killing; a booking put off begins none.

async def test_exterminate_is_the_faq_on_killing_them(bats: Bot) -> None:
    answers = await conversation(bats, [
        "Hi, so I've got bats in my barn, and before I book anything I have to ask, do you guys, "
        "like, exterminate them? Because I'd really rather they didn't die.",
    ])
    assert answers == ["Never: bats are protected, so we let them out alive through one-way "
                       "doors and seal up after they have gone."]
    assert not await booked_rows(bats)


@pytest.mark.parametrize("speech", [
    "before we book anything, do you guys also do raccoons?",
    "I have to ask before I book, are your guys licensed?",
])
async def test_a_question_asked_before_booking_is_no_booking(bats: Bot, speech: str) -> None:
    [answer] = await conversation(bats, [speech])
    assert answer == "I'm not sure, I'll ask Rosa to get back to you.", answer
    assert await questions_noted(bats) == [speech]


# 4. A misspelt holiday in a text.

async def test_a_texted_misspelt_holiday_is_the_holidays_day(bats: Bot) -> None:
    reply = said(await bats.text("r u guys open the friday after thanksgivng? bat in the garage"))
    assert reply.startswith("We're closed on Friday the 27th of November."), reply


# 5. A first name spelled before "last name".


@pytest.mark.parametrize(("speech", "name"), [
    ("Sure, it's, uh, Shiv-awn, spelled S I O B H A N, last name Brennan, and you can reach me "
     "at this number.", "Siobhan Brennan"),
    ("it's Anh, A N H, and my last name is Tran", "Anh Tran"),
    # A first name cued as such is still the first name.
    ("first name Jo, last name Tran, T R A N", "Jo Tran"),
])
def test_a_first_name_spelled_before_the_family_name_is_the_name(speech: str, name: str) -> None:
    heard = bot.name_heard(speech, 0.45)
    assert heard is not None and (heard.name, heard.sure) == (name, True)


async def test_a_message_says_the_name_as_spelled(bats: Bot) -> None:
    answers = await conversation(bats, [
        "Hi, I think I got charged twice for the nest removal. Can I leave a message for whoever "
        "handles the billing?",
        "Sure, it's, uh, Shiv-awn, spelled S I O B H A N, last name Brennan, and you can reach me "
        "at this number.",
    ])
    assert "Ned Park" in answers[0], answers[0]
    [message] = await notes_of(bats, "message")
    assert message.endswith("(Name as spelled: Siobhan Brennan.)"), message
    customer = await bats.crm.customer_for(CALLER)
    assert customer is not None and customer["name"] == "Siobhan Brennan"


# 6. A question beside a service, which nothing answers.

@pytest.mark.parametrize("speech", [
    "if you clean the attic out, do we get to keep some of the droppings for the garden?",
    "Hi, we're thinking about booking the nest removal for the dryer vent, but my kids want to "
    "know, if you take the nest out, do we get to keep the eggs?",
])
async def test_a_question_nothing_answers_beside_a_service_goes_to_the_owner(
        bats: Bot, speech: str) -> None:
    [answer] = await conversation(bats, [speech])
    assert answer == "I'm not sure, I'll ask Rosa to get back to you.", answer
    assert await questions_noted(bats) == [speech]
    assert not await booked_rows(bats)


@pytest.mark.parametrize(("speech", "entry"), [
    # Its question's own words, or the answer's words that are no everyday verb, still find it.
    ("will the droppings pile up if I leave it?", "Should I block the hole myself while I wait?"),
    ("can I just block the hole tonight?", "Should I block the hole myself while I wait?"),
])
def test_an_faq_answer_saying_what_was_asked_still_answers(speech: str, entry: str) -> None:
    found = receptionist(BATS).best_faq(bot.Heard.of(speech))
    assert found is not None and found.question == entry


def test_keeps_doing_is_a_repair_and_keeping_a_thing_is_not() -> None:
    reception = receptionist(BATS)
    assert reception.hears_repair(bot.Heard.of("the vent cover keeps rattling"))
    assert not reception.hears_repair(bot.Heard.of("do we get to keep the eggs?"))
