"""The offline receptionist and a business whose people go into callers' homes, where a
stranger's callers (blind23, a senior care agency) were put through, booked the wrong visit or
left without an answer:

1. "Hi there… just somebody to take him out at lunch" asks for no person to be put through (a
   greeting's "there"), nor does "the person you send… when I'm not there": the booking goes on;
2. a service told of as had already ("we had the meet and greet with Dana last week, and I need
   somebody to walk my dog") is not the one asked for;
3. a name texted with how it sounds between its parts ("Siobhan (said shi-VAWN) Ferris") is the
   name, so the yes to the read-back books;
4. whether the worker sent will take things ("go through my jewelry box") is the background
   checked, bonded and insured entry;
5. a short length asked ("just 30 mins") is the minimum's entry;
6. "who do I talk to about a bill?" is the member of staff whose role says billing, and a
   message for them, not the cancellation policy that bills a late cancel; "do you guys train
   puppies, or like, who does?" is the FAQ's to answer, not a call put through to the walker
   who trains walkers;
7. after an emergency, "how long til someone calls" is when the policy says we call back;
8. whether the workers go into a place the profile never names ("gated communities") goes to
   the owner, and "a few afternoons a week" is how often, not a day to book.

A pet-sitting company of our own (tests/profiles/pet-sitting.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot, call_sid
from test_offline_safety import notes_of, outbox

import bot
from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    name_on_record,
    named,
    questions_noted,
    receptionist,
    said,
)

PETS = PROFILES / "pet-sitting.toml"
PETS_NOW = datetime(2026, 11, 16, 16, 0, tzinfo=UTC)  # Monday 16 November, 10:00 in Madison


pets = business_at(PETS, PETS_NOW, "The pet-sitting company on a Monday morning.")


async def answered(running: Bot, lines: list[str]) -> list[str]:
    """One call: the TwiML of the answer to each line (to see a call put through too)."""
    sid = call_sid()
    await running.call(sid)
    return [await running.say(sid, line) for line in lines]


def intent_of(speech: str) -> str | None:
    """The intent the pet-sitting company's receptionist hears in a turn."""
    found = receptionist(PETS).intent_heard(bot.Heard.of(speech))
    return found.name if found else None


# -- 1. "Hi there" and "when I'm not there" ask for nobody --


async def test_a_booking_begun_with_hi_there_goes_on(pets: Bot) -> None:
    twiml = await answered(pets, [
        "Hi there. So my dog's already one of your clients, and he needs, um, an extra walk "
        "this week. Just somebody to take him out at lunch.",
        "Wednesday would be best.",
        "Noon. He's a puppy.",
        "yes please. It's Mike Jennings.",
    ])
    answers = [said(t) for t in twiml]
    assert "<Dial" not in twiml[0], twiml[0]
    assert "Dog walk" in answers[0], answers[0]
    assert "Dog walk on Wednesday the 18th of November at 12 PM" in answers[2], answers[2]
    assert await booked_rows(pets) == [("Dog walk", "2026-11-18T18:00")]


@pytest.mark.parametrize(("speech", "asked"), [
    ("hi there, is there a real person I can talk to?", True),
    ("hello there, is anybody there", True),
    ("hey there, can I get somebody on the phone who's available?", True),
    ("Okay, this is gonna sound awful, but how do I know the person you send isn't gonna go "
     "through my jewelry box when I'm not there?", False),
    ("hi there i need somebody to walk my dog at lunch", False),
])
def test_someone_there_is_asked_for_only_beside_the_words_for_someone(
        speech: str, asked: bool) -> None:
    assert (intent_of(speech) == "person") is asked


# -- 2. A service told of as had already --


