"""The offline receptionist's answers to questions no entry answers in so many words, and to
questions texted without their mark (issue 18, the strangers' sets): "are you insured?" is
not the entry on what our mower breaks, which only implies it; "how much coverage do you
carry?" asks no price; "who fixes that" after what broke is that entry, not the towns one
an address names.

A lawn mowing company (tests/profiles/lawn-care.toml), on a Tuesday morning.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import PROFILES, booked_rows, business_at, conversation, said

LAWN = PROFILES / "lawn-care.toml"
LAWN_NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # Tuesday 1 December, 9:00 in Dover

SPRINKLER = ("We do. If our mower breaks a sprinkler head, we replace it within a week at no "
             "charge. Call or text the office with your address.")
ASK = "I'm not sure, I'll ask Rosa to get back to you."


lawn = business_at(LAWN, LAWN_NOW, "The mowing company on a Tuesday morning.")


@pytest.mark.parametrize(("speech", "answer"), [
    # Insurance asked in so many words: no entry says it, so it is the owner's to answer.
    ("If somebody trips on our lawn because of your crew, are you guys insured for that? How "
     "much coverage do you carry?", ASK),
    ("are you insured?", ASK),
    # The entry's own everyday words still find it.
    ("your guy broke my sprinkler, who pays for that?", SPRINKLER),
    # A question texted without its mark, about what was just told, beside an address.
    ("ur mower guy broke my sprinkler head this morning lol. who fixes that. 12 Elm st Camden",
     SPRINKLER),
])
async def test_what_no_entry_says_goes_to_the_owner(lawn: Bot, speech: str, answer: str) -> None:
    assert await conversation(lawn, [speech]) == [answer]
    assert not await booked_rows(lawn)


PET_SAFE = ("Our regular fertilizer is granular. For pets, ask for our pet-safe organic blend, "
            "$5 more a visit.")


@pytest.mark.parametrize("text", [
    "we have a lot of dogs here, do u have the pet friendly stuff",
    "do you have anything kid-friendly",
])
async def test_something_friendly_is_what_is_safe_for_it(lawn: Bot, text: str) -> None:
    """"Pet friendly" is what suits pets, which the entry on pets answers: no new thing."""
    assert said(await lawn.text(text)) == PET_SAFE


async def test_something_passed_along_is_a_message(lawn: Bot) -> None:
    """"Can you pass something along to Rosa?" asks for a message, which the next turn is."""
    replies = await conversation(lawn, [
        "hi, can you pass something along to Rosa?",
        "yeah this is Tom on Elm Street, tell the crew there's a new sprinkler head by the "
        "mailbox so don't drive over it. My number's 302 555 0113"])
    assert replies == [
        "Of course. What message would you like me to pass on to Rosa? Please include your "
        "name.",
        "Thank you, I've passed that on to Rosa. And did I get your name right: Tom?"]
    rows = await lawn.crm.rows("SELECT kind, body FROM notes WHERE kind = 'message'")
    assert [r["body"] for r in rows] == [
        "yeah this is Tom on Elm Street, tell the crew there's a new sprinkler head "
        "by the mailbox so don't drive over it. My number's 302 555 0113"]


@pytest.mark.parametrize(("speech", "answer"), [
    # The price of a service, asked by a word of its name, is its price, not an entry that
    # asks "how much" of something else and gives no price.
    ("how much do you guys charge to mow the lawn every week?",
     "A Weekly mowing is from $40 a cut and takes about 60 minutes."),
    ("how much rain before you skip a mowing?",
     "Weekly customers get their lawn mowed every week unless we've had more than an inch "
     "overnight; then we skip it and come back the next dry day."),
])
async def test_a_price_asked_by_a_services_name_is_its_price(
    lawn: Bot, speech: str, answer: str,
) -> None:
    assert (await conversation(lawn, [speech]))[0].startswith(answer)


async def test_a_town_told_in_passing_is_not_the_question(lawn: Bot) -> None:
    """A town the towns entry lists, told as where the caller works, beside a question another
    entry answers, and "what does it run?" of the service that question spoke of."""
    replies = await conversation(lawn, [
        "Hi, this is Pat Moreno, I manage the Dover Senior Center. After the storm there are "
        "leaves all over the beds and the board wants a leaf cleanup. How fast can you get a "
        "crew out, and what does it run?"])
    assert replies == [
        "Usually within 3 days of the call, sooner if we are working nearby. Rosa works "
        "directly with property managers. A Leaf cleanup is from $150 and takes about 120 "
        "minutes."]


def test_a_couples_signature_is_their_name() -> None:
    """"-Jim & Carol Becker" at the end of a text signs it with both their names."""
    assert bot.name_heard("can u mow friday? we both work days. -Jim & Carol Becker") == \
        bot.HeardName("Jim & Carol Becker", True)


async def test_a_text_signed_by_a_couple_books_on_yes(lawn: Bot) -> None:
    """Their name signed, "yes perfect" to the read-back books it."""
    await lawn.text("Can u do a leaf cleanup on thursday at 10? -Jim & Carol Becker")
    assert said(await lawn.text("yes perfect")).startswith("You're booked.")
    assert await booked_rows(lawn) == [("Leaf cleanup", "2026-12-03T15:00")]  # 10 AM in Dover


async def test_a_question_of_the_name_just_told_is_its_entry(lawn: Bot) -> None:
    """"My kids just bought a house in Magnolia, do you guys cover that?" asks about the town
    just told, which the towns entry answers, not the entry on kids and pets."""
    assert await conversation(lawn, ["hi, my kids just bought a house in Magnolia, do you "
                                     "guys cover that?"]) == [
        "Dover, Camden, Wyoming and Magnolia. Outside those, Rosa will tell you if she can fit "
        "you in."]
