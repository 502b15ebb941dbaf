"""The offline receptionist at a walk-in clinic, where a stranger's callers (blind28) with a
cough and a test to book were told to call 911:

1. a sign the caller says is absent or fine ("no fever", "my breathing's fine") tells no
   emergency, at any business; a danger told beside a denial ("no fever but I can't breathe")
   still does;
2. a service booked by name, no emergency service by its own words (only by naming one: "book an
   Urgent care visit instead"), tells what it is for by its description's words, not a danger.

A walk-in clinic of our own (tests/profiles/prairie-clinic.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import PROFILES, business_at, conversation, receptionist

CLINIC = PROFILES / "prairie-clinic.toml"
CLINIC_NOW = datetime(2026, 11, 17, 17, 0, tzinfo=UTC)  # Tuesday 17 November, 10:00 in Bozeman

clinic = business_at(CLINIC, CLINIC_NOW, "The walk-in clinic on a Tuesday morning.")


def hears_emergency(speech: str) -> bool:
    """Whether the clinic's receptionist hears an emergency in a caller's words."""
    return receptionist(CLINIC).hears_emergency(bot.Heard.of(speech))


def test_a_service_that_names_the_urgent_one_is_not_urgent() -> None:
    assert [s.name for s in receptionist(CLINIC).urgent_in_own_words] == ["Urgent care visit"]


@pytest.mark.parametrize("speech", [
    "I've had this chest cold for a week, coughing a lot, no fever and my breathing's fine, "
    "but work wants a negative flu test. Can I get the strep and flu swab tomorrow at four "
    "fifteen?",
    "my chest is congested and I'm coughing, no fever, breathing is okay, can I come in "
    "tomorrow at nine?",
])
def test_signs_said_absent_or_fine_tell_no_emergency(speech: str) -> None:
    assert not hears_emergency(speech)


@pytest.mark.parametrize("speech", [
    "no fever but I can't breathe, can I come in tomorrow at four?",
    "no fever, but I have chest pain and my arm feels weak",
    "her breathing's fine but the bleeding won't stop",
    "I'm having trouble breathing and chest pain, no fever",
])
def test_a_danger_told_beside_a_denial_is_still_an_emergency(speech: str) -> None:
    assert hears_emergency(speech)


async def test_a_cough_and_a_test_booked_hears_the_time_not_911(clinic: Bot) -> None:
    replies = await conversation(clinic, [
        "Hey so I've had this chest cold for like a week, all congested, coughing up junk, no "
        "fever and my breathing's fine, but work wants a negative flu test before I come back. "
        "Can I get the strep and flu swab tomorrow at four fifteen? Greg Halvorsen."])
    assert "911" not in replies[0]
    assert "4:15" in replies[0]
