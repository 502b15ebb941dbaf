"""The offline receptionist and a service named by its own word, where a stranger's callers
(blind29's sprinkler contractor) were asked which service they meant, and a booking texted
in pieces:

1. a word of the business's own name that one service's name also has ("Sprinkler" at Cedar
   Creek Sprinkler, in the Sprinkler repair visit) names no service when another is named by
   a word of its own name ("my sprinklers… it's the blowout");
2. a compound the profile writes with a hyphen ("blow-out") is the same said or typed as one
   word ("blowout"), whose parts are words of their own; not "co-op" nor "re-cover";
3. a season said as a time ("next spring", "this fall") names no service of the season;
4. urgency denied as "not a huge deal" is urgency denied, as "not a big deal" is;
5. a booking texted a piece at a time (a service, then a day, then a time, then a yes and
   a name) keeps what each piece told.

A sprinkler contractor of our own (tests/profiles/r15-lawn-sprinkler.toml).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import PROFILES, booked_rows, business_at, named, receptionist, said

LAWN = PROFILES / "r15-lawn-sprinkler.toml"
LAWN_NOW = datetime(2026, 11, 9, 15, 40, tzinfo=UTC)  # Monday 9 November, 8:40 in Fort Collins

lawn = business_at(LAWN, LAWN_NOW, "The sprinkler contractor on a Monday morning.")

__all__ = ["lawn"]


@pytest.mark.parametrize(("speech", "service"), [
    ("I need my sprinklers done before this cold snap, it's the blow-out", "Fall blow-out"),
    ("my sprinklers need the blow-out", "Fall blow-out"),
    ("sprinkler blow-out please", "Fall blow-out"),
    ("my sprinkler head is cracked", "Sprinkler repair visit"),
    ("I need a sprinkler repair", "Sprinkler repair visit"),
    # A season said as a time names no service of that season.
    ("this fall one of my sprinkler heads cracked, can you fix it", "Sprinkler repair visit"),
])
def test_a_word_of_the_business_name_does_not_outname_a_services_own_word(
        speech: str, service: str) -> None:
    assert named(LAWN, speech) == service


@pytest.mark.parametrize(("word", "joined"), [
    ("blow-out", True), ("start-up", True), ("co-op", False), ("re-cover", False)])
def test_a_compound_of_words_reads_the_same_joined(word: str, joined: bool) -> None:
    assert bot.OfflineReceptionist.compound_of_words(word) is joined


@pytest.mark.parametrize(("speech", "heard"), [
    ("how much for a blowout", "how much for a blow-out"),
    ("a Blowout please", "a Blow-out please"),
])
def test_a_compound_said_as_one_word_is_heard_as_written(speech: str, heard: str) -> None:
    assert receptionist(LAWN).hyphens_restored(speech).lower() == heard.lower()


async def test_a_booking_texted_in_pieces_keeps_each_piece(lawn: Bot) -> None:
    replies = [said(await lawn.text(line)) for line in [
        "hi my water co sent a letter saying my backflow test is due, can u do it?",
        "thursday works best",
        "2pm",
        "yes thats good. Priya Raman",
    ]]
    assert "Thursday" in replies[1] or "12" in replies[1], replies
    assert "2" in replies[2], replies
    # (2 PM in Fort Collins, stored in UTC.)
    assert await booked_rows(lawn) == [("Backflow test", "2026-11-12T21:00")], replies



@pytest.mark.parametrize("speech", ["hi, not a huge deal I don't think, there's a little drip",
                                    "it's no major deal"])
def test_a_huge_deal_denied_is_no_urgency(speech: str) -> None:
    assert bot.NOT_URGENT.search(speech)



def test_a_compound_the_profile_also_writes_joined_is_left_as_said() -> None:
    lawn_profile = bot.load_profile(LAWN)
    profile = dataclasses.replace(lawn_profile, faq=(*lawn_profile.faq, bot.Faq(
        question="Can I get a makeup visit?", answer="Yes, a make-up visit is free.")))
    joined = bot.OfflineReceptionist(profile, None).joined_words  # type: ignore[arg-type]
    assert ("blowout" in joined, "makeup" in joined) == (True, False)
