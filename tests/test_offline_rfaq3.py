"""The offline receptionist's answers to questions asked in everyday words (blind10): an FAQ
asked in words it does not share, what a service's description tells, what we don't do beside a
visit asked for, two questions in one breath, and prices asked with a count.

Mostly the frame shop (tests/profiles/frame-shop.toml), and the garage door company
(tests/profiles/garage-door.toml).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import Bot

from tests.offline_support import (
    PROFILES,
    SCENARIO_PROFILES,
    booked_rows,
    business_at,
    conversation,
    garage,
    said,
)

__all__ = ["garage"]  # fixtures: the businesses called

FRAMES = PROFILES / "frame-shop.toml"
FRAMES_NOW = datetime(2026, 11, 10, 18, 0, tzinfo=UTC)  # Tuesday 10 November, 10:00 in Spokane

SEND = ("Email them to lab@lilaccityframe.com, upload them on our website, or bring them on your "
        "phone or a USB stick.")
DELIVER = ("Yes, we deliver framed pieces in Spokane, Spokane Valley and Cheney for $20, free on "
           "orders over $300; we don't go out to Coeur d'Alene.")
RUSH = "Prints are ready in an hour. Framing takes 7 to 10 days, or 2 days with a $35 rush fee."
NOT_FOR_BUSINESSES = ("No, we only frame for homes and families: no commercial jobs for offices, "
                      "hotels or restaurants.")


frames = business_at(FRAMES, FRAMES_NOW, "The frame shop on a Tuesday morning.")



# -- 1. An FAQ asked in words it does not share ------------------------------------------------


@pytest.mark.parametrize(("speech", "answer"), [
    # How to send a file, asked by the way the caller means to send it.
    ("can I just email the pictures to you?", SEND),
    ("is it ok if I just upload them?", SEND),
    # Delivery, asked as bringing it to the caller (no visit of theirs to book).
    ("when it's done could you bring it over to my house?", DELIVER),
    ("can y'all drop it off at my office?", DELIVER),
    # The rush, asked as whether it can be had by a time that is near.
    ("my mom's retirement party is tonight and I need a photo framed, is that even possible "
     "today?", RUSH),
    ("I need a print framed for a party tonight, can you even do that today?", RUSH),
])
async def test_an_faq_asked_in_everyday_words_is_answered(
    frames: Bot, speech: str, answer: str,
) -> None:
    assert await conversation(frames, [speech]) == [answer]
    assert not await booked_rows(frames)


@pytest.mark.parametrize("question", [
    "do I wear my glasses for it?",
    "oh and should I wear a white shirt or",
])
async def test_a_question_the_booked_services_description_answers(
    frames: Bot, question: str,
) -> None:
    answers = await conversation(frames, [
        "I need passport photos, can I come in tomorrow at ten?", "yes please, it's Dana Fox",
        question])
    assert answers[1].startswith("You're booked. Passport photos tomorrow"), answers[1]
    assert answers[2] == ("Passport photos: please don't wear glasses or a white shirt, and take "
                          "off hats.")


async def test_a_question_a_named_services_description_answers(frames: Bot) -> None:
    [answer] = await conversation(frames, ["for the passport photos, can I wear my glasses?"])
    assert "don't wear glasses" in answer, answer


async def test_what_we_dont_do_is_told_before_a_visit_is_offered(frames: Bot) -> None:
    [answer] = await conversation(frames, [
        "hi, I manage a hotel downtown and we need thirty prints framed for the hallways, can "
        "someone come out tomorrow?"])
    assert answer == NOT_FOR_BUSINESSES
    assert not await booked_rows(frames)


async def test_a_business_place_is_told_we_are_residential_only(garage: Bot) -> None:
    [answer] = await conversation(garage, [
        "hey, I run a warehouse on the west side and our roll-up dock door is stuck open, can you "
        "send a guy out today?"])
    assert "residential" in answer, answer
    assert "Which service" not in answer
    assert not await booked_rows(garage)


@pytest.mark.parametrize("texted", ["wat time is the kids class on sat",
                                    "wut time r the kids classes on wed"])
async def test_a_texted_timetable_question_with_typos_is_the_timetable(
    frames: Bot, texted: str,
) -> None:
    reply = said(await frames.text(texted))
    assert reply.startswith("Kids' art classes are Wednesdays at 4 PM"), reply


# -- 2. Two questions in one breath ------------------------------------------------------------


@pytest.mark.parametrize("speech", [
    "do you take checks? and can you drop it off at my house, it's a big mirror",
    "what payment do you take, and could y'all bring it over to my place when it's done?",
])
async def test_payment_and_delivery_in_one_breath_are_both_answered(
    frames: Bot, speech: str,
) -> None:
    [answer] = await conversation(frames, [speech])
    assert answer == f"Cards, cash and Apple Pay. No checks. {DELIVER}"
    assert not await booked_rows(frames)


@pytest.mark.parametrize("speech", [
    "ok so do you guys print straight off a phone or do I need a USB stick? And can I email them "
    "instead?",
    "hi, can you print from my phone or do I bring them on a stick? And could I just upload them?",
])
async def test_two_questions_one_entry_answers_are_answered_by_it(
    frames: Bot, speech: str,
) -> None:
    assert await conversation(frames, [speech]) == [SEND]


@pytest.mark.parametrize("speech", [
    "hey, quick questions, what are your hours, and like how much is a passport photo?",
    "what time do you close tonight, and um how much are passport photos",
])
async def test_hours_and_a_price_in_one_breath_are_both_answered(frames: Bot, speech: str) -> None:
    [answer] = await conversation(frames, [speech])
    assert "6 PM" in answer, answer
    assert answer.endswith("A Passport photos is $15 for two and takes about 15 minutes."), answer


@pytest.mark.parametrize("speech", [
    "ok, it's for my sister, she's in Cheney. She's got a big canvas painting, do you do those?",
    "alright, my brother then, he lives in Cheney. He has an old canvas he wants stretched, can "
    "you do that?",
])
async def test_a_thing_told_then_asked_about_is_answered_beside_the_place(
    frames: Bot, speech: str,
) -> None:
    [answer] = await conversation(frames, [speech])
    assert "stretch" in answer, answer


# -- 3. Prices asked with a count --------------------------------------------------------------


@pytest.mark.parametrize(("question", "total"), [
    ("and how much is it, there's gonna be like fourteen kids", "For 14 kids, that's $280."),
    ("what's that gonna run us? probably sixteen kids", "For 16 kids, that's $310."),
    ("and how much for 8 kids?", "For 8 kids, that's $220."),
])
async def test_the_price_of_it_with_a_count_of_kids_is_the_booked_party(
    frames: Bot, question: str, total: str,
) -> None:
    # Its price as written, and the sum only because the price plainly makes one.
    answers = await conversation(frames, [
        "I'd like to book a birthday paint party Saturday the 21st at one", "yes, it's Ana Ruiz",
        question])
    assert answers[1].startswith("You're booked. Birthday paint party"), answers[1]
    assert answers[2] == ("A Birthday paint party is $220 for up to 10 kids, $15 each extra kid "
                          f"and takes about 90 minutes. {total}")


async def test_a_count_beside_a_price_per_piece_makes_no_sum(frames: Bot) -> None:
    [answer] = await conversation(frames, ["how much would thirty 4x6 prints be?"])
    assert answer == "A Photo prints is 45 cents a 4x6 print, $4 for an 8x10 and takes about 15 " \
        "minutes."


@pytest.mark.parametrize("texted", ["hw much 4 like 30 prints 4x6",
                                    "how much for 30 pics, 4x6 glossy"])
async def test_a_price_asked_with_a_count_by_text_quotes_the_price_per_piece(
    frames: Bot, texted: str,
) -> None:
    reply = said(await frames.text(texted))
    assert reply.startswith("A Photo prints is 45 cents a 4x6 print"), reply


async def test_a_texted_price_after_a_texted_question_is_no_time(frames: Bot) -> None:
    first = said(await frames.text("hi do u guys do rush framing?? need 1 for my sons "
                                   "graduation sat"))
    assert first == RUSH
    second = said(await frames.text("ok and how much 4 prints, like 30 of them 4x6"))
    assert second.startswith("A Photo prints is 45 cents a 4x6 print"), second
    assert not await booked_rows(frames)


# -- 1b. A way of working a service's own name or description tells ----------------------------


@pytest.fixture
async def cleaners(make_bot: Any) -> AsyncIterator[Bot]:
    """The dry cleaner (the blind7 profile), whose rush is a service, on a Tuesday morning."""
    async with make_bot(business_profile=SCENARIO_PROFILES / "dry-cleaner.toml",
                        clock=lambda: datetime(2026, 12, 15, 15, 0, tzinfo=UTC)) as running:
        yield running


@pytest.mark.parametrize("speech", [
    "I've got a wedding Saturday and my suit smells like a campfire, could you do it same day?",
    "the kids got paint on my good coat and I need it for a dinner Thursday night, do you do "
    "same-day?",
])
async def test_a_same_day_question_is_the_rush_service_described_not_a_visit(
    cleaners: Bot, speech: str,
) -> None:
    [answer] = await conversation(cleaners, [speech])
    assert "bring it in by 9 AM" in answer, answer
    assert not await booked_rows(cleaners)


@pytest.fixture
async def yoga(make_bot: Any) -> AsyncIterator[Bot]:
    """The yoga studio (the blind2 profile), which has a prenatal class."""
    async with make_bot(business_profile=SCENARIO_PROFILES / "yoga-studio.toml",
                        clock=lambda: datetime(2026, 11, 10, 17, 0, tzinfo=UTC)) as running:
        yield running


@pytest.mark.parametrize("speech", [
    "so I'm six months along and my back is killing me, do you have anything gentle for me?",
    "hi, I'm about thirty weeks along, is there a class that's safe for me?",
])
async def test_expecting_a_baby_in_everyday_words_is_the_prenatal_class(
    yoga: Bot, speech: str,
) -> None:
    [answer] = await conversation(yoga, [speech])
    assert "prenatal" in answer.lower(), answer  # the class, or the timetable that has it
    assert not await booked_rows(yoga)
