"""What strangers' callers at three businesses (blind32's held-out half, read once it had been
scored twice as written: an orchard, a ski shop, a swim school) showed about asking in
general: a service chosen between two by what the caller told of it (a child's age, the day
asked, the words of its description), a verb's particle or a head count taken for a second
service, the difference between two services asked, a count of words taken for a time, and a
month taken for a name.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import SCENARIO_PROFILES, business_at, conversation, said

ORCHARD = SCENARIO_PROFILES / "orchard.toml"
SKI = SCENARIO_PROFILES / "ski-rental.toml"

orchard = business_at(ORCHARD, datetime(2026, 11, 12, 14, 40, tzinfo=UTC),
                      "The orchard on a Thursday morning.")
ski = business_at(SKI, datetime(2026, 11, 18, 17, 10, tzinfo=UTC),
                  "The ski shop on a Wednesday morning.")


@pytest.mark.parametrize(("speech", "read_back"), [
    # The day asked rules out the one whose description says when it runs.
    ("hi, can I get corn maze tickets for Sunday at two, it's me and my three nephews, oh "
     "wait, no, shoot, they've got soccer till one thirty, make it three instead",
     "That's a Corn maze admission on Sunday the 15th of November at 3 PM."),
    # What the caller tells of it is one description's, not the other's one word ("cider").
    ("yes, hello, I run the activities at Gettysburg Senior Living and I have about fourteen "
     "residents who'd love a walk through the orchard with the grower and a cider tasting, a "
     "week from Wednesday, so that's the twenty-fifth, around ten thirty in the morning?",
     "That's an Adult group orchard tour on Wednesday the 25th of November at 10:30 AM."),
])
async def test_a_service_is_chosen_by_what_its_description_rules_in(
        orchard: Bot, speech: str, read_back: str) -> None:
    answers = await conversation(orchard, [speech])
    assert answers[0].startswith(read_back), answers[0]


@pytest.mark.parametrize(("speech", "read_back"), [
    ("Hi! Um, so I want to get my daughter set up with the kids' season rental package, she's "
     "seven, could we come in Saturday at nine?",
     "That's a Junior season lease on Saturday the 21st of November at 9 AM."),
    ("Hi, my son's fourteen and he's finally into snowboarding, so I want to get him a season "
     "rental. Could we come by Monday the 23rd after school, say four?",
     "That's an Adult season lease on Monday the 23rd of November at 4 PM."),
])
async def test_a_childs_age_and_the_words_told_choose_the_season_lease(
        ski: Bot, speech: str, read_back: str) -> None:
    answers = await conversation(ski, [speech])
    assert answers[0].startswith(read_back), answers[0]


async def test_a_day_that_fits_both_still_asks(orchard: Bot) -> None:
    answers = await conversation(orchard, ["can I get corn maze tickets for Friday at seven"])
    assert "Corn maze admission or Flashlight corn maze" in answers[0], answers[0]


@pytest.mark.parametrize("speech", [
    "Hi there, I'd like to pre-order three dozen cider donuts for our office, to pick up Friday "
    "the twentieth at eleven.",
    "can I reserve apple picking for Friday the twentieth at 11am? 2 adults 2 kids",
])
async def test_a_particle_or_a_head_count_names_no_second_service(
        orchard: Bot, speech: str) -> None:
    answers = await conversation(orchard, [speech])
    assert answers[0].startswith("That's a"), answers[0]
    assert "one at a time" not in answers[0], answers[0]


async def test_two_services_asked_apart_are_still_asked_one_at_a_time(orchard: Bot) -> None:
    answers = await conversation(orchard, [
        "can we pick apples and then do the hayride Saturday at ten"])
    assert "Pick-your-own apples" in answers[0] and "Wagon hayride" in answers[0], answers[0]


async def test_the_difference_between_two_services_tells_what_each_is(ski: Bot) -> None:
    answers = await conversation(ski, [
        "okay and, uh, what's the difference between the wax and edge thing and the full tune? "
        "my board's kind of beat up from last year"])
    assert "hot wax and side edges sharpened" in answers[0], answers[0]
    assert "P-tex" in answers[0] and "$90" in answers[0], answers[0]


@pytest.mark.parametrize("speech", [
    "The name is Bartholomew Van der Hoek, Van der Hoek is three words, H O E K at the end",
    "it's two words, Mary Ellen",
    "there are four letters in it",
])
def test_a_count_of_words_or_letters_is_no_time(speech: str) -> None:
    assert bot.exact_time(speech) is None, speech


async def test_a_month_is_no_texters_name(orchard: Bot) -> None:
    await orchard.text("wat time u guys close tmrw? tryin to come after wrok")
    answer = said(await orchard.text(
        "ok cool. r there even apples left on the treees this late?? its november lol"))
    assert "November." not in answer.split("In mid-November")[0], answer
    assert "Thanks, November" not in answer, answer
