"""The offline receptionist where a stranger's callers (blind24, a collision and auto body shop)
were booked the wrong service, sent to the emergency number or left unbooked:

1. a name spelled word by word ("Siobhan, S I O B H A N, Kowalczyk, K O W A L C Z Y K") is the
   whole name, heard badly or not.

A bike and e-scooter repair shop of our own (tests/profiles/cycle-repair.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot, call_sid

import bot
from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    name_on_record,
    said,
)

__all__ = ["cycles"]

CYCLES = PROFILES / "cycle-repair.toml"
CYCLES_NOW = datetime(2026, 11, 18, 13, 40, tzinfo=UTC)  # Wednesday 18 November, 8:40 in Columbus

cycles = business_at(CYCLES, CYCLES_NOW, "The bike repair shop on a Wednesday morning.")


@pytest.mark.parametrize("confidence", [0.45, 0.92])
def test_a_name_spelled_word_by_word_is_the_whole_name(confidence: float) -> None:
    assert bot.name_heard("yes that's fine, it's Siobhan, S I O B H A N, Kowalczyk, K O W A L C "
                          "Z Y K", confidence) == bot.HeardName("Siobhan Kowalczyk", True,
                                                                 spelled=True)


@pytest.mark.parametrize("speech", [
    "it's Siobhan, S I O B H A N",  # one word spelled: the first name alone
    "it's for Tom, T O M, and Ann, A N N",  # two people, each spelled
])
def test_one_word_spelled_is_no_name_spelled_word_by_word(speech: str) -> None:
    assert bot.name_spelled_word_by_word(speech) is None


async def test_the_name_spelled_word_by_word_is_on_record(cycles: Bot) -> None:
    sid = call_sid()
    await cycles.call(sid)
    await cycles.say(sid, "I need one of those free assessments, Tuesday the 24th at nine thirty "
                          "if you've got it")
    answer = said(await cycles.say(
        sid, "yes that's fine, it's Siobhan, S I O B H A N, Kowalczyk, K O W A L C Z Y K",
        Confidence="0.45"))
    assert answer.startswith("You're booked."), answer
    assert await name_on_record(cycles) == "Siobhan Kowalczyk"
    assert await booked_rows(cycles) == [("Free crash assessment", "2026-11-24T14:30")]
