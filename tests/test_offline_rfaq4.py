"""The offline receptionist's answers in everyday words (issue 18, the strangers' sets): the FAQ
whose rare words were said rather than the one sharing two common words, the booked service's own
instructions, a price for a count of things, a service asked by its verb, and the questions the
profile cannot answer, passed to the owner as a `question` note rather than answered by the
nearest FAQ or service.

A pressure-washing company (tests/profiles/pressure-washing.toml), on a Wednesday morning.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    questions_noted,
    receptionist,
    said,
)

WASHING = PROFILES / "pressure-washing.toml"
WASHING_NOW = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # Wednesday 2 December, 10:00 in Tulsa

RAIN = ("Light rain is fine for washing. If there's lightning we stop and reschedule you at no "
        "charge.")
HOME = ("No. Leave the outside water spigot on and the gate unlocked, and we'll text you photos "
        "when we're done.")
NOT_SURE = "I'm not sure, I'll ask Dwayne to get back to you."


washing = business_at(WASHING, WASHING_NOW, "The pressure-washing company on a Wednesday morning.")


# -- 1. The FAQ asked in everyday words, not the one sharing loose words ------------------------


@pytest.mark.parametrize(("speech", "answer"), [
    # Weather told by what it does.
    ("the forecast says thunderstorms Thursday, do we lose our spot?", RAIN),
    ("and if it's storming that day, what happens?", RAIN),
    # Being there, told as what someone else does instead.
    ("do I actually gotta be there, or can my neighbor just open the gate for you?", HOME),
    ("do I have to stay around for the whole thing or can I go to the store?", HOME),
])
async def test_the_faq_asked_in_everyday_words_is_answered(
    washing: Bot, speech: str, answer: str,
) -> None:
    assert await conversation(washing, [speech]) == [answer]
    assert not await booked_rows(washing)


@pytest.mark.parametrize("speech", [
    "my boy lunges at other dogs so we use a shock collar on walks, can I bring that to class?",
    "can I bring his e-collar to class or is that a no?",
])
def test_the_entry_whose_rare_words_were_said_beats_two_common_words(speech: str) -> None:
    # "Bring" and "class" are the words of "What should I bring to class?"; "collar" is the
    # entry on what collars are allowed.
    found = receptionist("dog-trainer.toml").best_faq(bot.Heard.of(speech))
    assert found is not None
    assert found.question.startswith("What collars or equipment are allowed?")


@pytest.mark.parametrize("speech", ["sorry, where exactly are you guys?",
                                    "and where exactly are y'all?"])
async def test_where_we_are_is_the_address_not_the_faq_asked_with_where(
    washing: Bot, speech: str,
) -> None:
    [answer] = await conversation(washing, [speech])
    assert "2210 Mill Road" in answer, answer


@pytest.mark.parametrize("speech", ["what's the latest you're open any night?",
                                    "hey what's the latest y'all are open during the week?"])
async def test_the_latest_we_are_open_is_the_hours(washing: Bot, speech: str) -> None:
    [answer] = await conversation(washing, [speech])
    assert "7 PM" in answer, answer


@pytest.mark.parametrize("question", ["anything I need to do before you guys get here?",
                                      "is there something we gotta do before you come, to get "
                                      "ready?"])
async def test_what_to_do_first_is_the_booked_services_instructions(
    washing: Bot, question: str,
) -> None:
    answers = await conversation(washing, [
        "can you wash the siding on my house tomorrow at ten?", "yes please, it's Dana Fox",
        question])
    assert answers[1].startswith("You're booked. House washing tomorrow"), answers[1]
    assert "close every window" in answers[2], answers[2]


# -- 2. Prices asked in everyday words ----------------------------------------------------------


@pytest.mark.parametrize(("question", "total"), [
    ("and about what's that gonna cost for the four sides?", "For 4 sides, that's $240."),
    ("what's it gonna run me for 3 sides?", "For 3 sides, that's $180."),
])
async def test_the_price_of_the_booked_service_for_a_count(
    washing: Bot, question: str, total: str,
) -> None:
    answers = await conversation(washing, [
        "can you wash the siding on my house tomorrow at ten?", "yes please, it's Dana Fox",
        question])
    assert answers[2] == ("A House washing is $60 per side, 2 side minimum and takes about 120 "
                          f"minutes. {total}")


async def test_a_count_below_the_least_makes_no_sum(washing: Bot) -> None:
    answers = await conversation(washing, [
        "can you wash the siding on my house tomorrow at ten?", "yes please, it's Dana Fox",
        "and what's that gonna cost for 1 side?"])
    assert answers[2] == "A House washing is $60 per side, 2 side minimum and takes about 120 " \
        "minutes."


@pytest.mark.parametrize("speech", ["and if I just want the gutters done?",
                                    "ok and what if it's only the gutters?"])
async def test_a_service_named_after_the_prices_is_its_price(washing: Bot, speech: str) -> None:
    answers = await conversation(washing, ["how much is a driveway?", speech])
    assert answers[1].startswith("A Gutter brightening is $99"), answers[1]


@pytest.mark.parametrize("speech", ["do u guys stain fences?", "can you stain my fence?"])
async def test_a_service_asked_by_its_verb_is_described(washing: Bot, speech: str) -> None:
    [answer] = await conversation(washing, [speech])
    assert answer.startswith("A Fence staining is from $350"), answer


# -- 3. What the profile cannot answer: a question for the owner --------------------------------


@pytest.mark.parametrize(("speech", "noted"), [
    # A thing the profile never names, asked by its verb.
    ("hey, do y'all rent out pressure washers? I want to do my own patio", "pressure washers"),
    ("do you use bleach or something on the roof?", "bleach"),
    # Told beside words an FAQ shares ("plants", "pets"): not the FAQ on soap and plants.
    ("do you guys rent out ladders? my plants are all along the siding", "ladders"),
    ("hey do y'all use a surface cleaner on brick, my pets mess up the patio", "surface cleaner"),
    # Sold, where the profile sells nothing ("gutter" is ours, selling guards is not).
    ("random question, do you guys sell gutter guards?", "gutter guards"),
    ("do you sell the soap you use? I want to do touch ups myself", "sell the soap"),
    # A price of a thing nobody wrote down.
    ("how much do you charge for a boat? it's a bass boat in the driveway", "boat"),
    ("what do you charge to do a swimming pool deck", "pool"),
])
async def test_a_question_the_profile_cannot_answer_is_noted_for_the_owner(
    washing: Bot, speech: str, noted: str,
) -> None:
    [answer] = await conversation(washing, [speech])
    assert answer == NOT_SURE
    [question] = await questions_noted(washing)
    assert noted in question.lower(), question
    assert not await booked_rows(washing)


async def test_a_question_the_faq_answers_is_no_note(washing: Bot) -> None:
    # (What the profile says is still answered: the notes are only for what it does not.)
    assert await conversation(washing, ["do you guys need to use my water?"]) == [
        "Yes, we hook up to your outside spigot; a normal house uses about 200 gallons."]
    assert await questions_noted(washing) == []


# -- 4. Answers told of what was just said ------------------------------------------------------


@pytest.mark.parametrize("speech", ["shoot. what about RVs, I've got one in the side yard",
                                    "ok and what about a trailer?"])
async def test_what_about_another_thing_is_the_part_of_the_answer_just_given(
    washing: Bot, speech: str,
) -> None:
    answers = await conversation(washing, ["can you wash my shingle roof?", speech])
    assert answers[0].startswith("We don't wash shingle roofs"), answers[0]
    assert answers[1] == ("Trailers and RVs are fine but are $75 extra each, and we don't do "
                          "commercial parking lots.")


@pytest.mark.parametrize("speech", ["my sister's up in Owasso, do y'all even go out there?",
                                    "it's for my dad's place in Bixby, is that too far for you?"])
async def test_a_place_that_starts_a_list_in_the_answer_is_named_by_it(
    washing: Bot, speech: str,
) -> None:
    [answer] = await conversation(washing, [speech])
    assert "$25 trip fee" in answer, answer


@pytest.mark.parametrize("question", ["and do I get to pick the color for it?",
                                      "and can I pick the color on that?"])
async def test_a_question_of_the_service_just_priced_is_its_description(
    washing: Bot, question: str,
) -> None:
    answers = await conversation(washing, ["how much is the fence staining?", question])
    assert answers[1] == ("Fence staining: we wash the fence, let it dry a day, and stain it in "
                          "the color you pick.")


@pytest.mark.parametrize("texted", ["ok and wat time r u done on sat",
                                    "what time are you guys done saturday"])
async def test_when_we_are_done_for_the_day_is_the_hours(washing: Bot, texted: str) -> None:
    reply = said(await washing.text(texted))
    assert "1 PM" in reply, reply


async def test_how_late_we_are_open_is_answered_in_the_middle_of_a_booking(washing: Bot) -> None:
    answers = await conversation(washing, [
        "can you wash my driveway Sunday at ten?",
        "hm. okay and how late are you open Saturday? maybe I'll just swing by"])
    assert "1 PM" in answers[1], answers[1]
    assert not await booked_rows(washing)