@pytest.mark.parametrize(("speech", "service"), [
    ("we had the meet and greet with Dana last week, and now I need somebody to walk my dog",
     "Dog walk"),
    ("she's already done her free meet and greet, can we set up a cat care visit",
     "Cat care visit"),
    # Asked for again, it is the one had.
    ("we had a dog walk last Tuesday and he loved it, can we get another one", "Dog walk"),
])
def test_a_service_told_as_had_is_not_the_one_asked_for(speech: str, service: str) -> None:
    assert named(PETS, speech) == service


@pytest.mark.parametrize(("speech", "left"), [
    ("we had the meet and greet with Dana last week", "with Dana last week"),
    ("he's already done his free meet and greet, and now", ", and now"),
    # Not had yet, or not a service had: a thing the caller has.
    ("we had a dog walk booked for Friday", "we had a dog walk booked for Friday"),
    ("we had the meet and greet, can we walk Friday", "we had the meet and greet, can we walk "
                                                      "Friday"),
    ("we just got a dog, a little cavapoo", "we just got a dog, a little cavapoo"),
    ("I got a cat last year", "I got a cat last year"),
])
def test_what_is_told_as_had_is_only_a_service_had_before(speech: str, left: str) -> None:
    kept = receptionist(PETS).without_had(bot.Heard.of(speech)).text
    assert " ".join(kept.split()) == left


async def test_a_walk_asked_for_after_the_meet_and_greet_had_is_booked(pets: Bot) -> None:
    answers = await conversation(pets, [
        "hi, we had the meet and greet with Dana last week, and I need somebody to walk my "
        "dog, he had surgery on his leg. Um, this Friday at nine? No wait, the vet comes at "
        "nine. Make it eleven.",
        "yes, eleven. It's for Walter Kaminski, K-A-M-I-N-S-K-I.",
    ])
    assert "Dog walk on Friday the 20th of November at 11 AM" in answers[0], answers[0]
    assert await booked_rows(pets) == [("Dog walk", "2026-11-20T17:00")]


# -- 3. A name texted with how it sounds --


@pytest.mark.parametrize(("text", "name"), [
    ("hi its Siobhan (said shi-VAWN) Ferris, can i book a walk", "Siobhan Ferris"),
    ("this is Thuy (sounds like twee) Nguyen", "Thuy Nguyen"),
])
def test_how_a_name_sounds_is_no_part_of_it(text: str, name: str) -> None:
    assert bot.name_given(text) == name


async def test_a_texted_booking_with_the_name_and_its_sound_books_on_the_yes(pets: Bot) -> None:
    replies = [said(await pets.text(body)) for body in [
        "hi its Siobhan (said shi-VAWN) Ferris, my dog Ray is already a client of urs. can i "
        "book a dog walk a week from tmrw at 8am? thx",
        "yes thats rite",
    ]]
    assert "Dog walk on Tuesday the 24th of November at 8 AM" in replies[0], replies[0]
    assert "You're booked" in replies[1], replies[1]
    assert await booked_rows(pets) == [("Dog walk", "2026-11-24T14:00")]
    assert await name_on_record(pets) == "Siobhan Ferris"


# -- 4. and 5. The FAQ in the caller's own words --


@pytest.mark.parametrize(("speech", "entry"), [
    ("is your walker gonna steal from me while I'm at work?",
     "Are your sitters background-checked and insured?"),
    ("how do I know she won't go through my drawers when I'm gone?",
     "Are your sitters background-checked and insured?"),
    ("can I get somebody for only 30 minutes?", "Is there a minimum visit length?"),
    # A thing named is no worry about it.
    ("do you sell jewelry for cats?", None),
])
def test_the_faq_in_the_callers_words(speech: str, entry: str | None) -> None:
    found = receptionist(PETS).best_faq(bot.Heard.of(speech))
    assert (found.question if found else None) == entry


async def test_a_worry_about_theft_gets_the_background_check_entry(pets: Bot) -> None:
    [answer] = await answered(pets, [
        "Okay, this is gonna sound awful, but how do I know the person you send isn't gonna go "
        "through my jewelry box when I'm not there?"])
    assert "<Dial" not in answer, answer
    assert "criminal background check" in said(answer), said(answer)


