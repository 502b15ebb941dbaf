"""A day or a time told with nothing else is when the caller wants to come, wherever it falls
in a call: at a jump gym of our own (tests/profiles/jump-gym.toml), strangers' callers (blind29)
said "tomorrow morning if you have it" after an answer of the FAQ and heard "Sorry, I didn't
quite catch that", and "do you have anything tomorrow morning" got the lost and found's
"anything left behind". Each is a booking begun (its service asked); nothing is made without a
read-back and a yes. A day gone by ("I called yesterday") is not.
"""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import Bot

from tests.offline_support import PROFILES, booked_rows, business_at, conversation

GYM = PROFILES / "jump-gym.toml"
GYM_NOW = datetime(2026, 11, 17, 16, 0, tzinfo=UTC)  # Tuesday 17 November, 10:00 in Omaha

gym = business_at(GYM, GYM_NOW, "The jump gym on a Tuesday morning.")

MENU = "didn't quite catch"
SERVICES = "Open bounce, Little hoppers hour, Party room package or Glow night"


async def test_a_day_told_after_an_answer_begins_a_booking(gym: Bot) -> None:
    answers = await conversation(gym, [
        "how old do kids have to be?",
        "tomorrow morning if you have it",
        "ten thirty",
        "the little hoppers hour",
        "yes please, it's Megan Doyle",
    ])
    assert "ages 6 and up" in answers[0]
    assert MENU not in answers[1] and "Wednesday the 18th" in answers[1], answers[1]
    assert "10:30" in answers[2] and SERVICES in answers[2], answers[2]
    assert "Little hoppers hour" in answers[3] and "10:30" in answers[3], answers[3]
    assert await booked_rows(gym) == [("Little hoppers hour", "2026-11-18T16:30")]


async def test_a_day_or_time_first_thing_begins_a_booking(gym: Bot) -> None:
    for said in ("tomorrow morning if you have it", "do you have anything tomorrow morning?",
                 "thursday works best"):
        answers = await conversation(gym, [said])
        assert MENU not in answers[0] and "anything left behind" not in answers[0], (said, answers)
        assert SERVICES in answers[0], (said, answers)
    assert await booked_rows(gym) == []


async def test_a_day_gone_by_begins_no_booking(gym: Bot) -> None:
    for said in ("I called yesterday", "yesterday at 3"):
        answers = await conversation(gym, [said])
        assert SERVICES not in answers[0], (said, answers)


async def test_what_time_they_close_on_a_day_is_the_hours_not_a_booking(gym: Bot) -> None:
    """ "what time do yall close friday" (texted, no question mark) was offered Friday's times
    to book at a stranger's trampoline park (blind29), where "what time do you close friday"
    was answered: however "you" is said, the hours. (Here a guard: this gym answered both.)"""
    for said in ("what time do yall close friday", "what time do you guys close friday",
                 "what time do y'all open saturday"):
        answers = await conversation(gym, [said])
        assert "we're open" in answers[0] and "Which" not in answers[0], (said, answers)
