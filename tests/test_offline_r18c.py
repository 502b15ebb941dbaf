"""The offline receptionist at a business whose callers were lost mid-booking or answered
the wrong thing by a stranger's set (blind30's car detailer), each by a rule for any business:

1. a yes said with a word of assent ("yes, that's correct", "right, correct") books what was
   read back: no service whose name shares the word ("Pitch Correction") replaces it;
2. a plain word that only one service's name has ("the full one", "the full") names that
   service, where no other is named the same but for it; a service picked by its name right
   after one was told of begins its booking, but a price asked without a question mark is
   still a price asked;
3. a booking supposed to ask what would follow ("if I book you Friday and it snows, what
   happens?") is answered from the entry on what follows, not begun;
4. a booking moved by its day ("could we push friday to 11:30 instead of 10?") is a move of the
   caller's own, not a new booking whose service a word of the reason guesses.

A piano tuner of our own (tests/profiles/piano-tuner.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

from tests.offline_support import PROFILES, booked_rows, business_at, conversation, named, said

PIANO = PROFILES / "piano-tuner.toml"
PIANO_NOW = datetime(2026, 11, 18, 14, 0, tzinfo=UTC)  # Wednesday 18 November, 9:00 in Asheville

piano = business_at(PIANO, PIANO_NOW, "The piano tuner on a Wednesday morning.")


@pytest.mark.parametrize("yes", [
    "yes, that's correct",
    "correct",
    "yep, that is correct, thanks",
    "that's all correct",
    "right, correct",
])
async def test_a_yes_of_assent_books_what_was_read_back(piano: Bot, yes: str) -> None:
    answers = await conversation(piano, [
        "hi, I'd like a standard tuning for Friday at ten. I'm Nora Vance",
        yes,
    ])
    assert "Standard Tuning" in answers[0], answers[0]
    assert "Standard Tuning" in answers[1] and "Pitch Correction" not in answers[1], answers[1]
    assert await booked_rows(piano) == [("Standard Tuning", "2026-11-20T15:00")]


async def test_the_service_named_by_its_word_still_replaces_the_read_back(piano: Bot) -> None:
    answers = await conversation(piano, [
        "hi, I'd like a standard tuning for Friday at ten. I'm Nora Vance",
        "oh actually make it the pitch correction, it hasn't been tuned in years",
    ])
    assert "Pitch Correction" in answers[1], answers[1]


@pytest.mark.parametrize(("speech", "service"), [
    ("the full one I guess", "Full Regulation"),
    ("the full one", "Full Regulation"),
    ("I'll take the full, please", "Full Regulation"),
    ("um the full one, the whole thing", "Full Regulation"),
    # Not of something else.
    ("my week is full, can you call me back", None),
    ("a full one hour would be too long", None),
])
def test_a_plain_word_only_one_name_has_names_it(speech: str, service: str | None) -> None:
    assert named(PIANO, speech) == service


@pytest.mark.parametrize("speech", [
    "so if we book you for a home visit Friday and it snows that day, what happens?",
    "say we schedule the tuning for Saturday and then it snows on the day, what happens?",
    "if I book a home visit next week and the roads are icy, am I just out the money or what?",
])
async def test_a_booking_supposed_asks_what_follows_it(piano: Bot, speech: str) -> None:
    answers = await conversation(piano, [speech])
    assert "Weather moves are always free" in answers[0], answers[0]
    assert await booked_rows(piano) == []


@pytest.mark.parametrize(("told", "chosen"), [
    ("how much is a standard tuning?", "the full one I guess, the whole thing"),
    ("how much is a standard tuning?", "the full regulation"),
    ("what's the pitch correction?", "ok the pitch correction then, it's been years"),
    ("how much is the full regulation?", "the full one"),
])
async def test_a_service_picked_by_name_after_one_is_told_is_booked(
        piano: Bot, told: str, chosen: str) -> None:
    answers = await conversation(piano, [told, chosen, "Friday at ten", "yes, Nora Vance"])
    service = "Pitch Correction" if "pitch" in chosen else "Full Regulation"
    assert f"book a {service}" in answers[1], answers[1]
    assert "What day" in answers[1], answers[1]
    assert await booked_rows(piano) == [(service, "2026-11-20T15:00")]


async def test_a_question_after_a_service_told_is_still_answered(piano: Bot) -> None:
    answers = await conversation(piano, [
        "how much is a standard tuning?",
        "is the full regulation worth it before a recital?",
    ])
    assert "What day" not in answers[1], answers[1]


@pytest.mark.parametrize("move", [
    "Hi its Nora again, could we push friday to 11:30 instead of 10? somethin came up w my kids",
    "can we bump Friday to 11:30?",
    "hey, could you move friday's tuning to 11:30",
])
async def test_a_booking_moved_by_its_day_is_moved_not_booked_again(
        piano: Bot, move: str) -> None:
    await conversation(piano, [
        "hi, I'd like a standard tuning for Friday at ten. I'm Nora Vance", "yes"])
    reply = said(await piano.text(move))
    assert "move your Standard Tuning on Friday the 20th of November at 10 AM to Friday the " \
        "20th of November at 11:30 AM, reply with the code" in reply, reply
    assert await booked_rows(piano) == [("Standard Tuning", "2026-11-20T15:00")]


@pytest.mark.parametrize("asked", [
    "ok and if it needs the pitch correction whats that cost, ballpark",
    "and the pitch correction how much",
])
async def test_a_price_asked_without_a_question_mark_is_answered(piano: Bot, asked: str) -> None:
    answers = await conversation(piano, ["how much is a standard tuning?", asked])
    assert "$210" in answers[1] and "What day" not in answers[1], answers[1]
