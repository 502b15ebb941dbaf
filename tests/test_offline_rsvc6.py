"""The offline receptionist's choice between services named alike, where a stranger's callers
(blind20) had the other one of two read back and booked:

1. the words of when ("after I get off work", "next Monday") tell no service's description from
   another's (no One-time mowing because its description says "after a rain");
2. a thing the caller says they have not got ("I don't have a plan", "without a contract")
   names no service, and a thing done "once" is the one-time service;
3. "yearly" is what a name calls "annual" (the Annual system service, not the Sprinkler repair
   visit named by the business's subject);
4. a booking whose words name two services alike ("could you do the install Thursday?") is for
   the one the caller was just told of (the Fresh sod installation priced a moment ago);
5. two services named alike whose descriptions both tell what the caller said ("the yard
   mowed": both mow a yard) are asked between, not chosen by which description says "for a
   yard"; "for the whole summer" is the season's;
6. the read-back corrected by the service not wanted and the one wanted ("no, not the
   one-time, the season plan") is read back again as the one wanted, at the same day and time;
7. a yes said with a "no" that agrees ("yes, not a problem", "sure, no worries") books it.

A lawn and sprinkler company of our own (tests/profiles/lawn-and-sprinkler.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

from tests.offline_support import PROFILES, booked_rows, business_at, conversation, named

LAWN = PROFILES / "lawn-and-sprinkler.toml"
LAWN_NOW = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)  # Wednesday 2 December, 10:00 in Boise


lawn = business_at(LAWN, LAWN_NOW, "The lawn and sprinkler company on a Wednesday morning.")


@pytest.mark.parametrize(("speech", "service"), [
    # 1. "after I get off work" is when, not the One-time mowing's "after a rain".
    ("hi, we just moved into the neighborhood and need somebody to mow for the whole summer. "
     "Could someone come look at the yard next Monday at three, after I get off work?",
     "Season mowing plan"),
    # 2. No plan had, and once.
    ("can I get the lawn mowed once, tomorrow at nine? I don't have a plan", "One-time mowing"),
    ("we're not on any plan, could somebody just mow it one time before the party",
     "One-time mowing"),
    # 3. Yearly is annual.
    ("hi, my sprinkler is due for its yearly checkup, could your man come out tomorrow about ten?",
     "Annual system service"),
])
def test_services_named_alike_are_told_apart_by_what_else_was_said(
        speech: str, service: str) -> None:
    assert named(LAWN, speech) == service


def test_told_alike_by_both_descriptions_the_two_are_asked_between() -> None:
    assert named(LAWN, "can I get the yard mowed Friday at nine?") is None
    assert named(LAWN, "we need somebody to mow the yard for the whole summer") == \
        "Season mowing plan"


async def test_the_caller_is_asked_which_of_two_told_alike(lawn: Bot) -> None:
    answers = await conversation(lawn, [
        "hey, can I get the yard mowed Friday at nine?",
        "the one-time one, we're not on a plan",
        "yes, Jo Reyes",
    ])
    assert "Season mowing plan or One-time mowing" in answers[0], answers[0]
    assert "One-time mowing" in answers[1], answers[1]
    assert await booked_rows(lawn) == [("One-time mowing", "2026-12-04T16:00")]


@pytest.mark.parametrize("speech", [
    # A plan asked for is the plan: "no" of something else denies nothing of it.
    "we'd like the season mowing plan, no rush, maybe starting next week",
    # "Once" of when, not of how often: "once I get home" asks for no one-time service.
    "could you mow every week once I get home from my trip, like a plan for the season",
])
def test_a_plan_asked_for_is_still_the_plan(speech: str) -> None:
    assert named(LAWN, speech) == "Season mowing plan"


async def test_the_install_after_its_price_is_the_one_priced(lawn: Bot) -> None:
    answers = await conversation(lawn, [
        "how much is it for new sod, our back lawn died over the summer?",
        "okay. Could you do the install Thursday at ten? The name's Ana Brandt.",
        "yes, that's right",
    ])
    assert "Fresh sod installation" in answers[0], answers[0]
    assert "Fresh sod installation" in answers[1], answers[1]
    assert await booked_rows(lawn) == [("Fresh sod installation", "2026-12-03T17:00")]


async def test_a_one_time_mow_without_a_plan_is_booked_as_one(lawn: Bot) -> None:
    answers = await conversation(lawn, [
        "hey, can I get the lawn mowed once, Friday at nine? I don't have a plan with you guys",
        "yeah go ahead, Jenna Koop",
    ])
    assert "One-time mowing" in answers[0], answers[0]
    assert await booked_rows(lawn) == [("One-time mowing", "2026-12-04T16:00")]


@pytest.mark.parametrize("correction", [
    "no, not the one-time, the season plan",
    "no no, the season mowing plan, not a one-time mow",
    "the season plan instead of the one-time mowing",
])
async def test_a_read_back_corrected_to_the_other_service_keeps_day_and_time(
        lawn: Bot, correction: str) -> None:
    answers = await conversation(lawn, [
        "hey, can I get the lawn mowed once, Friday at nine? I don't have a plan",
        correction,
        "yes, Jo Reyes",
    ])
    assert "One-time mowing" in answers[0], answers[0]
    assert "Season mowing plan" in answers[1] and "9 AM" in answers[1], answers[1]
    assert await booked_rows(lawn) == [("Season mowing plan", "2026-12-04T16:00")]


@pytest.mark.parametrize("yes", ["yes, not a problem", "sure, no worries"])
async def test_a_yes_with_a_no_that_agrees_books_it(lawn: Bot, yes: str) -> None:
    answers = await conversation(lawn, [
        "hey, can I get the lawn mowed once, Friday at nine? I don't have a plan",
        yes,
        "Jo Reyes",
    ])
    assert answers[1] == "And what name shall I put it under?", answers[1]
    assert await booked_rows(lawn) == [("One-time mowing", "2026-12-04T16:00")]
