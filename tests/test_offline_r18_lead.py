"""After an emergency is passed on, "how fast can somebody actually get here?" is when the
policy says help comes. At a stranger's well pump company (blind18) the question, asked while
the bot waited for the address, got the FAQ's well depths and drilling prices; a grading that
found "30" inside "300" had passed it. A pet-sitting company of our own
(tests/profiles/pet-sitting.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import CALLER, Bot
from test_offline_r9e import PETS, PETS_NOW
from test_offline_safety import notes_of, outbox

import bot
from tests.offline_support import PROFILES, business_at, conversation, receptionist, said

pets = business_at(PETS, PETS_NOW, "The pet-sitting company on a Monday morning.")

NO_SHOW = ("the sitter never came and my dog has been left alone since last night, please "
           "someone help")


@pytest.mark.parametrize(("speech", "told"), [
    ("how fast can somebody actually get here?", True),
    ("how soon can someone get out here", True),
    ("when is somebody gonna come", True),
    ("how long till you guys can be here", True),
    ("how quick can a tech get here", True),
    # The caller's own coming, and what takes long, are not asked of.
    ("how soon can I come by to pick up the key?", False),
    ("how long will the walk take?", False),
    ("when do you open?", False),
])
def test_when_help_comes_is_asked_of_it_alone(speech: str, told: bool) -> None:
    answer = receptionist(PETS).call_back_told(bot.Heard.of(speech))
    assert ("within 20 minutes" in answer if told else answer == ""), (speech, answer)


async def test_how_fast_someone_gets_here_is_the_policys_time_while_the_address_is_awaited(
        pets: Bot) -> None:
    answers = await conversation(pets, [
        NO_SHOW,
        "how fast can somebody actually get here? we're out past the lake",
    ])
    assert "address" in answers[0], answers[0]
    assert "within 20 minutes" in answers[1], answers[1]
    assert any(t.startswith("URGENT") for t in await outbox(pets))


# -- Someone missing --
# "he flipped, I can see the kayak upside down but I can't see him, I can't see him anywhere"
# was not passed on at a stranger's kayak outfitter (blind30), whose policy says "capsized…
# missing". A person the caller cannot find is a danger at any business (DANGERS).

GYM = PROFILES / "jump-gym.toml"


@pytest.mark.parametrize(("speech", "danger"), [
    ("he flipped and I can't see him, I can't see him anywhere, please", True),
    ("I can't find my daughter anywhere, she was on the trampolines a minute ago", True),
    ("my son is missing, he was right by the foam pit", True),
    ("we lost sight of her around the bend and she's not answering", True),
    ("my dad's missing, he went out on the river hours ago", True),
    # Things, and missing as in not there for something.
    ("I can't find my keys anywhere, did anyone turn them in?", False),
    ("my son is missing his sock, is there a lost and found", False),
    ("she's missing her appointment today, can we move it", False),
    ("is anything missing from the party package?", False),
    ("a piece is missing from my order", False),
    ("the lid's missing on the cooler you rented us", False),
    ("I can't see him doing the ninja course, he's too small, is there a little kids area", False),
])
def test_someone_who_cannot_be_found_is_a_danger(speech: str, danger: bool) -> None:
    found = receptionist(GYM).danger_in(bot.Heard.of(speech))
    assert (found is not None) is danger, (speech, found)


# -- What an attack on the round's rules found, at businesses of its own --

clinic = business_at(PROFILES / "r18-attack-clinic.toml",
                     datetime(2026, 11, 10, 15, 0, tzinfo=UTC), "A family clinic on a Tuesday.")


@pytest.mark.parametrize("speech", [
    "my tool chest is so heavy, can you deliver it?",
    "the toy chest is really heavy, do you carry dollies",
    "is there pressure on the chest freezer lid when it's full?",
])
def test_a_things_chest_is_no_danger(speech: str) -> None:
    assert receptionist(GYM).danger_in(bot.Heard.of(speech)) is None, speech


@pytest.mark.parametrize(("speech", "signs"), [
    # A thing's part, at a business whose policy names it: "a tool chest", "the cabinet face".
    ("my tool chest is so heavy, can you deliver it?", set()),
    ("the toy chest feels heavy", set()),
    ("the cabinet face is all swollen from the leak", set()),
    ("the river mouth is swollen after all the rain", set()),
    # A person's.
    ("my chest is so heavy", {("chest", 1)}),
    ("chest feels tight", {("chest", 1)}),
    ("his left arm is all tingly", {("arm", 3)}),
    ("the baby's face is puffy", {("face", 2)}),
    ("a swollen throat", {("throat", 2)}),
])
def test_a_things_part_tells_no_sign_of_the_body(speech: str, signs: set[object]) -> None:
    """The policy's signs read in the caller's words (body_signs) escalated "my tool chest is
    so heavy" at a business whose policy names chest pressure, as the common danger did."""
    assert bot.body_signs(speech) == signs, speech


