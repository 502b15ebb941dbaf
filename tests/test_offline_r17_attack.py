"""The attack on the r16 rules, at a swim school and a plumber a helper wrote
(tests/profiles/r17-swim-school.toml, r17-plumber.toml):

1. a person's lips, face or fingertips that *are* blue or gray ("his lips are blue", "his face
   is gray and he's clammy") is a danger again (the r16 narrowing wanted "look" or "turning");
   a colour with its cause or kind after it is not ("went blue in the face yelling", "went
   purple holding his breath", "all blue at the smurf party", "purple with that new gel
   color"), nor one asked for ("can you do her fingertips blue?");
2. a need told is a booking: "I think I need a drain cleaning", "pretty sure we need a camera
   inspection" (only "do you think I need…" or "how do I know if I need…" is a question);
3. a greeting ("good morning", "morning"), a bare "2" and "what about saturday?" after a
   question begin no booking.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot
from test_offline_safety import outbox

from tests.offline_support import PROFILES, booked_rows, business_at, conversation

SWIM = PROFILES / "r17-swim-school.toml"
PLUMBER = PROFILES / "r17-plumber.toml"
TUESDAY = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)  # 9:00 in Madison, 8:00 in Denver

swim = business_at(SWIM, TUESDAY, "The swim school on a Tuesday morning.")
plumber = business_at(PLUMBER, TUESDAY, "The plumber on a Tuesday morning.")


@pytest.mark.parametrize("said", [
    "my son choked and his lips are blue",
    "his lips are blue and he's breathing weird",
    "the baby's lips are blue",
    "his face is gray and he's clammy",
    "his fingertips are blue",
    "his lips are blue again",
    "his lips turned blue after he choked",
    "his lips have been blue for ten minutes",
])
async def test_lips_or_a_face_that_are_blue_or_gray_are_a_danger(swim: Bot, said: str) -> None:
    answers = await conversation(swim, [said])
    assert "911" in answers[0], answers
    assert any("URGENT" in body for body in await outbox(swim))


@pytest.mark.parametrize("said", [
    "my son went purple holding his breath, he thinks it's funny. does he need the stroke "
    "clinic?",
    "my daughter went all blue at the smurf party, anyway do you have saturday lessons",
    "can you do her fingertips blue? I mean her hair tips blue",
])
async def test_a_colour_with_its_cause_is_no_danger(swim: Bot, said: str) -> None:
    answers = await conversation(swim, [said])
    assert "911" not in answers[0], answers
    assert not any("URGENT" in body for body in await outbox(swim))


async def test_blue_in_the_face_is_no_danger(plumber: Bot) -> None:
    answers = await conversation(plumber, [
        "my wife went blue in the face yelling at the old plumber, anyway can you come friday"])
    assert "911" not in answers[0], answers
    assert not any("URGENT" in body for body in await outbox(plumber))


@pytest.mark.parametrize(("said", "service"), [
    ("I think I need a drain cleaning", "Drain cleaning"),
    ("pretty sure we need a camera inspection", "Camera inspection"),
])
async def test_a_need_told_is_a_booking(plumber: Bot, said: str, service: str) -> None:
    answers = await conversation(plumber, [said])
    assert service in answers[0] and "didn't quite catch" not in answers[0], answers


@pytest.mark.parametrize("said", ["good morning", "morning", "good afternoon!", "2"])
async def test_a_greeting_or_a_bare_number_begins_no_booking(plumber: Bot, said: str) -> None:
    answers = await conversation(plumber, [said])
    assert "Which service" not in answers[0] and "book you in" not in answers[0], answers


async def test_what_about_a_day_after_a_question_is_no_booking(plumber: Bot) -> None:
    answers = await conversation(plumber, ["is there a trip fee?", "what about saturday?"])
    assert "book you in" not in answers[1] and "Which service" not in answers[1], answers
    assert await booked_rows(plumber) == []


@pytest.mark.parametrize("said", ["evening, around 6", "good morning, 10 am?"])
async def test_when_after_a_greeting_word_begins_a_booking(plumber: Bot, said: str) -> None:
    answers = await conversation(plumber, [said])
    assert "Which service" in answers[0] and "didn't quite catch" not in answers[0], answers
