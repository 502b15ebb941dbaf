"""The offline receptionist's safety classes, second round, on businesses nobody tuned it for:
the profile's emergency policy heard in any form of its words ("lockouts" is "locked out",
"a break-in" is "broke into", "a breakdown" is "broke down"), a child or a pet locked in a car
as a danger of its own, and the price asked after an emergency the emergency's service's;
a message is stored whole however it ends ("that's it" ends it, never drops it); a caller
asking how their name is spelled at a booking's read-back is booked and told; a question
the profile cannot answer goes to the owner.

The profiles are the eval's (scenarios/profiles/) and the sample bike shop (business.toml);
the wordings are this file's own. The clock is conftest's: Tuesday 24 November 2026, 16:00 UTC.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import CALLER, call_sid
from test_offline_safety import BIKES, notes_of, one_call, outbox, profile, said

import bot


def locksmith_whose_policy_says(policy: str, tmp_path: Path) -> Path:
    """The eval's locksmith with another emergency policy, written the way another owner
    would."""
    text = profile("locksmith").read_text()
    start = text.index("emergency = ")
    end = text.index("\n", start)
    where = tmp_path / "locksmith.toml"
    where.write_text(text[:start] + f"emergency = {policy!r}" + text[end:])
    return where


# -- 1. The policy's emergency in any form of its words; a child or pet locked in a car --------


@pytest.mark.parametrize(("where", "speech", "advice"), [
    # The locksmith's policy: "locked out", "a child or a pet is locked in a car".
    (profile("locksmith"), "so I just locked my keys inside my truck at the gym parking lot "
     "and my baby's in her car seat in there", "911"),
    (profile("locksmith"), "hi, I'm standing outside my front door, I locked myself out and "
     "it's getting dark", "10 minutes"),
    # The auto shop's: "broken down somewhere unsafe", told as a breakdown.
    (profile("auto-repair"), "had a breakdown on the freeway ramp, cars are flying past me",
     "911"),
    # Built in, whatever the business: a child or a pet locked in a car.
    (BIKES, "I locked the car with the keys and my toddler inside, she's crying in there",
     "911"),
    (profile("hair-salon"), "my dog is locked in my car out front and it's hot out, the "
     "keys are on the seat", "911"),
])
async def test_an_emergency_told_in_other_forms_of_the_policys_words_is_urgent(
    make_bot: Any, where: Path, speech: str, advice: str,
) -> None:
    async with one_call(make_bot, where, [speech]) as ([answer], running):
        assert answer.startswith("I'm sorry, that sounds urgent.")
        assert advice in answer
        assert any(body.startswith("URGENT call from") for body in await outbox(running))


@pytest.mark.parametrize("speech", [
    "I locked myself out of my apartment and my phone's almost dead",
    "somebody broke into the garage last night and now the side door won't latch",
    "my key snapped off in the deadbolt and I can't get in",
])
async def test_a_policy_naming_lockouts_and_break_ins_hears_them_told(
    make_bot: Any, tmp_path: Path, speech: str,
) -> None:
    where = locksmith_whose_policy_says(
        "Lockouts, broken-off keys and break-ins are emergencies: our on-call locksmith "
        "calls you back within 10 minutes, day or night.", tmp_path)
    async with one_call(make_bot, where, [speech]) as ([answer], running):
        assert answer.startswith("I'm sorry, that sounds urgent.")
        assert any(body.startswith("URGENT call from") for body in await outbox(running))


async def test_a_lockout_texted_in_shorthand_is_urgent(make_bot: Any) -> None:
    async with make_bot(business_profile=profile("locksmith")) as running:
        reply = said(await running.text(
            "hey im locked out of my house!! keys r on the counter, pls call asap. 88 elm st"))
        await running.background_done()
        assert "10 minutes" in reply
        assert any(body.startswith("URGENT") for body in await outbox(running))


@pytest.mark.parametrize(("where", "speech"), [
    (profile("locksmith"), "what do you charge for a lockout on a weekend"),
    (profile("locksmith"), "do you guys do car lockouts or just houses?"),
    (profile("locksmith"), "could someone rekey my locks tomorrow at ten, I got locked out "
     "last month and want new keys"),
])
def test_the_policys_words_in_a_question_or_a_booking_are_no_emergency(
    where: Path, speech: str,
) -> None:
    receptionist = bot.OfflineReceptionist(bot.load_profile(where), None)  # type: ignore[arg-type]
    assert not receptionist.hears_emergency(bot.Heard.of(speech))


@pytest.mark.parametrize(("where", "lines", "price"), [
    (profile("locksmith"), ["ugh, I'm locked out of my car at the grocery store, my keys are "
                            "in the ignition", "okay. and what's this going to run me?"], "$95"),
    (profile("locksmith"), ["I locked myself out of the house and my toddler is inside alone",
                            "thank you. roughly how much will it cost?"], "$145"),
    (profile("plumber"), ["a pipe burst under the kitchen sink and water is everywhere",
                          "okay, how much is that going to cost me?"], "$250"),
])
async def test_the_price_asked_after_an_emergency_is_the_emergency_services(
    make_bot: Any, where: Path, lines: list[str], price: str,
) -> None:
    async with one_call(make_bot, where, lines) as (answers, _):
        assert answers[0].startswith("I'm sorry, that sounds urgent.")
        assert price in answers[1]
        assert "I'm not sure" not in answers[1]


@pytest.mark.parametrize(("where", "speech"), [
    (profile("locksmith"), "what happens if I get locked out on a Sunday, do you still come "
     "out"),
    (profile("locksmith"), "if we ever lock ourselves out of the car, how fast can you get "
     "there"),
])
def test_a_lockout_that_might_happen_is_no_emergency(where: Path, speech: str) -> None:
    receptionist = bot.OfflineReceptionist(bot.load_profile(where), None)  # type: ignore[arg-type]
    assert not receptionist.hears_emergency(bot.Heard.of(speech))


# -- 2. A message is stored whole, however it is given and however it ends --------------------


@pytest.mark.parametrize(("where", "lines", "owner", "words"), [
    # A message asked for and said at once, then "that's it".
    (profile("yoga-studio"), ["hey, can you give Nadia a message for me? I paid for the "
                              "ten-class card twice last week and I'd like one refunded",
                              "that's all, thanks!"], "Nadia", "ten-class card twice"),
    (profile("massage"), ["could you leave Owen a message, I think I left my scarf in room two "
                          "after my massage yesterday, it's a blue wool one",
                          "nope, that's it"], "Owen", "blue wool"),
])
async def test_a_message_given_with_the_asking_is_passed_on_and_that_s_it_ends_the_call(
    make_bot: Any, where: Path, lines: list[str], owner: str, words: str,
) -> None:
    async with one_call(make_bot, where, lines) as (answers, running):
        assert "passed that on to " + owner in answers[0]
        [note] = await notes_of(running, "message")
        assert words in note


@pytest.mark.parametrize(("where", "lines", "words"), [
    # The request said, then only "that's it" where the message was asked for.
    (profile("yoga-studio"), ["could I leave Kai a message about his workshop flyer?",
                              "that's it, thanks"], "workshop flyer"),
    (profile("hvac"), ["can I leave a message for Rick, about the thermostat quote", "no, "
                       "that's all"], "thermostat quote"),
])
async def test_that_s_it_where_a_message_is_asked_for_passes_on_what_was_said(
    make_bot: Any, where: Path, lines: list[str], words: str,
) -> None:
    async with one_call(make_bot, where, lines) as (answers, running):
        assert "passed that on" in answers[1]
        [note] = await notes_of(running, "message")
        assert words in note


@pytest.mark.parametrize(("where", "clock", "lines", "words"), [
    # Asked for by name after hours; the yes and the message in one breath.
    (profile("locksmith"), "2026-11-24T20:30:00-07:00",
     ["hi, is Tyler around? he cut me a car key last week and the fob stopped working",
      "yeah, tell him it's Ken Ito from the Honda on Federal, ticket number 5520"],
     ["fob stopped working", "5520"]),
    (profile("hvac"), "2026-11-24T23:30:00-06:00",
     ["is Rick there? he quoted us for a new furnace and I have a question about it",
      "sure, let him know Amy Cole called about quote 8812, we want to go ahead"],
     ["new furnace", "8812"]),
])
async def test_a_yes_to_a_message_with_the_message_in_it_is_stored_with_what_came_before(
    make_bot: Any, clock: str, where: Path, lines: list[str], words: list[str],
) -> None:
    at = datetime.fromisoformat(clock)
    async with make_bot(business_profile=where, clock=lambda: at) as running:
        sid = call_sid()
        await running.call(sid)
        heard = [said(await running.say(sid, line)) for line in lines]
        await running.hang_up(sid)
        await running.background_done()
        assert "Would you like to leave a message?" in heard[0]
        assert "passed that on" in heard[1]
        [note] = await notes_of(running, "message")
        assert all(w in note for w in words)


@pytest.mark.parametrize(("where", "lines", "name", "words"), [
    # A question answered (or a name misheard), then a call back asked with the name.
    (profile("driving-school"), ["hi, my daughter's lesson was at nine and it's nine thirty, "
                                 "the instructor never showed up at her school, is he on his "
                                 "way?", "can somebody just call me back please? I'm Dana "
                                 "Whitfield."], "Dana Whitfield", "never showed up"),
    (profile("yoga-studio"), ["hi, I booked a private session for this morning and the door "
                              "was locked when I got there, nobody answered",
                              "could someone call me back about it? This is Omar Haddad."],
     "Omar Haddad", "door was locked"),
])
async def test_a_call_back_asked_after_telling_the_problem_is_a_message_with_it(
    make_bot: Any, where: Path, lines: list[str], name: str, words: str,
) -> None:
    async with one_call(make_bot, where, lines) as (answers, running):
        assert "passed that on" in answers[1]
        [note] = await notes_of(running, "message")
        assert words in note
        customer = await running.crm.customer_for(CALLER)
        assert customer["name"] == name


@pytest.mark.parametrize(("where", "speech", "name", "owner"), [
    (profile("massage"), "Can you tell Jenna I'm not feeling well and I'll call to rebook in "
     "January? It's Mai Tran, T-R-A-N.", "Mai Tran", "Jenna Park"),
    (profile("yoga-studio"), "please let Kai know I'm out of town and I'll miss yin this "
     "week, this is Priya Shah, S-H-A-H", "Priya Shah", "Kai Nakamura"),
])
async def test_a_spelled_name_after_other_words_is_the_name_spelled(
    make_bot: Any, where: Path, speech: str, name: str, owner: str,
) -> None:
    async with one_call(make_bot, where, [speech]) as ([answer], running):
        assert f"passed that on to {owner}" in answer
        customer = await running.crm.customer_for(CALLER)
        assert customer["name"] == name


# -- 3. "How did you spell my name?" with the yes to a read-back: booked, and spelled ---------


@pytest.mark.parametrize(("where", "lines", "service", "spelled"), [
    (profile("massage"), ["could I book a Swedish massage Friday at 11? My name's Aoife "
                          "Brennan, A-O-I-F-E, B-R-E-N-N-A-N",
                          "yes, that's right. Sorry, how are you spelling my first name?"],
     "Swedish massage", "A-O-I-F-E"),
    (profile("hvac"), ["can I get a furnace tune-up Friday at 10, this is Marek Wojcik, "
                       "W-O-J-C-I-K", "yep, book it. And can you spell my last name back "
                       "to me so I know you got it?"], "", "W-O-J-C-I-K"),
])
async def test_a_yes_with_a_spelling_question_books_and_spells_the_part_asked(
    make_bot: Any, where: Path, lines: list[str], service: str, spelled: str,
) -> None:
    async with one_call(make_bot, where, lines) as (answers, running):
        assert answers[1].startswith("You're booked.")
        assert spelled in answers[1]
        [row] = await running.crm.rows("SELECT service, status FROM appointments")
        assert row["status"] == "booked"
        assert service in row["service"]


# -- 4. A question the profile cannot answer goes to the owner --------------------------------


@pytest.mark.parametrize(("where", "lines", "words"), [
    # "Open" said of a thing the business opens is no question about its hours.
    (profile("locksmith"), ["do you guys also install car stereos, or do you only open "
                            "them? my cousin asked"], "car stereos"),
    (BIKES, ["do you buy old bikes, or just fix them? I've got a garage full"], "old bikes"),
    # A question that does not end with its question mark.
    (profile("yoga-studio"), ["quick question, do you ever do yoga at weddings? my friend "
                              "wants a morning class for her guests"], "weddings"),
    (profile("massage"), ["random question, is the hot tub upstairs part of your place? my "
                          "husband saw it on the way out"], "hot tub"),
])
async def test_a_question_the_profile_does_not_answer_is_asked_of_the_owner(
    make_bot: Any, where: Path, lines: list[str], words: str,
) -> None:
    async with one_call(make_bot, where, lines) as (answers, running):
        assert answers[-1].startswith("I'm not sure, I'll ask")
        [note] = await notes_of(running, "question")
        assert words in note


# -- The person asked about: "who do I talk to?" answered by the FAQ that says who -------------


def hvac_with_faq(tmp_path: Path) -> Path:
    """The eval's HVAC company with an FAQ that says whom to talk to about a warranty."""
    where = tmp_path / "hvac.toml"
    where.write_text(profile("hvac").read_text() + '\n[[faq]]\nquestion = "Who handles '
                     'warranty claims?"\nanswer = "For a manufacturer warranty claim, please '
                     'talk to Rick before we order parts."\n')
    return where


