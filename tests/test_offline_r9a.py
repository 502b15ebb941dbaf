"""The offline receptionist where a stranger's callers (blind22) had the other of two services
named alike but for a word that says little alone read back, booked and priced, a question the
profile never answers priced, and a weekday's closing asked answered by an FAQ entry:

1. a service the caller names by that word ("for the basic tune-up") is the one named, though
   the other's description tells more of the trouble told; "the basic one" chooses it when
   the two were asked between;
2. both named in one price question ("your basic tune-up and the full one") are both priced;
3. the caller's own goods, got elsewhere ("I bought my own wax online, do you charge to put it
   on?"), of which the profile says nothing, are the owner's question, not a service's price;
   a service for such goods of the kind asked of ("for bindings you bought elsewhere") is
   priced, not the one that sells and fits them; where only an FAQ entry speaks of a
   customer's own goods, that entry answers;
4. "after hours" in an FAQ's question is when we are closed, not our hours asked: a text
   asking when we close Wednesday ("wat time do u close wed?") gets Wednesday's closing; nor
   does an entry on the holidays answer the hours of a weekday it never speaks of.

A ski tuning shop of our own (tests/profiles/ski-tune.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import Bot

from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    named,
    questions_noted,
    said,
)

SKI = PROFILES / "ski-tune.toml"
SKI_NOW = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)  # Tuesday 1 December, 10:00 in Bozeman


ski = business_at(SKI, SKI_NOW, "The ski tuning shop on a Tuesday morning.")


@pytest.mark.parametrize(("speech", "service"), [
    # The Full tune-up's description tells dull edges and scratches; the caller named the basic.
    ("my edges are kinda dull and the base is scratched up, could I drop them off tomorrow "
     "around ten for the basic tune-up?", "Basic tune-up"),
    ("the full tune up please, they feel slow", "Full tune-up"),
    ("can I get the basic one tomorrow?", "Basic tune-up"),
])
def test_a_name_told_apart_by_a_plain_word_is_the_one_said(speech: str, service: str) -> None:
    assert named(SKI, speech) == service


@pytest.mark.parametrize("speech", [
    # Neither said, or both: asked, not guessed from a description.
    "can I get a tune-up tomorrow at ten?",
    "not sure if I want the basic tune-up or the full one, can I come tomorrow?",
    # "Full" of something else names no Full tune-up.
    "my week is full, could I get a tune-up on Saturday?",
])
def test_a_plain_word_not_said_of_the_name_names_neither(speech: str) -> None:
    assert named(SKI, speech) is None


async def test_the_basic_tune_up_named_beside_the_trouble_is_booked(ski: Bot) -> None:
    answers = await conversation(ski, [
        "hey, my edges are kinda dull and the base is scratched up, could I drop them off "
        "tomorrow around ten for the basic tune-up?",
        "yep, Sam Torvik",
    ])
    assert "Basic tune-up" in answers[0] and "10 AM" in answers[0], answers[0]
    assert await booked_rows(ski) == [("Basic tune-up", "2026-12-02T17:00")]


async def test_the_basic_one_chooses_between_the_two_asked(ski: Bot) -> None:
    answers = await conversation(ski, [
        "can I get a tune-up tomorrow at ten?",
        "the basic one",
        "yes, Sam Torvik",
    ])
    assert "Basic tune-up or Full tune-up" in answers[0], answers[0]
    assert "Basic tune-up" in answers[1] and "Full" not in answers[1], answers[1]
    assert await booked_rows(ski) == [("Basic tune-up", "2026-12-02T17:00")]


async def test_both_named_in_one_price_question_are_both_priced(ski: Bot) -> None:
    answers = await conversation(ski, [
        "what's the difference between your basic tune-up and the full one, like money-wise?"])
    assert "$45" in answers[0] and "$85" in answers[0], answers[0]


async def test_own_goods_the_profile_never_speaks_of_go_to_the_owner(ski: Bot) -> None:
    question = "if I bought my own wax online, do you charge extra to put it on, or is that " \
        "just part of the tune-up?"
    answers = await conversation(ski, [question])
    assert "not sure" in answers[0] and "Hank" in answers[0], answers[0]
    assert "$" not in answers[0], answers[0]
    assert await questions_noted(ski) == [question]


async def test_own_goods_of_a_kind_a_service_is_for_get_its_price(ski: Bot) -> None:
    answers = await conversation(ski, [
        "I ordered new bindings off Evo last week, what do you charge to put them on?"])
    assert "Mount only is $40" in answers[0] and "$180" not in answers[0], answers[0]


async def test_own_goods_an_faq_speaks_of_are_its_answer(make_bot: Any, tmp_path: Path) -> None:
    profile = tmp_path / "ski-tune.toml"
    profile.write_text(SKI.read_text() + '''
[[faq]]
question = "Can I bring my own wax?"
answer = "Sure, bring it along and we'll use it; the tune costs the same."
''')
    async with make_bot(business_profile=profile, clock=lambda: SKI_NOW) as running:
        answers = await conversation(running, [
            "I ordered some fancy fluoro wax off Amazon, could you put it on with the full "
            "tune-up?"])
    assert "bring it along" in answers[0], answers[0]


async def test_wednesday_closing_asked_in_a_text_with_typos(ski: Bot) -> None:
    reply = said(await ski.text("wat time do u close wed? need to grab my skis"))
    assert "2 PM" in reply and "rush" not in reply, reply


async def test_a_rush_tune_after_hours_is_still_the_faq(ski: Bot) -> None:
    answers = await conversation(ski, ["can you do a rush tune after hours?"])
    assert "$20 more" in answers[0], answers[0]


@pytest.mark.parametrize(("speech", "answer"), [
    ("are you guys open sunday?", "9 AM to 3 PM"),
    ("are you open over the holidays?", "closed Christmas Day"),
    ("are you open sunday, the holiday week?", "closed Christmas Day"),
])
async def test_the_holidays_entry_answers_no_weekday_it_never_names(
        ski: Bot, speech: str, answer: str) -> None:
    answers = await conversation(ski, [speech])
    assert answer in answers[0], answers[0]
