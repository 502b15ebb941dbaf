"""The offline receptionist and the time a teen texts (blind19): their own age said after the
time they ask for ("thurs after school like 4ish? its for me im 15") is no 3 PM, and "after
school like 4ish" asks for 4, not for any time after 4.

On a music school (tests/profiles/music-lessons.toml, open to 8 PM on weekdays) on a Monday
morning.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

from tests.offline_support import PROFILES, booked_rows, business_at, conversation

MUSIC = PROFILES / "music-lessons.toml"
MUSIC_NOW = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)  # Monday 7 December, 10:00 in Madison


music = business_at(MUSIC, MUSIC_NOW, "The music school on a Monday morning.")


@pytest.mark.parametrize("text", [
    "can i come in for a guitar lesson weds after school like 5ish",
    "hey can i come in for a guitar lesson weds after school like 5ish? its for me im 14",
    "can I book a guitar lesson Wednesday at 5? I'm 12 and my mom said it's ok",
    "guitar lesson wednesday 5pm pls, i am 16",
])
async def test_the_callers_own_age_is_no_time(music: Bot, text: str) -> None:
    answers = await conversation(music, [text, "ya thats good. jayden brooks"])
    assert answers[0] == ("That's a Guitar lesson on Wednesday the 9th of December at 5 PM. "
                          "Shall I book it, and what name shall I put it under?")
    assert await booked_rows(music) == [("Guitar lesson", "2026-12-09T23:00")]  # 5 PM in Madison