@pytest.mark.parametrize("speech", [
    "my chest is so heavy and I'm sweating",
    "there's pressure in the chest, it won't go away",
])
def test_a_persons_chest_still_is(speech: str) -> None:
    danger = receptionist(GYM).danger_in(bot.Heard.of(speech))
    assert danger is not None and danger.name == "chest pain", (speech, danger)


@pytest.mark.parametrize("speech", [
    "she's missing you guys since you moved",
    "my son is missing us, he's at camp",
    "he's missing home, can he call us from the party",
])
def test_missing_someone_is_no_danger(speech: str) -> None:
    assert receptionist(GYM).danger_in(bot.Heard.of(speech)) is None, speech


async def test_a_thing_had_once_does_not_rule_a_service_out(clinic: Bot) -> None:
    """ "for adults with no new symptoms, pain or injuries": chest pain had last year and gone
    does not rule the Annual physical out (it had been the kids' Sports physical)."""
    for speech in ("I had chest pain last year but it's all cleared up, I need a physical",
                   "I used to get back pain years ago, anyway I need a physical"):
        answers = await conversation(clinic, [speech])
        assert "Annual physical" in answers[0], (speech, answers)
        assert "Sports" not in answers[0], (speech, answers)


# -- A call back asked for with what it is about --
# A new user's "please tell Sam to call me back tomorrow about my invoice", then their name,
# left the owner "Please call back: Dana Whitfield": what it was about, and when, were lost.


async def test_a_call_back_asked_with_what_it_is_about_keeps_it(pets: Bot) -> None:
    answers = await conversation(pets, [
        "please tell Priya to call me back tomorrow about my invoice",
        "Dana Whitfield",
    ])
    assert "What's it about" not in answers[0], answers[0]
    assert "name" in answers[0], answers[0]
    [note] = await notes_of(pets, "message")
    assert "invoice" in note and "tomorrow [" in note and "Dana Whitfield" in note, note


async def test_a_known_caller_asking_a_call_back_about_something_is_not_asked_their_name(
        pets: Bot) -> None:
    customer = await pets.crm.customer_for(CALLER)
    await pets.crm.update_customer(customer["id"], name="Dana Whitfield")
    answers = await conversation(pets, [
        "please tell Priya to call me back tomorrow about my invoice",
    ])
    assert "name" not in answers[0] and "passed that on" in answers[0], answers[0]
    [note] = await notes_of(pets, "message")
    assert "invoice" in note and "tomorrow [" in note, note


async def test_a_call_back_asked_bare_keeps_the_asking_too(pets: Bot) -> None:
    answers = await conversation(pets, [
        "can Priya call me back?",
        "it's Dana Whitfield, about the sitter schedule for next week",
    ])
    assert "What's it about" in answers[0], answers[0]
    [note] = await notes_of(pets, "message")
    assert "sitter schedule" in note and "Dana Whitfield" in note, note


async def test_a_texted_call_back_is_to_the_number_texted_from(pets: Bot) -> None:
    reply = said(await pets.text("can someone call me back about the invoice"))
    assert "calling from" not in reply, reply