@pytest.mark.parametrize(("where", "lines", "answer", "words"), [
    (profile("massage"), ["hi, I hurt my shoulder at the warehouse and it's a workers' comp "
                          "claim, my doctor wants me to get massage. who should I talk to?",
                          "okay, could she call me? this is Dev Patel"],
     "please talk to Rachel", "workers' comp"),
    (None, ["the compressor you put in two years ago died, is that under the manufacturer "
            "warranty? who do I talk to?", "alright, can he call me back on this number? "
            "it's Jo Kim"], "please talk to Rick", "compressor"),
])
async def test_who_to_talk_to_is_answered_by_the_faq_and_a_call_back_taken_with_the_story(
    make_bot: Any, tmp_path: Path, where: Path | None, lines: list[str], answer: str,
    words: str,
) -> None:
    async with one_call(make_bot, where or hvac_with_faq(tmp_path), lines) as (answers, running):
        assert answer in answers[0]
        assert "put you through" not in answers[0]
        assert "passed that on" in answers[1]
        [note] = await notes_of(running, "message")
        assert words in note


@pytest.mark.parametrize("said", ["Ugh", "Phew", "Geez", "Hmm"])
def test_a_sigh_before_the_answer_is_no_name(said: str) -> None:
    receptionist = bot.OfflineReceptionist(bot.load_profile(profile("massage")), None)  # type: ignore[arg-type]
    assert receptionist.bare_name(said) is None


@pytest.mark.parametrize("speech", [
    "Could I get a sports massage Saturday, around ten?",
    "is there any hot stone massage available tomorrow afternoon, around two maybe?",
])
async def test_a_service_a_role_ends_with_is_no_one_asked_for(make_bot: Any, speech: str) -> None:
    # Jenna Park is "certified in prenatal massage": the word is the business's, not hers.
    async with one_call(make_bot, profile("massage"), [speech]) as ([answer], _):
        assert "put you through" not in answer
        assert "Jenna" not in answer
