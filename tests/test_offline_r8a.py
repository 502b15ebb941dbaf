"""The offline receptionist on blind21's chimney sweep classes (issue 18), shown on a business
nobody tuned it for: a roof care company (tests/profiles/roof-care.toml) whose subject, "roof",
most services' names share.

Booked wrong: a look named by a word of its own ("one of those drone inspections of the roof") was
the plain inspection, which the subject word made the whole name of and which a look asked for
("…says we need", "come look at it") put over what was named; and an estimate whose visit looks
at the trouble told ("the fascia's rotting… can your carpenter come look at it") was the
inspection too. A time corrected after a comma ("…Monday at nine, oh wait no, I've got a
dentist appointment, can you make it one thirty instead") was a question of its own, answered
apart while the booking kept the nine. And a caller getting ready for a visit already booked,
worried about a mess, was an emergency when their question used two words of the policy.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import PROFILES, booked_rows, business_at, conversation, receptionist

ROOF = PROFILES / "roof-care.toml"
ROOF_NOW = datetime(2026, 11, 17, 14, 40, tzinfo=UTC)  # Tuesday 17 November, 8:40 in Duluth


roof = business_at(ROOF, ROOF_NOW, "The roof care company on a Tuesday morning.")


@pytest.mark.parametrize(("speech", "read_back"), [
    # A look named by its own word, the subject said beside it: that look, not the plain one.
    ("hi, we're selling our house and the buyer's inspector says we need one of those drone "
     "inspections of the roof. Can you do this Friday at nine?",
     "That's a Drone survey inspection on Friday the 20th of November at 9 AM."),
    # An estimate whose visit looks at the trouble told: the estimate, not the inspection.
    ("the fascia boards are rotting all along the edge of our roof, can your carpenter come "
     "look at it tomorrow afternoon, say two thirty?",
     "That's a Carpentry repair estimate tomorrow, Wednesday the 18th of November at 2:30 PM."),
    # The plain inspection named is still the plain one.
    ("could you do a roof inspection Friday at nine?",
     "That's a Roof inspection on Friday the 20th of November at 9 AM."),
])
async def test_the_look_named_is_the_one_booked(roof: Bot, speech: str, read_back: str) -> None:
    [reply] = await conversation(roof, [speech])
    assert reply == f"{read_back} Shall I book it, and what name shall I put it under?"


async def test_a_time_corrected_after_a_comma_is_the_one_booked(roof: Bot) -> None:
    replies = await conversation(roof, [
        "I need the roof cleaned, next Monday at nine, oh wait no, I've got a dentist "
        "appointment Monday morning, can you make it one thirty in the afternoon instead",
        "yes, that's it. Dana Whitfield"])
    assert replies[0] == ("That's a Roof cleaning on Monday the 23rd of November at 1:30 PM. "
                          "Shall I book it, and what name shall I put it under?")
    assert await booked_rows(roof) == [("Roof cleaning", "2026-11-23T19:30")]


@pytest.mark.parametrize(("speech", "urgent"), [
    # Getting ready for a visit booked, worried about a mess: no emergency.
    ("we've got a roof cleaning coming this week, do I need to move the cars out of the "
     "driveway? honestly I'm worried about the moss and gunk all over my new patio", False),
    ("I have the inspection scheduled for Friday, should I move the car out of the driveway? "
     "I'm nervous about the guys tracking dirt in", False),
    # The policy's own danger, told beside a visit booked: still one.
    ("we've got a roof cleaning booked for Friday but a tree just fell on the roof and water "
     "is pouring through the ceiling", True),
])
def test_getting_ready_for_a_visit_booked_is_no_emergency(speech: str, urgent: bool) -> None:
    assert receptionist(ROOF).hears_emergency(bot.Heard.of(speech)) is urgent