async def test_a_short_visit_asked_gets_the_minimum(pets: Bot) -> None:
    reply = said(await pets.text("can i get somebody for just 30 mins on tuesday mornings to "
                                 "take my mom's mail in? she's away"))
    assert "at least one hour" in reply, reply
    assert await booked_rows(pets) == []


# -- 6. Who to talk to about a thing a role covers --


async def test_who_to_talk_to_about_a_bill_is_the_billing_person_and_a_message(
        pets: Bot) -> None:
    first, second = await answered(pets, [
        "Hi, who do I talk to about a bill? I think we got charged twice last week.",
        "Yeah, can he call me back about the double charge on last week's bill? Dwayne "
        "Castellano, six oh eight, five five five, zero one seven seven.",
    ])
    assert "<Dial" not in first, first
    assert said(first) == ("That would be Gus Lindqvist: billing, invoices and refunds. I can "
                           "take a message for Gus. Would you like to leave one?")
    assert "passed that on to Gus Lindqvist" in said(second), said(second)
    messages = await notes_of(pets, "message")
    assert len(messages) == 1 and "double charge" in messages[0], messages


async def test_who_else_does_a_thing_we_do_not_is_the_faqs_to_answer(pets: Bot) -> None:
    [answer] = await answered(pets, [
        "hi, we got a new puppy in January and I was wondering if you guys train puppies, or "
        "like, who does?"])
    assert "<Dial" not in answer, answer
    assert "Good Dog Academy" in said(answer), said(answer)


# -- 7. When the call back comes, after an emergency --


async def test_how_long_till_someone_calls_is_the_policys_time(pets: Bot) -> None:
    first = said(await pets.text(
        "ur sitter was supposed to be at my place at 7 this morning and NOBODY came. my dog's "
        "been alone since last night and i have to leave for work. pls someone call me. Al "
        "Brubaker"))
    second = said(await pets.text("ok how long til someone calls"))
    assert any(t.startswith("URGENT") for t in await outbox(pets))
    assert "urgent" in first, first
    assert second == ("If a sitter didn't come or a pet has been left alone too long, our "
                      "on-call manager has been texted and will call you back within 20 "
                      "minutes, day or night. What's the address, and the best number to reach "
                      "you?")


@pytest.mark.parametrize(("speech", "told"), [
    ("ok how long til someone calls", True),
    ("when will I hear back?", True),
    ("how soon will your manager call me", True),
    # The caller's own call, and a visit, are not asked of.
    ("when can I call you back?", False),
    ("how long will the walk take?", False),
])
def test_when_the_call_back_comes_is_asked_of_it_alone(speech: str, told: bool) -> None:
    answer = receptionist(PETS).call_back_told(bot.Heard.of(speech))
    assert ("within 20 minutes" in answer if told else answer == ""), answer


# -- 8. A place the profile never names, and how often --


async def test_whether_the_workers_go_into_a_place_not_named_goes_to_the_owner(
        pets: Bot) -> None:
    answers = await conversation(pets, [
        "Do your walkers go into gated communities? My mother's at Cherry Hill, and we'd like "
        "somebody with her dog a few afternoons a week.",
    ])
    assert answers[0].startswith("I'm not sure"), answers[0]
    assert not answers[0].startswith("Yes"), answers[0]
    assert any("gated communities" in q for q in await questions_noted(pets))
    assert await booked_rows(pets) == []


@pytest.mark.parametrize(("speech", "day"), [
    ("we'd like somebody a few afternoons a week", False),
    ("twice a week would be great", False),
    ("can she come two days per week", False),
    ("a week from tomorrow", True),
    ("two lessons a week from Monday", True),
    ("sometime next week", True),
])
def test_how_often_names_no_day(speech: str, day: bool) -> None:
    assert bot.Heard.of(speech).names_a_day is day
