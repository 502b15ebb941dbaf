"""The offline receptionist where a stranger's callers (blind22) had the other of two services
named alike but for a word that says little alone read back, booked and priced:

1. a service the caller names by that word ("for the basic tune-up") is the one named, though
   the other's description tells more of the trouble told; "the basic one" chooses it when
   the two were asked between;
2. both named in one price question ("your basic tune-up and the full one") are both priced.

A ski tuning shop of our own (tests/profiles/ski-tune.toml).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import Bot

from tests.offline_support import (
    PROFILES,
    booked_rows,
    conversation,
    named,
)

SKI = PROFILES / "ski-tune.toml"
SKI_NOW = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)  # Tuesday 1 December, 10:00 in Bozeman


@pytest.fixture
async def ski(make_bot: Any) -> AsyncIterator[Bot]:
    """The ski tuning shop on a Tuesday morning."""
    async with make_bot(business_profile=SKI, clock=lambda: SKI_NOW) as running:
        yield running


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

